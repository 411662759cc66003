"""Resolve a parsed Terraform configuration for one environment into graph nodes and edges.

Every module call instance is resolved with its own inputs; values are computed lazily and memoized,
with a visiting set so that cycles among locals, outputs and resources are reported, not followed.
"""

from __future__ import annotations

import json
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.hcl.ast import Attribute, Block, Body, Expr, GetAttr, Literal, ObjectExpr, Paren, Traversal, Variable
from checker.hcl.evaluate import DictScope, Evaluation, Resolution, Scope, evaluate_traced
from checker.hcl.types import convert, parse_type
from checker.hcl.values import EvalError, find_unknown, to_number
from checker.model import (
    Diagnostic,
    DiagnosticLevel,
    Edge,
    EdgeKind,
    GraphPart,
    Location,
    Node,
    NodeKind,
    Tool,
    Unknown,
)
from checker.records import record
from checker.terraform.config import Declared, ModuleConfig
from checker.terraform.sources import CallTarget, TerraformSources, parse_tfvars_file, relative_posix
from checker.userfiles import UnreadableFile, present, read_regular

if TYPE_CHECKING:
    from checker.cache import ParseCache

META_ARGUMENTS = frozenset({"count", "for_each", "depends_on", "provider", "providers"})
META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})
UNEVALUATED_LIFECYCLE = frozenset({"ignore_changes", "replace_triggered_by"})
MAX_MODULE_DEPTH = 100  # notescheck's limit, not Terraform's (it has none): documented in the README
FILE_FUNCTIONS = frozenset({"file", "fileexists", "templatefile"})
MAX_READ_BYTES = 2_000_000
MAX_INSTANCES = 1000  # count / for_each beyond this stays one node with count_unknown
MAX_REFERENCE_DEPTH = 120
EVIDENCE_WIDTH = 100


def expression_text(expr: Expr) -> str | None:
    """`aws.us_east_1`, `module.iam`, `aws_s3_bucket.site`: a plain dotted reference as written."""
    if isinstance(expr, Paren):
        return expression_text(expr.expr)
    if isinstance(expr, Variable):
        return expr.name
    if isinstance(expr, Traversal) and isinstance(expr.source, Variable):
        names = [expr.source.name]
        for step in expr.steps:
            if not isinstance(step, GetAttr):
                break
            names.append(step.name)
        return ".".join(names)
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    return None


def _render_template(text: str, variables: dict[str, Any], display: str) -> Any:
    """templatefile(): the file is an HCL template (a heredoc body) evaluated with only `variables`."""
    marker = "NOTESCHECK_TEMPLATE_END"
    while marker in text:
        marker += "_"
    ending = "" if text.endswith("\n") else "\n"
    from checker.hcl.parser import parse_hcl  # here: most runs render no template

    parsed = parse_hcl(f"t = <<{marker}\n{text}{ending}{marker}\n".encode(), display)
    if parsed.errors or not parsed.body.attributes:
        raise EvalError(f"templatefile(): {display} is not a valid template")
    result = evaluate_traced(parsed.body.attributes[0].expr, DictScope(variables))
    if result.errors:
        raise EvalError(f"templatefile(): {display}: {result.errors[0]}")
    value = result.value
    if isinstance(value, str) and ending:
        value = value[:-1]
    return value


def _is_false(attribute: Attribute | None) -> bool:
    return attribute is not None and isinstance(attribute.expr, Literal) and attribute.expr.value is False


def _declared_sensitive(declared: Declared) -> bool:
    """A variable declared `sensitive = true`: its value never appears in evidence."""
    sensitive = declared.block.body.attribute("sensitive")
    return sensitive is not None and isinstance(sensitive.expr, Literal) and sensitive.expr.value is True


def _short(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= EVIDENCE_WIDTH else first[: EVIDENCE_WIDTH - 3] + "..."


def _instance_suffix(key: Any) -> str:
    if key is None:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    return f"[{json.dumps(key, ensure_ascii=False)}]"


@lru_cache(maxsize=65536)
def _location(file: str, first: int, last: int | None = None) -> Location:
    """Locations are immutable and repeat a lot (one per attribute path): share them."""
    return Location(file, first, last if last is not None else first)


@record
class _Setting:
    """A value given from outside a module (tfvars, a default, a call argument) and its evidence."""

    value: Any
    evidence: str
    location: Location


@record
class _Expansion:
    """count / for_each of a resource, data source or module call."""

    mode: str | None  # None, "count", "for_each", "unknown"
    instances: list[tuple[Any, dict[str, Any]]]  # (instance key, bindings for count./each.)
    refs: tuple[str, ...] = ()
    reason: str = ""


@record
class _ResourceInstance:
    """One instance of a resource block after count/for_each."""

    key: Any
    address: str
    values: dict[str, Any]
    spans: dict[str, Location]
    traces: dict[str, tuple[str, ...]]
    refs: set[str]
    meta: dict[str, Any]


@record
class _ResourceResult:
    """A resource block resolved: its expansion and instances, evaluated once."""

    expansion: _Expansion
    instances: list[_ResourceInstance]
    _value: Any = None
    _ids: tuple[str, ...] | None = None
    _by_key: dict[Any, _ResourceInstance] | None = None

    def value(self, address: str) -> Any:
        """What a reference to the resource yields: an object, a list (count) or a map (for_each)."""
        if self._value is None:
            mode = self.expansion.mode
            if mode == "unknown":
                self._value = Unknown(f"{address} has a count/for_each that is not known: {self.expansion.reason}")
            elif mode is None:
                self._value = self.instances[0].values
            elif mode == "count":
                self._value = [i.values for i in self.instances]
            else:
                self._value = {i.key: i.values for i in self.instances}
        return self._value

    def ids(self) -> tuple[str, ...]:
        if self._ids is None:
            self._ids = tuple("tf:" + i.address for i in self.instances)
        return self._ids

    def instance(self, key: Any) -> _ResourceInstance | None:
        if self._by_key is None:
            self._by_key = {(type(i.key), i.key): i for i in self.instances}
        return self._by_key.get((type(key), key))


@record
class _CallInstance:
    """One instance of a module call; its arguments are evaluated on demand in the calling module."""

    key: Any
    path: str  # module.a or module.a["k"]
    parent: _Instance
    declared: Declared
    bindings: dict[str, Any]
    child: _Instance | None = None
    evaluated: dict[str, Evaluation] = field(default_factory=dict)

    def argument(self, name: str) -> Evaluation | None:
        if name in self.evaluated:
            return self.evaluated[name]
        attribute = self.declared.block.body.attribute(name)
        if attribute is None or name in META_ARGUMENTS:
            return None
        parent, file = self.parent, attribute.file or self.declared.file  # .file: set by an override file

        def compute() -> Evaluation:
            evaluation = evaluate_traced(attribute.expr, _InstanceScope(parent, file), self.bindings)
            parent.resolver.note_errors(evaluation, file, attribute.line)
            return evaluation

        try:
            evaluation = parent.resolver.guarded((self.path, "argument ", name), file, attribute.line, compute)
        except _Cycle as cycle:
            evaluation = Evaluation(Unknown(f"cycle: {cycle}"))
        self.evaluated[name] = evaluation
        return evaluation


@record
class _CallResult:
    """A module call resolved: its expansion and one instance per key."""

    declared: Declared
    target: CallTarget
    expansion: _Expansion
    instances: list[_CallInstance] = field(default_factory=list)


class _Cycle(Exception):
    pass


class _InstanceScope(Scope):
    def __init__(self, instance: _Instance, file: str) -> None:
        self.instance = instance
        self.file = file

    def resolve(self, name: str, keys: tuple, line: int) -> Resolution | None:
        return self.instance.resolve_name(name, keys, self.file, line)

    def call(self, name: str, args: list[Any]) -> Any:
        if name not in FILE_FUNCTIONS:
            return NotImplemented
        return self.instance.file_function(name, args)


class _Resolver:
    def __init__(self, sources: TerraformSources, env: str) -> None:
        self.sources = sources
        self.env = env
        self.diagnostics: list[Diagnostic] = []
        self.seen_diagnostics: set[Diagnostic] = set()
        self.visiting: list[tuple[str, str, str]] = []
        self.nodes: dict[str, Node] = {}
        self.edges: set[tuple[str, str, EdgeKind]] = set()  # Edge objects are made once, at the end
        self.tfvars: dict[str, _Setting] = {}
        self.providers: dict[str, tuple[_Instance, Declared]] = {}
        self.provider_values: dict[str, _Evaluated] = {}

    def diagnose(
        self,
        file: str,
        line: int,
        message: str,
        code: str = "reference",
        level: DiagnosticLevel = DiagnosticLevel.ERROR,
    ) -> None:
        diagnostic = Diagnostic(file, line, message, level, code)
        if diagnostic not in self.seen_diagnostics:
            self.seen_diagnostics.add(diagnostic)
            self.diagnostics.append(diagnostic)

    def note_errors(self, evaluation: Evaluation, file: str, line: int) -> None:
        if not evaluation.errors:
            return
        for error in evaluation.errors:
            message = error.split(": ", 1)[1] if error.startswith("line ") and ": " in error else error
            self.diagnose(file, line, f"cannot evaluate: {message}", "evaluate", DiagnosticLevel.WARNING)

    def guarded(self, token: tuple[str, str, str], file: str, line: int, compute):
        """Run compute unless token is already being computed (a cycle) or the chain is too deep."""
        if token in self.visiting:
            chain = " -> ".join(
                f"{t[0]}.{t[1]}{t[2]}" if t[0] else f"{t[1]}{t[2]}"
                for t in self.visiting[self.visiting.index(token) :] + [token]
            )
            self.diagnose(file, line, f"cycle: {chain}", "cycle")
            raise _Cycle(chain)
        if len(self.visiting) >= MAX_REFERENCE_DEPTH:
            self.diagnose(file, line, f"references nested deeper than {MAX_REFERENCE_DEPTH} levels", "cycle")
            raise _Cycle("too deep")
        self.visiting.append(token)
        try:
            return compute()
        finally:
            self.visiting.pop()

    def add_node(self, node: Node) -> None:
        self.nodes[node.id] = node

    def add_references(self, source: str, refs, kind: EdgeKind = EdgeKind.REFERENCE) -> None:
        for target in refs:
            if target != source:
                self.edges.add((source, target, kind))

    def provider_config(self, address: str) -> _Evaluated:
        if address in self.provider_values:
            return self.provider_values[address]
        evaluated = _Evaluated()
        self.provider_values[address] = evaluated  # a provider reading itself stops here
        found = self.providers.get(address)
        if found is not None:
            instance, declared = found
            result = instance.evaluate_block(declared, {}, top=False)
            evaluated.values.update(result.values)
            evaluated.spans.update(result.spans)
            evaluated.traces.update(result.traces)
            evaluated.refs.update(result.refs)
        return evaluated


class _Instance:
    """One module instance: the root, or module.a / module.a["k"] / module.a.module.b."""

    def __init__(
        self,
        resolver: _Resolver,
        config: ModuleConfig,
        path: str,
        depth: int,
        call: _CallInstance | None,
        provider_map: dict[str, str],
    ) -> None:
        self.resolver = resolver
        self.config = config
        self.path = path
        self.prefix = f"{path}." if path else ""
        self.depth = depth
        self.caller = call
        self.call_file = call.declared.file if call else ""
        self.call_block = call.declared.block if call else None
        self.provider_map = provider_map
        self.variables: dict[str, tuple[Any, tuple[str, ...], Location | None, str]] = {}
        self.locals: dict[str, Evaluation] = {}
        self.outputs: dict[str, Evaluation] = {}
        self.resources: dict[str, _ResourceResult] = {}
        self.data: dict[str, _ResourceResult] = {}
        self.calls: dict[str, _CallResult] = {}
        module_dir = config.dir
        root_dir = resolver.sources.root_dir
        self.module_path = (
            "."
            if module_dir == root_dir
            else relative_posix(resolver.sources.root / module_dir, resolver.sources.root / root_dir)
        )
        for declared in config.providers:
            local_name = declared.block.labels[0]
            alias_attr = declared.block.body.attribute("alias")
            alias = expression_text(alias_attr.expr) if alias_attr else None
            local_key = f"{local_name}.{alias}" if alias else local_name
            address = f"{self.prefix}provider.{local_key}"
            self.provider_map[local_key] = address
            resolver.providers[address] = (self, declared)

    def node_id(self, tail: str) -> str:
        return f"tf:{self.prefix}{tail}"

    # -- names -----------------------------------------------------------------------------------

    def resolve_name(self, name: str, keys: tuple, file: str, line: int) -> Resolution:
        first = keys[0] if keys and isinstance(keys[0], str) else None
        if name == "var":
            if first is None:
                return Resolution(Unknown("var used without a name"), len(keys))
            if first not in self.config.variables:
                self.resolver.diagnose(file, line, f"reference to undeclared input variable var.{first}")
                return Resolution(Unknown(f"var.{first} is not declared"), 1)
            value, trace, _, _ = self.variable(first)
            return Resolution(value, 1, trace, (self.node_id(f"var.{first}"),))
        if name == "local":
            if first is None:
                return Resolution(Unknown("local used without a name"), len(keys))
            if first not in self.config.locals:
                self.resolver.diagnose(file, line, f"reference to undeclared local value local.{first}")
                return Resolution(Unknown(f"local.{first} is not declared"), 1)
            evaluation = self.local(first)
            return Resolution(
                evaluation.value,
                1,
                evaluation.trace + (f"{self.prefix}local.{first}",),
                (self.node_id(f"local.{first}"),),
            )
        if name == "module":
            return self.module_reference(keys, file, line)
        if name == "data":
            second = keys[1] if len(keys) > 1 and isinstance(keys[1], str) else None
            key = f"{first}.{second}"
            if first is None or second is None or key not in self.config.data:
                self.resolver.diagnose(file, line, f"reference to undeclared data source data.{key}")
                return Resolution(Unknown(f"data.{key} is not declared"), len(keys))
            result = self.data_source(key)
            return Resolution(
                Unknown(f"data.{key} is read from the provider at plan time"),
                2,
                (f"{self.prefix}data.{key}",),
                result.ids() if result else (),
            )
        if name == "path":
            return Resolution({"module": self.module_path, "root": ".", "cwd": "."})
        if name == "terraform":
            return Resolution({"workspace": "default"})
        if name in ("count", "each", "self"):
            if name != "self":
                self.resolver.diagnose(file, line, f"{name}.* used where no {name} is set")
            return Resolution(Unknown(f"{name} is not available here"), len(keys))
        if first is not None and f"{name}.{first}" in self.config.resources:
            key = f"{name}.{first}"
            result = self.resource(key)
            address = f"{self.prefix}{key}"
            if result is None:
                return Resolution(Unknown(f"{address} is part of a cycle"), 1)
            return self.resource_reference(result, address, keys)
        if first is not None:
            self.resolver.diagnose(file, line, f"reference to undeclared resource {name}.{first}")
        else:
            self.resolver.diagnose(file, line, f"unknown name {name!r}")
        return Resolution(Unknown(f"{name} is not declared"), min(1, len(keys)))

    @staticmethod
    def resource_reference(result: _ResourceResult, address: str, keys: tuple) -> Resolution:
        """A resource's value; when one attribute of one instance is read, that attribute's own evidence."""
        ids = result.ids()
        mode = result.expansion.mode
        instance: _ResourceInstance | None = None
        consumed = 1
        if mode is None and result.instances:
            instance = result.instances[0]
        elif mode in ("count", "for_each") and len(keys) > 1:
            wanted = keys[1]
            instance = result.instance(wanted) if isinstance(wanted, int | str) else None
            consumed = 2
        attribute = keys[consumed] if instance is not None and len(keys) > consumed else None
        if instance is None or not isinstance(attribute, str):
            return Resolution(result.value(address), 1, (address,), ids, lenient=address)
        where = f"{instance.address}.{attribute}"
        if attribute not in instance.values:
            reason = f"{where} is not set in the configuration (known after apply)"
            return Resolution(Unknown(reason), consumed + 1, (where,), ("tf:" + instance.address,))
        trace = instance.traces.get(attribute, ()) + (where,)
        return Resolution(instance.values[attribute], consumed + 1, trace, ("tf:" + instance.address,), lenient=where)

    def file_function(self, name: str, args: list[Any]) -> Any:
        """file(), fileexists(), templatefile(): read under the working directory only, never outside."""
        for arg in args:
            unknown = find_unknown(arg)
            if unknown is not None:
                return unknown
        if not args or not isinstance(args[0], str):
            raise EvalError(f"{name}(): a path string is required")
        sources = self.resolver.sources
        root = sources.root
        candidate = Path(args[0])
        if not candidate.is_absolute():
            candidate = root / sources.root_dir / candidate  # Terraform runs in the root module's directory
        try:
            real = candidate.resolve()
        except (OSError, RuntimeError) as exc:
            raise EvalError(f"{name}(): cannot resolve {args[0]!r}: {exc}") from None
        if real != root and root not in real.parents:
            raise EvalError(f"{name}(): {args[0]!r} is outside the working directory; not read")
        if name == "fileexists":
            return real.is_file()
        try:
            text = read_regular(real, MAX_READ_BYTES).decode("utf-8")
        except UnreadableFile as exc:
            raise EvalError(f"{name}(): cannot read {args[0]!r}: {exc.reason}") from None
        except UnicodeDecodeError as exc:
            raise EvalError(f"{name}(): cannot read {args[0]!r}: {exc}") from None
        if name == "file":
            return text
        if len(args) != 2 or not isinstance(args[1], dict):
            raise EvalError("templatefile(): a path and a map of variables are required")
        return _render_template(text, args[1], relative_posix(real, root))

    # -- variables, locals, outputs --------------------------------------------------------------

    def variable(self, name: str) -> tuple[Any, tuple[str, ...], Location | None, str]:
        """(value, trace, where it was set, set_by) for var.name in this instance."""
        if name in self.variables:
            return self.variables[name]
        declared = self.config.variables[name]
        body = declared.block.body
        default = body.attribute("default")
        type_attr = body.attribute("type")
        value: Any
        trace: tuple[str, ...] = ()
        where: Location | None = None
        set_by = ""
        if not self.path and name in self.resolver.tfvars:
            setting = self.resolver.tfvars[name]
            value, trace, where = setting.value, (setting.evidence,), setting.location
            set_by = str(setting.location)
        elif self.caller is not None and (evaluation := self.caller.argument(name)) is not None:
            attribute = self.call_block.body.attribute(name) if self.call_block else None
            value = evaluation.value
            written = "(sensitive)" if _declared_sensitive(declared) or not attribute else _short(attribute.source)
            step = f"{self.path}: {name} = {written}"
            trace = evaluation.trace + (step,)
            if attribute is not None:
                where = _location(attribute.file or self.call_file, attribute.line, attribute.end_line)
                set_by = str(where)
        elif default is not None:
            default_file = default.file or declared.file
            evaluation = evaluate_traced(default.expr, Scope())
            self.resolver.note_errors(evaluation, default_file, default.line)
            value = evaluation.value
            shown = "(sensitive)" if _declared_sensitive(declared) else _short(default.source)
            trace = (f"{default_file}:{default.line} default = {shown}",)
            where = _location(default_file, default.line, default.end_line)
            set_by = str(where)
        else:
            value = Unknown(f"variable {self.prefix}var.{name} has no value in environment {self.resolver.env}")
        nullable = body.attribute("nullable")
        if value is None and default is not None and _is_false(nullable):
            value = evaluate_traced(default.expr, Scope()).value  # nullable = false: null means the default
        if type_attr is not None:
            value = self.convert(value, type_attr, declared.file, where or declared.block)
        result = (value, trace + (f"{self.prefix}var.{name}",), where, set_by)
        self.variables[name] = result
        return result

    def convert(self, value: Any, type_attr: Attribute, file: str, where) -> Any:
        """Terraform's conversion of a variable's value to its declared type (checker.hcl.types)."""
        type_text = type_attr.source.strip()
        spec = parse_type(type_attr.expr)
        if spec is None:
            return value
        try:
            return convert(value, spec, lambda expr: evaluate_traced(expr, Scope()).value)
        except EvalError as exc:
            line = where.line if hasattr(where, "line") else 0
            self.resolver.diagnose(
                where.file if isinstance(where, Location) else file,
                line,
                f"invalid value for a {type_text} variable: {exc}",
                "config",
            )
            return Unknown(f"invalid value: {exc}")

    def local(self, name: str) -> Evaluation:
        if name in self.locals:
            return self.locals[name]
        declared = self.config.locals[name]
        evaluation = self._evaluated("local.", name, declared.file, declared.attribute)
        self.locals[name] = evaluation
        return evaluation

    def _evaluated(self, kind: str, name: str, file: str, attribute: Attribute) -> Evaluation:
        """An attribute of this instance evaluated once; a cycle is reported, never followed."""

        def compute() -> Evaluation:
            evaluation = evaluate_traced(attribute.expr, _InstanceScope(self, file))
            self.resolver.note_errors(evaluation, file, attribute.line)
            return evaluation

        try:
            return self.resolver.guarded((self.path, kind, name), file, attribute.line, compute)
        except _Cycle as cycle:
            return Evaluation(Unknown(f"cycle: {cycle}"))

    def output(self, name: str) -> Evaluation:
        if name in self.outputs:
            return self.outputs[name]
        declared = self.config.outputs[name]
        attribute = declared.block.body.attribute("value")
        if attribute is None:
            self.resolver.diagnose(declared.file, declared.block.line, f"output {name!r} has no value", "config")
            evaluation = Evaluation(Unknown("output without value"))
        else:
            evaluation = self._evaluated("output.", name, attribute.file or declared.file, attribute)
        self.outputs[name] = evaluation
        return evaluation

    # -- resources and data sources --------------------------------------------------------------

    def expansion(self, body: Body, file: str, what: str) -> _Expansion:
        scope = _InstanceScope(self, file)
        count = body.attribute("count")
        for_each = body.attribute("for_each")
        if count is not None:
            evaluation = evaluate_traced(count.expr, scope)
            self.resolver.note_errors(evaluation, file, count.line)
            value = evaluation.value
            if isinstance(value, Unknown):
                return _Expansion("unknown", [(None, {"count": {"index": value}})], evaluation.refs, value.reason)
            try:
                number = to_number(value)
                if number != int(number) or number < 0:
                    raise EvalError(f"{number} is not a whole number >= 0")
                number = int(number)
                if number > MAX_INSTANCES:
                    raise EvalError(f"{number} instances are more than notescheck expands ({MAX_INSTANCES})")
            except EvalError as exc:
                self.resolver.diagnose(file, count.line, f"{what}: invalid count: {exc}", "config")
                return _Expansion(
                    "unknown",
                    [(None, {"count": {"index": Unknown("invalid count")}})],
                    evaluation.refs,
                    "invalid count",
                )
            return _Expansion("count", [(i, {"count": {"index": i}}) for i in range(max(0, number))], evaluation.refs)
        if for_each is not None:
            evaluation = evaluate_traced(for_each.expr, scope)
            self.resolver.note_errors(evaluation, file, for_each.line)
            value = evaluation.value
            unknown_each = {"each": {"key": Unknown("for_each unknown"), "value": Unknown("for_each unknown")}}
            if isinstance(value, Unknown):
                return _Expansion("unknown", [(None, unknown_each)], evaluation.refs, value.reason)
            if isinstance(value, dict | list) and len(value) > MAX_INSTANCES:
                self.resolver.diagnose(
                    file, for_each.line, f"{what}: for_each has more than {MAX_INSTANCES} elements", "config"
                )
                return _Expansion("unknown", [(None, unknown_each)], evaluation.refs, "too many instances")
            if isinstance(value, dict):
                items = [(k, value[k]) for k in sorted(value)]
            elif isinstance(value, list) and all(isinstance(v, str | Unknown) for v in value):
                if any(isinstance(v, Unknown) for v in value):
                    return _Expansion("unknown", [(None, unknown_each)], evaluation.refs, "for_each keys unknown")
                items = [(v, v) for v in sorted(set(value))]
            else:
                self.resolver.diagnose(
                    file, for_each.line, f"{what}: for_each must be a map or a set of strings", "config"
                )
                return _Expansion("unknown", [(None, unknown_each)], evaluation.refs, "invalid for_each")
            return _Expansion("for_each", [(k, {"each": {"key": k, "value": v}}) for k, v in items], evaluation.refs)
        return _Expansion(None, [(None, {})])

    def resource(self, key: str) -> _ResourceResult | None:
        return self._resource_like(key, data=False)

    def data_source(self, key: str) -> _ResourceResult | None:
        return self._resource_like(key, data=True)

    def _resource_like(self, key: str, data: bool) -> _ResourceResult | None:
        cache = self.data if data else self.resources
        if key in cache:
            return cache[key]
        declared = (self.config.data if data else self.config.resources)[key]
        tail = f"data.{key}" if data else key

        def compute() -> _ResourceResult:
            expansion = self.expansion(declared.block.body, declared.file, tail)
            instances = []
            for instance_key, bindings in expansion.instances:
                evaluated = self.evaluate_block(declared, bindings, top=True)
                address = f"{self.prefix}{tail}{_instance_suffix(instance_key)}"
                evaluated.refs.update(expansion.refs)
                instances.append(
                    _ResourceInstance(
                        instance_key,
                        address,
                        evaluated.values,
                        evaluated.spans,
                        evaluated.traces,
                        evaluated.refs,
                        evaluated.meta,
                    )
                )
            return _ResourceResult(expansion, instances)

        try:
            result = self.resolver.guarded((self.path, "", tail), declared.file, declared.block.line, compute)
        except _Cycle:
            result = None
        cache[key] = result
        return result

    def evaluate_block(self, declared: Declared, bindings: dict[str, Any], top: bool) -> _Evaluated:
        evaluated = _Evaluated()
        scope = _InstanceScope(self, declared.file)
        self.evaluate_body(declared.block.body, scope, bindings, declared.file, "", evaluated.values, evaluated, top)
        if top:
            self.meta_arguments(declared, bindings, evaluated)
        return evaluated

    def evaluate_body(
        self,
        body: Body,
        scope: Scope,
        bindings: dict[str, Any],
        file: str,
        prefix: str,
        values: dict[str, Any],
        out: _Evaluated,
        top: bool,
    ) -> None:
        block_file = file
        for attribute in body.attributes:
            if top and attribute.name in META_ARGUMENTS:
                continue
            file = attribute.file or block_file  # an override file's argument is reported there
            evaluation = evaluate_traced(attribute.expr, scope, bindings)
            self.resolver.note_errors(evaluation, file, attribute.line)
            path = prefix + attribute.name
            values[attribute.name] = evaluation.value
            out.spans[path] = _location(file, attribute.line, attribute.end_line)
            if evaluation.trace:
                out.traces[path] = evaluation.trace
            out.refs.update(evaluation.refs)
            if isinstance(attribute.expr, ObjectExpr):
                for key_expr, value_expr in attribute.expr.items:
                    if isinstance(key_expr, Literal) and isinstance(key_expr.value, str):
                        out.spans[f"{path}.{key_expr.value}"] = _location(file, key_expr.line, value_expr.line)
        for block in body.blocks:
            if top and block.type in META_BLOCKS:
                continue
            file = block.file or block_file
            if block.type == "dynamic" and block.labels:
                self.dynamic_block(block, scope, bindings, file, prefix, values, out)
            else:
                self.nested_block(block.type, block, block.body, scope, bindings, file, prefix, values, out)

    def nested_block(
        self,
        block_type: str,
        block: Block,
        body: Body,
        scope: Scope,
        bindings: dict[str, Any],
        file: str,
        prefix: str,
        values: dict[str, Any],
        out: _Evaluated,
    ) -> None:
        existing = values.setdefault(block_type, [])
        if not isinstance(existing, list):
            return  # an unknown dynamic block of the same type already stands for all of them
        index = len(existing)
        path = f"{prefix}{block_type}"
        location = _location(file, block.line, block.end_line)
        out.spans.setdefault(path, location)
        out.spans[f"{path}.{index}"] = location
        nested: dict[str, Any] = {}
        existing.append(nested)
        self.evaluate_body(body, scope, bindings, file, f"{path}.{index}.", nested, out, top=False)

    def dynamic_block(
        self,
        block: Block,
        scope: Scope,
        bindings: dict[str, Any],
        file: str,
        prefix: str,
        values: dict[str, Any],
        out: _Evaluated,
    ) -> None:
        block_type = block.labels[0]
        for_each = block.body.attribute("for_each")
        iterator = block.body.attribute("iterator")
        iterator_name = (expression_text(iterator.expr) if iterator else None) or block_type
        content = next(iter(block.body.blocks_of("content")), None)
        path = f"{prefix}{block_type}"
        if for_each is None or content is None:
            self.resolver.diagnose(file, block.line, f"dynamic {block_type!r} needs for_each and content", "config")
            return
        evaluation = evaluate_traced(for_each.expr, scope, bindings)
        self.resolver.note_errors(evaluation, file, for_each.line)
        out.refs.update(evaluation.refs)
        collection = evaluation.value
        if isinstance(collection, Unknown):
            values[block_type] = Unknown(f"dynamic {block_type} blocks depend on an unknown for_each")
            out.spans.setdefault(path, _location(file, block.line, block.end_line))
            if evaluation.trace:
                out.traces[path] = evaluation.trace
            return
        if isinstance(collection, dict):
            items = [(k, collection[k]) for k in sorted(collection)]
        elif isinstance(collection, list):
            items = list(enumerate(collection))
        else:
            self.resolver.diagnose(
                file, for_each.line, f"dynamic {block_type!r}: for_each must be a collection", "config"
            )
            return
        for key, value in items:
            inner = dict(bindings)
            inner[iterator_name] = {"key": key, "value": value}
            self.nested_block(block_type, block, content.body, scope, inner, file, prefix, values, out)

    def meta_arguments(self, declared: Declared, bindings: dict[str, Any], out: _Evaluated) -> None:
        body = declared.block.body
        depends_on = body.attribute("depends_on")
        names: list[str] = []
        if depends_on is not None:
            items = getattr(depends_on.expr, "items", ())
            for item in items:
                text = expression_text(item)
                if text is None:
                    self.resolver.diagnose(
                        declared.file, depends_on.line, "depends_on entries must be references", "config"
                    )
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
                    evaluation = evaluate_traced(attribute.expr, _InstanceScope(self, declared.file), bindings)
                    settings[attribute.name] = evaluation.value
                where = attribute.file or declared.file
                out.spans[f"lifecycle.{attribute.name}"] = _location(where, attribute.line, attribute.end_line)
            out.meta["lifecycle"] = settings

    # -- module calls ----------------------------------------------------------------------------

    def call(self, name: str) -> _CallResult:
        if name in self.calls:
            return self.calls[name]
        declared = self.config.module_calls[name]
        target = self.resolver.sources.calls.get((self.config.dir, name), CallTarget("", error="not loaded"))
        result = _CallResult(declared, target, _Expansion(None, [(None, {})]))

        def compute() -> None:
            body = declared.block.body
            result.expansion = self.expansion(body, declared.file, f"module.{name}")
            child_config = self.resolver.sources.modules.get(target.local_dir) if target.local_dir else None
            for key, bindings in result.expansion.instances:
                path = f"{self.prefix}module.{name}{_instance_suffix(key)}"
                call = _CallInstance(key, path, self, declared, bindings)
                if child_config is not None and self.depth < MAX_MODULE_DEPTH:
                    call.child = _Instance(
                        self.resolver,
                        child_config,
                        path,
                        self.depth + 1,
                        call,
                        self.child_providers(body, declared.file),
                    )
                elif child_config is not None:
                    message = (
                        f"modules nested deeper than {MAX_MODULE_DEPTH} levels exceed notescheck's limit "
                        "(Terraform has none); this module's contents are not checked"
                    )
                    self.resolver.diagnose(declared.file, declared.block.line, message, "limit")
                result.instances.append(call)

        try:
            self.resolver.guarded((self.path, "module.", name), declared.file, declared.block.line, compute)
        except _Cycle:
            result.expansion = _Expansion("unknown", [], (), "cycle")
            result.instances = []
        self.calls[name] = result
        return result

    def child_providers(self, body: Body, file: str) -> dict[str, str]:
        """Default provider configurations are inherited; aliases only through `providers = {...}`."""
        inherited = {k: v for k, v in self.provider_map.items() if "." not in k}
        providers = body.attribute("providers")
        if providers is not None and isinstance(providers.expr, ObjectExpr):
            for key_expr, value_expr in providers.expr.items:
                key = expression_text(key_expr)
                value = expression_text(value_expr)
                if not key or not value:
                    continue
                if "." in value and value not in self.provider_map:
                    self.resolver.diagnose(
                        file, value_expr.line, f"provider configuration {value} is not declared", "reference"
                    )
                inherited[key] = self.provider_map.get(value, f"{self.prefix}provider.{value}")
        return inherited

    def module_reference(self, keys: tuple, file: str, line: int) -> Resolution:
        name = keys[0] if keys and isinstance(keys[0], str) else None
        if name is None or name not in self.config.module_calls:
            self.resolver.diagnose(file, line, f"reference to undeclared module module.{name}")
            return Resolution(Unknown(f"module.{name} is not declared"), len(keys))
        result = self.call(name)
        if result.target.local_dir is None:
            why = "remote module, not fetched" if result.target.remote else "module could not be loaded"
            return Resolution(
                Unknown(f"module.{name}: {why}"),
                len(keys),
                (f"{self.prefix}module.{name}",),
                (self.node_id(f"module.{name}"),),
            )
        mode = result.expansion.mode
        if mode == "unknown":
            return Resolution(Unknown(f"module.{name} has an unknown count/for_each"), 1)
        if mode is None and result.instances and result.instances[0].child is not None:
            child = result.instances[0].child
            output = keys[1] if len(keys) > 1 and isinstance(keys[1], str) else None
            if output is not None:
                if output not in child.config.outputs:
                    self.resolver.diagnose(file, line, f"module.{name} has no output {output!r}")
                    return Resolution(Unknown(f"module.{name}.{output} is not declared"), 2)
                evaluation = child.output(output)
                return Resolution(
                    evaluation.value,
                    2,
                    evaluation.trace + (f"{child.path}.output.{output}",),
                    (child.node_id(f"output.{output}"),),
                )
            return Resolution(
                self.outputs_object(child),
                1,
                (child.path,),
                tuple(child.node_id(f"output.{o}") for o in child.config.outputs),
            )
        collected: Any = [] if mode == "count" else {}
        refs: list[str] = []
        for instance in result.instances:
            if instance.child is None:
                continue
            value = self.outputs_object(instance.child)
            refs.extend(instance.child.node_id(f"output.{o}") for o in instance.child.config.outputs)
            if isinstance(collected, list):
                collected.append(value)
            else:
                collected[instance.key] = value
        return Resolution(collected, 1, (f"{self.prefix}module.{name}",), tuple(refs))

    @staticmethod
    def outputs_object(child: _Instance) -> dict[str, Any]:
        return {name: child.output(name).value for name in child.config.outputs}


@record
class _Evaluated:
    """A body's resolved values with their spans, traces and the nodes they referred to."""

    values: dict[str, Any] = field(default_factory=dict)
    spans: dict[str, Location] = field(default_factory=dict)
    traces: dict[str, tuple[str, ...]] = field(default_factory=dict)
    refs: set[str] = field(default_factory=set)
    meta: dict[str, Any] = field(default_factory=dict)


# -- emitting nodes and edges ----------------------------------------------------------------------


def _comments_for(config: ModuleConfig, file: str, block: Block) -> tuple[tuple[int, str], ...]:
    """Comments inside the block and on the lines directly above it (inline suppressions live there)."""
    comments = config.comments.get(file)
    return comments.for_block(block.line, block.end_line) if comments else ()


def _default_tags(provider: _Evaluated | None) -> dict[str, Any] | Unknown:
    if provider is None:
        return {}
    blocks = provider.values.get("default_tags")
    if isinstance(blocks, Unknown):
        return blocks
    if not isinstance(blocks, list) or not blocks:
        return {}
    tags = blocks[0].get("tags") if isinstance(blocks[0], dict) else None
    if isinstance(tags, Unknown):
        return tags
    return dict(tags) if isinstance(tags, dict) else {}


def _effective_tags(defaults: dict[str, Any] | Unknown, own: Any) -> dict[str, Any] | Unknown:
    if isinstance(defaults, Unknown):
        return defaults
    if isinstance(own, Unknown):
        return own
    merged = dict(defaults)
    if isinstance(own, dict):
        merged.update(own)
    return merged


def _constant(attribute: Attribute | None, resolver: _Resolver, file: str) -> Any:
    if attribute is None:
        return None
    evaluation = evaluate_traced(attribute.expr, Scope())
    resolver.note_errors(evaluation, file, attribute.line)
    return evaluation.value


class _Emitter:
    def __init__(self, resolver: _Resolver) -> None:
        self.resolver = resolver

    def add(self, node: Node, inside: list[str], refs=()) -> None:
        self.resolver.add_node(node)
        inside.append(node.id)
        self.resolver.add_references(node.id, refs)

    def instance(self, instance: _Instance) -> list[str]:
        """Emit the nodes of one module instance; returns the ids of the nodes directly inside it."""
        config = instance.config
        inside: list[str] = []
        self.providers(instance, inside)
        self.terraform_settings(instance, inside)
        for name in config.variables:
            self.variable(instance, name, inside)
        for name, declared in config.locals.items():
            evaluation = instance.local(name)
            attribute = declared.attribute
            location = _location(declared.file, attribute.line, attribute.end_line)
            address = f"{instance.prefix}local.{name}"
            node = Node(
                "tf:" + address,
                address,
                NodeKind.LOCAL,
                Tool.TERRAFORM,
                name=name,
                module=instance.path,
                loc=location,
                values={"value": evaluation.value},
                spans={"value": location},
                traces={"value": evaluation.trace} if evaluation.trace else {},
            )
            self.add(node, inside, evaluation.refs)
        for name in config.outputs:
            self.output(instance, name, inside)
        for key in config.data:
            self.resource(instance, key, True, inside)
        for key in config.resources:
            self.resource(instance, key, False, inside)
        for name in config.module_calls:
            self.module_call(instance, name, inside)
        return inside

    def providers(self, instance: _Instance, inside: list[str]) -> None:
        for address, (owner, declared) in list(self.resolver.providers.items()):
            if owner is not instance:
                continue
            evaluated = self.resolver.provider_config(address)
            local_name = declared.block.labels[0]
            alias = evaluated.values.get("alias")
            values = dict(evaluated.values)
            values.setdefault("alias", None)
            node = Node(
                "tf:" + address,
                address,
                NodeKind.PROVIDER,
                Tool.TERRAFORM,
                type=local_name,
                name=alias if isinstance(alias, str) else "",
                module=instance.path,
                loc=_location(declared.file, declared.block.line, declared.block.end_line),
                values=values,
                spans=evaluated.spans,
                traces=evaluated.traces,
                meta={"comments": _comments_for(instance.config, declared.file, declared.block)},
            )
            self.add(node, inside, evaluated.refs)

    def terraform_settings(self, instance: _Instance, inside: list[str]) -> None:
        config = instance.config
        if not config.terraform_blocks:
            return
        values: dict[str, Any] = {"required_version": None, "required_providers": {}}
        spans: dict[str, Location] = {}
        first = config.terraform_blocks[0]
        for declared in config.terraform_blocks:
            body = declared.block.body
            version = body.attribute("required_version")
            if version is not None:
                values["required_version"] = _constant(version, self.resolver, declared.file)
                spans["required_version"] = _location(declared.file, version.line, version.end_line)
            for block in body.blocks_of("required_providers"):
                spans.setdefault("required_providers", _location(declared.file, block.line, block.end_line))
                for attribute in block.body.attributes:
                    values["required_providers"][attribute.name] = self.required_provider(attribute, declared.file)
                    spans[f"required_providers.{attribute.name}"] = _location(
                        declared.file, attribute.line, attribute.end_line
                    )
        address = f"{instance.prefix}terraform"
        node = Node(
            "tf:" + address,
            address,
            NodeKind.TERRAFORM,
            Tool.TERRAFORM,
            module=instance.path,
            loc=_location(first.file, first.block.line, first.block.end_line),
            values=values,
            spans=spans,
        )
        self.add(node, inside)
        backend = config.backend
        if backend is not None and not instance.path:
            values = {}
            spans = {}
            for attribute in backend.block.body.attributes:
                values[attribute.name] = _constant(attribute, self.resolver, backend.file)
                spans[attribute.name] = _location(backend.file, attribute.line, attribute.end_line)
            node = Node(
                "tf:terraform.backend",
                "terraform.backend",
                NodeKind.BACKEND,
                Tool.TERRAFORM,
                type=backend.block.labels[0] if backend.block.labels else backend.block.type,
                loc=_location(backend.file, backend.block.line, backend.block.end_line),
                values=values,
                spans=spans,
                meta={"comments": _comments_for(config, backend.file, backend.block)},
            )
            self.add(node, inside)

    def required_provider(self, attribute: Attribute, file: str) -> Any:
        """`aws = { source = ..., version = ..., configuration_aliases = [aws.x] }`; aliases kept as text."""
        if not isinstance(attribute.expr, ObjectExpr):
            return _constant(attribute, self.resolver, file)
        settings: dict[str, Any] = {}
        for key_expr, value_expr in attribute.expr.items:
            key = expression_text(key_expr)
            if key is None:
                continue
            if key == "configuration_aliases":
                settings[key] = [expression_text(item) or "" for item in getattr(value_expr, "items", ())]
            else:
                evaluation = evaluate_traced(value_expr, Scope())
                self.resolver.note_errors(evaluation, file, value_expr.line)
                settings[key] = evaluation.value
        return settings

    def variable(self, instance: _Instance, name: str, inside: list[str]) -> None:
        declared = instance.config.variables[name]
        body = declared.block.body
        value, trace, where, set_by = instance.variable(name)
        if not instance.path and not set_by:
            self.resolver.diagnose(
                declared.file,
                declared.block.line,
                f"variable {name!r} has no default and no value for environment {self.resolver.env!r}: "
                "terraform plan would ask for it; its value is unknown here",
                "config",
                DiagnosticLevel.WARNING,
            )
        default_attr = body.attribute("default")
        type_attr = body.attribute("type")
        sensitive_attr = body.attribute("sensitive")
        sensitive = _constant(sensitive_attr, self.resolver, declared.file)
        validations = []
        # Terraform 1.9+ lets a validation refer to other variables and objects of its module
        scope = _InstanceScope(instance, declared.file)
        for block in body.blocks_of("validation"):
            condition = block.body.attribute("condition")
            message = block.body.attribute("error_message")
            holds: Any = None
            if condition is not None:
                holds = evaluate_traced(condition.expr, scope).value
            validations.append(
                {
                    "condition": condition.source if condition else "",
                    "error_message": evaluate_traced(message.expr, scope).value
                    if message
                    else "",
                    "holds": holds,
                    "line": block.line,
                }
            )
        spans: dict[str, Location] = {}
        for key, attribute in (("default", default_attr), ("sensitive", sensitive_attr), ("type", type_attr)):
            if attribute is not None:
                spans[key] = _location(attribute.file or declared.file, attribute.line, attribute.end_line)
        if where is not None:
            spans["value"] = where
        values = {
            "value": value,
            "default": _constant(default_attr, self.resolver, declared.file),
            "type": type_attr.source.strip() if type_attr else None,
            "sensitive": sensitive is True,
            "description": _constant(body.attribute("description"), self.resolver, declared.file),
        }
        address = f"{instance.prefix}var.{name}"
        node = Node(
            "tf:" + address,
            address,
            NodeKind.VARIABLE,
            Tool.TERRAFORM,
            name=name,
            module=instance.path,
            loc=_location(declared.file, declared.block.line, declared.block.end_line),
            values=values,
            spans=spans,
            traces={"value": trace},
            meta={
                "validation": validations,
                "has_default": default_attr is not None,
                "set_by": set_by,
                "comments": _comments_for(instance.config, declared.file, declared.block),
            },
        )
        self.add(node, inside)

    def output(self, instance: _Instance, name: str, inside: list[str]) -> None:
        declared = instance.config.outputs[name]
        body = declared.block.body
        evaluation = instance.output(name)
        value_attr = body.attribute("value")
        sensitive_attr = body.attribute("sensitive")
        spans = {}
        if value_attr is not None:
            spans["value"] = _location(value_attr.file or declared.file, value_attr.line, value_attr.end_line)
        if sensitive_attr is not None:
            where = sensitive_attr.file or declared.file
            spans["sensitive"] = _location(where, sensitive_attr.line, sensitive_attr.end_line)
        address = f"{instance.prefix}output.{name}"
        node = Node(
            "tf:" + address,
            address,
            NodeKind.OUTPUT,
            Tool.TERRAFORM,
            name=name,
            module=instance.path,
            loc=_location(declared.file, declared.block.line, declared.block.end_line),
            values={
                "value": evaluation.value,
                "sensitive": _constant(sensitive_attr, self.resolver, declared.file) is True,
                "description": _constant(body.attribute("description"), self.resolver, declared.file),
            },
            spans=spans,
            traces={"value": evaluation.trace} if evaluation.trace else {},
            meta={"comments": _comments_for(instance.config, declared.file, declared.block)},
        )
        self.add(node, inside, evaluation.refs)

    def dependency_ids(self, instance: _Instance, names: list[str], file: str, line: int) -> list[str]:
        ids: list[str] = []
        for text in names:
            parts = text.split(".")
            if parts[0] == "module" and len(parts) > 1 and parts[1] in instance.config.module_calls:
                ids.extend("tf:" + c.path for c in instance.call(parts[1]).instances)
            elif parts[0] == "data" and len(parts) > 2 and f"{parts[1]}.{parts[2]}" in instance.config.data:
                result = instance.data_source(f"{parts[1]}.{parts[2]}")
                ids.extend(result.ids() if result else ())
            elif len(parts) > 1 and f"{parts[0]}.{parts[1]}" in instance.config.resources:
                result = instance.resource(f"{parts[0]}.{parts[1]}")
                ids.extend(result.ids() if result else ())
            else:
                self.resolver.diagnose(file, line, f"depends_on refers to undeclared {text}")
        return ids

    def resource(self, instance: _Instance, key: str, data: bool, inside: list[str]) -> None:
        declared = (instance.config.data if data else instance.config.resources)[key]
        block = declared.block
        result = instance.data_source(key) if data else instance.resource(key)
        resource_type, name = key.split(".", 1)
        location = _location(declared.file, block.line, block.end_line)
        comments = _comments_for(instance.config, declared.file, block)
        kind = NodeKind.DATA if data else NodeKind.RESOURCE
        if result is None:
            address = f"{instance.prefix}{'data.' if data else ''}{key}"
            node = Node(
                "tf:" + address,
                address,
                kind,
                Tool.TERRAFORM,
                type=resource_type,
                name=name,
                module=instance.path,
                loc=location,
                tags=None if data else Unknown("part of a cycle"),
                meta={
                    "comments": comments,
                    "cycle": True,
                    "count_unknown": False,
                    "instance_key": None,
                    "depends_on": [],
                    "provider": resource_type.split("_", 1)[0],
                },
            )
            self.add(node, inside)
            return
        for item in result.instances:
            provider_ref = item.meta.get("provider_ref") or resource_type.split("_", 1)[0]
            provider_address = instance.provider_map.get(provider_ref)
            provider = self.resolver.provider_config(provider_address) if provider_address else None
            if provider_address is None and "." in provider_ref:
                written = block.body.attribute("provider")
                self.resolver.diagnose(
                    declared.file,
                    written.line if written else block.line,
                    f"provider configuration {provider_ref} is not declared"
                    + (" (or not passed by the module call)" if instance.path else ""),
                    "reference",
                )
            meta = {
                "depends_on": item.meta.get("depends_on", []),
                "provider": provider_address.rsplit("provider.", 1)[1] if provider_address else provider_ref,
                "comments": comments,
                "count_unknown": result.expansion.mode == "unknown",
                "instance_key": item.key,
            }
            if "lifecycle" in item.meta:
                meta["lifecycle"] = item.meta["lifecycle"]
            tags = None if data else _effective_tags(_default_tags(provider), item.values.get("tags"))
            node = Node(
                "tf:" + item.address,
                item.address,
                kind,
                Tool.TERRAFORM,
                type=resource_type,
                name=name,
                module=instance.path,
                loc=location,
                values=item.values,
                spans=item.spans,
                traces=item.traces,
                tags=tags,
                meta=meta,
            )
            refs = set(item.refs)
            if provider_address:
                refs.add("tf:" + provider_address)
            self.add(node, inside, refs)
            depends_on = block.body.attribute("depends_on")
            if meta["depends_on"] and depends_on is not None:
                ids = self.dependency_ids(instance, meta["depends_on"], declared.file, depends_on.line)
                self.resolver.add_references(node.id, ids, EdgeKind.DEPENDS_ON)

    def module_call(self, instance: _Instance, name: str, inside: list[str]) -> None:
        result = instance.call(name)
        declared = result.declared
        block = declared.block
        target = result.target
        location = _location(declared.file, block.line, block.end_line)
        comments = _comments_for(instance.config, declared.file, block)
        for call in result.instances:
            values: dict[str, Any] = {}
            spans: dict[str, Location] = {}
            traces: dict[str, tuple[str, ...]] = {}
            refs: set[str] = set(result.expansion.refs)
            for attribute in block.body.attributes:
                evaluation = call.argument(attribute.name)
                where = attribute.file or declared.file
                spans[attribute.name] = _location(where, attribute.line, attribute.end_line)
                if evaluation is None:
                    continue
                values[attribute.name] = evaluation.value
                if evaluation.trace:
                    traces[attribute.name] = evaluation.trace
                refs.update(evaluation.refs)
            meta: dict[str, Any] = {
                "source": target.source,
                "comments": comments,
                "instance_key": call.key,
                "count_unknown": result.expansion.mode == "unknown",
            }
            if target.local_dir is not None:
                meta["local_dir"] = target.local_dir
            elif target.remote:
                meta["remote"] = True
            else:
                meta["error"] = target.error
            depends_on = block.body.attribute("depends_on")
            depends_names = (
                [t for t in (expression_text(i) for i in getattr(depends_on.expr, "items", ())) if t]
                if depends_on is not None
                else []
            )
            meta["depends_on"] = depends_names
            node = Node(
                "tf:" + call.path,
                call.path,
                NodeKind.MODULE,
                Tool.TERRAFORM,
                name=name,
                module=instance.path,
                loc=location,
                values=values,
                spans=spans,
                traces=traces,
                meta=meta,
            )
            self.add(node, inside, refs)
            if depends_names and depends_on is not None:
                ids = self.dependency_ids(instance, depends_names, declared.file, depends_on.line)
                self.resolver.add_references(node.id, ids, EdgeKind.DEPENDS_ON)
            child = call.child
            if child is None:
                continue
            self.check_arguments(child, block, declared.file, name)
            child_ids = self.instance(child)
            self.resolver.add_references(node.id, child_ids, EdgeKind.CONTAINS)
            self.resolver.add_references(
                node.id, (child.node_id(f"var.{v}") for v in child.config.variables), EdgeKind.MODULE_INPUT
            )
            self.resolver.add_references(
                node.id, (child.node_id(f"output.{o}") for o in child.config.outputs), EdgeKind.MODULE_OUTPUT
            )

    def check_arguments(self, child: _Instance, block: Block, file: str, name: str) -> None:
        reserved = META_ARGUMENTS | {"source", "version"}
        for attribute in block.body.attributes:
            if attribute.name not in reserved and attribute.name not in child.config.variables:
                self.resolver.diagnose(
                    file,
                    attribute.line,
                    f"module {name!r}: unsupported argument {attribute.name!r} "
                    f"({child.config.dir} declares no such variable)",
                    "reference",
                )
        call_block = child.call_block
        assert call_block is not None  # a child instance is made by a module call
        for variable, declared in child.config.variables.items():
            if declared.block.body.attribute("default") is None and call_block.body.attribute(variable) is None:
                self.resolver.diagnose(
                    file, block.line, f"module {name!r}: required variable {variable!r} is not set", "reference"
                )


def _load_tfvars(
    resolver: _Resolver, root_config: ModuleConfig, var_files: list[Path], cache: ParseCache | None
) -> None:
    sources = resolver.sources
    module_dir = sources.root / sources.root_dir
    paths: list[Path] = []
    # Terraform's order: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) by name
    for default_file in (module_dir / "terraform.tfvars", module_dir / "terraform.tfvars.json"):
        if present(default_file):  # a FIFO or a dangling link is reported by the reader, not skipped
            paths.append(default_file)
    paths.extend(sorted([*module_dir.glob("*.auto.tfvars"), *module_dir.glob("*.auto.tfvars.json")]))
    for var_file in var_files:
        path = Path(var_file)
        if not path.is_absolute():
            path = (
                Path.cwd() / path
                if (Path.cwd() / path).exists() or not (module_dir / path).exists()
                else module_dir / path
            )
        paths.append(path)
    for path in paths:
        parsed, problems = parse_tfvars_file(path, sources.root, cache=cache)
        for problem in problems:
            resolver.diagnose(problem.file, problem.line, problem.message, problem.code, problem.level)
        for block in parsed.body.blocks:
            resolver.diagnose(
                parsed.path, block.line, f"blocks are not allowed in a variables file ({block.type})", "config"
            )
        for attribute in parsed.body.attributes:
            evaluation = evaluate_traced(attribute.expr, Scope())
            if evaluation.errors:
                resolver.diagnose(
                    parsed.path,
                    attribute.line,
                    f"value of {attribute.name} must be a constant: {evaluation.errors[0]}",
                    "config",
                )
            declared = root_config.variables.get(attribute.name)
            if declared is None:
                resolver.diagnose(  # as Terraform: a warning for a file, the value is not used
                    parsed.path,
                    attribute.line,
                    f"value for undeclared variable {attribute.name!r} (ignored)",
                    "reference",
                    DiagnosticLevel.WARNING,
                )
                continue
            shown = "(sensitive)" if _declared_sensitive(declared) else _short(attribute.source)
            location = _location(parsed.path, attribute.line, attribute.end_line)
            resolver.tfvars[attribute.name] = _Setting(
                evaluation.value, f"{parsed.path}:{attribute.line} {attribute.name} = {shown}", location
            )


def resolve_terraform(
    sources: TerraformSources, env: str, var_files: list[Path], cache: ParseCache | None = None
) -> GraphPart:
    """The Terraform nodes and edges of one environment (conventions: checker.terraform docstring);
    `cache` is the parse cache, for the variable files."""
    resolver = _Resolver(sources, env)
    for diagnostic in sources.diagnostics:
        resolver.diagnose(diagnostic.file, diagnostic.line, diagnostic.message, diagnostic.code, diagnostic.level)
    root_config = sources.root_module
    if root_config is None:
        return GraphPart(diagnostics=resolver.diagnostics)
    _load_tfvars(resolver, root_config, var_files, cache)
    root = _Instance(resolver, root_config, "", 0, None, {})
    try:
        _Emitter(resolver).instance(root)
    except RecursionError:
        resolver.diagnose(root_config.dir, 0, "configuration nested too deeply to resolve", "cycle")
    nodes = resolver.nodes
    edges = [Edge(*e) for e in sorted(e for e in resolver.edges if e[0] in nodes and e[1] in nodes)]
    return GraphPart(nodes=list(nodes.values()), edges=edges, diagnostics=resolver.diagnostics)
