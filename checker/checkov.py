"""Checkov beside our own rules: run from its own virtualenv as a subprocess, merged into the same report.

Checkov 3.3.30 and python-hcl2 both own the `hcl2` module, so Checkov never shares our interpreter: it
runs from .venv-checkov (made by `bash scripts/bootstrap`) with JSON output, one process per framework,
so each prints exactly one JSON document. The processes start at once and run while our own analysis
proceeds; `CheckovRun.wait()` collects them.

Checkov exits 0 on files it cannot parse and only counts them (bridgecrewio/checkov#5248), so its
`parsing_errors` become input errors here; a crash, a missing executable or a timeout becomes an ERROR
diagnostic naming Checkov, never a clean report.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import Any

from checker.model import Diagnostic, DiagnosticLevel, Finding, Severity
from checker.records import record
from checker.rule_runner import merge_instances
from checker.settings import SHARED, Settings

SOURCE = "checkov"
PINNED_VERSION = "3.3.30"
INSTALL_COMMAND = "bash scripts/bootstrap"
EXECUTABLE_VARIABLE = "NOTESCHECK_CHECKOV"
VENV_DIR = ".venv-checkov"
DIAGNOSTIC_CODE = "checkov"
NO_REASON = "No comment provided"  # what Checkov puts in suppress_comment for `#checkov:skip=ID` alone
POLICY_INDEX = "https://www.checkov.io/5.Policy%20Index/{framework}.html"  # guideline when no platform key

# Never phone home: no platform key, no update check, no mapping download, no package scan.
_OFFLINE_ENV = {
    "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true",
    "BC_SKIP_MAPPING": "TRUE",
    "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
    "ANSI_COLORS_DISABLED": "1",
    "LOG_LEVEL": "WARNING",
}
# Our interpreter's settings must not leak into Checkov's (its `hcl2` is not ours).
_DROPPED_ENV = ("BC_API_KEY", "PRISMA_API_URL", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "CKV_VAR_FILE")

_SEVERITIES = {s.value.upper(): s for s in Severity}


@record
class CheckovResult:
    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    version: str = ""


CHECKS_FILE = Path(__file__).resolve().parent.parent / "policies" / "data" / "checkov-checks.json"


@lru_cache(maxsize=1)
def checkov_checks() -> dict[str, dict[str, Any]]:
    """Every Terraform and CloudFormation check of the pinned Checkov by id: name, frameworks, entities, source.

    Listed once from Checkov itself (`scripts/checkov-checks`), so that `explain CKV_AWS_18` and the spelling
    check of --enable never start Checkov (its `--list` takes 12 s).
    """
    return json.loads(CHECKS_FILE.read_text(encoding="utf-8"))["checks"]


def _diagnostic(message: str, file: str = "", level: DiagnosticLevel = DiagnosticLevel.ERROR) -> Diagnostic:
    return Diagnostic(file=file, line=0, message=message, level=level, code=DIAGNOSTIC_CODE)


def _venv_executable(venv: Path) -> Path:
    return venv / ("Scripts/checkov.cmd" if sys.platform == "win32" else "bin/checkov")


def find_checkov(settings: Settings) -> tuple[Path | None, str]:
    """The executable to run and where it came from, first found of: --checkov, $NOTESCHECK_CHECKOV,
    [tool.notescheck.checkov] path, .venv-checkov in the project (then beside notescheck's sources), the
    checkov installed beside notescheck itself (the `notescheck[checkov]` extra, pipx, pre-commit), then
    `checkov` on PATH. A path named explicitly must work: it is never passed over for a later one.
    Returns (None, why) when nothing runnable is found.
    """
    named = [
        ("--checkov", settings.checkov_path),
        (f"${EXECUTABLE_VARIABLE}", os.environ.get(EXECUTABLE_VARIABLE)),
        ("[tool.notescheck.checkov] path", settings.checkov_config_path),
    ]
    for origin, value in named:
        if value:
            path = settings.path(Path(value).expanduser())
            if path.is_file() and os.access(path, os.X_OK):
                return path, origin
            return None, f"Checkov executable {value} (from {origin}) does not exist or is not executable"
    candidates = [
        (_venv_executable(settings.path(Path(VENV_DIR))), VENV_DIR),
        (_venv_executable(Path(__file__).resolve().parent.parent / VENV_DIR), VENV_DIR),
        (Path(sys.executable).parent / _venv_executable(Path()).name, "notescheck's environment"),
    ]
    for path, origin in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path, origin
    on_path = shutil.which("checkov")
    if on_path:
        return Path(on_path), "PATH"
    return None, "Checkov is not installed (no --checkov, $NOTESCHECK_CHECKOV, .venv-checkov or checkov on PATH)"


def _checkov_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    env.update(_OFFLINE_ENV)
    return env


@record
class _ScanOutput:
    reports: list[dict[str, Any]]
    diagnostics: list[Diagnostic]
    version: str = ""


def parse_json_documents(text: str) -> list[Any]:
    """Every JSON value in `text`, in order: Checkov may print several documents one after another."""
    decoder = json.JSONDecoder()
    documents: list[Any] = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return documents
        value, position = decoder.raw_decode(text, position)
        documents.append(value)


def _reports(documents: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Checkov's per-framework reports, whether printed alone, in a list, or as a bare summary."""
    for document in documents:
        if isinstance(document, list):
            yield from _reports(document)
        elif isinstance(document, dict) and "check_type" in document:
            yield document
        elif isinstance(document, dict) and "checkov_version" in document:  # nothing found to scan
            yield {"check_type": "", "results": {}, "summary": document}


class _Scan:
    """One Checkov process over one target; output goes to files so a full pipe never blocks it."""

    def __init__(self, executable: Path, framework: str, target: str, args: list[str], settings: Settings):
        self.framework = framework
        self.target = target  # as shown to users, relative to the root
        self.timeout = settings.checkov_timeout
        self._root = settings.root
        self._outdir = tempfile.TemporaryDirectory(prefix="notescheck-checkov-")
        self._stdout_path = Path(self._outdir.name) / "stdout.json"
        self._stderr_path = Path(self._outdir.name) / "stderr.txt"
        self._output: _ScanOutput | None = None
        self.started = time.monotonic()
        # --compact leaves the code blocks out of the JSON: a fifth of its size, which we never read
        command = [str(executable), "-o", "json", "--skip-download", "--compact", "--framework", framework, *args]
        if settings.checkov_skip_checks:
            command += ["--skip-check", ",".join(settings.checkov_skip_checks)]
        self.process: subprocess.Popen | None = None
        try:
            with open(self._stdout_path, "wb") as stdout, open(self._stderr_path, "wb") as stderr:
                self.process = subprocess.Popen(
                    command,
                    cwd=settings.root,
                    stdin=subprocess.DEVNULL,
                    stdout=stdout,
                    stderr=stderr,
                    env=_checkov_env(),
                    start_new_session=True,  # so a timeout can stop its worker processes too
                )
        except OSError as error:
            self._output = _ScanOutput([], [_diagnostic(f"Checkov could not be started ({executable}): {error}")])
            self._outdir.cleanup()

    def _kill(self) -> None:
        assert self.process is not None
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, AttributeError):
            self.process.kill()
        self.process.wait()

    def wait(self) -> _ScanOutput:
        if self._output is None:
            self._output = self._collect()
            self._outdir.cleanup()
        return self._output

    def cancel(self) -> None:
        """Stop the process if it still runs (the run is abandoned); its result says it was cancelled."""
        if self._output is not None or self.process is None:
            return
        if self.process.poll() is None:
            self._kill()
        self._output = _ScanOutput(
            [], [_diagnostic(f"Checkov was cancelled while scanning {self.target}", self.target)]
        )
        self._outdir.cleanup()

    def _collect(self) -> _ScanOutput:
        assert self.process is not None
        remaining = self.started + self.timeout - time.monotonic()
        try:
            returncode = self.process.wait(timeout=max(remaining, 0.001))
        except subprocess.TimeoutExpired:
            self._kill()
            message = (
                f"Checkov timed out after {self.timeout:g} s scanning {self.target} and was stopped; "
                "its checks did not run (raise `timeout` under [tool.notescheck.checkov], or use --no-checkov)"
            )
            return _ScanOutput([], [_diagnostic(message, self.target)])
        stdout = self._stdout_path.read_text(encoding="utf-8", errors="replace")
        stderr = self._stderr_path.read_text(encoding="utf-8", errors="replace")
        try:
            reports = list(_reports(parse_json_documents(stdout)))
        except json.JSONDecodeError:
            reports = []
        if returncode not in (0, 1) or not reports:
            tail = " | ".join(line.strip() for line in stderr.strip().splitlines()[-3:] if line.strip())
            message = f"Checkov failed (exit {returncode}) scanning {self.target}; its checks did not run" + (
                f": {tail}" if tail else ""
            )
            return _ScanOutput([], [_diagnostic(message, self.target)])
        version = next((str(r["summary"].get("checkov_version", "")) for r in reports if r.get("summary")), "")
        return _ScanOutput(reports, self._parse_errors(reports), version)

    def _parse_errors(self, reports: list[dict[str, Any]]) -> list[Diagnostic]:
        diagnostics = []
        for report in reports:
            files = report.get("results", {}).get("parsing_errors") or []
            for file in files:
                shown = relative_to_root(file, self._root)
                diagnostics.append(
                    _diagnostic(f"Checkov could not parse {shown}, so none of its checks ran on it", shown)
                )
            counted = report.get("summary", {}).get("parsing_errors", 0)
            if counted and not files:
                diagnostics.append(
                    _diagnostic(f"Checkov could not parse {counted} file(s) under {self.target}", self.target)
                )
        return diagnostics


@lru_cache(maxsize=4096)
def relative_to_root(file: str, root: Path) -> str:
    """A path Checkov printed (absolute, or relative to its working directory, the root) as a POSIX path
    relative to the root; paths outside the root stay absolute."""
    path = Path(file)
    if not path.is_absolute():
        path = root / path
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _severity(value: Any) -> Severity:
    return _SEVERITIES.get(str(value).upper(), Severity.MEDIUM) if value else Severity.MEDIUM


def _resource(check: dict[str, Any], framework: str) -> str:
    """Terraform: its address (module.database.aws_dynamodb_table.notes). CloudFormation: the logical id,
    as our SAM nodes and waivers name it (Checkov says AWS::Serverless::Function.NotesFunction)."""
    resource = str(check.get("resource_address") or check.get("resource") or "")
    if framework == "cloudformation" and "." in resource:
        return resource.split(".", 1)[1]
    return resource


def to_finding(check: dict[str, Any], framework: str, env: str, root: Path, skipped: bool = False) -> Finding:
    """One Checkov result as our Finding; a skipped check stays visible as a suppressed finding."""
    lines = check.get("file_line_range") or [0, 0]
    file = check.get("file_abs_path") or check.get("file_path") or ""
    check_name = str(check.get("check_name") or check["check_id"])
    resource = _resource(check, framework)
    reason = ""
    if skipped:
        reason = str(check.get("check_result", {}).get("suppress_comment") or "").strip()
        reason = "" if reason == NO_REASON else reason
    return Finding(
        rule_id=str(check["check_id"]),
        severity=_severity(check.get("severity")),
        source=SOURCE,
        env=env,
        file=relative_to_root(str(file), root) if file else "",
        line=int(lines[0]),
        end_line=int(lines[-1]),
        resource=resource,
        message=check_name,
        title=check_name,
        help_uri=str(check.get("guideline") or POLICY_INDEX.format(framework=framework or "terraform")),
        # A skip without a reason does not count (NC-SKIP-001 reports the comment).
        suppressed=skipped and bool(reason),
        suppression_reason=reason,
        suppression_kind="inline" if skipped and reason else "",
    )


def findings_from_reports(reports: Iterable[dict[str, Any]], env: str, root: Path) -> list[Finding]:
    findings = []
    for report in reports:
        framework = report.get("check_type", "")
        results = report.get("results", {})
        findings += [to_finding(c, framework, env, root) for c in results.get("failed_checks", [])]
        findings += [to_finding(c, framework, env, root, skipped=True) for c in results.get("skipped_checks", [])]
    return merge_instances(findings)


class CheckovRun:
    """Checkov's scans for one environment, already running; `wait()` collects them once."""

    def __init__(self, env: str, settings: Settings, scans: list[_Scan], diagnostics: list[Diagnostic]):
        self.env = env
        self.scans = scans
        self._settings = settings
        self._diagnostics = diagnostics
        self._result: CheckovResult | None = None

    def wait(self) -> CheckovResult:
        if self._result is None:
            self._result = self._collect()
        return self._result

    def cancel(self) -> None:
        """Stop whatever still runs, e.g. when the pipeline fails before collecting (shared scans too)."""
        for scan in self.scans:
            scan.cancel()

    def _collect(self) -> CheckovResult:
        result = CheckovResult(diagnostics=list(self._diagnostics))
        for scan in self.scans:
            output = scan.wait()
            result.diagnostics += output.diagnostics
            result.findings += findings_from_reports(output.reports, self.env, self._settings.root)
            result.version = result.version or output.version
        if result.version and result.version != PINNED_VERSION:
            result.diagnostics.append(
                _diagnostic(
                    f"Checkov {result.version} ran, but notescheck is tested with {PINNED_VERSION}; "
                    f"`{INSTALL_COMMAND}` installs the pinned version",
                    level=DiagnosticLevel.WARNING,
                )
            )
        result.findings.sort(key=Finding.sort_key)
        return result


def _not_regular_files(directory: Path) -> list[Path]:
    """FIFOs, sockets, devices and dangling or looping links under `directory`: Checkov opens every file it
    walks, and opening a FIFO blocks until a writer comes. Our own loaders report each of them."""
    found: list[Path] = []
    for folder, _, names in os.walk(directory):
        found.extend(Path(folder, name) for name in names if not os.path.isfile(os.path.join(folder, name)))
    return sorted(found)


def _start_terraform(executable: Path, settings: Settings, env: str, shared_dirs: tuple[str, ...] = ()) -> _Scan | None:
    """The Terraform root with the same tfvars our own graph resolves with (a missing one the pipeline reports);
    the shared roots beneath it are left to the shared section's own scan."""
    from checker.roots import env_var_files

    if not settings.path(settings.terraform_dir).is_dir():
        return None  # the pipeline reports the missing directory
    directory = settings.path(settings.terraform_dir)
    args = ["-d", str(directory)]
    for var_file in env_var_files(settings, env)[0]:
        if os.path.isfile(var_file):  # Checkov would block on a FIFO; the pipeline reports what it is
            args += ["--var-file", str(var_file.resolve())]
    for blocking in _not_regular_files(directory):
        args += ["--skip-path", re.escape(str(blocking)) + "$"]
    for shared_dir in shared_dirs:
        args += ["--skip-path", re.escape(shared_dir) + "(/|$)"]
    return _Scan(executable, "terraform", settings.terraform_dir.as_posix(), args, settings)


def _start_shared_root(executable: Path, settings: Settings, shared_dir: str) -> _Scan:
    """One shared root, without variable files: it is applied once, not per environment."""
    directory = settings.path(Path(shared_dir))
    args = ["-d", str(directory)]
    for blocking in _not_regular_files(directory):
        args += ["--skip-path", re.escape(str(blocking)) + "$"]
    return _Scan(executable, "terraform", shared_dir, args, settings)


def _start_sam(executable: Path, settings: Settings) -> _Scan | None:
    """The SAM template alone (not sam/tests or built artifacts); it does not depend on the environment."""
    if not settings.path(settings.sam_template).is_file():
        return None  # missing, or a FIFO Checkov would block on: the pipeline reports either
    template = str(settings.path(settings.sam_template))
    return _Scan(executable, "cloudformation", settings.sam_template.as_posix(), ["-f", template], settings)


INSTALL_HINTS = (
    f"in this repository: `{INSTALL_COMMAND}` (makes {VENV_DIR})",
    f"with pip or a wheel: `pip install 'notescheck[checkov]'` (Checkov {PINNED_VERSION} in notescheck's environment)",
    f"with pipx: `pipx inject notescheck checkov=={PINNED_VERSION}`",
    f"in pre-commit: add `additional_dependencies: ['checkov=={PINNED_VERSION}']` to the notescheck-checkov hook",
    "elsewhere: `--checkov PATH` or $NOTESCHECK_CHECKOV; or skip it with --no-checkov",
)


def _missing_checkov(why: str) -> Diagnostic:
    return _diagnostic(f"{why}; install it: " + "; ".join(INSTALL_HINTS))


def start_checkov(settings: Settings, env: str) -> CheckovRun:
    """Start Checkov on the Terraform root (with the environment's tfvars) and the SAM template; returns at once."""
    return start_checkov_runs(settings, (env,))[env]


def start_checkov_runs(
    settings: Settings, envs: Iterable[str], shared_dirs: Iterable[str] = ()
) -> dict[str, CheckovRun]:
    """One Terraform scan per environment, one SAM scan shared by all (the template is the same for each);
    with `shared_dirs` (the shared roots), one more run for the section `shared`, scanning each of them
    once, while the environments' scans skip them."""
    envs, shared_dirs = tuple(envs), tuple(shared_dirs)
    sections = envs + ((SHARED,) if shared_dirs else ())
    executable, why = find_checkov(settings)
    if executable is None:
        diagnostic = _missing_checkov(why)
        return {section: CheckovRun(section, settings, [], [diagnostic]) for section in sections}
    runs = {}
    if envs:
        sam = _start_sam(executable, settings)
        for env in envs:
            scans = [s for s in (_start_terraform(executable, settings, env, shared_dirs), sam) if s is not None]
            runs[env] = CheckovRun(env, settings, scans, [])
    if shared_dirs:
        scans = [_start_shared_root(executable, settings, shared_dir) for shared_dir in shared_dirs]
        runs[SHARED] = CheckovRun(SHARED, settings, scans, [])
    return runs


__all__ = [
    "CheckovResult",
    "CheckovRun",
    "find_checkov",
    "start_checkov",
    "start_checkov_runs",
    "findings_from_reports",
    "parse_json_documents",
    "PINNED_VERSION",
    "INSTALL_COMMAND",
]
