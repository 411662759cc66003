"""Errors of policies/ that stop a run with exit 2: its data or its rule modules are broken."""

from __future__ import annotations


class PolicyDataError(ValueError):
    """A data file of policies/ breaks its schema, or a rule module is broken: the rules cannot run."""

    def __init__(self, file: str, problem: str):
        super().__init__(f"{file}: {problem}")
        self.file = file
        self.problem = problem


class RuleModuleError(PolicyDataError):
    """A module under policies/rules/ does not import, declares no rule, or repeats another's id."""
