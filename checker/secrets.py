"""What a secret looks like, and how to show one without revealing it.

Three questions, answered without any I/O so every stage can ask them cheaply:
- does a key name promise a secret (`db_password`, `ApiKey`), as opposed to naming one (`secret_arn`)?
- does a value have the shape of a known credential (AWS key id, GitHub token, PEM private key, JWT)?
- is a value a literal at all, rather than a reference to where the secret is kept (an ARN, an SSM path)?

`mask` and `mask_secrets_in_text` are the only way anything reported as a secret leaves notescheck.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache, partial
from typing import Any

from checker.records import record

MASK = "***"

# Words that make a name promise a secret value.
_SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "secret",
        "secrets",
        "token",
        "apikey",
        "jwt",
        "credential",
        "credentials",
        "privatekey",
        "secretkey",
        "accesskey",
        "clientsecret",
        "signingkey",
        "authkey",
    }
)
# Adjacent word pairs that mean the same as one of the words above.
_SECRET_PAIRS = frozenset(
    {
        ("api", "key"),
        ("private", "key"),
        ("access", "key"),
        ("secret", "key"),
        ("client", "secret"),
        ("signing", "key"),
        ("auth", "key"),
        ("encryption", "key"),
        ("master", "key"),
        ("connection", "string"),
    }
)
# A name ending in one of these names or describes a secret without holding it:
# `secret_arn`, `db_secret_name`, `token_validity_units`, `password_policy`, `password_length`.
_DESCRIPTOR_WORDS = frozenset(
    {
        "arn",
        "arns",
        "name",
        "names",
        "id",
        "ids",
        "type",
        "types",
        "policy",
        "policies",
        "length",
        "units",
        "unit",
        "validity",
        "version",
        "versions",
        "stage",
        "path",
        "ref",
        "reference",
        "rotation",
        "enabled",
        "enable",
        "required",
        "ttl",
        "expiry",
        "expiration",
        "count",
        "endpoint",
        "url",
        "uri",
        "header",
        "param",
        "parameter",
        "kms",
        "prefix",
        "suffix",
        "mode",
        "reset",
        "min",
        "max",
        "minimum",
        "maximum",
        "location",
        "source",
        "file",
        "arn_suffix",
        "description",
        "managed",
        "generate",
        "lowercase",
        "uppercase",
        "numbers",
        "symbols",
        "period",
        "days",
        "hours",
        "minutes",
        "seconds",
        "window",
        "schedule",
        "rules",
        "rule",
        "kind",
        "format",
        "encoding",
        "size",
        "key_id",
        "status",
        "state",
        "date",
        "time",
        "timestamp",
        "created",
        "updated",
    }
)
# Words that anywhere in a name turn it into metadata about secrets (`manage_master_user_password`).
_METADATA_LEADS = frozenset({"manage", "generate", "require", "requires", "allow", "rotate", "rotation", "min", "max"})

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


def key_words(key: str) -> list[str]:
    """`DB_PASSWORD`, `dbPassword`, `db-password` -> ["db", "password"]."""
    return [w.lower() for w in _SEPARATORS.split(_CAMEL_BOUNDARY.sub(" ", key)) if w]


@lru_cache(maxsize=8192)
def is_secret_key(key: str) -> bool:
    """Does this attribute, variable, parameter or environment-variable name promise a secret value?"""
    words = key_words(key)
    if not words:
        return False
    if words[-1] in _DESCRIPTOR_WORDS or words[0] in _METADATA_LEADS:
        return False
    if len(words) >= 2 and words[-2] + "_" + words[-1] in _DESCRIPTOR_WORDS:
        return False
    if any(w in _SECRET_WORDS for w in words):
        return True
    if any(pair in _SECRET_PAIRS for pair in zip(words, words[1:], strict=False)):
        return True
    return "".join(words) in _SECRET_WORDS


@lru_cache(maxsize=8192)
def is_secret_path(path: str) -> bool:
    """Is the last key of a dotted path secret-like, and not inside a block that only describes secrets?

    `token_validity_units.0.access_token` holds a unit ("hours"), not a token.
    """
    keys = [k for k in path.split(".") if k and not k.isdigit()]
    if not keys or not is_secret_key(keys[-1]):
        return False
    return not any(key_words(k)[-1:] and key_words(k)[-1] in _DESCRIPTOR_WORDS for k in keys[:-1])


# --- Known token shapes ------------------------------------------------------------------------------


@record(frozen=True)
class TokenShape:
    """A credential format recognised by its shape (an AWS key id, a GitHub token...)."""

    name: str
    pattern: re.Pattern[str]
    group: int = 0  # the group that is the secret itself (context around it stays visible)


TOKEN_SHAPES: tuple[TokenShape, ...] = (
    TokenShape(
        "private key",
        re.compile(
            r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
            r"(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s\\n]*)"
        ),
    ),
    TokenShape("AWS access key id", re.compile(r"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Za-z0-9])")),
    TokenShape(
        "AWS secret access key",
        re.compile(
            r"(?i:aws_?secret(?:_?access)?_?key|secret_?access_?key)[\"']?\s*[:=]\s*[\"']?"
            r"([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
        ),
        group=1,
    ),
    TokenShape(
        "GitHub token",
        re.compile(r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})"),
    ),
    TokenShape("Slack token", re.compile(r"(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}")),
    TokenShape("Stripe key", re.compile(r"(?<![A-Za-z0-9])[sr]k_live_[A-Za-z0-9]{16,}")),
    TokenShape("Google API key", re.compile(r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}")),
    TokenShape("JWT", re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{0,}")),
)

_SHAPE_HINTS = (
    "PRIVATE KEY",
    "AKIA",
    "ASIA",
    "ABIA",
    "ACCA",
    "ecret",
    "ECRET",
    "gh",
    "github_pat_",
    "xox",
    "k_live_",
    "AIza",
    "eyJ",
)


_ANY_SHAPE_HINT = re.compile("|".join(map(re.escape, _SHAPE_HINTS)))  # one scan instead of one per hint


def token_shape(value: str) -> str | None:
    """The name of the credential shape found in `value`, or None."""
    if not isinstance(value, str) or _ANY_SHAPE_HINT.search(value) is None:
        return None
    for shape in TOKEN_SHAPES:
        if shape.pattern.search(value):
            return shape.name
    return None


# --- Entropy -----------------------------------------------------------------------------------------

_BASE64ISH = re.compile(r"[A-Za-z0-9+/=_-]+")
_HEX = re.compile(r"[0-9a-fA-F]+")
# Keys whose high-entropy values are digests or identifiers by design, not secrets.
_DIGEST_WORDS = frozenset(
    {
        "hash",
        "sha",
        "sha1",
        "sha256",
        "sha512",
        "md5",
        "etag",
        "checksum",
        "digest",
        "fingerprint",
        "id",
        "arn",
        "version",
        "signature",
        "thumbprint",
        "nonce",
        "lineage",
        "serial",
        "kid",
        "revision",
        "base64sha256",
    }
)


def shannon_entropy(text: str) -> float:
    """Bits per character."""
    if not text:
        return 0.0
    counts = Counter(text)
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def is_high_entropy(value: str, key: str = "", min_length: int = 20) -> bool:
    """A long single-token string whose characters look random: a generated secret, unless the key says digest.

    Hex needs 3.0 bits/char, base64-like 4.2 (the thresholds secret scanners commonly use); strings with
    path, ARN or URL structure never count.
    """
    if not isinstance(value, str) or len(value) < min_length or len(value) > 4096:
        return False
    if key and set(key_words(key)) & _DIGEST_WORDS:
        return False
    if value.startswith(("arn:", "http://", "https://", "/", "s3://", "${", "{{")) or "." in value or ":" in value:
        return False
    if _HEX.fullmatch(value):
        return shannon_entropy(value) >= 3.0 and len(value) >= 32 and not _UUID.fullmatch(value)
    if not _BASE64ISH.fullmatch(value):
        return False
    if value.count("/") > 2 or value.count("-") > 4 or value.count("_") > 4:
        return False  # a path or a slug: "notes-prod-api-handler-role"
    classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]"))
    return classes >= 3 and shannon_entropy(value) >= 4.2


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


# --- Literals versus references ----------------------------------------------------------------------

_REFERENCE_PREFIXES = (
    "arn:aws:secretsmanager:",
    "arn:aws:ssm:",
    "arn:aws:kms:",
    "arn:aws-us-gov:secretsmanager:",
    "arn:aws-cn:secretsmanager:",
    "{{resolve:secretsmanager:",
    "{{resolve:ssm-secure:",
    "{{resolve:ssm:",
    "resolve:secretsmanager:",
    "ssm:",
    "secretsmanager:",
)
_SSM_PATH = re.compile(r"/[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)*/?")
_INTERPOLATION = re.compile(r"\$\{[^}]*\}")
_PLACEHOLDERS = frozenset(
    {"", "-", "none", "null", "nil", "n/a", "na", "todo", "tbd", "unset", "<unset>", "false", "true"}
)


def is_reference(value: str) -> bool:
    """A pointer to where a secret is kept (Secrets Manager, Parameter Store, an interpolation), not a secret."""
    text = value.strip()
    if text.startswith(_REFERENCE_PREFIXES) or "{{resolve:" in text:
        return True
    if _SSM_PATH.fullmatch(text) and text.count("/") >= 2:
        return True
    return bool(_INTERPOLATION.fullmatch(text))


def is_secret_literal(value: Any) -> bool:
    """A non-empty string that is neither a reference nor an obvious placeholder: a secret, if the key says so."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if text.lower() in _PLACEHOLDERS or text.startswith("<") and text.endswith(">"):
        return False
    return not is_reference(text)


def looks_like_secret(key: str, value: Any) -> str | None:
    """Why `key = value` is a secret written down ("secret-like name", "AWS access key id"...), or None."""
    if not isinstance(value, str):
        return None
    shape = token_shape(value)
    if shape:
        return shape
    if is_secret_key(key) and is_secret_literal(value):
        return "secret-like name"
    return None


# --- Masking -----------------------------------------------------------------------------------------


def mask(value: Any) -> str:
    """A short prefix (at most 4 characters, never more than a quarter of the value) then '***'."""
    text = value if isinstance(value, str) else str(value)
    keep = min(4, len(text) // 4)
    return text[:keep] + MASK


def _mask_match(match: re.Match[str], group: int) -> str:
    if group == 0:
        return mask(match.group(0))
    whole = match.group(0)
    start, end = match.start(group) - match.start(0), match.end(group) - match.start(0)
    return whole[:start] + mask(match.group(group)) + whole[end:]


def mask_secrets_in_text(text: str) -> str:
    """Mask every known credential shape in free text; ordinary text (ARNs, addresses, paths, hashes) is kept."""
    if not text or not any(hint in text for hint in _SHAPE_HINTS):
        return text
    for shape in TOKEN_SHAPES:
        text = shape.pattern.sub(partial(_mask_match, group=shape.group), text)
    return text


_ASSIGNMENT = re.compile(r"""([A-Za-z_][\w.-]*)(\s*[=:]\s*)(["']?)([^"'\s,}]+[^"',}]*?)\3(?=[\s,}]|$)""")


def mask_assignments(text: str) -> str:
    """Mask the value in `name = "value"` / `Name=value` pieces of evidence when the name is secret-like."""
    if not text or ("=" not in text and ":" not in text):
        return mask_secrets_in_text(text)

    def replace(match: re.Match[str]) -> str:
        name, sep, quote, value = match.groups()
        if not is_secret_key(name.rsplit(".", 1)[-1]) or not is_secret_literal(value) or value.endswith(MASK):
            return match.group(0)
        return f"{name}{sep}{quote}{mask(value)}{quote}"

    return mask_secrets_in_text(_ASSIGNMENT.sub(replace, text))


def mask_value_in_text(text: str, secret: str) -> str:
    """`text` with every occurrence of one known secret value masked, then any other token shape."""
    if secret and len(secret) >= 4:
        text = text.replace(secret, mask(secret))
    return mask_secrets_in_text(text)


def walk_strings(value: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    """(dotted path, last key, string) for every string leaf of nested dicts and lists."""
    if isinstance(value, str):
        yield path, path.rsplit(".", 1)[-1], value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        last = path.rsplit(".", 1)[-1]
        for index, item in enumerate(value):
            for sub_path, sub_key, text in walk_strings(item, f"{path}.{index}" if path else str(index)):
                yield sub_path, (last if sub_key.isdigit() else sub_key), text


__all__ = [
    "MASK",
    "TOKEN_SHAPES",
    "is_high_entropy",
    "is_reference",
    "is_secret_key",
    "is_secret_path",
    "is_secret_literal",
    "key_words",
    "looks_like_secret",
    "mask",
    "mask_secrets_in_text",
    "mask_value_in_text",
    "shannon_entropy",
    "token_shape",
    "walk_strings",
]
