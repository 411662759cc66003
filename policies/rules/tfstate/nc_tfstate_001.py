"""NC-TFSTATE-001: State holds a value the provider marks sensitive."""


from __future__ import annotations

from checker.model import Severity
from policies.base import Rule, checked_elsewhere

RULE = Rule(
    id="NC-TFSTATE-001",
    family="tfstate",
    title="State holds a value the provider marks sensitive",
    severity=Severity.CRITICAL,
    spec_section="3. State Management Strategy (Sensitive Data Handling; Rotation)",
    checklist="secrets",
    what=(
        "In a Terraform state file (format v4), an attribute listed in the instance's `sensitive_attributes` (a "
        "password, a secret string, a private key) holds a non-empty value."
    ),
    why=(
        "Section 3: database passwords, API keys, JWT secrets and OAuth credentials are never stored in Terraform "
        "state; the state bucket is versioned, so every old version keeps what one apply wrote."
    ),
    noncompliant=(
        '{"type": "aws_db_instance", "instances": [{"attributes": {"password": "hunter2..."},\n'
        '  "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]}'
    ),
    compliant=(
        '{"type": "aws_db_instance", "instances": [{"attributes": {"manage_master_user_password": true,\n'
        '  "password": null}}]}'
    ),
    remediation=(
        "Keep the secret out of Terraform: let AWS generate and hold it (manage_master_user_password, Secrets "
        "Manager rotation) and read it at runtime; then rotate the exposed value and remove it from state (replace "
        "the resource or `terraform state rm` it), since old state versions in the versioned bucket keep it."
    ),
    check=checked_elsewhere,
    scope="state",
)
