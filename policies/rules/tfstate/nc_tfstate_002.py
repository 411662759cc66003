"""NC-TFSTATE-002: State holds a secret-looking attribute value."""


from __future__ import annotations

from checker.model import Severity
from policies.base import Rule, checked_elsewhere

RULE = Rule(
    id="NC-TFSTATE-002",
    family="tfstate",
    title="State holds a secret-looking attribute value",
    severity=Severity.HIGH,
    spec_section="3. State Management Strategy (Sensitive Data Handling; Rotation)",
    checklist="secrets",
    what=(
        "In a Terraform state file, an attribute with a secret-like name (password, token, secret, private key...), "
        "a known credential shape or a random-looking value holds a non-empty value. Shapes are notescheck's own (AWS "
        "access key, GitHub, Slack, Stripe, Google API key, PEM key, JWT) and detect-secrets' token plugins, as "
        "NC-SECRET-001's (Twilio, Mailchimp, SendGrid, Telegram, GitLab, OpenAI...): every string of the state in "
        "one scan, cached by content."
    ),
    why=(
        "Section 3: database passwords, API keys, JWT secrets and OAuth credentials are never stored in Terraform "
        "state; the state bucket is versioned, so every old version keeps what one apply wrote."
    ),
    noncompliant='{"type": "aws_iam_access_key", "instances": [{"attributes": {"secret": "wJalrXUt..."}}]}',
    compliant='{"type": "aws_secretsmanager_secret", "instances": [{"attributes": {"name": "notes/prod/api"}}]}',
    remediation=(
        "Keep the secret out of Terraform: let AWS generate and hold it (manage_master_user_password, Secrets "
        "Manager rotation) and read it at runtime; then rotate the exposed value and remove it from state (replace "
        "the resource or `terraform state rm` it), since old state versions in the versioned bucket keep it."
    ),
    check=checked_elsewhere,
    scope="state",
)
