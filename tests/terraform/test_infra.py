"""The repository's own infra/terraform resolves cleanly in every environment, with evidence that points home."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.model import DiagnosticLevel, NodeKind
from checker.terraform import parse_terraform, resolve_terraform

REPO = Path(__file__).resolve().parents[2]
TF_DIR = REPO / "infra" / "terraform"
ENVS = ("dev", "staging", "prod")

pytestmark = pytest.mark.skipif(not (TF_DIR / "envs").is_dir(), reason="infra/terraform is not written yet")


@pytest.fixture(scope="module")
def sources():
    return parse_terraform(TF_DIR, REPO)


@pytest.mark.parametrize("env", ENVS)
def test_environment_resolves_without_input_errors(sources, env):
    part = resolve_terraform(sources, env, [TF_DIR / "envs" / f"{env}.tfvars"])
    assert [str(d) for d in part.diagnostics if d.level == DiagnosticLevel.ERROR] == []
    nodes = {n.id: n for n in part.nodes}
    assert nodes["tf:var.environment"].values["value"] == env
    assert any(n.kind == NodeKind.RESOURCE for n in part.nodes)
    lines_of: dict[str, int] = {}
    for node in part.nodes:
        for location in (node.loc, *node.spans.values()):
            if location.file not in lines_of:
                lines_of[location.file] = len((REPO / location.file).read_text().splitlines())
            assert 1 <= location.line <= location.end_line <= lines_of[location.file], (node.id, location)
    assert all(e.source in nodes and e.target in nodes for e in part.edges)


def test_environments_differ_only_through_tfvars(sources):
    values = {}
    for env in ENVS:
        part = resolve_terraform(sources, env, [TF_DIR / "envs" / f"{env}.tfvars"])
        values[env] = {n.id: n for n in part.nodes}
    tables = [i for i in values["prod"] if i.endswith("aws_dynamodb_table.notes")]
    for table_id in tables:
        capacity = {env: values[env][table_id].values.get("read_capacity") for env in ENVS}
        assert capacity == {"dev": 1, "staging": 1, "prod": 2}
        trace = values["prod"][table_id].trace_of("read_capacity")
        assert trace and trace[0].startswith("infra/terraform/envs/prod.tfvars:")
