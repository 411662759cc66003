"""Plain data passed between the pipeline's stages: load -> graph -> evaluate -> report.

Every stage takes and returns these records (dataclasses, see checker.records) and named tuples; none
keeps global state.
"""

from __future__ import annotations

import json
from dataclasses import field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from checker.records import record

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # typing's own from Python 3.13


class Severity(StrEnum):
    """Ordered from most to least severe; `--severity` gates at or above a level."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    def at_least(self, threshold: Severity) -> bool:
        return self.rank <= threshold.rank


@record(frozen=True)
class Unknown:
    """A value that cannot be known before apply (a resource id, a data source, an unset variable).

    Rules must never treat it as compliant or as a violation: they report that it is unknown.
    """

    reason: str = "not known until apply"
    # The literal parts of a partially known string, in order (`arn:...:${account}:table/notes-staging-notes`
    # keeps "arn:..." and ":table/notes-staging-notes"): what a rule can still read in it. Not compared.
    known: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return f"(unknown: {self.reason})"

    def __deepcopy__(self, memo: dict) -> Unknown:
        return self  # immutable: resolved values holding it are copied often, it need not be


def is_unknown(value: Any) -> TypeIs[Unknown]:
    return isinstance(value, Unknown)


# Where a value known only after apply sits in the JSON text of a partly known jsonencode(): the known
# fragments of that Unknown are the text around these holes (a character of Unicode's private use area).
JSON_HOLE = "\ue000"


def partly_known_json(value: Unknown) -> Any:
    """What the JSON text of a partly known jsonencode() decodes to, each value known only after apply an
    Unknown in its place (a string known in part keeps its known parts); None when the known fragments are not
    such a text (an ARN, a template)."""
    text = JSON_HOLE.join(value.known)
    if JSON_HOLE not in text or not text.startswith(("{", "[")):
        return None
    try:
        decoded = json.loads(text)
    except ValueError:
        return None

    def restored(item: Any) -> Any:
        if isinstance(item, str) and JSON_HOLE in item:
            return Unknown(value.reason, tuple(part for part in item.split(JSON_HOLE) if part))
        if isinstance(item, dict):
            return {key: restored(inner) for key, inner in item.items()}
        if isinstance(item, list):
            return [restored(inner) for inner in item]
        return item

    return restored(decoded)


def with_default_tags(defaults: dict[str, Any] | Unknown, own: Any) -> dict[str, Any] | Unknown:
    """A Terraform resource's tags as the AWS provider applies them: its provider's `default_tags`, overridden
    key by key by its own `tags`; unknown when either is. Shared by the resolver and the plan reader."""
    if isinstance(defaults, Unknown):
        return defaults
    if isinstance(own, Unknown):
        return own
    merged = dict(defaults)
    if isinstance(own, dict):
        merged.update(own)
    return merged


class Location(NamedTuple):
    """A span in a source file. `file` is a POSIX path relative to the working directory.

    A named tuple, like Edge: a graph holds one per written attribute.
    """

    file: str
    line: int
    end_line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class NodeKind(StrEnum):
    RESOURCE = "resource"
    DATA = "data"
    MODULE = "module"
    VARIABLE = "variable"
    LOCAL = "local"
    OUTPUT = "output"
    BACKEND = "backend"
    PROVIDER = "provider"
    TERRAFORM = "terraform"  # the `terraform {}` settings block (required_version, providers)
    SAM_RESOURCE = "sam_resource"
    SAM_PARAMETER = "sam_parameter"
    SAM_OUTPUT = "sam_output"
    SAM_TEMPLATE = "sam_template"  # the template itself: Transform, Globals
    DOCUMENT = "document"  # a required document (runbook, IAM matrix)


class Tool(StrEnum):
    TERRAFORM = "terraform"
    SAM = "sam"
    DOCS = "docs"


@record
class Node:
    """One thing in the environment's graph, with values already resolved for that environment.

    `values` holds resolved attribute values as plain Python data: str, int, float, bool, None,
    list, dict, or `Unknown`. Terraform nested blocks are lists of dicts (as in `terraform show -json`),
    e.g. values["point_in_time_recovery"] == [{"enabled": True}].

    `spans` maps a dotted path ("tags", "point_in_time_recovery.0.enabled", "Properties.MemorySize")
    to where it is written; `traces` maps the same paths to the chain of evidence behind the value,
    e.g. ("envs/prod.tfvars:4 lambda_memory = 256", "var.lambda_memory", "module.compute.memory_size").
    """

    id: str  # unique in the graph: "tf:module.database.aws_dynamodb_table.notes", "sam:NotesFunction"
    address: str  # what users see: "module.database.aws_dynamodb_table.notes", "NotesFunction"
    kind: NodeKind
    tool: Tool
    type: str = ""  # "aws_s3_bucket", "AWS::Serverless::Function"; "" where not applicable
    name: str = ""
    module: str = ""  # module instance path, "" for the root: "module.database"
    loc: Location = field(default_factory=lambda: Location("", 0, 0))
    values: dict[str, Any] = field(default_factory=dict)
    spans: dict[str, Location] = field(default_factory=dict)
    traces: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tags: dict[str, Any] | Unknown | None = None  # effective tags; None where the type is not taggable
    meta: dict[str, Any] = field(default_factory=dict)  # kind-specific: source, sensitive, validation...

    def get(self, path: str, default: Any = None) -> Any:
        """Value at a dotted path; list indexes are numbers ("viewer_certificate.0.minimum_protocol_version")."""
        current: Any = self.values
        for part in path.split("."):
            if isinstance(current, dict):
                if part not in current:
                    return default
                current = current[part]
            elif isinstance(current, list) and part.isdigit():
                index = int(part)
                if index >= len(current):
                    return default
                current = current[index]
            elif isinstance(current, Unknown):
                return current
            else:
                return default
        return current

    def sort_key(self) -> tuple[str, int, int, str]:
        """Where the node is written, then its id: the order rules visit nodes in (a plain tuple, which
        sorts in C; comparing Location dataclasses went through Python and cost 0.2 s on 10,000 nodes)."""
        return (self.loc.file, self.loc.line, self.loc.end_line, self.id)

    def location_of(self, path: str) -> Location:
        """The most precise known location for a path: the path itself, else its nearest parent, else the node."""
        parts = path.split(".")
        while parts:
            span = self.spans.get(".".join(parts))
            if span is not None:
                return span
            parts.pop()
        return self.loc

    def trace_of(self, path: str) -> tuple[str, ...]:
        parts = path.split(".")
        while parts:
            trace = self.traces.get(".".join(parts))
            if trace:
                return trace
            parts.pop()
        return ()


class EdgeKind(StrEnum):
    REFERENCE = "reference"  # an expression refers to another node
    DEPENDS_ON = "depends_on"
    MODULE_INPUT = "module_input"  # module call argument -> module variable
    MODULE_OUTPUT = "module_output"  # module output -> module call
    CONTAINS = "contains"  # module call -> node inside it
    CROSS_TOOL = "cross_tool"  # SAM parameter <- Terraform output (samconfig or SSM)


class Edge(NamedTuple):
    """`source` uses or depends on `target` (source -> target, as Terraform's graph reads).

    A named tuple rather than a record: a graph holds thousands, built, hashed and sorted in C.
    """

    source: str
    target: str
    kind: EdgeKind


class DiagnosticLevel(StrEnum):
    ERROR = "error"  # input that could not be read or understood: the run exits 2
    WARNING = "warning"  # understood, but something deserves a look (a remote module not fetched)


@record(frozen=True, order=True)
class Diagnostic:
    """A problem with the input rather than with the infrastructure."""

    file: str
    line: int
    message: str
    level: DiagnosticLevel = DiagnosticLevel.ERROR
    code: str = "input"  # parse, read, size, cycle, reference, config, checkov...

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.level}: {self.message}"


@record
class Graph:
    """One environment's resource graph across Terraform and SAM."""

    env: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: set[Edge] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    root: str = "."  # the working directory all file paths are relative to
    _index: tuple | None = field(default=None, init=False, repr=False, compare=False)
    _index_stamp: tuple = field(default=(), init=False, repr=False, compare=False)

    def add(self, node: Node) -> None:
        self.nodes[node.id] = node

    def of_kind(self, *kinds: NodeKind) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind in kinds]

    def resources(self, *types: str, tool: Tool | None = None) -> list[Node]:
        """Terraform resources and SAM resources, optionally filtered by type and tool."""
        kinds = (NodeKind.RESOURCE, NodeKind.SAM_RESOURCE)
        return [
            n
            for n in self.nodes.values()
            if n.kind in kinds and (not types or n.type in types) and (tool is None or n.tool == tool)
        ]

    def edges_from(self, node_id: str) -> list[Edge]:
        return list(self._adjacency()[0].get(node_id, ()))

    def edges_to(self, node_id: str) -> list[Edge]:
        return list(self._adjacency()[1].get(node_id, ()))

    def _adjacency(self) -> tuple[dict[str, list[Edge]], dict[str, list[Edge]]]:
        """Edges by source and by target, sorted; built once per edge set (scanning every edge on each call
        made rules that follow edges quadratic). Rebuilt whenever `edges` is replaced or changes size."""
        stamp = (id(self.edges), len(self.edges))
        if self._index is None or self._index_stamp != stamp:
            by_source: dict[str, list[Edge]] = {}
            by_target: dict[str, list[Edge]] = {}
            for edge in sorted(self.edges, key=lambda e: (e.source, e.target, e.kind)):
                by_source.setdefault(edge.source, []).append(edge)
                by_target.setdefault(edge.target, []).append(edge)
            self._index = (by_source, by_target)
            self._index_stamp = stamp
        return self._index


@record(frozen=True)
class Finding:
    """One violation, from our rules or from Checkov, ready for every output format."""

    rule_id: str
    severity: Severity
    source: str  # "notescheck" | "checkov"
    env: str
    file: str
    line: int
    end_line: int
    resource: str
    message: str
    title: str = ""
    evidence: tuple[str, ...] = ()
    remediation: str = ""
    help_uri: str = ""
    suppressed: bool = False
    suppression_reason: str = ""
    suppression_kind: str = ""  # "inline" | "waiver" | ""
    instances: tuple[str, ...] = ()  # module instances the same finding stands for
    # Secret values the rule found: checker.report.common.masked_report masks each wherever it appears in
    # any finding or diagnostic, then drops them, so no format receives them.
    secrets: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def sort_key(self) -> tuple:
        return (self.env, self.file, self.line, self.rule_id, self.resource, self.message)


@record(frozen=True)
class ChecklistAnswer:
    """One review-checklist question and whether this environment's findings answer it yes."""

    question: str
    ok: bool
    rules: tuple[str, ...]
    failing_rules: tuple[str, ...] = ()


@record(frozen=True)
class ModuleCall:
    """A module call of the root module and the layer of section 6 it belongs to ("" for none)."""

    name: str
    layer: str
    file: str = ""
    line: int = 0


@record(frozen=True)
class ModuleLink:
    """Module `user` reads module `used` (outputs or depends_on); `backward` when `used` is in a later layer."""

    user: str
    used: str
    backward: bool = False


@record(frozen=True)
class ModuleGraph:
    """The root module's calls in the spec's layer order, as plain data for the reports (no policy objects)."""

    layers: tuple[str, ...] = ()
    modules: tuple[ModuleCall, ...] = ()
    links: tuple[ModuleLink, ...] = ()


@record
class EnvResult:
    """What one environment's run found, which rules ran on it, how many resources its graph holds and each
    rule checked, and its module graph (for the HTML report's picture)."""

    env: str
    findings: list[Finding] = field(default_factory=list)
    checklist: list[ChecklistAnswer] = field(default_factory=list)
    rules_run: tuple[str, ...] = ()
    resources_checked: int = 0
    checks: dict[str, int] = field(default_factory=dict)  # our graph rules: how many resources each checked
    modules: ModuleGraph = field(default_factory=ModuleGraph)


@record
class Report:
    """Everything a formatter needs; formatters read this and nothing else."""

    results: list[EnvResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rules: list[Any] = field(default_factory=list)  # policies.base.Rule, for docs/help in outputs
    checklist: dict[str, str] = field(default_factory=dict)  # the spec's review checklist: key -> question
    tool_version: str = ""
    checkov_version: str = ""

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for r in self.results for f in r.findings), key=Finding.sort_key)

    @property
    def has_input_errors(self) -> bool:
        return any(d.level == DiagnosticLevel.ERROR for d in self.diagnostics)


@record
class GraphPart:
    """What one loader contributes to an environment's graph."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
