"""Remote modules as `terraform init` (or `terraform get`) installed them: `.terraform/modules/modules.json`
in the root module's directory, and the folders it names. Nothing is ever fetched (as Trivy and tflint do).

The manifest is Terraform's own: {"Modules": [{"Key": "a.b", "Source": "...", "Version": "...", "Dir": "..."}]},
where Key is the path of module call names from the root and Dir is relative to the root module's directory.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from checker.model import Diagnostic, DiagnosticLevel
from checker.records import record

MANIFEST = Path(".terraform") / "modules" / "modules.json"
REMOTE_MODULE_MODES = ("installed", "skip")  # --remote-modules / [tool.notescheck] remote-modules


@record(frozen=True)
class InstalledModule:
    key: str
    source: str
    dir: Path  # absolute, resolved
    version: str = ""


def comparable_source(source: str) -> str:
    """A module source address as Terraform records it in the manifest and as written compare equal:
    `terraform-aws-modules/vpc/aws` = `registry.terraform.io/terraform-aws-modules/vpc/aws`,
    `github.com/o/r` = `git::https://github.com/o/r.git`."""
    text = source.strip().removeprefix("registry.terraform.io/")
    text = re.sub(r"^git::", "", text)
    text = re.sub(r"^(https?|ssh)://", "", text)
    return re.sub(r"\.git(?=$|\?|//)", "", text)


def read_manifest(
    module_dir: Path, root: Path, max_file_bytes: int
) -> tuple[dict[str, InstalledModule] | None, list[Diagnostic]]:
    """The installed modules by key, or None when `terraform init` has not installed any here."""
    path = module_dir / MANIFEST
    display = Path(path.relative_to(root) if path.is_relative_to(root) else path).as_posix()
    if not path.is_file():
        return None, []

    def problem(line: int, message: str) -> tuple[None, list[Diagnostic]]:
        hint = "; run `terraform init -backend=false` again"
        return None, [Diagnostic(display, line, message + hint, DiagnosticLevel.ERROR, "module")]

    try:
        if path.stat().st_size > max_file_bytes:
            return problem(0, f"file is over the {max_file_bytes}-byte limit")
        data = json.loads(path.read_bytes())
    except json.JSONDecodeError as exc:
        return problem(exc.lineno, f"invalid JSON: {exc.msg}")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return problem(0, f"cannot read the module manifest: {exc}")
    entries = data.get("Modules") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return problem(1, 'not a Terraform module manifest (no "Modules" list)')
    installed: dict[str, InstalledModule] = {}
    problems: list[Diagnostic] = []
    for entry in entries:
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("Key", "Source", "Dir")):
            return problem(1, "a module entry lacks Key, Source or Dir")
        if not entry["Key"]:
            continue  # the root module itself
        try:
            target = (module_dir / entry["Dir"]).resolve(strict=True)
        except (OSError, RuntimeError):
            continue  # listed but gone: the call reads as not installed
        if target != root and root not in target.parents:
            message = f"module {entry['Key']!r} is installed outside the working directory ({entry['Dir']}); not read"
            problems.append(Diagnostic(display, 1, message, DiagnosticLevel.ERROR, "module"))
            continue
        version = entry.get("Version")
        installed[entry["Key"]] = InstalledModule(
            entry["Key"], entry["Source"], target, version if isinstance(version, str) else ""
        )
    return installed, problems
