"""Shared helpers of the rules."""


from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from checker.content_secrets import ContentSecret
from checker.model import Graph, Location, Node, NodeKind, Tool, Unknown, is_unknown
from checker.secrets import (
    MASK,
    is_secret_literal,
    is_secret_path,
    mask,
    mask_secrets_in_text,
    token_shape,
)

SECTION = "3. Sensitive Data Handling"


CHECKLIST = "secrets"


TF_FUNCTION_TYPES = ("aws_lambda_function",)


SAM_FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")


TF_ENV_PATH = "environment.0.variables"


SAM_ENV_PATH = "Properties.Environment.Variables"


GLOBALS_ENV_PATH = "Globals.Function.Environment.Variables"


def masked_value(value: Any) -> str:
    if isinstance(value, str):
        return mask(value)
    if is_unknown(value):
        return "(not known before deploy)"
    if value is None or isinstance(value, bool):
        return str(value).lower()
    return MASK


def shaped_like(shape: str) -> str:
    return f"shaped like an {shape}" if shape[:1] in "AEIOU" else f"shaped like a {shape}"


# A trace step that quotes what a file writes: "envs/prod.tfvars:3 db_password = value", "...:9 Name=value".
_QUOTED_ASSIGNMENT = re.compile(r"^(?P<head>\S+:\d+\s+[^=:]*?(?:=|:\s))\s*(?P<value>.+)$", re.DOTALL)


def masked_evidence(node: Node, path: str, secret: Any) -> tuple[str, ...]:
    """The node's trace for the path with every quoted value masked, so no output format can print a secret."""
    masked = []
    for step in node.traces.get(path, ()) if path else ():
        text = str(step)
        if isinstance(secret, str) and len(secret) >= 3:
            text = text.replace(secret, mask(secret))
        quoted = _QUOTED_ASSIGNMENT.match(text)
        if quoted and MASK not in quoted["value"] and not quoted["value"].startswith("(sensitive"):
            text = f"{quoted['head'].rstrip()} {mask(quoted['value'].strip())}"
        masked.append(mask_secrets_in_text(text))
    if masked:
        return tuple(masked)
    where = node.location_of(path) if path else node.loc
    if not path:
        return (f"{where} {node.address}",)
    return (f"{where} {node.address}.{path} = {masked_value(secret)}",)


def walk_values(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(dotted path, leaf) for string and unknown leaves of nested dicts and lists."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk_values(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from walk_values(item, f"{path}.{index}" if path else str(index))
    elif isinstance(value, str | Unknown):
        yield path, value


# Where a literal written in a file shows up in a trace: "envs/prod.tfvars:4 db_password = ...".
_TRACE_ORIGIN = re.compile(r"^(?P<file>[^\s:]+\.(?:tfvars|tfvars\.json|tf|toml|ya?ml|json)):(?P<line>\d+)\b")


# Node values that are settings of the loader, not configuration written by a user.
_SKIPPED_KEYS = frozenset({"source", "version", "providers", "depends_on", "count", "for_each", "Type", "DependsOn"})


def literal_origin(node: Node, path: str, containing: str = "") -> Location:
    """Where a literal is written: the file:line its trace starts from (the first step quoting `containing`,
    when given: a string built from several values is written where that part is), else the attribute's own
    span."""
    for step in node.trace_of(path):
        if containing and containing not in str(step):
            continue
        match = _TRACE_ORIGIN.match(str(step))
        if match:
            line = int(match["line"])
            return Location(match["file"], line, line)
    set_by = node.meta.get("set_by")
    if path.split(".")[0] in ("value", "Value") and set_by is not None:
        if isinstance(set_by, Location):
            return set_by
        match = _TRACE_ORIGIN.match(str(set_by))
        if match:
            line = int(match["line"])
            return Location(match["file"], line, line)
    return node.location_of(path)


def written_at(graph: Graph, node: Node, path: str, value: str) -> tuple[Node, Location] | None:
    """Where a value that reached `node.path` through references (a local, a variable, a module output) is
    written: the first node its trace names that holds a string containing it, at that string's line."""
    for step in node.trace_of(path):
        source = graph.nodes.get(f"tf:{step}")
        if source is None:
            continue
        for key, item in source.values.items():
            for found, leaf in walk_values(item, key):
                if isinstance(leaf, str) and value in leaf:
                    return source, source.location_of(found)
    return None


def is_lambda_env(node: Node, path: str) -> bool:
    if node.kind == NodeKind.RESOURCE and node.type in TF_FUNCTION_TYPES:
        return path.startswith(TF_ENV_PATH + ".")
    if node.kind == NodeKind.SAM_RESOURCE and node.type in SAM_FUNCTION_TYPES:
        return path.startswith(SAM_ENV_PATH + ".")
    if node.kind == NodeKind.SAM_TEMPLATE:
        return path.startswith(GLOBALS_ENV_PATH + ".")
    return False


_NAMED_VALUE_KINDS = {
    NodeKind.VARIABLE: ("value", "default"),
    NodeKind.LOCAL: ("value",),
    NodeKind.OUTPUT: ("value",),
    NodeKind.SAM_PARAMETER: ("value", "Default"),
    NodeKind.SAM_OUTPUT: ("Value", "value"),
}


_ATTRIBUTE_KINDS = (
    NodeKind.MODULE,
    NodeKind.PROVIDER,
    NodeKind.BACKEND,
    NodeKind.RESOURCE,
    NodeKind.DATA,
    NodeKind.SAM_RESOURCE,
    NodeKind.SAM_TEMPLATE,
)


# Sources first, so a literal is reported where it is written before the resources it reaches.
SOURCE_ORDER = [
    NodeKind.VARIABLE,
    NodeKind.SAM_PARAMETER,
    NodeKind.LOCAL,
    NodeKind.MODULE,
    NodeKind.PROVIDER,
    NodeKind.BACKEND,
    NodeKind.RESOURCE,
    NodeKind.DATA,
    NodeKind.SAM_TEMPLATE,
    NodeKind.SAM_RESOURCE,
    NodeKind.OUTPUT,
    NodeKind.SAM_OUTPUT,
]


def candidate_literals(node: Node, partly_known: bool = False) -> Iterator[tuple[str, str, str]]:
    """(value path, semantic path for the name test, value) of every string the node holds; with
    `partly_known`, also the literal text of strings only partly known before apply."""
    if node.kind in _NAMED_VALUE_KINDS:
        for key in _NAMED_VALUE_KINDS[node.kind]:
            if key not in node.values:
                continue
            for path, leaf in walk_values(node.values[key], key):
                text = _literal_text(leaf, partly_known)
                if text is not None:
                    yield path, node.name + path[len(key) :], text
    elif node.kind in _ATTRIBUTE_KINDS:
        for key, item in node.values.items():
            if key in _SKIPPED_KEYS:
                continue
            for path, leaf in walk_values(item, key):
                text = _literal_text(leaf, partly_known)
                if text is not None:
                    yield path, path, text


# What stands for the unknown parts between the literal ones: a template, in every language content is
# written in, so no scanner takes it (or what follows it) for a value.
_UNKNOWN_PART = "${...}"


def _literal_text(leaf: Any, partly_known: bool) -> str | None:
    if isinstance(leaf, str):
        return leaf
    if partly_known and isinstance(leaf, Unknown) and leaf.known:
        return _UNKNOWN_PART.join(leaf.known)
    return None


_LABELS = {
    NodeKind.VARIABLE: "",  # the address says it: var.x, local.x, output.x
    NodeKind.LOCAL: "",
    NodeKind.OUTPUT: "",
    NodeKind.SAM_PARAMETER: "SAM parameter",
    NodeKind.SAM_OUTPUT: "SAM output",
}


def literal_label(node: Node, path: str, semantic: str) -> str:
    """`variable db_password`, `SAM parameter ApiKey (Default)`, `aws_db_instance.legacy: password`."""
    if node.kind in _LABELS:
        where = " (default)" if path.split(".")[0] in ("default", "Default") else ""
        inner = semantic[len(node.name) :]
        return f"{_LABELS[node.kind]} {node.address}{inner}{where}".lstrip()
    return f"{node.address}: `{path}`"




def nodes_sources_first(graph: Graph) -> list[Node]:
    """Terraform and SAM nodes that hold literals, sources first: a literal is reported where it is written
    before the resources it reaches."""
    return sorted(
        (n for n in graph.nodes.values() if n.tool in (Tool.TERRAFORM, Tool.SAM) and n.kind in SOURCE_ORDER),
        key=lambda n: (SOURCE_ORDER.index(n.kind), n.module.count("module."), n.id),
    )


def scanned_shape(kind: str) -> str:
    """A detect-secrets secret type as a shape: "NPM tokens" -> "NPM token", "JSON Web Token" stays."""
    return kind[:-1] if kind.endswith(("tokens", "Tokens")) else kind


def value_shape(value: str, scanned: Mapping[str, tuple[ContentSecret, ...]]) -> str | None:
    """The credential shape of a whole value: notescheck's own, else what detect-secrets' token plugins called
    it in `scanned` (a `scan_content(..., whole_values=True)` answer), else None."""
    shape = token_shape(value)
    if shape:
        return shape
    found = scanned.get(value, ())
    return scanned_shape(found[0].kind) if found else None


def literal_reason(semantic_path: str, value: str, scanned: str = "") -> str:
    """Why NC-SECRET-001 reports a whole value: its shape (notescheck's own, or `scanned`, what detect-secrets'
    token plugins call it), or a secret-like name with a literal (else "")."""
    shape = token_shape(value) or (scanned_shape(scanned) if scanned else None)
    if shape:
        return f"a literal {shaped_like(shape)}"
    if is_secret_path(semantic_path) and is_secret_literal(value):
        return "a secret literal"
    return ""


# Where a value comes from a secret, even under an innocent name.
_SECRET_SOURCES = re.compile(
    r"(?:random_password\.|tls_private_key\.|aws_iam_access_key\.[\w-]+\.(?:secret|ses_smtp)|"
    r"\.(?:password|master_password|secret_string|secret_binary|client_secret|private_key_pem|result)\b)"
)


def secret_source(node: Node, path: str, secret_variables: set[str]) -> str:
    """Why the value at `path` is a secret by where it comes from (a secret variable, random_password, a
    secret_string...), read from its trace; "" when nothing says so."""
    trace = " ".join(str(t) for t in node.trace_of(path))
    for variable in sorted(secret_variables):
        if re.search(rf"\bvar\.{re.escape(variable)}\b", trace):
            return f"its value comes from the secret variable {variable}"
    match = _SECRET_SOURCES.search(trace)
    if match:
        return f"its value comes from a secret ({match.group(0).strip('.')})"
    return ""
