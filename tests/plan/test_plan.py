"""The plan loader: `terraform show -json` output becomes the same graph nodes as the sources would."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cli import main
from checker.model import DiagnosticLevel, NodeKind, Unknown
from checker.pipeline import run
from checker.plan import config_address, load_plan
from checker.runtime import open_runtime
from checker.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
PLAN = FIXTURES / "prod.plan.json"


@pytest.fixture
def plan_only(tmp_path: Path) -> Path:
    shutil.copy(PLAN, tmp_path / "plan.json")
    return tmp_path


@pytest.fixture
def plan_with_sources(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "sources", tmp_path, dirs_exist_ok=True)
    shutil.copy(PLAN, tmp_path / "plan.json")
    return tmp_path


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_nodes_follow_the_source_loader_conventions(plan_only: Path) -> None:
    part = load_plan(plan_only / "plan.json", plan_only, "prod")
    assert part.diagnostics == []
    nodes = {n.id: n for n in part.nodes}
    assert "tf:aws_s3_bucket.old" not in nodes  # planned for deletion: not in the environment after apply
    site = nodes["tf:aws_s3_bucket.site"]
    assert site.kind == NodeKind.RESOURCE and site.type == "aws_s3_bucket" and site.name == "site"
    assert site.values["bucket"] == "notes-prod-site"
    assert isinstance(site.values["arn"], Unknown)
    assert site.tags == {"Environment": "dev", "Name": "site", "Project": "notes"}  # tags_all
    assert site.meta["actions"] == ("create",)

    table = nodes["tf:module.database.aws_dynamodb_table.notes"]
    assert table.module == "module.database"
    assert table.get("point_in_time_recovery.0.enabled") is True
    assert table.values["read_capacity"] == 5
    audit = nodes["tf:module.database.aws_dynamodb_table.audit[0]"]
    assert audit.tags == {"Environment": "prod", "Project": "notes"}  # no tags_all: default_tags merged
    assert audit.meta["instance_key"] == 0

    assert isinstance(nodes["tf:random_password.jwt"].values["result"], Unknown)
    provider = nodes["tf:provider.aws"]
    assert provider.kind == NodeKind.PROVIDER
    assert provider.get("default_tags.0.tags") == {"Environment": "dev", "Project": "notes"}
    assert nodes["tf:var.environment"].values["value"] == "prod"
    assert nodes["tf:var.dynamodb_read_units"].values["default"] == 1
    assert nodes["tf:var.dynamodb_read_units"].meta["has_default"] is True
    assert nodes["tf:output.table_name"].values["value"] == "notes-prod-notes"
    assert isinstance(nodes["tf:output.site_bucket_arn"].values["value"], Unknown)
    assert nodes["tf:module.database"].kind == NodeKind.MODULE
    assert nodes["tf:module.database"].meta["source"] == "./modules/database"
    assert not [n for n in part.nodes if n.kind == NodeKind.BACKEND]

    edges = {(e.source, e.target, str(e.kind)) for e in part.edges}
    assert ("tf:aws_s3_bucket.site", "tf:var.environment", "reference") in edges
    assert ("tf:module.database", "tf:module.database.aws_dynamodb_table.notes", "contains") in edges


def test_without_sources_nodes_point_into_the_plan(plan_only: Path) -> None:
    text = (plan_only / "plan.json").read_text()
    nodes = {n.id: n for n in load_plan(plan_only / "plan.json", plan_only, "prod").nodes}
    site = nodes["tf:aws_s3_bucket.site"]
    assert site.loc.file == "plan.json"
    assert site.loc.line == _line_of(text, '"address": "aws_s3_bucket.site"')
    assert nodes["tf:output.table_name"].loc.line == _line_of(text, '"table_name": {')


def test_with_sources_nodes_point_at_their_tf_lines(plan_with_sources: Path) -> None:
    part = load_plan(plan_with_sources / "plan.json", plan_with_sources, "prod")
    nodes = {n.id: n for n in part.nodes}
    assert str(nodes["tf:aws_s3_bucket.site"].loc) == "infra/terraform/main.tf:21"
    assert str(nodes["tf:module.database.aws_dynamodb_table.notes"].loc) == "infra/terraform/modules/database/main.tf:9"
    assert str(nodes["tf:module.database.aws_dynamodb_table.audit[0]"].loc) == (
        "infra/terraform/modules/database/main.tf:26"
    )
    assert str(nodes["tf:module.database.aws_dynamodb_table.notes"].location_of("read_capacity")) == (
        "infra/terraform/modules/database/main.tf:13"
    )
    assert [n.type for n in part.nodes if n.kind == NodeKind.BACKEND] == ["s3"]


def test_config_address() -> None:
    assert config_address('module.a["x.y"].module.b[0].aws_s3_bucket.c["k"]') == "module.a.module.b.aws_s3_bucket.c"


def _findings(root: Path, plan: bool, prefixes: tuple[str, ...]) -> set[tuple[str, str]]:
    settings = Settings(
        root=root,
        envs=("prod",),
        checkov=False,
        cache_dir=None,
        plan_file=Path("plan.json") if plan else None,
        enable=prefixes,
    )
    return {(f.rule_id, f.resource) for f in run(settings, open_runtime(settings)).findings}


def test_a_plan_and_its_sources_yield_the_same_findings(plan_with_sources: Path) -> None:
    prefixes = ("NC-TAG", "NC-LIMIT-001", "NC-SECRET", "NC-STATE")
    from_plan = _findings(plan_with_sources, True, prefixes)
    from_sources = _findings(plan_with_sources, False, prefixes)
    assert ("NC-TAG-001", "aws_s3_bucket.site") in from_plan
    assert ("NC-LIMIT-001", "module.database.aws_dynamodb_table.notes") in from_plan
    assert ("NC-SECRET-003", "random_password.jwt") in from_plan
    assert from_plan == from_sources


def test_cli_report_on_a_plan(plan_only: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(plan_only)
    args = ["check", "--plan", "plan.json", "--env", "prod", "--no-checkov", "--no-cache", "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    payload = json.loads(result.stdout)
    found = {(f["rule_id"], f["resource"], f["file"]) for f in payload["findings"]}
    assert ("NC-TAG-001", "aws_s3_bucket.site", "plan.json") in found
    assert ("NC-LIMIT-001", "module.database.aws_dynamodb_table.notes", "plan.json") in found
    assert not [d for d in payload["diagnostics"] if d["level"] == "error"]
    report = CliRunner().invoke(main, ["report", *args[1:]])
    assert report.exit_code in (0, 1)


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ('{\n  "format_version": "1.2",\n  "planned_values": {,}\n}\n', 3, "not valid JSON"),
        ('{"format_version": "2.0", "planned_values": {}}', 1, "format_version"),
        ('{"version": 4, "terraform_version": "1.9.5", "resources": []}', 1, "state"),
        ('{"format_version": "1.0", "values": {}}', 1, "state"),
        ("[]", 1, "not a JSON object"),
        ('{"format_version": "1.2", "resource_changes": {}}', 1, "not a JSON list"),
        (b"\xff\xfe{}", 1, "UTF-8"),
    ],
)
def test_bad_plans_are_errors_with_a_line(tmp_path: Path, content, line: int, words: str) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    part = load_plan(path, tmp_path, "prod")
    assert part.nodes == []
    assert [(d.file, d.line, d.level) for d in part.diagnostics] == [("plan.json", line, DiagnosticLevel.ERROR)]
    assert words in part.diagnostics[0].message


def test_missing_and_oversized_plans(tmp_path: Path) -> None:
    missing = load_plan(tmp_path / "nope.json", tmp_path, "prod")
    assert [d.code for d in missing.diagnostics] == ["read"]
    big = tmp_path / "big.json"
    big.write_text(PLAN.read_text())
    oversized = load_plan(big, tmp_path, "prod", max_bytes=100)
    assert [d.code for d in oversized.diagnostics] == ["size"]


def test_broken_plan_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan.json").write_text('{"format_version": "1.2", "planned_values": ')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--plan", "plan.json", "--no-checkov", "--no-cache"])
    assert result.exit_code == 2
    assert "plan.json:1" in result.output


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=20,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _replace(value, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = _replace(copy[head], rest, new)
    return copy


PLAN_PATHS = list(_paths(json.loads(PLAN.read_text())))


@given(st.lists(st.tuples(st.sampled_from(PLAN_PATHS), json_values), min_size=1, max_size=5))
@settings(max_examples=60, deadline=None)
def test_mutated_plans_load_without_raising(mutations) -> None:
    import tempfile

    plan = json.loads(PLAN.read_text())
    for path, new in mutations:
        try:
            plan = _replace(plan, path, new)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the path
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "plan.json"
        target.write_text(json.dumps(plan))
        part = load_plan(target, Path(directory), "prod")
        for node in part.nodes:
            assert node.id.startswith("tf:") and isinstance(node.values, dict)
        assert all(d.file == "plan.json" for d in part.diagnostics)
        assert [d for d in part.diagnostics if d.code == "internal"] == []


def test_a_planned_upload_is_scanned_at_its_file(plan_only: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An aws_s3_object in a plan uploads `source` relative to where `terraform plan` ran (the Terraform
    directory): NC-SECRET-005 finds the secret at the file's line, masked."""
    secret = "Zx4Rt8Lp" + "2Vn6Qs1Mk9Wd"
    plan = json.loads((plan_only / "plan.json").read_text())
    plan["planned_values"]["root_module"]["resources"].append(
        {
            "address": "aws_s3_object.settings",
            "mode": "managed",
            "type": "aws_s3_object",
            "name": "settings",
            "values": {"bucket": "notes-prod-config", "key": "settings.env", "source": "files/settings.env"},
        }
    )
    (plan_only / "plan.json").write_text(json.dumps(plan))
    files = plan_only / "infra" / "terraform" / "files"
    files.mkdir(parents=True)
    (files / "settings.env").write_text(f"LOG_LEVEL=WARN\nAPI_TOKEN={secret}\n")
    monkeypatch.chdir(plan_only)
    args = ["check", "--plan", "plan.json", "--env", "prod", "--no-checkov", "--no-cache", "--format", "json"]
    result = CliRunner().invoke(main, [*args, "--enable", "NC-SECRET-005"])
    assert secret not in result.output
    found = [(f["file"], f["line"]) for f in json.loads(result.output)["findings"]]
    assert ("infra/terraform/files/settings.env", 2) in found
