"""NC-SECRET-005: No secret inside string content: documents, heredocs, templates, S3 objects."""


from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Iterator

from checker.content_secrets import ContentSecret, is_content
from checker.model import Graph, Location, Node, Severity, Tool, is_unknown
from checker.secrets import mask, mask_value_in_text
from checker.uploads import META_KEY, UPLOAD_SOURCES, UploadedFile
from policies.base import Rule, RuleContext, Violation
from policies.lib.secret_values import (
    candidate_literals,
    literal_label,
    literal_origin,
    literal_reason,
    nodes_sources_first,
    written_at,
)


def _decoded(path: str, text: str) -> str | None:
    """The text of a `*_base64` attribute (`content_base64`, `user_data_base64`) written as base64 literal."""
    if not path.rsplit(".", 1)[-1].endswith("_base64"):
        return None
    try:
        return base64.b64decode(text, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def _contents(node: Node) -> Iterator[tuple[str, str, str]]:
    """(value path, semantic path, text) of every string of the node that is content."""
    for path, semantic, text in candidate_literals(node, partly_known=True):
        decoded = _decoded(path, text)
        if decoded is not None:
            text = decoded
        if is_content(text) and not literal_reason(semantic, text):  # a whole-value hit is NC-SECRET-001's
            yield path, semantic, text


def _article(kind: str) -> str:
    return "an" if kind[:1].lower() in "aeiou" else "a"


def _reportable(secret: ContentSecret, text: str) -> bool:
    return secret.value != text.strip()  # the whole value: NC-SECRET-001's


def _uploads(graph: Graph) -> list[tuple[Node, str, str]]:
    """(node, file path, text) of each text file a resource uploads (aws_s3_object `source`: the engine reads
    it, checker.uploads)."""
    found = []
    for node in sorted(graph.resources(*UPLOAD_SOURCES, tool=Tool.TERRAFORM), key=Node.sort_key):
        upload = node.meta.get(META_KEY)
        if isinstance(upload, UploadedFile) and upload.text:
            found.append((node, upload.path, upload.text))
    return found


def _unknown_uploads(graph: Graph) -> Iterator[Violation]:
    """An upload whose `source` cannot be known before apply (a resource's attribute, a path built from one, a
    variable with no value): which file it uploads, so what is in it, cannot be known; said so, never passed."""
    for node in sorted(graph.resources(*UPLOAD_SOURCES, tool=Tool.TERRAFORM), key=Node.sort_key):
        attribute = UPLOAD_SOURCES[node.type]
        source = node.get(attribute)
        if not is_unknown(source):
            continue
        known = "${...}".join(source.known) if source.known else ""
        shown = f" ({known!r} with parts known only after apply)" if known else ""
        yield Violation(
            node,
            f"{node.address}: the file it uploads{shown} cannot be known statically ({source.reason}), so whether "
            "it holds a secret cannot be verified; upload a file the configuration names (a path from "
            "path.module and literals), or give the content with `content` and a secret's ARN or name in it",
            attribute,
        )


def _in_uploads(uploads: list[tuple[Node, str, str]], found: dict) -> Iterator[Violation]:
    reported: set[tuple[str, int, str]] = set()
    for node, path, text in uploads:
        lines = text.splitlines()
        for secret in found.get(text, ()):
            if (path, secret.line, secret.value) in reported:
                continue  # two resources upload the same file: reported once, where it is written
            reported.add((path, secret.line, secret.value))
            line = lines[secret.line - 1].strip() if secret.line <= len(lines) else ""
            where = Location(path, secret.line, secret.line)
            yield Violation(
                node,
                f"{node.address} uploads {path}, which holds {_article(secret.kind)} {secret.kind} "
                f"({mask(secret.value)}) on line {secret.line}; keep the secret in Secrets Manager or Parameter "
                "Store and put its ARN or name in the file",
                "source",
                evidence=(f"{where} {mask_value_in_text(line, secret.value)}", f"{node.location_of('source')} source"),
                location=where,
                secrets=(secret.value,),
            )


def secrets_in_content(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    candidates = [(node, *content) for node in nodes_sources_first(graph) for content in _contents(node)]
    uploads = _uploads(graph)
    # one batch (cached by its content): the graph's strings and the uploaded files' texts
    found = ctx.scan_content([*(text for _, _, _, text in candidates), *(text for _, _, text in uploads)])
    yield from _in_uploads(uploads, found)
    yield from _unknown_uploads(graph)
    reported: set[tuple[str, int, str]] = set()
    reported_values: set[str] = set()
    for node, path, semantic, text in candidates:
        lines = text.splitlines()
        for secret in found.get(text, ()):
            if not _reportable(secret, text):
                continue
            if node.trace_of(path) and secret.value in reported_values:
                continue  # reached this node through a reference; reported where it is written
            where = literal_origin(node, path, containing=secret.value)
            key = (where.file, where.line, secret.value)
            if key in reported:
                continue  # the same content reached another node through a reference
            reported.add(key)
            reported_values.add(secret.value)
            line = lines[secret.line - 1].strip() if secret.line <= len(lines) else ""
            position = f"on line {secret.line} of its content" if len(lines) > 1 else "inside its content"
            evidence = [f"{where} {mask_value_in_text(line, secret.value)}"]
            if (written := written_at(graph, node, path, secret.value)) is not None and written[1] != where:
                evidence.append(f"{written[1]} written here, in {written[0].address}")
            yield Violation(
                node,
                f"{literal_label(node, path, semantic)} holds {_article(secret.kind)} {secret.kind} "
                f"({mask(secret.value)}) {position}; keep the secret in Secrets Manager or Parameter Store and "
                "put its ARN or name in the content",
                path,
                evidence=tuple(evidence),
                location=where,
                secrets=(secret.value,),
            )


RULE = Rule(
    id="NC-SECRET-005",
    family="secrets",
    title="No secret inside string content: documents, heredocs, templates, S3 objects",
    severity=Severity.CRITICAL,
    spec_section="3. Sensitive Data Handling",
    checklist="secrets",
    what=(
        "Looks inside every string a Terraform or SAM value holds that is content rather than one bare value: a "
        "heredoc, a jsonencode() or yamlencode() document, a rendered templatefile() (its template and its "
        "arguments), an aws_s3_object's content or content_base64, a user_data script, an environment "
        "variable holding JSON, a CloudFormation property written as a document, and the text file an "
        "aws_s3_object uploads (`source = \"${path.module}/app.json\"`, the finding at the file's line; a "
        "`source` that cannot be known before apply, such as a resource's attribute or a path built from one, "
        "is reported as such). "
        "detect-secrets' plugins find "
        "what is in it: `password: ...`-style keywords in JSON, YAML and shell, AWS, GitHub, GitLab, Slack, "
        "Stripe, Twilio and other tokens, private keys, JWTs, credentials in URLs and high-entropy base64 "
        "strings. The literal parts of a string partly known before apply are searched too. A value that is "
        "itself the secret is NC-SECRET-001's."
    ),
    why=(
        "Section 3 keeps database passwords, API keys, JWT secrets and OAuth credentials in AWS Secrets Manager or "
        "Parameter Store, fetched at runtime. A secret inside a document is still a literal in the repository, in "
        "git history and in Terraform state; hiding it in a JSON body or a template only hides it from review."
    ),
    noncompliant=(
        'resource "aws_s3_object" "client_config" {\n'
        '  bucket = "notes-prod-config"\n'
        '  key    = "client.json"\n'
        '  content = jsonencode({ oauthClientSecret = "hT7s9Kq2LmXw8vRz3NpY" })\n'
        "}"
    ),
    compliant=(
        'resource "aws_s3_object" "client_config" {\n'
        '  bucket = "notes-prod-config"\n'
        '  key    = "client.json"\n'
        "  content = jsonencode({ oauthClientSecretArn = aws_secretsmanager_secret.oauth.arn })\n"
        "}"
    ),
    remediation=(
        "Take the secret out of the content, rotate it (it is in git history and in state), store it in Secrets "
        "Manager or as an SSM SecureString created outside Terraform, and put its ARN or name in the document; "
        "whatever reads the document fetches the secret at runtime."
    ),
    check=secrets_in_content,
    sections=("environment", "shared"),
)
