"""checker.content_secrets: what detect-secrets (and the secret-like-name pass) find inside string content,
what they leave alone, and that the batch's answer comes from the cache the second time."""

from __future__ import annotations

import pytest

from checker.cache import DiskCache
from checker.content_secrets import (
    NAMED_KIND,
    ContentSecret,
    detector_version,
    is_content,
    is_value_candidate,
    scan_texts,
)
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


# --- Whole values (NC-SECRET-001's token shapes) -----------------------------------------------------------

# Obviously fake tokens, assembled at run time: shapes only detect-secrets' plugins know.
TWILIO = "SK" + "fake" * 8
MAILCHIMP = "fake" * 8 + "-us12"
TELEGRAM = "123456789:" + "FAKEfake" * 4 + "123"
STRIPE = "sk_live_" + "FaKe" * 6
SLACK = "xoxb-" + "1234567890-abcdefghijklmnop"
GITHUB = "ghp_" + "FaKe0" * 7 + "x"


def test_every_bare_value_is_judged_in_one_packed_scan_and_each_hit_is_the_value_that_holds_it():
    ordinary = [f"notes-prod-resource-{n:04d}-handler" for n in range(400)]
    # `ghp-...` shares the prefix GitHub's plugin reports (`ghp`) and sits on the same packed line
    values = [*ordinary[:200], TWILIO, "ghp-notes-prod-bucket", MAILCHIMP, *ordinary[200:], TELEGRAM, STRIPE]
    found = scan_texts([*values, SLACK, GITHUB], whole_values=True)
    kinds = {value: secrets[0].kind for value, secrets in found.items()}
    assert kinds == {
        TWILIO: "Twilio API Key",
        MAILCHIMP: "Mailchimp Access Key",
        TELEGRAM: "Telegram Bot Token",
        STRIPE: "Stripe Access Key",
        SLACK: "Slack Token",
        GITHUB: "GitHub Token",
    }
    assert all(secrets == (ContentSecret(1, secrets[0].kind, value),) for value, secrets in found.items())


@pytest.mark.parametrize(
    ("text", "candidate"),
    [
        (TWILIO, True),
        ("notes-prod-api-handler-role", True),
        ("short-value", False),  # shorter than any token the plugins know
        ("arn:aws:iam::123456789012:role/notes-prod", False),
        ("/notes/prod/db-password-parameter", False),
        ("${var.notify_channel_name}", False),
        ("Bearer " + TWILIO, False),  # content: NC-SECRET-005's
        ("token=" + TWILIO, False),
        ("line one\n" + TWILIO, False),
    ],
)
def test_a_bare_value_is_one_word_of_16_characters_or_more_and_no_reference(text, candidate):
    assert is_value_candidate(text) is candidate


def test_the_whole_value_scan_is_cached_apart_from_the_content_scan(tmp_path):
    cache = DiskCache(tmp_path / "cache")
    values = [TWILIO, "notes-prod-api-handler-role"]
    assert set(scan_texts(values, cache, whole_values=True)) == {TWILIO}
    scan_texts(values, cache)  # the same strings read as content: another key
    assert len(list((tmp_path / "cache").rglob("*.entry"))) == 2
    import checker.content_secrets as content_secrets

    def no_scan(values):
        raise AssertionError("scanned again")

    original = content_secrets._scan_values
    content_secrets._scan_values = no_scan
    try:
        assert set(scan_texts(list(reversed(values)), cache, whole_values=True)) == {TWILIO}
    finally:
        content_secrets._scan_values = original
