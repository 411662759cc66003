"""NC-REPRO-001: Nothing blocks destroying and recreating an environment that is destroyed after hours."""

from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Node, Severity, Tool, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.lifecycle import RETAINING_POLICIES, SECRET_TYPES, deletion_policies, protections, secret_window


def short_lived(ctx: RuleContext) -> bool:
    return ctx.env in ctx.spec.get("destroyed_after_hours", ())


def nothing_blocks_destroy(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    if not short_lived(ctx):
        return
    why = f"{ctx.env} is destroyed after hours (spec section 7)"
    for node in sorted(graph.resources(tool=Tool.TERRAFORM), key=Node.sort_key):
        prevent = node.meta.get("lifecycle", {}).get("prevent_destroy")
        if is_unknown(prevent):
            yield Violation(
                node,
                f"prevent_destroy of {node.address} cannot be known ({prevent.reason}); {why}",
                "lifecycle.prevent_destroy",
            )
        elif prevent is True or str(prevent).lower() == "true":
            yield Violation(
                node,
                f"{node.address} has prevent_destroy = true: `terraform destroy` refuses to run; {why}",
                "lifecycle.prevent_destroy",
            )
    for setting in protections(graph):
        node, protection = setting.node, setting.protection
        shown = f"{protection.path} = {setting.value!r}" if setting.written else f"{protection.path} not set"
        if is_unknown(setting.value):
            yield Violation(
                node,
                f"{protection.path} of {node.address} cannot be known ({setting.value.reason}); {why}",
                protection.path,
            )
        elif setting.protected:
            yield Violation(
                node,
                f"{node.address} keeps {protection.what} ({shown}): `terraform destroy` stops there; {why}",
                protection.path,
            )
    for node in sorted(graph.resources(*SECRET_TYPES), key=Node.sort_key):
        window = secret_window(node)
        if is_unknown(window):
            yield Violation(
                node,
                f"recovery_window_in_days of {node.address} cannot be known ({window.reason}); {why}",
                "recovery_window_in_days",
            )
        elif window != 0:
            yield Violation(
                node,
                f"{node.address} keeps its name for a {window}-day recovery window after a destroy, so the next "
                f"recreate fails ('already scheduled for deletion'); {why}",
                "recovery_window_in_days",
            )
    for node in sorted(graph.resources(tool=Tool.SAM), key=Node.sort_key):
        for key, policy in deletion_policies(node):
            if is_unknown(policy) or policy in RETAINING_POLICIES:
                yield Violation(
                    node,
                    f"{node.address} has {key}: {policy}: the resource outlives its stack and a "
                    f"recreate collides with it; {why}",
                    key,
                )


RULE = Rule(
    id="NC-REPRO-001",
    family="reproducible",
    title="Nothing blocks destroying and recreating dev and staging",
    severity=Severity.HIGH,
    spec_section="7. Cost Management (On-Demand Provisioning: dev/staging destroyed after hours)",
    checklist="reproducible",
    what=(
        "In the environments the spec destroys after hours (`destroyed_after_hours` in policies/data/spec.yaml: dev "
        "and staging), no resource blocks `terraform destroy` or the next morning's recreate: no "
        "`lifecycle { prevent_destroy = true }`; no deletion protection on tables, user pools, databases or load "
        "balancers; every S3 bucket and backup vault has `force_destroy = true` (one holding objects or recovery "
        "points cannot be deleted otherwise); every Secrets Manager secret has `recovery_window_in_days = 0` (a "
        "deleted secret keeps its name for the window, so recreating it fails); no SAM resource is retained "
        "(`DeletionPolicy` or `UpdateReplacePolicy` Retain). A value that cannot be known is reported."
    ),
    why=(
        "Section 7 keeps dev and staging cheap by destroying them after hours; the checklist asks 'Can infrastructure "
        "be destroyed and recreated identically?'. A protection there turns the nightly destroy into a failed "
        "pipeline and a half-destroyed environment, and a retained name makes the recreate fail."
    ),
    noncompliant='resource "aws_s3_bucket" "site" {\n  bucket = "notes-dev-site"\n}   # force_destroy not set',
    compliant=(
        'resource "aws_s3_bucket" "site" {\n  bucket        = "notes-${var.environment}-site"\n'
        '  force_destroy = var.environment != "prod"\n}'
    ),
    remediation=(
        'Make the protection depend on the environment: `deletion_protection_enabled = var.environment == "prod"`, '
        '`force_destroy = var.environment != "prod"`, `recovery_window_in_days = var.environment == "prod" ? 30 : '
        "0`. `prevent_destroy` cannot depend on a variable: use deletion protection instead."
    ),
    check=nothing_blocks_destroy,
)
