"""Load `terraform show -json tfplan` (format_version 1.x) as the Terraform part of an environment's graph.

A plan knows what the sources cannot: every value Terraform computed, module instances expanded, the
provider's default tags applied (`tags_all`). Nodes follow the source loader's conventions (id "tf:" +
address, nested blocks as lists of dicts, values not known until apply as `Unknown`), so every rule reads
a plan exactly as it reads the sources.

A plan has no line numbers. When the sources are present under the root they are parsed (never run) to
point each address at its file and line; otherwise a node points at its address in the plan file.
A plan has no backend block and no `terraform {}` settings: those two nodes come from the sources when they
are present, and are absent otherwise.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path
from typing import Any

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
    with_default_tags,
)
from checker.records import record
from checker.userfiles import UnreadableFile, read_regular

DEFAULT_MAX_PLAN_BYTES = 100_000_000
TERRAFORM_DIR = Path("infra/terraform")
KNOWN_AFTER_APPLY = "known after apply"
_INDEX = re.compile(r"\[[^\]]*\]")


def _error(file: str, line: int, message: str, code: str = "parse", level=DiagnosticLevel.ERROR) -> Diagnostic:
    return Diagnostic(file=file, line=line, message=message, level=level, code=code)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def config_address(address: str) -> str:
    """`module.a["x"].aws_s3_bucket.b[0]` -> `module.a.aws_s3_bucket.b`: the address without instance keys."""
    return _INDEX.sub("", address)


@record
class _PlanText:
    """Line lookup in the plan text: `"address": "<address>"` is where a node is written."""

    text: str
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def line_of_key(self, section: str, name: str) -> int:
        """The line of `"name":` after the first `"section":` (provider_config, variables, outputs)."""
        anchor = re.compile(re.escape(json.dumps(section)) + r"\s*:").search(self.text)
        start = anchor.end() if anchor else 0
        match = re.compile(re.escape(json.dumps(name)) + r"\s*:").search(self.text, start)
        offset = match.start() if match else (anchor.start() if anchor else 0)
        return bisect.bisect_right(self.starts, offset)

    def line_of_address(self, address: str) -> int:
        needle = re.compile(r'"address"\s*:\s*' + re.escape(json.dumps(address)))
        match = needle.search(self.text)
        return bisect.bisect_right(self.starts, match.start()) if match else 1


@record
class _SourceIndex:
    """Nodes of the same configuration resolved from the sources, found by address or config address."""

    by_id: dict[str, Node] = field(default_factory=dict)
    by_config: dict[str, Node] = field(default_factory=dict)
    settings: list[Node] = field(default_factory=list)  # root `terraform {}` and backend: not in a plan

    def find(self, address: str) -> Node | None:
        node = self.by_id.get("tf:" + address)
        return node if node is not None else self.by_config.get(config_address(address))


def _source_index(root: Path, env: str) -> tuple[_SourceIndex, list[Diagnostic]]:
    """Parse (never evaluate beyond our static resolver) the sources under root, for locations only."""
    tf_dir = root / TERRAFORM_DIR
    if not tf_dir.is_dir():
        return _SourceIndex(), []
    from checker.terraform import parse_terraform, resolve_terraform

    sources = parse_terraform(tf_dir, root)
    env_file = tf_dir / "envs" / f"{env}.tfvars"
    part = resolve_terraform(sources, env, [env_file] if env_file.is_file() else [])
    index = _SourceIndex()
    index.settings = [n for n in part.nodes if n.kind in (NodeKind.BACKEND, NodeKind.TERRAFORM) and not n.module]
    for node in part.nodes:
        index.by_id[node.id] = node
        index.by_config.setdefault(config_address(node.address), node)
    notes = [
        _error(
            d.file, d.line, f"{d.message} (sources read only to place plan findings)", d.code, DiagnosticLevel.WARNING
        )
        for d in sources.diagnostics
        if d.level == DiagnosticLevel.ERROR
    ]
    return index, notes


def _read_plan(path: Path, shown: str, max_bytes: int) -> tuple[dict[str, Any] | None, str, list[Diagnostic]]:
    try:
        data = read_regular(path, max_bytes)
    except UnreadableFile as error:
        if error.missing:
            return None, "", [_error(shown, 0, "plan file not found", "read")]
        if error.code == "size":
            message = f"plan file is {error.size} bytes, over the limit of {max_bytes}"
            return None, "", [_error(shown, 0, message, "size")]
        return None, "", [_error(shown, 0, f"plan file {error.reason}", "read")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, "", [_error(shown, line, "not UTF-8 text: expected `terraform show -json` output")]
    try:
        plan = json.loads(text)
    except json.JSONDecodeError as error:
        return None, text, [_error(shown, error.lineno, f"not valid JSON: {error.msg} (column {error.colno})")]
    except RecursionError:
        return None, text, [_error(shown, 1, "JSON nested too deeply to be a Terraform plan")]
    problem = _shape_problem(plan)
    if problem:
        return None, text, [_error(shown, 1, problem)]
    return plan, text, []


def _shape_problem(plan: Any) -> str:
    if not isinstance(plan, dict):
        return "not a Terraform plan: the top level is not a JSON object"
    version = plan.get("format_version")
    if "planned_values" not in plan and "resource_changes" not in plan:
        if plan.get("version") == 4 or "values" in plan:
            return "this is a Terraform state, not a plan (check it with `notescheck state FILE`)"
        return "not `terraform show -json` plan output: no planned_values or resource_changes"
    if not isinstance(version, str) or not version.startswith("1."):
        return f"unsupported plan format_version {version!r}: only 1.x is read"
    for key, kind in (("planned_values", dict), ("resource_changes", list), ("configuration", dict)):
        if key in plan and not isinstance(plan[key], kind):
            return f"not a Terraform plan: `{key}` is not a JSON {'object' if kind is dict else 'list'}"
    return ""


def _with_unknowns(value: Any, unknown: Any) -> Any:
    """Overlay `after_unknown` on `after`: every leaf marked true becomes Unknown."""
    if unknown is True:
        return Unknown(KNOWN_AFTER_APPLY)
    if isinstance(unknown, dict):
        merged = dict(value) if isinstance(value, dict) else {}
        for key, mark in unknown.items():
            merged[key] = _with_unknowns(merged.get(key), mark)
        return merged
    if isinstance(unknown, list):
        items = list(value) if isinstance(value, list) else []
        for index, mark in enumerate(unknown):
            if index < len(items):
                items[index] = _with_unknowns(items[index], mark)
            elif mark is True or isinstance(mark, dict | list):
                items.append(_with_unknowns(None, mark))
        return items
    return value


def _expression_value(expression: Any) -> Any:
    """A configuration expression: its constant, Unknown for references, nested blocks as lists of dicts."""
    if isinstance(expression, list):
        return [_expression_value(item) for item in expression]
    if not isinstance(expression, dict):
        return expression
    if "constant_value" in expression:
        return expression["constant_value"]
    if "references" in expression:
        refs = ", ".join(str(r) for r in expression.get("references") or [])
        return Unknown(f"refers to {refs}" if refs else "not a constant")
    if not expression:
        return Unknown("not a constant")
    return {key: _expression_value(item) for key, item in expression.items()}


def _references(expressions: Any) -> Iterator[str]:
    if isinstance(expressions, dict):
        for key, item in expressions.items():
            if key == "references" and isinstance(item, list):
                yield from (str(r) for r in item)
            else:
                yield from _references(item)
    elif isinstance(expressions, list):
        for item in expressions:
            yield from _references(item)


def _walk_modules(module: Any) -> Iterator[dict[str, Any]]:
    if not isinstance(module, dict):
        return
    yield module
    for child in _seq(module.get("child_modules")):
        yield from _walk_modules(child)


def _walk_config(module: Any, prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(module prefix "module.a.", module configuration) for the root and every module call, recursively."""
    if not isinstance(module, dict):
        return
    yield prefix, module
    for name, call in _obj(module.get("module_calls")).items():
        if isinstance(call, dict):
            yield from _walk_config(call.get("module"), f"{prefix}module.{name}.")


def _module_of(address: str) -> str:
    """`module.a[0].module.b.aws_x.y[1]` -> `module.a[0].module.b`."""
    parts = re.findall(r"module\.[^.\[]+(?:\[[^\]]*\])?", address)
    module = ""
    rest = address
    for part in parts:
        if rest.startswith(part + "."):
            module = f"{module}.{part}" if module else part
            rest = rest[len(part) + 1 :]
        else:
            break
    return module


class _PlanLoader:
    def __init__(self, plan: dict[str, Any], text: str, shown: str, index: _SourceIndex) -> None:
        self.plan = plan
        self.lines = _PlanText(text)
        self.shown = shown
        self.index = index
        self.part = GraphPart()
        self.ids: set[str] = set()
        self.changes = {
            c["address"]: c for c in _seq(plan.get("resource_changes")) if isinstance(_obj(c).get("address"), str)
        }
        self.config = _obj(plan.get("configuration"))
        self.providers: dict[str, Node] = {}
        self.config_resources: dict[str, dict[str, Any]] = {}
        for prefix, module in _walk_config(self.config.get("root_module")):
            for resource in _seq(module.get("resources")):
                if isinstance(_obj(resource).get("address"), str):
                    self.config_resources[prefix + resource["address"]] = resource

    def location(self, address: str, section: str = "", key: str = "") -> tuple[Location, dict[str, Location]]:
        """The sources' file:line for an address when they are present, else where the plan writes it."""
        source = self.index.find(address)
        if source is not None:
            return source.loc, dict(source.spans)
        line = self.lines.line_of_key(section, key) if section else self.lines.line_of_address(address)
        return Location(self.shown, line, line), {}

    def add(self, node: Node) -> None:
        if node.id in self.ids:
            return
        self.ids.add(node.id)
        self.part.nodes.append(node)

    def load(self) -> GraphPart:
        if self.plan.get("errored"):
            self.part.diagnostics.append(
                _error(self.shown, 1, "the plan errored: it may be incomplete", "plan", DiagnosticLevel.WARNING)
            )
        for node in self.index.settings:
            self.add(node)
        self.load_providers()
        self.load_variables()
        planned = _obj(self.plan.get("planned_values"))
        for module in _walk_modules(planned.get("root_module")):
            address = module.get("address")
            if isinstance(address, str) and address:
                self.load_module_instance(address)
            for resource in _seq(module.get("resources")):
                if isinstance(_obj(resource).get("address"), str):
                    self.load_resource(resource)
        self.load_outputs(_obj(planned.get("outputs")))
        self.link()
        return self.part

    def load_providers(self) -> None:
        for key, provider in _obj(self.config.get("provider_config")).items():
            if not isinstance(provider, dict):
                continue
            module = _text(provider.get("module_address"))
            local_name = _text(provider.get("name")) or key.split(":")[-1].split(".")[0]
            alias = _text(provider.get("alias")) or None
            local_key = f"{local_name}.{alias}" if alias else local_name
            address = f"{module + '.' if module else ''}provider.{local_key}"
            values = _expression_value(_obj(provider.get("expressions")))
            values = values if isinstance(values, dict) else {}
            values.setdefault("alias", alias)
            loc, spans = self.location(address, "provider_config", key)
            node = Node(
                "tf:" + address,
                address,
                NodeKind.PROVIDER,
                Tool.TERRAFORM,
                type=local_name,
                name=alias or "",
                module=module,
                loc=loc,
                values=values,
                spans=spans,
                meta={"full_name": provider.get("full_name"), "version_constraint": provider.get("version_constraint")},
            )
            self.providers[key] = node
            self.add(node)

    def default_tags(self, provider_key: str | None) -> dict[str, Any] | Unknown:
        provider_key = provider_key if isinstance(provider_key, str) else ""
        provider = self.providers.get(provider_key)
        if provider is None and ":" in provider_key:
            provider = self.providers.get(provider_key.rsplit(":", 1)[1])  # inherited from the root
        if provider is None:
            return {}
        blocks = provider.values.get("default_tags")
        if isinstance(blocks, Unknown):
            return blocks
        if not isinstance(blocks, list) or not blocks or not isinstance(blocks[0], dict):
            return {}
        tags = blocks[0].get("tags")
        if isinstance(tags, Unknown):
            return tags
        return dict(tags) if isinstance(tags, dict) else {}

    def load_variables(self) -> None:
        declared = _obj(_obj(self.config.get("root_module")).get("variables"))
        given = _obj(self.plan.get("variables"))
        for name in sorted(set(declared) | set(given)):
            declaration = _obj(declared.get(name))
            entry = _obj(given.get(name))
            value = entry["value"] if "value" in entry else declaration.get("default", Unknown("no value in plan"))
            address = f"var.{name}"
            loc, spans = self.location(address, "variables", name)
            self.add(
                Node(
                    "tf:" + address,
                    address,
                    NodeKind.VARIABLE,
                    Tool.TERRAFORM,
                    name=name,
                    loc=loc,
                    values={
                        "value": value,
                        "default": declaration.get("default"),
                        "type": None,
                        "sensitive": declaration.get("sensitive") is True,
                        "description": declaration.get("description"),
                    },
                    spans=spans,
                    traces={"value": (f"{self.shown} variables.{name}",)},
                    meta={"has_default": "default" in declaration, "set_by": f"{self.shown} (plan input)"},
                )
            )

    def load_module_instance(self, address: str) -> None:
        config_path = config_address(address)
        call = self.module_call(config_path)
        loc, spans = self.location(address)
        values = _expression_value(_obj(_obj(call).get("expressions")))
        parent = address.rsplit(".module.", 1)[0] if ".module." in address else ""
        key_match = re.search(r"\[([^\]]*)\]$", address)
        self.add(
            Node(
                "tf:" + address,
                address,
                NodeKind.MODULE,
                Tool.TERRAFORM,
                name=re.sub(r"\[.*$", "", address.rsplit("module.", 1)[-1]),
                module=parent,
                loc=loc,
                values=values if isinstance(values, dict) else {},
                spans=spans,
                meta={
                    "source": _text(_obj(call).get("source")),
                    "instance_key": _instance_key(key_match.group(1)) if key_match else None,
                    "count_unknown": False,
                    "depends_on": [],
                },
            )
        )

    def module_call(self, config_path: str) -> dict[str, Any] | None:
        module = self.config.get("root_module")
        call = None
        for name in re.findall(r"module\.([^.]+)", config_path):
            if not isinstance(module, dict):
                return None
            call = _obj(module.get("module_calls")).get(name)
            module = call.get("module") if isinstance(call, dict) else None
        return call if isinstance(call, dict) else None

    def load_resource(self, resource: dict[str, Any]) -> None:
        address = resource["address"]
        details = _obj(_obj(self.changes.get(address)).get("change"))
        after = details.get("after") if isinstance(details.get("after"), dict) else resource.get("values")
        values = _with_unknowns(after if isinstance(after, dict) else {}, details.get("after_unknown"))
        values = values if isinstance(values, dict) else {}
        data = resource.get("mode") == "data"
        module = _module_of(address)
        configured = _obj(self.config_resources.get(config_address(address)))
        provider_key = configured.get("provider_config_key")
        tags: dict[str, Any] | Unknown | None = None
        if not data:
            if "tags_all" in values:
                tags = values["tags_all"] if isinstance(values["tags_all"], dict | Unknown) else {}
            else:
                tags = with_default_tags(self.default_tags(provider_key), values.get("tags"))
        loc, spans = self.location(address)
        self.add(
            Node(
                "tf:" + address,
                address,
                NodeKind.DATA if data else NodeKind.RESOURCE,
                Tool.TERRAFORM,
                type=str(resource.get("type", "")),
                name=str(resource.get("name", "")),
                module=module,
                loc=loc,
                values=values,
                spans=spans,
                tags=tags,
                meta={
                    "actions": tuple(str(a) for a in _seq(details.get("actions"))),
                    "instance_key": resource.get("index"),
                    "provider": str(resource.get("provider_name", "")).rsplit("/", 1)[-1],
                    "provider_config_key": provider_key,
                    "count_unknown": False,
                    "depends_on": [str(d) for d in _seq(configured.get("depends_on"))],
                    "from_plan": True,
                },
            )
        )

    def load_outputs(self, outputs: dict[str, Any]) -> None:
        declared = _obj(_obj(self.config.get("root_module")).get("outputs"))
        changes = _obj(self.plan.get("output_changes"))
        for name, output in outputs.items():
            if not isinstance(output, dict):
                continue
            change = _obj(changes.get(name))
            value = output.get("value")
            if change.get("after_unknown") is True or ("value" not in output and not output.get("sensitive")):
                value = Unknown(KNOWN_AFTER_APPLY)
            else:
                value = _with_unknowns(value, change.get("after_unknown"))
            declaration = _obj(declared.get(name))
            address = f"output.{name}"
            loc, spans = self.location(address, "outputs", name)
            self.add(
                Node(
                    "tf:" + address,
                    address,
                    NodeKind.OUTPUT,
                    Tool.TERRAFORM,
                    name=name,
                    loc=loc,
                    values={
                        "value": value,
                        "sensitive": output.get("sensitive") is True or declaration.get("sensitive") is True,
                        "description": declaration.get("description"),
                    },
                    spans=spans,
                )
            )

    def link(self) -> None:
        """References from the configuration's expressions, and module containment, as graph edges."""
        by_config: dict[str, list[str]] = {}
        for node in self.part.nodes:
            by_config.setdefault(config_address(node.address), []).append(node.id)
        for node in self.part.nodes:
            if node.kind in (NodeKind.RESOURCE, NodeKind.DATA):
                configured = _obj(self.config_resources.get(config_address(node.address)))
                prefix = config_address(node.module) + "." if node.module else ""
                for reference in _references(configured.get("expressions")):
                    for target in self._targets(prefix, reference, by_config):
                        if target != node.id:
                            self.part.edges.append(Edge(node.id, target, EdgeKind.REFERENCE))
                provider = self.providers.get(_text(node.meta.get("provider_config_key")))
                if provider is not None:
                    self.part.edges.append(Edge(node.id, provider.id, EdgeKind.REFERENCE))
            if node.module and node.kind != NodeKind.PROVIDER:
                self.part.edges.append(Edge("tf:" + node.module, node.id, EdgeKind.CONTAINS))

    @staticmethod
    def _targets(prefix: str, reference: str, by_config: dict[str, list[str]]) -> list[str]:
        parts = reference.split(".")
        if parts[0] == "module" and len(parts) >= 2:
            candidates = [f"{prefix}module.{parts[1]}"]
        elif parts[0] == "data" and len(parts) >= 3:
            candidates = [f"{prefix}data.{parts[1]}.{parts[2]}"]
        elif parts[0] == "var" and len(parts) >= 2:
            candidates = [f"{prefix}var.{parts[1]}"]
        elif len(parts) >= 2:
            candidates = [f"{prefix}{parts[0]}.{parts[1]}"]
        else:
            return []
        return [target for c in candidates for target in by_config.get(config_address(c), [])]


def _obj(value: Any) -> dict[str, Any]:
    """Plan JSON written by anything but Terraform may hold any type anywhere: read what has the right one."""
    return value if isinstance(value, dict) else {}


def _seq(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _instance_key(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text



def load_plan(path: Path, root: Path, env: str, max_bytes: int = DEFAULT_MAX_PLAN_BYTES) -> GraphPart:
    """The Terraform nodes of one environment from a JSON plan; bad input becomes diagnostics, never an exception."""
    shown = _relative(path, root)
    plan, text, diagnostics = _read_plan(path, shown, max_bytes)
    if plan is None:
        return GraphPart(diagnostics=diagnostics)
    index, notes = _source_index(root, env)
    try:
        part = _PlanLoader(plan, text, shown, index).load()
    except (RecursionError, ValueError, TypeError, AttributeError, KeyError) as error:
        # Terraform writes a regular shape; anything else is not a plan we can vouch for.
        message = f"plan has an unexpected shape ({type(error).__name__}: {error}); it was not checked"
        return GraphPart(diagnostics=[_error(shown, 1, message, "internal")])
    part.diagnostics.extend(notes)
    part.diagnostics.extend(_other_environment(plan, part, shown, env))
    return part


def _other_environment(plan: dict[str, Any], part: GraphPart, shown: str, env: str) -> list[Diagnostic]:
    """A plan made with another environment's variables checked as this one is an input error, not a report."""
    planned = _obj(_obj(plan.get("variables")).get("environment")).get("value")
    if not isinstance(planned, str) or planned == env:
        return []
    node = next((n for n in part.nodes if n.address == "var.environment"), None)
    message = (
        f"this plan was made for environment {planned!r} (its variables.environment), not {env!r} as checked: "
        f"plan with envs/{env}.tfvars, or check it with --env {planned}"
    )
    return [_error(shown, node.loc.line if node else 0, message, "usage")]


__all__ = ["load_plan", "config_address", "DEFAULT_MAX_PLAN_BYTES"]
