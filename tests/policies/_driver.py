"""Self-asserting fixtures, as semgrep's: annotations in the fixture say what must and must not fire.

In a fixture `.tf`, `.tfvars`, `template.yaml` or `samconfig.toml`, a comment `# ruleid: NC-TAG-001` on the
line before what must fire, and `# ok: NC-TAG-001` before a near miss that must not. The set of
(rule id, file, line) found must equal the set annotated: a missing finding and an extra one both fail.

A fixture is a directory laid out like a repo (infra/terraform/..., sam/...). An optional `fixture.yaml`
beside it may set `envs` (default [prod]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from checker.pipeline import run
from checker.settings import Settings

ANNOTATION = re.compile(r"#\s*(ruleid|ok)\s*:\s*([A-Z0-9_,\s-]+)")
ANNOTATED_SUFFIXES = {".tf", ".tfvars", ".yaml", ".yml", ".toml"}

FIXTURES = Path(__file__).parent


@dataclass(frozen=True)
class Expectation:
    must: frozenset[tuple[str, str, int]]  # (rule id, file, line)
    must_not: frozenset[tuple[str, str, int]]


def read_annotations(case: Path) -> Expectation:
    must, must_not = set(), set()
    for path in sorted(case.rglob("*")):
        if path.suffix not in ANNOTATED_SUFFIXES or not path.is_file():
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
    return Expectation(frozenset(must), frozenset(must_not))


def _next_code_line(lines: list[str], annotation_line: int) -> int:
    """The line the annotation stands for: the next one that is not itself an annotation."""
    for number in range(annotation_line + 1, len(lines) + 1):
        if not ANNOTATION.search(lines[number - 1]):
            return number
    return annotation_line + 1


def fixture_cases(family_dir: str) -> list[Path]:
    base = FIXTURES / family_dir
    return sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []


def run_case(case: Path, rule_prefixes: tuple[str, ...]):
    options = {}
    config = case / "fixture.yaml"
    if config.exists():
        options = yaml.safe_load(config.read_text()) or {}
    settings = Settings(
        root=case,
        envs=tuple(options.get("envs", ["prod"])),
        checkov=False,
        enable=rule_prefixes,
        cache_dir=None,
    )
    return run(settings)


def assert_fixture(case: Path, rule_prefixes: tuple[str, ...]) -> None:
    expected = read_annotations(case)
    assert expected.must or expected.must_not, f"{case} has no annotations"
    report = run_case(case, rule_prefixes)
    errors = [str(d) for d in report.diagnostics if d.level == "error"]
    assert not errors, f"{case.name}: input errors: {errors}"
    found = {(f.rule_id, f.file, f.line) for f in report.findings if not f.suppressed}
    annotated_rules = {rule for rule, _, _ in expected.must | expected.must_not}
    relevant = {item for item in found if item[0] in annotated_rules or item[0].startswith(rule_prefixes)}
    missing = expected.must - relevant
    extra = relevant - expected.must
    forbidden = relevant & expected.must_not
    messages = {(f.rule_id, f.file, f.line): f.message for f in report.findings}
    assert not missing and not extra and not forbidden, (
        f"{case.name}:\n  missing (annotated, not found): {sorted(missing)}\n"
        f"  extra (found, not annotated): {[(k, messages.get(k)) for k in sorted(extra)]}\n"
        f"  fired on an `ok` line: {sorted(forbidden)}"
    )


REPO_ROOT = Path(__file__).resolve().parents[2]


def repo_findings(rule_prefixes: tuple[str, ...], envs: tuple[str, ...] = ("dev", "staging", "prod")) -> list[str]:
    """Unsuppressed findings (and input errors) of the repo's own infra for these rules: we eat our own cooking."""
    report = run(Settings(root=REPO_ROOT, envs=envs, checkov=False, enable=rule_prefixes, cache_dir=None))
    problems = [str(d) for d in report.diagnostics if d.level == "error"]
    problems += [f"{f.env} {f.file}:{f.line} {f.rule_id} {f.message}" for f in report.findings if not f.suppressed]
    return problems
