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


def test_not_principal_allow_is_public() -> None:
    """Allow with NotPrincipal lets in every principal but those listed; a Deny with one guards."""
    from policies.lib.iam import statements_from_json
    from policies.rules.hosting.nc_host_006 import public_statement_problem

    allow, deny = statements_from_json(
        {
            "Statement": [
                {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}, "Action": "s3:GetObject"},
                {"Effect": "Deny", "NotPrincipal": {"AWS": "*"}, "Action": "s3:*"},
            ]
        }
    )
    assert allow.principals == () and allow.not_principals == (("AWS", "arn:aws:iam::1:root"),)
    assert "NotPrincipal" in (public_statement_problem(allow) or "")
    assert public_statement_problem(deny) is None
