"""NC-LIMIT-004: Backups kept for the environment's retention."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity, Tool, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.limits import compare_limit


def backup_retention(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    days = ctx.env_spec["backup_retention_days"]
    tables = graph.resources("aws_dynamodb_table", tool=Tool.TERRAFORM)
    for table in tables:
        enabled = table.get("point_in_time_recovery.0.enabled")
        if enabled is not True:
            state = "cannot be known statically" if is_unknown(enabled) else "is not enabled"
            yield Violation(
                table,
                f"point-in-time recovery {state} on {table.address}",
                "point_in_time_recovery.0.enabled" if enabled is not None else "",
            )
            continue
        period = table.get("point_in_time_recovery.0.recovery_period_in_days")
        if period is not None:
            yield from compare_limit(
                table, "point_in_time_recovery.0.recovery_period_in_days", days, "recovery_period_in_days", ctx
            )
    plans = graph.resources("aws_backup_plan", tool=Tool.TERRAFORM)
    for plan in plans:
        for index, rule in enumerate(plan.get("rule") or []):
            if not isinstance(rule, dict):
                continue
            if not rule.get("lifecycle"):
                yield Violation(
                    plan,
                    f"backup rule {index} of {plan.address} keeps recovery points forever; the "
                    f"spec keeps {days} days in {ctx.env}",
                    f"rule.{index}",
                )
                continue
            path = f"rule.{index}.lifecycle.0.delete_after"
            yield from compare_limit(plan, path, days, "lifecycle delete_after", ctx)
    if tables and not plans and not any(t.get("point_in_time_recovery.0.recovery_period_in_days") for t in tables):
        table = tables[0]
        yield Violation(
            table,
            f"no aws_backup_plan (or PITR recovery_period_in_days) enforces the spec's "
            f"{days}-day backup retention for {ctx.env}",
            "",
        )


RULE = Rule(
    id="NC-LIMIT-004",
    family="limits",
    title="Backups kept for the environment's retention",
    severity=Severity.HIGH,
    spec_section="2. Configuration Management (per-environment variables); 5. Rollback Strategy",
    checklist="recovery",
    what=(
        "Every DynamoDB table has point-in-time recovery enabled, and AWS Backup keeps its recovery points for "
        "exactly the spec's Backup Retention (7/7/30 days): an aws_backup_plan rule with lifecycle delete_after "
        "equal to the row (or PITR's recovery_period_in_days when set)."
    ),
    why=(
        "Section 2 sets backup retention per environment and section 5 restores a corrupted database from backup "
        "(DynamoDB point-in-time); without PITR or with another retention, that rollback is not there."
    ),
    noncompliant=(
        'resource "aws_backup_plan" "notes" {\n'
        "  rule {\n"
        "    lifecycle {\n"
        "      delete_after = 7   # prod row says 30\n"
        "    }\n"
        "  }\n"
        "}"
    ),
    compliant=(
        'resource "aws_backup_plan" "notes" {\n'
        "  rule {\n"
        "    lifecycle {\n"
        "      delete_after = var.backup_retention_days   # envs/prod.tfvars: 30\n"
        "    }\n"
        "  }\n"
        "}"
    ),
    remediation=(
        "Enable point_in_time_recovery on the table and set backup_retention_days in envs/<env>.tfvars; use it for "
        "the backup plan's lifecycle delete_after."
    ),
    check=backup_retention,
)
