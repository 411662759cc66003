"""HCL for notescheck: a tree-sitter based parser into our own syntax tree, and a static evaluator."""

from checker.hcl.ast import Attribute, Block, Body, Expr, HclFile
from checker.hcl.evaluate import DictScope, Evaluation, Resolution, Scope, evaluate, evaluate_traced
from checker.hcl.parser import PARSER_VERSION, parse_hcl
from checker.hcl.values import EvalError

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
    "evaluate",
    "evaluate_traced",
    "parse_hcl",
]
