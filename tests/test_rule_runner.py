"""Evaluate stage: module instances fold into one finding; a crashing rule is a diagnostic, not a pass."""

from pathlib import Path

from checker.model import Graph, Node, NodeKind, Severity, Tool
from checker.pipeline import run
from checker.rule_runner import evaluate
from checker.runtime import open_runtime
from checker.settings import Settings
from policies import load_spec
from policies.base import Rule, RuleContext, Violation


def _repo_with_module_used_twice(root: Path, second_units: int) -> None:
    module = root / "infra" / "terraform" / "modules" / "database"
    module.mkdir(parents=True)
    (module / "main.tf").write_text(
        'variable "units" {\n  type = number\n}\n\n'
        'resource "aws_dynamodb_table" "notes" {\n  name           = "notes-prod-${var.units}"\n'
        '  billing_mode   = "PROVISIONED"\n  hash_key       = "pk"\n  read_capacity  = var.units\n'
        "  write_capacity = 2\n}\n"
    )
    envs = root / "infra" / "terraform" / "envs"
    envs.mkdir()
    (envs / "prod.tfvars").write_text("")
    (root / "infra" / "terraform" / "main.tf").write_text(
        'module "a" {\n  source = "./modules/database"\n  units  = 5\n}\n\n'
        f'module "b" {{\n  source = "./modules/database"\n  units  = {second_units}\n}}\n'
    )


def _capacity_findings(root: Path):
    settings = Settings(root=root, envs=("prod",), checkov=False, enable=("NC-LIMIT-001",), cache_dir=None)
    return run(settings, open_runtime(settings)).findings


def test_one_module_used_twice_is_one_finding_with_both_instances(tmp_path: Path) -> None:
    _repo_with_module_used_twice(tmp_path, second_units=5)
    findings = _capacity_findings(tmp_path)
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.file, finding.line) == ("infra/terraform/modules/database/main.tf", 9)
    assert finding.instances == ("module.a.aws_dynamodb_table.notes", "module.b.aws_dynamodb_table.notes")


def test_instances_with_different_values_stay_apart(tmp_path: Path) -> None:
    _repo_with_module_used_twice(tmp_path, second_units=7)
    findings = _capacity_findings(tmp_path)
    assert sorted(f.resource for f in findings) == [
        "module.a.aws_dynamodb_table.notes",
        "module.b.aws_dynamodb_table.notes",
    ]


def test_a_rule_that_crashes_becomes_an_error_diagnostic() -> None:
    def broken(graph, context):
        raise KeyError("boom")

    rule = Rule(
        id="NC-TEST-001",
        title="t",
        severity=Severity.LOW,
        family="test",
        spec_section="-",
        checklist="review",
        what="-",
        why="-",
        noncompliant="-",
        compliant="-",
        remediation="-",
        check=broken,
    )
    graph = Graph(env="prod")
    graph.add(Node(id="tf:x", address="x", kind=NodeKind.RESOURCE, tool=Tool.TERRAFORM))
    findings, diagnostics = evaluate(graph, [rule], RuleContext(env="prod", spec=load_spec()))
    assert findings == []
    assert [d.level for d in diagnostics] == ["error"]
    assert "NC-TEST-001" in diagnostics[0].message and "KeyError" in diagnostics[0].message


def test_the_pipeline_reports_its_progress_stage_by_stage(tmp_path: Path) -> None:
    _repo_with_module_used_twice(tmp_path, second_units=5)
    heard: list[str] = []
    settings = Settings(root=tmp_path, envs=("dev", "prod"), checkov=False, cache_dir=None)
    run(settings, open_runtime(settings), progress=heard.append)
    assert heard == ["parsing Terraform and SAM", "checking dev, prod"]  # on several cores at once


def test_checkov_findings_answer_the_question_they_are_mapped_to():
    from checker.model import Finding, Severity
    from checker.rule_runner import answer_checklist

    def checkov(check_id: str, suppressed: bool = False) -> Finding:
        return Finding(
            rule_id=check_id, severity=Severity.MEDIUM, source="checkov", env="prod", file="main.tf", line=1,
            end_line=1, resource="aws_dynamodb_table.notes", message="failed", suppressed=suppressed,
        )

    checklist = {"recovery": "Can state corruption be recovered from backups?", "cost": "Are cost controls in place?"}
    mapping = {"CKV_AWS_28": "recovery"}
    findings = [checkov("CKV_AWS_28"), checkov("CKV_AWS_999")]
    recovery, cost = answer_checklist(findings, [], checklist, Severity.LOW, mapping)
    assert (recovery.ok, recovery.rules, recovery.failing_rules) == (False, ("CKV_AWS_28",), ("CKV_AWS_28",))
    assert cost.ok and cost.rules == ()  # an unmapped check bears on no question
    [recovery, _] = answer_checklist([checkov("CKV_AWS_28", suppressed=True)], [], checklist, Severity.LOW, mapping)
    assert recovery.ok
    [recovery, _] = answer_checklist(findings, [], checklist, Severity.LOW)  # Checkov did not run
    assert recovery.ok and recovery.rules == ()


def test_the_checkov_mapping_names_real_checks_and_real_questions():
    import json
    from pathlib import Path

    from policies import load_checkov_checklist, load_spec

    checks = json.loads((Path(__file__).parents[1] / "policies/data/checkov-checks.json").read_text())["checks"]
    mapping = load_checkov_checklist()
    assert mapping, "policies/data/checkov-checklist.yaml maps no check"
    assert sorted(set(mapping) - set(checks)) == [], "ids the pinned Checkov does not have"
    assert sorted(set(mapping.values()) - set(load_spec()["checklist"])) == [], "keys that are no checklist question"


def test_each_rule_reports_how_many_resources_it_checked():
    from checker.model import Location
    from checker.rule_runner import evaluate_counted

    def node(address: str, type_: str, kind: NodeKind = NodeKind.RESOURCE) -> Node:
        where = Location("main.tf", 1, 1)
        return Node(id=f"tf:{address}", address=address, kind=kind, tool=Tool.TERRAFORM, type=type_, loc=where)

    graph = Graph(env="prod")
    graph.add(node("aws_s3_bucket.a", "aws_s3_bucket"))
    graph.add(node("aws_s3_bucket.b", "aws_s3_bucket"))
    graph.add(node("aws_sqs_queue.q", "aws_sqs_queue"))
    graph.add(node("var.x", "", NodeKind.VARIABLE))

    def buckets(g, ctx):
        for bucket in g.resources("aws_s3_bucket"):
            if bucket.address.endswith(".b"):
                yield Violation(bucket, "b is bad")

    def every_node(g, ctx):  # reads every node: checks every resource (the variable is no resource)
        return [n for n in g.nodes.values() if False]

    def one_variable(g, ctx):  # reports a node that is no resource: it checked that one
        yield Violation(g.nodes["tf:var.x"], "bad variable")

    def _rule(rule_id, check):
        return Rule(id=rule_id, title="t", severity=Severity.LOW, family="test", spec_section="-", checklist="review",
                    what="-", why="-", noncompliant="-", compliant="-", remediation="-", check=check)

    rules = [_rule("NC-T-1", buckets), _rule("NC-T-2", every_node), _rule("NC-T-3", one_variable)]
    findings, diagnostics, checked = evaluate_counted(graph, rules, RuleContext(env="prod", spec={}))
    assert checked == {"NC-T-1": 2, "NC-T-2": 3, "NC-T-3": 1}
    assert len(findings) == 2 and not diagnostics
