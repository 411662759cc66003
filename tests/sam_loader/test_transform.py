"""The template as `sam deploy` creates it: what the real SAM transform generates is in the graph."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.model import DiagnosticLevel
from checker.parallel import Child, start_in_child
from checker.pipeline import build_env_graph, load_sources
from checker.runtime import Runtime
from checker.sam import resolve_sam
from checker.sam.resolve import TransformInput
from checker.sam.transform import Expansion, PendingExpansions, expand
from checker.settings import Settings
from tests.conftest import REPO_ROOT


@pytest.fixture
def project(repo_copy: Path) -> Path:
    return repo_copy


def _check(env: str = "prod") -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "--env", env, "--no-checkov", "--no-cache", "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path}: the template changed, update this test ({old!r} not found)"
    path.write_text(text.replace(old, new, 1))


def _line(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


def test_the_repo_template_expands_to_its_stage_deployment_and_permissions() -> None:
    from checker.sam import parse_sam

    sources = parse_sam(REPO_ROOT / "sam/template.yaml", REPO_ROOT / "sam/samconfig.toml", REPO_ROOT)
    part = resolve_sam(sources, "prod")
    assert [d for d in part.diagnostics if d.level == DiagnosticLevel.ERROR] == []
    generated = {n.name: n for n in part.nodes if "generated_by" in n.meta}
    types = sorted({n.type for n in generated.values()})
    assert types == ["AWS::ApiGateway::Deployment", "AWS::ApiGateway::Stage", "AWS::Lambda::Permission"]
    (stage,) = [n for n in generated.values() if n.type == "AWS::ApiGateway::Stage"]
    assert stage.meta["generated_by"] == "NotesApi"
    assert stage.tags is not None and stage.tags.get("Environment") == "prod"  # the Api's tags, resolved
    assert stage.loc.file == "sam/template.yaml" and stage.loc.line > 0
    permissions = [n for n in generated.values() if n.type == "AWS::Lambda::Permission"]
    assert len(permissions) == 5 and {n.meta["generated_by"] for n in permissions} == {"NotesFunction"}


def test_policies_on_a_function_make_a_role_the_foundation_owns(project: Path) -> None:
    template = project / "sam/template.yaml"
    _replace(
        template,
        "      Role: !Ref LambdaExecutionRoleArn\n",
        "      Policies:\n        - DynamoDBCrudPolicy:\n            TableName: !Ref TableName\n",
    )
    code, report = _check()
    found = [(f["rule_id"], f["file"], f["line"]) for f in report["findings"] if not f["suppressed"]]
    assert ("NC-ORDER-004", "sam/template.yaml", _line(template, "      Policies:")) in found
    (role,) = [f for f in report["findings"] if f["rule_id"] == "NC-ORDER-004"]
    assert "NotesFunctionRole" in role["resource"]
    assert code == 1


def test_a_depends_on_a_generated_logical_id_is_valid(project: Path) -> None:
    template = project / "sam/template.yaml"
    _replace(
        template,
        "    Type: AWS::ApiGateway::BasePathMapping\n",
        "    Type: AWS::ApiGateway::BasePathMapping\n    DependsOn: NotesApiStage\n",
    )
    code, report = _check()
    assert report["diagnostics"] == []
    assert code == 0


def test_a_depends_on_nothing_is_still_an_input_error(project: Path) -> None:
    template = project / "sam/template.yaml"
    _replace(
        template,
        "    Type: AWS::ApiGateway::BasePathMapping\n",
        "    Type: AWS::ApiGateway::BasePathMapping\n    DependsOn: NotesApiNoSuchStage\n",
    )
    code, report = _check()
    assert [d["message"] for d in report["diagnostics"]] == ["DependsOn NotesApiNoSuchStage: no such resource"]
    assert code == 2


def test_a_template_the_transform_rejects_is_said_not_passed_silently(write_sam) -> None:
    sources = write_sam(
        """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Runtime: python3.12
        """
    )
    part = resolve_sam(sources, "dev")
    (warning,) = [d for d in part.diagnostics if "SAM transform" in d.message]
    assert warning.level == DiagnosticLevel.WARNING
    assert warning.line == 4  # the function without code (the dedented template starts with a blank line)
    assert "as `sam deploy` would" in warning.message and "not checked" in warning.message


def test_local_code_is_a_placeholder_and_the_template_is_not_changed() -> None:
    template = {
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
            "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": {"CodeUri": "src/", "Handler": "app.handler", "Runtime": "python3.12"},
            }
        },
    }
    before = json.dumps(template, sort_keys=True)
    expansion = expand(template, {}, "eu-west-1")
    assert expansion.failed == "" and expansion.errors == []
    (role,) = [r for r in expansion.resources if r.type == "AWS::IAM::Role"]
    assert role.logical_id == "FnRole" and role.source == "Fn"
    assert json.dumps(template, sort_keys=True) == before


WARM = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    import checker.sam.transform
    from checker.pipeline import build_env_graph, load_sources
    from checker.runtime import open_runtime
    from checker.settings import Settings
    if sys.argv[2] == "cached":
        def refuse(*args):
            raise AssertionError("expanded again")
        checker.sam.transform.expand = refuse
    settings = Settings(root=Path.cwd(), envs=("prod",), cache_dir=Path(sys.argv[1]), checkov=False)
    runtime = open_runtime(settings)
    graph = build_env_graph(load_sources(settings, runtime), settings, "prod", runtime)
    print(json.dumps({"stage": "sam:NotesApiStage" in graph.nodes, "translator": "samtranslator" in sys.modules}))
    """
)


def test_the_translator_runs_on_another_core_and_a_warm_run_does_not_run_it(tmp_path: Path) -> None:
    work, cache = tmp_path / "repo", tmp_path / "cache"
    for item in ("infra", "sam", "policies", "docs"):  # `python -c` imports from the working directory
        shutil.copytree(REPO_ROOT / item, work / item, ignore=shutil.ignore_patterns("__pycache__"))

    def run(mode: str) -> dict:
        done = subprocess.run(
            [sys.executable, "-c", WARM, str(cache), mode], cwd=work, capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout)

    assert run("cold") == {"stage": True, "translator": False}  # expanded by a forked child
    assert run("cached") == {"stage": True, "translator": False}  # from the cache: no expansion at all


def _held_child(release_fd: int, answer: list) -> Child | None:
    """A forked child that sends `answer` only once a byte arrives on `release_fd`."""
    return start_in_child(lambda: (os.read(release_fd, 1), answer)[1])


def test_pending_expansions_are_busy_until_the_child_answers_and_joined_once() -> None:
    item = TransformInput("sam-transform-test:held", {"Resources": {}}, {}, "eu-west-1")
    runtime = Runtime()
    release_read, release_write = os.pipe()
    child = _held_child(release_read, [Expansion(failed="sent by the child")])
    assert child is not None
    pending = PendingExpansions(child, [item], runtime)
    try:
        assert pending.busy()  # the child waits for its release: joining now would wait
    finally:
        os.write(release_write, b"x")
    pending.join()
    assert not pending.busy()
    assert runtime.sam_expansions[item.key] == Expansion(failed="sent by the child")
    runtime.sam_expansions.clear()
    pending.join()  # once: a second join neither waits nor records again
    assert runtime.sam_expansions == {}


def test_a_child_that_fails_is_made_up_for_here() -> None:
    template = {
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
            "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                    "Runtime": "python3.12",
                    "Handler": "app.handler",
                    "CodeUri": "s3://b/k",
                    "Policies": ["AWSLambdaBasicExecutionRole"],
                },
            }
        },
    }
    item = TransformInput("sam-transform-test:failed", template, {}, "eu-west-1")
    runtime = Runtime()
    child = start_in_child(lambda: 1 / 0)
    pending = PendingExpansions(child, [item], runtime)
    runtime.pending_expansions = pending
    runtime.finish_expansions()
    assert runtime.pending_expansions is None
    assert [r.type for r in runtime.sam_expansions[item.key].resources] == ["AWS::IAM::Role"]


def test_the_transform_overlaps_terraform_and_is_joined_where_the_template_is_resolved(repo_copy: Path) -> None:
    settings = Settings(root=repo_copy, envs=("prod",), cache_dir=None, checkov=False)
    runtime = Runtime()
    sources = load_sources(settings, runtime)
    assert runtime.pending_expansions is not None and runtime.sam_expansions == {}  # not waited for yet
    graph = build_env_graph(sources, settings, "prod", runtime)
    assert runtime.pending_expansions is None and len(runtime.sam_expansions) == 1
    assert "sam:NotesApiStage" in graph.nodes
