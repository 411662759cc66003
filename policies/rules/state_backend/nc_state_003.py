"""NC-STATE-003: Backend encrypts the state."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.state_storage import backend_value, s3_backend


def backend_encrypts(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    backend = s3_backend(graph)
    if backend is None or backend.type != "s3":
        return
    yield from backend_value(ctx, backend, "encrypt", True, "encryption of the state at rest")


RULE = Rule(
    id="NC-STATE-003",
    family="state_backend",
    title="Backend encrypts the state",
    severity=Severity.HIGH,
    spec_section="3. State Management Strategy",
    checklist="secrets",
    what="The S3 backend sets `encrypt = true`.",
    why=(
        "Section 3: 'Encryption: AES-256'. State holds every resource attribute, including values that are "
        "sensitive; `encrypt = true` makes Terraform write the state object with server-side encryption even if the "
        "bucket default is ever changed."
    ),
    noncompliant=(
        'backend "s3" {\n'
        '  bucket = "notes-terraform-state"\n'
        "  encrypt = false\n"
        "}"
    ),
    compliant=(
        'backend "s3" {\n'
        '  bucket  = "notes-terraform-state"\n'
        "  encrypt = true\n"
        "}"
    ),
    remediation="Add `encrypt = true` to the backend block.",
    check=backend_encrypts,
)
