"""NC-ORDER: each fixture asserts itself (see _driver.py); the repo's own infra passes for every env."""



from tests.policies._driver import repo_findings

FAMILY = ("NC-ORDER",)


def test_repo_infra_is_clean_for_every_environment() -> None:
    assert repo_findings(FAMILY) == []
