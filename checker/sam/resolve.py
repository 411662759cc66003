"""Apply one environment to SamSources: parameters, conditions, Globals and intrinsics -> GraphPart.

Resources and outputs whose Condition is false in the environment are left out of the graph (they
will not exist there); the template node lists them in meta["omitted_resources"].
"""

from __future__ import annotations

import copy
import re
from typing import Any

from checker.cache import ParseCache, cached
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
from checker.sam.cfn_tagging import TAG_PROPERTY_NOT_TAGS, TAGGABLE_TYPES
from checker.sam.intrinsics import NO_VALUE, IntrinsicScope, Parameter, Walk, merge_globals
from checker.sam.parse import SamSources
from checker.sam.samconfig import SamConfig, SamConfigEnv
from checker.sam.ssm import Published, as_parameter_value
from checker.sam.transform import Expansion

GLOBALS_SECTIONS: dict[str, tuple[str, ...]] = {
    "Function": ("AWS::Serverless::Function",),
    "Api": ("AWS::Serverless::Api",),
    "HttpApi": ("AWS::Serverless::HttpApi",),
    "SimpleTable": ("AWS::Serverless::SimpleTable",),
    "StateMachine": ("AWS::Serverless::StateMachine",),
    "LayerVersion": ("AWS::Serverless::LayerVersion",),
    "CapacityProvider": ("AWS::Serverless::CapacityProvider",),
}
_SECTION_OF_TYPE = {rtype: section for section, types in GLOBALS_SECTIONS.items() for rtype in types}

# SAM types whose Tags property is a map; they are taggable even when no Tags is written.
TAGGABLE_SERVERLESS = frozenset(
    {
        "AWS::Serverless::Function",
        "AWS::Serverless::Api",
        "AWS::Serverless::HttpApi",
        "AWS::Serverless::StateMachine",
        "AWS::Serverless::SimpleTable",
        "AWS::Serverless::Application",
        "AWS::Serverless::GraphQLApi",
    }
)
PSEUDO_PARAMETERS = (
    "AWS::Region",
    "AWS::AccountId",
    "AWS::StackName",
    "AWS::StackId",
    "AWS::Partition",
    "AWS::URLSuffix",
    "AWS::NotificationARNs",
)
_SENSITIVE_NAME = re.compile(r"(?i)(password|passwd|secret|token|api_?key|private_?key|credential)")
_SSM_TYPE = "AWS::SSM::Parameter::Value<"
SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
_PARTITIONS = (("cn-", "aws-cn", "amazonaws.com.cn"), ("us-gov-", "aws-us-gov", "amazonaws.com"))
_MISSING = object()


def mask(text: str) -> str:
    """A secret as it may be shown: a short prefix and ***."""
    return f"{text[:3]}***" if len(text) >= 8 else "***"


def _span(context: IntrinsicScope, path: str) -> Location:
    return context.location(path) or Location(context.file, 0, 0)


def _parameter_value(context: IntrinsicScope, name: str, declared_type: str, raw: Any, where: str) -> Any:
    """Convert a parameter's text to what a Ref to it yields: a number, a list, or a string; an SSM parameter
    type yields the value Terraform publishes under that name, when it does."""
    if declared_type.startswith(_SSM_TYPE):
        published = context.published.get(str(raw))
        if published is None:
            return Unknown(f"value of SSM parameter {raw}, which no Terraform resource of env '{context.env}' creates")
        return as_parameter_value(declared_type, published)
    if declared_type == "Number" or declared_type == "List<Number>":
        texts = _as_list(raw) if declared_type == "List<Number>" else [raw]
        numbers = [_number(item) for item in texts]
        if any(number is None for number in numbers):
            context.report(
                where, f"parameter {name} = {raw!r} in env '{context.env}' is not a {declared_type}", code="config"
            )
            return Unknown(f"invalid {declared_type} for {name}")
        return numbers if declared_type == "List<Number>" else numbers[0]
    if declared_type.startswith("List<") or declared_type == "CommaDelimitedList":
        return _as_list(raw)
    if isinstance(raw, dict | list):
        context.report(where, f"parameter {name} needs a single value, not a {type(raw).__name__}", code="config")
        return Unknown(f"invalid value for {name}")
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw) if raw is not None else ""


def _as_list(raw: Any) -> list[str]:
    if isinstance(raw, list):
        return [str(item) for item in raw]
    return [item.strip() for item in str(raw).split(",")] if str(raw) != "" else []


def _number(raw: Any) -> int | float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return raw
    text = str(raw).strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return None


def _check_constraints(
    context: IntrinsicScope, name: str, declaration: dict[str, Any], value: Any, shown: str, where: str, set_by: str
) -> None:
    """AllowedValues, AllowedPattern, Min/MaxLength and Min/MaxValue, as CloudFormation checks them."""
    if isinstance(value, Unknown):
        return
    items = value if isinstance(value, list) else [value]
    problem = f"parameter {name} = {shown} (set by {set_by}) in env '{context.env}'"
    allowed = declaration.get("AllowedValues")
    if isinstance(allowed, list):
        allowed_texts = {str(item) for item in allowed}
        bad = [item for item in items if str(item) not in allowed_texts]
        if bad:
            context.report(where, f"{problem} is not one of AllowedValues {allowed}", code="config")
    pattern = declaration.get("AllowedPattern")
    if isinstance(pattern, str):
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            context.report(
                f"Parameters.{name}.AllowedPattern", f"AllowedPattern of {name} is not a regex: {exc}", code="config"
            )
        else:
            if any(compiled.fullmatch(str(item)) is None for item in items):
                context.report(where, f"{problem} does not match AllowedPattern {pattern}", code="config")
    for key, test in (
        ("MinLength", lambda item, bound: len(str(item)) >= bound),
        ("MaxLength", lambda item, bound: len(str(item)) <= bound),
        ("MinValue", lambda item, bound: item >= bound),
        ("MaxValue", lambda item, bound: item <= bound),
    ):
        bound = _number(declaration.get(key)) if key in declaration else None
        if bound is None:
            continue
        numeric = key.endswith("Value")
        if any((numeric and not isinstance(item, int | float)) or not test(item, bound) for item in items):
            context.report(where, f"{problem} violates {key} {bound}", code="config")


def _resolve_parameters(context: IntrinsicScope, sources: SamSources, env: SamConfigEnv | None) -> list[Node]:
    nodes: list[Node] = []
    declarations = context.template.get("Parameters") or {}
    config_file = sources.samconfig.file if sources.samconfig else None
    for name, declaration in declarations.items():
        path = f"Parameters.{name}"
        if not isinstance(declaration, dict):
            context.report(path, f"parameter {name} must be a mapping", code="parse")
            continue
        declared_type = declaration.get("Type")
        if not isinstance(declared_type, str):
            context.report(path, f"parameter {name} has no Type", code="parse")
            declared_type = "String"
        sensitive = declaration.get("NoEcho") in (True, "true", "True") or bool(_SENSITIVE_NAME.search(name))
        override = env.overrides.get(name) if env is not None else None
        spans = {key: _span(context, f"{path}.{key}") for key in declaration}
        meta: dict[str, Any] = {"sensitive": sensitive}
        if override is not None:
            raw: Any = override.value
            shown = mask(raw) if sensitive else raw
            set_by = f"{config_file}:{override.line}"
            evidence = f"{set_by} {name}={shown}"
            where = None
            value_location = Location(config_file or "", override.line, override.line)
            meta["source"] = "samconfig"
        elif "Default" in declaration:
            raw = declaration["Default"]
            shown = mask(str(raw)) if sensitive else str(raw)
            value_location = _span(context, f"{path}.Default")
            set_by = f"{context.file}:{value_location.line}"
            evidence = f"{set_by} Default: {shown}"
            where = f"{path}.Default"
            meta["source"] = "default"
        else:
            raw = None
            shown = ""
            set_by = ""
            evidence = ""
            where = path
            value_location = _span(context, path)
            meta["source"] = "missing"
        if meta["source"] == "missing":
            # as Terraform's variable without a value: `sam deploy --guided` (section 5) asks for it, so the
            # template is not broken, but its value is unknown here and every rule that reads it says so
            context.report(
                path,
                f"parameter {name} has no Default and no override in env '{context.env}': sam deploy would "
                "ask for it; its value is unknown here",
                code="config",
                level=DiagnosticLevel.WARNING,
            )
            value: Any = Unknown(f"parameter {name} has no value")
        else:
            before = len(context.diagnostics)
            value = _parameter_value(context, name, declared_type, raw, where or path)
            _check_constraints(context, name, declaration, value, repr(shown), where or path, set_by)
            if override is not None:  # report constraint failures at the samconfig line
                context.diagnostics[before:] = [
                    Diagnostic(config_file or "", override.line, d.message, d.level, d.code)
                    for d in context.diagnostics[before:]
                ]
        trace = (evidence, path) if evidence else (path,)
        if declared_type.startswith(_SSM_TYPE) and raw is not None:
            meta["ssm_parameter"] = str(raw)
            published = context.published.get(str(raw))
            if published is not None:
                meta["ssm_published_by"] = published.node_id
                trace = (*published.trace, *trace)
        meta["set_by"] = set_by
        context.parameters[name] = Parameter(name, value, trace)
        spans["value"] = value_location
        nodes.append(
            Node(
                id=f"sam:param.{name}",
                address=path,
                kind=NodeKind.SAM_PARAMETER,
                tool=Tool.SAM,
                type=declared_type,
                name=name,
                loc=_span(context, path),
                values={**copy.deepcopy(declaration), "value": value},
                spans=spans,
                traces={"value": trace},
                meta=meta,
            )
        )
    if env is not None:
        for name, override in env.overrides.items():
            if name not in declarations:
                context.diagnostics.append(
                    Diagnostic(
                        config_file or "",
                        override.line,
                        f"parameter_overrides sets {name}, which the template does not declare",
                        level=DiagnosticLevel.WARNING,
                        code="config",
                    )
                )
    return nodes


def _pseudo_parameters(env: SamConfigEnv | None, config_file: str | None) -> dict[str, Parameter]:
    pseudo = {name: Parameter(name, Unknown(f"{name} is known at deploy"), ()) for name in PSEUDO_PARAMETERS}
    settings = env.settings if env is not None else {}
    for setting, name in (("region", "AWS::Region"), ("stack_name", "AWS::StackName")):
        value = settings.get(setting)
        if isinstance(value, str) and value:
            line = env.setting_lines.get(setting, 0) if env is not None else 0
            pseudo[name] = Parameter(name, value, (f"{config_file}:{line} {setting} = {value}", name))
    region = pseudo["AWS::Region"].value
    if isinstance(region, str):
        partition, suffix = "aws", "amazonaws.com"
        for prefix, known_partition, known_suffix in _PARTITIONS:
            if region.startswith(prefix):
                partition, suffix = known_partition, known_suffix
        pseudo["AWS::Partition"] = Parameter("AWS::Partition", partition, pseudo["AWS::Region"].trace)
        pseudo["AWS::URLSuffix"] = Parameter("AWS::URLSuffix", suffix, pseudo["AWS::Region"].trace)
    return pseudo


def effective_tags(resource_type: str, values: dict[str, Any]) -> dict[str, Any] | Unknown | None:
    """Tags as a dict: SAM types write a map, CloudFormation types a list of {Key, Value} (some a map).

    {} for a taggable type without tags; None for a type that cannot be tagged.
    """
    properties = values.get("Properties")
    if isinstance(properties, Unknown):
        return properties
    if not isinstance(properties, dict):
        properties = {}
    tags = properties.get(TAG_PROPERTY_NOT_TAGS.get(resource_type, "Tags"), _MISSING)
    if tags is _MISSING:
        taggable = resource_type in TAGGABLE_SERVERLESS or resource_type in TAGGABLE_TYPES
        return {} if taggable else None
    if isinstance(tags, Unknown):
        return tags
    if isinstance(tags, dict):
        return dict(tags)
    if isinstance(tags, list):
        result: dict[str, Any] = {}
        for item in tags:
            if isinstance(item, Unknown):
                return Unknown("a tag is not known before deploy")
            if not isinstance(item, dict) or not isinstance(item.get("Key"), str):
                return (
                    Unknown("a tag key is not known before deploy")
                    if isinstance(item, dict)
                    else Unknown("Tags is not a list of {Key, Value}")
                )
            result[item["Key"]] = item.get("Value")
        return result
    return Unknown(f"Tags is a {type(tags).__name__}")


def _comment_text(line: str) -> str | None:
    """The comment on a YAML line ('#' outside quotes, at the start or after a space), or None."""
    if "#" not in line:
        return None
    quote = None
    previous = " "
    for index, char in enumerate(line):
        if quote:
            if char == quote and not (quote == '"' and previous == "\\"):
                quote = None
        elif char in "'\"" and previous in " \t[{,:-":
            quote = char
        elif char == "#" and previous in " \t":
            return line[index:].rstrip()
        previous = char
    return None


def resource_comments(sources: SamSources, first: int, last: int) -> tuple[tuple[int, str], ...]:
    """Comments inside lines first..last and the comment-only lines directly above `first`."""
    lines = sources.lines
    found: list[tuple[int, str]] = []
    above = first - 1
    while above >= 1 and lines[above - 1].lstrip().startswith("#"):
        found.append((above, lines[above - 1].strip()))
        above -= 1
    found.reverse()  # collected bottom-up; inserting at the front instead was quadratic
    for number in range(first, min(last, len(lines)) + 1):
        if number in sources.scalar_lines:
            continue
        text = _comment_text(lines[number - 1])
        if text is not None:
            found.append((number, text))
    return tuple(found)


def _walk_meta(walk: Walk) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if walk.dynamic_references:
        meta["dynamic_references"] = tuple(walk.dynamic_references)
        ssm = tuple(ref for _, service, ref in walk.dynamic_references if service.startswith("ssm"))
        if ssm:
            meta["ssm_references"] = ssm
    if walk.imports:
        meta["imports"] = tuple(walk.imports)
    return meta


def _condition_of(context: IntrinsicScope, declaration: dict[str, Any], path: str) -> tuple[str | None, Any]:
    name = declaration.get("Condition")
    if name is None:
        return None, True
    return name, context.condition(name, f"{path}.Condition")


def _resource_node(
    context: IntrinsicScope,
    sources: SamSources,
    logical_id: str,
    declaration: dict[str, Any],
    globals_section: dict[str, Any],
    stack_tags: dict[str, str],
    stack_tags_set_by: str,
    part: GraphPart,
) -> Node:
    path = f"Resources.{logical_id}"
    resource_type = declaration["Type"]
    node_id = f"sam:{logical_id}"
    walk = Walk(context, node_id)
    values: dict[str, Any] = {}
    section = _SECTION_OF_TYPE.get(resource_type)
    properties: Any = declaration.get("Properties", _MISSING)
    properties_src = f"{path}.Properties"
    if section is not None and section in globals_section:
        local = {} if properties is _MISSING or properties is None else properties
        properties, properties_src = merge_globals(
            globals_section[section], f"Globals.{section}", local, properties_src
        )
    meta: dict[str, Any] = {"logical_id": logical_id}
    for key in dict.fromkeys([*declaration, *([] if properties is _MISSING else ["Properties"])]):
        key_path = f"{path}.{key}"
        if key == "Properties":
            resolved_properties = walk.value(properties, properties_src, key)
            values[key] = {} if resolved_properties is NO_VALUE else resolved_properties
        elif key in ("Type", "Condition", "DependsOn"):
            values[key] = copy.deepcopy(declaration[key])
            walk.spans[key] = _span(context, key_path)
        else:
            resolved = walk.value(declaration[key], key_path, key)
            if resolved is not NO_VALUE:
                values[key] = resolved
    depends_on = declaration.get("DependsOn")
    for target in [depends_on] if isinstance(depends_on, str) else depends_on or []:
        if not isinstance(target, str):
            context.report(f"{path}.DependsOn", "DependsOn takes logical ids", code="parse")
        elif (target in context.resources and target not in context.omitted) or target in context.generated:
            part.edges.append(Edge(node_id, f"sam:{target}", EdgeKind.DEPENDS_ON))
        elif target in context.omitted:
            context.report(
                f"{path}.DependsOn",
                f"DependsOn {target}: that resource is not created in env '{context.env}'",
                level=DiagnosticLevel.WARNING,
            )
        else:
            context.report(f"{path}.DependsOn", f"DependsOn {target}: no such resource")
    part.edges.extend(walk.edges)
    if "Condition" in declaration:
        for target in context.condition_targets.get(declaration["Condition"], ()):
            part.edges.append(Edge(node_id, target, EdgeKind.REFERENCE))
        meta["condition"] = declaration["Condition"]
        meta["condition_value"] = context.condition_values.get(declaration["Condition"])
    if section is not None and section in globals_section:
        meta["globals"] = f"Globals.{section}"
    meta.update(_walk_meta(walk))
    tags = effective_tags(resource_type, values)
    if stack_tags and isinstance(tags, dict):
        # samconfig `tags` are stack tags: CloudFormation copies them onto every taggable resource.
        tags = {**stack_tags, **tags}
        meta["stack_tags"] = dict(stack_tags)
        meta["stack_tags_set_by"] = stack_tags_set_by
    location = _span(context, path)
    meta["comments"] = resource_comments(sources, location.line, location.end_line)
    return Node(
        id=node_id,
        address=logical_id,
        kind=NodeKind.SAM_RESOURCE,
        tool=Tool.SAM,
        type=resource_type,
        name=logical_id,
        loc=location,
        values=values,
        spans=walk.spans,
        traces=walk.traces,
        tags=tags,
        meta=meta,
    )


# Event type -> (logical id, type, Globals section, property naming an explicit API) of the API that
# SAM creates when a function's event names none.
IMPLICIT_APIS = {
    "Api": ("ServerlessRestApi", "AWS::Serverless::Api", "Api", "RestApiId"),
    "HttpApi": ("ServerlessHttpApi", "AWS::Serverless::HttpApi", "HttpApi", "ApiId"),
}


def implicit_api_nodes(
    context: IntrinsicScope,
    functions: list[Node],
    globals_section: dict[str, Any],
    stack_tags: dict[str, str],
    stack_tags_set_by: str,
    part: GraphPart,
) -> list[Node]:
    """The APIs SAM creates for Api/HttpApi events without RestApiId/ApiId, with Globals applied.

    They are located at the first event that creates them and carry that function's comments, since
    that is where a reader (and a skip comment) would look.
    """
    users: dict[str, list[tuple[Node, str]]] = {}
    for function in functions:
        events = function.get("Properties.Events")
        for event_name, event in events.items() if isinstance(events, dict) else ():
            if not isinstance(event, dict) or event.get("Type") not in IMPLICIT_APIS:
                continue
            explicit_key = IMPLICIT_APIS[event["Type"]][3]
            event_properties = event.get("Properties")
            if not (isinstance(event_properties, dict) and explicit_key in event_properties):
                users.setdefault(event["Type"], []).append((function, f"Properties.Events.{event_name}"))
    nodes = []
    for event_type, created_by in users.items():
        logical_id, resource_type, section, _ = IMPLICIT_APIS[event_type]
        if logical_id in context.resources:
            continue
        node_id = f"sam:{logical_id}"
        walk = Walk(context, node_id)
        global_value = globals_section.get(section)
        properties: Any = {}
        if isinstance(global_value, dict):
            merged, src = merge_globals(global_value, f"Globals.{section}", {}, f"Globals.{section}")
            properties = walk.value(merged, src, "Properties")
        values = {"Type": resource_type, "Properties": properties}
        tags = effective_tags(resource_type, values)
        meta: dict[str, Any] = {
            "logical_id": logical_id,
            "implicit": True,
            "created_by": tuple(dict.fromkeys(function.id for function, _ in created_by)),
            "comments": created_by[0][0].meta.get("comments", ()),
        }
        if isinstance(global_value, dict):
            meta["globals"] = f"Globals.{section}"
        if stack_tags and isinstance(tags, dict):
            tags = {**stack_tags, **tags}
            meta["stack_tags"] = dict(stack_tags)
            meta["stack_tags_set_by"] = stack_tags_set_by
        for function, _ in created_by:
            part.edges.append(Edge(function.id, node_id, EdgeKind.REFERENCE))
        part.edges.extend(walk.edges)
        first_function, event_path = created_by[0]
        nodes.append(
            Node(
                id=node_id,
                address=logical_id,
                kind=NodeKind.SAM_RESOURCE,
                tool=Tool.SAM,
                type=resource_type,
                name=logical_id,
                loc=first_function.location_of(event_path),
                values=values,
                spans=walk.spans,
                traces=walk.traces,
                tags=tags,
                meta=meta,
            )
        )
    return nodes


@record(frozen=True)
class TransformInput:
    """What the SAM transform of one environment's template depends on; `key` names it in the parse cache."""

    key: str
    template: dict[str, Any]
    parameters: dict[str, Any]
    region: str


def transform_input(sources: SamSources, env: str) -> TransformInput | None:
    """The transform's input for `env`: the template with the environment's known parameter values."""
    if sources.template is None:
        return None
    context = IntrinsicScope(
        file=sources.template_file, env=env, template=sources.template, positions=sources.positions
    )
    config = sources.samconfig
    env_config = config.envs.get(env) if config is not None else None
    context.pseudo = _pseudo_parameters(env_config, config.file if config else None)
    _resolve_parameters(context, sources, env_config)
    return _transform_input(context, sources.template)


def _transform_input(context: IntrinsicScope, template: dict[str, Any]) -> TransformInput:
    from checker.sam.transform import cache_key, translator_version

    declared = _mapping(template.get("Parameters"))
    from_ssm = {  # resolved only once Terraform is (checker.sam.ssm): left out, so the key is known ahead
        name
        for name, declaration in declared.items()
        if isinstance(declaration, dict) and str(declaration.get("Type", "")).startswith("AWS::SSM::")
    }
    known = {
        name: parameter.value
        for name, parameter in context.parameters.items()
        if name not in from_ssm
        and (
            (isinstance(parameter.value, str | int | float) and not isinstance(parameter.value, bool))
            or (isinstance(parameter.value, list) and all(isinstance(item, str) for item in parameter.value))
        )
    }
    region = context.pseudo["AWS::Region"].value
    region = region if isinstance(region, str) else "us-east-1"  # only shapes ARNs of generated resources
    return TransformInput(cache_key(template, known, region, translator_version()), template, known, region)


def _expansion(
    context: IntrinsicScope, template: dict[str, Any], cache: ParseCache | None, expanded: dict[str, Expansion]
) -> Expansion:
    """The template through the SAM transform: computed ahead or by another environment (`expanded`, by key:
    the run's memo, checker.runtime), cached, or here (and then put into `expanded`)."""
    from checker.sam.transform import expand

    wanted = _transform_input(context, template)
    found = expanded.get(wanted.key)
    if found is not None:
        expansion = found
    else:
        expansion = cached(
            cache, wanted.key, Expansion, lambda: expand(wanted.template, wanted.parameters, wanted.region)
        )
        expanded[wanted.key] = expansion
    for error in expansion.errors:  # `sam deploy` fails on these, so nothing is created: a warning, not a pass
        where = f"Resources.{error.logical_id}" if error.logical_id in context.resources else None
        context.report(
            where,
            f"the SAM transform rejects the template, as `sam deploy` would: {error.message.rstrip('.')}; "
            "the resources SAM would generate are not checked",
            level=DiagnosticLevel.WARNING,
            code="parse",
        )
    if expansion.failed:
        context.report(
            "Transform",
            f"the SAM transform could not expand the template ({expansion.failed}); "
            "the resources SAM generates (roles, stages, permissions) are not checked",
            level=DiagnosticLevel.WARNING,
            code="parse",
        )
    return expansion


GENERATED_FROM = {  # generated type -> the SAM property that makes it, for the finding's line
    "AWS::IAM::Role": "Properties.Policies",
    "AWS::Lambda::Permission": "Properties.Events",
    "AWS::ApiGateway::Stage": "Properties.StageName",
}


def generated_nodes(
    context: IntrinsicScope, expansion: Expansion, part: GraphPart, stack_tags: dict[str, str], stack_tags_set_by: str
) -> list[Node]:
    """The resources the SAM transform adds (roles, stages, deployments, permissions...), each located at the
    SAM resource it comes from, with that resource's comments (so its inline skips apply)."""
    emitted = {node.id: node for node in part.nodes}
    nodes = []
    for generated in expansion.resources:
        node_id = f"sam:{generated.logical_id}"
        if node_id in emitted:
            continue  # an implicit API, already a node
        source_id = generated.source or context.generated_by(generated.logical_id) or ""
        source = emitted.get(f"sam:{source_id}")
        if source is None:
            continue  # its source is not created in this environment
        walk = Walk(context, node_id)
        properties = walk.value(copy.deepcopy(generated.properties), None, "Properties")
        values = {"Type": generated.type, "Properties": {} if properties is NO_VALUE else properties}
        tags = effective_tags(generated.type, values)
        meta: dict[str, Any] = {
            "logical_id": generated.logical_id,
            "generated_by": source_id,
            "comments": source.meta.get("comments", ()),
        }
        if stack_tags and isinstance(tags, dict):
            tags = {**stack_tags, **tags}
            meta["stack_tags"] = dict(stack_tags)
            meta["stack_tags_set_by"] = stack_tags_set_by
        part.edges.append(Edge(source.id, node_id, EdgeKind.REFERENCE))
        part.edges.extend(walk.edges)
        trigger = GENERATED_FROM.get(generated.type, "")
        nodes.append(
            Node(
                id=node_id,
                address=f"{generated.logical_id} (generated by SAM from {source_id})",
                kind=NodeKind.SAM_RESOURCE,
                tool=Tool.SAM,
                type=generated.type,
                name=generated.logical_id,
                loc=source.spans.get(trigger) or source.loc,
                values=values,
                spans=walk.spans,
                traces=walk.traces,
                tags=tags,
                meta=meta,
            )
        )
    return nodes


def resolve_sam(
    sources: SamSources,
    env: str,
    published: dict[str, Published] | None = None,
    cache: ParseCache | None = None,
    expanded: dict[str, Expansion] | None = None,
) -> GraphPart:
    """The SAM nodes of one environment's graph; parse diagnostics are repeated in every environment.

    `published` are the SSM parameters the environment's Terraform creates (checker.sam.ssm): SAM values
    read from them resolve to Terraform's values, with Terraform's evidence.

    The template is read as the SAM transform expands it (checker.sam.transform): from `expanded` (by
    TransformInput.key: the run's Runtime.sam_expansions, computed ahead on another core or for another
    environment), else from `cache`, else here, and then kept in `expanded`.
    """
    part = GraphPart(diagnostics=list(sources.diagnostics))
    template = sources.template
    if template is None:
        return part
    config = sources.samconfig
    env_config = config.envs.get(env) if config is not None else None
    context = _environment_context(sources, template, env, published or {}, config, env_config)
    part.nodes.extend(_resolve_parameters(context, sources, env_config))
    _omit_resources_of_false_conditions(context)
    memo = {} if expanded is None else expanded
    expansion = _expansion(context, template, cache, memo) if context.serverless_ids else None
    if expansion is not None:
        context.generated = {g.logical_id: g.source for g in expansion.resources}
    _check_transform_declared(context, template)
    globals_section = template.get("Globals") or {}
    _check_globals_sections(context, globals_section)
    stack_tags = env_config.stack_tags if env_config is not None else {}
    stack_tags_set_by = f"{config.file}:{env_config.stack_tags_line}" if config and env_config and stack_tags else ""
    part.nodes.append(_template_node(context, sources, config, globals_section, stack_tags, stack_tags_set_by))
    part.nodes.extend(_declared_resource_nodes(context, sources, globals_section, stack_tags, stack_tags_set_by, part))
    functions = [n for n in part.nodes if n.type == "AWS::Serverless::Function" and n.kind == NodeKind.SAM_RESOURCE]
    part.nodes.extend(implicit_api_nodes(context, functions, globals_section, stack_tags, stack_tags_set_by, part))
    if expansion is not None:
        part.nodes.extend(generated_nodes(context, expansion, part, stack_tags, stack_tags_set_by))
    part.nodes.extend(_output_nodes(context, template, part))
    part.diagnostics.extend(context.diagnostics)
    part.diagnostics = list(dict.fromkeys(part.diagnostics))
    part.edges = sorted(set(part.edges))
    return part


def _environment_context(
    sources: SamSources,
    template: dict[str, Any],
    env: str,
    published: dict[str, Published],
    config: SamConfig | None,
    env_config: SamConfigEnv | None,
) -> IntrinsicScope:
    """The evaluation context of one environment, with its pseudo parameters; an environment samconfig.toml
    does not mention is reported, as `sam deploy --config-env` would fail on it."""
    context = IntrinsicScope(
        file=sources.template_file, env=env, template=template, positions=sources.positions, published=published
    )
    if config is not None and config.readable and env_config is None:
        context.diagnostics.append(
            Diagnostic(
                config.file,
                0,
                f"no [{env}.deploy.parameters] section for environment '{env}' in {config.file}",
                code="config",
            )
        )
    context.pseudo = _pseudo_parameters(env_config, config.file if config else None)
    return context


def _omit_resources_of_false_conditions(context: IntrinsicScope) -> None:
    """Resources whose Condition is false will not exist in the environment: recorded in context.omitted
    before anything is walked, so that references to them are seen as such."""
    for logical_id, declaration in context.resources.items():
        if isinstance(declaration, dict) and "Condition" in declaration:
            _, outcome = _condition_of(context, declaration, f"Resources.{logical_id}")
            if outcome is False:
                context.omitted[logical_id] = declaration["Condition"]


def _check_transform_declared(context: IntrinsicScope, template: dict[str, Any]) -> None:
    """AWS::Serverless resources without the SAM transform: CloudFormation rejects the template."""
    transforms = template.get("Transform")
    transforms = transforms if isinstance(transforms, list) else [transforms]
    if context.serverless_ids and SAM_TRANSFORM not in transforms:
        first = context.serverless_ids[-1]
        context.report(
            f"Resources.{first}.Type" if "Transform" not in template else "Transform",
            f"AWS::Serverless resources need `Transform: {SAM_TRANSFORM}`; CloudFormation rejects them without it",
            code="parse",
        )


def _check_globals_sections(context: IntrinsicScope, globals_section: Any) -> None:
    """A Globals section SAM does not know applies to nothing: most likely a typo."""
    for section in globals_section:
        if section not in GLOBALS_SECTIONS:
            context.report(
                f"Globals.{section}",
                f"Globals.{section} is not a section SAM supports",
                level=DiagnosticLevel.WARNING,
                code="parse",
            )


def _template_node(
    context: IntrinsicScope,
    sources: SamSources,
    config: SamConfig | None,
    globals_section: Any,
    stack_tags: dict[str, str],
    stack_tags_set_by: str,
) -> Node:
    """The template itself: its top-level settings, Globals and Conditions as evaluated in the environment,
    and in meta what the environment is (samconfig, region, stack name and tags, omitted resources)."""
    template = context.template
    template_walk = Walk(context, None)
    template_values: dict[str, Any] = {
        key: template[key] for key in ("AWSTemplateFormatVersion", "Description", "Transform") if key in template
    }
    if globals_section:
        template_values["Globals"] = template_walk.value(globals_section, "Globals", "Globals")
    for name in context.conditions:
        context.condition(name, f"Conditions.{name}")
    template_values["Conditions"] = dict(context.condition_values)
    if "Mappings" in template:
        template_values["Mappings"] = copy.deepcopy(template["Mappings"])
    template_spans = {key: _span(context, key) for key in template} | template_walk.spans
    last_line = max(len(sources.lines), 1)
    return Node(
        id="sam:template",
        address=sources.template_file,
        kind=NodeKind.SAM_TEMPLATE,
        tool=Tool.SAM,
        name=sources.template_file,
        loc=Location(sources.template_file, 1, last_line),
        values=template_values,
        spans=template_spans,
        meta={
            "env": context.env,
            "samconfig": config.file if config else None,
            "omitted_resources": dict(context.omitted),
            "region": context.pseudo["AWS::Region"].value,
            "stack_name": context.pseudo["AWS::StackName"].value,
            "stack_tags": dict(stack_tags),
            "stack_tags_set_by": stack_tags_set_by,
        },
    )


def _declared_resource_nodes(
    context: IntrinsicScope,
    sources: SamSources,
    globals_section: Any,
    stack_tags: dict[str, str],
    stack_tags_set_by: str,
    part: GraphPart,
) -> list[Node]:
    """One node per resource the template declares and the environment creates; a declaration that is
    not a mapping with a Type is reported instead."""
    nodes = []
    for logical_id, declaration in context.resources.items():
        path = f"Resources.{logical_id}"
        if not isinstance(declaration, dict):
            context.report(path, f"resource {logical_id} must be a mapping", code="parse")
            continue
        if not isinstance(declaration.get("Type"), str):
            context.report(path, f"resource {logical_id} has no Type", code="parse")
            continue
        if logical_id in context.omitted:
            continue
        nodes.append(
            _resource_node(
                context, sources, logical_id, declaration, globals_section, stack_tags, stack_tags_set_by, part
            )
        )
    return nodes


def _output_nodes(context: IntrinsicScope, template: dict[str, Any], part: GraphPart) -> list[Node]:
    """One node per output the environment has (its Condition not false), with its references as edges."""
    nodes = []
    for name, declaration in (template.get("Outputs") or {}).items():
        path = f"Outputs.{name}"
        if not isinstance(declaration, dict):
            context.report(path, f"output {name} must be a mapping", code="parse")
            continue
        _, outcome = _condition_of(context, declaration, path)
        if outcome is False:
            continue
        walk = Walk(context, f"sam:output.{name}")
        values = {key: walk.value(value, f"{path}.{key}", key) for key, value in declaration.items()}
        values = {key: value for key, value in values.items() if value is not NO_VALUE}
        part.edges.extend(walk.edges)
        condition_name = declaration.get("Condition")
        for target in context.condition_targets.get(condition_name, ()) if isinstance(condition_name, str) else ():
            part.edges.append(Edge(f"sam:output.{name}", target, EdgeKind.REFERENCE))
        nodes.append(
            Node(
                id=f"sam:output.{name}",
                address=path,
                kind=NodeKind.SAM_OUTPUT,
                tool=Tool.SAM,
                name=name,
                loc=_span(context, path),
                values=values,
                spans=walk.spans,
                traces=walk.traces,
                meta=_walk_meta(walk),
            )
        )
    return nodes


def _mapping(value: Any) -> dict[str, Any]:
    """`value` when it is a mapping, else an empty one: templates and state files may hold any type anywhere."""
    return value if isinstance(value, dict) else {}
