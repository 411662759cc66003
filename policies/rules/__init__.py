"""The rule registry: one rule per module, found on disk, in a stable order.

Layout: `policies/rules/<family>/<module>.py`, where `<module>` is the rule id in lower case with `-` as
`_` (NC-TAG-001 -> `policies/rules/tags/nc_tag_001.py`). Each rule module defines, at module level,

    RULE = Rule(id="NC-TAG-001", family="tags", title=..., severity=..., spec_section=..., checklist=...,
                what=..., why=..., noncompliant=..., compliant=..., remediation=..., check=<its function>)

and nothing else that the registry reads. Helpers that several rules share live in `policies/lib/`; a helper
only one rule uses stays in that rule's module. Each family is a package (its `__init__.py` holds the
family's docstring and nothing else) listed in FAMILIES below, which fixes the catalog order: family
order, then rule id.

Adding a rule: write its module in its family's folder and its test cases in `tests/policies/cases/<ID>/`
(see tests/policies/_driver.py). Adding a family: add its folder here and to FAMILIES.

The registry fails loudly (RuleModuleError, exit 2) on a module that does not import, declares no RULE,
names another module's id or family, or repeats an id, and on a family folder missing from FAMILIES
(or listed but absent): a broken rule is never silently dropped from the catalog.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from policies.base import Rule
from policies.errors import RuleModuleError

# The catalog's family order (then rule id within a family).
FAMILIES = (
    "tags",
    "environments",
    "state_backend",
    "shared",
    "secrets",
    "limits",
    "ordering",
    "plan",
    "hosting",
    "documents",
    "reproducible",
    "cost",
    "suppressions",
    "tfstate",
)

# Where the families are looked for; tests point these at a package of their own.
PACKAGE = __name__
RULES_DIR = Path(__file__).parent


def module_name(rule_id: str) -> str:
    """The module a rule id lives in, within its family: NC-TAG-001 -> nc_tag_001."""
    return rule_id.lower().replace("-", "_")


def _where(family: str, module: str = "") -> str:
    relative = f"policies/rules/{family}"
    return f"{relative}/{module}.py" if module else f"{relative}/"


def family_rules(family: str) -> list[Rule]:
    """The rules of one family, in id order; every module of the family is imported and checked."""
    try:
        package = importlib.import_module(f"{PACKAGE}.{family}")
    except Exception as error:  # noqa: BLE001 - any failure to import is reported the same way
        raise RuleModuleError(_where(family), f"rule family {family!r} cannot be imported: {error}") from None
    rules: list[Rule] = []
    folder = RULES_DIR / family
    nested = sorted(p.parent.name for p in folder.glob("*/__init__.py"))
    if nested:
        problem = "a package inside a family: a family holds one module per rule"
        raise RuleModuleError(_where(family, nested[0]), problem)
    for module in sorted(p.stem for p in folder.glob("*.py") if p.name != "__init__.py"):
        name = f"{package.__name__}.{module}"
        where = _where(family, module)
        try:
            loaded = importlib.import_module(name)
        except Exception as error:  # noqa: BLE001 - a syntax error, a bad import, a crash at import time
            line = getattr(error, "lineno", None)
            at = f" (line {line})" if isinstance(line, int) else ""
            raise RuleModuleError(
                where, f"rule module {name} cannot be imported{at}: {type(error).__name__}: {error}"
            ) from None
        rule = getattr(loaded, "RULE", None)
        if not isinstance(rule, Rule):
            raise RuleModuleError(where, f"rule module {name} declares no rule (a module-level RULE = Rule(...))")
        if module_name(rule.id) != module:
            raise RuleModuleError(
                where, f"rule module {name} declares {rule.id}, which belongs in {module_name(rule.id)}.py"
            )
        if rule.family != family:
            raise RuleModuleError(where, f"{rule.id} says family {rule.family!r} but lives in {family}/")
        rules.append(rule)
    return sorted(rules, key=lambda r: r.id)


def all_rules() -> list[Rule]:
    """Every rule, family by family (FAMILIES order), then by id."""
    present = {p.parent.name for p in RULES_DIR.glob("*/__init__.py")}
    unlisted = sorted(present - set(FAMILIES))
    if unlisted:
        raise RuleModuleError(_where(unlisted[0]), "a rule family folder not listed in policies.rules.FAMILIES")
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for family in FAMILIES:
        if family not in present:
            raise RuleModuleError(_where(family), "rule family listed in policies.rules.FAMILIES has no folder")
        for rule in family_rules(family):
            if rule.id in seen:
                raise RuleModuleError(
                    _where(family, module_name(rule.id)), f"{rule.id} is declared twice (also in {seen[rule.id]})"
                )
            seen[rule.id] = _where(family, module_name(rule.id))
            rules.append(rule)
    return rules
