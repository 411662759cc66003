"""Files that are not regular files (a FIFO, a socket, a device) wherever notescheck reads a user file: never
opened for reading, so the run never blocks; reported as what they are, with the path; exit 2; the rest
still checked. Each test runs under an alarm, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import signal
import socket
import stat
from pathlib import Path

import pytest

from tests.hostile.conftest import SAM_FINDING, TERRAFORM_FINDING, Scan

FIFO = "is a FIFO, not a regular file"
BOTH = (TERRAFORM_FINDING, SAM_FINDING)


class Hung(Exception):
    pass


@pytest.fixture(autouse=True)
def no_hang():
    def ring(signum, frame):
        raise Hung("notescheck blocked on a file")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(240)  # generous: Checkov alone takes a minute on a busy machine; a hang is forever
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def fifo(repo: Path, relative: str) -> Path:
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    os.mkfifo(path)
    return path


def assert_reported(scan: Scan, file: str, reason: str = FIFO, still: tuple = ()) -> None:
    assert scan.exit_code == 2, (scan.exit_code, scan.diagnostics)
    errors = scan.errors_for(file)
    assert any(reason in d["message"] for d in errors), (file, scan.diagnostics)
    for finding in still:
        assert finding in scan.findings, f"{finding} missing: the rest was not checked ({sorted(scan.findings)})"


@pytest.mark.parametrize(
    ("relative", "still"),
    [
        ("infra/terraform/pipe.tf", BOTH),
        ("infra/terraform/envs/prod.tfvars", (SAM_FINDING,)),
        ("infra/terraform/terraform.tfvars", (SAM_FINDING,)),
        ("infra/terraform/pipe.auto.tfvars", (SAM_FINDING,)),
        ("sam/template.yaml", (TERRAFORM_FINDING,)),
        ("sam/samconfig.toml", (TERRAFORM_FINDING,)),
        ("policies/waivers.yaml", ()),
    ],
)
def test_fifo_is_reported_not_opened(repo: Path, scan, relative: str, still: tuple) -> None:
    fifo(repo, relative)
    assert_reported(scan(), relative, still=still)


def test_fifo_as_a_var_file(repo: Path, scan) -> None:
    fifo(repo, "extra.tfvars")
    assert_reported(scan("--var-file", "extra.tfvars"), "extra.tfvars", still=(SAM_FINDING,))


def test_fifo_as_a_plan_file(repo: Path, scan) -> None:
    fifo(repo, "plan.json")
    assert_reported(scan("--plan", "plan.json"), "plan.json", still=(SAM_FINDING,))


def test_fifo_as_a_required_document(repo: Path, scan) -> None:
    fifo(repo, "docs/02-iam.md")
    assert_reported(scan(), "docs/02-iam.md", still=BOTH)


@pytest.mark.parametrize("name", [".notescheck.yaml", "pyproject.toml"])
def test_fifo_as_the_configuration(repo: Path, scan, name: str) -> None:
    fifo(repo, name)
    result = scan()
    assert result.exit_code == 2
    assert name in result.result.output and FIFO in result.result.output, result.result.output


def test_fifo_read_by_file_function(repo: Path, scan) -> None:
    fifo(repo, "infra/terraform/payload.txt")
    (repo / "infra/terraform/reads.tf").write_text('output "payload" {\n  value = file("payload.txt")\n}\n')
    result = scan()  # a value that cannot be read is reported where it is used, like any other file() problem
    flagged = result.diagnostics_for("infra/terraform/reads.tf")
    assert any(FIFO in d["message"] and d["line"] == 2 for d in flagged), result.diagnostics
    assert set(BOTH) <= result.findings


def test_fifo_as_a_state_file(repo: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from checker.cli import main

    fifo(repo, "terraform.tfstate")
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["state", "terraform.tfstate", "--format", "json"])
    assert result.exit_code == 2, result.output
    assert FIFO in result.output and "terraform.tfstate" in result.output


def test_socket_named_tf(repo: Path, scan, monkeypatch) -> None:
    monkeypatch.chdir(repo / "infra/terraform")  # a relative name: socket paths are limited to ~100 bytes
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("listening.tf")
        assert_reported(scan(), "infra/terraform/listening.tf", "is a socket, not a regular file", still=BOTH)
    finally:
        server.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_character_device_named_tf(repo: Path, scan) -> None:
    os.mknod(repo / "infra/terraform/zero.tf", stat.S_IFCHR | 0o644, os.makedev(1, 5))  # /dev/zero
    result = scan()
    assert_reported(result, "infra/terraform/zero.tf", "is a character device, not a regular file", still=BOTH)


def test_directory_named_tf_is_skipped_as_terraform_does(repo: Path, scan) -> None:
    """Terraform lists a module directory's entries and skips directories, whatever their name. One with
    Terraform files of its own is a root no run checks, and checker/roots.py says so (and only that)."""
    (repo / "infra/terraform/nested.tf").mkdir()
    (repo / "infra/terraform/nested.tf/main.tf").write_text('resource "aws_s3_bucket" "hidden" {\n}\n')
    result = scan()
    assert BOTH[0] in result.findings and BOTH[1] in result.findings
    assert [d["code"] for d in result.diagnostics_for("infra/terraform/nested.tf")] == ["root"]
    assert "hidden" not in str(result.findings)


def test_swapped_for_a_fifo_after_the_stat(tmp_path: Path, monkeypatch) -> None:
    """The race the O_NONBLOCK open closes: a regular file at stat time, a FIFO when opened."""
    from checker import userfiles

    target = tmp_path / "swapped.tf"
    target.write_text("locals {}\n")
    real_stat = os.stat

    def stat_then_swap(path, *args, **kwargs):
        info = real_stat(path, *args, **kwargs)
        if Path(path) == target:
            target.unlink()
            os.mkfifo(target)
        return info

    monkeypatch.setattr(userfiles.os, "stat", stat_then_swap)
    with pytest.raises(userfiles.UnreadableFile, match=FIFO):
        userfiles.read_regular(target)


def test_fifo_with_checkov_too(repo: Path, scan) -> None:
    """Checkov opens every file it walks: it is told to skip what would block it, and still scans the rest."""
    fifo(repo, "infra/terraform/pipe.tf")
    fifo(repo, "extra.tfvars")
    result = scan("--var-file", "extra.tfvars", checkov=True)
    assert_reported(result, "infra/terraform/pipe.tf", still=BOTH)
    assert_reported(result, "extra.tfvars")
    checkov_files = {f["file"] for f in result.payload["findings"] if f["source"] == "checkov"}
    assert {"infra/terraform/main.tf", "sam/template.yaml"} <= checkov_files
