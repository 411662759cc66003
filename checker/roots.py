"""The project's Terraform roots: the per-environment root, and the shared roots beside it.

The per-environment root (`terraform-dir`) is applied once per environment with `envs/<env>.tfvars`. A
shared root holds the spec's one-time resources (section 6: the state bucket, the lock table, CloudTrail):
it is applied once per account, so it has no `envs/`, and its resources say so with
`Environment = "shared"`. Unless `shared-roots` names them, they are found under `terraform-dir`: every
directory with Terraform files that the per-environment root does not call as a module, has no `envs/`,
and tags a resource `Environment = "shared"`. Any other such directory is a root no run would check: an
input error naming it (a gate must not pass over infrastructure it cannot see), unless `shared-roots`
says which roots are shared.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from checker.model import Diagnostic, DiagnosticLevel, GraphPart, NodeKind
from checker.records import record
from checker.settings import SHARED, Settings
from checker.userfiles import present

if TYPE_CHECKING:
    from checker.runtime import Runtime
    from checker.terraform import TerraformSources

SKIPPED_DIRS = ("envs", "modules")  # never roots themselves: variable files, and the modules roots call
TERRAFORM_SUFFIXES = (".tf", ".tf.json")


@record
class SharedRoot:
    """One shared root, parsed and resolved (the shared section has no environment: no tfvars)."""

    dir: str  # relative to the project root, POSIX
    sources: TerraformSources
    part: GraphPart


def _has_terraform(directory: Path) -> bool:
    try:
        return any(p.name.endswith(TERRAFORM_SUFFIXES) and p.is_file() for p in directory.iterdir())
    except OSError:
        return False


def candidate_dirs(terraform_dir: Path, called: set[Path]) -> list[Path]:
    """Directories under terraform_dir holding Terraform files that are neither a module the root calls nor
    inside `.terraform`, `envs` or `modules`, shallowest first; a directory with its own `envs/` is another
    per-environment root, not a candidate."""
    found = []
    for current, dirs, _files in os.walk(terraform_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        here = Path(current)
        if here == terraform_dir or here.resolve() in called:
            continue
        if (here / "envs").is_dir():
            dirs[:] = []
            continue
        if _has_terraform(here):
            found.append(here)
    return sorted(found, key=lambda p: (len(p.parts), p.as_posix()))


def tagged_shared(part: GraphPart) -> bool:
    """Whether any resource of the root carries Environment = "shared" (its own tags or default_tags)."""
    return any(
        n.kind == NodeKind.RESOURCE and isinstance(n.tags, dict) and n.tags.get("Environment") == SHARED
        for n in part.nodes
    )


def find_shared_roots(
    settings: Settings, env_root, runtime: Runtime | None = None
) -> tuple[list[SharedRoot], list[Diagnostic]]:
    """The shared roots of the project, parsed and resolved (through the runtime's parse cache, on its cores):
    those `settings.shared_roots` names, else the ones found under the per-environment root `env_root`
    (checker.terraform.TerraformSources, or None)."""
    from checker.terraform import parse_terraform, resolve_terraform

    cache = runtime.cache if runtime is not None else None
    workers = runtime.workers if runtime is not None else None
    diagnostics: list[Diagnostic] = []
    declared = settings.shared_roots is not None
    if settings.shared_roots is not None:
        candidates = []
        for relative in settings.shared_roots:
            directory = settings.path(relative)
            if not directory.is_dir():
                message = "shared root not found (shared-roots in the configuration)"
                diagnostics.append(Diagnostic(relative.as_posix(), 0, message, code="read"))
            else:
                candidates.append(directory)
    else:
        tf_dir = settings.path(settings.terraform_dir)
        if not tf_dir.is_dir():
            return [], diagnostics
        called = {settings.root / d for d in getattr(env_root, "modules", {})}
        candidates = candidate_dirs(tf_dir, {p.resolve() for p in called})
    roots: list[SharedRoot] = []
    modules_of_roots: set[Path] = set()
    for directory in candidates:
        if directory.resolve() in modules_of_roots:
            continue  # a module of a shared root found before it
        sources = parse_terraform(
            directory,
            settings.root,
            max_file_bytes=settings.max_file_bytes,
            cache=cache,
            remote_modules=settings.remote_modules,
            workers=workers,
        )
        modules_of_roots |= {(settings.root / d).resolve() for d in sources.modules if d != sources.root_dir}
        part = resolve_terraform(sources, SHARED, [], cache=cache)
        if declared or tagged_shared(part):
            roots.append(SharedRoot(sources.root_dir, sources, part))
        else:
            diagnostics.append(
                Diagnostic(
                    sources.root_dir,
                    0,
                    "a Terraform root with no envs/ whose resources are not tagged Environment = "
                    '"shared": no run would check it, so the run cannot pass; tag its resources (provider '
                    "default_tags) or name the shared roots in shared-roots ([tool.notescheck])",
                    DiagnosticLevel.ERROR,
                    "root",
                )
            )
    return roots, diagnostics


def env_var_files(settings: Settings, env: str) -> tuple[list[Path], list[Diagnostic]]:
    """The variables files of an environment's plan: envs/<env>.tfvars, then any --var-file."""
    env_file = settings.path(settings.terraform_dir) / "envs" / f"{env}.tfvars"
    diagnostics = []
    if not present(env_file):
        shown = (settings.terraform_dir / "envs" / f"{env}.tfvars").as_posix()
        diagnostics.append(
            Diagnostic(file=shown, line=0, message=f"no variables file for environment {env!r}", code="read")
        )
    extra = [settings.path(p) for p in settings.var_files]
    return ([env_file] if present(env_file) else []) + extra, diagnostics  # the reader says what a FIFO is


__all__ = ["SharedRoot", "find_shared_roots", "candidate_dirs", "tagged_shared", "env_var_files"]
