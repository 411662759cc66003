"""NC-HOST: annotated fixtures both ways, and the repository's own infrastructure."""

from pathlib import Path

import pytest

from checker.pipeline import run
from checker.settings import Settings
from policies.rules.hosting.nc_host_002 import tls_version_ok

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("TLSv1.2_2021", True),
        ("TLSv1.2_2019", True),
        ("TLSv1.2_2025", True),
        ("TLSv1.3_2025", True),
        ("TLSv1.2_2018", False),
        ("TLSv1.1_2016", False),
        ("TLSv1", False),
        (None, False),
    ],
)
def test_tls_version_ok(version, expected: bool) -> None:
    assert tls_version_ok(version) is expected


def test_repository_hosting_follows_the_spec() -> None:
    report = run(Settings(root=REPO, checkov=False, enable=("NC-HOST",), cache_dir=None))
    assert {r.env for r in report.results} == {"dev", "staging", "prod", "shared"}
    findings = [f"{f.env} {f.rule_id} {f.file}:{f.line} {f.message}" for f in report.findings if not f.suppressed]
    assert findings == []
