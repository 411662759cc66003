"""NC-TFSTATE-003: State holds a sensitive or secret-looking output."""


from __future__ import annotations

from checker.model import Severity
from policies.base import Rule, checked_elsewhere

RULE = Rule(
    id="NC-TFSTATE-003",
    family="tfstate",
    title="State holds a sensitive or secret-looking output",
    severity=Severity.HIGH,
    spec_section="3. State Management Strategy (Sensitive Data Handling; Rotation)",
    checklist="secrets",
    what=(
        "In a Terraform state file, a root output marked sensitive, or named or shaped like a secret (the shapes of "
        "NC-TFSTATE-002), holds a value (outputs are stored in clear text, sensitive or not)."
    ),
    why=(
        "Section 3: database passwords, API keys, JWT secrets and OAuth credentials are never stored in Terraform "
        "state; the state bucket is versioned, so every old version keeps what one apply wrote."
    ),
    noncompliant='"outputs": {"db_password": {"value": "hunter2...", "type": "string", "sensitive": true}}',
    compliant='"outputs": {"db_secret_arn": {"value": "arn:aws:secretsmanager:...", "type": "string"}}',
    remediation=(
        "Keep the secret out of Terraform: let AWS generate and hold it (manage_master_user_password, Secrets "
        "Manager rotation) and read it at runtime; then rotate the exposed value and remove it from state (replace "
        "the resource or `terraform state rm` it), since old state versions in the versioned bucket keep it."
    ),
    check=checked_elsewhere,
    scope="state",
)
