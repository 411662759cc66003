"""NC-STATE-005: State bucket keeps versions."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.state_storage import bucket_setting, state_buckets


def state_bucket_versioned(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for bucket in state_buckets(graph, ctx):
        yield from bucket_setting(
            graph,
            bucket,
            "aws_s3_bucket_versioning",
            {"versioning_configuration.0.status": "Enabled"},
            "state recovery needs S3 versioning (section 3)",
        )


RULE = Rule(
    id="NC-STATE-005",
    family="state_backend",
    title="State bucket keeps versions",
    severity=Severity.HIGH,
    spec_section="3. State Management Strategy (versioning; backup: point-in-time recovery via S3 versioning)",
    checklist="recovery",
    what=(
        "When the state bucket (`notes-terraform-state`) is defined in the checked configuration (the bootstrap "
        'root), an `aws_s3_bucket_versioning` for it has `versioning_configuration.status = "Enabled"`. When the '
        "bucket is not in the graph the rule has nothing to check and stays silent."
    ),
    why=(
        "Section 3: 'Versioning: S3 bucket versioning enabled' and 'Backup: point-in-time recovery via S3 "
        "versioning'. Versions are the only way back from a corrupted or deleted state file "
        "(docs/runbooks/state-recovery.md)."
    ),
    noncompliant=(
        'resource "aws_s3_bucket_versioning" "state" {\n'
        "  bucket = aws_s3_bucket.state.id\n"
        "  versioning_configuration {\n"
        '    status = "Suspended"\n'
        "  }\n"
        "}"
    ),
    compliant=(
        'resource "aws_s3_bucket_versioning" "state" {\n'
        "  bucket = aws_s3_bucket.state.id\n"
        "  versioning_configuration {\n"
        '    status = "Enabled"\n'
        "  }\n"
        "}"
    ),
    remediation='Add an `aws_s3_bucket_versioning` for the state bucket with `status = "Enabled"`.',
    check=state_bucket_versioned,
    sections=("environment", "shared"),
)
