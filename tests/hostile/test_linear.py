"""Every loader stays linear in its input: doubling an input at most about doubles the time to load it
into an environment's graph (parse, then resolve), never quadruples it.

Each case builds a project of size n and 2n and times `load_sources` + `build_env_graph` (no cache, no
Checkov) in CPU seconds of this process and of the children it reaped (the SAM transform runs in one), so
that other tests sharing the machine's cores (`pytest -n 2`) do not read as growth; the two sizes are
timed in turn, best of three each, so a slow moment hits both. A quadratic path gives a ratio near 4; the
bound is 3. n is large enough that a run takes a few tenths of a second.
"""

from __future__ import annotations

import resource
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.pipeline import build_env_graph, load_sources
from checker.runtime import open_runtime
from checker.settings import Settings

MAX_RATIO = 3.0
ROUNDS = 3

TF_HEAD = 'variable "environment" {\n  type = string\n}\n\n'
TEMPLATE_HEAD = (
    'AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31\n\n'
    "Parameters:\n  Environment:\n    Type: String\n"
)
FUNCTION = (
    "  Fn{i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n"
    "      Runtime: python3.12\n      CodeUri: src/\n      Tags:\n        Environment: !Ref Environment\n"
    "        Project: notes\n"
)
SAMCONFIG = 'version = 0.1\n\n[prod.deploy.parameters]\nstack_name = "notes-prod-app"\nparameter_overrides = "{}"\n'


def write_project(root: Path, files: dict[str, str]) -> None:
    defaults = {
        "infra/terraform/main.tf": TF_HEAD,
        "infra/terraform/envs/prod.tfvars": 'environment = "prod"\n',
        "sam/template.yaml": TEMPLATE_HEAD + "\nResources:\n" + FUNCTION.format(i=0),
        "sam/samconfig.toml": SAMCONFIG.format("Environment=prod"),
    }
    for relative, text in {**defaults, **files}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def comments(n: int) -> dict[str, str]:
    above = "".join(f"# comment line {i} above the block\n" for i in range(n))
    inside = "".join(f"  // comment {i} inside the block\n" for i in range(n))
    block = 'resource "aws_s3_bucket" "site" {\n' + inside + '  bucket = "notes-${var.environment}-site"\n}\n'
    return {"infra/terraform/main.tf": TF_HEAD + above + block}


def strings(n: int) -> dict[str, str]:
    escaped = "".join(f'part {i} \\"quoted\\" \\n ${{var.environment}} $${{literal}} \\u00e9 ' for i in range(n))
    many = "".join(f'  s{i} = "value {i} for ${{var.environment}}"\n' for i in range(n))
    return {"infra/terraform/main.tf": TF_HEAD + f'locals {{\n  long = "{escaped}"\n{many}}}\n'}


def heredocs(n: int) -> dict[str, str]:
    lines = "".join(f"      line {i} of ${{var.environment}} %{{ if true }}yes%{{ endif }}\n" for i in range(n))
    return {
        "infra/terraform/main.tf": TF_HEAD
        + f"locals {{\n  indented = <<-EOT\n{lines}    EOT\n  plain = <<EOT\n{lines}EOT\n}}\n"
    }


def nesting(n: int) -> dict[str, str]:
    depth = 40
    nested = "{ a = [" * depth + "var.environment" + "] }" * depth
    body = "".join(f"  n{i} = {nested}\n" for i in range(n))
    inner = "    level {\n" * 10 + "      x = var.environment\n" + "    }\n" * 10
    blocks = "".join(f'resource "aws_s3_bucket" "b{i}" {{\n  bucket = "notes-prod-{i}"\n{inner}}}\n' for i in range(n))
    return {"infra/terraform/main.tf": TF_HEAD + "locals {\n" + body + "}\n" + blocks}


def template(n: int) -> dict[str, str]:
    comments_above = "".join(f"  # resource comment {i}\n" for i in range(n))
    resources = "".join(FUNCTION.format(i=i) for i in range(n))
    block = "      Description: |\n" + "".join(f"        description line {i}\n" for i in range(n))
    return {"sam/template.yaml": TEMPLATE_HEAD + "\nResources:\n" + comments_above + resources + block}


def tfvars(n: int) -> dict[str, str]:
    declared = 'variable "names" {\n  type = map(string)\n}\n'
    entries = "".join(f'  # entry {i}\n  key{i} = "value-{i}"\n' for i in range(n))
    return {
        "infra/terraform/main.tf": TF_HEAD + declared,
        "infra/terraform/envs/prod.tfvars": 'environment = "prod"\nnames = {\n' + entries + "}\n",
    }


def samconfig(n: int) -> dict[str, str]:
    parameters = "".join(f"  P{i}:\n    Type: String\n    Default: d{i}\n" for i in range(n))
    overrides = " ".join(["Environment=prod"] + [f"P{i}=v{i}" for i in range(n)])
    others = "".join(f'\n# table {i}\n[other{i}.deploy.parameters]\nstack_name = "s{i}"\n' for i in range(n))
    return {
        "sam/template.yaml": TEMPLATE_HEAD + parameters + "\nResources:\n" + FUNCTION.format(i=0),
        "sam/samconfig.toml": SAMCONFIG.format(overrides) + others,
    }


CASES: dict[str, tuple[Callable[[int], dict[str, str]], int]] = {
    "comments": (comments, 20_000),
    "strings": (strings, 6_000),
    "heredocs": (heredocs, 6_000),
    "nesting": (nesting, 300),
    "template": (template, 600),
    "tfvars": (tfvars, 8_000),
    "samconfig": (samconfig, 3_000),
}


def cpu_seconds() -> float:
    """User and system time of this process and of its reaped children: unlike wall time, not stretched
    while another process has the core."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load_time(root: Path) -> float:
    settings = Settings(root=root, envs=("prod",), checkov=False, cache_dir=None, max_file_bytes=50_000_000)
    start = cpu_seconds()
    runtime = open_runtime(settings)
    sources = load_sources(settings, runtime)
    graph = build_env_graph(sources, settings, "prod", runtime)
    spent = cpu_seconds() - start
    errors = [d for d in [*sources.diagnostics, *graph.diagnostics] if d.level.value == "error"]
    assert not errors, errors[:5]  # a size that is refused would time nothing
    return spent


@pytest.mark.parametrize("case", sorted(CASES))
def test_doubling_the_input_at_most_about_doubles_the_time(tmp_path: Path, case: str) -> None:
    make, n = CASES[case]
    roots = {}
    for size in (n, 2 * n):
        roots[size] = tmp_path / str(size)
        write_project(roots[size], make(size))
    times = {size: float("inf") for size in roots}
    for _ in range(ROUNDS):
        for size, root in roots.items():
            times[size] = min(times[size], load_time(root))
    ratio = times[2 * n] / times[n]
    assert ratio < MAX_RATIO, f"{case}: n={n} {times[n]:.3f} s, 2n {times[2 * n]:.3f} s: x{ratio:.2f}"
