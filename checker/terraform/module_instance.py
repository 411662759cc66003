"""One module instance (the root, or module.a / module.a["k"] / module.a.module.b) and what its names mean.

Every value is computed the first time something reads it and kept; each computation runs through the
session's guard, so a cycle among locals, outputs, resources and module arguments is reported, not followed.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from checker.hcl.ast import Attribute
from checker.hcl.evaluate import Evaluation, Resolution, Scope, evaluate_traced
from checker.model import Unknown
from checker.records import record
from checker.terraform.config import Declared, ModuleConfig
from checker.terraform.expansion import (
    META_ARGUMENTS,
    Evaluated,
    child_providers,
    evaluate_block,
    instance_expansion,
)
from checker.terraform.files import FILE_FUNCTIONS, file_function
from checker.terraform.instances import Expansion, ResourceInstance, ResourceResult, instance_suffix, single
from checker.terraform.references import expression_text, resource_reference
from checker.terraform.session import Cycle, Session
from checker.terraform.sources import CallTarget, relative_posix
from checker.terraform.tfvars import Assigned, assigned_value, from_argument, from_tfvars

MAX_MODULE_DEPTH = 100  # notescheck's limit, not Terraform's (it has none): documented in the README


class InstanceScope(Scope):
    """What an expression written in one file of a module instance can name and call."""

    def __init__(self, instance: ModuleInstance, file: str) -> None:
        self.instance = instance
        self.file = file

    def resolve(self, name: str, keys: tuple, line: int) -> Resolution | None:
        return self.instance.resolve_name(name, keys, self.file, line)

    def call(self, name: str, args: list[Any]) -> Any:
        if name not in FILE_FUNCTIONS:
            return NotImplemented
        return file_function(self.instance.session.sources, name, args)


@record
class CallInstance:
    """One instance of a module call; its arguments are evaluated on demand in the calling module."""

    key: Any
    path: str  # module.a or module.a["k"]
    parent: ModuleInstance
    declared: Declared
    bindings: dict[str, Any]
    child: ModuleInstance | None = None
    evaluated: dict[str, Evaluation] = field(default_factory=dict)

    def argument(self, name: str) -> Evaluation | None:
        if name in self.evaluated:
            return self.evaluated[name]
        attribute = self.declared.block.body.attribute(name)
        if attribute is None or name in META_ARGUMENTS:
            return None
        parent, file = self.parent, attribute.file or self.declared.file  # .file: set by an override file

        def compute() -> Evaluation:
            evaluation = evaluate_traced(attribute.expr, InstanceScope(parent, file), self.bindings)
            parent.session.note_errors(evaluation, file, attribute.line)
            return evaluation

        try:
            evaluation = parent.session.guarded((self.path, "argument ", name), file, attribute.line, compute)
        except Cycle as cycle:
            evaluation = Evaluation(Unknown(f"cycle: {cycle}"))
        self.evaluated[name] = evaluation
        return evaluation


@record
class CallResult:
    """A module call resolved: its expansion and one instance per key."""

    declared: Declared
    target: CallTarget
    expansion: Expansion
    instances: list[CallInstance] = field(default_factory=list)


class ModuleInstance:
    """One module instance: its configuration, where it sits, and the values computed in it so far."""

    def __init__(
        self,
        session: Session,
        config: ModuleConfig,
        path: str,
        depth: int,
        call: CallInstance | None,
        provider_map: dict[str, str],
    ) -> None:
        self.session = session
        self.config = config
        self.path = path
        self.prefix = f"{path}." if path else ""
        self.depth = depth
        self.caller = call
        self.call_file = call.declared.file if call else ""
        self.call_block = call.declared.block if call else None
        self.provider_map = provider_map
        self.variables: dict[str, Assigned] = {}
        self.locals: dict[str, Evaluation] = {}
        self.outputs: dict[str, Evaluation] = {}
        self.resources: dict[str, ResourceResult | None] = {}
        self.data: dict[str, ResourceResult | None] = {}
        self.calls: dict[str, CallResult] = {}
        module_dir = config.dir
        root_dir = session.sources.root_dir
        self.module_path = (
            "."
            if module_dir == root_dir
            else relative_posix(session.sources.root / module_dir, session.sources.root / root_dir)
        )
        for declared in config.providers:
            local_name = declared.block.labels[0]
            alias_attr = declared.block.body.attribute("alias")
            alias = expression_text(alias_attr.expr) if alias_attr else None
            local_key = f"{local_name}.{alias}" if alias else local_name
            address = f"{self.prefix}provider.{local_key}"
            self.provider_map[local_key] = address
            session.providers[address] = (self, declared)

    def node_id(self, tail: str) -> str:
        return f"tf:{self.prefix}{tail}"

    # -- names -----------------------------------------------------------------------------------

    def resolve_name(self, name: str, keys: tuple, file: str, line: int) -> Resolution:
        """What `name.keys...` written at file:line means here: its value, evidence and the nodes it reads."""
        first = keys[0] if keys and isinstance(keys[0], str) else None
        if name == "var":
            if first is None:
                return Resolution(Unknown("var used without a name"), len(keys))
            if first not in self.config.variables:
                self.session.diagnose(file, line, f"reference to undeclared input variable var.{first}")
                return Resolution(Unknown(f"var.{first} is not declared"), 1)
            value, trace, _, _ = self.variable(first)
            return Resolution(value, 1, trace, (self.node_id(f"var.{first}"),))
        if name == "local":
            if first is None:
                return Resolution(Unknown("local used without a name"), len(keys))
            if first not in self.config.locals:
                self.session.diagnose(file, line, f"reference to undeclared local value local.{first}")
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
                self.session.diagnose(file, line, f"reference to undeclared data source data.{key}")
                return Resolution(Unknown(f"data.{key} is not declared"), len(keys))
            result = self.data_source(key)
            # the attribute read is part of the reason: a secret's `secret_string` is not its `arn`
            read = "".join(f".{k}" if isinstance(k, str) else f"[{k}]" for k in keys[2:4])
            return Resolution(
                Unknown(f"data.{key}{read} is read from the provider at plan time"),
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
                self.session.diagnose(file, line, f"{name}.* used where no {name} is set")
            return Resolution(Unknown(f"{name} is not available here"), len(keys))
        if first is not None and f"{name}.{first}" in self.config.resources:
            key = f"{name}.{first}"
            result = self.resource(key)
            address = f"{self.prefix}{key}"
            if result is None:
                return Resolution(Unknown(f"{address} is part of a cycle"), 1)
            return resource_reference(result, address, keys)
        if first is not None:
            self.session.diagnose(file, line, f"reference to undeclared resource {name}.{first}")
        else:
            self.session.diagnose(file, line, f"unknown name {name!r}")
        return Resolution(Unknown(f"{name} is not declared"), min(1, len(keys)))

    # -- variables, locals, outputs --------------------------------------------------------------

    def variable(self, name: str) -> Assigned:
        """(value, trace, where it was set, set_by) for var.name: tfvars set the root's, a call its module's."""
        if name in self.variables:
            return self.variables[name]
        declared = self.config.variables[name]
        given: Assigned | None = None
        if self.caller is None:
            setting = self.session.tfvars.get(name)
            given = from_tfvars(setting) if setting is not None else None
        elif (evaluation := self.caller.argument(name)) is not None:
            attribute = self.call_block.body.attribute(name) if self.call_block else None
            given = from_argument(declared, name, self.path, evaluation, attribute, self.call_file)
        result = assigned_value(self.session, declared, f"{self.prefix}var.{name}", given)
        self.variables[name] = result
        return result

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
            evaluation = evaluate_traced(attribute.expr, InstanceScope(self, file))
            self.session.note_errors(evaluation, file, attribute.line)
            return evaluation

        try:
            return self.session.guarded((self.path, kind, name), file, attribute.line, compute)
        except Cycle as cycle:
            return Evaluation(Unknown(f"cycle: {cycle}"))

    def output(self, name: str) -> Evaluation:
        if name in self.outputs:
            return self.outputs[name]
        declared = self.config.outputs[name]
        attribute = declared.block.body.attribute("value")
        if attribute is None:
            self.session.diagnose(declared.file, declared.block.line, f"output {name!r} has no value", "config")
            evaluation = Evaluation(Unknown("output without value"))
        else:
            evaluation = self._evaluated("output.", name, attribute.file or declared.file, attribute)
        self.outputs[name] = evaluation
        return evaluation

    # -- resources and data sources --------------------------------------------------------------

    def resource(self, key: str) -> ResourceResult | None:
        return self._resource_like(key, data=False)

    def data_source(self, key: str) -> ResourceResult | None:
        return self._resource_like(key, data=True)

    def _resource_like(self, key: str, data: bool) -> ResourceResult | None:
        """A resource or data block's instances, each evaluated; None when it is part of a cycle."""
        cache = self.data if data else self.resources
        if key in cache:
            return cache[key]
        declared = (self.config.data if data else self.config.resources)[key]
        tail = f"data.{key}" if data else key

        def compute() -> ResourceResult:
            scope = InstanceScope(self, declared.file)
            expansion = instance_expansion(self.session, declared.block.body, scope, declared.file, tail)
            instances = []
            for instance_key, bindings in expansion.instances:
                evaluated = self.evaluate_block(declared, bindings, top=True)
                address = f"{self.prefix}{tail}{instance_suffix(instance_key)}"
                evaluated.refs.update(expansion.refs)
                instances.append(
                    ResourceInstance(
                        instance_key,
                        address,
                        evaluated.values,
                        evaluated.spans,
                        evaluated.traces,
                        evaluated.refs,
                        evaluated.meta,
                    )
                )
            return ResourceResult(expansion, instances)

        result: ResourceResult | None
        try:
            result = self.session.guarded((self.path, "", tail), declared.file, declared.block.line, compute)
        except Cycle:
            result = None
        cache[key] = result
        return result

    def evaluate_block(self, declared: Declared, bindings: dict[str, Any], top: bool) -> Evaluated:
        return evaluate_block(self.session, declared, InstanceScope(self, declared.file), bindings, top)

    # -- module calls ----------------------------------------------------------------------------

    def call(self, name: str) -> CallResult:
        """A module call's instances, each with its child module instance when the module is loaded."""
        if name in self.calls:
            return self.calls[name]
        declared = self.config.module_calls[name]
        target = self.session.sources.calls.get((self.config.dir, name), CallTarget("", error="not loaded"))
        result = CallResult(declared, target, single())

        def compute() -> None:
            body = declared.block.body
            scope = InstanceScope(self, declared.file)
            result.expansion = instance_expansion(self.session, body, scope, declared.file, f"module.{name}")
            child_config = self.session.sources.modules.get(target.local_dir) if target.local_dir else None
            for key, bindings in result.expansion.instances:
                path = f"{self.prefix}module.{name}{instance_suffix(key)}"
                call = CallInstance(key, path, self, declared, bindings)
                if child_config is not None and self.depth < MAX_MODULE_DEPTH:
                    call.child = ModuleInstance(
                        self.session,
                        child_config,
                        path,
                        self.depth + 1,
                        call,
                        child_providers(self.session, self.provider_map, self.prefix, body, declared.file),
                    )
                elif child_config is not None:
                    message = (
                        f"modules nested deeper than {MAX_MODULE_DEPTH} levels exceed notescheck's limit "
                        "(Terraform has none); this module's contents are not checked"
                    )
                    self.session.diagnose(declared.file, declared.block.line, message, "limit")
                result.instances.append(call)

        try:
            self.session.guarded((self.path, "module.", name), declared.file, declared.block.line, compute)
        except Cycle:
            result.expansion = Expansion("unknown", [], (), "cycle")
            result.instances = []
        self.calls[name] = result
        return result

    def module_reference(self, keys: tuple, file: str, line: int) -> Resolution:
        """`module.a`, `module.a.out`: one output, an object of them, or a list / map of those per instance."""
        name = keys[0] if keys and isinstance(keys[0], str) else None
        if name is None or name not in self.config.module_calls:
            self.session.diagnose(file, line, f"reference to undeclared module module.{name}")
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
                    self.session.diagnose(file, line, f"module.{name} has no output {output!r}")
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
    def outputs_object(child: ModuleInstance) -> dict[str, Any]:
        return {name: child.output(name).value for name in child.config.outputs}
