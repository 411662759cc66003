"""NC-SECRET-001: No secret literals in Terraform, tfvars, SAM template or samconfig."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Node, Severity
from checker.secrets import (
    mask,
)
from policies.base import Rule, RuleContext, Violation
from policies.lib.secret_values import (
    candidate_literals,
    is_lambda_env,
    literal_label,
    literal_origin,
    literal_reason,
    masked_evidence,
    nodes_sources_first,
)


def _is_sam_default_or_variable_default(node: Node, path: str) -> bool:
    return path.split(".")[0] in ("default", "Default")


def secret_literals(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    reported_at: set[tuple[str, int]] = set()
    reported_values: set[str] = set()
    candidates = [
        (node, path, semantic, value)
        for node in nodes_sources_first(graph)
        for path, semantic, value in candidate_literals(node)
        if not is_lambda_env(node, path)  # the environment is NC-SECRET-004's
    ]
    # detect-secrets' token plugins on every bare value of the graph: one scan, cached by content
    shapes = ctx.scan_content((value for _, _, _, value in candidates), whole_values=True)
    for node, path, semantic, value in candidates:
        scanned = shapes.get(value, ())
        reason = literal_reason(semantic, value, scanned[0].kind if scanned else "")
        if not reason:
            continue
        traced = bool(node.trace_of(path))
        if traced and value in reported_values and not _is_sam_default_or_variable_default(node, path):
            continue  # reached this node through a reference; reported where it is written
        where = literal_origin(node, path)
        key = (where.file, where.line)
        if key in reported_at:
            continue
        reported_at.add(key)
        reported_values.add(value)
        yield Violation(
            node,
            f"{literal_label(node, path, semantic)} is {reason} ({mask(value)}); keep it in Secrets Manager or "
            "Parameter Store and pass a reference",
            path,
            evidence=masked_evidence(node, path, value),
            location=where,
            secrets=(value,) if scanned else (),
        )


RULE = Rule(
    id="NC-SECRET-001",
    family="secrets",
    title="No secret literals in Terraform, tfvars, SAM template or samconfig",
    severity=Severity.CRITICAL,
    spec_section="3. Sensitive Data Handling",
    checklist="secrets",
    what=(
        "No password, API key, token, private key or other credential is written as a literal value: not in "
        "resource, module, provider, local or output values, not in a variable default or a tfvars file, not in a "
        "SAM parameter default, a samconfig parameter override or a SAM resource property. Secret-like names "
        "(password, secret, token, api_key, private_key...) with a literal value, and values shaped like known "
        "credentials under any name are reported where they are written: detect-secrets' token plugins (AWS, "
        "GitHub, GitLab, Slack, Stripe, Twilio, Mailchimp, SendGrid, Square, Telegram, Discord, OpenAI, PyPI, "
        "Artifactory, Azure storage keys, JWTs, private keys...) on every bare value of the graph in one cached "
        "scan, plus notescheck's own few shapes (AWS, GitHub, Slack, Stripe, Google API keys, PEM, JWT). Lambda "
        "environment variables are NC-SECRET-004's."
    ),
    why=(
        "Section 3 keeps database passwords, API keys, JWT secrets and OAuth credentials in AWS Secrets Manager or "
        "Parameter Store, fetched at runtime. A literal in the repository is in every clone and in git history "
        "forever, and it reaches Terraform state and CloudFormation parameters on the next deploy."
    ),
    noncompliant=(
        "# envs/prod.tfvars\n"
        'db_password = "Sup3r-Secret"\n'
        "\n"
        "# sam/samconfig.toml\n"
        'parameter_overrides = "ApiKey=live-key-1234"'
    ),
    compliant=(
        "# Terraform publishes where the secret lives, never the secret\n"
        'resource "aws_secretsmanager_secret" "db" {\n'
        '  name = "notes/prod/db"\n'
        "}\n"
        "\n"
        "# sam/samconfig.toml\n"
        'parameter_overrides = "DbSecretArn=arn:aws:secretsmanager:eu-west-1:123456789012:secret:notes/prod/db"'
    ),
    remediation=(
        "Delete the literal, rotate the credential (it is in git history), store it in Secrets Manager or as an SSM "
        "SecureString created outside Terraform, and pass its ARN or name instead; the function reads it at runtime "
        "(secretsmanager:GetSecretValue)."
    ),
    check=secret_literals,
    sections=("environment", "shared"),
)
