"""NC-ENV-001: Resource names carry the environment."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Node, Severity, Tool, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.naming import by_location, names_env

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


# Terraform types whose name is optional: without one (nor a prefix) the provider generates
# `terraform-<timestamp>`, a name that carries no environment.
TERRAFORM_GENERATED_NAMES = frozenset(
    {
        "aws_sqs_queue",
        "aws_sns_topic",
        "aws_s3_bucket",
        "aws_iam_role",
        "aws_iam_policy",
        "aws_cloudwatch_log_group",
        "aws_secretsmanager_secret",
        "aws_cloudwatch_event_rule",
        "aws_sfn_state_machine",
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


def names_carry_env(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for node in by_location(graph.resources()):
        paths = name_paths(node)
        if node.tool == Tool.TERRAFORM and node.type in TERRAFORM_GENERATED_NAMES and not any(
            node.get(p) is not None for p in paths
        ):
            yield Violation(
                node,
                f"{node.address} sets no {paths[0]}: the provider generates one (terraform-<timestamp>) that does not "
                f"carry the environment {ctx.env!r}",
            )
            continue
        for path in paths:
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


RULE = Rule(
    id="NC-ENV-001",
    family="environments",
    title="Resource names carry the environment",
    severity=Severity.MEDIUM,
    spec_section="2. Environment Separation Model",
    checklist="separation",
    what=(
        "The name of every resource that is unique in the account or region carries the environment as a name "
        "segment: Terraform `name`/`name_prefix` (and `bucket`, `function_name`, `alarm_name`, ... where the type "
        "names itself differently), SAM `FunctionName`, `TableName`, `Name`, `StageName`, ... when set. "
        "`notes-prod-notes`, `/notes/prod/api/url`, `alias/notes-prod` pass for prod; `notes-table` does not. A "
        "Terraform queue, topic, bucket, role, policy, log group, secret, event rule or state machine with no name "
        "nor prefix at all (the provider then generates `terraform-<timestamp>`) is a finding too. Names "
        "scoped by a parent (inline role policies, user pool clients, DNS records) are not checked."
    ),
    why=(
        "Section 2: in the single-account model 'IAM policies and resource naming enforce environment boundaries'. "
        "Two environments creating the same name collide in one account, and the IAM policies of this repository "
        "grant access by name prefix (`notes-<env>-*`): a name without the environment falls outside its own "
        "environment's policies or inside another's."
    ),
    noncompliant=(
        'resource "aws_dynamodb_table" "notes" {\n'
        '  name = "notes-table"\n'
        "}"
    ),
    compliant=(
        'resource "aws_dynamodb_table" "notes" {\n'
        '  name = "${var.project}-${var.environment}-notes"\n'
        "}"
    ),
    remediation=(
        "Build names from a prefix holding the environment, e.g. `local.name_prefix = "
        '"${var.project}-${var.environment}"` in Terraform and `!Sub "notes-${Environment}-api"` in SAM.'
    ),
    check=names_carry_env,
)
