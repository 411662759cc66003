"""CloudFormation intrinsic functions, evaluated as far as they can be before deploy.

A `Walk` resolves the values of one owner (a resource, an output, the template's Globals): it
records where each resolved path is written (spans), the evidence behind parameter-derived values
(traces) and the references it follows (edges). Anything only known at deploy time is `Unknown`.
"""

from __future__ import annotations

import base64
import copy
import json
import re
from dataclasses import field
from typing import Any

from checker.model import Diagnostic, DiagnosticLevel, Edge, EdgeKind, Location, Unknown
from checker.records import record

NO_VALUE = object()  # AWS::NoValue: the key or list item is removed
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:([a-z-]+):([^}]*)\}\}")
_CONDITION_FUNCTIONS = ("Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition")
# Logical ids SAM generates from a resource it expands: referencing them is valid.
_SAM_GENERATED_SUFFIXES = (
    "Role",
    "Alias",
    "Version",
    "Stage",
    "Deployment",
    "Policy",
    "Permission",
    "DomainName",
    "BasePathMapping",
    "ApiGatewayDomainName",
    "UsagePlan",
    "ApiKey",
)
_SAM_IMPLICIT_APIS = ("ServerlessRestApi", "ServerlessHttpApi")


class MergedDict(dict):
    """A mapping built by merging Globals into a resource; `origins` says where each key is written."""

    origins: dict[str, str]


class MergedList(list):
    origins: list[str]


def join_path(path: str | None, key: str) -> str | None:
    if path is None:
        return None
    return f"{path}.{key}" if path else key


def _written_at(src: str) -> str:
    """The property path an intrinsic function is written under ("Globals.Function.X.Fn::Sub" -> "...X")."""
    parts = src.split(".")
    for index, part in enumerate(parts):
        if part == "Ref" or part.startswith("Fn::"):
            return ".".join(parts[:index])
    return src


def is_intrinsic(value: Any) -> bool:
    if not isinstance(value, dict) or len(value) != 1:
        return False
    key = next(iter(value))
    return key == "Ref" or key.startswith("Fn::")


def merge_globals(global_value: Any, global_src: str, local_value: Any, local_src: str) -> tuple[Any, str]:
    """SAM's Globals rule: maps merge key by key (the resource wins), lists concatenate (globals
    first), anything else (scalars, intrinsic functions, type mismatches) is the resource's value."""
    if (
        isinstance(global_value, dict)
        and isinstance(local_value, dict)
        and not is_intrinsic(global_value)
        and not is_intrinsic(local_value)
    ):
        merged = MergedDict()
        merged.origins = {}
        for key, value in global_value.items():
            merged[key] = value
            merged.origins[key] = f"{global_src}.{key}"
        for key, value in local_value.items():
            if key in merged:
                merged[key], merged.origins[key] = merge_globals(
                    merged[key], merged.origins[key], value, f"{local_src}.{key}"
                )
            else:
                merged[key] = value
                merged.origins[key] = f"{local_src}.{key}"
        return merged, local_src
    if isinstance(global_value, list) and isinstance(local_value, list):
        merged_list = MergedList(global_value + local_value)
        merged_list.origins = [f"{global_src}.{i}" for i in range(len(global_value))] + [
            f"{local_src}.{i}" for i in range(len(local_value))
        ]
        return merged_list, local_src
    return local_value, local_src


def cfn_text(value: Any) -> str | None:
    """A value as CloudFormation turns it into a string, or None where it cannot (lists, maps)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    return None


def contains_unknown(value: Any) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(contains_unknown(item) for item in value.values())
    if isinstance(value, list):
        return any(contains_unknown(item) for item in value)
    return False


@record
class Parameter:
    """A template parameter with its value for the environment and the evidence for that value."""

    name: str
    value: Any
    trace: tuple[str, ...]


@record
class IntrinsicScope:
    """One environment's view of the template: shared by every Walk."""

    file: str
    env: str
    template: dict[str, Any]
    positions: dict[str, tuple[int, int]]
    parameters: dict[str, Parameter] = field(default_factory=dict)
    pseudo: dict[str, Parameter] = field(default_factory=dict)
    omitted: dict[str, str] = field(default_factory=dict)  # logical id -> the false condition
    diagnostics: list[Diagnostic] = field(default_factory=list)
    condition_values: dict[str, bool | Unknown] = field(default_factory=dict)
    condition_targets: dict[str, set[str]] = field(default_factory=dict)  # node ids each condition reads
    published: dict[str, Any] = field(default_factory=dict)  # SSM name -> checker.sam.ssm.Published (Terraform)
    generated: dict[str, str] = field(default_factory=dict)  # logical id the SAM transform made -> its source
    _evaluating: set[str] = field(default_factory=set)
    _targets: list[set[str]] = field(default_factory=list)
    _locations: dict[str, Location] = field(default_factory=dict)

    def __post_init__(self) -> None:
        resources = self.template.get("Resources")
        self.resources: dict[str, Any] = resources if isinstance(resources, dict) else {}
        conditions = self.template.get("Conditions")
        self.conditions: dict[str, Any] = conditions if isinstance(conditions, dict) else {}
        mappings = self.template.get("Mappings")
        self.mappings: dict[str, Any] = mappings if isinstance(mappings, dict) else {}
        self.serverless_ids = sorted(
            (
                name
                for name, decl in self.resources.items()
                if isinstance(decl, dict) and str(decl.get("Type", "")).startswith("AWS::Serverless::")
            ),
            key=len,
            reverse=True,
        )

    def location(self, src: str | None) -> Location | None:
        if src is None:
            return None
        location = self._locations.get(src)
        if location is None:
            span = self.positions.get(src)
            if span is None:
                return None
            location = self._locations[src] = Location(self.file, span[0], span[1])
        return location

    def line(self, src: str | None) -> int:
        """The line of a path, or of its nearest written parent."""
        while src:
            span = self.positions.get(src)
            if span:
                return span[0]
            src = src.rpartition(".")[0]
        return 0

    def report(
        self, src: str | None, message: str, code: str = "reference", level: DiagnosticLevel = DiagnosticLevel.ERROR
    ) -> None:
        self.diagnostics.append(Diagnostic(self.file, self.line(src), message, level=level, code=code))

    def generated_by(self, name: str) -> str | None:
        """The SAM resource a generated logical id comes from (MyFunctionRole -> MyFunction)."""
        if name in _SAM_IMPLICIT_APIS or name.startswith(_SAM_IMPLICIT_APIS):
            return name
        for logical_id in self.serverless_ids:
            if name.startswith(logical_id) and name[len(logical_id) :].endswith(_SAM_GENERATED_SUFFIXES):
                return logical_id
        return None

    # -- conditions -----------------------------------------------------------------------------

    def condition(self, name: Any, src: str | None) -> bool | Unknown:
        if not isinstance(name, str):
            self.report(src, f"condition name must be a string, not {type(name).__name__}", code="parse")
            return Unknown("invalid condition name")
        if name in self.condition_values:
            self._uses(self.condition_targets.get(name, set()))
            return self.condition_values[name]
        if name not in self.conditions:
            self.report(src, f"condition '{name}' is not defined in Conditions")
            return Unknown(f"undefined condition {name}")
        if name in self._evaluating:
            self.report(f"Conditions.{name}", f"condition '{name}' depends on itself", code="cycle")
            return Unknown(f"condition {name} depends on itself")
        self._evaluating.add(name)
        self._targets.append(set())
        try:
            result = self.condition_expression(self.conditions[name], f"Conditions.{name}")
        finally:
            self._evaluating.discard(name)
            targets = self._targets.pop()
        self.condition_values[name] = result
        self.condition_targets[name] = targets
        self._uses(targets)
        return result

    def _uses(self, targets: set[str]) -> None:
        """Credit the parameters (and resources) a condition reads to the condition being evaluated."""
        if self._targets:
            self._targets[-1] |= targets

    def condition_expression(self, expression: Any, src: str) -> bool | Unknown:
        if not (isinstance(expression, dict) and len(expression) == 1):
            self.report(src, "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition", code="parse")
            return Unknown("invalid condition")
        function, argument = next(iter(expression.items()))
        argument_src = f"{src}.{function}"
        if function == "Condition":
            return self.condition(argument, argument_src)
        if function == "Fn::Equals":
            if not (isinstance(argument, list) and len(argument) == 2):
                self.report(argument_src, "Fn::Equals takes a list of two values", code="parse")
                return Unknown("invalid Fn::Equals")
            walk = Walk(self, owner="condition")
            left = walk.value(argument[0], f"{argument_src}.0", None)
            right = walk.value(argument[1], f"{argument_src}.1", None)
            self._uses({edge.target for edge in walk.edges})
            if contains_unknown(left) or contains_unknown(right):
                return Unknown("Fn::Equals of a value not known before deploy")
            if isinstance(left, list) and isinstance(right, list):
                return [cfn_text(item) for item in left] == [cfn_text(item) for item in right]
            return cfn_text(left) == cfn_text(right) and cfn_text(left) is not None
        if function in ("Fn::And", "Fn::Or", "Fn::Not"):
            sizes = (1, 1) if function == "Fn::Not" else (2, 10)
            if not (isinstance(argument, list) and sizes[0] <= len(argument) <= sizes[1]):
                self.report(
                    argument_src, f"{function} takes a list of {sizes[0]} to {sizes[1]} conditions", code="parse"
                )
                return Unknown(f"invalid {function}")
            results = [self.condition_expression(item, f"{argument_src}.{i}") for i, item in enumerate(argument)]
            if function == "Fn::Not":
                return results[0] if isinstance(results[0], Unknown) else not results[0]
            decisive = function == "Fn::Or"  # Or is decided by any True, And by any False
            if any(result is decisive for result in results):
                return decisive
            if any(isinstance(result, Unknown) for result in results):
                return Unknown(f"{function} of a condition not known before deploy")
            return not decisive
        self.report(src, f"{function} cannot be used in a condition", code="parse")
        return Unknown(f"invalid condition function {function}")


class Walk:
    """Resolves the values of one owner node, collecting spans, traces, edges and references."""

    def __init__(self, context: IntrinsicScope, owner: str | None) -> None:
        self.context = context
        self.owner = owner
        self.spans: dict[str, Location] = {}
        self.traces: dict[str, tuple[str, ...]] = {}
        self.edges: set[Edge] = set()
        self.dynamic_references: list[tuple[str, str, str]] = []  # (path, service, reference)
        self.imports: list[str] = []

    # -- structure ------------------------------------------------------------------------------

    def value(self, raw: Any, src: str | None, dst: str | None, *, inner: bool = False) -> Any:
        """Resolve `raw` written at `src` (a template path) into the node path `dst`.

        `inner` values are arguments of an intrinsic function: their spans are not recorded and
        their traces belong to the function's own path.
        """
        if not inner and dst is not None:
            location = self.context.location(src)
            if location is not None:
                self.spans[dst] = location
        if isinstance(raw, dict):
            if is_intrinsic(raw):
                function, argument = next(iter(raw.items()))
                return self.intrinsic(function, argument, src, dst)
            origins = raw.origins if isinstance(raw, MergedDict) else None
            resolved: dict[str, Any] = {}
            for key, item in raw.items():
                child_src = origins[key] if origins is not None else join_path(src, key)
                child_dst = dst if inner else join_path(dst, key)
                result = self.value(item, child_src, child_dst, inner=inner)
                if result is not NO_VALUE:
                    resolved[key] = result
                self._note_global_origin(child_src, child_dst, inner)
            return resolved
        if isinstance(raw, list):
            list_origins = raw.origins if isinstance(raw, MergedList) else None
            items: list[Any] = []
            for index, item in enumerate(raw):
                child_src = list_origins[index] if list_origins is not None else join_path(src, str(index))
                child_dst = dst if inner else join_path(dst, str(len(items)))
                result = self.value(item, child_src, child_dst, inner=inner)
                if result is not NO_VALUE:
                    items.append(result)
                self._note_global_origin(child_src, child_dst, inner)
            return items
        if isinstance(raw, str) and "{{resolve:" in raw:
            return self._dynamic_reference(raw, dst)
        return raw

    def _note_global_origin(self, src: str | None, dst: str | None, inner: bool) -> None:
        if (
            not inner
            and dst is not None
            and src is not None
            and src.startswith("Globals.")
            and dst not in self.traces
            and self.owner is not None
        ):
            self.traces[dst] = (src,)

    def _dynamic_reference(self, text: str, dst: str | None) -> Any:
        """`{{resolve:...}}` references: SSM parameters the environment's Terraform publishes with a known
        value are filled in (their chain joins the trace); anything else is known only at deploy."""
        from checker.sam.ssm import ssm_name

        found = _DYNAMIC_REFERENCE.findall(text)
        if not found:
            return text
        values: dict[tuple[str, str], str] = {}
        for service, reference in found:
            self.dynamic_references.append((dst or "", service, reference))
            published = self.context.published.get(ssm_name(reference)) if service == "ssm" else None
            value = published.value if published is not None else None
            if published is not None and isinstance(value, str | int | float) and not isinstance(value, bool):
                values[(service, reference)] = str(value)
                self._trace(dst, (*published.trace, f"{{{{resolve:ssm:{reference}}}}}"), None)
        if len(values) == len(set(found)):
            return _DYNAMIC_REFERENCE.sub(lambda match: values[(match.group(1), match.group(2))], text)
        services = ", ".join(sorted({service for service, _ in found}))
        return Unknown(f"resolved at deploy from {services}")

    def _trace(self, dst: str | None, evidence: tuple[str, ...], src: str | None) -> None:
        if dst is None or self.owner is None:
            return
        if src is not None and src.startswith("Globals."):
            evidence = (*evidence, _written_at(src))
        existing = self.traces.get(dst, ())
        if existing and existing[0].startswith("Globals.") and len(existing) == 1:
            existing = ()
        self.traces[dst] = tuple(dict.fromkeys(existing + evidence))

    def _edge(self, target: str, kind: EdgeKind = EdgeKind.REFERENCE) -> None:
        if self.owner is not None and target != self.owner:
            self.edges.add(Edge(self.owner, target, kind))

    # -- references -----------------------------------------------------------------------------

    def ref(self, name: Any, src: str | None, dst: str | None) -> Any:
        context = self.context
        if isinstance(name, dict):
            name = self.value(name, src, dst, inner=True)
        if not isinstance(name, str):
            context.report(src, f"Ref needs a name, not {type(name).__name__}", code="parse")
            return Unknown("invalid Ref")
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in context.parameters:
            parameter = context.parameters[name]
            self._edge(f"sam:param.{name}")
            self._trace(dst, parameter.trace, src)
            return copy.deepcopy(parameter.value)
        if name in context.pseudo:
            pseudo = context.pseudo[name]
            if pseudo.trace:
                self._trace(dst, pseudo.trace, src)
            return pseudo.value
        if self._resource_target(name, src, "Ref"):
            return Unknown(f"physical id of {name}")
        return Unknown(f"undefined {name}")

    def get_att(self, argument: Any, src: str | None, dst: str | None) -> Any:
        if isinstance(argument, str) and "." in argument:
            argument = argument.split(".", 1)
        if not (isinstance(argument, list) and len(argument) == 2 and isinstance(argument[0], str)):
            self.context.report(src, "Fn::GetAtt takes [LogicalId, Attribute] or 'LogicalId.Attribute'", code="parse")
            return Unknown("invalid Fn::GetAtt")
        resource, attribute = argument
        attribute = self.value(attribute, join_path(src, "1"), dst, inner=True)
        self._resource_target(resource, src, "Fn::GetAtt")
        return Unknown(f"{resource}.{attribute if isinstance(attribute, str) else '?'}")

    def _resource_target(self, name: str, src: str | None, function: str) -> bool:
        context = self.context
        if name in context.omitted:
            context.report(
                src,
                f"{function} {name}: that resource is not created in env '{context.env}' "
                f"(condition {context.omitted[name]} is false)",
                level=DiagnosticLevel.WARNING,
            )
            return True
        if name in context.resources or name in context.generated:
            self._edge(f"sam:{name}")
            return True
        generator = context.generated_by(name)
        if generator is not None:
            # Implicit APIs become nodes of their own (see resolve.implicit_api_nodes); the graph stage
            # drops edges to ids that no loader emitted.
            if generator in context.resources or generator in _SAM_IMPLICIT_APIS:
                self._edge(f"sam:{generator}")
            return True
        if function == "Ref" and name.startswith("AWS::"):
            context.report(src, f"Ref {name}: unknown pseudo parameter")
        else:
            context.report(src, f"{function} {name}: no such parameter or resource")
        return False

    # -- functions ------------------------------------------------------------------------------

    def intrinsic(self, function: str, argument: Any, src: str | None, dst: str | None) -> Any:
        argument_src = join_path(src, function)
        if function == "Ref":
            return self.ref(argument, argument_src, dst)
        if function == "Fn::GetAtt":
            return self.get_att(argument, argument_src, dst)
        if function == "Fn::Sub":
            return self.sub(argument, argument_src, dst)
        if function == "Fn::If":
            return self.if_(argument, argument_src, dst)
        handler = _SIMPLE_FUNCTIONS.get(function)
        if handler is not None:
            return handler(self, argument, argument_src, dst)
        if function in _CONDITION_FUNCTIONS:
            return self.context.condition_expression({function: argument}, src or "")
        if function in ("Fn::GetAZs", "Fn::Cidr", "Fn::Transform", "Fn::ForEach"):
            self.value(argument, argument_src, dst, inner=True)
            return Unknown(f"{function} is evaluated by CloudFormation")
        self.context.report(src, f"unknown intrinsic function {function}", code="parse")
        return Unknown(f"unknown function {function}")

    def if_(self, argument: Any, src: str | None, dst: str | None) -> Any:
        if not (isinstance(argument, list) and len(argument) == 3):
            self.context.report(src, "Fn::If takes [condition, value if true, value if false]", code="parse")
            return Unknown("invalid Fn::If")
        outcome = self.context.condition(argument[0], join_path(src, "0"))
        for target in self.context.condition_targets.get(argument[0], ()) if isinstance(argument[0], str) else ():
            self._edge(target)
        if isinstance(outcome, Unknown):
            return Unknown(f"depends on condition {argument[0]}")
        branch = 1 if outcome else 2
        return self.value(argument[branch], join_path(src, str(branch)), dst)

    def sub(self, argument: Any, src: str | None, dst: str | None) -> Any:
        variables: dict[str, Any] = {}
        if isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], dict):
            text, variables = argument
        else:
            text = argument
        if not isinstance(text, str):
            self.context.report(src, "Fn::Sub takes a string or [string, {variables}]", code="parse")
            return Unknown("invalid Fn::Sub")
        pieces: list[str | None] = []  # None: an unknown variable
        unknown: list[str] = []
        position = 0
        for match in _SUB_VARIABLE.finditer(text):
            pieces.append(text[position : match.start()])
            position = match.end()
            name = match.group(1)
            if name.startswith("!"):
                pieces.append("${" + name[1:] + "}")
                continue
            name = name.strip()
            if name in variables:
                value = self.value(variables[name], join_path(src, f"1.{name}"), dst, inner=True)
            elif "." in name and name not in self.context.parameters:
                value = self.get_att(name, src, dst)
            else:
                value = self.ref(name, src, dst)
            if contains_unknown(value):
                unknown.append(name)
                pieces.append(None)
                continue
            piece = cfn_text(value)
            if piece is None:
                self.context.report(src, f"Fn::Sub ${{{name}}} is a {type(value).__name__}, not a string", code="parse")
                unknown.append(name)
                pieces.append(None)
                continue
            pieces.append(piece)
        pieces.append(text[position:])
        if unknown:  # the known text between the unknown variables stays readable, as in Terraform templates
            runs = [""]
            for piece in pieces:
                if piece is None:
                    runs.append("")
                else:
                    runs[-1] += piece
            return Unknown(f"Fn::Sub uses {', '.join(dict.fromkeys(unknown))}", tuple(run for run in runs if run))
        return self._dynamic_reference("".join(p for p in pieces if p is not None), dst)

    def _list_argument(self, function: str, argument: Any, src: str | None, size: int) -> bool:
        if isinstance(argument, list) and len(argument) == size:
            return True
        self.context.report(src, f"{function} takes a list of {size} values", code="parse")
        return False

    def join(self, argument: Any, src: str | None, dst: str | None) -> Any:
        if not self._list_argument("Fn::Join", argument, src, 2):
            return Unknown("invalid Fn::Join")
        delimiter = self.value(argument[0], join_path(src, "0"), dst, inner=True)
        items = self.value(argument[1], join_path(src, "1"), dst, inner=True)
        if contains_unknown(items) or isinstance(delimiter, Unknown):
            return Unknown("Fn::Join of values not known before deploy")
        texts = [cfn_text(item) for item in items] if isinstance(items, list) else None
        if not isinstance(delimiter, str) or texts is None or None in texts:
            self.context.report(src, "Fn::Join takes a delimiter and a list of strings", code="parse")
            return Unknown("invalid Fn::Join")
        return delimiter.join(texts)  # type: ignore[arg-type]

    def select(self, argument: Any, src: str | None, dst: str | None) -> Any:
        if not self._list_argument("Fn::Select", argument, src, 2):
            return Unknown("invalid Fn::Select")
        index = self.value(argument[0], join_path(src, "0"), dst, inner=True)
        items = self.value(argument[1], join_path(src, "1"), dst, inner=True)
        if isinstance(index, Unknown) or isinstance(items, Unknown):
            return Unknown("Fn::Select from values not known before deploy")
        if isinstance(index, str) and index.strip().isdigit():
            index = int(index)
        if not isinstance(index, int) or isinstance(index, bool) or not isinstance(items, list):
            self.context.report(src, "Fn::Select takes [index, list]", code="parse")
            return Unknown("invalid Fn::Select")
        if not 0 <= index < len(items):
            self.context.report(src, f"Fn::Select index {index} is outside a list of {len(items)}")
            return Unknown("Fn::Select index out of range")
        return items[index]

    def split(self, argument: Any, src: str | None, dst: str | None) -> Any:
        if not self._list_argument("Fn::Split", argument, src, 2):
            return Unknown("invalid Fn::Split")
        delimiter = self.value(argument[0], join_path(src, "0"), dst, inner=True)
        text = self.value(argument[1], join_path(src, "1"), dst, inner=True)
        if isinstance(delimiter, Unknown) or isinstance(text, Unknown):
            return Unknown("Fn::Split of a value not known before deploy")
        if not isinstance(delimiter, str) or not delimiter or not isinstance(text, str):
            self.context.report(src, "Fn::Split takes [delimiter, string]", code="parse")
            return Unknown("invalid Fn::Split")
        return text.split(delimiter)

    def find_in_map(self, argument: Any, src: str | None, dst: str | None) -> Any:
        if not (isinstance(argument, list) and len(argument) in (3, 4)):
            self.context.report(src, "Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]", code="parse")
            return Unknown("invalid Fn::FindInMap")
        keys = [self.value(item, join_path(src, str(i)), dst, inner=True) for i, item in enumerate(argument[:3])]
        if any(isinstance(key, Unknown) for key in keys):
            return Unknown("Fn::FindInMap with a key not known before deploy")
        texts = [cfn_text(key) for key in keys]
        current: Any = self.context.mappings
        for key in texts:
            current = current.get(key) if isinstance(current, dict) and key is not None else None
            if current is None:
                break
        if current is None:
            if len(argument) == 4 and isinstance(argument[3], dict) and "DefaultValue" in argument[3]:
                return self.value(argument[3]["DefaultValue"], join_path(src, "3.DefaultValue"), dst, inner=True)
            self.context.report(src, f"Fn::FindInMap: Mappings has no {'.'.join(str(t) for t in texts)}")
            return Unknown("missing mapping entry")
        mapping_path = "Mappings." + ".".join(str(t) for t in texts)
        self._trace(dst, (f"{self.context.file}:{self.context.line(mapping_path)} {mapping_path}",), None)
        return self.value(copy.deepcopy(current), mapping_path, dst, inner=True)

    def import_value(self, argument: Any, src: str | None, dst: str | None) -> Any:
        name = self.value(argument, src, dst, inner=True)
        self.imports.append(name if isinstance(name, str) else str(name))
        return Unknown(f"imported value {name}")

    def base64(self, argument: Any, src: str | None, dst: str | None) -> Any:
        text = self.value(argument, src, dst, inner=True)
        if isinstance(text, str):
            return base64.b64encode(text.encode()).decode()
        return Unknown("Fn::Base64 of a value not known before deploy")

    def length(self, argument: Any, src: str | None, dst: str | None) -> Any:
        items = self.value(argument, src, dst, inner=True)
        return len(items) if isinstance(items, list) else Unknown("Fn::Length of a value not known")

    def to_json_string(self, argument: Any, src: str | None, dst: str | None) -> Any:
        value = self.value(argument, src, dst, inner=True)
        if contains_unknown(value):
            return Unknown("Fn::ToJsonString of values not known before deploy")
        return json.dumps(value, separators=(",", ":"))


_SIMPLE_FUNCTIONS = {
    "Fn::Join": Walk.join,
    "Fn::Select": Walk.select,
    "Fn::Split": Walk.split,
    "Fn::FindInMap": Walk.find_in_map,
    "Fn::ImportValue": Walk.import_value,
    "Fn::Base64": Walk.base64,
    "Fn::Length": Walk.length,
    "Fn::ToJsonString": Walk.to_json_string,
}
