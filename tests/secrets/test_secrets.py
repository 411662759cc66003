"""Secret detection and masking: the names, shapes and literals notescheck treats as secrets."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.secrets import (
    MASK,
    is_high_entropy,
    is_reference,
    is_secret_key,
    looks_like_secret,
    mask,
    mask_secrets_in_text,
    token_shape,
    walk_strings,
)

# Planted credentials, assembled so this file itself never holds a scannable token.
AWS_KEY_ID = "AKIA" + "Q3EXAMPLEZ7KD2XW"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYzq8Xk2LmN0"
GITHUB_TOKEN = "ghp_" + "x7Kq2mN9vR4tY8wL3pB6sD1fG5hJ0aCzE2uI"
SLACK_TOKEN = "xoxb-" + "1234567890-abcdefghijkl"
JWT = "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0" + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
PEM = "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEowIBAAKCAQEAx8\nQ2hb3\n-----END RSA " + "PRIVATE KEY-----"


@pytest.mark.parametrize(
    "name",
    [
        "password",
        "db_password",
        "DB_PASSWORD",
        "masterPassword",
        "master_password",
        "secret_string",
        "secret_binary",
        "api_key",
        "ApiKey",
        "apikey",
        "X_API_KEY",
        "client_secret",
        "private_key",
        "private_key_pem",
        "access_key",
        "AWS_SECRET_ACCESS_KEY",
        "jwt_secret",
        "JWT_SIGNING_KEY",
        "token",
        "auth_token",
        "credentials",
        "passphrase",
        "DATABASE_CONNECTION_STRING",
    ],
)
def test_secret_like_names(name: str) -> None:
    assert is_secret_key(name)


@pytest.mark.parametrize(
    "name",
    [
        "secret_arn",
        "SECRET_ARN",
        "secret_name",
        "DB_SECRET_NAME",
        "secret_id",
        "kms_key_id",
        "token_validity_units",
        "access_token_validity",
        "password_policy",
        "password_length",
        "minimum_length",
        "sensitive",
        "generate_secret",
        "manage_master_user_password",
        "public_key",
        "DB_PASSWORD_PARAM",
        "SecretsManagerSecretArn",
        "recovery_window_in_days",
        "table_name",
        "LOG_LEVEL",
        "",
    ],
)
def test_names_that_describe_a_secret_without_holding_one(name: str) -> None:
    assert not is_secret_key(name)


@pytest.mark.parametrize(
    ("value", "shape"),
    [
        (AWS_KEY_ID, "AWS access key id"),
        (f"aws_secret_access_key = {AWS_SECRET}", "AWS secret access key"),
        (GITHUB_TOKEN, "GitHub token"),
        ("github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuv", "GitHub token"),
        (SLACK_TOKEN, "Slack token"),
        (JWT, "JWT"),
        (PEM, "private key"),
        ("-----BEGIN " + "PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "private key"),
    ],
)
def test_token_shapes(value: str, shape: str) -> None:
    assert token_shape(value) == shape


@pytest.mark.parametrize(
    "value",
    [
        "arn:aws:iam::123456789012:role/notes-prod-lambda",
        "module.database.aws_dynamodb_table.notes",
        "infra/terraform/modules/database/main.tf",
        "d41d8cd98f00b204e9800998ecf8427e",
        "AKIA",
        "eyJ-not-a-jwt",
        "ghp_short",
        "the ACCA conference",
    ],
)
def test_ordinary_text_has_no_token_shape(value: str) -> None:
    assert token_shape(value) is None


def test_mask_keeps_at_most_four_characters_and_a_quarter() -> None:
    assert mask(AWS_KEY_ID) == "AKIA" + MASK
    assert mask("hunter2hunter2") == "hun" + MASK
    assert mask("abc") == MASK
    assert mask("") == MASK
    for length in range(0, 60):
        value = "s" * length
        shown = mask(value)[: -len(MASK)]
        assert len(shown) <= min(4, length // 4)


@given(st.text(min_size=0, max_size=200))
@settings(max_examples=200, deadline=None)
def test_mask_never_reveals_more_than_a_quarter(value: str) -> None:
    masked = mask(value)
    assert masked.endswith(MASK)
    prefix = masked[: -len(MASK)]
    assert value.startswith(prefix)
    assert len(prefix) <= min(4, len(value) // 4)


def test_mask_secrets_in_text_masks_every_shape_and_keeps_the_rest() -> None:
    text = (
        f"resource module.auth.aws_iam_access_key.ci at infra/terraform/main.tf:12 has id {AWS_KEY_ID}, "
        f"aws_secret_access_key={AWS_SECRET}; role arn:aws:iam::123456789012:role/notes-prod "
        f"token {GITHUB_TOKEN} slack {SLACK_TOKEN} jwt {JWT}\n{PEM}\nsha d41d8cd98f00b204e9800998ecf8427e"
    )
    masked = mask_secrets_in_text(text)
    for planted in (AWS_KEY_ID, AWS_SECRET, GITHUB_TOKEN, SLACK_TOKEN, JWT, "MIIEowIBAAKCAQEAx8"):
        assert planted not in masked
    for kept in (
        "module.auth.aws_iam_access_key.ci",
        "infra/terraform/main.tf:12",
        "arn:aws:iam::123456789012:role/notes-prod",
        "d41d8cd98f00b204e9800998ecf8427e",
        "aws_secret_access_key=",
    ):
        assert kept in masked


@pytest.mark.parametrize(
    "text",
    [
        "",
        "NC-TAG-001 aws_s3_bucket.site: tag Environment is missing (infra/terraform/main.tf:4)",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:notes/prod/db-AbCdEf",
        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        'token_validity_units { access_token = "hours" }',
    ],
)
def test_mask_secrets_in_text_leaves_ordinary_text_alone(text: str) -> None:
    assert mask_secrets_in_text(text) == text


def test_mask_secrets_in_text_is_fast_on_large_ordinary_text() -> None:
    text = "module.compute.aws_lambda_function.api: memory_size 128 is below 256 (infra/terraform/x.tf:9)\n" * 5000
    started = time.perf_counter()
    assert mask_secrets_in_text(text) == text
    elapsed = time.perf_counter() - started
    assert elapsed >= 0  # measured, not asserted: see test output with -s
    print(f"mask_secrets_in_text: {len(text)} chars in {elapsed * 1000:.1f} ms")


@pytest.mark.parametrize(
    "value",
    [
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:notes/prod/db-AbCdEf",
        "arn:aws:ssm:eu-west-1:123456789012:parameter/notes/prod/db",
        "/notes/prod/db-password",
        "{{resolve:secretsmanager:notes/prod/db:SecretString:password}}",
        "{{resolve:ssm-secure:/notes/prod/db}}",
        "${aws_secretsmanager_secret.db.arn}",
    ],
)
def test_references_to_secret_stores_are_not_literals(value: str) -> None:
    assert is_reference(value)
    assert looks_like_secret("db_password", value) is None


def test_looks_like_secret() -> None:
    assert looks_like_secret("db_password", "hunter2-but-longer") == "secret-like name"
    assert looks_like_secret("description", AWS_KEY_ID) == "AWS access key id"
    assert looks_like_secret("db_password", "") is None
    assert looks_like_secret("db_password", "<set in CI>") is None
    assert looks_like_secret("secret_name", "notes/prod/db") is None
    assert looks_like_secret("password", 12345) is None


def test_high_entropy() -> None:
    assert is_high_entropy(AWS_SECRET)
    assert is_high_entropy("Zx9qL2mN8vR4tY7wK3pB6sD1fG5hJ0aC")
    assert is_high_entropy("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b")
    assert not is_high_entropy("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", key="source_code_hash")
    assert not is_high_entropy("Zx9qL2mN8vR4tY7wK3pB6sD1fG5hJ0aC", key="etag")
    assert not is_high_entropy("notes-prod-api-handler-role-name")
    assert not is_high_entropy("arn:aws:iam::123456789012:role/NotesProdLambdaRole")
    assert not is_high_entropy("3f2504e0-4f89-11d3-9a0c-0305e82c3301")
    assert not is_high_entropy("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    assert not is_high_entropy("short1A")


def test_walk_strings_names_list_items_after_their_list() -> None:
    value = {"environment": [{"variables": {"DB_PASSWORD": "x"}}], "tags": ["a"], "n": 1}
    assert list(walk_strings(value)) == [
        ("environment.0.variables.DB_PASSWORD", "DB_PASSWORD", "x"),
        ("tags.0", "tags", "a"),
    ]
