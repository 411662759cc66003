"""NC-STATE-009: Only the deployment role can read or write the Terraform state and its lock table."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, NamedTuple

from checker.model import Graph, Node, Severity, Tool, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.iam import (
    BROAD_AWS_MANAGED_POLICIES,
    Statement,
    as_tuple,
    aws_managed_policy_name,
    identity_policy_paths,
    policy_statements,
    statements_from_json,
)
from policies.lib.s3 import bucket_companions
from policies.lib.state_storage import SPEC_SECTION, spec_name, state_buckets

# What reads or writes a state file (its versions too) or the lock items; metadata calls
# (GetBucketVersioning, DescribeTable, ListTables) and bucket configuration are out of scope.
STATE_OBJECT_ACTIONS = (
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:ListBucket",
    "s3:ListBucketVersions",
)
LOCK_TABLE_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteTable",
)

ATTACHMENT_TYPES = (
    "aws_iam_role_policy_attachment",
    "aws_iam_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
)

# SAM / CloudFormation: where each type keeps its policy documents.
SAM_POLICY_TYPES = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role")
SAM_FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Serverless::StateMachine")

PRINCIPAL_ARN_OPERATORS = ("stringequals", "arnequals", "stringlike", "arnlike")
NEGATED_PRINCIPAL_ARN_OPERATORS = ("stringnotequals", "arnnotequals", "stringnotlike", "arnnotlike")
LEADING_KEYS_OPERATORS = ("stringequals", "stringlike")

# What of the state bucket is a state file's (object reads and writes), as opposed to listing its key names,
# which every deployment role needs on the bucket (Terraform's S3 backend lists it).
STATE_FILE_ACTIONS = tuple(a for a in STATE_OBJECT_ACTIONS if not a.startswith("s3:ListBucket"))
LOCK_ITEM_ACTIONS = tuple(a for a in LOCK_TABLE_ACTIONS if a != "dynamodb:DeleteTable")

GRANTS, MAYBE = "grants", "maybe"


class _State:
    """The names the rule protects and the role allowed to use them, from policies/data/spec.yaml."""

    def __init__(self, ctx: RuleContext, graph: Graph) -> None:
        self.bucket = spec_name(ctx, "bucket")
        self.table = spec_name(ctx, "lock_table")
        self.envs = tuple(sorted(ctx.spec["environments"]))
        self.role_envs = {spec_name(ctx, "deployment_role", env): env for env in self.envs}
        self.roles = frozenset(self.role_envs)
        # Each environment's state file, as "bucket/key" (spec.yaml state_backend.key), and its lock items
        # (Terraform's LockID is "bucket/key", and "bucket/key-md5" for the digest).
        self.state_files = {env: f"{self.bucket}/{spec_name(ctx, 'key', env)}" for env in self.envs}
        self.roles_named: dict[str, list[Node]] = {}
        for role in graph.resources("aws_iam_role", tool=Tool.TERRAFORM):
            if isinstance(name := role.get("name"), str):
                self.roles_named.setdefault(name, []).append(role)

    def role_identity(self, value: Any, holder: Node | None = None, graph: Graph | None = None) -> str:
        """Which role a name, ARN or aws_iam_role node is, the same however the configuration names it:
        "role:<name>"; the node's id when its name is unknown, or when several roles have it (a configuration
        AWS would refuse, which fixtures use to keep cases apart: the one `holder` refers to, then). "" for a
        wildcard or a value known only after apply."""
        if isinstance(value, Node):
            name = value.get("name")
            alone = isinstance(name, str) and len(self.roles_named.get(name, ())) == 1
            return (_named_identity("role", name) or value.id) if alone else value.id
        identity = _named_identity("role", value)
        same = self.roles_named.get(identity.removeprefix("role:"), []) if identity else []
        if len(same) > 1 and holder is not None and graph is not None:
            linked = [r for r in _linked(graph, holder, "aws_iam_role") if any(r.id == o.id for o in same)]
            return linked[0].id if len(linked) == 1 else identity
        return identity

    def shown_roles(self) -> str:
        return ", ".join(sorted(self.roles))

    def role_env(self, value: Any) -> str:
        """The environment whose deployment role the name, id or ARN is ("" when it is none, or unknown)."""
        if self.is_deployment_role(value) is not True:
            return ""
        text = "*".join(value.known) if is_unknown(value) else str(value)
        return next((env for role, env in self.role_envs.items() if text.endswith(role)), "")

    def holder(self, what: str, value: Any, where: Node, path: str, identity: str = "") -> Holder:
        return Holder(what, self.is_deployment_role(value), where, path, self.role_env(value), identity)

    def is_deployment_role(self, value: Any) -> bool | None:
        """A role name, id or ARN is one of the deployment roles; None when it cannot be known."""
        if is_unknown(value):
            text = "*".join(value.known)
            return True if any(text.endswith(f"role/{r}") for r in self.roles) else None
        if not isinstance(value, str):
            return None
        if "*" in value or "?" in value:
            return False
        return value.rsplit("/", 1)[-1] in self.roles and (not value.startswith("arn:") or ":role/" in value)

    # ---- resources

    def _arn_reaches(self, pattern: str) -> str:
        """Which of the state ("bucket", "table", both) an ARN pattern covers: region and account are ignored
        (the lock table's are not in the spec)."""
        if pattern == "*":
            return "bucket table"
        parts = pattern.split(":", 5)
        if len(parts) < 6:
            samples = {
                "bucket": (
                    f"arn:aws:s3:::{self.bucket}",
                    f"arn:aws:s3:::{self.bucket}/key",
                    *(f"arn:aws:s3:::{file}" for file in self.state_files.values()),
                ),
                "table": (f"arn:aws:dynamodb:r:a:table/{self.table}",),
            }
            return " ".join(k for k, arns in samples.items() if any(fnmatch.fnmatchcase(a, pattern) for a in arns))
        if not (fnmatch.fnmatchcase("arn", parts[0]) and fnmatch.fnmatchcase("aws", parts[1])):
            return ""
        reached = []
        rest = parts[5]
        if fnmatch.fnmatchcase("s3", parts[2]):
            head = rest.split("/", 1)[0]
            if fnmatch.fnmatchcase(self.bucket, rest) or ("/" in rest and fnmatch.fnmatchcase(self.bucket, head)):
                reached.append("bucket")
        if fnmatch.fnmatchcase("dynamodb", parts[2]) and fnmatch.fnmatchcase(f"table/{self.table}", rest):
            reached.append("table")
        return " ".join(reached)

    def reaches(self, resource: Any) -> tuple[str, str]:
        """(what of the state the resource covers, GRANTS or MAYBE). An ARN with unknown parts keeps its known
        text; what it reaches is certain only when that text names the bucket or the table."""
        if isinstance(resource, str):
            return self._arn_reaches(resource), GRANTS
        if not is_unknown(resource):
            return "", GRANTS
        if not resource.known:
            return "bucket table", MAYBE
        text = "*".join(resource.known)
        pattern = (text if text.startswith("arn:") else "*" + text) + "*"
        reached = self._arn_reaches(pattern)
        named = (self.bucket in text and "bucket" in reached) or (self.table in text and "table" in reached)
        return reached, GRANTS if named else MAYBE

    def access(self, statement: Statement, denies: Iterable[Statement] = ()) -> tuple[str, str, str] | None:
        """(GRANTS or MAYBE, the actions, the resources) when an Allow statement reaches the state. IAM lets an
        explicit Deny win over any Allow: an action a Deny without conditions among `denies` (the Deny
        statements of the same policy, or of the holder's other policies) certainly refuses on the state the
        Allow reaches is taken out (see _part_denied); in a bucket policy, only a Deny that binds every principal
        the Allow lets in."""
        if statement.effect.lower() != "allow":
            return None
        guards = [d for d in denies if d.effect.lower() == "deny" and not d.conditions and _binds_all(d, statement)]
        resources: tuple[Any, ...] = statement.resources
        if not resources and statement.not_resources:
            excluded = any(self.reaches(r)[0] for r in statement.not_resources)
            resources = () if excluded else ("*",)
        unknown_action = statement.unknown_action
        found: list[tuple[str, list[str], Any]] = []
        refused = False
        for resource in resources:
            reached, certainty = self.reaches(resource)
            relevant = [
                *(STATE_OBJECT_ACTIONS if "bucket" in reached else ()),
                *(LOCK_TABLE_ACTIONS if "table" in reached else ()),
            ]
            granted = [a for a in relevant if statement.grants_action(a)]
            actions = [a for a in granted if not (guards and self._part_denied(guards, a, resource))]
            refused = refused or len(actions) < len(granted)
            # An action known only after apply may be any of the state's, unless every one of them is refused.
            if actions or (
                reached
                and unknown_action
                and not (guards and all(self._part_denied(guards, a, resource) for a in relevant))
            ):
                found.append((certainty if actions else MAYBE, actions, resource))
        if not found:
            return None
        certainty, shown, where = _summary(found, statement)
        if refused:
            shown += " (what no Deny refuses)"
        return certainty, shown, where

    # ---- a deployment role and the other environments' state

    def _object_pattern(self, resource: Any) -> tuple[str, str] | None:
        """(pattern over "bucket/key", GRANTS or MAYBE) of a resource that may be S3 objects; None otherwise."""
        certainty = GRANTS
        if is_unknown(resource):
            if not resource.known:
                return "*", MAYBE
            text = "*".join(resource.known)
            resource, certainty = (text if text.startswith("arn:") else "*" + text) + "*", MAYBE
        if not isinstance(resource, str):
            return None
        if resource == "*":
            return "*", certainty
        parts = resource.split(":", 5)
        if len(parts) < 6:
            return resource, certainty
        if not all(fnmatch.fnmatchcase(word, part) for word, part in zip(("arn", "aws", "s3"), parts, strict=False)):
            return None
        return parts[5], certainty

    def _leading_keys_other_envs(self, statement: Statement, env: str) -> tuple[list[str], str]:
        """(the other environments whose lock items the statement's dynamodb:LeadingKeys condition lets in, GRANTS
        or MAYBE). No such condition lets in every item."""
        others = [e for e in self.envs if e != env]
        patterns: list[Any] = []
        for operator, key, values in statement.conditions:
            operator = operator.lower().removeprefix("forallvalues:")
            if key.lower() == "dynamodb:leadingkeys" and operator in LEADING_KEYS_OPERATORS:
                patterns.append(values)
        if not patterns:
            return others, GRANTS
        reached: set[str] = set()
        for values in patterns:  # conditions are ANDed: each must let the item in
            if any(is_unknown(v) for v in values):
                return others, MAYBE
            reached_here = {
                e
                for e in others
                for lock_id in (self.state_files[e], self.state_files[e] + "-md5")
                if any(isinstance(v, str) and fnmatch.fnmatchcase(lock_id, v) for v in values)
            }
            reached = reached_here if not reached else reached & reached_here
            if not reached_here:
                return [], GRANTS
        return sorted(reached), GRANTS

    def _part_denied(self, guards: list[Statement], action: str, resource: Any) -> bool:
        """A Deny without conditions refuses the action on all of the Allow's `resource` that is the state
        the action is about: the bucket (ListBucket, ListBucketVersions), its objects (the other S3 actions) or
        the lock table (DynamoDB; its region and account are not in the spec). Its Resource covers the Allow's
        ARN as written, or the whole of that part (`arn:aws:s3:::bucket/*`, `arn:aws:dynamodb:*:*:table/name`;
        a `*` there, as in the Allow's, stands for anything, so a `?` or `[` in the Deny's cannot cover it);
        or its NotResource (every resource but those listed) lists nothing that may be that part. An Allow's
        ARN known only after apply is compared with the whole part only."""
        if action.startswith("dynamodb:"):
            part, whole = "table", f"arn:aws:dynamodb:*:*:table/{self.table}"
        elif action.lower().startswith("s3:listbucket"):
            part, whole = "bucket", f"arn:aws:s3:::{self.bucket}"
        else:
            part, whole = "bucket", f"arn:aws:s3:::{self.bucket}/*"
        written = [whole, *([resource] if isinstance(resource, str) else [])]
        for deny in guards:
            if not _refuses_action(deny, action):
                continue
            if deny.resources:
                patterns = [p for p in deny.resources if isinstance(p, str) and not set(p) & set("?[")]
                if any(fnmatch.fnmatchcase(arn, p) for arn in written for p in patterns):
                    return True
            elif deny.not_resources and not any(
                not isinstance(p, str) or part in self._arn_reaches(p) for p in deny.not_resources
            ):
                return True
        return False

    def _binds(self, deny: Statement, env: str) -> bool:
        """The Deny certainly applies to `env`'s deployment role. An identity policy's statement names no
        principal: it binds whoever holds the policy. A bucket policy's binds the role when its Principal is
        everyone or that role, or when its NotPrincipal (everyone but those listed) is known and cannot name
        the role (an account, a wildcard or a value known only after apply may)."""
        if not deny.has_principal:
            return True
        if deny.not_principals:
            roles = [role for role, role_env in self.role_envs.items() if role_env == env]
            return not deny.principals and all(
                isinstance(identifier, str)
                and "*" not in identifier
                and "?" not in identifier
                and not identifier.endswith(":root")
                and not identifier.isdigit()
                and not any(role in identifier for role in roles)  # its ARN, or an assumed-role session's
                for _, identifier in deny.not_principals
            )
        return any(
            identifier == "*" or (self.is_deployment_role(identifier) is True and self.role_env(identifier) == env)
            for kind, identifier in deny.principals
            if kind in ("*", "AWS")
        )

    def other_env_access(
        self, statement: Statement, env: str, denies: Iterable[Statement] = ()
    ) -> tuple[str, str, str, list[str]] | None:
        """(GRANTS or MAYBE, actions, resources, other environments) when an Allow statement held by `env`'s
        deployment role reaches another environment's state file or lock items (a Deny without conditions that
        certainly refuses that role the action on the file or the lock table takes it out)."""
        if statement.effect.lower() != "allow" or env not in self.state_files:
            return None
        resources: tuple[Any, ...] = statement.resources
        if not resources and statement.not_resources:
            resources = ("*",)  # every resource but some: another environment's file is in "every"
        guards = [d for d in denies if d.effect.lower() == "deny" and not d.conditions and self._binds(d, env)]
        others = [e for e in self.envs if e != env]
        found: list[tuple[str, list[str], Any]] = []
        reached_envs: set[str] = set()
        for resource in resources:
            actions: list[str] = []
            certainty = GRANTS
            pattern = self._object_pattern(resource)
            if pattern is not None:
                object_pattern, certainty = pattern
                for other in others:
                    target = self.state_files[other]
                    granted = [
                        a
                        for a in STATE_FILE_ACTIONS
                        if statement.grants_action(a) and not _denied(guards, a, target, self._object_pattern)
                    ]
                    if fnmatch.fnmatchcase(target, object_pattern) and granted:
                        reached_envs.add(other)
                        actions += granted
            reached, table_certainty = self.reaches(resource)
            if "table" in reached:
                items = [
                    a
                    for a in LOCK_ITEM_ACTIONS
                    if statement.grants_action(a) and not self._part_denied(guards, a, resource)
                ]
                lock_envs, key_certainty = self._leading_keys_other_envs(statement, env) if items else ([], GRANTS)
                if statement.grants_action("dynamodb:DeleteTable") and not self._part_denied(
                    guards, "dynamodb:DeleteTable", resource
                ):
                    items, lock_envs = [*items, "dynamodb:DeleteTable"], others
                if lock_envs and items:
                    reached_envs.update(lock_envs)
                    actions += items
                    if MAYBE in (table_certainty, key_certainty):
                        certainty = MAYBE
            if actions:
                found.append((certainty, list(dict.fromkeys(actions)), resource))
        if not found:
            return None
        certainty, shown, where = _summary(found, statement)
        return certainty, shown, where, sorted(reached_envs)


def _binds_all(deny: Statement, allow: Statement) -> bool:
    """The Deny certainly applies to whoever the Allow lets in. An identity policy's statements name no
    principal: both bind whoever holds the policy. In a bucket policy the Deny's Principal must be everyone
    (`*`), or list every principal the Allow names (known, and no NotPrincipal in either)."""
    if not deny.has_principal:
        return not allow.has_principal
    if deny.not_principals:
        return False
    if any(identifier == "*" for kind, identifier in deny.principals if kind in ("*", "AWS")):
        return True
    return (
        bool(allow.principals)
        and not allow.not_principals
        and all(isinstance(i, str) and (kind, i) in deny.principals for kind, i in allow.principals)
    )


def _refuses_action(deny: Statement, action: str) -> bool:
    """The Deny certainly refuses the action: its Action covers it, or its NotAction (every action but those
    listed) is known and does not list it. A NotAction with a value known only after apply may list it."""
    if deny.not_actions and not deny.actions and any(is_unknown(a) for a in deny.not_actions):
        return False
    return deny.grants_action(action)


def _denied(guards: list[Statement], action: str, target: str, pattern_of: Any) -> bool:
    """A Deny without conditions in the same policy refuses the action on the state file "bucket/key" (IAM:
    an explicit Deny wins over every Allow). Its Resource must certainly cover the file; a NotResource (every
    resource but those listed) refuses it unless one of the listed patterns may cover it (a pattern partly
    known only after apply may)."""
    for deny in guards:
        if not _refuses_action(deny, action):
            continue
        if deny.resources:
            for resource in deny.resources:
                pattern = pattern_of(resource)
                if pattern is not None and pattern[1] == GRANTS and fnmatch.fnmatchcase(target, pattern[0]):
                    return True
        elif deny.not_resources:
            kept = [(resource, pattern_of(resource)) for resource in deny.not_resources]
            if not any(fnmatch.fnmatchcase(target, p[0]) if p is not None else not isinstance(r, str) for r, p in kept):
                return True
    return False


def _summary(found: list[tuple[str, list[str], Any]], statement: Statement) -> tuple[str, str, str]:
    """(GRANTS or MAYBE, the actions shown, the resources shown) of the surest of the found accesses."""
    certainty = GRANTS if any(c == GRANTS for c, _, _ in found) else MAYBE
    chosen = [f for f in found if f[0] == certainty]
    actions = list(dict.fromkeys(a for _, acts, _ in chosen for a in acts)) or ["(actions not known statically)"]
    shown = ", ".join(actions[:4]) + (", ..." if len(actions) > 4 else "")
    if statement.not_actions and not statement.actions:
        shown += f" (NotAction: every action except {', '.join(map(str, statement.not_actions))})"
    where = ", ".join(_shown(r) for _, _, r in chosen)
    return certainty, shown, where


def _shown(resource: Any) -> str:
    """A resource as written: an ARN with unknown parts keeps its known text around `${...}`."""
    if is_unknown(resource):
        if not resource.known:
            return f"a resource not known statically ({resource.reason})"
        text = "${...}".join(resource.known)
        return (text if text.startswith("arn:") else "${...}" + text) + f" (partly unknown: {resource.reason})"
    return str(resource)


def _label(statement: Statement, index: int) -> str:
    return f"statement {statement.sid!r}" if statement.sid else f"statement {index + 1}"


def _linked(graph: Graph, node: Node, *types: str) -> list[Node]:
    targets = (graph.nodes.get(e.target) for e in graph.edges_from(node.id))
    return sorted((t for t in targets if t is not None and t.type in types), key=Node.sort_key)


# ---- who holds an identity policy: (what it is, is it the deployment role: True/False/None, where)


class Holder(NamedTuple):
    """Who holds an identity policy, and where the configuration says so."""

    what: str
    deployment: bool | None  # is it a deployment role (None: cannot be known)
    where: Node
    path: str
    env: str  # the environment of that deployment role, or ""
    # The same identity however the configuration names it ("role:<name>", or the role's node id when its
    # name is not known; "user:<name>", "group:<name>"); "" when it cannot be known. Its policies are one.
    identity: str = ""


def _named_identity(kind: str, value: Any) -> str:
    """The identity key of a role, user or group given by name or ARN; "" for a wildcard or an unknown."""
    if not isinstance(value, str) or not value or set(value) & set("*?$"):
        return ""
    return f"{kind}:{value.rsplit('/', 1)[-1]}"


def _role_holders(graph: Graph, state: _State, node: Node, path: str) -> list[Holder]:
    values = [v for v in as_tuple(node.get(path)) if v is not None]
    named = [v for v in values if isinstance(v, str)]
    holders = [state.holder(f"role {v}", v, node, path, state.role_identity(v, node, graph)) for v in named]
    unknown = len(values) - len(named)
    if unknown:
        roles = _linked(graph, node, "aws_iam_role")
        for role in roles:
            name = role.get("name")
            holders.append(state.holder(f"role {role.address}", name, node, path, state.role_identity(role)))
        if len(roles) < unknown:
            holders.append(Holder(f"a role that cannot be known statically ({path})", None, node, path, ""))
    return holders


def _holders(graph: Graph, state: _State, node: Node) -> list[Holder]:
    if node.type == "aws_iam_role":
        return [state.holder(f"role {node.address}", node.get("name"), node, "name", state.role_identity(node))]
    if node.type == "aws_iam_role_policy":
        return _role_holders(graph, state, node, "role")
    if node.type in ("aws_iam_user_policy", "aws_iam_group_policy"):
        kind = "user" if node.type == "aws_iam_user_policy" else "group"
        return [Holder(f"{kind} {node.get(kind)}", False, node, kind, "", _named_identity(kind, node.get(kind)))]
    if node.type != "aws_iam_policy":
        return []
    holders: list[Holder] = []
    arn = node.get("arn")
    for attachment in graph.resources(*ATTACHMENT_TYPES, tool=Tool.TERRAFORM):
        linked = any(e.target == node.id for e in graph.edges_from(attachment.id))
        if not (linked or (isinstance(arn, str) and attachment.get("policy_arn") == arn)):
            continue
        holders += _attachment_holders(graph, state, attachment)
    for role in graph.resources("aws_iam_role", tool=Tool.TERRAFORM):
        if any(e.target == node.id for e in graph.edges_from(role.id)):
            holders.append(state.holder(f"role {role.address}", role.get("name"), role, "", state.role_identity(role)))
    if not holders:
        message = "whoever it is attached to (nothing in this configuration attaches it)"
        holders.append(Holder(message, None, node, "policy", ""))
    return sorted(holders, key=lambda h: (h.where.sort_key(), h.what))


def _attachment_holders(graph: Graph, state: _State, attachment: Node) -> list[Holder]:
    holders: list[Holder] = []
    for key in ("role", "roles"):
        if attachment.get(key) is not None:
            holders += _role_holders(graph, state, attachment, key)
    for key in ("user", "users", "group", "groups"):
        kind = key.rstrip("s")
        for value in as_tuple(attachment.get(key)):
            holders.append(Holder(f"{kind} {value}", False, attachment, key, "", _named_identity(kind, value)))
    return holders


# ---- findings


def _statement_findings(
    state: _State,
    node: Node,
    path: str,
    statements: list[Statement],
    holder: str,
    where: Node,
    where_path: str,
    denies: list[Statement],
) -> Iterable[Violation]:
    """Findings for the Allow statements of a policy held by someone other than a deployment role; `denies`
    are the Deny statements that bind the same holder (this policy's, and the holder's other policies')."""
    for index, statement in enumerate(statements):
        access = state.access(statement, denies)
        if access is None:
            continue
        certainty, actions, resources = access
        label = _label(statement, index)
        if certainty == GRANTS:
            message = (
                f"{node.address}: {label} allows {actions} on {resources} (the Terraform state bucket "
                f"{state.bucket} or lock table {state.table}) to {holder}, which is not the deployment role "
                f"({state.shown_roles()})"
            )
        else:
            message = (
                f"{node.address}: {label} allows {actions} on {resources} to {holder}; whether that reaches the "
                f"Terraform state ({state.bucket}, {state.table}) cannot be known statically"
            )
        yield Violation(where, message, where_path if where is not node else path)


def _other_files(state: _State, env: str, envs: Iterable[str] | None = None) -> str:
    chosen = [e for e in (state.envs if envs is None else envs) if e != env]
    return ", ".join(state.state_files[e] for e in chosen)


def _other_env_message(
    state: _State, access: tuple[str, str, str, list[str]], subject: str, holder: str, env: str
) -> str:
    certainty, actions, resources, envs = access
    if certainty == GRANTS:
        reach = f"reaches the state of {', '.join(envs)} ({_other_files(state, env, envs)})"
    else:
        reach = f"may reach the state of {', '.join(envs)} (cannot be known statically)"
    return (
        f"{subject} allows {actions} on {resources} to {holder}, the deployment role of {env}: it {reach}; each "
        f"environment's deployment role may use only its own state file ({state.state_files[env]}) and lock items"
    )


def _other_env_findings(
    state: _State,
    node: Node,
    path: str,
    statements: list[Statement],
    holder: str,
    env: str,
    where: Node,
    where_path: str,
    denies: list[Statement],
) -> Iterable[Violation]:
    """Findings for the statements of `env`'s deployment role that reach another environment's state."""
    for index, statement in enumerate(statements):
        access = state.other_env_access(statement, env, denies)
        if access is not None:
            message = _other_env_message(state, access, f"{node.address}: {_label(statement, index)}", holder, env)
            yield Violation(where, message, where_path if where is not node else path)


def _held_denies(documents: Iterable[Any]) -> list[Statement]:
    """The Deny statements of the policies one holder gets together (a policy's own, a role's inline
    policies, the entries of a SAM function's Policies): IAM evaluates them as one, so a Deny in one refuses
    what another allows. A policy that cannot be known adds nothing."""
    return [s for d in documents if isinstance(d, list) for s in d if s.effect.lower() == "deny"]


def _denies_by_identity(
    documents_of: dict[str, tuple[Node, dict[str, Any]]], holders_of: dict[str, list[Holder]]
) -> dict[str, list[Statement]]:
    """The Deny statements of every policy each identity holds, whichever resource gives it the policy (an
    aws_iam_role_policy, an attached aws_iam_policy, an inline_policy block): IAM evaluates an identity's
    policies together, so a Deny in one refuses what another allows."""
    by_identity: dict[str, list[Statement]] = {}
    for node_id, (_, documents) in documents_of.items():
        denies = _held_denies(documents.values())
        if denies:
            for identity in {h.identity for h in holders_of[node_id] if h.identity}:
                by_identity.setdefault(identity, []).extend(denies)
    return by_identity


def _identity_policies(graph: Graph, ctx: RuleContext, state: _State) -> Iterable[Violation]:
    documents_of = {
        node.id: (node, {path: policy_statements(graph, node, path) for path in paths})
        for node in sorted(graph.resources(tool=Tool.TERRAFORM), key=Node.sort_key)
        if (paths := identity_policy_paths(node))
    }
    holders_of = {node_id: _holders(graph, state, node) for node_id, (node, _) in documents_of.items()}
    by_identity = _denies_by_identity(documents_of, holders_of)
    for node, documents in documents_of.values():
        own_denies = _held_denies(documents.values())
        for path, statements in documents.items():
            if statements is None:
                continue
            for holder, deployment, where, where_path, env, identity in holders_of[node.id]:
                denies = by_identity.get(identity, own_denies) if identity else own_denies
                if deployment is True:
                    target = node if where is node else where
                    if is_unknown(statements):
                        yield Violation(
                            target,
                            f"{node.address}: the policy cannot be known statically ({statements.reason}), so whether "
                            f"{holder}, the deployment role of {env}, reaches another environment's state cannot be "
                            "verified",
                            where_path if target is not node else path,
                        )
                    else:
                        yield from _other_env_findings(
                            state, node, path, statements, holder, env, target, where_path, denies
                        )
                    continue
                if deployment is None and where is node and where_path == "policy" and node.type == "aws_iam_policy":
                    pass  # attached to nothing: judged on what it grants, below
                elif deployment is None:
                    holder = f"{holder} (cannot be known statically whether it is the deployment role)"
                if is_unknown(statements):
                    yield Violation(
                        node,
                        f"{node.address}: the policy cannot be known statically ({statements.reason}), so whether it "
                        f"grants the Terraform state to {holder} cannot be verified",
                        path,
                    )
                    continue
                target = node if where is node else where
                yield from _statement_findings(state, node, path, statements, holder, target, where_path, denies)

    def denies_of(holder: Holder) -> list[Statement]:
        return by_identity.get(holder.identity, []) if holder.identity else []

    for attachment in sorted(graph.resources(*ATTACHMENT_TYPES, tool=Tool.TERRAFORM), key=Node.sort_key):
        holders = _attachment_holders(graph, state, attachment)
        yield from _managed(state, attachment, [("policy_arn", attachment.get("policy_arn"))], holders, denies_of)
    for role in sorted(graph.resources("aws_iam_role", tool=Tool.TERRAFORM), key=Node.sort_key):
        holders = [state.holder(f"role {role.address}", role.get("name"), role, "", state.role_identity(role))]
        yield from _managed(state, role, _listed(role, "managed_policy_arns"), holders, denies_of)


def _listed(node: Node, path: str) -> list[tuple[str, Any]]:
    """(path of the item, item) of a list attribute; a single value as itself."""
    value = node.get(path)
    if isinstance(value, list | tuple):
        return [(f"{path}.{index}", item) for index, item in enumerate(value)]
    return [] if value is None else [(path, value)]


def _broad_managed(value: Any, bare_names: bool = False) -> str | None:
    """The broad AWS-managed policy (BROAD_AWS_MANAGED_POLICIES) an ARN names; SAM also takes the bare name."""
    name = aws_managed_policy_name(value, bare_names)
    return name if name in BROAD_AWS_MANAGED_POLICIES else None


def _managed(
    state: _State,
    node: Node,
    arns: Iterable[tuple[str, Any]],
    holders: list[Holder],
    denies_of: Callable[[Holder], list[Statement]],
    bare_names: bool = False,
) -> Iterable[Violation]:
    """Findings for the broad AWS-managed policies among `arns` ((path, ARN) pairs), what the holder's Deny
    statements leave of them (an explicit Deny wins over an AWS-managed Allow too)."""
    for path, arn in arns:
        name = _broad_managed(arn, bare_names)
        if name is None:
            continue
        grant = Statement("Allow", BROAD_AWS_MANAGED_POLICIES[name].storage_actions, ("*",), (), ())
        subject = f"{node.address}: the AWS-managed {name}"
        for holder in holders:
            denies = denies_of(holder)
            if holder.deployment is True:
                reach = state.other_env_access(grant, holder.env, denies)
                if reach is not None:
                    yield Violation(node, _other_env_message(state, reach, subject, holder.what, holder.env), path)
                continue
            access = state.access(grant, denies)
            if access is not None:
                yield Violation(
                    node,
                    f"{subject} allows {access[1]} on every resource, the Terraform state ({state.bucket}, "
                    f"{state.table}) included, to {holder.what}, which is not the deployment role "
                    f"({state.shown_roles()})",
                    path,
                )


def _principal_problem(state: _State, statement: Statement) -> tuple[str | None, list[str]]:
    """(why a bucket-policy Allow lets in someone other than the deployment role, or None when it does not;
    the environments of the deployment roles it lets in)."""
    for operator, key, values in statement.conditions:
        operator = operator.lower().removeprefix("forallvalues:")
        if key.lower() != "aws:principalarn" or operator not in PRINCIPAL_ARN_OPERATORS:
            continue
        if values and all(state.is_deployment_role(v) is True for v in values):
            return None, sorted({state.role_env(v) for v in values})
    others = []
    if statement.not_principals:
        excluded = ", ".join(_shown(identifier) for _, identifier in statement.not_principals)
        others.append(f"every principal except {excluded} (NotPrincipal)")
    envs: set[str] = set()
    for kind, identifier in statement.principals:
        if kind == "AWS" and state.is_deployment_role(identifier) is True:
            envs.add(state.role_env(identifier))
            continue
        if is_unknown(identifier):
            others.append(f"{kind} principal that cannot be known statically ({identifier.reason})")
        elif identifier == "*":
            others.append("every principal (*)")
        elif isinstance(identifier, str) and "*" in identifier:
            others.append(f"the wildcard {identifier}")
        else:
            others.append(f"{kind} {identifier}")
    return ", ".join(others) or None, sorted(envs)


def _exempting_denies(statements: list[Statement]) -> list[tuple[Statement, tuple[Any, ...]]]:
    """The bucket policy's "everyone but these" Deny statements, as (the same Deny binding everyone without
    conditions, the principals it spares): a Principal `*` whose only conditions are negated
    `aws:PrincipalArn` tests (ArnNotLike, StringNotEquals, ...), or a NotPrincipal without conditions. A value
    known only after apply spares anyone: such a Deny is left out."""
    found = []
    for deny in statements:
        if deny.effect.lower() != "deny":
            continue
        spared: list[Any] = []
        if deny.not_principals and not deny.principals and not deny.conditions:
            spared = [identifier for _, identifier in deny.not_principals]
        elif any(i == "*" for k, i in deny.principals if k in ("*", "AWS")) and deny.conditions:
            for operator, key, values in deny.conditions:
                operator = operator.lower().removeprefix("forallvalues:").removeprefix("foranyvalue:")
                if key.lower() != "aws:principalarn" or operator not in NEGATED_PRINCIPAL_ARN_OPERATORS:
                    spared = []
                    break
                spared.extend(values)
        if spared and all(isinstance(v, str) for v in spared):
            everyone = replace(deny, principals=(("*", "*"),), not_principals=(), conditions=())
            found.append((everyone, tuple(spared)))
    return found


def _spared_envs(
    state: _State, statement: Statement, envs: list[str], exempting: list[tuple[Statement, tuple[Any, ...]]]
) -> list[str] | None:
    """When an "everyone but these" Deny refuses all the Allow grants on the state to everyone else and spares
    only deployment roles: the environments of the spared roles the Allow lets in (any of them through `*`, an
    account or a wildcard; else those it names, `envs`). None when no such Deny does."""
    for everyone, spared in exempting:
        if all(state.is_deployment_role(v) is True for v in spared) and state.access(statement, [everyone]) is None:
            broad = bool(statement.not_principals) or any(
                not isinstance(i, str) or i == "*" or "*" in i or i.endswith(":root") or i.isdigit()
                for _, i in statement.principals
            )
            return sorted({e for v in spared if (e := state.role_env(v)) and (broad or e in envs)})
    return None


def _bucket_policies(graph: Graph, ctx: RuleContext, state: _State) -> Iterable[Violation]:
    of_state = {n.id for b in state_buckets(graph, ctx) for n in bucket_companions(graph, b, "aws_s3_bucket_policy")}
    for policy in sorted(graph.resources("aws_s3_bucket_policy", tool=Tool.TERRAFORM), key=Node.sort_key):
        statements = policy_statements(graph, policy, "policy")
        named = policy.id in of_state or policy.get("bucket") == state.bucket
        if statements is None:
            continue
        if is_unknown(statements):
            if named:
                yield Violation(
                    policy,
                    f"{policy.address}: the state bucket's policy cannot be known statically ({statements.reason}), "
                    "so who it lets read or write the state cannot be verified",
                    "policy",
                )
            continue
        denies = _held_denies([statements])
        exempting = _exempting_denies(statements)
        for index, statement in enumerate(statements):
            access = state.access(statement, denies)
            if access is None or not (named or access[0] == GRANTS):
                continue
            problem, envs = _principal_problem(state, statement)
            if problem is not None and (spared := _spared_envs(state, statement, envs, exempting)) is not None:
                problem, envs = None, spared
            label = f"{policy.address}: {_label(statement, index)} of the state bucket's policy"
            if problem is not None:
                # what an "everyone but these" Deny leaves to everyone (the roles it spares aside)
                left = state.access(statement, [*denies, *(everyone for everyone, _ in exempting)])
                _, actions, resources = left or access
                yield Violation(
                    policy,
                    f"{label} allows {actions} on {resources} to {problem}, not only the deployment role "
                    f"({state.shown_roles()})",
                    "policy",
                )
                continue
            for env in envs:
                reach = state.other_env_access(statement, env, denies)
                if reach is not None:
                    role = spec_name(ctx, "deployment_role", env)
                    yield Violation(policy, _other_env_message(state, reach, label, role, env), "policy")


def _sam_documents(node: Node) -> Iterable[tuple[str, Any]]:
    """(path, policy) pairs of a SAM/CloudFormation node: documents, or SAM policy templates."""
    if node.type in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        yield "Properties.PolicyDocument", node.get("Properties.PolicyDocument")
    elif node.type == "AWS::IAM::Role":
        for index, entry in enumerate(as_tuple(node.get("Properties.Policies"))):
            if isinstance(entry, dict):
                yield f"Properties.Policies.{index}.PolicyDocument", entry.get("PolicyDocument")
    elif node.type in SAM_FUNCTION_TYPES:
        policies = node.get("Properties.Policies")
        if isinstance(policies, dict) or is_unknown(policies):
            yield "Properties.Policies", policies
        else:
            for index, entry in enumerate(as_tuple(policies)):
                yield f"Properties.Policies.{index}", entry


def _sam_template_problem(state: _State, entry: dict[str, Any], denies: list[Statement]) -> tuple[str, str] | None:
    """A SAM policy template (S3CrudPolicy: {BucketName: ...}) on the state bucket or the lock table, unless
    the holder's Deny statements refuse every action there (the template's own actions are not looked up)."""
    bucket = f"arn:aws:s3:::{state.bucket}"
    whole = {
        "BucketName": Statement("Allow", ("s3:*",), (bucket, f"{bucket}/*"), (), ()),
        "TableName": Statement("Allow", ("dynamodb:*",), (f"arn:aws:dynamodb:*:*:table/{state.table}",), (), ()),
    }
    for template, parameters in entry.items():
        if not isinstance(parameters, dict):
            continue
        for key, name in (("BucketName", state.bucket), ("TableName", state.table)):
            value = parameters.get(key)
            if value == name and state.access(whole[key], denies) is not None:
                return GRANTS, f"the policy template {template} on {value}"
            if is_unknown(value) and key[:-4].lower() in template.lower():
                return MAYBE, f"the policy template {template} on a {key} that cannot be known ({value.reason})"
    return None


def _sam_statements(policy: Any) -> list[Statement] | None:
    """The statements of a SAM/CloudFormation policy document; None for a policy template, a managed policy's
    name or what cannot be read."""
    if not isinstance(policy, dict) or "Statement" not in policy:
        return None
    try:
        return statements_from_json(policy)
    except (ValueError, TypeError):
        return None


def _sam_policies(graph: Graph, state: _State) -> Iterable[Violation]:
    nodes = graph.resources(*SAM_POLICY_TYPES, *SAM_FUNCTION_TYPES, tool=Tool.SAM)
    for node in sorted(nodes, key=Node.sort_key):
        holder = f"{node.address}, a SAM/CloudFormation identity"
        entries = list(_sam_documents(node))
        documents = {path: _sam_statements(policy) for path, policy in entries}
        denies = _held_denies(documents.values())
        holders = [Holder(holder, False, node, "", "")]

        def held(_: Holder, denies: list[Statement] = denies) -> list[Statement]:
            return denies

        if node.type == "AWS::IAM::Role":
            yield from _managed(state, node, _listed(node, "Properties.ManagedPolicyArns"), holders, held)
        for path, policy in entries:
            if node.type in SAM_FUNCTION_TYPES and _broad_managed(policy, bare_names=True):
                yield from _managed(state, node, [(path, policy)], holders, held, bare_names=True)
                continue
            if is_unknown(policy):
                message = f"{node.address}: the policy cannot be known statically ({policy.reason}), so whether "
                yield Violation(node, message + "it grants the Terraform state cannot be verified", path)
                continue
            if not isinstance(policy, dict):
                continue
            if "Statement" not in policy:
                problem = _sam_template_problem(state, policy, denies)
                if problem is not None:
                    certainty, what = problem
                    outcome = "grants" if certainty == GRANTS else "may grant (cannot be known statically)"
                    yield Violation(node, f"{node.address}: {what} {outcome} the Terraform state to {holder}", path)
                continue
            statements = documents[path]
            if statements is not None:
                yield from _statement_findings(state, node, path, statements, holder, node, path, denies)


def state_for_deployment_role_only(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    state = _State(ctx, graph)
    yield from _identity_policies(graph, ctx, state)
    yield from _bucket_policies(graph, ctx, state)
    yield from _sam_policies(graph, state)


RULE = Rule(
    id="NC-STATE-009",
    family="state_backend",
    title="Only the deployment role can read or write the Terraform state and its lock table",
    severity=Severity.CRITICAL,
    spec_section=SPEC_SECTION + " (access control: IAM policies restrict to deployment role only)",
    checklist="secrets",
    what=(
        "No policy grants the state bucket (`notes-terraform-state`, its objects) or the lock table "
        "(`notes-terraform-locks`) to anyone but a DeploymentRole (`notes-<env>-deployment`). Checked: identity "
        "policies (`aws_iam_policy` through its attachments, `aws_iam_role_policy`, inline policies of "
        "`aws_iam_role`, user and group policies; JSON, `jsonencode` or `aws_iam_policy_document`), broad "
        "AWS-managed policies (AdministratorAccess, AmazonS3FullAccess, ...) attached to another role, SAM and "
        "CloudFormation policies (`AWS::IAM::Policy`, a role's or a function's `Policies`, S3/DynamoDB policy "
        "templates), and Allow statements of the state bucket's `aws_s3_bucket_policy` whose principal is not the "
        "deployment role (`*`, wildcards and `NotPrincipal`, every principal but those listed, included) unless "
        "an `aws:PrincipalArn` condition names only it. "
        "The actions are S3 object reads, writes and listings and DynamoDB item calls, wildcards (`s3:*`, `*`) "
        "and `NotAction` (every action but those listed) included; resources match by ARN pattern (`*`, "
        "`arn:aws:s3:::notes-*`, `NotResource`); Deny statements themselves grant nothing. Each environment's "
        "deployment role may "
        "use only its own state file: object reads and writes on another environment's key "
        "(`<env>/terraform.tfstate`, so the whole bucket too), lock items without a `dynamodb:LeadingKeys` "
        "condition within its own key, or DeleteTable, are findings too (listing the bucket is not). For any role, "
        "a Deny takes out what it certainly refuses, as IAM evaluates it (an explicit Deny wins over any Allow): "
        "a Deny in the same policy, or in any other policy of the same role, user or group (an "
        "`aws_iam_role_policy`, an `aws_iam_policy` through any attachment, an `inline_policy` block, however the "
        "role is named: its resource's id or name, or the name written out; the entries of a SAM function's or a "
        "CloudFormation role's `Policies`), AWS-managed policies included (what of S3 and DynamoDB each broad one "
        "allows, its ARN also through `${AWS::Partition}` or `aws_partition`; a SAM function's `Policies` by "
        "name), by its `Action` or `NotAction` (every action but those listed), on its `Resource` or "
        "`NotResource` (every resource but those listed: another key, the bucket or the lock table is refused "
        "unless a listed pattern may cover it). For another role it must cover, for each action the Allow grants, "
        "the bucket (listings), its objects (`arn:aws:s3:::notes-terraform-state/*`) or the lock table "
        "(`arn:aws:dynamodb:*:*:table/notes-terraform-locks`, its region and account being unknown) or the "
        "Allow's resource as written; what it leaves is reported (a partial Deny leaves a finding naming the "
        "actions not refused). In the state bucket's policy a Deny counts only when its `Principal` (or "
        '`NotPrincipal`) certainly takes in whoever the Allow lets in; an "everyone but these" Deny (`Principal` '
        "`*` whose only conditions are negated `aws:PrincipalArn` tests such as `ArnNotLike`, or a `NotPrincipal` "
        "without conditions) that refuses all an Allow grants on the state and spares only deployment roles leaves "
        "that Allow to them, each then held to its own environment's state. A Deny with any other `Condition`, "
        "or one whose actions, resources or principals are known only after apply, takes nothing out. A resource, "
        "principal or policy that cannot be known statically is reported as such."
    ),
    why=(
        "Section 3: 'Access Control: IAM policies restrict to deployment role only'; section 9 makes "
        "DeploymentRole the CI/CD identity. The state holds every attribute of every resource, secrets included; "
        "whoever can write it or its lock can make the next apply destroy or replace the environment. Reading: "
        "the spec's deployment role is one per environment (`${project}-${environment}-deployment` in "
        "spec.yaml), its state is 'separate state files per environment' under `${environment}/terraform.tfstate`, "
        "and section 2 makes IAM enforce environment boundaries; so 'restrict to deployment role only' is read "
        "per environment: dev's pipeline reading or rewriting prod's state (or taking prod's lock) breaks both."
    ),
    noncompliant=(
        'data "aws_iam_policy_document" "lambda" {\n  statement {\n    actions   = ["s3:GetObject"]\n'
        '    resources = ["arn:aws:s3:::notes-terraform-state/*"]\n  }\n}\n'
        'resource "aws_iam_role_policy" "lambda" {\n  role   = aws_iam_role.lambda_execution.id\n'
        "  policy = data.aws_iam_policy_document.lambda.json\n}"
    ),
    compliant=(
        'data "aws_iam_policy_document" "deployment" {\n  statement {\n'
        '    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]\n'
        '    resources = ["arn:aws:s3:::${var.state_bucket}/${var.environment}/*"]\n  }\n}\n'
        'resource "aws_iam_role_policy" "deployment" {\n'
        "  role   = aws_iam_role.deployment.id  # notes-<env>-deployment\n"
        "  policy = data.aws_iam_policy_document.deployment.json\n}"
    ),
    remediation=(
        "Grant the state bucket and the lock table only in the DeploymentRole's policy "
        "(`infra/terraform/modules/iam`), on its own key (`arn:aws:s3:::notes-terraform-state/<env>/*`) and its "
        "own lock items (`dynamodb:LeadingKeys` = `notes-terraform-state/<env>/*`); scope other roles' S3 and "
        "DynamoDB statements to their environment's own ARNs (`notes-<env>-*`), never Allow with NotAction or "
        "NotPrincipal, and keep the state bucket's policy to Deny guards."
    ),
    check=state_for_deployment_role_only,
    sections=("environment", "shared"),
)
