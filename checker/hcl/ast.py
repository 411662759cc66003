"""Our own HCL syntax tree: hashable, picklable dataclasses with 1-based line spans.

Expressions keep the first line they start on; bodies, blocks and attributes keep line and end_line,
so every value the checker reports can point at the line that wrote it.

Nodes are never changed after the parser builds them (the parse cache and the parser share them between
trees), but they are not `frozen`: a frozen dataclass sets each field through object.__setattr__, which
made building the ~60,000 nodes of the 1,000-resource benchmark tree ~80 ms slower.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, dataclass_transform

from checker.model import Diagnostic
from checker.records import record

PARSER_VERSION = "notescheck-hcl-7"  # bump when the syntax tree or the parser changes: it keys the parse cache


class Syntax:
    """Base of every node. A node pickles as `cls(*fields)`, so parse-cache hits load ~2x faster."""

    __slots__ = ()
    if TYPE_CHECKING:

        @staticmethod
        def _record_values(node: Any) -> tuple[Any, ...]: ...  # the fields' getter, which `record` attaches

    def __reduce__(self):
        return (type(self), self._record_values(self))


@dataclass_transform()
def _node(cls):
    """A slotted record (dataclass's fast `__init__`); hashable although not frozen, see the module docstring."""
    return record(slots=True, unsafe_hash=True)(cls)


@_node
class Expr(Syntax):
    """Base of every expression: the line it starts on."""

    line: int


@_node
class Literal(Expr):
    """A string, number, bool or null written as such."""

    value: Any  # str, int, float, bool or None


@_node
class TemplateIf(Syntax):
    """`%{ if cond }...%{ else }...%{ endif }` inside a template."""

    condition: Expr
    then_parts: tuple
    else_parts: tuple


@_node
class TemplateFor(Syntax):
    """`%{ for k, v in coll }...%{ endfor }` inside a template."""

    key_var: str | None
    value_var: str
    collection: Expr
    parts: tuple


@_node
class TemplateExpr(Expr):
    """A quoted string or heredoc with interpolations; parts are str | Expr | TemplateIf | TemplateFor."""

    parts: tuple


@_node
class Variable(Expr):
    """A bare name: the root of a reference (`var`, `local`, `module`, a resource type, `each`...)."""

    name: str


@_node
class GetAttr(Syntax):
    """A `.name` step of a traversal."""

    name: str


@_node
class Index(Syntax):
    """A `[key]` step of a traversal."""

    key: Expr


@_node
class Splat(Syntax):
    """`[*]` (full) or `.*` (attribute-only); `steps` apply to every element."""

    full: bool
    steps: tuple


@_node
class Traversal(Expr):
    """`source` followed by attribute, index and splat steps; a ScopeTraversal when source is a Variable."""

    source: Expr
    steps: tuple

    @property
    def root_name(self) -> str | None:
        return self.source.name if isinstance(self.source, Variable) else None


@_node
class FunctionCall(Expr):
    """`name(args...)`; expand_final when the last argument is followed by `...`."""

    name: str
    args: tuple
    expand_final: bool = False


@_node
class Conditional(Expr):
    """`condition ? then_expr : else_expr`."""

    condition: Expr
    then_expr: Expr
    else_expr: Expr


@_node
class BinaryOp(Expr):
    """`left op right` for arithmetic, comparison and logic operators."""

    op: str
    left: Expr
    right: Expr


@_node
class UnaryOp(Expr):
    """`-operand` or `!operand`."""

    op: str
    operand: Expr


@_node
class TupleExpr(Expr):
    """`[a, b, ...]`."""

    items: tuple


@_node
class ObjectExpr(Expr):
    """items are (key expression, value expression); a bare identifier key is a Literal string."""

    items: tuple


@_node
class ForExpr(Expr):
    """`[for k, v in coll : value if cond]`, or with key_expr `{for ... : key => value}` (grouping with `...`)."""

    key_var: str | None
    value_var: str
    collection: Expr
    key_expr: Expr | None  # None for a tuple ([for ...]) result
    value_expr: Expr
    condition: Expr | None
    grouping: bool = False


@_node
class Paren(Expr):
    """`(expr)`, kept so that traversals after it apply to the whole expression."""

    expr: Expr


@_node
class Invalid(Expr):
    """Syntax that could not be understood; it evaluates to Unknown."""

    message: str


@_node
class Attribute(Syntax):
    """`name = expr` in a body, with the source text of the value for evidence."""

    name: str
    expr: Expr
    line: int
    end_line: int
    source: str  # the expression as written, for evidence and `type = ...` texts
    file: str | None = None  # set where an override file merged it into another file's block


@_node
class Body(Syntax):
    """The attributes and nested blocks between a block's braces (or of a whole file)."""

    attributes: tuple[Attribute, ...]
    blocks: tuple[Block, ...]

    def attribute(self, name: str) -> Attribute | None:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None

    def blocks_of(self, block_type: str) -> list[Block]:
        return [b for b in self.blocks if b.type == block_type]


@_node
class Block(Syntax):
    """`type "label" ... { body }`."""

    type: str
    labels: tuple[str, ...]
    body: Body
    line: int
    end_line: int
    file: str | None = None  # set where an override file merged it into another file's block


@_node
class HclFile(Syntax):
    """One parsed file: its top-level body, its comments by line, and its parse errors."""

    path: str
    body: Body
    comments: tuple[tuple[int, str], ...] = ()
    errors: tuple[Diagnostic, ...] = ()


EMPTY_BODY = Body((), ())
