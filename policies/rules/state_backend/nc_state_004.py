"""NC-STATE-004: Backend key is the environment's own state file."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.state_storage import s3_backend, spec_name


def backend_key_per_env(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    backend = s3_backend(graph)
    if backend is None or backend.type != "s3" or backend.get("key") is None:
        return
    key = backend.get("key")
    expected = spec_name(ctx, "key", ctx.env)
    if is_unknown(key):
        yield Violation(backend, f"the S3 backend's key cannot be known statically ({key.reason})", "key")
    elif key != expected:
        yield Violation(
            backend,
            f"the S3 backend's key is {key!r}, but {ctx.env}'s state file is {expected!r}; a key written in the "
            "backend block is shared by every environment",
            "key",
        )


RULE = Rule(
    id="NC-STATE-004",
    family="state_backend",
    title="Backend key is the environment's own state file",
    severity=Severity.CRITICAL,
    spec_section="3. State Management Strategy (isolation: separate state files per environment)",
    checklist="separation",
    what=(
        "When the S3 backend sets `key`, it is `<env>/terraform.tfstate` for the environment checked "
        "(`${environment}/terraform.tfstate`). Leaving `key` out (partial configuration, given with "
        "`-backend-config` at init as section 5 shows) passes."
    ),
    why=(
        "Section 3: 'Isolation: Separate state files per environment', key `${environment}/terraform.tfstate`. "
        "Backend blocks cannot read variables, so a `key` written in the block is the same for every environment: "
        "applying staging would then read and overwrite the state of another environment."
    ),
    noncompliant=(
        'backend "s3" {\n'
        '  key = "prod/terraform.tfstate"   # also used by dev and staging\n'
        "}"
    ),
    compliant=(
        'backend "s3" {\n'
        "  # key given per environment:\n"
        '  # terraform init -backend-config="key=prod/terraform.tfstate"\n'
        "}"
    ),
    remediation=(
        "Remove `key` from the backend block and pass it at init: `terraform init "
        '-backend-config="key=${env}/terraform.tfstate"`.'
    ),
    check=backend_key_per_env,
)
