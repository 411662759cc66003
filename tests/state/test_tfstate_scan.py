"""`scan_state` and `notescheck state`: secrets in a Terraform v4 state are found, masked and placed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.model import DiagnosticLevel
from checker.tfstate_scan import resource_address, scan_state

FIXTURES = Path(__file__).parent / "fixtures"
PLANTED = (
    "Sup3r-Secret-Pa55word!",
    "a-jwt-signing-secret-value",
    "1q2w3e4r5t6y7u8i9o0p1q2w3e4r5t6y7u8i9o0p1q2w3e4r5t6y",
    "k8#Lq2!mZp9@Xv4$Rt7&Nw1*Yb6^Hc3%",
    "$2a$10$Wq9aZ1uV0s8yQ7rT6pO5nMeLkJiHgFdSaQwErTyUiOpAsDfGhJkLz",
    "AKIAQ3EXAMPLEZ7KD2XW",
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES, tmp_path / "state")
    return tmp_path


def test_finds_every_secret_with_its_address_and_line(repo: Path) -> None:
    findings, diagnostics = scan_state(repo / "state" / "secrets.tfstate", repo)
    assert diagnostics == []
    found = {(f.rule_id, f.resource, f.line) for f in findings}
    assert found == {
        ("NC-TFSTATE-001", "aws_db_instance.legacy", 52),
        ("NC-TFSTATE-002", "aws_lambda_function.api", 81),
        ("NC-TFSTATE-001", "module.auth.aws_cognito_user_pool_client.web", 104),
        ("NC-TFSTATE-001", 'module.security.random_password.jwt["signing"]', 142),
        ("NC-TFSTATE-001", 'module.security.random_password.jwt["signing"]', 139),
        ("NC-TFSTATE-001", "module.security.aws_secretsmanager_secret_version.db[0]", 175),
        ("NC-TFSTATE-003", "output.db_password", 11),
        ("NC-TFSTATE-003", "output.ci_access_key", 16),
    }
    assert {f.file for f in findings} == {"state/secrets.tfstate"}
    assert {f.env for f in findings} == {"state"}


def test_no_value_is_ever_shown(repo: Path) -> None:
    findings, _ = scan_state(repo / "state" / "secrets.tfstate", repo)
    shown = json.dumps([[f.message, list(f.evidence), f.resource, f.title] for f in findings])
    for planted in PLANTED:
        assert planted not in shown
    assert "***" in shown


def test_clean_state_has_no_findings(repo: Path) -> None:
    """ARNs, ids, hashes, etags, SSM paths and a null provider-sensitive password are not secrets."""
    findings, diagnostics = scan_state(repo / "state" / "clean.tfstate", repo)
    assert diagnostics == []
    assert [f.message for f in findings] == []


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ('{\n  "version": 4,\n  "resources": [\n    {"mode": "managed",,}\n  ]\n}\n', 4, "not valid JSON"),
        ('{\n  "serial": 1,\n  "version": 3,\n  "modules": []\n}\n', 3, "version 3"),
        ("[1, 2, 3]\n", 1, "not a JSON object"),
        ('{"version": 4, "resources": {"a": 1}}', 1, "not a list"),
        ("", 1, "not valid JSON"),
        ('{"version": 4, "resources": [7]}', 1, "not a Terraform v4 resource"),
    ],
)
def test_bad_state_is_an_error_with_a_line(tmp_path: Path, content: str, line: int, words: str) -> None:
    path = tmp_path / "bad.tfstate"
    path.write_text(content)
    findings, diagnostics = scan_state(path, tmp_path)
    assert findings == []
    assert len(diagnostics) == 1
    assert diagnostics[0].level == DiagnosticLevel.ERROR
    assert diagnostics[0].file == "bad.tfstate"
    assert diagnostics[0].line == line
    assert words in diagnostics[0].message


def test_binary_missing_huge_and_deep_files_are_errors(tmp_path: Path) -> None:
    binary = tmp_path / "binary.tfstate"
    binary.write_bytes(b'{"version": 4,\n"x": "\xff\xfe"}')
    huge = tmp_path / "huge.tfstate"
    huge.write_text('{"version": 4, "resources": []}' + " " * 200)
    deep = tmp_path / "deep.tfstate"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    for path, max_bytes, code in (
        (binary, 10_000, "parse"),
        (tmp_path / "missing.tfstate", 10_000, "read"),
        (huge, 100, "size"),
        (deep, 1_000_000, "parse"),
        (tmp_path, 10_000, "read"),
    ):
        findings, diagnostics = scan_state(path, tmp_path, max_bytes=max_bytes)
        assert findings == [], path
        assert [d.code for d in diagnostics] == [code], path
    assert scan_state(binary, tmp_path)[1][0].line == 2


def test_empty_state_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "terraform.tfstate"
    path.write_text(
        json.dumps(
            {"version": 4, "terraform_version": "1.9.5", "serial": 1, "lineage": "x", "outputs": {}, "resources": []}
        )
    )
    assert scan_state(path, tmp_path) == ([], [])


def test_resource_address() -> None:
    assert resource_address({"mode": "managed", "type": "aws_s3_bucket", "name": "b"}) == "aws_s3_bucket.b"
    assert resource_address({"mode": "data", "type": "aws_x", "name": "y", "module": "module.a[0]"}, 2) == (
        "module.a[0].data.aws_x.y[2]"
    )


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "markdown"])
def test_cli_state_reports_masked_in_every_format(repo: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    from click.testing import CliRunner

    from checker.cli import main

    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["state", "state/secrets.tfstate", "--format", fmt])
    assert result.exit_code == 1, result.output
    assert "NC-TFSTATE-001" in result.output
    for planted in PLANTED:
        assert planted not in result.output


def test_cli_state_exit_codes(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from checker.cli import main

    monkeypatch.chdir(repo)
    (repo / "broken.tfstate").write_text('{\n  "version": 4,\n  "resources": [\n')
    clean = CliRunner().invoke(main, ["state", "state/clean.tfstate"])
    assert clean.exit_code == 0, clean.output
    broken = CliRunner().invoke(main, ["state", "broken.tfstate", "--format", "json"])
    assert broken.exit_code == 2, broken.output
    assert "broken.tfstate" in broken.output
    missing = CliRunner().invoke(main, ["state", "nope.tfstate"])
    assert missing.exit_code == 2
    assert "Traceback" not in broken.output + missing.output


def test_show_json_output_is_named_for_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "show.json"
    path.write_text('{"format_version": "1.0", "terraform_version": "1.9.5", "values": {"root_module": {}}}')
    _, diagnostics = scan_state(path, tmp_path)
    assert "terraform show -json" in diagnostics[0].message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=30,
)


@given(
    resources=st.lists(
        st.fixed_dictionaries(
            {"mode": st.sampled_from(["managed", "data", 3]), "type": json_values, "name": json_values},
            optional={"module": json_values, "instances": st.lists(json_values, max_size=3)},
        ),
        max_size=4,
    ),
    outputs=st.dictionaries(st.text(max_size=10), json_values, max_size=3),
)
@settings(max_examples=60, deadline=None)
def test_any_v4_shaped_state_is_scanned_without_raising(resources, outputs) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "fuzz.tfstate"
        path.write_text(json.dumps({"version": 4, "resources": resources, "outputs": outputs}))
        findings, diagnostics = scan_state(path, Path(directory))
        for finding in findings:
            assert finding.rule_id.startswith("NC-TFSTATE-")
            assert finding.line >= 1


# Shaped like tokens only detect-secrets' plugins know (notescheck's own patterns do not), under innocent
# names and with little entropy: assembled at run time so this file holds no scannable credential.
TWILIO_KEY = "SK" + "fake" * 8
MAILCHIMP_KEY = "fake" * 8 + "-us12"


def _shaped_state(path: Path) -> Path:
    topic = {
        "mode": "managed",
        "type": "aws_sns_topic",
        "name": "notify",
        "instances": [
            {
                "attributes": {
                    "name": "notes-prod-notify",
                    "tags": {"Relay": TWILIO_KEY, "Queue": "notes-prod-notify-queue-0001"},
                },
                "sensitive_attributes": [],
            }
        ],
    }
    outputs = {"list_endpoint": {"value": MAILCHIMP_KEY, "type": "string"}, "queue": {"value": "notes-prod-q"}}
    path.write_text(json.dumps({"version": 4, "resources": [topic], "outputs": outputs}, indent=2))
    return path


def test_token_shapes_only_detect_secrets_knows_are_found_and_carried_for_masking(tmp_path: Path) -> None:
    findings, diagnostics = scan_state(_shaped_state(tmp_path / "shaped.tfstate"), tmp_path)
    assert diagnostics == []
    by_rule = {f.rule_id: f for f in findings}
    assert sorted(by_rule) == ["NC-TFSTATE-002", "NC-TFSTATE-003"], [f.message for f in findings]
    assert by_rule["NC-TFSTATE-002"].resource == "aws_sns_topic.notify"
    assert "Twilio" in by_rule["NC-TFSTATE-002"].message
    assert by_rule["NC-TFSTATE-002"].secrets == (TWILIO_KEY,)
    assert by_rule["NC-TFSTATE-003"].resource == "output.list_endpoint"
    assert "Mailchimp" in by_rule["NC-TFSTATE-003"].message
    assert by_rule["NC-TFSTATE-003"].secrets == (MAILCHIMP_KEY,)
    shown = json.dumps([[f.message, list(f.evidence), f.resource, f.title] for f in findings])
    assert TWILIO_KEY not in shown and MAILCHIMP_KEY not in shown


def test_the_token_shape_scan_of_a_state_is_cached_by_content(tmp_path: Path) -> None:
    """A second scan of the same state reads detect-secrets' answer from the cache: it is never imported."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        import json, sys
        from pathlib import Path
        from checker.cache import DiskCache
        from checker.tfstate_scan import scan_state
        findings, _ = scan_state(Path(sys.argv[1]), Path.cwd(), cache=DiskCache(Path(sys.argv[2])))
        print(json.dumps({"rules": sorted(f.rule_id for f in findings), "loaded": "detect_secrets" in sys.modules}))
        """
    )
    state = _shaped_state(tmp_path / "shaped.tfstate")
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", script, str(state), str(tmp_path / "cache")],
                cwd=tmp_path,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(2)
    ]
    rules = ["NC-TFSTATE-002", "NC-TFSTATE-003"]
    assert runs == [{"rules": rules, "loaded": True}, {"rules": rules, "loaded": False}]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "markdown", "html", "github"])
def test_cli_state_masks_detect_secrets_shapes_in_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    from click.testing import CliRunner

    from checker.cli import main

    _shaped_state(tmp_path / "shaped.tfstate")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["state", "shaped.tfstate", "--format", fmt, "--no-cache"])
    assert result.exit_code == 1, result.output
    assert "NC-TFSTATE-002" in result.output and "NC-TFSTATE-003" in result.output
    assert TWILIO_KEY not in result.output and MAILCHIMP_KEY not in result.output
