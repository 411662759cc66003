"""tree-sitter-hcl concrete syntax tree -> our HCL syntax tree (checker.hcl.ast).

parse_hcl never raises: broken syntax, invalid UTF-8 and too-deep nesting become Diagnostics
(code "parse") with the file and line, and whatever could be understood is still returned.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from dataclasses import replace

import tree_sitter
import tree_sitter_hcl

from checker.hcl.ast import (
    EMPTY_BODY,
    Attribute,
    BinaryOp,
    Block,
    Body,
    Conditional,
    Expr,
    ForExpr,
    FunctionCall,
    GetAttr,
    HclFile,
    Index,
    Invalid,
    Literal,
    ObjectExpr,
    Paren,
    Splat,
    TemplateExpr,
    TemplateFor,
    TemplateIf,
    Traversal,
    TupleExpr,
    UnaryOp,
    Variable,
)
from checker.model import Diagnostic

MAX_NESTING = 150  # notescheck's limit, not Terraform's (it has none): deeper would overflow Python's stack
MAX_SYNTAX_ERRORS = 5

_LANGUAGE = tree_sitter.Language(tree_sitter_hcl.language())
_local = threading.local()

_BINARY_OPS = frozenset({"*", "/", "%", "+", "-", ">", ">=", "<", "<=", "==", "!=", "&&", "||"})
_QUOTED_ESCAPE = re.compile(r'\\(["\\nrt]|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})|\$\$\{|%%\{')
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
# Most expressions are a plain string, number, bool, null or dotted reference: read those from the text
# without walking their syntax nodes (the walk costs far more than the tree-sitter parse itself).
_REFERENCE = rb"[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*"
_SIMPLE_EXPRESSION = re.compile(
    rb'"([^"\\$%\r\n]*)"|([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)|(true|false|null)'
    rb"|(" + _REFERENCE + rb")"
    rb'|"((?:[^"\\$%\r\n]|\$(?![{$])|%(?![{%])|\$\{' + _REFERENCE + rb"\})*)\""
)
_INTERPOLATED_REFERENCE = re.compile(rb"\$\{(" + _REFERENCE + rb")\}")
_KEYWORDS = {b"true": True, b"false": False, b"null": None}
_NEWLINE = re.compile(b"\n")


def _parser() -> tree_sitter.Parser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = tree_sitter.Parser(_LANGUAGE)
    return parser


def _unescape_quoted(raw: str) -> str:
    if "\\" not in raw and "$${" not in raw and "%%{" not in raw:
        return raw

    def replace(match: re.Match) -> str:
        text = match.group(0)
        if text == "$${":
            return "${"
        if text == "%%{":
            return "%{"
        code = match.group(1)
        if code in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[code]
        try:
            return chr(int(code[1:], 16))
        except (ValueError, OverflowError):
            return text

    return _QUOTED_ESCAPE.sub(replace, raw)


def _unescape_heredoc(raw: str) -> str:
    return raw.replace("$${", "${").replace("%%{", "%{")


def _number(text: str) -> int | float | None:
    try:
        if text.startswith(("0x", "0X")):
            return int(text, 16)
        if "." in text or "e" in text or "E" in text:
            value = float(text)
            return int(value) if value.is_integer() else value
        return int(text)
    except (ValueError, OverflowError):
        return None


def _trim_end(text: str, heredoc: bool) -> str:
    """`~` before a hole trims the literal before it. A heredoc's literal is one token per line (each with its
    newline), and only the last token is trimmed: `  - ${x}\n  %{~ endfor }` loses the indentation before
    the directive, not the newline before that."""
    if not heredoc:
        return text.rstrip()
    cut = text.rfind("\n", 0, len(text) - 1) + 1 if text.endswith("\n") else text.rfind("\n") + 1
    return text[:cut] + text[cut:].rstrip()


def _trim_start(text: str, heredoc: bool) -> str:
    """`~` after a hole trims the literal after it: in a heredoc its first line token (to its newline)."""
    if not heredoc:
        return text.lstrip()
    cut = text.find("\n") + 1 or len(text)
    return text[:cut].lstrip() + text[cut:]


def _literal_lines(parts, at_line_start: bool, found: list[int]) -> bool:
    """Collect the indentation of every line that starts with literal text (directive bodies included, as
    HCL reads a heredoc's tokens flat); a line starting with a hole counts as indentation 0, a blank line
    not at all. Returns whether the next part starts a line."""
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            pieces = part.split("\n")
            for index, piece in enumerate(pieces):
                starts = at_line_start if index == 0 else True
                last = index == len(pieces) - 1
                if not starts or (last and piece == ""):
                    continue
                stripped = piece.lstrip(" \t")
                if stripped == "" and not last:
                    continue  # a blank line
                found.append(len(piece) - len(stripped))
            at_line_start = part.endswith("\n")
            continue
        if at_line_start:
            found.append(0)
        if isinstance(part, TemplateFor):
            at_line_start = _literal_lines(part.parts, False, found)
        elif isinstance(part, TemplateIf):
            after_then = _literal_lines(part.then_parts, False, found)
            at_line_start = _literal_lines(part.else_parts, after_then, found)
        else:
            at_line_start = False
    return at_line_start


def _remove_indent(parts, at_line_start: bool, strip: int) -> tuple[list, bool]:
    out: list = []
    for part in parts:
        if isinstance(part, str):
            if part:
                pieces = part.split("\n")
                for index, piece in enumerate(pieces):
                    starts = at_line_start if index == 0 else True
                    stripped = piece.lstrip(" \t")
                    blank = stripped == "" and index < len(pieces) - 1
                    if starts and not blank:
                        pieces[index] = piece[min(strip, len(piece) - len(stripped)) :]
                part = "\n".join(pieces)
                at_line_start = part.endswith("\n") if part else at_line_start
            out.append(part)
            continue
        if isinstance(part, TemplateFor):
            body, at_line_start = _remove_indent(part.parts, False, strip)
            part = replace(part, parts=tuple(body))
        elif isinstance(part, TemplateIf):
            then_body, after_then = _remove_indent(part.then_parts, False, strip)
            else_body, at_line_start = _remove_indent(part.else_parts, after_then, strip)
            part = replace(part, then_parts=tuple(then_body), else_parts=tuple(else_body))
        else:
            at_line_start = False
        out.append(part)
    return out, at_line_start


def _dedent(parts: list) -> list:
    """A `<<-` heredoc without the indentation its lines share, counted over every line that starts with
    literal text, inside directives too (HCL's flush heredoc)."""
    indents: list[int] = []
    _literal_lines(parts, True, indents)
    strip = min(indents, default=0)
    if not strip:
        return parts
    return _remove_indent(parts, True, strip)[0]


_ATTRIBUTE_STEPS: dict[bytes, tuple[GetAttr, ...]] = {}  # immutable and line-free: shared between trees


def _reference(text: bytes, line: int) -> Expr:
    root, dot, rest = text.partition(b".")
    if not dot:
        if root in _KEYWORDS:  # "${true}", "${null}": a literal, not a name
            return Literal(line, _KEYWORDS[root])
        return Variable(line, root.decode())
    steps = _ATTRIBUTE_STEPS.get(rest)
    if steps is None:
        if len(_ATTRIBUTE_STEPS) > 100_000:
            _ATTRIBUTE_STEPS.clear()
        steps = _ATTRIBUTE_STEPS[rest] = tuple(GetAttr(n) for n in rest.decode().split("."))
    return Traversal(line, Variable(line, root.decode()), steps)


def _strip_markers(node: tree_sitter.Node) -> tuple[bool, bool]:
    """Whether a `${~ ... ~}` or `%{~ ... ~}` token strips the whitespace before / after it."""
    children = node.children
    left = len(children) > 1 and children[1].type == "strip_marker"
    right = len(children) > 2 and children[-2].type == "strip_marker"
    return left, right


class _Converter:
    def __init__(self, data: bytes, path: str) -> None:
        self.data = data
        self.path = path
        self.errors: list[Diagnostic] = []
        self.comments: list[tuple[int, str]] = []
        self.too_deep_reported = False
        self.newlines = [m.start() for m in _NEWLINE.finditer(data)]

    def error(self, line: int, message: str) -> None:
        self.errors.append(Diagnostic(self.path, line, message, code="parse"))

    def line(self, node: tree_sitter.Node) -> int:
        return bisect_right(self.newlines, node.start_byte - 1) + 1 if self.newlines else 1

    def end_line(self, node: tree_sitter.Node) -> int:
        return bisect_right(self.newlines, node.end_byte - 1) + 1 if self.newlines else 1

    def text(self, node: tree_sitter.Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def kids(self, node: tree_sitter.Node) -> list:
        """Children without comments; the comments are kept for the file's comment list."""
        children = node.children
        kept = [c for c in children if c.type != "comment"]
        if len(kept) != len(children):
            self.comments.extend((self.line(c), self.text(c)) for c in children if c.type == "comment")
        return kept

    # -- structure -------------------------------------------------------------------------------

    def body(self, node: tree_sitter.Node, depth: int) -> Body:
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        first_line: dict[str, int] = {}
        for child in node.children:
            kind = child.type
            if kind == "attribute":
                attribute = self.attribute(child, depth)
                if attribute is None:
                    continue
                if attribute.name in first_line:
                    self.error(
                        attribute.line,
                        f"duplicate attribute {attribute.name!r} (first set on line {first_line[attribute.name]})",
                    )
                    continue
                first_line[attribute.name] = attribute.line
                attributes.append(attribute)
            elif kind == "block":
                block = self.block(child, depth)
                if block is not None:
                    blocks.append(block)
            elif kind == "comment":
                self.comments.append((self.line(child), self.text(child)))
        return Body(tuple(attributes), tuple(blocks))

    def attribute(self, node: tree_sitter.Node, depth: int) -> Attribute | None:
        children = node.children
        if len(children) > 3:
            children = self.kids(node)
        name_node = children[0]
        if name_node.type != "identifier":
            return None
        name = self.text(name_node)
        line = self.line(node)
        value = children[-1]
        if value.type != "expression":
            found = next((c for c in children if c.type == "expression"), None)
            if found is None:
                return Attribute(name, Invalid(line, "missing value"), line, self.end_line(node), "")
            value = found
        return Attribute(name, self.expr(value, depth + 1), line, self.end_line(node), self.text(value))

    def block(self, node: tree_sitter.Node, depth: int) -> Block | None:
        children = node.children
        if not children or children[0].type != "identifier":
            return None
        if depth > MAX_NESTING:
            self.too_deep(self.line(node))
            return None
        labels = []
        body = EMPTY_BODY
        for child in children[1:]:
            kind = child.type
            if kind == "string_lit":
                labels.append(self.string_lit(child))
            elif kind == "identifier":
                labels.append(self.text(child))
            elif kind == "body":
                body = self.body(child, depth + 1)
            elif kind == "comment":
                self.comments.append((self.line(child), self.text(child)))
        return Block(self.text(children[0]), tuple(labels), body, self.line(node), self.end_line(node))

    def object_as_body(self, node: tree_sitter.Node) -> Body:
        """A JSON-style `{ "name": value }` config file (tfvars): each element becomes an attribute."""
        attributes = []
        for elem in self.kids(node):
            if elem.type != "object_elem":
                continue
            exprs = [c for c in self.kids(elem) if c.type == "expression"]
            if len(exprs) != 2:
                continue
            key = self.expr(exprs[0], 1)
            if isinstance(key, Literal) and isinstance(key.value, str):
                line = self.line(elem)
                value = self.expr(exprs[1], 1)
                attributes.append(Attribute(key.value, value, line, self.end_line(elem), self.text(exprs[1])))
        return Body(tuple(attributes), ())

    # -- expressions -----------------------------------------------------------------------------

    def too_deep(self, line: int) -> Invalid:
        if not self.too_deep_reported:
            self.too_deep_reported = True
            message = f"nesting deeper than {MAX_NESTING} levels exceeds notescheck's limit (Terraform has none)"
            self.errors.append(Diagnostic(self.path, line, message, code="limit"))
        return Invalid(line, "nested too deeply")

    def expr(self, node: tree_sitter.Node, depth: int) -> Expr:
        start, end = node.start_byte, node.end_byte
        if end - start < 256:
            simple = _SIMPLE_EXPRESSION.fullmatch(self.data, start, end)
            if simple is not None:
                return self.simple(simple, self.line(node))
        line = self.line(node)
        if depth > MAX_NESTING:
            return self.too_deep(line)
        children = self.kids(node)
        if not children:
            return Invalid(line, "missing expression")
        if children[0].type == "conditional":
            return self.conditional(children[0], depth)
        return self.terms(children, depth, line)

    @staticmethod
    def simple(match: re.Match, line: int) -> Expr:
        string, number, keyword, reference, template = match.groups()
        if string is not None:
            return Literal(line, string.decode("utf-8", "replace"))
        if number is not None:
            return Literal(line, _number(number.decode()))
        if keyword is not None:
            return Literal(line, _KEYWORDS[keyword])
        if reference is not None:
            return _reference(reference, line)
        pieces = _INTERPOLATED_REFERENCE.split(template)
        if len(pieces) == 1:
            return Literal(line, template.decode("utf-8", "replace"))
        parts: list[Expr | str] = []
        for i, piece in enumerate(pieces):
            if i % 2:
                parts.append(_reference(piece, line))
            elif piece:
                parts.append(piece.decode("utf-8", "replace"))
        return TemplateExpr(line, tuple(parts))

    def terms(self, children: list, depth: int, line: int) -> Expr:
        """A primary expression followed by attribute / index / splat steps (the grammar keeps them flat)."""
        if not children:
            return Invalid(line, "missing expression")
        first = children[0]
        if first.type == "(":
            inner = next((c for c in children[1:] if c.type == "expression"), None)
            result: Expr = Paren(line, self.expr(inner, depth + 1)) if inner else Invalid(line, "empty ()")
            rest = children[3:] if len(children) >= 3 and children[2].type == ")" else children[2:]
        else:
            result = self.primary(first, depth)
            rest = children[1:]
        if not rest:
            return result
        steps = self.steps(rest, depth)
        return Traversal(line, result, tuple(steps)) if steps else result

    def steps(self, nodes: list, depth: int) -> list:
        steps: list = []
        for node in nodes:
            kind = node.type
            if kind == "get_attr":
                ident = node.children[-1]
                steps.append(GetAttr(self.text(ident)))
            elif kind == "index":
                steps.append(self.index(node.children[0], depth))
            elif kind == "splat":
                inner = node.children[0]
                splat_children = inner.children
                steps.append(Splat(inner.type == "full_splat", tuple(self.steps(splat_children[1:], depth + 1))))
            elif kind in ("get_attr", "comment"):
                continue
        return steps

    def index(self, node: tree_sitter.Node, depth: int) -> Index:
        line = self.line(node)
        if node.type == "legacy_index":
            number = _number(self.text(node).lstrip(". \t"))
            return Index(Literal(line, number))
        inner = next((c for c in node.children if c.type == "expression"), None)
        return Index(self.expr(inner, depth + 1) if inner else Invalid(line, "missing index"))

    def primary(self, node: tree_sitter.Node, depth: int) -> Expr:
        kind = node.type
        line = self.line(node)
        if kind == "literal_value":
            return self.literal(node)
        if kind == "variable_expr":
            return Variable(line, self.text(node))
        if kind == "template_expr":
            return self.template(node.children[0], depth)
        if kind == "collection_value":
            return self.collection(node.children[0], depth)
        if kind == "function_call":
            return self.function_call(node, depth)
        if kind == "operation":
            return self.operation(node.children[0], depth)
        if kind == "for_expr":
            return self.for_expr(node.children[0], depth)
        if kind == "conditional":
            return self.conditional(node, depth)
        if kind == "expression":
            return self.expr(node, depth)
        return Invalid(line, f"unexpected {kind}")

    def literal(self, node: tree_sitter.Node) -> Literal:
        line = self.line(node)
        child = node.children[0]
        kind = child.type
        if kind == "numeric_lit":
            return Literal(line, _number(self.text(child)))
        if kind == "bool_lit":
            return Literal(line, self.text(child) == "true")
        if kind == "string_lit":
            return Literal(line, self.string_lit(child))
        return Literal(line, None)

    def string_lit(self, node: tree_sitter.Node) -> str:
        children = node.children
        if len(children) < 2:
            return ""
        start = children[0].end_byte
        end = children[-1].start_byte if children[-1].type == "quoted_template_end" else node.end_byte
        return _unescape_quoted(self.data[start:end].decode("utf-8", "replace"))

    def template(self, node: tree_sitter.Node, depth: int) -> Expr:
        line = self.line(node)
        children = node.children
        if node.type == "quoted_template":
            start = children[0].end_byte
            last = children[-1]
            end = last.start_byte if last.type == "quoted_template_end" else node.end_byte
            parts = self.template_parts(children[1:], start, end, depth, quoted=True)
        else:
            idents = [c for c in children if c.type == "heredoc_identifier"]
            if not idents:
                return Invalid(line, "broken heredoc")
            newline = self.data.find(b"\n", idents[0].end_byte)
            start = node.end_byte if newline < 0 else newline + 1
            end = self.data.rfind(b"\n", 0, idents[-1].start_byte) + 1 if len(idents) > 1 else node.end_byte
            end = max(start, min(end, node.end_byte))
            inner = [c for c in children if c.type not in ("heredoc_start", "heredoc_identifier")]
            parts = self.template_parts(inner, start, end, depth, quoted=False)
            if children[0].type == "heredoc_start" and self.text(children[0]) == "<<-":
                parts = _dedent(parts)
        return self.template_from_parts(line, parts)

    @staticmethod
    def template_from_parts(line: int, parts: list) -> Expr:
        kept = tuple(p for p in parts if not (isinstance(p, str) and p == ""))
        if not kept:
            return Literal(line, "")
        if len(kept) == 1 and isinstance(kept[0], str):
            return Literal(line, kept[0])
        return TemplateExpr(line, kept)

    def template_parts(self, children: list, start: int, end: int, depth: int, quoted: bool) -> list:
        """Alternating literal text and holes; literal text is the raw source between holes."""
        unescape = _unescape_quoted if quoted else _unescape_heredoc
        parts: list = []
        strips: list[tuple[bool, bool]] = []
        position = start
        for child in children:
            kind = child.type
            if kind == "template_interpolation":
                hole, strip = self.interpolation(child, depth)
            elif kind == "template_directive":
                hole, strip = self.directive(child.children[0], depth, quoted)
            else:
                continue
            parts.append(unescape(self.data[position : child.start_byte].decode("utf-8", "replace")))
            parts.append(hole)
            strips.append(strip)
            position = child.end_byte
        parts.append(unescape(self.data[position:end].decode("utf-8", "replace")) if end > position else "")
        for i, (left, right) in enumerate(strips):
            if left:
                parts[2 * i] = _trim_end(parts[2 * i], not quoted)
            if right:
                parts[2 * i + 2] = _trim_start(parts[2 * i + 2], not quoted)
        return parts

    def interpolation(self, node: tree_sitter.Node, depth: int) -> tuple[Expr, tuple[bool, bool]]:
        line = self.line(node)
        inner = next((c for c in node.children if c.type == "expression"), None)
        expr = self.expr(inner, depth + 1) if inner else Invalid(line, "empty interpolation")
        return expr, _strip_markers(node)

    def directive(self, node: tree_sitter.Node, depth: int, quoted: bool):
        line = self.line(node)
        children = self.kids(node)
        if depth > MAX_NESTING or not children:
            return self.too_deep(line), (False, False)
        intro = children[0]
        closing = children[-1]
        left = _strip_markers(intro)[0]
        right = _strip_markers(closing)[1] if closing is not intro else False
        if node.type == "template_for":
            names = [self.text(c) for c in intro.children if c.type == "identifier"]
            coll = next((c for c in intro.children if c.type == "expression"), None)
            body = self.directive_body(children[1:-1], intro, closing, depth, quoted)
            hole: TemplateFor | TemplateIf = TemplateFor(
                names[0] if len(names) > 1 else None,
                names[-1] if names else "_",
                self.expr(coll, depth + 1) if coll else Invalid(line, "missing collection"),
                tuple(p for p in body if p != ""),
            )
            return hole, (left, right)
        cond = next((c for c in intro.children if c.type == "expression"), None)
        else_at = next((i for i, c in enumerate(children) if c.type == "template_else_intro"), None)
        if else_at is None:
            then_body = self.directive_body(children[1:-1], intro, closing, depth, quoted)
            else_body: list = []
        else:
            else_intro = children[else_at]
            then_body = self.directive_body(children[1:else_at], intro, else_intro, depth, quoted)
            else_body = self.directive_body(children[else_at + 1 : -1], else_intro, closing, depth, quoted)
        hole = TemplateIf(
            self.expr(cond, depth + 1) if cond else Invalid(line, "missing condition"),
            tuple(p for p in then_body if p != ""),
            tuple(p for p in else_body if p != ""),
        )
        return hole, (left, right)

    def directive_body(self, children, opening, closing, depth, quoted) -> list:
        parts = self.template_parts(children, opening.end_byte, closing.start_byte, depth + 1, quoted)
        if _strip_markers(opening)[1]:
            parts[0] = _trim_start(parts[0], not quoted)
        if _strip_markers(closing)[0]:
            parts[-1] = _trim_end(parts[-1], not quoted)
        return parts

    def collection(self, node: tree_sitter.Node, depth: int) -> Expr:
        line = self.line(node)
        if node.type == "tuple":
            elements = tuple(self.expr(c, depth + 1) for c in self.kids(node) if c.type == "expression")
            return TupleExpr(line, elements)
        items: list[tuple[Expr, Expr]] = []
        for elem in self.kids(node):
            if elem.type != "object_elem":
                continue
            exprs = [c for c in elem.children if c.type == "expression"]
            if len(exprs) != 2:
                continue
            key_children = self.kids(exprs[0])
            if len(key_children) == 1 and key_children[0].type == "variable_expr":
                key: Expr = Literal(self.line(exprs[0]), self.text(key_children[0]))
            else:
                key = self.expr(exprs[0], depth + 1)
            items.append((key, self.expr(exprs[1], depth + 1)))
        return ObjectExpr(line, tuple(items))

    def function_call(self, node: tree_sitter.Node, depth: int) -> Expr:
        line = self.line(node)
        children = node.children
        name = self.text(children[0])
        args: tuple = ()
        expand = False
        arguments = next((c for c in children if c.type == "function_arguments"), None)
        if arguments is not None:
            args = tuple(self.expr(c, depth + 1) for c in self.kids(arguments) if c.type == "expression")
            expand = any(c.type == "ellipsis" for c in arguments.children)
        return FunctionCall(line, name, args, expand)

    def operation(self, node: tree_sitter.Node, depth: int) -> Expr:
        line = self.line(node)
        if depth > MAX_NESTING:  # a chain of operators nests without any `expression` node between
            return self.too_deep(line)
        children = self.kids(node)
        if node.type == "unary_operation":
            if not children:
                return Invalid(line, "broken operation")
            return UnaryOp(line, children[0].type, self.terms(children[1:], depth + 1, line))
        for i, child in enumerate(children):
            if not child.is_named and child.type in _BINARY_OPS:
                left = self.terms(children[:i], depth + 1, line)
                right = self.terms(children[i + 1 :], depth + 1, line)
                return BinaryOp(line, child.type, left, right)
        return Invalid(line, "broken operation")

    def conditional(self, node: tree_sitter.Node, depth: int) -> Expr:
        line = self.line(node)
        exprs = [c for c in node.children if c.type == "expression"]
        if len(exprs) != 3:
            return Invalid(line, "broken conditional")
        return Conditional(
            line, self.expr(exprs[0], depth + 1), self.expr(exprs[1], depth + 1), self.expr(exprs[2], depth + 1)
        )

    def for_expr(self, node: tree_sitter.Node, depth: int) -> Expr:
        line = self.line(node)
        children = node.children
        intro = next((c for c in children if c.type == "for_intro"), None)
        exprs = [c for c in children if c.type == "expression"]
        cond_node = next((c for c in children if c.type == "for_cond"), None)
        if intro is None or not exprs:
            return Invalid(line, "broken for expression")
        names = [self.text(c) for c in intro.children if c.type == "identifier"]
        coll = next((c for c in intro.children if c.type == "expression"), None)
        cond = None
        if cond_node is not None:
            cond_expr = next((c for c in cond_node.children if c.type == "expression"), None)
            cond = self.expr(cond_expr, depth + 1) if cond_expr else None
        is_object = node.type == "for_object_expr"
        if is_object and len(exprs) < 2:
            return Invalid(line, "broken for expression")
        return ForExpr(
            line,
            names[0] if len(names) > 1 else None,
            names[-1] if names else "_",
            self.expr(coll, depth + 1) if coll else Invalid(line, "missing collection"),
            self.expr(exprs[0], depth + 1) if is_object else None,
            self.expr(exprs[-1], depth + 1),
            cond,
            any(c.type == "ellipsis" for c in children),
        )


def _syntax_errors(root: tree_sitter.Node, path: str, data: bytes) -> list[Diagnostic]:
    """ERROR and MISSING nodes, found without recursion by descending only into subtrees with errors."""
    found: list[Diagnostic] = []
    stack = [root]
    while stack and len(found) < MAX_SYNTAX_ERRORS:
        node = stack.pop()
        if node.is_missing:
            line = node.start_point.row + 1
            message = f"syntax error: missing {node.type!r}"
            opened = _OPENERS.get(node.type)
            parent = node.parent
            while opened and parent is not None and parent.type in ("block_end", "object_end", "tuple_end"):
                parent = parent.parent
            if opened and parent is not None and parent.start_point.row + 1 < line:
                message += f" (the {opened!r} on line {parent.start_point.row + 1} is not closed)"
            found.append(Diagnostic(path, line, message, code="parse"))
            continue
        if node.is_error:
            # an ERROR node often starts with statements that parsed fine: point after them
            for child in node.children:
                if child.type in ("attribute", "block", "comment", "body") and not child.has_error:
                    continue
                node = child
                break
            snippet = data[node.start_byte : min(node.end_byte, node.start_byte + 40)]
            snippet_text = snippet.decode("utf-8", "replace").split("\n")[0].strip()
            line = node.start_point.row + 1
            found.append(Diagnostic(path, line, f"syntax error near {snippet_text!r}", code="parse"))
            continue
        stack.extend(reversed([c for c in node.children if c.has_error]))
    return sorted(found, key=lambda d: d.line)


_OPENERS = {"}": "{", "]": "[", ")": "("}
_EXPONENT_AFTER = re.compile(rb"[eE][+-]?[0-9]+")


def _repair_exponents(root: tree_sitter.Node, data: bytes) -> bytes | None:
    """The grammar reads `1e3` as `1` then `e3`; HCL allows it. Rewrite such numbers as `1.0e3`."""
    if not re.search(rb"[0-9][eE][+-]?[0-9]", data):
        return None
    inserts = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "numeric_lit":
            if b"." not in data[node.start_byte : node.end_byte] and _EXPONENT_AFTER.match(data, node.end_byte):
                inserts.append(node.end_byte)
            continue
        stack.extend(node.children)
    if not inserts:
        return None
    pieces = []
    previous = 0
    for position in sorted(inserts):
        pieces.append(data[previous:position])
        pieces.append(b".0")
        previous = position
    pieces.append(data[previous:])
    return b"".join(pieces)


# What Terraform refuses outside a comment but a plain parse would not notice: a byte that is not UTF-8 and
# a carriage return without a line feed (outside comments and string content too), and NUL (which tree-sitter
# takes for the end of input, so it is parsed as \x01 and kept as NUL in every value). One pass, linear.
_SUSPECT = re.compile(
    rb"(\x00)|(\r)(?!\n)"
    rb"|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
    rb"|([\x80-\xff])"
)
_LONE_CR = re.compile(rb"\r(?!\n)")
_LITERAL_QUERY = "(comment) @comment (template_literal) @literal"


def _needs_scan(data: bytes) -> bool:
    if b"\x00" in data or (b"\r" in data and _LONE_CR.search(data)):
        return True
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _spans(root: tree_sitter.Node) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Byte spans of comments and of literal string / heredoc text, each sorted."""
    query = getattr(_local, "literal_query", None)
    if query is None:
        query = _local.literal_query = tree_sitter.Query(_LANGUAGE, _LITERAL_QUERY)
    captures = tree_sitter.QueryCursor(query).captures(root)
    comments = sorted((n.start_byte, n.end_byte) for n in captures.get("comment", ()))
    literals = sorted((n.start_byte, n.end_byte) for n in captures.get("literal", ()))
    return comments, literals


def _within(spans: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    i = bisect_right(starts, position) - 1
    return i >= 0 and spans[i][0] <= position < spans[i][1]


def _character_errors(data: bytes, root: tree_sitter.Node, path: str) -> list[Diagnostic]:
    """Terraform's rules for unusual bytes: anything goes inside a comment; NUL also inside string and heredoc
    text; a non-UTF-8 byte or a lone carriage return nowhere else. The first of each kind is reported."""
    comments, literals = _spans(root)
    comment_starts = [start for start, _ in comments]
    literal_starts = [start for start, _ in literals]
    found: dict[str, Diagnostic] = {}
    for match in _SUSPECT.finditer(data):
        nul, cr, bad = match.group(1), match.group(2), match.group(3)
        if nul is None and cr is None and bad is None:
            continue  # a valid multi-byte character
        kind = "nul" if nul is not None else "cr" if cr is not None else "utf8"
        position = match.start()
        if kind in found or _within(comments, comment_starts, position):
            continue
        if kind == "nul" and _within(literals, literal_starts, position):
            continue
        line = data.count(b"\n", 0, position) + 1
        if kind == "utf8":
            message = f"file is not valid UTF-8 (byte {position}); Terraform accepts that only inside comments"
        elif kind == "cr":
            message = (
                "invalid character: a carriage return without a line feed (Terraform reads LF or CRLF line "
                "endings, not CR alone)"
            )
        else:
            message = "invalid character: NUL (allowed only inside comments and strings)"
        found[kind] = Diagnostic(path, line, message, code="parse")
        if len(found) == 3:
            break
    return list(found.values())


def parse_hcl(data: bytes, path: str) -> HclFile:
    """Parse HCL (a .tf or .tfvars file); never raises."""
    unusual = _needs_scan(data)
    has_nul = unusual and b"\x00" in data
    try:
        tree = _parser().parse(data.replace(b"\x00", b"\x01") if has_nul else data)
    except Exception as exc:  # tree-sitter refusing input must not stop the run
        return HclFile(path, EMPTY_BODY, (), (Diagnostic(path, 1, f"cannot parse: {exc}", code="parse"),))
    root = tree.root_node
    if root.has_error:
        repaired = _repair_exponents(root, data)
        if repaired is not None:
            repaired_tree = _parser().parse(repaired.replace(b"\x00", b"\x01") if has_nul else repaired)
            if not repaired_tree.root_node.has_error:
                data, tree, root = repaired, repaired_tree, repaired_tree.root_node
    converter = _Converter(data, path)
    errors: list[Diagnostic] = _character_errors(data, root, path) if unusual else []
    if root.has_error:
        errors.extend(_syntax_errors(root, path, data))
    body = EMPTY_BODY
    try:
        for child in root.children:
            kind = child.type
            if kind == "body":
                body = converter.body(child, 0)
            elif kind == "object":
                body = converter.object_as_body(child)
            elif kind == "comment":
                converter.comments.append((converter.line(child), converter.text(child)))
    except RecursionError:
        message = f"file nested too deeply to read: exceeds notescheck's limit of {MAX_NESTING} nesting levels"
        converter.errors.append(Diagnostic(path, 1, message, code="limit"))
        body = EMPTY_BODY
    errors.sort(key=_by_line)
    return HclFile(path, body, tuple(sorted(converter.comments)), tuple(errors + converter.errors))


def _by_line(diagnostic: Diagnostic) -> int:
    return diagnostic.line
