"""NC-ORDER-004: Terraform owns the foundation, SAM owns functions and APIs."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity, Tool
from policies.base import Rule, RuleContext, Violation


def ownership(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    owned = ctx.spec["ownership"]
    for node in graph.resources(*owned["sam_only_terraform_types"], tool=Tool.TERRAFORM):
        yield Violation(node, f"{node.type} belongs to the SAM application, not Terraform ({node.address})")
    for node in graph.resources(*owned["terraform_only_sam_types"], tool=Tool.SAM):
        source = node.meta.get("generated_by")
        if source:  # made by the SAM transform, e.g. the role `Policies:` asks for
            yield Violation(
                node,
                f"SAM generates {node.type} {node.name} from {source} (the SAM transform, as `sam deploy` does); "
                f"{node.type} belongs to the Terraform foundation: give {source} the foundation's "
                "resource instead (for a role: `Role:` with the ARN Terraform publishes)",
            )
        else:
            yield Violation(node, f"{node.type} belongs to the Terraform foundation, not SAM ({node.address})")


RULE = Rule(
    id="NC-ORDER-004",
    family="ordering",
    title="Terraform owns the foundation, SAM owns functions and APIs",
    severity=Severity.HIGH,
    spec_section="1. Infrastructure-as-Code Strategy (separation of concerns)",
    checklist="separation",
    what=(
        "Terraform defines no Lambda function or API Gateway API (SAM's), and the SAM template defines no table, "
        "user pool, key, secret, bucket, distribution, DNS record, custom domain, certificate or IAM role "
        "(Terraform's): the type lists are in policies/data/spec.yaml `ownership`. The template is read as "
        "`sam deploy` creates it (the real SAM transform), so a role SAM generates for `Policies:` counts."
    ),
    why=(
        "Section 1 splits ownership: platform engineers -> Terraform (networking, IAM, DynamoDB, storage), "
        "application engineers -> SAM (Lambda, API Gateway). A resource defined on both sides is managed twice."
    ),
    noncompliant=(
        "Resources:\n"
        "  NotesTable:\n"
        "    Type: AWS::DynamoDB::Table   # the database module owns it"
    ),
    compliant=(
        "Parameters:\n"
        "  TableName:\n"
        "    Type: AWS::SSM::Parameter::Value<String>\n"
        "    Default: /notes/prod/table-name   # published by Terraform"
    ),
    remediation=(
        "Define the resource on the side that owns it and pass its name or ARN across (SSM parameter or samconfig "
        "parameter)."
    ),
    check=ownership,
)
