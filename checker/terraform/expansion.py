"""A block's body evaluated into values, with what Terraform expands on the way: count / for_each instances,
nested and dynamic blocks, the meta-arguments, and the provider configurations a module call passes on.

Every function evaluates in the scope it is given (a module instance's), so none needs the instance itself."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from checker.hcl.ast import Block, Body, ObjectExpr
from checker.hcl.evaluate import Scope, evaluate_traced
from checker.hcl.values import SetValue
from checker.model import Location, Unknown
from checker.records import record
from checker.terraform.config import Declared
from checker.terraform.instances import Expansion, count_expansion, for_each_expansion, single
from checker.terraform.references import expression_text, listed_references
from checker.terraform.session import Session, span, written_key_spans

META_ARGUMENTS = frozenset({"count", "for_each", "depends_on", "provider", "providers"})
META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})
UNEVALUATED_LIFECYCLE = frozenset({"ignore_changes", "replace_triggered_by"})


@record
class Evaluated:
    """A body's resolved values with their spans, traces and the nodes they referred to."""

    values: dict[str, Any] = field(default_factory=dict)
    spans: dict[str, Location] = field(default_factory=dict)
    traces: dict[str, tuple[str, ...]] = field(default_factory=dict)
    refs: set[str] = field(default_factory=set)
    meta: dict[str, Any] = field(default_factory=dict)


def instance_expansion(session: Session, body: Body, scope: Scope, file: str, what: str) -> Expansion:
    """The instances a block's count or for_each makes; an invalid one is reported and left unknown."""
    count = body.attribute("count")
    for_each = body.attribute("for_each")
    if count is not None:
        attribute, expand = count, count_expansion
    elif for_each is not None:
        attribute, expand = for_each, for_each_expansion
    else:
        return single()
    evaluation = evaluate_traced(attribute.expr, scope)
    session.note_errors(evaluation, file, attribute.line)
    expansion, problem = expand(evaluation.value, evaluation.refs)
    if problem:
        session.diagnose(file, attribute.line, f"{what}: {problem}", "config")
    return expansion


def evaluate_block(
    session: Session, declared: Declared, scope: Scope, bindings: dict[str, Any], top: bool
) -> Evaluated:
    """A resource's (top: meta-arguments apart) or a provider's block evaluated with count./each. bound."""
    evaluated = Evaluated()
    evaluate_body(session, declared.block.body, scope, bindings, declared.file, "", evaluated.values, evaluated, top)
    if top:
        meta_arguments(session, declared, scope, bindings, evaluated)
    return evaluated


def evaluate_body(
    session: Session,
    body: Body,
    scope: Scope,
    bindings: dict[str, Any],
    file: str,
    prefix: str,
    values: dict[str, Any],
    out: Evaluated,
    top: bool,
) -> None:
    """Attributes into `values`, nested blocks into lists of dicts; spans and traces under dotted paths."""
    block_file = file
    for attribute in body.attributes:
        if top and attribute.name in META_ARGUMENTS:
            continue
        file = attribute.file or block_file  # an override file's argument is reported there
        evaluation = evaluate_traced(attribute.expr, scope, bindings)
        session.note_errors(evaluation, file, attribute.line)
        path = prefix + attribute.name
        values[attribute.name] = evaluation.value
        out.spans[path] = span(file, attribute.line, attribute.end_line)
        if evaluation.trace:
            out.traces[path] = evaluation.trace
        out.refs.update(evaluation.refs)
        out.spans.update(written_key_spans(attribute.expr, path, file))
    for block in body.blocks:
        if top and block.type in META_BLOCKS:
            continue
        file = block.file or block_file
        if block.type == "dynamic" and block.labels:
            dynamic_block(session, block, scope, bindings, file, prefix, values, out)
        else:
            nested_block(session, block.type, block, block.body, scope, bindings, file, prefix, values, out)


def nested_block(
    session: Session,
    block_type: str,
    block: Block,
    body: Body,
    scope: Scope,
    bindings: dict[str, Any],
    file: str,
    prefix: str,
    values: dict[str, Any],
    out: Evaluated,
) -> None:
    """One more block of its type: appended to the list under `values[block_type]`."""
    existing = values.setdefault(block_type, [])
    if not isinstance(existing, list):
        return  # an unknown dynamic block of the same type already stands for all of them
    index = len(existing)
    path = f"{prefix}{block_type}"
    where = span(file, block.line, block.end_line)
    out.spans.setdefault(path, where)
    out.spans[f"{path}.{index}"] = where
    nested: dict[str, Any] = {}
    existing.append(nested)
    evaluate_body(session, body, scope, bindings, file, f"{path}.{index}.", nested, out, top=False)


def dynamic_block(
    session: Session,
    block: Block,
    scope: Scope,
    bindings: dict[str, Any],
    file: str,
    prefix: str,
    values: dict[str, Any],
    out: Evaluated,
) -> None:
    """`dynamic "x" { for_each, content }`: one nested x per element; all of them unknown if for_each is."""
    block_type = block.labels[0]
    for_each = block.body.attribute("for_each")
    iterator = block.body.attribute("iterator")
    iterator_name = (expression_text(iterator.expr) if iterator else None) or block_type
    content = next(iter(block.body.blocks_of("content")), None)
    path = f"{prefix}{block_type}"
    if for_each is None or content is None:
        session.diagnose(file, block.line, f"dynamic {block_type!r} needs for_each and content", "config")
        return
    evaluation = evaluate_traced(for_each.expr, scope, bindings)
    session.note_errors(evaluation, file, for_each.line)
    out.refs.update(evaluation.refs)
    collection = evaluation.value
    if isinstance(collection, Unknown):
        values[block_type] = Unknown(f"dynamic {block_type} blocks depend on an unknown for_each")
        out.spans.setdefault(path, span(file, block.line, block.end_line))
        if evaluation.trace:
            out.traces[path] = evaluation.trace
        return
    if isinstance(collection, dict):
        items = [(k, collection[k]) for k in sorted(collection)]
    elif isinstance(collection, SetValue):
        items = [(item, item) for item in collection]  # a set's element is its own key
    elif isinstance(collection, list):
        items = list(enumerate(collection))
    else:
        session.diagnose(file, for_each.line, f"dynamic {block_type!r}: for_each must be a collection", "config")
        return
    for key, value in items:
        inner = dict(bindings)
        inner[iterator_name] = {"key": key, "value": value}
        nested_block(session, block_type, block, content.body, scope, inner, file, prefix, values, out)


def meta_arguments(
    session: Session, declared: Declared, scope: Scope, bindings: dict[str, Any], out: Evaluated
) -> None:
    """depends_on and provider as the references written; lifecycle evaluated, except the settings that
    name attributes rather than compute a value."""
    body = declared.block.body
    depends_on = body.attribute("depends_on")
    names: list[str] = []
    if depends_on is not None:
        for text in listed_references(depends_on.expr):
            if text is None:
                session.diagnose(declared.file, depends_on.line, "depends_on entries must be references", "config")
                continue
            names.append(text)
    out.meta["depends_on"] = names
    provider = body.attribute("provider")
    if provider is not None:
        out.meta["provider_ref"] = expression_text(provider.expr) or ""
    lifecycle = next(iter(body.blocks_of("lifecycle")), None)
    if lifecycle is not None:
        settings: dict[str, Any] = {}
        for attribute in lifecycle.body.attributes:
            if attribute.name in UNEVALUATED_LIFECYCLE:
                settings[attribute.name] = attribute.source
            else:
                evaluation = evaluate_traced(attribute.expr, scope, bindings)
                settings[attribute.name] = evaluation.value
            where = attribute.file or declared.file
            out.spans[f"lifecycle.{attribute.name}"] = span(where, attribute.line, attribute.end_line)
        out.meta["lifecycle"] = settings


def child_providers(
    session: Session, provider_map: dict[str, str], prefix: str, body: Body, file: str
) -> dict[str, str]:
    """A module call's provider configurations: the defaults are inherited, aliases only through
    `providers = {...}`."""
    inherited = {k: v for k, v in provider_map.items() if "." not in k}
    providers = body.attribute("providers")
    if providers is not None and isinstance(providers.expr, ObjectExpr):
        for key_expr, value_expr in providers.expr.items:
            key = expression_text(key_expr)
            value = expression_text(value_expr)
            if not key or not value:
                continue
            if "." in value and value not in provider_map:
                session.diagnose(file, value_expr.line, f"provider configuration {value} is not declared", "reference")
            inherited[key] = provider_map.get(value, f"{prefix}provider.{value}")
    return inherited
