"""Every infrastructure file parses, and the SAM template passes the real cfn-lint."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.infra._repo import SAM, TERRAFORM, load_hcl, sam_template

HCL_FILES = sorted([*TERRAFORM.rglob("*.tf"), *TERRAFORM.rglob("*.tfvars")])


def test_there_is_terraform_to_parse():
    assert len(HCL_FILES) >= 30


@pytest.mark.parametrize("path", HCL_FILES, ids=lambda path: str(path.relative_to(REPO_ROOT)))
def test_hcl_parses(path):
    assert isinstance(load_hcl(path), dict)


def test_sam_template_loads_with_cloudformation_tags():
    template = sam_template()
    assert template["Transform"] == "AWS::Serverless-2016-10-31"
    assert template["Globals"]["Function"]["MemorySize"] == {"Ref": "LambdaMemory"}


def test_cfn_lint_passes_on_the_sam_template():
    cfn_lint = Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run(
        [str(cfn_lint), str(SAM / "template.yaml")], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
