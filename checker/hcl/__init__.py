"""HCL for notescheck: a tree-sitter based parser into our own syntax tree, and a static evaluator.

    parsed = parse_hcl(data, "infra/terraform/main.tf")      # never raises; parsed.errors are Diagnostics
    result = evaluate_traced(attribute.expr, scope)          # value + trace + refs + errors, never raises

Values are plain Python data (str, int, float, bool, None, list, dict) or checker.model.Unknown; a
Terraform set is a SetValue (a list, in Terraform's order).
A Scope resolves the names an expression uses (var., local., module., resources...) and reports
the evidence behind each value, which evaluate_traced collects in order.
"""

from checker.hcl.ast import PARSER_VERSION, Attribute, Block, Body, Expr, HclFile
from checker.hcl.evaluate import (
    DictScope,
    Evaluation,
    Resolution,
    Scope,
    evaluate,
    evaluate_traced,
    traversal_roots,
)
from checker.hcl.values import EvalError, SetValue

__all__ = [
    "PARSER_VERSION",
    "Attribute",
    "Block",
    "Body",
    "DictScope",
    "EvalError",
    "Evaluation",
    "Expr",
    "HclFile",
    "Resolution",
    "Scope",
    "SetValue",
    "evaluate",
    "evaluate_traced",
    "parse_hcl",
    "traversal_roots",
]


def __getattr__(name: str):
    """parse_hcl on first use: tree-sitter is loaded only when something is parsed (a warm run parses nothing)."""
    if name == "parse_hcl":
        from checker.hcl.parser import parse_hcl

        return parse_hcl
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
