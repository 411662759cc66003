"""NC-SHARED-002: CloudTrail is logging and validates its log files."""

from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity, Tool, is_unknown
from policies.base import Rule, RuleContext, Violation

# attribute -> (value it must have, value when not written, why)
SETTINGS = {
    "enable_logging": (True, True, "a trail that does not log audits nothing"),
    "enable_log_file_validation": (True, False, "without digest files, a deleted or edited log goes unnoticed"),
}


def trail_audits(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for trail in sorted(graph.resources("aws_cloudtrail", tool=Tool.TERRAFORM), key=lambda n: n.sort_key()):
        for attribute, (wanted, default, why) in SETTINGS.items():
            value = trail.get(attribute, default)
            if is_unknown(value):
                message = f"{trail.address}: {attribute} cannot be known statically ({value.reason})"
                yield Violation(trail, message, attribute)
            elif value is not wanted:
                written = attribute in trail.values
                state = f"is {value!r}" if written else f"is not set (default {default!r})"
                yield Violation(trail, f"{trail.address}: {attribute} {state}; {why}", attribute if written else "")


RULE = Rule(
    id="NC-SHARED-002",
    family="shared",
    title="CloudTrail is logging and validates its log files",
    severity=Severity.HIGH,
    spec_section="6. Infrastructure Dependencies (shared resources: CloudTrail for audit logging)",
    checklist="review",
    what=(
        "Every `aws_cloudtrail` keeps `enable_logging` true (its default) and sets `enable_log_file_validation = "
        "true` (off by default)."
    ),
    why=(
        "Section 6 sets up CloudTrail once, for audit logging, and section 3 asks for 'audit trails for access' to "
        "secrets. An audit log is evidence only when it is on and its integrity can be checked: CloudTrail's "
        "digest files prove that no log file was changed or deleted after delivery."
    ),
    noncompliant='resource "aws_cloudtrail" "audit" {\n  name           = "notes-shared-audit"\n'
    "  s3_bucket_name = aws_s3_bucket.audit.id\n}",
    compliant='resource "aws_cloudtrail" "audit" {\n  name                       = "notes-shared-audit"\n'
    "  s3_bucket_name             = aws_s3_bucket.audit.id\n  enable_log_file_validation = true\n}",
    remediation="Set `enable_log_file_validation = true` and leave `enable_logging` out (or true).",
    check=trail_audits,
    sections=("environment", "shared"),
)
