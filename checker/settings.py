"""What one run of notescheck is asked to do: paths, environments, gate, engines.

Built by the CLI from defaults, then the config file ([tool.notescheck] or .notescheck.yaml),
then command-line flags; every later stage reads it and nothing else.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path

from checker.model import Severity
from checker.records import record

DEFAULT_ENVS = ("dev", "staging", "prod")
DEFAULT_CACHE_DIR = Path(".notescheck-cache")
SHARED = "shared"  # the report's section for the shared roots, beside the environments


@record(frozen=True)
class Settings:
    """Everything a run is told: defaults, then the config file, then the flags (frozen once built)."""

    root: Path  # the working directory: every path below is relative to it, and so is every reported file
    envs: tuple[str, ...] = DEFAULT_ENVS
    terraform_dir: Path = Path("infra/terraform")
    # Terraform roots of the one-time shared resources (state bucket, lock table, CloudTrail), checked once
    # per run as the section `shared`; None: found under terraform_dir (checker.roots), () : none
    shared_roots: tuple[Path, ...] | None = None
    shared: bool = True  # False (--no-shared): leave the shared section to another run, e.g. its own CI job
    sam_template: Path = Path("sam/template.yaml")
    samconfig: Path = Path("sam/samconfig.toml")
    var_files: tuple[Path, ...] = ()  # extra --var-file, after envs/<env>.tfvars
    plan_file: Path | None = None  # `terraform show -json` output to check instead of the sources
    severity: Severity = Severity.LOW  # the gate: findings at or above it fail `check`
    enable: tuple[str, ...] = ()  # rule ids or prefixes; empty means all
    disable: tuple[str, ...] = ()
    checkov: bool = True
    checkov_path: str | None = None  # --checkov
    checkov_config_path: str | None = None  # [tool.notescheck.checkov] path: after $NOTESCHECK_CHECKOV
    checkov_timeout: float = 600.0
    checkov_skip_checks: tuple[str, ...] = ()
    waivers_file: Path = Path("policies/waivers.yaml")
    docs_dir: Path = Path("docs")  # where the spec's documents (docs/02-iam.md, docs/runbooks/...) live
    skip_paths: tuple[str, ...] = ()  # globs of files whose findings and input errors are not reported
    baseline_file: Path | None = None  # findings recorded there are known: only new ones fail
    max_file_bytes: int = 2_000_000
    remote_modules: str = "installed"  # or "skip": remote module calls terraform init did not install are listed
    cache_dir: Path | None = DEFAULT_CACHE_DIR  # None: --no-cache
    today: date = field(default_factory=date.today)

    def path(self, relative: Path) -> Path:
        return relative if relative.is_absolute() else self.root / relative

    def skipped(self, file: str) -> bool:
        """Whether a reported file (POSIX, relative to the root) matches a --skip-path: a glob (`*` crosses
        folders, as in Checkov's --skip-path), or a folder, which skips everything under it."""
        for pattern in self.skip_paths:
            folder = pattern.removesuffix("/**").rstrip("/")
            if fnmatchcase(file, pattern) or file == folder or file.startswith(folder + "/"):
                return bool(file)
        return False

    def rule_enabled(self, rule_id: str) -> bool:
        if self.enable and not any(rule_id.startswith(p) for p in self.enable):
            return False
        return not any(rule_id.startswith(p) for p in self.disable)
