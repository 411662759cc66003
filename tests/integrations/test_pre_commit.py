"""notescheck through the real pre-commit framework, as another repository would use it.

The hook repository is a git snapshot of this working tree's package (pyproject, checker/, policies/,
.pre-commit-hooks.yaml); pre-commit clones it and pip-installs notescheck into its own virtualenv,
once per test session (PRE_COMMIT_HOME is a session temp dir). The consumer is a temporary git
repository holding tests/integrations/fixtures/minimal, a small project that passes the rules its
.notescheck.yaml enables, configured with the README's own snippet (its repo and rev filled in).

Installing Checkov through the snippet's additional_dependencies takes minutes: that test runs only
when NOTESCHECK_INSTALL_TESTS=1 (e.g. `NOTESCHECK_INSTALL_TESTS=1 bash scripts/test`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
HOOK_NAME = "notescheck (Terraform + SAM policy rules)"
SECRET = "Sup3r-Secret-1234"
PACKAGE_PATHS = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "checker", "policies")

INSTALL_TESTS = os.environ.get("NOTESCHECK_INSTALL_TESTS") == "1"

pytestmark = pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed in this venv")


def readme_snippet() -> dict:
    """The pre-commit configuration the README tells users to write."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## In pre-commit") :]
    block = section[section.index("```yaml\n") + len("```yaml\n") : section.index("```\n", section.index("```yaml"))]
    return yaml.safe_load(block)


def consumer_config(repo_path: Path, sha: str, *, checkov_from_pypi: bool) -> str:
    """The README's snippet with the hook repository's path and commit filled in; the Checkov hook checks
    prod only, and (unless `checkov_from_pypi`) takes Checkov from $NOTESCHECK_CHECKOV, not PyPI."""
    config = readme_snippet()
    (entry,) = config["repos"]
    assert entry["rev"].startswith("<"), "the README must not name a rev that does not exist"
    entry["repo"], entry["rev"] = repo_path.as_posix(), sha
    for hook in entry["hooks"]:
        if hook["id"] == "notescheck-checkov":
            hook["args"] = ["--env", "prod"]
            if not checkov_from_pypi:
                hook.pop("additional_dependencies")
    return yaml.safe_dump(config, sort_keys=False)


def _git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "NOTESCHECK_"))}
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="notescheck tests",
        GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="notescheck tests",
        GIT_COMMITTER_EMAIL="tests@example.invalid",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return env


def _run(args: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    done = _run(["git", *args], cwd, env)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory) -> Path:
    """One directory for the whole run, shared by pytest-xdist workers, so the hook is installed once."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def pre_commit_home(shared_dir) -> Path:
    home = shared_dir / "pre-commit-home"  # pre-commit locks its store while it clones and installs
    home.mkdir(exist_ok=True)
    return home


@pytest.fixture(scope="session")
def hook_repo(shared_dir, pre_commit_home) -> tuple[Path, str]:
    """A one-commit git repository with this working tree's package files; (path, HEAD sha)."""
    env = _git_env(pre_commit_home)
    listed = _run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *PACKAGE_PATHS], ROOT, env
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: cannot snapshot the hook repository")
    repo = shared_dir / "hook-repo"
    if not repo.exists():
        draft = Path(tempfile.mkdtemp(prefix="hook-repo-", dir=shared_dir))
        for name in filter(None, listed.stdout.split("\0")):
            source = ROOT / name
            if source.is_file():
                (draft / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, draft / name)
        _git(draft, env, "init", "-q", "-b", "main")
        _git(draft, env, "add", "-A")
        _git(draft, env, "commit", "-q", "-m", "notescheck snapshot")
        try:
            draft.rename(repo)  # atomic: the first worker to finish wins, the others use its repository
        except OSError:
            shutil.rmtree(draft, ignore_errors=True)
    sha = _git(repo, env, "rev-parse", "HEAD").stdout.strip()
    return repo, sha


def _consumer(tmp_path: Path, hook_repo, pre_commit_home, checkov_from_pypi: bool) -> tuple[Path, dict[str, str]]:
    repo_path, sha = hook_repo
    env = _git_env(pre_commit_home)
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    config = consumer_config(repo_path, sha, checkov_from_pypi=checkov_from_pypi)
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    (project / ".gitignore").write_text(".notescheck-cache/\n", encoding="utf-8")
    _git(project, env, "init", "-q", "-b", "main")
    installed = _run([PRE_COMMIT, "install"], project, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return project, env


@pytest.fixture
def consumer(tmp_path, hook_repo, pre_commit_home) -> tuple[Path, dict[str, str]]:
    """A project repository using notescheck's hooks, with pre-commit installed as its git hook."""
    return _consumer(tmp_path, hook_repo, pre_commit_home, checkov_from_pypi=False)


def _commit(project: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess:
    _git(project, env, "add", "-A")
    return _run(["git", "commit", "-m", message], project, env)


def _add_secret(project: Path) -> None:
    with (project / "infra/terraform/envs/prod.tfvars").open("a", encoding="utf-8") as tfvars:
        tfvars.write(f'db_password          = "{SECRET}"\n')
    with (project / "infra/terraform/variables.tf").open("a", encoding="utf-8") as variables:
        variables.write('\nvariable "db_password" {\n  type      = string\n  sensitive = true\n}\n')


def _commits(project: Path, env: dict[str, str]) -> int:
    done = _run(["git", "rev-list", "--count", "HEAD"], project, env)
    return int(done.stdout.strip()) if done.returncode == 0 else 0


def test_clean_commit_passes_and_a_violation_is_refused(consumer):
    project, env = consumer
    clean = _commit(project, env, "compliant infrastructure")
    output = clean.stdout + clean.stderr
    assert clean.returncode == 0, output
    assert HOOK_NAME in output and "Passed" in output
    assert _commits(project, env) == 1

    _add_secret(project)
    refused = _commit(project, env, "hard-code the database password")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "Failed" in output
    assert "infra/terraform/envs/prod.tfvars:4  NC-SECRET-001  critical  var.db_password" in output
    assert SECRET not in output, "the hook output must mask the secret"
    assert _commits(project, env) == 1, "the commit must not have been made"


def test_every_commit_is_checked_even_one_that_only_deletes_a_runbook(consumer):
    """A deletion gives pre-commit no file to match, and a commit of unrelated files may still break a rule."""
    project, env = consumer
    shutil.copytree(ROOT / "docs", project / "docs")
    (project / ".notescheck.yaml").write_text("enable: [NC-SECRET, NC-TAG, NC-LIMIT-001, NC-DOCS]\n", "utf-8")
    assert _commit(project, env, "compliant infrastructure and its runbooks").returncode == 0
    (project / "NOTES.md").write_text("nothing to do with infrastructure\n", encoding="utf-8")
    unrelated = _commit(project, env, "notes only")
    assert unrelated.returncode == 0 and "Passed" in unrelated.stdout + unrelated.stderr
    _git(project, env, "rm", "-q", "docs/02-iam.md")
    refused = _run(["git", "commit", "-m", "drop the IAM matrix"], project, env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "docs/02-iam.md  NC-DOCS-001" in output
    assert _commits(project, env) == 2


def test_the_configuration_in_pyproject_is_an_input(consumer):
    project, env = consumer
    assert _commit(project, env, "compliant infrastructure").returncode == 0
    (project / ".notescheck.yaml").unlink()
    (project / "pyproject.toml").write_text('[tool.notescheck]\nenable = ["NC-NOPE"]\n', encoding="utf-8")
    refused = _commit(project, env, "a typo in the configuration")
    assert refused.returncode != 0
    assert "NC-NOPE: no rule has this id or prefix" in refused.stdout + refused.stderr


def test_the_checkov_hook_adds_checkov_findings(consumer, checkov):
    """The second published hook, run on demand (stages: [manual]) with the Checkov the tests found."""
    project, env = consumer
    env = {**env, "NOTESCHECK_CHECKOV": str(checkov)}
    assert _commit(project, env, "compliant infrastructure").returncode == 0
    (project / ".notescheck.yaml").write_text("enable: [NC-SECRET, NC-TAG, NC-LIMIT-001, CKV_AWS_]\n", "utf-8")
    done = _run([PRE_COMMIT, "run", "--hook-stage", "manual", "notescheck-checkov", "--all-files"], project, env)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "notescheck + Checkov (policy rules and AWS hygiene)" in output and "Failed" in output
    assert "Checkov (AWS hygiene)" in output
    assert "infra/terraform/main.tf:21  CKV_AWS_119  medium  aws_dynamodb_table.notes" in output
    assert "== prod ==" in output and "== dev ==" not in output, "hook args override the entry's --env all"


@pytest.mark.skipif(not INSTALL_TESTS, reason="installs Checkov from PyPI (minutes): NOTESCHECK_INSTALL_TESTS=1")
def test_the_readme_snippet_installs_checkov_into_the_hook(tmp_path, hook_repo, pre_commit_home):
    """The snippet as written: additional_dependencies put the pinned Checkov beside notescheck."""
    project, env = _consumer(tmp_path, hook_repo, pre_commit_home, checkov_from_pypi=True)
    env = {**env, "PATH": "/usr/bin:/bin"}  # no checkov on PATH, no $NOTESCHECK_CHECKOV: only the hook's own
    (project / ".notescheck.yaml").write_text("enable: [NC-SECRET, NC-TAG, NC-LIMIT-001, CKV_AWS_]\n", "utf-8")
    assert _commit(project, env, "compliant infrastructure").returncode == 0
    done = _run([PRE_COMMIT, "run", "--hook-stage", "manual", "notescheck-checkov", "--all-files"], project, env)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "infra/terraform/main.tf:21  CKV_AWS_119  medium  aws_dynamodb_table.notes" in output
    assert "is tested with" not in output, "the pinned version ran"
