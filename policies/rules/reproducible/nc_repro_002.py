"""NC-REPRO-002: Long-lived environments keep the protections against an accidental destroy."""

from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Node, Severity, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.lifecycle import SECRET_TYPES, protections, secret_window


def protections_kept(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    if ctx.env in ctx.spec.get("destroyed_after_hours", ()):
        return
    why = f"{ctx.env} is never destroyed (spec section 7), and its data is real"
    for setting in protections(graph):
        node, protection = setting.node, setting.protection
        if is_unknown(setting.value):
            yield Violation(
                node,
                f"{protection.path} of {node.address} cannot be known ({setting.value.reason}); {why}",
                protection.path,
            )
        elif not setting.protected:
            shown = f"{protection.path} = {setting.value!r}" if setting.written else f"{protection.path} not set"
            yield Violation(node, f"{node.address} lacks {protection.what} ({shown}); {why}", protection.path)
    for node in sorted(graph.resources(*SECRET_TYPES), key=Node.sort_key):
        window = secret_window(node)
        if is_unknown(window):
            yield Violation(
                node,
                f"recovery_window_in_days of {node.address} cannot be known ({window.reason}); {why}",
                "recovery_window_in_days",
            )
        elif window == 0:
            yield Violation(
                node, f"{node.address} is deleted at once, without a recovery window; {why}", "recovery_window_in_days"
            )


RULE = Rule(
    id="NC-REPRO-002",
    family="reproducible",
    title="Prod keeps its deletion protections",
    severity=Severity.HIGH,
    spec_section="7. Cost Management (dev/staging destroyed after hours; prod always-on); 5. Rollback Strategy",
    checklist="reproducible",
    what=(
        "In the environments that are not destroyed after hours (prod): DynamoDB tables, Cognito user pools, "
        "databases and load balancers keep deletion protection on; S3 buckets and backup vaults do not set "
        "`force_destroy = true`; Secrets Manager secrets keep a recovery window (not 0). The mirror of "
        "NC-REPRO-001, so that making dev disposable never makes prod disposable."
    ),
    why=(
        "Prod holds real user data (section 2) and is always on (section 7); its rollback for database corruption is "
        "a restore (section 5), which needs the table to still exist. A destroy planned by mistake must stop at the "
        "protection, not at the backups."
    ),
    noncompliant='resource "aws_dynamodb_table" "notes" {\n  deletion_protection_enabled = false\n}',
    compliant=('resource "aws_dynamodb_table" "notes" {\n  deletion_protection_enabled = var.environment == "prod"\n}'),
    remediation="Turn the protection on for prod (an expression on var.environment keeps dev disposable).",
    check=protections_kept,
)
