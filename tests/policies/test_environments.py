"""NC-ENV: annotated fixtures both ways, the token matcher's edge cases, and the repository's own infrastructure."""


import pytest

from policies.lib.iam import is_wildcard_resource
from policies.lib.naming import mentions_env


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("notes-dev-notes", True),
        ("/notes/dev/table", True),
        ("dev/terraform.tfstate", True),
        ("arn:aws:dynamodb:us-east-1:1:table/notes-dev", True),
        ("notes_dev", True),
        ("device", False),
        ("devops-team", False),
        ("notes-devices", False),
        ("fikri.dev", False),
        ("https://web.dev/path", False),
        ("used in dev only", False),
        ("dev", False),
    ],
)
def test_mentions_env(text: str, expected: bool) -> None:
    assert mentions_env(text, "dev") is expected


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        ("*", True),
        ("arn:aws:kms:us-east-1:123456789012:key/*", True),
        ("arn:aws:s3:::*", True),
        ("arn:aws:apigateway:us-east-1::/*", True),
        ("arn:aws:dynamodb:*:*:table/notes-prod-*", False),
        ("arn:aws:s3:::notes-terraform-state", False),
    ],
)
def test_is_wildcard_resource(resource: str, expected: bool) -> None:
    assert is_wildcard_resource(resource) is expected


def test_not_action_is_every_other_action() -> None:
    """An identity-policy Allow with NotAction on every resource is not scoped; a NotPrincipal statement is a
    resource policy's, not an identity policy's."""
    from policies import load_spec
    from policies.base import RuleContext
    from policies.lib.iam import statements_from_json
    from policies.rules.environments.nc_env_003 import unscoped_problem

    ctx = RuleContext(env="prod", spec=load_spec())
    not_action, not_principal = statements_from_json(
        {
            "Statement": [
                {"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"},
                {"Effect": "Allow", "NotPrincipal": {"AWS": "x"}, "Action": "s3:*", "Resource": "*"},
            ]
        }
    )
    assert not_action.actions == () and not_action.not_actions == ("iam:*",)
    assert not_action.grants_action("s3:GetObject") and not not_action.grants_action("iam:PassRole")
    assert "every action except iam:* (NotAction)" in (unscoped_problem(not_action, ctx) or "")
    assert not_principal.has_principal and unscoped_problem(not_principal, ctx) is None
