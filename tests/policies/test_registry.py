"""The registry finds every rule module and refuses, by name, one that is broken (never a silent drop)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import policies.rules as registry
from checker.cli import main
from policies import RuleModuleError, all_rules

GOOD_RULE = '''
from checker.model import Severity
from policies.base import Rule


def check(graph, ctx):
    return ()


RULE = Rule(
    id="{id}", family="{family}", title="t", severity=Severity.LOW, spec_section="s", checklist="review",
    what="w", why="y", noncompliant="n", compliant="c", remediation="r", check=check,
)
'''


@pytest.fixture
def rules_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A package of rule families of the test's own, in place of policies.rules; returns a writer."""
    name = f"fake_rules_{tmp_path.name.replace('-', '_')}"
    root = tmp_path / name
    root.mkdir()
    (root / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "PACKAGE", name)
    monkeypatch.setattr(registry, "RULES_DIR", root)
    monkeypatch.setattr(registry, "FAMILIES", ("alpha", "beta"))
    for family in ("alpha", "beta"):
        (root / family).mkdir()
        (root / family / "__init__.py").write_text("")

    def write(family: str, module: str, text: str) -> None:
        (root / family / f"{module}.py").write_text(text)

    yield write
    for module in [m for m in sys.modules if m.startswith(name)]:
        del sys.modules[module]


def test_the_catalog_is_in_family_then_id_order() -> None:
    rules = all_rules()
    families = list(dict.fromkeys(r.family for r in rules))
    assert families == list(registry.FAMILIES)
    for family in families:
        ids = [r.id for r in rules if r.family == family]
        assert ids == sorted(ids)
    assert len({r.id for r in rules}) == len(rules) == 62


def test_every_rule_module_is_named_after_its_id() -> None:
    for rule in all_rules():
        assert (registry.RULES_DIR / rule.family / f"{registry.module_name(rule.id)}.py").is_file()


def test_family_order_then_id_in_a_package_of_its_own(rules_package) -> None:
    rules_package("beta", "nc_b_001", GOOD_RULE.format(id="NC-B-001", family="beta"))
    rules_package("alpha", "nc_a_002", GOOD_RULE.format(id="NC-A-002", family="alpha"))
    rules_package("alpha", "nc_a_001", GOOD_RULE.format(id="NC-A-001", family="alpha"))
    assert [r.id for r in all_rules()] == ["NC-A-001", "NC-A-002", "NC-B-001"]


@pytest.mark.parametrize(
    ("module", "text", "problem"),
    [
        ("nc_a_001", "def broken(:\n", "cannot be imported (line 1): SyntaxError"),
        ("nc_a_001", "import no_such_module_anywhere\n", "cannot be imported: ModuleNotFoundError"),
        ("nc_a_001", "raise RuntimeError('boom')\n", "cannot be imported: RuntimeError: boom"),
        ("nc_a_001", "HELPER = 1\n", "declares no rule"),
        ("nc_a_001", GOOD_RULE.format(id="NC-A-002", family="alpha"), "belongs in nc_a_002.py"),
        ("nc_a_001", GOOD_RULE.format(id="NC-A-001", family="beta"), "says family 'beta'"),
    ],
)
def test_a_broken_rule_module_is_refused_by_name(rules_package, module: str, text: str, problem: str) -> None:
    rules_package("alpha", module, text)
    with pytest.raises(RuleModuleError) as raised:
        all_rules()
    assert raised.value.file == f"policies/rules/alpha/{module}.py"
    assert problem in raised.value.problem


def test_an_id_declared_in_two_families_is_refused(rules_package) -> None:
    rules_package("alpha", "nc_x_001", GOOD_RULE.format(id="NC-X-001", family="alpha"))
    rules_package("beta", "nc_x_001", GOOD_RULE.format(id="NC-X-001", family="beta"))
    with pytest.raises(RuleModuleError, match="declared twice"):
        all_rules()


def test_a_family_folder_not_listed_is_refused(rules_package, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "FAMILIES", ("alpha",))
    with pytest.raises(RuleModuleError, match="not listed") as raised:
        all_rules()
    assert raised.value.file == "policies/rules/beta/"


def test_a_listed_family_without_a_folder_is_refused(rules_package, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "FAMILIES", ("alpha", "beta", "gamma"))
    with pytest.raises(RuleModuleError, match="has no folder"):
        all_rules()


def test_a_run_with_a_broken_rule_module_exits_2_naming_it(
    rules_package, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules_package("alpha", "nc_a_001", "def broken(:\n")
    (tmp_path / "sam").mkdir()
    (tmp_path / "sam" / "template.yaml").write_text("Resources: {}\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--no-checkov", "--no-cache"])
    assert result.exit_code == 2, result.output
    assert "policies/rules/alpha/nc_a_001.py" in result.output


def test_a_package_inside_a_family_is_refused(rules_package, tmp_path: Path) -> None:
    nested = next(tmp_path.glob("fake_rules_*")) / "alpha" / "more"
    nested.mkdir()
    (nested / "__init__.py").write_text("")
    with pytest.raises(RuleModuleError, match="one module per rule"):
        all_rules()
