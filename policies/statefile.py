"""NC-TFSTATE: secrets in a real Terraform state file (`notescheck state FILE`).

The sources can be clean and the state still hold a secret (an old apply, a provider that stores a
generated password): these rules check the spec's "no sensitive data in state" on the artefact itself.
checker/state.py applies them; they have no per-environment graph to run on.
"""

from __future__ import annotations

from checker.model import Severity
from policies.base import RuleFamily, checked_elsewhere

FAMILY = RuleFamily("statefile")

SECTION = "3. State Management Strategy (Sensitive Data Handling; Rotation)"
REMEDIATION = (
    "Keep the secret out of Terraform: let AWS generate and hold it (manage_master_user_password, "
    "Secrets Manager rotation) and read it at runtime; then rotate the exposed value and remove it from state "
    "(replace the resource or `terraform state rm` it), since old state versions in the versioned bucket keep it."
)
WHY = (
    "Section 3: database passwords, API keys, JWT secrets and OAuth credentials are never stored in Terraform "
    "state; the state bucket is versioned, so every old version keeps what one apply wrote."
)



FAMILY.rule(
    id="NC-TFSTATE-001",
    title="State holds a value the provider marks sensitive",
    severity=Severity.CRITICAL,
    spec_section=SECTION,
    checklist="secrets",
    what="In a Terraform state file (format v4), an attribute listed in the instance's `sensitive_attributes` "
    "(a password, a secret string, a private key) holds a non-empty value.",
    why=WHY,
    noncompliant='{"type": "aws_db_instance", "instances": [{"attributes": {"password": "hunter2..."},\n'
    '  "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]}',
    compliant='{"type": "aws_db_instance", "instances": [{"attributes": {"manage_master_user_password": true,\n'
    '  "password": null}}]}',
    remediation=REMEDIATION,
    scope="state",
)(checked_elsewhere)

FAMILY.rule(
    id="NC-TFSTATE-002",
    title="State holds a secret-looking attribute value",
    severity=Severity.HIGH,
    spec_section=SECTION,
    checklist="secrets",
    what="In a Terraform state file, an attribute with a secret-like name (password, token, secret, private "
    "key...), a known credential shape (AWS access key, GitHub token, PEM key, JWT) or a random-looking value "
    "holds a non-empty value.",
    why=WHY,
    noncompliant='{"type": "aws_iam_access_key", "instances": [{"attributes": {"secret": "wJalrXUt..."}}]}',
    compliant='{"type": "aws_secretsmanager_secret", "instances": [{"attributes": {"name": "notes/prod/api"}}]}',
    remediation=REMEDIATION,
    scope="state",
)(checked_elsewhere)

FAMILY.rule(
    id="NC-TFSTATE-003",
    title="State holds a sensitive or secret-looking output",
    severity=Severity.HIGH,
    spec_section=SECTION,
    checklist="secrets",
    what="In a Terraform state file, a root output marked sensitive, or named or shaped like a secret, holds a "
    "value (outputs are stored in clear text, sensitive or not).",
    why=WHY,
    noncompliant='"outputs": {"db_password": {"value": "hunter2...", "type": "string", "sensitive": true}}',
    compliant='"outputs": {"db_secret_arn": {"value": "arn:aws:secretsmanager:...", "type": "string"}}',
    remediation=REMEDIATION,
    scope="state",
)(checked_elsewhere)

RULES_BY_ID = {rule.id: rule for rule in FAMILY}
