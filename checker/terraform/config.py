"""What one Terraform module directory declares, collected from its parsed files.

Declarations keep the file (POSIX path relative to the working directory) and the block or attribute,
so every node the resolver emits can point back at the line that wrote it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import field

from checker.hcl.ast import Attribute, Block, HclFile
from checker.model import Diagnostic
from checker.records import record


@record(frozen=True)
class Declared:
    """A block (variable, resource, module call...) and the file it is written in."""

    file: str
    block: Block


@record(frozen=True)
class DeclaredLocal:
    """A `locals` attribute and the file it is written in."""

    file: str
    attribute: Attribute


class FileComments:
    """A file's comments, found by the lines a block spans and the lines right above it."""

    def __init__(self, comments: tuple[tuple[int, str], ...]) -> None:
        self.sorted = sorted(comments)
        self.starts = [line for line, _ in self.sorted]
        self.by_last_line: dict[int, list[tuple[int, str]]] = {}
        for line, text in self.sorted:
            self.by_last_line.setdefault(line + text.count("\n"), []).append((line, text))

    def for_block(self, first: int, last: int) -> tuple[tuple[int, str], ...]:
        found = self.sorted[bisect_left(self.starts, first) : bisect_right(self.starts, last)]
        line = first - 1
        while line in self.by_last_line:  # appended, never prepended: 50,000 comment lines took 9 s that way
            above = self.by_last_line[line]
            found.extend(above)
            line = min(start for start, _ in above) - 1
        return tuple(sorted(found))


@record
class ModuleConfig:
    """Everything one module directory declares, by kind and name."""

    dir: str  # POSIX path relative to the working directory
    variables: dict[str, Declared] = field(default_factory=dict)
    locals: dict[str, DeclaredLocal] = field(default_factory=dict)
    outputs: dict[str, Declared] = field(default_factory=dict)
    resources: dict[str, Declared] = field(default_factory=dict)  # "aws_s3_bucket.site"
    data: dict[str, Declared] = field(default_factory=dict)  # "aws_iam_policy_document.x"
    module_calls: dict[str, Declared] = field(default_factory=dict)
    providers: list[Declared] = field(default_factory=list)
    terraform_blocks: list[Declared] = field(default_factory=list)
    backend: Declared | None = None
    comments: dict[str, FileComments] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def resource_types(self) -> set[str]:
        return {key.split(".", 1)[0] for key in self.resources}


def _add(table: dict, key: str, declared: Declared | DeclaredLocal, what: str, config: ModuleConfig) -> None:
    existing = table.get(key)
    if existing is not None:
        first = existing.block.line if isinstance(existing, Declared) else existing.attribute.line
        line = declared.block.line if isinstance(declared, Declared) else declared.attribute.line
        config.diagnostics.append(
            Diagnostic(
                declared.file,
                line,
                f"duplicate {what} {key!r} (first declared at {existing.file}:{first})",
                code="config",
            )
        )
        return
    table[key] = declared


def build_config(directory: str, files: list[HclFile]) -> ModuleConfig:
    """The module's declarations from its primary files (checker.terraform.overrides merges override files in)."""
    config = ModuleConfig(dir=directory)
    for hcl in files:
        if hcl.comments:
            config.comments[hcl.path] = FileComments(hcl.comments)
        for block in hcl.body.blocks:
            declared = Declared(hcl.path, block)
            labels = block.labels
            kind = block.type
            if kind == "variable" and len(labels) == 1:
                _add(config.variables, labels[0], declared, "variable", config)
            elif kind == "output" and len(labels) == 1:
                _add(config.outputs, labels[0], declared, "output", config)
            elif kind == "resource" and len(labels) == 2:
                _add(config.resources, f"{labels[0]}.{labels[1]}", declared, "resource", config)
            elif kind == "data" and len(labels) == 2:
                _add(config.data, f"{labels[0]}.{labels[1]}", declared, "data source", config)
            elif kind == "module" and len(labels) == 1:
                _add(config.module_calls, labels[0], declared, "module call", config)
            elif kind == "provider" and len(labels) == 1:
                config.providers.append(declared)
            elif kind == "locals":
                for attribute in block.body.attributes:
                    _add(config.locals, attribute.name, DeclaredLocal(hcl.path, attribute), "local value", config)
            elif kind == "terraform":
                config.terraform_blocks.append(declared)
                for backend in block.body.blocks_of("backend") + block.body.blocks_of("cloud"):
                    if config.backend is None:
                        config.backend = Declared(hcl.path, backend)
                    else:
                        config.diagnostics.append(
                            Diagnostic(hcl.path, backend.line, "more than one backend (or cloud) block", code="config")
                        )
            elif kind in ("resource", "data", "variable", "output", "module", "provider"):
                config.diagnostics.append(
                    Diagnostic(hcl.path, block.line, f"{kind} block has the wrong number of labels", code="config")
                )
    return config
