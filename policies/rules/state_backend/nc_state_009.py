"""NC-STATE-009: Only the deployment role can read or write the Terraform state and its lock table."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from typing import Any

from checker.model import Graph, Node, Severity, Tool, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.iam import (
    Statement,
    action_matches,
    as_tuple,
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

# AWS-managed policies known to grant S3 object or DynamoDB item access on every resource. Others are
# AWS's own service-role policies, scoped by AWS; their text is not in the configuration.
BROAD_MANAGED_POLICIES = frozenset(
    f"arn:aws:iam::aws:policy/{name}"
    for name in (
        "AdministratorAccess",
        "PowerUserAccess",
        "ReadOnlyAccess",
        "AmazonS3FullAccess",
        "AmazonS3ReadOnlyAccess",
        "AmazonDynamoDBFullAccess",
        "AmazonDynamoDBReadOnlyAccess",
    )
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

GRANTS, MAYBE = "grants", "maybe"


class _State:
    """The names the rule protects and the role allowed to use them, from policies/data/spec.yaml."""

    def __init__(self, ctx: RuleContext) -> None:
        self.bucket = spec_name(ctx, "bucket")
        self.table = spec_name(ctx, "lock_table")
        self.roles = frozenset(spec_name(ctx, "deployment_role", env) for env in sorted(ctx.spec["environments"]))

    def shown_roles(self) -> str:
        return ", ".join(sorted(self.roles))

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
                "bucket": (f"arn:aws:s3:::{self.bucket}", f"arn:aws:s3:::{self.bucket}/key"),
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

    def access(self, statement: Statement) -> tuple[str, str, str] | None:
        """(GRANTS or MAYBE, the actions, the resources) when an Allow statement reaches the state."""
        if statement.effect.lower() != "allow":
            return None
        resources: tuple[Any, ...] = statement.resources
        if not resources and statement.not_resources:
            excluded = any(self.reaches(r)[0] for r in statement.not_resources)
            resources = () if excluded else ("*",)
        unknown_action = any(is_unknown(a) for a in statement.actions)
        found: list[tuple[str, list[str], Any]] = []
        for resource in resources:
            reached, certainty = self.reaches(resource)
            actions = []
            if "bucket" in reached:
                actions += [a for a in STATE_OBJECT_ACTIONS if any(action_matches(p, a) for p in statement.actions)]
            if "table" in reached:
                actions += [a for a in LOCK_TABLE_ACTIONS if any(action_matches(p, a) for p in statement.actions)]
            if actions or (reached and unknown_action):
                found.append((certainty if actions else MAYBE, actions, resource))
        if not found:
            return None
        certainty = GRANTS if any(c == GRANTS for c, _, _ in found) else MAYBE
        chosen = [f for f in found if f[0] == certainty]
        actions = list(dict.fromkeys(a for _, acts, _ in chosen for a in acts)) or ["(actions not known statically)"]
        shown = ", ".join(actions[:4]) + (", ..." if len(actions) > 4 else "")
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


Holder = tuple[str, "bool | None", Node, str]


def _role_holders(graph: Graph, state: _State, node: Node, path: str) -> list[Holder]:
    values = [v for v in as_tuple(node.get(path)) if v is not None]
    named = [v for v in values if isinstance(v, str)]
    holders: list[Holder] = [(f"role {v}", state.is_deployment_role(v), node, path) for v in named]
    unknown = len(values) - len(named)
    if unknown:
        roles = _linked(graph, node, "aws_iam_role")
        for role in roles:
            name = role.get("name")
            holders.append((f"role {role.address}", state.is_deployment_role(name), node, path))
        if len(roles) < unknown:
            holders.append((f"a role that cannot be known statically ({path})", None, node, path))
    return holders


def _holders(graph: Graph, state: _State, node: Node) -> list[Holder]:
    if node.type == "aws_iam_role":
        return [(f"role {node.address}", state.is_deployment_role(node.get("name")), node, "name")]
    if node.type == "aws_iam_role_policy":
        return _role_holders(graph, state, node, "role")
    if node.type in ("aws_iam_user_policy", "aws_iam_group_policy"):
        kind = "user" if node.type == "aws_iam_user_policy" else "group"
        return [(f"{kind} {node.get(kind)}", False, node, kind)]
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
            holders.append((f"role {role.address}", state.is_deployment_role(role.get("name")), role, ""))
    if not holders:
        message = "whoever it is attached to (nothing in this configuration attaches it)"
        holders.append((message, None, node, "policy"))
    return sorted(holders, key=lambda h: (h[2].sort_key(), h[0]))


def _attachment_holders(graph: Graph, state: _State, attachment: Node) -> list[Holder]:
    holders: list[Holder] = []
    for key in ("role", "roles"):
        if attachment.get(key) is not None:
            holders += _role_holders(graph, state, attachment, key)
    for key in ("user", "users", "group", "groups"):
        for value in as_tuple(attachment.get(key)):
            holders.append((f"{key.rstrip('s')} {value}", False, attachment, key))
    return holders


# ---- findings


def _statement_findings(
    state: _State, node: Node, path: str, statements: list[Statement], holder: str, where: Node, where_path: str
) -> Iterable[Violation]:
    for index, statement in enumerate(statements):
        access = state.access(statement)
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


def _identity_policies(graph: Graph, ctx: RuleContext, state: _State) -> Iterable[Violation]:
    for node in sorted(graph.resources(tool=Tool.TERRAFORM), key=Node.sort_key):
        for path in identity_policy_paths(node):
            statements = policy_statements(graph, node, path)
            if statements is None:
                continue
            for holder, deployment, where, where_path in _holders(graph, state, node):
                if deployment is True:
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
                yield from _statement_findings(state, node, path, statements, holder, target, where_path)
    for attachment in sorted(graph.resources(*ATTACHMENT_TYPES, tool=Tool.TERRAFORM), key=Node.sort_key):
        arns = [attachment.get("policy_arn")]
        holders = _attachment_holders(graph, state, attachment)
        yield from _managed(state, attachment, "policy_arn", arns, holders)
    for role in sorted(graph.resources("aws_iam_role", tool=Tool.TERRAFORM), key=Node.sort_key):
        arns = list(as_tuple(role.get("managed_policy_arns")))
        holders = [(f"role {role.address}", state.is_deployment_role(role.get("name")), role, "")]
        yield from _managed(state, role, "managed_policy_arns", arns, holders)


def _managed(state: _State, node: Node, path: str, arns: list[Any], holders: list[Holder]) -> Iterable[Violation]:
    broad = [a for a in arns if isinstance(a, str) and a in BROAD_MANAGED_POLICIES]
    for arn in broad:
        for holder, deployment, _, _ in holders:
            if deployment is not True:
                yield Violation(
                    node,
                    f"{node.address}: {arn} grants S3 objects and DynamoDB items on every resource, the Terraform "
                    f"state ({state.bucket}, {state.table}) included, to {holder}, which is not the deployment "
                    f"role ({state.shown_roles()})",
                    path,
                )


def _principal_problem(state: _State, statement: Statement) -> str | None:
    """Why a bucket-policy Allow lets in someone other than the deployment role; None when it does not."""
    for operator, key, values in statement.conditions:
        operator = operator.lower().removeprefix("forallvalues:")
        if key.lower() != "aws:principalarn" or operator not in PRINCIPAL_ARN_OPERATORS:
            continue
        if values and all(state.is_deployment_role(v) is True for v in values):
            return None
    others = []
    for kind, identifier in statement.principals:
        if kind == "AWS" and state.is_deployment_role(identifier) is True:
            continue
        if is_unknown(identifier):
            others.append(f"{kind} principal that cannot be known statically ({identifier.reason})")
        elif identifier == "*":
            others.append("every principal (*)")
        elif isinstance(identifier, str) and "*" in identifier:
            others.append(f"the wildcard {identifier}")
        else:
            others.append(f"{kind} {identifier}")
    return ", ".join(others) or None


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
        for index, statement in enumerate(statements):
            access = state.access(statement)
            if access is None or not (named or access[0] == GRANTS):
                continue
            problem = _principal_problem(state, statement)
            if problem is None:
                continue
            _, actions, resources = access
            yield Violation(
                policy,
                f"{policy.address}: {_label(statement, index)} of the state bucket's policy allows {actions} on "
                f"{resources} to {problem}, not only the deployment role ({state.shown_roles()})",
                "policy",
            )


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


def _sam_template_problem(state: _State, entry: dict[str, Any]) -> tuple[str, str] | None:
    """A SAM policy template (S3CrudPolicy: {BucketName: ...}) on the state bucket or the lock table."""
    for template, parameters in entry.items():
        if not isinstance(parameters, dict):
            continue
        for key, name in (("BucketName", state.bucket), ("TableName", state.table)):
            value = parameters.get(key)
            if value == name:
                return GRANTS, f"the policy template {template} on {value}"
            if is_unknown(value) and key[:-4].lower() in template.lower():
                return MAYBE, f"the policy template {template} on a {key} that cannot be known ({value.reason})"
    return None


def _sam_policies(graph: Graph, state: _State) -> Iterable[Violation]:
    nodes = graph.resources(*SAM_POLICY_TYPES, *SAM_FUNCTION_TYPES, tool=Tool.SAM)
    for node in sorted(nodes, key=Node.sort_key):
        holder = f"{node.address}, a SAM/CloudFormation identity"
        for path, policy in _sam_documents(node):
            if is_unknown(policy):
                message = f"{node.address}: the policy cannot be known statically ({policy.reason}), so whether "
                yield Violation(node, message + "it grants the Terraform state cannot be verified", path)
                continue
            if not isinstance(policy, dict):
                continue
            if "Statement" not in policy:
                problem = _sam_template_problem(state, policy)
                if problem is not None:
                    certainty, what = problem
                    outcome = "grants" if certainty == GRANTS else "may grant (cannot be known statically)"
                    yield Violation(node, f"{node.address}: {what} {outcome} the Terraform state to {holder}", path)
                continue
            try:
                statements = statements_from_json(policy)
            except (ValueError, TypeError):
                continue
            yield from _statement_findings(state, node, path, statements, holder, node, path)


def state_for_deployment_role_only(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    state = _State(ctx)
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
        "deployment role (`*` and wildcards included) unless an `aws:PrincipalArn` condition names only it. "
        "The actions are S3 object reads, writes and listings and DynamoDB item calls, wildcards (`s3:*`, `*`) "
        "included; resources match by ARN pattern (`*`, `arn:aws:s3:::notes-*`). Deny statements pass. A "
        "resource, principal or policy that cannot be known statically is reported as such."
    ),
    why=(
        "Section 3: 'Access Control: IAM policies restrict to deployment role only'; section 9 makes "
        "DeploymentRole the CI/CD identity. The state holds every attribute of every resource, secrets included; "
        "whoever can write it or its lock can make the next apply destroy or replace the environment."
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
        "(`infra/terraform/modules/iam`); scope other roles' S3 and DynamoDB statements to their environment's "
        "own ARNs (`notes-<env>-*`), and keep the state bucket's policy to Deny guards."
    ),
    check=state_for_deployment_role_only,
    sections=("environment", "shared"),
)
