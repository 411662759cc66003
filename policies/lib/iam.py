"""Shared helpers of the rules."""


from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import field
from typing import Any, NamedTuple

from checker.model import Graph, Node, Unknown, is_unknown, partly_known_json
from checker.records import record


@record(frozen=True)
class Statement:
    """One IAM policy statement, the same whether it came from JSON or from an aws_iam_policy_document."""

    effect: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    principals: tuple[tuple[str, Any], ...]  # (type, identifier): ("AWS", "*"), ("Service", "cloudfront...")
    conditions: tuple[tuple[str, str, tuple[Any, ...]], ...]  # (operator, key, values)
    sid: str = ""
    not_resources: tuple[str, ...] = field(default=())
    # NotAction: every action but these (an Allow with NotAction grants everything else).
    not_actions: tuple[str, ...] = field(default=())
    # NotPrincipal (resource policies): every principal but these, as (type, identifier).
    not_principals: tuple[tuple[str, Any], ...] = field(default=())

    @property
    def has_principal(self) -> bool:
        """A resource-policy statement: it names a Principal or a NotPrincipal."""
        return bool(self.principals or self.not_principals)

    def grants_action(self, action: str) -> bool:
        """The statement's Action (or NotAction: everything it does not list) covers the action."""
        if self.not_actions and not self.actions:
            return not any(action_matches(pattern, action) for pattern in self.not_actions)
        return any(action_matches(pattern, action) for pattern in self.actions)

    @property
    def unknown_action(self) -> bool:
        """Some action or excluded action cannot be known statically."""
        return any(is_unknown(a) for a in (*self.actions, *self.not_actions))

    def condition_keys(self) -> set[str]:
        return {str(key).lower() for _, key, _ in self.conditions}


def as_tuple(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(value)
    return (value,)


def _json_principals(principal: Any) -> tuple[tuple[str, Any], ...]:
    if principal is None:
        return ()
    if not isinstance(principal, dict):
        return (("*", principal),)
    return tuple((kind, identifier) for kind, ids in principal.items() for identifier in as_tuple(ids))


def statements_from_json(document: Any) -> list[Statement]:
    """Statements of a policy given as a JSON string or an already decoded dict (jsonencode)."""
    if isinstance(document, str):
        document = json.loads(document)
    if not isinstance(document, dict):
        raise ValueError("a policy document must be a JSON object")
    statements = []
    for raw in as_tuple(document.get("Statement")):
        if not isinstance(raw, dict):
            continue
        conditions: list[tuple[str, str, tuple[Any, ...]]] = []
        for operator, entries in (raw.get("Condition") or {}).items():
            if isinstance(entries, dict):
                conditions.extend((operator, key, as_tuple(values)) for key, values in entries.items())
        statements.append(
            Statement(
                effect=str(raw.get("Effect", "Allow")),
                actions=as_tuple(raw.get("Action")),
                resources=as_tuple(raw.get("Resource")),
                not_resources=as_tuple(raw.get("NotResource")),
                not_actions=as_tuple(raw.get("NotAction")),
                principals=_json_principals(raw.get("Principal")),
                not_principals=_json_principals(raw.get("NotPrincipal")),
                conditions=tuple(conditions),
                sid=str(raw.get("Sid", "")),
            )
        )
    return statements


def _block_principals(blocks: Any) -> tuple[tuple[str, Any], ...]:
    """`principals { type, identifiers }` blocks of an aws_iam_policy_document statement."""
    return tuple(
        (p.get("type", ""), identifier)
        for p in as_tuple(blocks)
        if isinstance(p, dict)
        for identifier in as_tuple(p.get("identifiers"))
    )


def statements_from_document_node(node: Node) -> list[Statement]:
    """Statements of a `data "aws_iam_policy_document"` node (statement blocks, as in `terraform show -json`)."""
    statements = []
    for raw in as_tuple(node.get("statement")):
        if not isinstance(raw, dict):
            continue
        conditions = tuple(
            (c.get("test", ""), c.get("variable", ""), as_tuple(c.get("values")))
            for c in as_tuple(raw.get("condition"))
            if isinstance(c, dict)
        )
        statements.append(
            Statement(
                effect=str(raw.get("effect") or "Allow"),
                actions=as_tuple(raw.get("actions")),
                resources=as_tuple(raw.get("resources")),
                not_resources=as_tuple(raw.get("not_resources")),
                not_actions=as_tuple(raw.get("not_actions")),
                principals=_block_principals(raw.get("principals")),
                not_principals=_block_principals(raw.get("not_principals")),
                conditions=conditions,
                sid=str(raw.get("sid") or ""),
            )
        )
    return statements


def referenced_policy_document(graph: Graph, node: Node, path: str) -> Node | None:
    """The aws_iam_policy_document a policy attribute refers to, found through the graph's edges.

    When the node refers to several documents (a role's trust and inline policies), the one named in the
    attribute's evidence or unknown-reason wins.
    """
    documents = [
        graph.nodes[e.target]
        for e in graph.edges_from(node.id)
        if e.target in graph.nodes and graph.nodes[e.target].type == "aws_iam_policy_document"
    ]
    if not documents:
        return None
    value = node.get(path)
    evidence = " ".join(node.trace_of(path)) + (f" {value.reason}" if is_unknown(value) else "")
    named = [d for d in documents if f"aws_iam_policy_document.{d.name}" in evidence]
    if len(named) == 1:
        return named[0]
    return documents[0] if len(documents) == 1 else None


# Actions that have no resource-level permission, or that only list or describe metadata: "*" is the
# only resource they accept (or the scope would not protect any data).


def policy_statements(graph: Graph, node: Node, path: str) -> list[Statement] | Unknown | None:
    """The statements of the policy at `node.path`: None when absent, Unknown when not knowable statically."""
    value = node.get(path)
    if value is None:
        return None
    if is_unknown(value):
        document = referenced_policy_document(graph, node, path)
        if document is not None:
            return statements_from_document_node(document)
        decoded = partly_known_json(value)  # jsonencode() of a document with values known only after apply
        if isinstance(decoded, dict) and "Statement" in decoded:
            return statements_from_json(decoded)
        return value
    try:
        return statements_from_json(value)
    except (ValueError, TypeError) as error:
        return Unknown(f"policy is not valid JSON: {error}")


def is_wildcard_resource(resource: Any) -> bool:
    """`*`, or an ARN whose resource part names no resource: `arn:aws:kms:...:key/*`, `arn:aws:s3:::*`."""
    if not isinstance(resource, str):
        return False
    if resource == "*":
        return True
    parts = resource.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return False
    rest = re.sub(r"^[A-Za-z0-9_-]+[/:]", "", parts[5])
    return rest != "" and set(rest) <= {"*", "/"}


# Identity policies: the attribute that holds the policy document, by resource type.
IDENTITY_POLICY_PATHS = {
    "aws_iam_policy": ("policy",),
    "aws_iam_role_policy": ("policy",),
    "aws_iam_user_policy": ("policy",),
    "aws_iam_group_policy": ("policy",),
}


def identity_policy_paths(node: Node) -> list[str]:
    """The paths of a Terraform node that hold identity policies (a role's inline_policy blocks included)."""
    if node.type == "aws_iam_role":
        return [f"inline_policy.{i}.policy" for i, _ in enumerate(as_tuple(node.get("inline_policy")))]
    return list(IDENTITY_POLICY_PATHS.get(node.type, ()))


def action_matches(pattern: Any, action: str) -> bool:
    """An IAM action pattern (`s3:*`, `s3:Get*`, `*`) covers the action; IAM compares actions case-blind."""
    return isinstance(pattern, str) and fnmatch.fnmatchcase(action.lower(), pattern.lower())


class BroadManagedPolicy(NamedTuple):
    """An AWS managed policy that reaches resources of every environment: what it allows, in words, and what
    of S3 and DynamoDB its Allow gives on every resource."""

    allows: str
    storage_actions: tuple[str, ...]


# AWS managed policies that allow every service, a whole service (`*FullAccess`) or the reading of every
# bucket's objects and every table's items, with no condition (AWS's policy versions of 2026; PowerUserAccess
# is "everything but iam:*, organizations:*, account:*"). Others are AWS's own service-role or metadata
# policies, scoped by AWS; their text is not in the configuration.
BROAD_AWS_MANAGED_POLICIES = {
    "AdministratorAccess": BroadManagedPolicy("every action on every resource", ("*",)),
    "PowerUserAccess": BroadManagedPolicy(
        "every action but IAM's and Organizations' on every resource", ("s3:*", "dynamodb:*")
    ),
    "ReadOnlyAccess": BroadManagedPolicy(
        "reading every service's data",
        ("s3:Get*", "s3:List*", "dynamodb:BatchGet*", "dynamodb:Get*", "dynamodb:Query", "dynamodb:Scan"),
    ),
    "AmazonS3FullAccess": BroadManagedPolicy("every action of its service on every resource", ("s3:*",)),
    "AmazonS3ReadOnlyAccess": BroadManagedPolicy("reading every bucket's objects", ("s3:Get*", "s3:List*")),
    "AmazonDynamoDBFullAccess": BroadManagedPolicy("every action of its service on every resource", ("dynamodb:*",)),
    "AmazonDynamoDBReadOnlyAccess": BroadManagedPolicy(
        "reading every table's items", ("dynamodb:BatchGet*", "dynamodb:Get*", "dynamodb:Query", "dynamodb:Scan")
    ),
}


# An AWS managed policy's ARN, with a path (`service-role/...`) or not; a partition known only after apply
# is read by the rest (`*:iam::aws:policy/...` once its unknown parts are joined with `*`).
_AWS_MANAGED_ARN = re.compile(r"(?:arn:aws[a-z-]*|\*):iam::aws:policy/(?:[\w+=,.@-]+/)*([\w+=,.@-]+)")


def aws_managed_policy_name(value: Any, bare_names: bool = False) -> str | None:
    """The name of the AWS managed policy an ARN names (`arn:aws:iam::aws:policy/AdministratorAccess`, also
    `arn:${data.aws_partition.current.partition}:iam::aws:policy/...` by its known end); with `bare_names`
    (SAM's `Policies`), a plain name too. None for anything else."""
    if is_unknown(value):
        text = "*".join(value.known)
        found = _AWS_MANAGED_ARN.search(text)
        return found.group(1) if found is not None and found.end() == len(text) else None
    if not isinstance(value, str):
        return None
    found = _AWS_MANAGED_ARN.fullmatch(value)
    if found is not None:
        return found.group(1)
    return value if bare_names and re.fullmatch(r"[\w+=,.@-]+", value) else None
