"""Self-asserting test cases, as semgrep's: annotations in the fixture say what must and must not fire.

Cases live in `tests/policies/cases/<RULE-ID>/<case>/`; each case is a directory laid out like a repo
(infra/terraform/..., sam/...). In its `.tf`, `.tfvars`, `template.yaml`, `samconfig.toml` (and uploaded
`.env`, `.ini`, `.sh`) files, a comment `# ruleid: NC-TAG-001` on the line before what must fire, and
`# ok: NC-TAG-001` before a near miss that must not. A case is judged only on the rule ids it annotates: the set of
(rule id, file, line) found for those ids must equal the set annotated (a missing finding and an extra one
both fail); other rules' findings there are ignored, and only the judged rules run. A case may annotate
several ids; it lives under one of them, and must judge the id of its folder.

An optional `fixture.yaml` in the case may set
- `envs`: the environments checked (default [prod]);
- `rules` and `findings`: for what a comment cannot mark (a missing file, a line-less document), the ids
  judged and their expected findings as "RULE-ID file:line" strings, added to the annotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from checker.model import Report
from checker.pipeline import run
from checker.runtime import open_runtime
from checker.settings import Settings

ANNOTATION = re.compile(r"#\s*(ruleid|ok)\s*:\s*([A-Z0-9_,\s-]+)")
# .env, .ini, .sh: files an aws_s3_object uploads (NC-SECRET-005), where a `#` comment is a comment too
ANNOTATED_SUFFIXES = {".tf", ".tfvars", ".yaml", ".yml", ".toml", ".env", ".ini", ".sh"}
EXPECTED_FINDING = re.compile(r"^(?P<rule>NC-[A-Z]+-\d+) (?P<file>\S+):(?P<line>\d+)$")

CASES = Path(__file__).parent / "cases"


@dataclass(frozen=True)
class Expectation:
    must: frozenset[tuple[str, str, int]]  # (rule id, file, line)
    must_not: frozenset[tuple[str, str, int]]
    judged: frozenset[str] = frozenset()  # rule ids named by fixture.yaml `rules`, beside the annotated ones

    @property
    def rules(self) -> frozenset[str]:
        return self.judged | {rule for rule, _, _ in self.must | self.must_not}


def read_annotations(case: Path) -> Expectation:
    must, must_not = set(), set()
    for path in sorted(case.rglob("*")):
        if path.suffix not in ANNOTATED_SUFFIXES or not path.is_file() or path.name == "fixture.yaml":
            continue
        relative = path.relative_to(case).as_posix()
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, text in enumerate(lines, start=1):
            match = ANNOTATION.search(text)
            if not match:
                continue
            target = _next_code_line(lines, number)
            for rule_id in re.split(r"[,\s]+", match.group(2).strip()):
                if rule_id:
                    (must if match.group(1) == "ruleid" else must_not).add((rule_id, relative, target))
    options = case_options(case)
    for text in options.get("findings", []):
        match = EXPECTED_FINDING.match(text)
        assert match, f"{case}/fixture.yaml: finding {text!r} is not 'RULE-ID file:line'"
        must.add((match["rule"], match["file"], int(match["line"])))
    return Expectation(frozenset(must), frozenset(must_not), frozenset(options.get("rules", [])))


def _next_code_line(lines: list[str], annotation_line: int) -> int:
    """The line the annotation stands for: the next one that is not itself an annotation."""
    for number in range(annotation_line + 1, len(lines) + 1):
        if not ANNOTATION.search(lines[number - 1]):
            return number
    return annotation_line + 1


def case_options(case: Path) -> dict:
    config = case / "fixture.yaml"
    return (yaml.safe_load(config.read_text(encoding="utf-8")) or {}) if config.exists() else {}


def all_cases() -> list[Path]:
    """Every case directory, `cases/<RULE-ID>/<case>`, in a stable order."""
    return sorted(case for folder in CASES.iterdir() if folder.is_dir() for case in folder.iterdir() if case.is_dir())


def cases_of(prefix: str) -> list[Path]:
    """The cases filed under rule ids starting with `prefix` (e.g. "NC-SECRET")."""
    return [case for case in all_cases() if case.parent.name.startswith(prefix)]


def case_id(case: Path) -> str:
    return f"{case.parent.name}/{case.name}"


def run_case(case: Path, rules: tuple[str, ...]) -> Report:
    settings = Settings(
        root=case,
        envs=tuple(case_options(case).get("envs", ["prod"])),
        checkov=False,
        enable=rules,
        cache_dir=None,
    )
    return run(settings, open_runtime(settings))


def assert_case(case: Path) -> None:
    expected = read_annotations(case)
    assert expected.rules, f"{case_id(case)} has no annotations"
    assert case.parent.name in expected.rules, f"{case_id(case)} does not judge {case.parent.name}, its folder"
    report = run_case(case, tuple(sorted(expected.rules)))
    errors = [str(d) for d in report.diagnostics if d.level == "error"]
    assert not errors, f"{case_id(case)}: input errors: {errors}"
    ran = {rule for result in report.results for rule in result.rules_run}
    assert expected.rules <= ran, f"{case_id(case)}: judged rules that did not run: {sorted(expected.rules - ran)}"
    judged = [f for f in report.findings if not f.suppressed and f.rule_id in expected.rules]
    relevant = {(f.rule_id, f.file, f.line) for f in judged}
    missing = expected.must - relevant
    extra = relevant - expected.must
    forbidden = relevant & expected.must_not
    messages = {(f.rule_id, f.file, f.line): f.message for f in report.findings}
    assert not missing and not extra and not forbidden, (
        f"{case_id(case)}:\n  missing (annotated, not found): {sorted(missing)}\n"
        f"  extra (found, not annotated): {[(k, messages.get(k)) for k in sorted(extra)]}\n"
        f"  fired on an `ok` line: {sorted(forbidden)}"
    )
