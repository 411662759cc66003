"""NC-STATE-008: State bucket policy refuses requests without TLS."""

from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.iam import Statement, policy_statements
from policies.lib.s3 import bucket_companions
from policies.lib.state_storage import SPEC_SECTION, state_buckets


def _denies_plain_http(statement: Statement) -> bool:
    """Deny, to everyone, every S3 action, when aws:SecureTransport is false."""
    if statement.effect.lower() != "deny":
        return False
    everyone = any(identifier == "*" for _, identifier in statement.principals)
    every_action = any(action in ("*", "s3:*") for action in statement.actions)
    insecure = any(
        operator.lower() == "bool" and key.lower() == "aws:securetransport" and "false" in {str(v).lower() for v in vs}
        for operator, key, vs in statement.conditions
    )
    return everyone and every_action and insecure


def _covers_objects(statement: Statement) -> bool:
    """Its resources reach the objects (the state files), not only the bucket."""
    return any(
        is_unknown(resource) or (isinstance(resource, str) and (resource == "*" or resource.endswith("/*")))
        for resource in statement.resources
    )


def state_bucket_tls_only(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for bucket in state_buckets(graph, ctx):
        policies = bucket_companions(graph, bucket, "aws_s3_bucket_policy")
        if not policies:
            yield Violation(
                bucket,
                f"{bucket.address} has no aws_s3_bucket_policy: nothing refuses requests without TLS to the state",
            )
        for policy in policies:
            statements = policy_statements(graph, policy, "policy")
            if statements is None:
                yield Violation(policy, f"{policy.address} sets no policy", "")
            elif is_unknown(statements):
                message = f"{policy.address}: the policy cannot be known statically ({statements.reason})"
                yield Violation(policy, message, "policy")
            elif not any(_denies_plain_http(s) and _covers_objects(s) for s in statements):
                yield Violation(
                    policy,
                    f"{policy.address} has no statement denying s3:* to everyone when aws:SecureTransport is "
                    "false (for the bucket and its objects): state can be read or written over plain HTTP",
                    "policy",
                )


RULE = Rule(
    id="NC-STATE-008",
    family="state_backend",
    title="State bucket policy refuses requests without TLS",
    severity=Severity.HIGH,
    spec_section=SPEC_SECTION + " (access control; encryption)",
    checklist="secrets",
    what=(
        "When the state bucket (`notes-terraform-state`) is defined in the checked configuration (the shared "
        "root), an `aws_s3_bucket_policy` for it has a statement that denies `s3:*` to every principal when "
        '`aws:SecureTransport` is `"false"`, on the bucket and its objects (`<arn>/*`). The policy may be '
        "written with `jsonencode` or an `aws_iam_policy_document`."
    ),
    why=(
        "Section 3 encrypts state at rest (AES-256) and restricts access to the deployment role; state holds "
        "every attribute of every resource, so it must not travel unencrypted either. S3 accepts plain HTTP "
        "unless the bucket policy refuses it."
    ),
    noncompliant='resource "aws_s3_bucket" "state" {\n  bucket = "notes-terraform-state"\n}\n# no bucket policy',
    compliant=(
        'data "aws_iam_policy_document" "state" {\n  statement {\n    effect    = "Deny"\n'
        '    actions   = ["s3:*"]\n    resources = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/*"]\n'
        '    principals {\n      type        = "*"\n      identifiers = ["*"]\n    }\n'
        '    condition {\n      test     = "Bool"\n      variable = "aws:SecureTransport"\n'
        '      values   = ["false"]\n    }\n  }\n}'
    ),
    remediation=(
        "Attach an `aws_s3_bucket_policy` to the state bucket with a Deny of `s3:*` for `*` on the bucket and "
        '`<bucket arn>/*` under `Bool aws:SecureTransport = "false"`.'
    ),
    check=state_bucket_tls_only,
    sections=("environment", "shared"),
)
