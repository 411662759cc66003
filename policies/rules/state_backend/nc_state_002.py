"""NC-STATE-002: Backend uses the spec's state bucket and lock table."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.state_storage import backend_value, s3_backend, spec_name


def backend_bucket_and_lock(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    backend = s3_backend(graph)
    if backend is None or backend.type != "s3":
        return
    yield from backend_value(ctx, backend, "bucket", spec_name(ctx, "bucket"), "the shared state bucket")
    yield from backend_value(ctx, backend, "dynamodb_table", spec_name(ctx, "lock_table"), "state locking")


RULE = Rule(
    id="NC-STATE-002",
    family="state_backend",
    title="Backend uses the spec's state bucket and lock table",
    severity=Severity.HIGH,
    spec_section="3. State Management Strategy",
    checklist="recovery",
    what=(
        "The S3 backend's `bucket` is `notes-terraform-state` and its `dynamodb_table` is `notes-terraform-locks` "
        "(`${project}-terraform-state` / `${project}-terraform-locks` of section 3)."
    ),
    why=(
        "Section 3 names one state bucket and one DynamoDB lock table for all environments, created once (section 6, "
        "shared resources). Only that bucket is versioned and access-controlled for the deployment role; without "
        "`dynamodb_table` two applies can write the same state at once and corrupt it."
    ),
    noncompliant=(
        'backend "s3" {\n'
        '  bucket = "my-state"\n'
        "}"
    ),
    compliant=(
        'backend "s3" {\n'
        '  bucket         = "notes-terraform-state"\n'
        '  dynamodb_table = "notes-terraform-locks"\n'
        "}"
    ),
    remediation='Set `bucket = "notes-terraform-state"` and `dynamodb_table = "notes-terraform-locks"`.',
    check=backend_bucket_and_lock,
)
