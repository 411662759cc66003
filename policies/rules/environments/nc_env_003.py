"""NC-ENV-003: IAM policies are scoped to the environment by tag or name."""


from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from typing import Any

from checker.model import Graph, Node, Severity, Tool, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.iam import (
    BROAD_AWS_MANAGED_POLICIES,
    Statement,
    aws_managed_policy_name,
    identity_policy_paths,
    is_wildcard_resource,
    policy_statements,
    statements_from_json,
)
from policies.lib.naming import by_location, env_domains, mentions_domain, names_env

UNSCOPABLE_ACTIONS = frozenset(
    {
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
        "cloudwatch:PutMetricData",
        "cloudwatch:GetMetricData",
        "cloudwatch:GetMetricStatistics",
        "tag:GetResources",
        "tag:GetTagKeys",
        "tag:GetTagValues",
        "sts:GetCallerIdentity",
        "apigateway:GET",
        "cloudformation:ValidateTemplate",
        # The hosted zone (fikri.dev) is shared by every environment (section 2): nothing to scope to.
        "route53:GetChange",
        "route53:GetHostedZone",
        # AWS-managed CloudFront policies (CachingOptimized, ...) are shared by every environment.
        "cloudfront:GetCachePolicy",
        "cloudfront:GetOriginRequestPolicy",
        # Origin access controls and response headers policies take no tags and their ARNs carry an id, not
        # a name: IAM cannot tell one environment's from another's (account-wide configuration).
        "cloudfront:CreateOriginAccessControl",
        "cloudfront:DeleteOriginAccessControl",
        "cloudfront:GetOriginAccessControl",
        "cloudfront:UpdateOriginAccessControl",
        "cloudfront:CreateResponseHeadersPolicy",
        "cloudfront:DeleteResponseHeadersPolicy",
        "cloudfront:GetResponseHeadersPolicy",
        "cloudfront:UpdateResponseHeadersPolicy",
    }
)


READ_ONLY_VERBS = ("List", "Describe")


ENVIRONMENT_TAG_KEYS = ("aws:resourcetag/environment", "aws:requesttag/environment")


def is_unscopable(action: str) -> bool:
    if action in UNSCOPABLE_ACTIONS:
        return True
    _, _, verb = action.partition(":")
    return "*" not in verb and verb.startswith(READ_ONLY_VERBS)


def _names_this_env(value: Any, ctx: RuleContext) -> bool:
    if not isinstance(value, str):
        return False
    return names_env(value, ctx.env) or any(mentions_domain(value, d) for d in env_domains(ctx, ctx.env))


def denied_on_every_resource(action: str, denies: Iterable[Statement]) -> bool:
    """A Deny of the action on every ARN of its service (`arn:aws:sns:*:*:*`) leaves only ARN-less targets,
    such as SMS phone numbers for `sns:Publish`."""
    service = action.partition(":")[0].lower()

    def every_arn_of_service(resource: object) -> bool:
        if resource == "*":
            return True
        parts = resource.split(":") if isinstance(resource, str) else ()
        return len(parts) == 6 and parts[:3] == ["arn", "aws", service] and parts[5] == "*"

    return any(
        any(fnmatch.fnmatchcase(action.lower(), str(a).lower()) for a in deny.actions)
        and any(every_arn_of_service(r) for r in deny.resources)
        for deny in denies
    )


UNKNOWN_PART = "<unknown>"


def _shape(resource: Any) -> Any:
    """A resource ARN as far as it is known: the literal parts of a partly known string around a placeholder
    (`arn:aws:dynamodb:us-east-1:<unknown>:table/*`, the account from a data source, is still every table)."""
    if is_unknown(resource) and resource.known:
        return UNKNOWN_PART.join(resource.known)
    return resource


def _service_of(resource: str, services: set[str]) -> bool:
    """The resource is one an action of these services acts on: `*`, or an ARN of one of them (an
    apigateway action on a CloudFront ARN grants nothing)."""
    parts = resource.split(":", 5)
    if resource == "*" or len(parts) < 3 or "*" in services:
        return True
    return any(fnmatch.fnmatchcase(parts[2].lower(), service) for service in services)


def spans_environments(resource: Any, project: str) -> bool:
    """A name wildcard standing where the environment goes: the literal part of the ARN's resource before its
    first wildcard ends with the project's name segment (`table/notes-*`, `parameter/notes/*`,
    `log-group:/aws/lambda/notes-*`), so every environment's `notes-<env>-...` / `/notes/<env>/...` matches."""
    if not isinstance(resource, str):
        return False
    parts = resource.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return False
    found = re.search(r"[*?]", parts[5])
    if found is None:
        return False
    before = parts[5][: found.start()]
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(project)}[-_/.]?$", before) is not None


def sam_policy_documents(node: Node) -> Iterable[tuple[str, Any]]:
    """(path, document) of a SAM/CloudFormation identity policy: AWS::IAM::Policy and ManagedPolicy, and the
    inline policies of AWS::IAM::Role (the roles SAM generates from a function's `Policies:` included)."""
    if node.type in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        yield "Properties.PolicyDocument", node.get("Properties.PolicyDocument")
    elif node.type == "AWS::IAM::Role":
        policies = node.get("Properties.Policies")
        if is_unknown(policies):
            yield "Properties.Policies", policies
            return
        for index, entry in enumerate(policies if isinstance(policies, list) else []):
            if isinstance(entry, dict):
                yield f"Properties.Policies.{index}.PolicyDocument", entry.get("PolicyDocument")


def unscoped_problem(statement: Statement, ctx: RuleContext, denies: Iterable[Statement] = ()) -> str | None:
    """Why an identity-policy statement reaches beyond its environment, or None when it does not."""
    if statement.effect != "Allow" or statement.has_principal:
        return None
    tag_values = [values for _, key, values in statement.conditions if str(key).lower() in ENVIRONMENT_TAG_KEYS]
    for values in tag_values:
        if any(is_unknown(v) for v in values):
            return "its Environment tag condition cannot be known statically"
        if ctx.env not in values:
            return f"its Environment tag condition allows {sorted(map(str, values))}, not {ctx.env!r}"
    if tag_values:
        return None
    if any(_names_this_env(v, ctx) for _, _, values in statement.conditions for v in values):
        return None
    denies = [d for d in denies if d.effect == "Deny" and not d.conditions]
    scoped_actions = [
        a
        for a in statement.actions
        if isinstance(a, str) and not is_unscopable(a) and not denied_on_every_resource(a, denies)
    ]
    if not scoped_actions and statement.actions:
        return None
    if statement.not_resources:
        return "it grants every resource except a list (NotResource) without an Environment tag condition"
    shapes = [_shape(r) for r in statement.resources]
    services = {str(a).partition(":")[0].lower() for a in scoped_actions}
    project = str(ctx.spec.get("project", ""))
    spanning = [r for r in shapes if project and spans_environments(r, project)]
    wide = [
        r
        for r in shapes
        if (is_wildcard_resource(r) or r in spanning) and not _names_this_env(r, ctx) and _service_of(r, services)
    ]
    if not wide:
        return None
    shown = ", ".join(scoped_actions[:4]) + (", ..." if len(scoped_actions) > 4 else "")
    if statement.not_actions and not statement.actions:
        excluded = ", ".join(map(str, statement.not_actions[:4])) + (", ..." if len(statement.not_actions) > 4 else "")
        shown = f"every action except {excluded} (NotAction)"
    every_env = [r for r in wide if r in spanning]
    note = (
        f" (a name wildcard right after {project!r} matches every environment's names, "
        f"{' and '.join(ctx.other_envs)}'s included)"
        if every_env
        else ""
    )
    return (
        f"it allows {shown} on {', '.join(map(str, wide))}{note} without a condition on "
        "aws:ResourceTag/Environment or aws:RequestTag/Environment"
    )


def _sam_scoped_to_env(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for node in by_location(graph.resources(*SAM_POLICY_TYPES, tool=Tool.SAM)):
        for path, document in sam_policy_documents(node):
            if document is None:
                continue
            if is_unknown(document):
                yield Violation(
                    node,
                    f"{node.address}: the policy cannot be known statically ({document.reason}), "
                    "so its environment scope cannot be verified",
                    path,
                )
                continue
            try:
                statements = statements_from_json(document)
            except (ValueError, TypeError):
                continue
            yield from _unscoped_statements(node, path, statements, ctx)


def _unscoped_statements(node: Node, path: str, statements: list, ctx: RuleContext) -> Iterable[Violation]:
    for index, statement in enumerate(statements):
        problem = unscoped_problem(statement, ctx, statements)
        if problem:
            label = f"statement {statement.sid!r}" if statement.sid else f"statement {index + 1}"
            yield Violation(node, f"{node.address}: {label} is not scoped to {ctx.env}: {problem}", path)


SAM_POLICY_TYPES = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role")


# Where a managed policy is attached: the attribute holding one ARN or a list of them, by type.
MANAGED_POLICY_PATHS = {
    "aws_iam_role_policy_attachment": "policy_arn",
    "aws_iam_user_policy_attachment": "policy_arn",
    "aws_iam_group_policy_attachment": "policy_arn",
    "aws_iam_policy_attachment": "policy_arn",
    "aws_iam_role": "managed_policy_arns",
    "aws_iam_role_policy_attachments_exclusive": "policy_arns",
    "AWS::IAM::Role": "Properties.ManagedPolicyArns",
    "AWS::IAM::User": "Properties.ManagedPolicyArns",
    "AWS::IAM::Group": "Properties.ManagedPolicyArns",
}


def broad_aws_managed_policy(arn: Any) -> tuple[str, str] | None:
    """(name, what it allows) of an AWS managed policy that reaches every environment."""
    name = aws_managed_policy_name(arn)
    if name is None:
        return None
    if name in BROAD_AWS_MANAGED_POLICIES:
        return name, BROAD_AWS_MANAGED_POLICIES[name].allows
    return (name, "every action of its service on every resource") if name.endswith("FullAccess") else None


def broad_managed_attachments(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for node in by_location(graph.resources(*MANAGED_POLICY_PATHS)):
        path = MANAGED_POLICY_PATHS[node.type]
        value = node.get(path)
        listed = isinstance(value, list | tuple)
        arns = [(f"{path}.{i}", v) for i, v in enumerate(value)] if listed else [(path, value)]
        for where, arn in arns:
            broad = broad_aws_managed_policy(arn)
            if broad is not None:
                name, allows = broad
                yield Violation(
                    node,
                    f"{node.address} attaches the AWS managed policy {name}, which allows {allows}, with no "
                    "condition on aws:ResourceTag/Environment: it reaches "
                    f"{' and '.join(ctx.other_envs)}'s resources as well as {ctx.env}'s",
                    where,
                )


def iam_scoped_to_env(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    yield from _sam_scoped_to_env(graph, ctx)
    yield from broad_managed_attachments(graph, ctx)
    for node in by_location(graph.resources(tool=Tool.TERRAFORM)):
        for path in identity_policy_paths(node):
            statements = policy_statements(graph, node, path)
            if statements is None:
                continue
            if is_unknown(statements):
                yield Violation(
                    node,
                    f"{node.address}: the policy cannot be known statically ({statements.reason}), "
                    "so its environment scope cannot be verified",
                    path,
                )
                continue
            yield from _unscoped_statements(node, path, statements, ctx)


RULE = Rule(
    id="NC-ENV-003",
    family="environments",
    title="IAM policies are scoped to the environment by tag or name",
    severity=Severity.HIGH,
    spec_section="2. Environment Separation Model (IAM policies enforce access control based on tags)",
    checklist="separation",
    what=(
        "Every Allow statement of an identity policy (`aws_iam_policy`, `aws_iam_role_policy`, inline policies of "
        '`aws_iam_role`; written with `jsonencode`, a JSON string or a `data "aws_iam_policy_document"`), and of a '
        "SAM/CloudFormation `AWS::IAM::Policy`, `ManagedPolicy` or role (the role SAM makes from a function's "
        "`Policies:` included), that grants actions on every resource (`*`, or an ARN such as "
        "`arn:aws:kms:...:key/*`) carries a condition on "
        "`aws:ResourceTag/Environment` or `aws:RequestTag/Environment` equal to the environment, or a condition "
        "naming the environment (an `s3:prefix` of `prod/*`, the environment's domains). Resources named with the "
        "environment (`...:table/notes-prod-*`) need no condition; a name wildcard right after the project's name "
        "(`table/notes-*`, `parameter/notes/*`, SAM's `SSMParameterReadPolicy` of `notes/*`) matches every "
        "environment's names and counts as every resource. Actions that cannot be scoped (X-Ray, CloudWatch "
        "metrics, `List*`/`Describe*` metadata) are exempt, and so is an action the same policy denies on every ARN "
        "of its service (`sns:Publish` on `*` with a Deny on `arn:aws:sns:*:*:*` can only send SMS). A partly known "
        "ARN (`arn:aws:dynamodb:us-east-1:${account}:table/*`, the account from a data source) is read as far as it "
        "is known; a wildcard ARN of another service than the statement's actions grants nothing and is not counted. "
        "Attached AWS managed policies are read by name (their text is not in the configuration): "
        "`AdministratorAccess`, `PowerUserAccess`, any `*FullAccess`, `ReadOnlyAccess`, `AmazonS3ReadOnlyAccess` and "
        "`AmazonDynamoDBReadOnlyAccess` (a policy attachment, a role's `managed_policy_arns` / `ManagedPolicyArns`, "
        "a SAM function's `Policies:`) reach every environment and are findings; each policy is read on its own."
    ),
    why=(
        "Section 2's tag-based isolation: 'IAM policies enforce access control based on tags'. In one shared account "
        "a dev role allowed `dynamodb:*` on `*` can read and delete the prod notes table; only the Environment tag "
        "or the environment's name keeps each role inside its own environment."
    ),
    noncompliant=(
        'data "aws_iam_policy_document" "deploy" {\n'
        "  statement {\n"
        '    actions   = ["kms:*"]\n'
        '    resources = ["*"]\n'
        "  }\n"
        "}"
    ),
    compliant=(
        'data "aws_iam_policy_document" "deploy" {\n'
        "  statement {\n"
        '    actions   = ["kms:*"]\n'
        '    resources = ["arn:aws:kms:us-east-1:123456789012:key/*"]\n'
        "    condition {\n"
        '      test     = "StringEquals"\n'
        '      variable = "aws:ResourceTag/Environment"\n'
        "      values   = [var.environment]\n"
        "    }\n"
        "  }\n"
        "}"
    ),
    remediation=(
        "Scope the statement: list ARNs built from `notes-${var.environment}-*`, or add "
        "`aws:ResourceTag/Environment` (existing resources) / `aws:RequestTag/Environment` (creation) conditions "
        "equal to `var.environment`."
    ),
    check=iam_scoped_to_env,
)
