"""NC-ENV: the three environments share one account (section 2), so names, references, IAM scope and
domains are what keep them apart."""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import field
from typing import Any

from checker.model import Graph, Node, NodeKind, Severity, Tool, Unknown, is_unknown
from checker.records import record
from policies.base import Context, RuleFamily, Violation

FAMILY = RuleFamily("environments")

SEPARATION = "2. Environment Separation Model"
NAME_SEPARATORS = frozenset("-_/:.")
PROSE_KEYS = frozenset({"description", "Description", "comment", "Comment", "alarm_description", "AlarmDescription"})


# --- environment tokens and domains ------------------------------------------------------------


def mentions_env(text: str, env: str) -> bool:
    """True when `env` appears as a name segment: `notes-dev-x`, `/notes/dev/`, `dev/terraform.tfstate`.

    The token must not touch letters or digits (so `device`, `devops`, `production` do not count), must
    touch a name separator on one side (so prose such as "used in dev only" does not count), and must not
    be a top-level domain (`fikri.dev`).
    """
    for match in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(env)}(?![A-Za-z0-9])", text):
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if before == "." and after in ("", ".", "/", ":", "'", '"'):
            continue  # a top-level domain: fikri.dev, https://web.dev/
        if before in NAME_SEPARATORS or after in NAME_SEPARATORS:
            return True
    return False


def names_env(name: str, env: str) -> bool:
    return name == env or mentions_env(name, env)


def env_domains(ctx: Context, env: str) -> tuple[str, str]:
    spec = ctx.spec["environments"][env]
    return spec["frontend_domain"], spec["api_domain"]


def mentions_domain(text: str, domain: str) -> bool:
    """The domain, or a subdomain of it, as a whole host name (`p1.fikri.dev` is not in `p1-dev.fikri.dev`)."""
    return re.search(rf"(?<![A-Za-z0-9-]){re.escape(domain)}(?![A-Za-z0-9-])", text) is not None


def other_env_mention(text: str, ctx: Context, needles: re.Pattern[str] | None = None) -> str | None:
    """What in `text` belongs to another environment: its name segment or one of its domains."""
    if (needles or other_env_needles(ctx)).search(text) is None:
        return None  # the common case, decided by one substring scan
    for other in ctx.other_envs:
        for domain in env_domains(ctx, other):
            if mentions_domain(text, domain):
                return f"{other}'s domain {domain}"
        if mentions_env(text, other):
            return f"the environment name {other!r}"
    return None


def other_env_needles(ctx: Context) -> re.Pattern[str]:
    """Any substring without which no other environment can be named: their names and domains."""
    needles = [*ctx.other_envs, *(d for other in ctx.other_envs for d in env_domains(ctx, other))]
    return re.compile("|".join(map(re.escape, needles)) or "(?!)")


def walk_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(dotted path, string) for every string inside a resolved value, skipping free-text fields."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in PROSE_KEYS:
                yield from walk_strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk_strings(item, f"{path}.{index}" if path else str(index))


def by_location(nodes: Iterable[Node]) -> list[Node]:
    return sorted(nodes, key=Node.sort_key)


# --- names -------------------------------------------------------------------------------------

# Terraform types whose account- or region-unique name is not in `name`.
TERRAFORM_NAME_ATTRIBUTES = {
    "aws_s3_bucket": ("bucket", "bucket_prefix"),
    "aws_lambda_function": ("function_name",),
    "aws_cloudwatch_metric_alarm": ("alarm_name",),
    "aws_cloudwatch_composite_alarm": ("alarm_name",),
    "aws_cloudwatch_dashboard": ("dashboard_name",),
    "aws_cognito_user_pool_domain": ("domain",),
    "aws_lambda_layer_version": ("layer_name",),
}
# Types whose `name` is scoped by a parent (role, pool, plan, API, zone) or is a DNS name, not a resource name.
TERRAFORM_SCOPED_NAMES = frozenset(
    {
        "aws_route53_record",
        "aws_route53_zone",
        "aws_lambda_alias",
        "aws_cognito_user_group",
        "aws_cognito_user_pool_client",
        "aws_cognito_resource_server",
        "aws_cognito_identity_provider",
        "aws_iam_role_policy",
        "aws_iam_user_policy",
        "aws_iam_group_policy",
        "aws_backup_selection",
        "aws_cloudwatch_log_metric_filter",
        "aws_cloudwatch_log_subscription_filter",
        "aws_cloudwatch_log_stream",
        "aws_dynamodb_table_item",
        "aws_api_gateway_model",
        "aws_api_gateway_authorizer",
        "aws_apigatewayv2_authorizer",
        "aws_apigatewayv2_model",
        "aws_acm_certificate",
    }
)
SAM_NAME_PROPERTIES = {
    "AWS::Serverless::Function": ("FunctionName",),
    "AWS::Lambda::Function": ("FunctionName",),
    "AWS::Serverless::Api": ("Name", "StageName"),
    "AWS::Serverless::HttpApi": ("StageName",),
    "AWS::ApiGateway::RestApi": ("Name",),
    "AWS::Serverless::SimpleTable": ("TableName",),
    "AWS::DynamoDB::Table": ("TableName",),
    "AWS::Serverless::StateMachine": ("Name",),
    "AWS::Serverless::LayerVersion": ("LayerName",),
    "AWS::Logs::LogGroup": ("LogGroupName",),
    "AWS::SQS::Queue": ("QueueName",),
    "AWS::SNS::Topic": ("TopicName",),
    "AWS::CloudWatch::Alarm": ("AlarmName",),
    "AWS::IAM::Role": ("RoleName",),
    "AWS::SSM::Parameter": ("Name",),
    "AWS::SecretsManager::Secret": ("Name",),
}


def name_paths(node: Node) -> tuple[str, ...]:
    """Paths of the attributes that name `node` in its account and region."""
    if node.tool == Tool.SAM:
        return tuple(f"Properties.{p}" for p in SAM_NAME_PROPERTIES.get(node.type, ()))
    if not node.type.startswith("aws_") or node.type in TERRAFORM_SCOPED_NAMES:
        return ()
    return TERRAFORM_NAME_ATTRIBUTES.get(node.type, ("name", "name_prefix"))


def built_from_env(node: Node, path: str, env: str) -> bool:
    """A name only partly known (an account id in it) still carries the environment when its evidence shows
    it is built from the environment: `var.environment` (Terraform) or the `Environment` parameter (SAM)."""
    for step in node.trace_of(path):
        if step in ("var.environment", "Parameters.Environment") or step.endswith(".var.environment"):
            return True
        if f'environment = "{env}"' in step or f"Environment={env}" in step:
            return True
    return False


@FAMILY.rule(
    id="NC-ENV-001",
    title="Resource names carry the environment",
    severity=Severity.MEDIUM,
    spec_section=SEPARATION,
    checklist="separation",
    what=(
        "The name of every resource that is unique in the account or region carries the environment as a name "
        "segment: Terraform `name`/`name_prefix` (and `bucket`, `function_name`, `alarm_name`, ... where the "
        "type names itself differently), SAM `FunctionName`, `TableName`, `Name`, `StageName`, ... when set. "
        "`notes-prod-notes`, `/notes/prod/api/url`, `alias/notes-prod` pass for prod; `notes-table` does not. "
        "Names scoped by a parent (inline role policies, user pool clients, DNS records) are not checked."
    ),
    why=(
        "Section 2: in the single-account model 'IAM policies and resource naming enforce environment "
        "boundaries'. Two environments creating the same name collide in one account, and the IAM policies "
        "of this repository grant access by name prefix (`notes-<env>-*`): a name without the environment "
        "falls outside its own environment's policies or inside another's."
    ),
    noncompliant='resource "aws_dynamodb_table" "notes" {\n  name = "notes-table"\n}',
    compliant='resource "aws_dynamodb_table" "notes" {\n  name = "${var.project}-${var.environment}-notes"\n}',
    remediation=(
        'Build names from a prefix holding the environment, e.g. `local.name_prefix = "${var.project}-'
        '${var.environment}"` in Terraform and `!Sub "notes-${Environment}-api"` in SAM.'
    ),
)
def names_carry_env(graph: Graph, ctx: Context) -> Iterable[Violation]:
    for node in by_location(graph.resources()):
        for path in name_paths(node):
            name = node.get(path)
            if name is None:
                continue
            if is_unknown(name):
                if not built_from_env(node, path, ctx.env):
                    attribute = path.split(".")[-1]
                    message = f"{node.address}: {attribute} cannot be known statically ({name.reason})"
                    yield Violation(node, message, path)
            elif isinstance(name, str) and not names_env(name, ctx.env):
                yield Violation(
                    node, f"{node.address} is named {name!r}, which does not carry the environment {ctx.env!r}", path
                )


# --- references to other environments ----------------------------------------------------------

REFERENCE_KINDS = (NodeKind.RESOURCE, NodeKind.DATA, NodeKind.PROVIDER, NodeKind.SAM_RESOURCE, NodeKind.SAM_PARAMETER)


@FAMILY.rule(
    id="NC-ENV-002",
    title="No reference to another environment's resources or domains",
    severity=Severity.CRITICAL,
    spec_section=SEPARATION,
    checklist="separation",
    what=(
        "No resolved value of a Terraform resource, data source or provider, nor of a SAM resource or "
        "parameter, names another environment: a name segment such as `-dev-`, `/dev/`, `dev/` "
        "(`notes-dev-notes`, `arn:aws:ssm:...:parameter/notes/dev/...`) or another environment's domain "
        "(`p1-dev.fikri.dev`, `api.p1-sta.fikri.dev`, and `p1.fikri.dev` when checking dev or staging). "
        "Words that merely contain an environment name (`device`, `devops`, `production`) and free-text "
        "descriptions are ignored."
    ),
    why=(
        "Section 2 separates dev, staging and prod inside one account by tags and names only; a literal ARN, "
        "name or domain of another environment is a hole in that wall (a prod Lambda reading the dev table, "
        "a staging distribution serving the prod domain). Promotion (dev -> staging -> prod) relies on the same "
        "code producing each environment from its own `envs/<env>.tfvars` and samconfig section."
    ),
    noncompliant="# envs/prod.tfvars\n"
    'notes_table_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/notes-dev-notes"',
    compliant='resource "aws_iam_role_policy" "lambda" {\n  policy = jsonencode({ Statement = [{\n'
    "    Resource = aws_dynamodb_table.notes.arn\n  }] })\n}",
    remediation=(
        "Refer to this environment's resources through references, variables and `var.environment`, never "
        "through another environment's literal names; put environment-specific values in `envs/<env>.tfvars` "
        "and in the samconfig.toml section of that environment."
    ),
)
def no_cross_env_reference(graph: Graph, ctx: Context) -> Iterable[Violation]:
    needles = other_env_needles(ctx)
    for node in by_location(graph.of_kind(*REFERENCE_KINDS)):
        # A SAM parameter's declaration (AllowedValues, AllowedPattern) lists every environment by design.
        values = {"value": node.get("value")} if node.kind == NodeKind.SAM_PARAMETER else node.values
        for path, text in walk_strings(values):
            found = other_env_mention(text, ctx, needles)
            if found:
                yield Violation(node, f"{node.address}: {path} = {text!r} names {found} (checking {ctx.env})", path)


# --- IAM scope ---------------------------------------------------------------------------------


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

    @property
    def has_principal(self) -> bool:
        return bool(self.principals)

    def condition_keys(self) -> set[str]:
        return {str(key).lower() for _, key, _ in self.conditions}


def _as_tuple(value: Any) -> tuple[Any, ...]:
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
    return tuple((kind, identifier) for kind, ids in principal.items() for identifier in _as_tuple(ids))


def statements_from_json(document: Any) -> list[Statement]:
    """Statements of a policy given as a JSON string or an already decoded dict (jsonencode)."""
    if isinstance(document, str):
        document = json.loads(document)
    if not isinstance(document, dict):
        raise ValueError("a policy document must be a JSON object")
    statements = []
    for raw in _as_tuple(document.get("Statement")):
        if not isinstance(raw, dict):
            continue
        conditions = []
        for operator, entries in (raw.get("Condition") or {}).items():
            if isinstance(entries, dict):
                conditions.extend((operator, key, _as_tuple(values)) for key, values in entries.items())
        statements.append(
            Statement(
                effect=str(raw.get("Effect", "Allow")),
                actions=_as_tuple(raw.get("Action")),
                resources=_as_tuple(raw.get("Resource")),
                not_resources=_as_tuple(raw.get("NotResource")),
                principals=_json_principals(raw.get("Principal", raw.get("NotPrincipal"))),
                conditions=tuple(conditions),
                sid=str(raw.get("Sid", "")),
            )
        )
    return statements


def statements_from_document_node(node: Node) -> list[Statement]:
    """Statements of a `data "aws_iam_policy_document"` node (statement blocks, as in `terraform show -json`)."""
    statements = []
    for raw in _as_tuple(node.get("statement")):
        if not isinstance(raw, dict):
            continue
        conditions = tuple(
            (c.get("test", ""), c.get("variable", ""), _as_tuple(c.get("values")))
            for c in _as_tuple(raw.get("condition"))
            if isinstance(c, dict)
        )
        statements.append(
            Statement(
                effect=str(raw.get("effect") or "Allow"),
                actions=_as_tuple(raw.get("actions")),
                resources=_as_tuple(raw.get("resources")),
                not_resources=_as_tuple(raw.get("not_resources")),
                principals=tuple(
                    (p.get("type", ""), identifier)
                    for p in _as_tuple(raw.get("principals") or raw.get("not_principals"))
                    if isinstance(p, dict)
                    for identifier in _as_tuple(p.get("identifiers"))
                ),
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


def policy_statements(graph: Graph, node: Node, path: str) -> list[Statement] | Unknown | None:
    """The statements of the policy at `node.path`: None when absent, Unknown when not knowable statically."""
    value = node.get(path)
    if value is None:
        return None
    if is_unknown(value):
        document = referenced_policy_document(graph, node, path)
        return value if document is None else statements_from_document_node(document)
    try:
        return statements_from_json(value)
    except (ValueError, TypeError) as error:
        return Unknown(f"policy is not valid JSON: {error}")


# Actions that have no resource-level permission, or that only list or describe metadata: "*" is the
# only resource they accept (or the scope would not protect any data).
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
    }
)
READ_ONLY_VERBS = ("List", "Describe")
ENVIRONMENT_TAG_KEYS = ("aws:resourcetag/environment", "aws:requesttag/environment")


def is_unscopable(action: str) -> bool:
    if action in UNSCOPABLE_ACTIONS:
        return True
    _, _, verb = action.partition(":")
    return "*" not in verb and verb.startswith(READ_ONLY_VERBS)


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


def _names_this_env(value: Any, ctx: Context) -> bool:
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


def unscoped_problem(statement: Statement, ctx: Context, denies: Iterable[Statement] = ()) -> str | None:
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
    wide = [r for r in statement.resources if is_wildcard_resource(r) and not _names_this_env(r, ctx)]
    if not wide:
        return None
    shown = ", ".join(scoped_actions[:4]) + (", ..." if len(scoped_actions) > 4 else "")
    return (
        f"it allows {shown} on {', '.join(map(str, wide))} without a condition on "
        "aws:ResourceTag/Environment or aws:RequestTag/Environment"
    )


# Identity policies: the attribute that holds the policy document, by resource type.
IDENTITY_POLICY_PATHS = {
    "aws_iam_policy": ("policy",),
    "aws_iam_role_policy": ("policy",),
    "aws_iam_user_policy": ("policy",),
    "aws_iam_group_policy": ("policy",),
}


def identity_policy_paths(node: Node) -> list[str]:
    if node.type == "aws_iam_role":
        return [f"inline_policy.{i}.policy" for i, _ in enumerate(_as_tuple(node.get("inline_policy")))]
    return list(IDENTITY_POLICY_PATHS.get(node.type, ()))


@FAMILY.rule(
    id="NC-ENV-003",
    title="IAM policies are scoped to the environment by tag or name",
    severity=Severity.HIGH,
    spec_section=SEPARATION + " (IAM policies enforce access control based on tags)",
    checklist="separation",
    what=(
        "Every Allow statement of an identity policy (`aws_iam_policy`, `aws_iam_role_policy`, inline policies "
        'of `aws_iam_role`; written with `jsonencode`, a JSON string or a `data "aws_iam_policy_document"`) '
        "that grants actions on every resource (`*`, or an ARN such as `arn:aws:kms:...:key/*`) carries a "
        "condition on `aws:ResourceTag/Environment` or `aws:RequestTag/Environment` equal to the environment, "
        "or a condition naming the environment (an `s3:prefix` of `prod/*`, the environment's domains). "
        "Resources named with the environment (`...:table/notes-prod-*`) need no condition. Actions that "
        "cannot be scoped (X-Ray, CloudWatch metrics, `List*`/`Describe*` metadata) are exempt, and so is an "
        "action the same policy denies on every ARN of its service (`sns:Publish` on `*` with a Deny on "
        "`arn:aws:sns:*:*:*` can only send SMS)."
    ),
    why=(
        "Section 2's tag-based isolation: 'IAM policies enforce access control based on tags'. In one shared "
        "account a dev role allowed `dynamodb:*` on `*` can read and delete the prod notes table; only the "
        "Environment tag or the environment's name keeps each role inside its own environment."
    ),
    noncompliant='data "aws_iam_policy_document" "deploy" {\n  statement {\n    actions   = ["kms:*"]\n'
    '    resources = ["*"]\n  }\n}',
    compliant='data "aws_iam_policy_document" "deploy" {\n  statement {\n    actions   = ["kms:*"]\n'
    '    resources = ["arn:aws:kms:us-east-1:123456789012:key/*"]\n    condition {\n      test     = '
    '"StringEquals"\n      variable = "aws:ResourceTag/Environment"\n      values   = [var.environment]\n'
    "    }\n  }\n}",
    remediation=(
        "Scope the statement: list ARNs built from `notes-${var.environment}-*`, or add "
        "`aws:ResourceTag/Environment` (existing resources) / `aws:RequestTag/Environment` (creation) "
        "conditions equal to `var.environment`."
    ),
)
def iam_scoped_to_env(graph: Graph, ctx: Context) -> Iterable[Violation]:
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
            for index, statement in enumerate(statements):
                problem = unscoped_problem(statement, ctx, statements)
                if problem:
                    label = f"statement {statement.sid!r}" if statement.sid else f"statement {index + 1}"
                    yield Violation(node, f"{node.address}: {label} is not scoped to {ctx.env}: {problem}", path)


# --- domains -----------------------------------------------------------------------------------


def _fqdn(name: str, root_domain: str) -> str:
    name = name.rstrip(".").lower()
    return name if name == root_domain or name.endswith("." + root_domain) else f"{name}.{root_domain}"


def _within(host: str, domains: Iterable[str]) -> bool:
    host = host.lstrip("*.")
    return any(host == d or host.endswith("." + d) for d in domains)


def _covers(certificate_domain: str, domain: str) -> bool:
    """An ACM domain serves `domain`: the same name, or a wildcard one level above it."""
    if certificate_domain == domain:
        return True
    return certificate_domain.startswith("*.") and domain.partition(".")[2] == certificate_domain[2:]


def domain_checks(node: Node) -> list[tuple[str, str]]:
    """(path, role) of the domain-bearing attributes of a node; role is 'frontend', 'api', 'zone' or 'cert'."""
    if node.type == "aws_cloudfront_distribution":
        return [(f"aliases.{i}", "frontend") for i, _ in enumerate(_as_tuple(node.get("aliases")))]
    if node.type in ("aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name"):
        return [("domain_name", "api")]
    if node.type == "aws_route53_record":
        return [("name", "zone")]
    if node.type == "aws_acm_certificate" and node.kind == NodeKind.DATA:
        return [("domain", "cert")]
    if node.type == "AWS::Serverless::Api":
        return [("Properties.Domain.DomainName", "api")] if node.get("Properties.Domain") else []
    if node.type == "AWS::ApiGateway::DomainName":
        return [("Properties.DomainName", "api")]
    return []


@FAMILY.rule(
    id="NC-ENV-004",
    title="Domains follow the spec's environment mapping",
    severity=Severity.HIGH,
    spec_section=SEPARATION + " (Networking & Content Delivery: domain strategy)",
    checklist="separation",
    what=(
        "The host names an environment serves are its own: CloudFront `aliases` equal its frontend domain, "
        "`aws_api_gateway_domain_name.domain_name` / SAM `Domain.DomainName` equal its API domain, Route53 "
        'records sit at or under its frontend or API domain, and `data "aws_acm_certificate"` lookups '
        "ask for one of its domains (or a wildcard covering one). The mapping: dev `p1-dev.fikri.dev` / "
        "`api.p1-dev.fikri.dev`, staging `p1-sta.fikri.dev` / `api.p1-sta.fikri.dev`, prod `p1.fikri.dev` / "
        "`api.p1.fikri.dev`."
    ),
    why=(
        "Section 2 (domain strategy) maps each environment to its own frontend and API host names. A staging "
        "distribution claiming `p1.fikri.dev`, or a dev record overwriting the prod alias, sends real users to "
        "the wrong environment — or fails the apply because CloudFront aliases are unique account-wide."
    ),
    noncompliant='# envs/staging.tfvars\nfrontend_domain = "p1.fikri.dev"',
    compliant='# envs/staging.tfvars\nfrontend_domain = "p1-sta.fikri.dev"\napi_domain      = "api.p1-sta.fikri.dev"',
    remediation=(
        "Take every host name from `var.frontend_domain` / `var.api_domain` (Terraform) or the `ApiDomain` "
        "parameter (SAM) and set them per environment in `envs/<env>.tfvars` and samconfig.toml, following "
        "the spec's mapping."
    ),
)
def domains_follow_mapping(graph: Graph, ctx: Context) -> Iterable[Violation]:
    frontend, api = env_domains(ctx, ctx.env)
    root = ctx.spec["root_domain"]
    expected = {"frontend": {frontend}, "api": {api}}
    for node in by_location(n for n in graph.nodes.values() if n.kind != NodeKind.MODULE):
        for path, role in domain_checks(node):
            value = node.get(path)
            if value is None:
                continue
            if is_unknown(value):
                yield Violation(node, f"{node.address}: {path} cannot be known statically ({value.reason})", path)
                continue
            if not isinstance(value, str):
                continue
            host = value.rstrip(".").lower()
            if role in expected:
                ok = host in expected[role]
                wanted = next(iter(expected[role]))
            elif role == "zone":
                host = _fqdn(host, root)
                ok = _within(host, (frontend, api))
                wanted = f"{frontend} or {api} (or a name under them)"
            else:
                ok = _covers(host, frontend) or _covers(host, api)
                wanted = f"{frontend} or {api}"
            if not ok:
                yield Violation(node, f"{node.address}: {path} is {value!r}; {ctx.env} uses {wanted}", path)
