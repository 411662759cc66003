"""Secrets inside string content (a policy document, a heredoc, a rendered template), found by detect-secrets.

detect-secrets (Yelp) knows many more credential shapes than checker.secrets' hand-written ones (AWS, GitHub,
GitLab, Slack, Stripe, Twilio, private keys, JWTs, basic-auth URLs, high-entropy base64, `password: ...`
keywords in YAML, JSON and shell) and filters the usual false positives (templated values, UUIDs, sequential
strings). Importing it and running its plugins costs a few hundred milliseconds, so a batch of texts is
scanned once and its answer kept in the parse cache under the digest of the texts: a pre-commit run on
unchanged files never imports it.

Two of its plugins are left out: public IP addresses are not secrets, and hex high-entropy strings are
mostly hashes and ids in infrastructure code (a hex secret with a secret-like name is still the keyword
plugin's).
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from checker.cache import ParseCache, cached
from checker.installed import module_version
from checker.records import record
from checker.secrets import is_secret_key, is_secret_literal

SCAN_VERSION = "2"  # bump when the plugins or the way a text is fed to them change
_LEFT_OUT = frozenset({"IPPublicDetector", "HexHighEntropyString"})
# The rest of a token whose first characters a plugin matched (its GitHub pattern reports only `ghp`).
_TOKEN_TAIL = re.compile(r"[A-Za-z0-9_\-+/=.~]*")
# `name = value`, `name: value`, `"name": "value"`, `export NAME="value"` at a key position of a line.
_ASSIGNMENT = re.compile(
    r"""(?:^|(?<=[\s{,;(]))(?:export\s+)?(?P<nq>["']?)(?P<name>[A-Za-z_][\w.-]*)(?P=nq)\s*[:=]\s*"""
    r"""(?P<q>["']?)(?P<value>[^\s"',;{}\[\]]+)(?P=q)"""
)
_TOKEN_BOUNDARY = frozenset(" \t\"'=,;()[]{}")
_IAM_ACTION = re.compile(r"[a-z0-9-]+:[A-Za-z0-9*]+")
NAMED_KIND = "value with a secret-like name"


@record(frozen=True)
class ContentSecret:
    """One secret in a text: where (1-based line of the text), what detect-secrets calls it, and the token."""

    line: int
    kind: str
    value: str


_MIN_CONTENT_LENGTH = 12


def is_content(text: str) -> bool:
    """A document, a script, an assignment or a URL, not one bare value (an ARN, an IAM action, a name): those
    are NC-SECRET-001's."""
    if "\n" in text:
        return True
    if len(text) < _MIN_CONTENT_LENGTH:
        return False
    return text.lstrip()[:1] in ("{", "[") or "=" in text or "://" in text or any(c.isspace() for c in text)


def scan_texts(
    texts: Iterable[str], cache: ParseCache | None = None, whole_values: bool = False
) -> dict[str, tuple[ContentSecret, ...]]:
    """The secrets in each text that holds any, by text; the batch's answer is cached by its content.

    With `whole_values`, each text is one bare value (see `is_value_candidate`) judged by its shape alone: the
    token-shape plugins only, all values in one scan (NC-SECRET-001), each secret found being the whole value.
    """
    batch = sorted(set(texts))
    if whole_values:
        batch = [text for text in batch if is_value_candidate(text)]
    if not batch:
        return {}
    digest = hashlib.sha256("\0".join(batch).encode("utf-8", "surrogatepass")).hexdigest()
    kind = "value-secrets" if whole_values else "content-secrets"
    key = f"{kind}/{detector_version()}/{SCAN_VERSION}/{digest}"
    scan = _scan_values if whole_values else _scan_batch
    return cached(cache, key, dict, lambda: scan(batch))


class ContentScan(Protocol):
    """`scan_texts` bound to a run's cache (RuleContext.scan_content)."""

    def __call__(
        self, texts: Iterable[str], *, whole_values: bool = False
    ) -> dict[str, tuple[ContentSecret, ...]]: ...


def prepare_detector() -> None:
    """Import detect-secrets and its plugins now (about 0.2 s), while this core would otherwise wait: the
    rules' first scan then starts at once. A no-op when detect-secrets is absent."""
    try:
        from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
        from detect_secrets.core.scan import scan_file  # noqa: F401
        from detect_secrets.settings import transient_settings  # noqa: F401
    except ImportError:
        return
    get_mapping_from_secret_type_to_class()


# --- Whole values ---------------------------------------------------------------------------------------

# detect-secrets' plugins that judge a bare value by its shape. Left out: the keyword plugin (a whole value
# has no name beside it; names are notescheck's is_secret_key), public IPs, hex entropy (digests and ids),
# and base64 entropy (generated names, hashes, ids and encoded documents in infrastructure code: a random-
# looking value under a secret-like name is found by its name).
_VALUE_LEFT_OUT = _LEFT_OUT | {"KeywordDetector", "Base64HighEntropyString"}
# The shortest token any of those plugins knows is longer than this (an AWS key id has 20 characters).
MIN_VALUE_LENGTH = 16
_NOT_A_TOKEN_START = ("arn:", "${", "{{", "/", "s3://", "./", "../")


def is_value_candidate(text: str) -> bool:
    """A bare value worth a token-shape scan: one line of at least 16 characters, no whitespace, not content
    (NC-SECRET-005 scans that), not an ARN, a path or a reference."""
    return (
        MIN_VALUE_LENGTH <= len(text) <= 4096
        and not text.startswith(_NOT_A_TOKEN_START)
        and not is_content(text)
        and is_secret_literal(text)
    )


# Values are packed into lines longer than this: detect-secrets' per-line work (its filters, each plugin's
# loop) is then paid per ~1,000 characters, not per value, about seven times cheaper on a large tree; and its
# indirect-reference filter, meant for `secret = get_secret()` lines, only reads lines up to 1,000 characters.
_PACKED_LINE = 1001


def _scan_values(values: list[str]) -> dict[str, tuple[ContentSecret, ...]]:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    from detect_secrets.settings import transient_settings

    classes: dict[str, type] = get_mapping_from_secret_type_to_class()
    plugins = [{"name": plugin.__name__} for plugin in classes.values() if plugin.__name__ not in _VALUE_LEFT_OUT]
    found: dict[str, tuple[ContentSecret, ...]] = {}
    with transient_settings({"plugins_used": plugins}), tempfile.TemporaryDirectory(prefix="notescheck-") as folder:
        # first the whole graph packed, space-separated, then the few lines with a hit again, one value a
        # line, so each secret is the value that holds it (a plugin may report a part of a token, `ghp`)
        packed = _pack(values)
        hit_lines = {number for number, _ in _scan_lines(Path(folder) / "packed.txt", [" ".join(p) for p in packed])}
        suspects = [value for number in sorted(hit_lines) for value in packed[number - 1]]
        for number, kind in _scan_lines(Path(folder) / "values.txt", suspects):
            value = suspects[number - 1]
            if value not in found:
                found[value] = (ContentSecret(1, kind, value),)
    return found


def _pack(values: list[str]) -> list[list[str]]:
    lines: list[list[str]] = []
    line: list[str] = []
    length = 0
    for value in values:
        line.append(value)
        length += len(value) + 1
        if length >= _PACKED_LINE:
            lines.append(line)
            line, length = [], 0
    if line:
        lines.append(line)
    return lines


def _scan_lines(path: Path, lines: list[str]) -> list[tuple[int, str]]:
    """(line number, secret type) of what the plugins find in `lines`, written to `path`; each packed line is
    padded in front to more than 1,000 characters."""
    from detect_secrets.core.scan import scan_file

    if not lines:
        return []
    if path.name == "packed.txt":
        lines = [line.rjust(_PACKED_LINE) for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogateescape")
    return [
        (potential.line_number, potential.type)
        for potential in scan_file(str(path))
        if 0 < potential.line_number <= len(lines)
    ]


def detector_version() -> str:
    """The `detect_secrets` installed, without importing it: detect-secrets itself, or Bridgecrew's fork
    (bc-detect-secrets, which Checkov brings and which installs the same module) when notescheck shares an
    environment with Checkov. Answers are cached per version, as they may differ."""
    version = module_version("detect_secrets", "__version__.py")
    if version is None:
        return "absent"
    return f"detect-secrets-{version or 'unknown'}"


def _scan_batch(texts: list[str]) -> dict[str, tuple[ContentSecret, ...]]:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    from detect_secrets.settings import transient_settings

    classes: dict[str, type] = get_mapping_from_secret_type_to_class()
    plugins = [{"name": plugin.__name__} for plugin in classes.values() if plugin.__name__ not in _LEFT_OUT]
    found: dict[str, tuple[ContentSecret, ...]] = {}
    # detect-secrets scans files, and its functions for lines are private (and differ in Checkov's fork):
    # each text is written to a file of its own, named so the keyword plugin reads it as its language.
    with transient_settings({"plugins_used": plugins}), tempfile.TemporaryDirectory(prefix="notescheck-") as folder:
        for number, text in enumerate(texts):
            path = Path(folder) / f"content-{number}{_suffix_for(text)}"
            path.write_text(text, encoding="utf-8", errors="surrogateescape")
            secrets = _scan_text(text, str(path))
            if secrets:
                found[text] = secrets
    return found


def _scan_text(text: str, path: str) -> tuple[ContentSecret, ...]:
    from detect_secrets.core.scan import scan_file

    lines = text.splitlines()
    secrets: dict[tuple[int, str], ContentSecret] = {}
    for secret in _named_secrets(lines):
        secrets[(secret.line, secret.value)] = secret
    for potential in scan_file(path):
        if not 0 < potential.line_number <= len(lines):
            continue
        line_text = lines[potential.line_number - 1]
        value = _whole_token(line_text, potential.secret_value or "")
        # its keyword plugin also reports `secret_arn: arn:...` and the `secretsmanager:` of ARNs and actions
        if value and is_secret_literal(value) and not _inside_identifier(line_text, value):
            kind = NAMED_KIND if potential.type == "Secret Keyword" else potential.type
            secrets[(potential.line_number, value)] = ContentSecret(potential.line_number, kind, value)
    return tuple(sorted(secrets.values(), key=lambda s: (s.line, s.value)))


def _named_secrets(lines: list[str]) -> list[ContentSecret]:
    """Literal values under the names notescheck calls secret-like (`signing_key`, `API_TOKEN`, `jwt`...):
    the vocabulary of NC-SECRET-001, which is wider than detect-secrets' keyword list."""
    found = []
    for number, line in enumerate(lines, 1):
        for match in _ASSIGNMENT.finditer(line):
            value = match["value"]
            if is_secret_key(match["name"].rsplit(".", 1)[-1]) and _is_literal(value):
                found.append(ContentSecret(number, NAMED_KIND, value))
    return found


def _is_literal(value: str) -> bool:
    """Not a reference in any of the languages content is written in (`$VAR`, `%VAR%`, `!Ref`, `<...>`)."""
    return (
        len(value) >= 4
        and not value.isdigit()
        and value[0] not in "$%!<&*|>"
        and is_secret_literal(value)
    )


def _whole_token(line: str, matched: str) -> str:
    """The token as written on the line, from the start of what the plugin matched to its end."""
    start = line.find(matched) if matched else -1
    if start < 0:
        return matched
    tail = _TOKEN_TAIL.match(line, start + len(matched))
    return line[start : tail.end()] if tail else matched


def _inside_identifier(line: str, value: str) -> bool:
    """The value is a piece of an ARN or an IAM action (`secretsmanager:GetSecretValue`), not a value."""
    start = line.find(value)
    if start < 0:
        return False
    left = start
    while left > 0 and line[left - 1] not in _TOKEN_BOUNDARY:
        left -= 1
    right = start + len(value)
    while right < len(line) and line[right] not in _TOKEN_BOUNDARY:
        right += 1
    token = line[left:right]
    return token.startswith("arn:") or bool(_IAM_ACTION.fullmatch(token))


def _suffix_for(text: str) -> str:
    """An extension that makes the keyword plugin read the text as the language it is in."""
    head = text.lstrip()[:1]
    # YAML's is detect-secrets' configuration-file reading: `key: value`, `key=value` and `key = "value"`.
    return ".json" if head and head in "{[" else ".yaml"


__all__ = ["ContentScan", "ContentSecret", "is_content", "is_value_candidate", "scan_texts"]
