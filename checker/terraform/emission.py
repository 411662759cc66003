"""Graph nodes and edges from resolved module instances: one node per provider, terraform block, variable,
local, output, resource / data instance and module call instance, with the edges between them.

Walks the root instance and, through each module call, its children; values come from the instances
(computed there on first read), so emitting in declaration order is safe.
"""

from __future__ import annotations

from typing import Any

from checker.hcl.ast import Attribute, Block, ObjectExpr
from checker.hcl.evaluate import Scope, evaluate_traced
from checker.model import DiagnosticLevel, EdgeKind, Location, Node, NodeKind, Tool, Unknown, with_default_tags
from checker.terraform.config import ModuleConfig
from checker.terraform.expansion import META_ARGUMENTS, Evaluated
from checker.terraform.module_instance import InstanceScope, ModuleInstance
from checker.terraform.references import expression_text, listed_references
from checker.terraform.session import Session, span, written_key_spans
from checker.terraform.tfvars import validations


def _comments_for(config: ModuleConfig, file: str, block: Block) -> tuple[tuple[int, str], ...]:
    """Comments inside the block and on the lines directly above it (inline suppressions live there)."""
    comments = config.comments.get(file)
    return comments.for_block(block.line, block.end_line) if comments else ()


def _default_tags(provider: Evaluated | None) -> dict[str, Any] | Unknown:
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



def _constant(attribute: Attribute | None, session: Session, file: str) -> Any:
    if attribute is None:
        return None
    evaluation = evaluate_traced(attribute.expr, Scope())
    session.note_errors(evaluation, file, attribute.line)
    return evaluation.value


class Emitter:
    """Adds one environment's nodes and edges to the session, module instance by module instance."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.provider_values: dict[str, Evaluated] = {}

    def add(self, node: Node, inside: list[str], refs=()) -> None:
        self.session.add_node(node)
        inside.append(node.id)
        self.session.add_references(node.id, refs)

    def instance(self, instance: ModuleInstance) -> list[str]:
        """Emit the nodes of one module instance; returns the ids of the nodes directly inside it."""
        config = instance.config
        inside: list[str] = []
        self.providers(instance, inside)
        self.terraform_settings(instance, inside)
        for name in config.variables:
            self.variable(instance, name, inside)
        for name in config.locals:
            self.local(instance, name, inside)
        for name in config.outputs:
            self.output(instance, name, inside)
        for key in config.data:
            self.resource(instance, key, True, inside)
        for key in config.resources:
            self.resource(instance, key, False, inside)
        for name in config.module_calls:
            self.module_call(instance, name, inside)
        return inside

    def provider_config(self, address: str) -> Evaluated:
        """A provider configuration's values (its default_tags reach every resource using it), once each."""
        if address in self.provider_values:
            return self.provider_values[address]
        evaluated = Evaluated()
        self.provider_values[address] = evaluated  # a provider reading itself stops here
        found = self.session.providers.get(address)
        if found is not None:
            instance, declared = found
            result = instance.evaluate_block(declared, {}, top=False)
            evaluated.values.update(result.values)
            evaluated.spans.update(result.spans)
            evaluated.traces.update(result.traces)
            evaluated.refs.update(result.refs)
        return evaluated

    def providers(self, instance: ModuleInstance, inside: list[str]) -> None:
        for address, (owner, declared) in list(self.session.providers.items()):
            if owner is not instance:
                continue
            evaluated = self.provider_config(address)
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
                loc=span(declared.file, declared.block.line, declared.block.end_line),
                values=values,
                spans=evaluated.spans,
                traces=evaluated.traces,
                meta={"comments": _comments_for(instance.config, declared.file, declared.block)},
            )
            self.add(node, inside, evaluated.refs)

    def terraform_settings(self, instance: ModuleInstance, inside: list[str]) -> None:
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
                values["required_version"] = _constant(version, self.session, declared.file)
                spans["required_version"] = span(declared.file, version.line, version.end_line)
            for block in body.blocks_of("required_providers"):
                spans.setdefault("required_providers", span(declared.file, block.line, block.end_line))
                for attribute in block.body.attributes:
                    values["required_providers"][attribute.name] = self.required_provider(attribute, declared.file)
                    spans[f"required_providers.{attribute.name}"] = span(
                        declared.file, attribute.line, attribute.end_line
                    )
        address = f"{instance.prefix}terraform"
        node = Node(
            "tf:" + address,
            address,
            NodeKind.TERRAFORM,
            Tool.TERRAFORM,
            module=instance.path,
            loc=span(first.file, first.block.line, first.block.end_line),
            values=values,
            spans=spans,
        )
        self.add(node, inside)
        backend = config.backend
        if backend is not None and not instance.path:
            values = {}
            spans = {}
            for attribute in backend.block.body.attributes:
                values[attribute.name] = _constant(attribute, self.session, backend.file)
                spans[attribute.name] = span(backend.file, attribute.line, attribute.end_line)
            node = Node(
                "tf:terraform.backend",
                "terraform.backend",
                NodeKind.BACKEND,
                Tool.TERRAFORM,
                type=backend.block.labels[0] if backend.block.labels else backend.block.type,
                loc=span(backend.file, backend.block.line, backend.block.end_line),
                values=values,
                spans=spans,
                meta={"comments": _comments_for(config, backend.file, backend.block)},
            )
            self.add(node, inside)

    def required_provider(self, attribute: Attribute, file: str) -> Any:
        """`aws = { source = ..., version = ..., configuration_aliases = [aws.x] }`; aliases kept as text."""
        if not isinstance(attribute.expr, ObjectExpr):
            return _constant(attribute, self.session, file)
        settings: dict[str, Any] = {}
        for key_expr, value_expr in attribute.expr.items:
            key = expression_text(key_expr)
            if key is None:
                continue
            if key == "configuration_aliases":
                settings[key] = [expression_text(item) or "" for item in getattr(value_expr, "items", ())]
            else:
                evaluation = evaluate_traced(value_expr, Scope())
                self.session.note_errors(evaluation, file, value_expr.line)
                settings[key] = evaluation.value
        return settings

    def variable(self, instance: ModuleInstance, name: str, inside: list[str]) -> None:
        declared = instance.config.variables[name]
        body = declared.block.body
        value, trace, where, set_by = instance.variable(name)
        if not instance.path and not set_by:
            self.session.diagnose(
                declared.file,
                declared.block.line,
                f"variable {name!r} has no default and no value for environment {self.session.env!r}: "
                "terraform plan would ask for it; its value is unknown here",
                "config",
                DiagnosticLevel.WARNING,
            )
        default_attr = body.attribute("default")
        type_attr = body.attribute("type")
        sensitive_attr = body.attribute("sensitive")
        sensitive = _constant(sensitive_attr, self.session, declared.file)
        checks = validations(body, InstanceScope(instance, declared.file))
        spans: dict[str, Location] = {}
        for key, attribute in (("default", default_attr), ("sensitive", sensitive_attr), ("type", type_attr)):
            if attribute is not None:
                spans[key] = span(attribute.file or declared.file, attribute.line, attribute.end_line)
        if where is not None:
            spans["value"] = where
        values = {
            "value": value,
            "default": _constant(default_attr, self.session, declared.file),
            "type": type_attr.source.strip() if type_attr else None,
            "sensitive": sensitive is True,
            "description": _constant(body.attribute("description"), self.session, declared.file),
        }
        address = f"{instance.prefix}var.{name}"
        node = Node(
            "tf:" + address,
            address,
            NodeKind.VARIABLE,
            Tool.TERRAFORM,
            name=name,
            module=instance.path,
            loc=span(declared.file, declared.block.line, declared.block.end_line),
            values=values,
            spans=spans,
            traces={"value": trace},
            meta={
                "validation": checks,
                "has_default": default_attr is not None,
                "set_by": set_by,
                "comments": _comments_for(instance.config, declared.file, declared.block),
            },
        )
        self.add(node, inside)

    def local(self, instance: ModuleInstance, name: str, inside: list[str]) -> None:
        declared = instance.config.locals[name]
        evaluation = instance.local(name)
        attribute = declared.attribute
        location = span(declared.file, attribute.line, attribute.end_line)
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
            spans={"value": location, **written_key_spans(attribute.expr, "value", declared.file)},
            traces={"value": evaluation.trace} if evaluation.trace else {},
        )
        self.add(node, inside, evaluation.refs)

    def output(self, instance: ModuleInstance, name: str, inside: list[str]) -> None:
        declared = instance.config.outputs[name]
        body = declared.block.body
        evaluation = instance.output(name)
        value_attr = body.attribute("value")
        sensitive_attr = body.attribute("sensitive")
        spans = {}
        if value_attr is not None:
            spans["value"] = span(value_attr.file or declared.file, value_attr.line, value_attr.end_line)
        if sensitive_attr is not None:
            where = sensitive_attr.file or declared.file
            spans["sensitive"] = span(where, sensitive_attr.line, sensitive_attr.end_line)
        address = f"{instance.prefix}output.{name}"
        node = Node(
            "tf:" + address,
            address,
            NodeKind.OUTPUT,
            Tool.TERRAFORM,
            name=name,
            module=instance.path,
            loc=span(declared.file, declared.block.line, declared.block.end_line),
            values={
                "value": evaluation.value,
                "sensitive": _constant(sensitive_attr, self.session, declared.file) is True,
                "description": _constant(body.attribute("description"), self.session, declared.file),
            },
            spans=spans,
            traces={"value": evaluation.trace} if evaluation.trace else {},
            meta={"comments": _comments_for(instance.config, declared.file, declared.block)},
        )
        self.add(node, inside, evaluation.refs)

    def dependency_ids(self, instance: ModuleInstance, names: list[str], file: str, line: int) -> list[str]:
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
                self.session.diagnose(file, line, f"depends_on refers to undeclared {text}")
        return ids

    def resource(self, instance: ModuleInstance, key: str, data: bool, inside: list[str]) -> None:
        declared = (instance.config.data if data else instance.config.resources)[key]
        block = declared.block
        result = instance.data_source(key) if data else instance.resource(key)
        resource_type, name = key.split(".", 1)
        location = span(declared.file, block.line, block.end_line)
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
            provider = self.provider_config(provider_address) if provider_address else None
            if provider_address is None and "." in provider_ref:
                written = block.body.attribute("provider")
                self.session.diagnose(
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
            tags = None if data else with_default_tags(_default_tags(provider), item.values.get("tags"))
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
                self.session.add_references(node.id, ids, EdgeKind.DEPENDS_ON)

    def module_call(self, instance: ModuleInstance, name: str, inside: list[str]) -> None:
        result = instance.call(name)
        declared = result.declared
        block = declared.block
        target = result.target
        location = span(declared.file, block.line, block.end_line)
        comments = _comments_for(instance.config, declared.file, block)
        for call in result.instances:
            values: dict[str, Any] = {}
            spans: dict[str, Location] = {}
            traces: dict[str, tuple[str, ...]] = {}
            refs: set[str] = set(result.expansion.refs)
            for attribute in block.body.attributes:
                evaluation = call.argument(attribute.name)
                where = attribute.file or declared.file
                spans[attribute.name] = span(where, attribute.line, attribute.end_line)
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
            depends_names = [t for t in listed_references(depends_on.expr) if t] if depends_on is not None else []
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
                self.session.add_references(node.id, ids, EdgeKind.DEPENDS_ON)
            child = call.child
            if child is None:
                continue
            self.check_arguments(child, block, declared.file, name)
            child_ids = self.instance(child)
            self.session.add_references(node.id, child_ids, EdgeKind.CONTAINS)
            self.session.add_references(
                node.id, (child.node_id(f"var.{v}") for v in child.config.variables), EdgeKind.MODULE_INPUT
            )
            self.session.add_references(
                node.id, (child.node_id(f"output.{o}") for o in child.config.outputs), EdgeKind.MODULE_OUTPUT
            )

    def check_arguments(self, child: ModuleInstance, block: Block, file: str, name: str) -> None:
        reserved = META_ARGUMENTS | {"source", "version"}
        for attribute in block.body.attributes:
            if attribute.name not in reserved and attribute.name not in child.config.variables:
                self.session.diagnose(
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
                self.session.diagnose(
                    file, block.line, f"module {name!r}: required variable {variable!r} is not set", "reference"
                )
