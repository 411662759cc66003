"""NC-STATE: annotated fixtures both ways, and the repository's own infrastructure."""

import json
from pathlib import Path

from checker.pipeline import build_env_graph, load_sources, run
from checker.runtime import Runtime, open_runtime
from checker.settings import Settings

# State-file secret rules are NC-TFSTATE-*, so NC-STATE selects this family alone.
PREFIX = "NC-STATE"


def test_bootstrap_state_bucket_and_lock_table_follow_the_spec(make_settings) -> None:
    """The bootstrap root (section 6, shared one-time resources) is a separate Terraform root that the
    per-environment graph does not load; the state-resource rules are run on it directly."""
    settings = make_settings(
        envs=("prod",),
        terraform_dir=Path("infra/terraform/bootstrap"),
        enable=("NC-STATE-005", "NC-STATE-006", "NC-STATE-007"),
    )
    runtime = open_runtime(settings)
    graph = build_env_graph(load_sources(settings, runtime), settings, "prod", runtime)
    buckets = {n.get("bucket") for n in graph.resources("aws_s3_bucket")}
    tables = {n.get("name") for n in graph.resources("aws_dynamodb_table")}
    assert "notes-terraform-state" in buckets and "notes-terraform-locks" in tables

    report = run(settings, open_runtime(settings))
    unexpected = [d for d in report.diagnostics if d.level == "error" and "variables file" not in d.message]
    assert unexpected == []
    assert [f"{f.rule_id} {f.file}:{f.line} {f.message}" for f in report.findings] == []


def test_a_plan_alone_cannot_show_the_backend(tmp_path: Path) -> None:
    """`terraform show -json` does not record the backend: without the sources the rule says it cannot know."""
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.9.0",
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_sns_topic.alarms",
                        "mode": "managed",
                        "type": "aws_sns_topic",
                        "name": "alarms",
                        "provider_name": "registry.terraform.io/hashicorp/aws",
                        "values": {"name": "notes-prod-alarms"},
                    }
                ]
            }
        },
        "configuration": {"root_module": {}},
    }
    (tmp_path / "prod.plan.json").write_text(json.dumps(plan))
    report = run(
        Settings(
            root=tmp_path,
            envs=("prod",),
            plan_file=Path("prod.plan.json"),
            checkov=False,
            enable=("NC-STATE-001",),
            cache_dir=None,
        ),
        Runtime(),
    )
    assert [d for d in report.diagnostics if d.level == "error"] == []
    (finding,) = report.findings
    assert finding.rule_id == "NC-STATE-001" and "cannot be known statically" in finding.message
