"""NC-WAIVER-002: Every waiver still waives something."""


from __future__ import annotations

from checker.model import Severity
from policies.base import Rule, checked_elsewhere

RULE = Rule(
    id="NC-WAIVER-002",
    family="suppressions",
    title="Every waiver still waives something",
    severity=Severity.LOW,
    spec_section="5. Deployment & Orchestration (review before apply)",
    checklist="review",
    what=(
        "Every unexpired waiver in policies/waivers.yaml whose rule ran (an enabled rule of ours, or a Checkov check "
        "when Checkov ran) matches at least one finding in the environments checked that it applies to."
    ),
    why=(
        "A waiver that matches nothing is left over from a fix or a rename; left in place it would silently waive "
        "the next real finding of that rule on that resource, which nobody reviewed (section 5)."
    ),
    noncompliant=(
        "- rule: NC-TAG-001\n"
        "  resource: module.hosting.aws_s3_bucket.old_site   # bucket removed\n"
        "  environments: all\n"
        "  reason: migration\n"
        "  owner: platform-team\n"
        "  expires: 2027-06-30"
    ),
    compliant="# the waiver is removed together with the resource it covered",
    remediation=(
        "Remove the waiver, or correct its rule id or resource pattern so that it names what it means to waive."
    ),
    check=checked_elsewhere,
    scope="report",
    sections=("environment", "shared"),
)
