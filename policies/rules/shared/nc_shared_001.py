"""NC-SHARED-001: The shared roots create the state bucket, the lock table and the audit trail."""

from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Location, NodeKind, Severity, Tool
from policies.base import Rule, RuleContext, Violation
from policies.lib.state_storage import named, spec_name, state_buckets


def shared_resources_exist(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    anchors = sorted(
        (n for n in graph.nodes.values() if n.tool == Tool.TERRAFORM and not n.module and n.loc.file),
        key=lambda n: (n.kind != NodeKind.PROVIDER, n.kind != NodeKind.TERRAFORM, n.loc.file, n.loc.line),
    )
    if not anchors:
        return
    anchor = anchors[0]
    where = Location(anchor.loc.file, anchor.loc.line, anchor.loc.line)
    missing = []
    if not state_buckets(graph, ctx):
        missing.append(f"the state bucket {spec_name(ctx, 'bucket')} (aws_s3_bucket)")
    if not named(graph, "aws_dynamodb_table", "name", spec_name(ctx, "lock_table")):
        missing.append(f"the lock table {spec_name(ctx, 'lock_table')} (aws_dynamodb_table)")
    if not graph.resources("aws_cloudtrail", tool=Tool.TERRAFORM):
        missing.append("an audit trail (aws_cloudtrail)")
    for what in missing:
        yield Violation(anchor, f"no shared root creates {what}; section 6 sets it up once, here", location=where)


RULE = Rule(
    id="NC-SHARED-001",
    family="shared",
    title="The shared roots create the state bucket, the lock table and the audit trail",
    severity=Severity.HIGH,
    spec_section="6. Infrastructure Dependencies (shared resources, one-time setup); 3. State Management Strategy",
    checklist="recovery",
    what=(
        "Together, the shared roots (by default `infra/terraform/bootstrap`, see `shared-roots`) create the S3 "
        "state bucket `notes-terraform-state`, the DynamoDB lock table `notes-terraform-locks` and an "
        "`aws_cloudtrail`. Each one missing is a finding, on the first provider block of the shared roots."
    ),
    why=(
        "Section 6 lists the shared, one-time resources: 'S3 state bucket, DynamoDB state lock table, CloudTrail "
        "for audit logging'. Every environment's backend (section 3) depends on the bucket and the table; a bucket "
        "created by hand is versioned, encrypted and private only as long as someone remembers."
    ),
    noncompliant='# infra/terraform/bootstrap/main.tf\nresource "aws_s3_bucket" "state" {\n'
    '  bucket = "notes-terraform-state"\n}\n# no lock table, no aws_cloudtrail',
    compliant='resource "aws_dynamodb_table" "locks" {\n  name     = "notes-terraform-locks"\n  hash_key = "LockID"\n'
    '  ...\n}\n\nresource "aws_cloudtrail" "audit" {\n  ...\n}',
    remediation=(
        "Create the missing resource in the shared root (`infra/terraform/bootstrap`), named as section 3 names it."
    ),
    check=shared_resources_exist,
    sections=("shared",),
)
