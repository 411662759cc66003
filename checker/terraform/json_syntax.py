"""Terraform's JSON configuration syntax (`*.tf.json`, `*.tfvars.json`) read into the same syntax tree
(checker.hcl.ast) that the native parser builds, with line numbers from the JSON text.

The mapping follows Terraform's "JSON Configuration Syntax" page:
- the root object's properties are top-level block types; each label is one level of nested object
  (`{"resource": {"aws_s3_bucket": {"site": {...}}}}`), and a body or a label level may be an array of
  objects (several blocks);
- a `"//"` property of a body is a comment (kept, so `notescheck:skip=` works there too);
- strings are string templates (`"${var.x}"`, `"%{ if ... }"`); a template that is one interpolation
  yields that expression's value. In `.tfvars.json` strings are literal, as Terraform reads them;
- `type` of a variable, `provider`, `depends_on` and the `providers` map are expressions written as
  strings (`"list(string)"`, `"aws.us_east_1"`), which the resolver reads as text.

Which properties of a resource or provider body are nested blocks rather than object-valued arguments
depends on the provider's schema, which notescheck does not have. It reads an object (or an array of
objects) as nested block(s) when its keys are all lower_snake_case names and the property is not a known
map-typed argument (MAP_ARGUMENTS: tags, variables, ...); see the README's "Readings of the spec".
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from bisect import bisect_right
from dataclasses import replace
from typing import Any

from checker.hcl.ast import (
    EMPTY_BODY,
    Attribute,
    Block,
    Body,
    Expr,
    HclFile,
    Literal,
    ObjectExpr,
    TemplateExpr,
    TupleExpr,
)
from checker.model import Diagnostic

TOP_LEVEL_LABELS = {
    "resource": 2,
    "data": 2,
    "ephemeral": 2,
    "variable": 1,
    "output": 1,
    "module": 1,
    "provider": 1,
    "check": 1,
    "locals": 0,
    "terraform": 0,
    "moved": 0,
    "import": 0,
    "removed": 0,
}
# Nested blocks whose place Terraform itself defines (not a provider schema), with their label counts.
LANGUAGE_BLOCKS = {
    "resource": {"lifecycle": 0, "provisioner": 1, "connection": 0, "dynamic": 1},
    "data": {"lifecycle": 0, "dynamic": 1},
    "ephemeral": {"lifecycle": 0, "dynamic": 1},
    "variable": {"validation": 0},
    "output": {"precondition": 0},
    "module": {},
    "terraform": {"required_providers": 0, "backend": 1, "cloud": 0, "provider_meta": 1},
    "check": {"data": 2, "assert": 0},
    "lifecycle": {"precondition": 0, "postcondition": 0},
    "provisioner": {"connection": 0},
    "dynamic": {"content": 0},
    "import": {},
    "moved": {},
    "removed": {"lifecycle": 0},
    "locals": {},
    "provider": {"dynamic": 1},
    "content": {"dynamic": 1},
}
# Bodies whose arguments are all arguments (no provider schema decides): every other property is one.
SCHEMA_FREE = frozenset(
    {"variable", "output", "module", "terraform", "locals", "check", "import", "moved", "removed", "lifecycle"}
    | {"provisioner", "connection", "dynamic", "validation", "precondition", "postcondition", "backend", "cloud"}
    | {"required_providers", "provider_meta", "assert"}
)
MAP_ARGUMENTS = frozenset(
    {
        "tags",
        "tags_all",
        "default_tags_all",
        "variables",
        "environment_variables",
        "input",
        "triggers",
        "triggers_replace",
        "parameters",
        "request_parameters",
        "request_templates",
        "response_parameters",
        "response_templates",
        "stage_variables",
        "labels",
        "metadata",
        "attributes",
        "values",
    }
)
EXPRESSION_STRINGS = ("provider", "depends_on", "providers", "ignore_changes", "replace_triggered_by")
_BLOCK_KEY = re.compile(r"[a-z][a-z0-9_]*")


class _Pairs(list):
    """A JSON object, as its (key, value) pairs in order (a key may repeat: several blocks)."""


class _Located:
    """A JSON value and where it starts and ends in the text."""

    __slots__ = ("end", "start", "value")

    def __init__(self, value: Any, start: int, end: int) -> None:
        self.value, self.start, self.end = value, start, end


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_WHITESPACE = re.compile(r"[ \t\n\r]*", re.VERBOSE | re.MULTILINE | re.DOTALL)  # json.decoder's, not in its stubs


def _after_whitespace(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return match.end() if match is not None else index  # `*`: it always matches


class _Decoder(json.JSONDecoder):
    """The standard library's pure-Python scanner, with every value wrapped in its position."""

    def __init__(self) -> None:
        super().__init__(object_pairs_hook=_Pairs, parse_constant=_reject_constant)
        self.parse_object = self._object
        self.parse_array = self._array
        self.memo: dict[str, str] = {}
        # the pure-Python scanner (it calls parse_object/parse_array): in the standard library, not in its stubs
        inner = json.scanner.py_make_scanner(self)  # type: ignore[attr-defined]

        def located(text: str, index: int) -> tuple[_Located, int]:
            value, end = inner(text, index)
            return _Located(value, index, end), end

        self.located = located

    def _object(self, s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None, _w=None, _ws=None):
        pairs, end = json.decoder.JSONObject(  # type: ignore[attr-defined]  # in the standard library, not its stubs
            s_and_end, strict, self.located, None, _Pairs, self.memo
        )
        return pairs, end

    def _array(self, s_and_end, scan_once, _w=None, _ws=None):
        return json.decoder.JSONArray(s_and_end, self.located)  # type: ignore[attr-defined]  # likewise

    def decode_located(self, text: str) -> _Located:
        start = _after_whitespace(text, 0)
        value, end = self.located(text, start)
        rest = _after_whitespace(text, end)
        if rest != len(text):
            raise json.JSONDecodeError("Extra data", text, rest)
        return value


class _Reader:
    def __init__(self, text: str, path: str, literal_strings: bool) -> None:
        self.text = text
        self.path = path
        self.literal_strings = literal_strings
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.errors: list[Diagnostic] = []
        self.comments: list[tuple[int, str]] = []

    def line(self, offset: int) -> int:
        return bisect_right(self.newlines, offset - 1) + 1

    def error(self, at: _Located | int, message: str) -> None:
        offset = at.start if isinstance(at, _Located) else at
        self.errors.append(Diagnostic(self.path, self.line(offset), message, code="parse"))

    # -- expressions -----------------------------------------------------------------------------

    def expr(self, node: _Located, as_text: bool = False) -> Expr:
        value, line = node.value, self.line(node.start)
        if isinstance(value, str):
            if as_text or self.literal_strings or ("${" not in value and "%{" not in value):
                return Literal(line, value)
            return self.template(value, line)
        if isinstance(value, _Pairs):
            items = []
            for key, item in value:
                key_expr = self.template(key, self.line(item.start)) if "${" in key else Literal(line, key)
                key_expr = replace(key_expr, line=self.line(item.start))
                items.append((key_expr, self.expr(item, as_text)))
            return ObjectExpr(line, tuple(items))
        if isinstance(value, list):
            return TupleExpr(line, tuple(self.expr(item, as_text) for item in value))
        return Literal(line, value)

    def template(self, text: str, line: int) -> Expr:
        """A string template, parsed by the native parser as a heredoc placed so that its lines match."""
        from checker.hcl.parser import parse_hcl

        marker = "NOTESCHECK_JSON_TEMPLATE"
        while marker in text:
            marker += "_"
        padding = "\n" * max(line - 2, 0)
        parsed = parse_hcl(f"{padding}x = <<{marker}\n{text}\n{marker}\n".encode(), self.path)
        attribute = parsed.body.attribute("x")
        if parsed.errors or attribute is None:
            self.errors.append(Diagnostic(self.path, line, f"invalid template {text[:60]!r}", code="parse"))
            return Literal(line, text)
        expr = attribute.expr
        if isinstance(expr, TemplateExpr):
            parts = list(expr.parts)
            if parts and isinstance(parts[-1], str) and parts[-1].endswith("\n"):
                parts[-1] = parts[-1][:-1]
            parts = [p for p in parts if p != ""]
            if len(parts) == 1 and isinstance(parts[0], str):
                return Literal(line, parts[0])
            return TemplateExpr(line, tuple(parts))
        if isinstance(expr, Literal) and isinstance(expr.value, str):
            return Literal(line, expr.value.removesuffix("\n"))
        return replace(expr, line=line)

    def source(self, node: _Located, raw: bool = False) -> str:
        """The value as written in the JSON text; raw: a string's own content (a `type` expression)."""
        if raw and isinstance(node.value, str):
            return node.value
        return self.text[node.start : node.end]

    # -- structure -------------------------------------------------------------------------------

    def objects(self, node: _Located, what: str) -> list[_Located]:
        """A body or label level: an object, or an array of objects."""
        if isinstance(node.value, list) and not isinstance(node.value, _Pairs):
            found = [item for item in node.value if self._is_object(item)]
            if len(found) != len(node.value):
                self.error(node, f"{what} must be a JSON object or an array of objects")
            return found
        if self._is_object(node):
            return [node]
        self.error(node, f"{what} must be a JSON object")
        return []

    @staticmethod
    def _is_object(node: _Located) -> bool:
        return isinstance(node.value, _Pairs)

    def blocks(self, block_type: str, node: _Located, labels: int, language: bool) -> list[Block]:
        """Blocks of one type; language: a block Terraform itself defines (not a provider schema's)."""
        found: list[Block] = []
        levels: list[tuple[tuple[str, ...], _Located]] = [((), node)]
        for _ in range(labels):
            deeper = []
            for prefix, level in levels:
                for obj in self.objects(level, f"{block_type} block labels"):
                    for key, value in obj.value:
                        deeper.append(((*prefix, key), value))
            levels = deeper
        for labels_found, value in levels:
            for obj in self.objects(value, f"{block_type} block"):
                body = self.body(block_type, obj, language)
                found.append(Block(block_type, labels_found, body, self.line(obj.start), self.line(obj.end - 1)))
        return found

    def body(self, block_type: str, node: _Located, language: bool) -> Body:
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        known = LANGUAGE_BLOCKS.get(block_type, {}) if language else {"dynamic": 1}
        schema_free = language and block_type in SCHEMA_FREE
        seen: dict[str, int] = {}
        for key, value in node.value:
            if key == "//":
                self.comments.append((self.line(value.start), f"// {self.source(value, raw=True)}"))
                continue
            if key in known:
                blocks.extend(self.blocks(key, value, known[key], True))
                continue
            if not schema_free and key not in MAP_ARGUMENTS and self._looks_like_block(value):
                blocks.extend(self.blocks(key, value, 0, False))
                continue
            line = self.line(value.start)
            if key in seen:
                self.error(value, f"duplicate argument {key!r} (first set on line {seen[key]})")
                continue
            seen[key] = line
            as_text = key in EXPRESSION_STRINGS or (block_type == "variable" and key == "type")
            expr = self.expr(value, as_text)
            source = self.source(value, raw=as_text)
            attributes.append(Attribute(key, expr, line, self.line(value.end - 1), source))
        return Body(tuple(attributes), tuple(blocks))

    def _looks_like_block(self, node: _Located) -> bool:
        candidates = [node] if self._is_object(node) else node.value if isinstance(node.value, list) else []
        if not candidates or not all(self._is_object(c) for c in candidates):
            return False
        return all(_BLOCK_KEY.fullmatch(key) for c in candidates for key, _ in c.value)

    def file(self, root: _Located) -> Body:
        if not self._is_object(root):
            self.error(root, "a Terraform JSON file must hold one JSON object")
            return EMPTY_BODY
        blocks: list[Block] = []
        for key, value in root.value:
            if key == "//":
                self.comments.append((self.line(value.start), f"// {self.source(value, raw=True)}"))
                continue
            labels = TOP_LEVEL_LABELS.get(key)
            if labels is None:
                self.error(value, f"unsupported block type {key!r}")
                continue
            blocks.extend(self.blocks(key, value, labels, True))
        return Body((), tuple(blocks))

    def values_file(self, root: _Located) -> Body:
        if not self._is_object(root):
            self.error(root, "a variables file in JSON must hold one JSON object")
            return EMPTY_BODY
        attributes = []
        for key, value in root.value:
            line = self.line(value.start)
            attributes.append(Attribute(key, self.expr(value), line, self.line(value.end - 1), self.source(value)))
        return Body(tuple(attributes), ())


def parse_json_config(data: bytes, path: str, *, tfvars: bool = False) -> HclFile:
    """A `.tf.json` (or, with tfvars, a `.tfvars.json`) file; never raises: bad JSON is a parse Diagnostic."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return HclFile(
            path, EMPTY_BODY, (), (Diagnostic(path, line, f"file is not valid UTF-8 (byte {exc.start})", code="parse"),)
        )
    try:
        root = _Decoder().decode_located(text)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON: {exc.msg} (column {exc.colno})"
        return HclFile(path, EMPTY_BODY, (), (Diagnostic(path, exc.lineno, message, code="parse"),))
    except (ValueError, RecursionError) as exc:
        return HclFile(path, EMPTY_BODY, (), (Diagnostic(path, 1, f"invalid JSON: {exc}", code="parse"),))
    reader = _Reader(text, path, literal_strings=tfvars)
    try:
        body = reader.values_file(root) if tfvars else reader.file(root)
    except RecursionError:
        reader.error(0, "file nested too deeply to read")
        body = EMPTY_BODY
    return HclFile(path, body, tuple(sorted(reader.comments)), tuple(reader.errors))
