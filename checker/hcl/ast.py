"""Our own HCL syntax tree: frozen, picklable dataclasses with 1-based line spans.

Expressions keep the first line they start on; bodies, blocks and attributes keep line and end_line,
so every value the checker reports can point at the line that wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.model import Diagnostic


@dataclass(frozen=True, slots=True)
class Expr:
    line: int


@dataclass(frozen=True, slots=True)
class Literal(Expr):
    value: Any  # str, int, float, bool or None


@dataclass(frozen=True, slots=True)
class TemplateIf:
    condition: Expr
    then_parts: tuple
    else_parts: tuple


@dataclass(frozen=True, slots=True)
class TemplateFor:
    key_var: str | None
    value_var: str
    collection: Expr
    parts: tuple


@dataclass(frozen=True, slots=True)
class TemplateExpr(Expr):
    """A quoted string or heredoc with interpolations; parts are str | Expr | TemplateIf | TemplateFor."""

    parts: tuple


@dataclass(frozen=True, slots=True)
class Variable(Expr):
    name: str


@dataclass(frozen=True, slots=True)
class GetAttr:
    name: str


@dataclass(frozen=True, slots=True)
class Index:
    key: Expr


@dataclass(frozen=True, slots=True)
class Splat:
    """`[*]` (full) or `.*` (attribute-only); `steps` apply to every element."""

    full: bool
    steps: tuple


@dataclass(frozen=True, slots=True)
class Traversal(Expr):
    """`source` followed by attribute, index and splat steps; a ScopeTraversal when source is a Variable."""

    source: Expr
    steps: tuple

    @property
    def root_name(self) -> str | None:
        return self.source.name if isinstance(self.source, Variable) else None


@dataclass(frozen=True, slots=True)
class FunctionCall(Expr):
    name: str
    args: tuple
    expand_final: bool = False


@dataclass(frozen=True, slots=True)
class Conditional(Expr):
    condition: Expr
    then_expr: Expr
    else_expr: Expr


@dataclass(frozen=True, slots=True)
class BinaryOp(Expr):
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class UnaryOp(Expr):
    op: str
    operand: Expr


@dataclass(frozen=True, slots=True)
class TupleExpr(Expr):
    items: tuple


@dataclass(frozen=True, slots=True)
class ObjectExpr(Expr):
    """items are (key expression, value expression); a bare identifier key is a Literal string."""

    items: tuple


@dataclass(frozen=True, slots=True)
class ForExpr(Expr):
    key_var: str | None
    value_var: str
    collection: Expr
    key_expr: Expr | None  # None for a tuple ([for ...]) result
    value_expr: Expr
    condition: Expr | None
    grouping: bool = False


@dataclass(frozen=True, slots=True)
class Paren(Expr):
    expr: Expr


@dataclass(frozen=True, slots=True)
class Invalid(Expr):
    """Syntax that could not be understood; it evaluates to Unknown."""

    message: str


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str
    expr: Expr
    line: int
    end_line: int
    source: str  # the expression as written, for evidence and `type = ...` texts


@dataclass(frozen=True, slots=True)
class Body:
    attributes: tuple[Attribute, ...]
    blocks: tuple[Block, ...]

    def attribute(self, name: str) -> Attribute | None:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None

    def blocks_of(self, block_type: str) -> list[Block]:
        return [b for b in self.blocks if b.type == block_type]


@dataclass(frozen=True, slots=True)
class Block:
    type: str
    labels: tuple[str, ...]
    body: Body
    line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class HclFile:
    path: str
    body: Body
    comments: tuple[tuple[int, str], ...] = ()
    errors: tuple[Diagnostic, ...] = ()


EMPTY_BODY = Body((), ())
