"""The repository's own sam/template.yaml + sam/samconfig.toml load cleanly for every environment."""

from __future__ import annotations

import pytest

from checker.model import NodeKind, Unknown
from checker.sam import parse_sam, resolve_sam
from tests.conftest import REPO_ROOT

TEMPLATE = REPO_ROOT / "sam" / "template.yaml"
SAMCONFIG = REPO_ROOT / "sam" / "samconfig.toml"

pytestmark = pytest.mark.skipif(not TEMPLATE.exists(), reason="sam/template.yaml not written yet")


@pytest.fixture(scope="module")
def sources():
    return parse_sam(TEMPLATE, SAMCONFIG if SAMCONFIG.exists() else None, REPO_ROOT)


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_real_sam_files_have_no_input_errors(sources, error_list, env: str) -> None:
    part = resolve_sam(sources, env)
    assert error_list(part) == []
    resources = [n for n in part.nodes if n.kind == NodeKind.SAM_RESOURCE]
    assert resources
    for node in part.nodes:
        assert node.loc.file == "sam/template.yaml" and node.loc.line >= 1
        for location in node.spans.values():
            assert location.file in ("sam/template.yaml", "sam/samconfig.toml") and location.line >= 1
    for parameter in (n for n in part.nodes if n.kind == NodeKind.SAM_PARAMETER):
        if parameter.type.startswith("AWS::SSM::Parameter::Value<"):
            assert parameter.meta["ssm_parameter"]
        else:
            assert not isinstance(parameter.values["value"], Unknown), parameter.id


def test_environments_differ_where_samconfig_says(sources) -> None:
    """Each environment reads its own samconfig section: no two resolve to the same parameter values."""
    values = {
        env: {
            n.name: repr(n.values["value"]) for n in resolve_sam(sources, env).nodes if n.kind == NodeKind.SAM_PARAMETER
        }
        for env in ("dev", "staging", "prod")
    }
    assert values["dev"] != values["staging"] != values["prod"] != values["dev"]
