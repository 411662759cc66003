"""What one environment's resolution collects as it goes: diagnostics (each once), nodes, edges, the provider
configurations declared so far, and the chain of values being computed, so that a cycle among locals,
outputs and resources is reported, not followed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from checker.hcl.ast import FunctionCall, Literal, ObjectExpr
from checker.hcl.evaluate import Evaluation
from checker.model import Diagnostic, DiagnosticLevel, EdgeKind, Location, Node
from checker.terraform.config import Declared
from checker.terraform.sources import TerraformSources

if TYPE_CHECKING:
    from checker.terraform.module_instance import ModuleInstance
    from checker.terraform.tfvars import Setting

MAX_REFERENCE_DEPTH = 120

T = TypeVar("T")


@lru_cache(maxsize=65536)
def span(file: str, first: int, last: int | None = None) -> Location:
    """Locations are immutable and repeat a lot (one per attribute path): share them."""
    return Location(file, first, last if last is not None else first)


def written_key_spans(expr: object, path: str, file: str) -> dict[str, Location]:
    """Where each key an expression writes out is: an object's literal keys, those of the objects inside it,
    and those of the objects merge() combines (a later argument's key wins, as merge's does). A value found
    under such a key is then reported on the line that wrote it, not on the first line of the attribute."""
    spans: dict[str, Location] = {}
    if isinstance(expr, ObjectExpr):
        for key_expr, value_expr in expr.items:
            if isinstance(key_expr, Literal) and isinstance(key_expr.value, str):
                key_path = f"{path}.{key_expr.value}"
                spans[key_path] = span(file, key_expr.line, value_expr.line)
                spans.update(written_key_spans(value_expr, key_path, file))
    elif isinstance(expr, FunctionCall) and expr.name == "merge" and not expr.expand_final:
        for argument in expr.args:
            spans.update(written_key_spans(argument, path, file))
    return spans


class Cycle(Exception):
    """A value that needs itself (or a chain deeper than MAX_REFERENCE_DEPTH); already reported."""


class Session:
    def __init__(self, sources: TerraformSources, env: str) -> None:
        self.sources = sources
        self.env = env
        self.diagnostics: list[Diagnostic] = []
        self.seen_diagnostics: set[Diagnostic] = set()
        self.visiting: list[tuple[str, str, str]] = []
        self.nodes: dict[str, Node] = {}
        self.edges: set[tuple[str, str, EdgeKind]] = set()  # Edge objects are made once, at the end
        self.tfvars: dict[str, Setting] = {}
        self.providers: dict[str, tuple[ModuleInstance, Declared]] = {}

    def diagnose(
        self,
        file: str,
        line: int,
        message: str,
        code: str = "reference",
        level: DiagnosticLevel = DiagnosticLevel.ERROR,
    ) -> None:
        diagnostic = Diagnostic(file, line, message, level, code)
        if diagnostic not in self.seen_diagnostics:
            self.seen_diagnostics.add(diagnostic)
            self.diagnostics.append(diagnostic)

    def note_errors(self, evaluation: Evaluation, file: str, line: int) -> None:
        if not evaluation.errors:
            return
        for error in evaluation.errors:
            message = error.split(": ", 1)[1] if error.startswith("line ") and ": " in error else error
            self.diagnose(file, line, f"cannot evaluate: {message}", "evaluate", DiagnosticLevel.WARNING)

    def guarded(self, token: tuple[str, str, str], file: str, line: int, compute: Callable[[], T]) -> T:
        """Run compute unless token is already being computed (a cycle) or the chain is too deep."""
        if token in self.visiting:
            chain = " -> ".join(
                f"{t[0]}.{t[1]}{t[2]}" if t[0] else f"{t[1]}{t[2]}"
                for t in self.visiting[self.visiting.index(token) :] + [token]
            )
            self.diagnose(file, line, f"cycle: {chain}", "cycle")
            raise Cycle(chain)
        if len(self.visiting) >= MAX_REFERENCE_DEPTH:
            self.diagnose(file, line, f"references nested deeper than {MAX_REFERENCE_DEPTH} levels", "cycle")
            raise Cycle("too deep")
        self.visiting.append(token)
        try:
            return compute()
        finally:
            self.visiting.pop()

    def add_node(self, node: Node) -> None:
        self.nodes[node.id] = node

    def add_references(self, source: str, refs: Iterable[str], kind: EdgeKind = EdgeKind.REFERENCE) -> None:
        for target in refs:
            if target != source:
                self.edges.add((source, target, kind))
