"""Terraform's override files (`override.tf`, `*_override.tf`, and their `.tf.json` forms), merged as Terraform
merges them (Terraform's configs.Module.mergeFile; https://developer.hashicorp.com/terraform/language/files/override).

Override files are applied after every primary file, one at a time in lexicographical order, each block in
file order. A top-level block merges into the already-declared block with the same header: an argument
replaces the argument of the same name; nested blocks of one type replace *all* nested blocks of that type
(a `dynamic "x"` counts as type `x`); nested contents are never merged. Per type:

- resource / data: as above; `lifecycle` of a resource is merged argument by argument (create_before_destroy,
  ignore_changes, prevent_destroy); `depends_on` and lifecycle pre/postconditions may not be overridden.
- variable: description, default, type, sensitive, nullable replace; `validation` blocks may not be overridden.
- output: description, value, sensitive replace; `depends_on` and `precondition` may not be overridden.
- locals: value by value, whichever `locals` block declared it.
- module: every argument as above; `depends_on` may not be overridden.
- provider: as above; a default (unaliased) provider with no original is simply added.
- terraform: `required_version` replaces all constraints, `required_providers` replaces per provider,
  a `backend` or `cloud` block replaces the original backend.
- moved / import / check blocks are errors in an override file.

What may not be overridden is an input error, as Terraform 1.15 refuses it (tests/terraform/test_overrides.py
checks each against the real Terraform).

Every argument and nested block taken from an override file keeps that file (Attribute.file / Block.file),
so a value an override sets is reported at the override file's line.
"""

from __future__ import annotations

from dataclasses import replace

from checker.hcl.ast import Attribute, Block, Body, HclFile, Literal
from checker.model import Diagnostic
from checker.terraform.config import Declared, DeclaredLocal, FileComments, ModuleConfig

RESOURCE_LIFECYCLE_MERGED = ("create_before_destroy", "ignore_changes", "prevent_destroy")
VARIABLE_MERGED = ("description", "default", "type", "sensitive", "nullable")
OUTPUT_MERGED = ("description", "value", "sensitive")


def is_override_file(name: str) -> bool:
    stem = name.removesuffix(".json").removesuffix(".tf")
    return stem == "override" or stem.endswith("_override")


def _error(file: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(file, line, message, code="config")


def _from(node: Attribute | Block, file: str) -> Attribute | Block:
    return node if node.file is not None else replace(node, file=file)


def _block_kind(block: Block) -> str:
    return block.labels[0] if block.type == "dynamic" and block.labels else block.type


def merge_bodies(base: Body, override: Body, file: str, *, attributes=None, blocks: bool = True) -> Body:
    """Terraform's MergeBodies: arguments replace by name; override blocks hide all base blocks of their type.
    `attributes` limits which override arguments count; blocks=False keeps the base's blocks only."""
    merged: dict[str, Attribute] = {a.name: a for a in base.attributes}
    for attribute in override.attributes:
        if attributes is None or attribute.name in attributes:
            merged[attribute.name] = _from(attribute, file)  # type: ignore[assignment]
    kept = list(base.blocks)
    if blocks and override.blocks:
        hidden = {_block_kind(b) for b in override.blocks}
        kept = [b for b in base.blocks if _block_kind(b) not in hidden]
        kept.extend(_from(b, file) for b in override.blocks)  # type: ignore[misc]
    return Body(tuple(merged.values()), tuple(kept))


def _with_body(declared: Declared, body: Body) -> Declared:
    return replace(declared, block=replace(declared.block, body=body))


def _refuse_blocks(body: Body, types: tuple[str, ...], file: str, problems: list[Diagnostic]) -> None:
    for block in body.blocks:
        if block.type in types:
            problems.append(
                _error(file, block.line, f"{block.type} blocks may not be overridden (Terraform refuses it)")
            )


def _refuse_depends_on(body: Body, file: str, problems: list[Diagnostic]) -> None:
    depends_on = body.attribute("depends_on")
    if depends_on is not None:
        problems.append(_error(file, depends_on.line, "depends_on may not be overridden (Terraform refuses it)"))


def _resource(base: Declared, override: Block, file: str, managed: bool, problems: list[Diagnostic]) -> Declared:
    _refuse_depends_on(override.body, file, problems)
    for lifecycle in override.body.blocks_of("lifecycle"):
        _refuse_blocks(lifecycle.body, ("precondition", "postcondition"), file, problems)
    plain = Body(
        tuple(a for a in override.body.attributes if a.name != "depends_on"),
        tuple(b for b in override.body.blocks if b.type != "lifecycle"),
    )
    body = merge_bodies(base.block.body, plain, file)
    lifecycles = override.body.blocks_of("lifecycle")
    if managed and lifecycles:
        original = next(iter(body.blocks_of("lifecycle")), None)
        merged = original or Block("lifecycle", (), Body((), ()), lifecycles[0].line, lifecycles[0].end_line, file)
        for lifecycle in lifecycles:
            settings = merge_bodies(
                merged.body, lifecycle.body, file, attributes=RESOURCE_LIFECYCLE_MERGED, blocks=False
            )
            merged = replace(merged, body=settings)
        rest = tuple(b for b in body.blocks if b is not original)
        body = Body(body.attributes, (*rest, merged))
    return _with_body(base, body)


def _module_call(base: Declared, override: Block, file: str, problems: list[Diagnostic]) -> Declared:
    _refuse_depends_on(override.body, file, problems)
    plain = Body(tuple(a for a in override.body.attributes if a.name != "depends_on"), override.body.blocks)
    return _with_body(base, merge_bodies(base.block.body, plain, file))


def _output(base: Declared, override: Block, file: str, problems: list[Diagnostic]) -> Declared:
    _refuse_depends_on(override.body, file, problems)
    _refuse_blocks(override.body, ("precondition",), file, problems)
    return _with_body(base, merge_bodies(base.block.body, override.body, file, attributes=OUTPUT_MERGED, blocks=False))


def _alias(block: Block) -> str | None:
    attribute = block.body.attribute("alias")
    if attribute is None:
        return None
    expr = attribute.expr
    return expr.value if isinstance(expr, Literal) and isinstance(expr.value, str) else attribute.source.strip()


def _provider(config: ModuleConfig, override: Block, file: str, problems: list[Diagnostic]) -> None:
    name, alias = override.labels[0], _alias(override)
    for index, declared in enumerate(config.providers):
        if declared.block.labels[0] == name and _alias(declared.block) == alias:
            config.providers[index] = _with_body(declared, merge_bodies(declared.block.body, override.body, file))
            return
    if alias is None:  # an absent default configuration is an empty one: the override becomes it
        config.providers.append(Declared(file, override))
        return
    problems.append(
        _error(file, override.line, f"no provider {name!r} with alias {alias!r} to override in a primary file")
    )


def _terraform(config: ModuleConfig, override: Block, file: str, problems: list[Diagnostic]) -> None:
    # The resolver reads terraform blocks in order, later settings winning: required_version replaced,
    # required_providers replaced provider by provider, as Terraform merges them.
    config.terraform_blocks.append(Declared(file, override))
    backends = override.body.blocks_of("backend") + override.body.blocks_of("cloud")
    if len(backends) > 1:
        problems.append(_error(file, backends[1].line, "an override file may set only one backend (or cloud) block"))
    if backends:
        config.backend = Declared(file, backends[0])


def merge_override_files(config: ModuleConfig, overrides: list[HclFile]) -> ModuleConfig:
    """config with its override files merged in, in order, as Terraform merges them."""
    for hcl in overrides:
        if hcl.comments:
            config.comments[hcl.path] = FileComments(hcl.comments)
        apply_override_file(config, hcl)
    return config


def apply_override_file(config: ModuleConfig, hcl: HclFile) -> None:
    """Merge one override file's blocks into config, in order; problems go to config.diagnostics."""
    file = hcl.path
    problems = config.diagnostics
    tables = {
        "resource": (config.resources, 2, "resource"),
        "data": (config.data, 2, "data source"),
        "variable": (config.variables, 1, "variable"),
        "output": (config.outputs, 1, "output"),
        "module": (config.module_calls, 1, "module call"),
    }
    for block in hcl.body.blocks:
        kind = block.type
        if kind in tables:
            table, labels, what = tables[kind]
            if len(block.labels) != labels:
                problems.append(_error(file, block.line, f"{kind} block has the wrong number of labels"))
                continue
            key = ".".join(block.labels)
            base = table.get(key)
            if base is None:
                problems.append(
                    _error(
                        file,
                        block.line,
                        f"no {what} {key!r} to override: an override file can only change what a primary file declares",
                    )
                )
                continue
            if kind in ("resource", "data"):
                table[key] = _resource(base, block, file, kind == "resource", problems)
            elif kind == "variable":
                _refuse_blocks(block.body, ("validation",), file, problems)
                table[key] = _with_body(
                    base, merge_bodies(base.block.body, block.body, file, attributes=VARIABLE_MERGED, blocks=False)
                )
            elif kind == "output":
                table[key] = _output(base, block, file, problems)
            else:
                table[key] = _module_call(base, block, file, problems)
        elif kind == "locals":
            for attribute in block.body.attributes:
                if attribute.name not in config.locals:
                    problems.append(
                        _error(file, attribute.line, f"no local value {attribute.name!r} to override in a primary file")
                    )
                    continue
                config.locals[attribute.name] = DeclaredLocal(file, attribute)
        elif kind == "provider" and len(block.labels) == 1:
            _provider(config, block, file, problems)
        elif kind == "terraform":
            _terraform(config, block, file, problems)
        elif kind in ("moved", "import", "check"):
            problems.append(
                _error(file, block.line, f"{kind} blocks cannot be in an override file (Terraform refuses them)")
            )
