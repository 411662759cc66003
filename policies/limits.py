"""NC-LIMIT: the spec's per-environment configuration table holds on the values that reach the resources.

The table lives once, in policies/data/spec.yaml. Each finding carries the chain of evidence from the
tfvars or samconfig line to the attribute, so a reviewer sees where a wrong number came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from checker.model import Graph, Node, NodeKind, Severity, Tool, is_unknown
from policies.base import Context, RuleFamily, Violation

FAMILY = RuleFamily("limits")

SECTION = "2. Configuration Management (per-environment variables)"
TERRAFORM_FUNCTION_TYPES = ("aws_lambda_function",)
SAM_FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")
SAM_REST_API_TYPES = ("AWS::Serverless::Api",)
SAM_HTTP_API_TYPES = ("AWS::Serverless::HttpApi",)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _shown(value: Any) -> str:
    return str(value) if not isinstance(value, str) else repr(value)


def _compare(node: Node, path: str, expected: Any, what: str, ctx: Context) -> Iterator[Violation]:
    """One attribute against the table: unknown is said, never passed."""
    value = node.get(path)
    if value is None:
        yield Violation(node, f"{what} is not set on {node.address}; the spec requires {expected} in {ctx.env}", path)
    elif is_unknown(value):
        yield Violation(
            node,
            f"{what} of {node.address} cannot be known statically ({value.reason}); "
            f"the spec requires {expected} in {ctx.env}",
            path,
        )
    elif _number(value) is not None and _number(expected) is not None:
        if _number(value) != _number(expected):
            yield Violation(
                node, f"{what} is {_shown(value)} on {node.address}; the spec requires {expected} in {ctx.env}", path
            )
    elif value != expected:
        yield Violation(
            node, f"{what} is {_shown(value)} on {node.address}; the spec requires {expected!r} in {ctx.env}", path
        )


@FAMILY.rule(
    id="NC-LIMIT-001",
    title="DynamoDB read/write capacity matches the environment's row",
    severity=Severity.HIGH,
    spec_section=SECTION,
    checklist="cost",
    what="Every DynamoDB table is billed PROVISIONED with read_capacity and write_capacity equal to the spec's "
    "DynamoDB Read Units and Write Units for the environment (1/1 dev, 1/1 staging, 2/2 prod).",
    why="Section 2's configuration table fixes capacity per environment, and section 7 makes Terraform "
    "variable limits the cost control: a table with other units costs what the estimate did not plan for.",
    noncompliant='resource "aws_dynamodb_table" "notes" {\n  billing_mode   = "PROVISIONED"\n'
    "  read_capacity  = 5   # prod row says 2\n  write_capacity = var.dynamodb_write_units\n}",
    compliant='resource "aws_dynamodb_table" "notes" {\n  billing_mode   = "PROVISIONED"\n'
    "  read_capacity  = var.dynamodb_read_units   # envs/prod.tfvars: 2\n"
    "  write_capacity = var.dynamodb_write_units  # envs/prod.tfvars: 2\n}",
    remediation="Set dynamodb_read_units / dynamodb_write_units in envs/<env>.tfvars to the spec's values and "
    'pass them to the table\'s read_capacity / write_capacity; keep billing_mode = "PROVISIONED".',
)
def dynamodb_capacity(graph: Graph, ctx: Context) -> Iterable[Violation]:
    row = ctx.env_spec
    for table in graph.resources("aws_dynamodb_table"):
        mode = table.get("billing_mode", "PROVISIONED")
        if mode == "PAY_PER_REQUEST":
            yield Violation(
                table,
                f"{table.address} is PAY_PER_REQUEST; the spec provisions "
                f"{row['dynamodb_read_units']}/{row['dynamodb_write_units']} units in {ctx.env}",
                "billing_mode",
            )
            continue
        yield from _compare(table, "read_capacity", row["dynamodb_read_units"], "read_capacity", ctx)
        yield from _compare(table, "write_capacity", row["dynamodb_write_units"], "write_capacity", ctx)
    for table in graph.resources("AWS::DynamoDB::Table", tool=Tool.SAM):
        throughput = "Properties.ProvisionedThroughput"
        yield from _compare(
            table, f"{throughput}.ReadCapacityUnits", row["dynamodb_read_units"], "ReadCapacityUnits", ctx
        )
        yield from _compare(
            table, f"{throughput}.WriteCapacityUnits", row["dynamodb_write_units"], "WriteCapacityUnits", ctx
        )


@FAMILY.rule(
    id="NC-LIMIT-002",
    title="Lambda memory matches the environment's row",
    severity=Severity.MEDIUM,
    spec_section=SECTION,
    checklist="cost",
    what="Every Lambda function (SAM AWS::Serverless::Function with Globals merged, or a Terraform "
    "aws_lambda_function) has MemorySize / memory_size equal to the spec's Lambda Memory (128/128/256 MB).",
    why="Section 2's configuration table sets Lambda memory per environment; memory is what Lambda bills.",
    noncompliant="Globals:\n  Function:\n    MemorySize: 512   # prod row says 256",
    compliant="Globals:\n  Function:\n    MemorySize: !Ref LambdaMemory   # samconfig prod: LambdaMemory=256",
    remediation="Set the LambdaMemory parameter in samconfig.toml's [<env>.deploy.parameters] to the spec's "
    "value and use it for MemorySize in Globals.Function.",
)
def lambda_memory(graph: Graph, ctx: Context) -> Iterable[Violation]:
    expected = ctx.env_spec["lambda_memory_mb"]
    for function in graph.resources(*SAM_FUNCTION_TYPES, tool=Tool.SAM):
        yield from _compare(function, "Properties.MemorySize", expected, "MemorySize", ctx)
    for function in graph.resources(*TERRAFORM_FUNCTION_TYPES, tool=Tool.TERRAFORM):
        yield from _compare(function, "memory_size", expected, "memory_size", ctx)


def _per_minute(rate_per_second: float) -> float:
    return rate_per_second * 60


@FAMILY.rule(
    id="NC-LIMIT-003",
    title="API throttling matches the environment's rate limit",
    severity=Severity.HIGH,
    spec_section=SECTION,
    checklist="cost",
    what="Every API (SAM AWS::Serverless::Api MethodSettings, AWS::Serverless::HttpApi DefaultRouteSettings, "
    "or Terraform aws_api_gateway_method_settings) throttles at the spec's API Rate Limit converted to "
    "API Gateway's per-second rate (1,000/min = 16.67/s; within one request per second), with a burst limit "
    "set and not below the rate.",
    why="Section 2's configuration table sets the API rate limit per environment (1,000/1,000/10,000 "
    "requests per minute); an unthrottled API is an open cost line (section 7).",
    noncompliant="NotesApi:\n  Type: AWS::Serverless::Api\n  Properties:\n    StageName: prod\n"
    "    # no MethodSettings: unthrottled",
    compliant="    MethodSettings:\n      - ResourcePath: '/*'\n        HttpMethod: '*'\n"
    "        ThrottlingRateLimit: !Ref ApiRateLimitPerSecond   # 167 in prod\n"
    "        ThrottlingBurstLimit: !Ref ApiBurstLimit",
    remediation="Set ThrottlingRateLimit to the spec's requests per minute divided by 60 (rounded) and a "
    "ThrottlingBurstLimit at least as high, from per-environment parameters in samconfig.toml.",
)
def api_throttling(graph: Graph, ctx: Context) -> Iterable[Violation]:
    per_minute = ctx.env_spec["api_rate_limit_per_minute"]
    for api in graph.resources(*SAM_REST_API_TYPES, tool=Tool.SAM):
        settings = api.get("Properties.MethodSettings")
        if is_unknown(settings):
            yield Violation(api, f"MethodSettings of {api.address} cannot be known statically", "Properties")
            continue
        catch_all = [
            (index, s) for index, s in enumerate(settings or []) if isinstance(s, dict) and "ThrottlingRateLimit" in s
        ]
        if not catch_all:
            yield Violation(
                api,
                f"{api.address} sets no ThrottlingRateLimit; the spec limits {ctx.env} to "
                f"{per_minute:,} requests per minute",
                "Properties.MethodSettings" if settings else "",
            )
            continue
        for index, setting in catch_all:
            yield from _throttle(api, f"Properties.MethodSettings.{index}", setting, per_minute, ctx)
    for api in graph.resources(*SAM_HTTP_API_TYPES, tool=Tool.SAM):
        setting = api.get("Properties.DefaultRouteSettings")
        if not isinstance(setting, dict) or "ThrottlingRateLimit" not in setting:
            yield Violation(
                api,
                f"{api.address} sets no DefaultRouteSettings.ThrottlingRateLimit; the spec "
                f"limits {ctx.env} to {per_minute:,} requests per minute",
                "Properties",
            )
            continue
        yield from _throttle(api, "Properties.DefaultRouteSettings", setting, per_minute, ctx)
    for settings in graph.resources("aws_api_gateway_method_settings", tool=Tool.TERRAFORM):
        block = settings.get("settings.0")
        if not isinstance(block, dict) or block.get("throttling_rate_limit") is None:
            yield Violation(settings, f"{settings.address} sets no throttling_rate_limit", "settings")
            continue
        yield from _throttle(
            settings,
            "settings.0",
            {
                "ThrottlingRateLimit": block.get("throttling_rate_limit"),
                "ThrottlingBurstLimit": block.get("throttling_burst_limit"),
            },
            per_minute,
            ctx,
            rate_key="throttling_rate_limit",
            burst_key="throttling_burst_limit",
        )


def _throttle(
    node: Node,
    base: str,
    setting: dict,
    per_minute: int,
    ctx: Context,
    rate_key: str = "ThrottlingRateLimit",
    burst_key: str = "ThrottlingBurstLimit",
) -> Iterator[Violation]:
    rate = setting.get("ThrottlingRateLimit")
    burst = setting.get("ThrottlingBurstLimit")
    rate_path, burst_path = f"{base}.{rate_key}", f"{base}.{burst_key}"
    if is_unknown(rate) or _number(rate) is None:
        yield Violation(
            node,
            f"throttling rate of {node.address} cannot be known statically ({rate}); the spec "
            f"limits {ctx.env} to {per_minute:,} requests per minute",
            rate_path,
        )
        return
    rate_number = _number(rate)
    if abs(_per_minute(rate_number) - per_minute) > 60:
        yield Violation(
            node,
            f"throttling rate is {rate_number:g}/s (= {_per_minute(rate_number):,.0f}/min) on "
            f"{node.address}; the spec limits {ctx.env} to {per_minute:,}/min "
            f"(about {per_minute / 60:.2f}/s)",
            rate_path,
        )
    if burst is None:
        yield Violation(node, f"{node.address} sets no throttling burst limit", base)
    elif not is_unknown(burst) and _number(burst) is not None and _number(burst) < rate_number:
        yield Violation(node, f"burst limit {burst} is below the rate {rate_number:g}/s on {node.address}", burst_path)


@FAMILY.rule(
    id="NC-LIMIT-004",
    title="Backups kept for the environment's retention",
    severity=Severity.HIGH,
    spec_section=SECTION + "; 5. Rollback Strategy",
    checklist="recovery",
    what="Every DynamoDB table has point-in-time recovery enabled, and AWS Backup keeps its recovery points "
    "for exactly the spec's Backup Retention (7/7/30 days): an aws_backup_plan rule with lifecycle "
    "delete_after equal to the row (or PITR's recovery_period_in_days when set).",
    why="Section 2 sets backup retention per environment and section 5 restores a corrupted database from "
    "backup (DynamoDB point-in-time); without PITR or with another retention, that rollback is not there.",
    noncompliant='resource "aws_backup_plan" "notes" {\n  rule {\n    lifecycle {\n'
    "      delete_after = 7   # prod row says 30\n    }\n  }\n}",
    compliant='resource "aws_backup_plan" "notes" {\n  rule {\n    lifecycle {\n'
    "      delete_after = var.backup_retention_days   # envs/prod.tfvars: 30\n    }\n  }\n}",
    remediation="Enable point_in_time_recovery on the table and set backup_retention_days in envs/<env>.tfvars; "
    "use it for the backup plan's lifecycle delete_after.",
)
def backup_retention(graph: Graph, ctx: Context) -> Iterable[Violation]:
    days = ctx.env_spec["backup_retention_days"]
    tables = graph.resources("aws_dynamodb_table", tool=Tool.TERRAFORM)
    for table in tables:
        enabled = table.get("point_in_time_recovery.0.enabled")
        if enabled is not True:
            state = "cannot be known statically" if is_unknown(enabled) else "is not enabled"
            yield Violation(
                table,
                f"point-in-time recovery {state} on {table.address}",
                "point_in_time_recovery.0.enabled" if enabled is not None else "",
            )
            continue
        period = table.get("point_in_time_recovery.0.recovery_period_in_days")
        if period is not None:
            yield from _compare(
                table, "point_in_time_recovery.0.recovery_period_in_days", days, "recovery_period_in_days", ctx
            )
    plans = graph.resources("aws_backup_plan", tool=Tool.TERRAFORM)
    for plan in plans:
        for index, rule in enumerate(plan.get("rule") or []):
            if not isinstance(rule, dict):
                continue
            if not rule.get("lifecycle"):
                yield Violation(
                    plan,
                    f"backup rule {index} of {plan.address} keeps recovery points forever; the "
                    f"spec keeps {days} days in {ctx.env}",
                    f"rule.{index}",
                )
                continue
            yield from _compare(plan, f"rule.{index}.lifecycle.0.delete_after", days, "lifecycle delete_after", ctx)
    if tables and not plans and not any(t.get("point_in_time_recovery.0.recovery_period_in_days") for t in tables):
        table = tables[0]
        yield Violation(
            table,
            f"no aws_backup_plan (or PITR recovery_period_in_days) enforces the spec's "
            f"{days}-day backup retention for {ctx.env}",
            "",
        )


@FAMILY.rule(
    id="NC-LIMIT-005",
    title="Logging level matches the environment's row",
    severity=Severity.MEDIUM,
    spec_section=SECTION,
    checklist="cost",
    what="Every Lambda function's LOG_LEVEL environment variable (SAM, Globals merged; or Terraform) equals "
    "the spec's Logging Level: DEBUG in dev, INFO in staging, WARN in prod.",
    why="Section 2's configuration table fixes the logging level; DEBUG logs in prod leak detail and cost "
    "CloudWatch ingestion (section 7).",
    noncompliant="Globals:\n  Function:\n    Environment:\n      Variables:\n        LOG_LEVEL: DEBUG   # in prod",
    compliant="Globals:\n  Function:\n    Environment:\n      Variables:\n        LOG_LEVEL: !Ref LogLevel"
    "   # samconfig prod: LogLevel=WARN",
    remediation="Set the LogLevel parameter per environment in samconfig.toml and pass it as LOG_LEVEL.",
)
def log_level(graph: Graph, ctx: Context) -> Iterable[Violation]:
    expected = ctx.env_spec["log_level"]
    for function in graph.resources(*SAM_FUNCTION_TYPES, tool=Tool.SAM):
        yield from _compare(function, "Properties.Environment.Variables.LOG_LEVEL", expected, "LOG_LEVEL", ctx)
    for function in graph.resources(*TERRAFORM_FUNCTION_TYPES, tool=Tool.TERRAFORM):
        yield from _compare(function, "environment.0.variables.LOG_LEVEL", expected, "LOG_LEVEL", ctx)


CAPACITY_ATTRIBUTES = {
    "aws_dynamodb_table": ("read_capacity", "write_capacity"),
    "aws_lambda_function": ("memory_size",),
    "aws_backup_plan": ("rule",),
    "aws_api_gateway_method_settings": ("settings",),
}


def numeric_limit_names(spec: dict) -> set[str]:
    """The per-environment limits of the spec's table: its numeric columns (dynamodb_read_units, ...)."""
    return {
        key
        for row in spec["environments"].values()
        for key, value in row.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }


def _variables_behind(node: Node, path: str) -> set[str]:
    """Root-module variables named in the evidence chain of a value ("var.x" steps, not module.m.var.x)."""
    names = set()
    for path_key, trace in node.traces.items():
        if path_key != path and not path_key.startswith(path + "."):
            continue
        for step in trace:
            head = step.split()[0] if step else ""
            if head.startswith("var."):
                names.add(head.removeprefix("var.").split(".")[0].split("[")[0])
    return names


@FAMILY.rule(
    id="NC-LIMIT-006",
    title="Capacity variables declare validation bounds",
    severity=Severity.MEDIUM,
    spec_section="7. Cost Management (resource quotas through Terraform variable limits)",
    checklist="cost",
    what="Every root-module variable that feeds a capacity attribute (DynamoDB read/write capacity, Lambda "
    "memory, API throttling, backup retention) declares a `validation` block, and so does every variable named "
    "after a numeric column of the spec's per-environment table in policies/data/spec.yaml (dynamodb_read_units, "
    "dynamodb_write_units, lambda_memory_mb, api_rate_limit_per_minute, backup_retention_days), when declared.",
    why="Section 7 names 'Terraform variable limits' as the resource-quota control: without validation a typo "
    "in a tfvars file (20 units instead of 2) is applied silently.",
    noncompliant='variable "dynamodb_read_units" {\n  type = number\n}',
    compliant='variable "dynamodb_read_units" {\n  type = number\n  validation {\n'
    "    condition     = var.dynamodb_read_units >= 1 && var.dynamodb_read_units <= 5\n"
    '    error_message = "Read units must be between 1 and 5."\n  }\n}',
    remediation="Add a validation block with the bounds the environments may use.",
)
def capacity_validation(graph: Graph, ctx: Context) -> Iterable[Violation]:
    wanted = numeric_limit_names(ctx.spec)
    for resource in graph.resources(*CAPACITY_ATTRIBUTES, tool=Tool.TERRAFORM):
        for attribute in CAPACITY_ATTRIBUTES[resource.type]:
            wanted |= _variables_behind(resource, attribute)
    for variable in graph.of_kind(NodeKind.VARIABLE):
        if variable.module or variable.tool != Tool.TERRAFORM:
            continue
        name = variable.address.removeprefix("var.")
        if name in wanted and not variable.meta.get("validation"):
            yield Violation(variable, f"variable {name} bounds capacity but declares no validation block")
