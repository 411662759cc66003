"""checker.content_secrets: what detect-secrets (and the secret-like-name pass) find inside string content,
what they leave alone, and that the batch's answer comes from the cache the second time."""

from __future__ import annotations

import pytest

from checker.cache import DiskCache
from checker.content_secrets import NAMED_KIND, ContentSecret, detector_version, is_content, scan_texts
from checker.model import EnvResult, Finding, Report, Severity
from checker.report.common import masked_report

# Assembled at run time so this file holds no scannable credential.
GITHUB_TOKEN = "ghp_" + "x7Kq2mN9vR4tY8wL3pB6sD1fG5hJ0aCzE2uI"
AWS_KEY_ID = "AKIA" + "Q3EXAMPLEZ7KD2XW"
PASSWORD = "Kq8vR2" + "mXw9LtZ3pN"


def _found(text: str) -> list[tuple[int, str, str]]:
    return [(s.line, s.kind, s.value) for s in scan_texts([text]).get(text, ())]


@pytest.mark.parametrize(
    "text, expected",
    [
        (f'{{"oauthClientSecret":"{PASSWORD}"}}', [(1, NAMED_KIND, PASSWORD)]),
        (f"db:\n  host: notes.example.com\n  password: {PASSWORD}\n", [(3, NAMED_KIND, PASSWORD)]),
        (f'#!/bin/bash\nexport API_TOKEN="{PASSWORD}"\n', [(2, NAMED_KIND, PASSWORD)]),  # a name detect-secrets lacks
        (f"TABLE=notes\nSIGNING_KEY={PASSWORD}\n", [(2, NAMED_KIND, PASSWORD)]),
        (f"postgres://notes:{PASSWORD}@db.internal:5432/notes", [(1, "Basic Auth Credentials", PASSWORD)]),
        (f"echo {GITHUB_TOKEN} > /tmp/t", [(1, "GitHub Token", GITHUB_TOKEN)]),  # the whole token, not `ghp`
        (f"aws configure set aws_access_key_id {AWS_KEY_ID}", [(1, "AWS Access Key", AWS_KEY_ID)]),
    ],
)
def test_secrets_inside_content_are_found_with_their_line_and_whole_value(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        '{"Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","kms:Decrypt"],'
        '"Resource":"arn:aws:secretsmanager:us-east-1:123456789012:secret:notes/prod/db-AbCdEf"}]}',
        "password: ${DB_PASSWORD}\ntoken: $TOKEN\napi_key: !Ref ApiKey\nsecret: <set me>\n",
        '{"oauthClientSecretArn":"arn:aws:secretsmanager:us-east-1:123456789012:secret:x","password":"${db}"}',
        "resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:notes/prod/db-AbCdEf\n",
        "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",  # a digest, not a secret
        "token_ttl: 3600\npassword_length: 16\n",
    ],
)
def test_references_identifiers_and_descriptors_are_not_secrets(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    "text, content",
    [
        ("arn:aws:iam::123456789012:role/notes-prod-lambda", False),
        ("secretsmanager:GetSecretValue", False),
        ("notes-prod", False),
        ("line one\nline two", True),
        ('{"table": "notes"}', True),
        ('{"a": 1}', False),  # too short to hide anything
        ("postgres://db.internal:5432/notes", True),
        ("Server=db;Password=x", True),
    ],
)
def test_content_is_a_document_a_script_an_assignment_or_a_url(text, content):
    assert is_content(text) is content


def test_the_second_scan_of_the_same_texts_is_read_from_the_cache(tmp_path):
    cache = DiskCache(tmp_path / "cache")
    texts = [f"password: {PASSWORD}\n", "nothing: here\n"]
    first = scan_texts(texts, cache)
    assert first == {texts[0]: (ContentSecret(1, NAMED_KIND, PASSWORD),)}
    entries = list((tmp_path / "cache").rglob("*.entry"))
    assert len(entries) == 1
    planted = {texts[0]: (ContentSecret(1, "planted", "from-the-cache"),)}
    cache.put(_key_of(cache, texts, first), planted)  # what the cache holds is what a warm run answers
    assert scan_texts(list(reversed(texts)), cache) == planted


def _key_of(cache: DiskCache, texts: list[str], answer: object) -> str:
    """The key scan_texts stored its answer under, found by reading the one entry back under each candidate."""
    import hashlib

    from checker.content_secrets import SCAN_VERSION, detector_version

    digest = hashlib.sha256("\0".join(sorted(set(texts))).encode()).hexdigest()
    key = f"content-secrets/{detector_version()}/{SCAN_VERSION}/{digest}"
    assert cache.get(key) == answer
    return key


def test_the_cache_key_names_the_detect_secrets_installed():
    """Checkov's fork (bc-detect-secrets) installs the same module: its answers must not be taken for these."""
    from importlib.metadata import version

    assert detector_version() == f"detect-secrets-{version('detect-secrets')}"


def _finding(message: str, evidence: tuple[str, ...] = (), secrets: tuple[str, ...] = ()) -> Finding:
    return Finding(
        rule_id="NC-TEST-001",
        severity=Severity.HIGH,
        source="notescheck",
        env="prod",
        file="infra/terraform/main.tf",
        line=3,
        end_line=3,
        resource="aws_s3_object.config",
        message=message,
        evidence=evidence,
        secrets=secrets,
    )


def test_a_secret_one_rule_found_is_masked_in_every_other_finding():
    """Another rule's evidence may quote the document the secret sits in: masking covers every finding."""
    finder = _finding("holds a value with a secret-like name", secrets=(PASSWORD,))
    quoter = _finding("content is not tagged", evidence=(f'main.tf:3 content = "password: {PASSWORD}"',))
    masked = masked_report(Report(results=[EnvResult(env="prod", findings=[finder, quoter])]))
    assert PASSWORD not in repr(masked)
    evidence = [e for f in masked.results[0].findings for e in f.evidence]
    assert evidence == ['main.tf:3 content = "password: Kq8v***"']
    assert all(f.secrets == () for f in masked.results[0].findings)
