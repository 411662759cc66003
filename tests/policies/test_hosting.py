"""NC-HOST: annotated fixtures both ways, and the repository's own infrastructure."""


import pytest

from policies.rules.hosting.nc_host_002 import tls_version_ok


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
