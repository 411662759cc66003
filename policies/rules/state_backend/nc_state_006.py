"""NC-STATE-006: State bucket encrypts by default with AES-256 and blocks public access."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.s3 import PUBLIC_ACCESS_FLAGS
from policies.lib.state_storage import bucket_setting, state_buckets


def state_bucket_protected(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    algorithm = ctx.spec["state_backend"]["encryption"]
    for bucket in state_buckets(graph, ctx):
        yield from bucket_setting(
            graph,
            bucket,
            "aws_s3_bucket_server_side_encryption_configuration",
            {"rule.0.apply_server_side_encryption_by_default.0.sse_algorithm": algorithm},
            f"the spec's state encryption is {algorithm} (section 3)",
        )
        yield from bucket_setting(
            graph,
            bucket,
            "aws_s3_bucket_public_access_block",
            dict.fromkeys(PUBLIC_ACCESS_FLAGS, True),
            "the state bucket must never be public (section 3, access control)",
        )


RULE = Rule(
    id="NC-STATE-006",
    family="state_backend",
    title="State bucket encrypts by default with AES-256 and blocks public access",
    severity=Severity.HIGH,
    spec_section="3. State Management Strategy (encryption: S3 default AES-256; access control)",
    checklist="secrets",
    what=(
        "When the state bucket is defined in the checked configuration: an "
        '`aws_s3_bucket_server_side_encryption_configuration` for it sets `sse_algorithm = "AES256"`, and an '
        "`aws_s3_bucket_public_access_block` for it sets `block_public_acls`, `block_public_policy`, "
        "`ignore_public_acls` and `restrict_public_buckets` to true."
    ),
    why=(
        "Section 3: 'Encryption: S3 default AES-256 encryption' and 'Access Control: IAM policies restrict to "
        "deployment role only'. State holds every attribute of every resource; a public or unencrypted state bucket "
        "leaks it all."
    ),
    noncompliant=(
        'resource "aws_s3_bucket_public_access_block" "state" {\n'
        "  bucket              = aws_s3_bucket.state.id\n"
        "  block_public_policy = false\n"
        "}"
    ),
    compliant=(
        'resource "aws_s3_bucket_server_side_encryption_configuration" "state" {\n'
        "  bucket = aws_s3_bucket.state.id\n"
        "  rule {\n"
        "    apply_server_side_encryption_by_default {\n"
        '      sse_algorithm = "AES256"\n'
        "    }\n"
        "  }\n"
        "}"
    ),
    remediation=(
        'Give the state bucket an encryption configuration with `sse_algorithm = "AES256"` and a public access block '
        "with all four settings true."
    ),
    check=state_bucket_protected,
    sections=("environment", "shared"),
)
