"""A monthly cost estimate of one environment's graph (spec section 7), from the price table and usage
assumptions in policies/data/cost.yaml, compared with the spec's estimate table.

Offline by design: prices are data with a date and a region, never fetched. Every line names the resource
and the attribute it is priced from, so a reviewer can follow each dollar; a value that cannot be known
makes its line unknown, never zero.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checker.model import Graph, Node, NodeKind, Tool, is_unknown
from checker.records import record

SERVICES = ("DynamoDB", "Lambda", "API Gateway", "Cognito", "Secrets Mgmt", "CloudWatch", "Other")
OTHER = "Other"  # priced, but without a row of its own in the spec's table

DYNAMODB_TYPES = ("aws_dynamodb_table", "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable")
FUNCTION_TYPES = ("aws_lambda_function", "AWS::Serverless::Function", "AWS::Lambda::Function")
REST_API_TYPES = ("aws_api_gateway_rest_api", "AWS::Serverless::Api", "AWS::ApiGateway::RestApi")
HTTP_API_TYPES = ("aws_apigatewayv2_api", "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api")


@record(frozen=True)
class CostLine:
    """One priced item: `monthly` is None when a value it depends on is unknown (`unknown` says which)."""

    service: str
    node_id: str
    resource: str
    item: str
    monthly: float | None
    path: str = ""  # the attribute the price comes from, for the finding's line
    unknown: str = ""


@record(frozen=True)
class ServiceCost:
    service: str
    estimate: float  # the known lines' sum
    budget: float | None  # the spec's row for the environment; None where the spec has no row
    unknown_lines: int = 0

    @property
    def over(self) -> bool:
        return self.budget is not None and self.estimate > self.budget + 0.005


@record(frozen=True)
class CostEstimate:
    env: str
    lines: tuple[CostLine, ...]
    services: tuple[ServiceCost, ...]
    budget_total: float | None
    prices_as_of: str
    prices_region: str
    assumptions: tuple[tuple[str, Any], ...]

    @property
    def total(self) -> float:
        return sum(s.estimate for s in self.services)

    @property
    def unknown(self) -> tuple[CostLine, ...]:
        return tuple(line for line in self.lines if line.monthly is None)

    @property
    def over_budget(self) -> bool:
        return self.budget_total is not None and self.total > self.budget_total + 0.005


class _Pricer:
    """Prices the graph's resources one type at a time; usage shared between resources is split evenly."""

    def __init__(self, graph: Graph, prices: dict[str, Any], usage: dict[str, Any]):
        self.graph = graph
        self.prices = prices
        self.usage = usage
        self.uptime = usage["hours_per_month"] / prices["hours_per_month"]  # share of the month it exists

    def resources(self, types: tuple[str, ...]) -> list[Node]:
        return sorted(self.graph.resources(*types), key=Node.sort_key)

    def lines(self) -> Iterator[CostLine]:
        yield from self.dynamodb()
        yield from self.functions()
        yield from self.apis()
        yield from self.cognito()
        yield from self.secrets()
        yield from self.cloudwatch()
        yield from self.other()

    # --- DynamoDB -----------------------------------------------------------------------------------------

    def dynamodb(self) -> Iterator[CostLine]:
        price = self.prices["dynamodb"]
        hours = self.usage["hours_per_month"]
        tables = self.resources(DYNAMODB_TYPES)
        for node in tables:
            mode = _first_known(node, "billing_mode", "Properties.BillingMode")
            if mode is None:
                mode = "PAY_PER_REQUEST" if node.type == "AWS::Serverless::SimpleTable" else "PROVISIONED"
            if is_unknown(mode):
                yield _unknown(node, "DynamoDB", "billing mode", "billing_mode", mode.reason)
                continue
            if mode == "PAY_PER_REQUEST":
                requests = self.usage["api_requests_per_month"] / len(tables)
                reads = requests * self.usage["dynamodb_reads_per_request"] / 1e6 * price["read_request_million"]
                writes = requests * self.usage["dynamodb_writes_per_request"] / 1e6 * price["write_request_million"]
                yield _line(node, "DynamoDB", f"on-demand requests ({requests:,.0f}/month)", reads + writes)
            else:
                yield from self._provisioned(node, price, hours)
            storage_gb = self.usage["table_storage_gb"] / len(tables)
            yield _line(node, "DynamoDB", f"storage ({storage_gb:g} GB)", storage_gb * price["storage_gb_month"])
            pitr = _first_known(node, "point_in_time_recovery.0.enabled", "Properties.PointInTimeRecoverySpecification")
            if isinstance(pitr, dict):
                pitr = pitr.get("PointInTimeRecoveryEnabled")
            if is_unknown(pitr):
                yield _unknown(node, "DynamoDB", "point-in-time recovery", "point_in_time_recovery", pitr.reason)
            elif pitr is True or str(pitr).lower() == "true":
                yield _line(node, "DynamoDB", "point-in-time recovery", storage_gb * price["pitr_gb_month"])

    def _provisioned(self, node: Node, price: dict[str, Any], hours: float) -> Iterator[CostLine]:
        if node.tool == Tool.TERRAFORM:
            units = [("table", "read_capacity", "write_capacity")]
            for index, _ in enumerate(_list(node.get("global_secondary_index"))):
                prefix = f"global_secondary_index.{index}"
                units.append((f"index {index}", f"{prefix}.read_capacity", f"{prefix}.write_capacity"))
        else:
            base = "Properties.ProvisionedThroughput"
            units = [("table", f"{base}.ReadCapacityUnits", f"{base}.WriteCapacityUnits")]
            for index, _ in enumerate(_list(node.get("Properties.GlobalSecondaryIndexes"))):
                prefix = f"Properties.GlobalSecondaryIndexes.{index}.ProvisionedThroughput"
                units.append((f"index {index}", f"{prefix}.ReadCapacityUnits", f"{prefix}.WriteCapacityUnits"))
        for what, read_path, write_path in units:
            for kind, path, unit_price in (
                ("read", read_path, price["rcu_hour"]),
                ("write", write_path, price["wcu_hour"]),
            ):
                value = node.get(path)
                number = _number(value)
                if number is None:
                    reason = value.reason if is_unknown(value) else f"{path} is not a number ({value!r})"
                    yield _unknown(node, "DynamoDB", f"{what} {kind} capacity", path, reason)
                    continue
                item = f"{what} {kind} capacity ({number:g} units x {hours:g} h)"
                yield _line(node, "DynamoDB", item, number * unit_price * hours, path)

    # --- Lambda and API Gateway ------------------------------------------------------------------------------

    def functions(self) -> Iterator[CostLine]:
        price = self.prices["lambda"]
        functions = self.resources(FUNCTION_TYPES)
        for node in functions:
            terraform = node.tool == Tool.TERRAFORM
            memory_path = "memory_size" if terraform else "Properties.MemorySize"
            memory: Any = node.get(memory_path)
            memory = 128 if memory is None else memory  # both tools default to 128 MB
            architecture = _architecture(node.get("architectures" if terraform else "Properties.Architectures"))
            requests = self.usage["api_requests_per_month"] / len(functions)
            yield _line(node, "Lambda", f"requests ({requests:,.0f}/month)", requests / 1e6 * price["request_million"])
            if _number(memory) is None or architecture is None:
                reason = memory.reason if is_unknown(memory) else "memory size or architecture is not known"
                yield _unknown(node, "Lambda", "compute", memory_path, reason)
                continue
            gb_seconds = requests * self.usage["lambda_duration_ms"] / 1000 * _number(memory) / 1024
            item = f"compute ({gb_seconds:,.0f} GB-s at {_number(memory):g} MB, {architecture})"
            yield _line(node, "Lambda", item, gb_seconds * price["gb_second"][architecture], memory_path)
            provisioned_path = "Properties.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions"
            provisioned = None if terraform else node.get(provisioned_path)
            if provisioned is not None:
                yield from self._provisioned_concurrency(node, provisioned, provisioned_path, memory, architecture)
        for node in self.resources(("aws_lambda_provisioned_concurrency_config",)):
            provisioned = node.get("provisioned_concurrent_executions")
            target = self._function_of(node)
            memory = target.get("memory_size", 128) if target is not None else None
            architecture = _architecture(target.get("architectures")) if target is not None else None
            yield from self._provisioned_concurrency(
                node, provisioned, "provisioned_concurrent_executions", memory, architecture or "x86_64"
            )

    def _provisioned_concurrency(
        self, node: Node, executions: Any, path: str, memory: Any, architecture: str
    ) -> Iterator[CostLine]:
        count, size = _number(executions), _number(memory)
        if count is None or size is None:
            yield _unknown(node, "Lambda", "provisioned concurrency", path, "executions or memory not known")
            return
        seconds = self.usage["hours_per_month"] * 3600
        gb_seconds = count * size / 1024 * seconds
        unit = self.prices["lambda"]["provisioned_gb_second"][architecture]
        item = f"provisioned concurrency ({count:g} x {size:g} MB)"
        yield _line(node, "Lambda", item, gb_seconds * unit, path)

    def _function_of(self, node: Node) -> Node | None:
        for edge in self.graph.edges_from(node.id):
            target = self.graph.nodes.get(edge.target)
            if target is not None and target.type == "aws_lambda_function":
                return target
        return None

    def apis(self) -> Iterator[CostLine]:
        price = self.prices["api_gateway"]
        rest, http = self.resources(REST_API_TYPES), self.resources(HTTP_API_TYPES)
        count = len(rest) + len(http)
        for node in rest + http:
            per_million = price["rest_request_million"] if node in rest else price["http_request_million"]
            requests = self.usage["api_requests_per_month"] / count
            yield _line(node, "API Gateway", f"requests ({requests:,.0f}/month)", requests / 1e6 * per_million)

    def cognito(self) -> Iterator[CostLine]:
        price = self.prices["cognito"]
        pools = self.resources(("aws_cognito_user_pool", "AWS::Cognito::UserPool"))
        for node in pools:
            users = self.usage["monthly_active_users"] / len(pools)
            billable = max(0.0, users - price["free_mau"])
            yield _line(node, "Cognito", f"{users:,.0f} monthly active users", billable * price["mau"])

    # --- secrets, keys, monitoring, the rest -----------------------------------------------------------------

    def secrets(self) -> Iterator[CostLine]:
        price = self.prices["secrets"]
        for node in self.resources(("aws_secretsmanager_secret", "AWS::SecretsManager::Secret")):
            yield _line(node, "Secrets Mgmt", "secret", price["secret_month"] * self.uptime)
        for node in self.resources(("aws_kms_key", "AWS::KMS::Key")):
            yield _line(node, "Secrets Mgmt", "customer-managed key", price["kms_key_month"] * self.uptime)
        for node in self.resources(("aws_ssm_parameter", "AWS::SSM::Parameter")):
            tier = _first_known(node, "tier", "Properties.Tier")
            if tier == "Advanced":
                cost = price["ssm_advanced_parameter_month"] * self.uptime
                yield _line(node, "Secrets Mgmt", "advanced parameter", cost, "tier")

    def cloudwatch(self) -> Iterator[CostLine]:
        price = self.prices["cloudwatch"]
        for node in self.resources(("aws_cloudwatch_metric_alarm", "AWS::CloudWatch::Alarm")):
            yield _line(node, "CloudWatch", "alarm", price["alarm_month"] * self.uptime)
        for node in self.resources(("aws_cloudwatch_dashboard", "AWS::CloudWatch::Dashboard")):
            yield _line(node, "CloudWatch", "dashboard", price["dashboard_month"] * self.uptime)
        groups = self.resources(("aws_cloudwatch_log_group", "AWS::Logs::LogGroup"))
        for node in groups:
            ingested = self.usage["log_ingestion_gb_per_month"] / len(groups)
            yield _line(node, "CloudWatch", f"log ingestion ({ingested:g} GB)", ingested * price["log_ingestion_gb"])
            path = "retention_in_days" if node.tool == Tool.TERRAFORM else "Properties.RetentionInDays"
            retention = node.get(path)
            if is_unknown(retention):
                yield _unknown(node, "CloudWatch", "log storage", path, retention.reason)
                continue
            days = _number(retention) or 0
            kept_days = 365 if days <= 0 else min(days, 365)  # kept forever: priced at a year of growth
            if self.uptime < 1:  # destroyed after hours: the group and its logs go with the environment
                kept_days = min(kept_days, 1)
            stored = ingested * kept_days / 30
            item = f"log storage ({stored:.2f} GB kept {kept_days:g} days)"
            yield _line(node, "CloudWatch", item, stored * price["log_storage_gb_month"], path)

    def other(self) -> Iterator[CostLine]:
        price = self.prices["other"]
        buckets = self.resources(("aws_s3_bucket", "AWS::S3::Bucket"))
        for node in buckets:
            stored = self.usage["site_storage_gb"] / len(buckets)
            yield _line(node, OTHER, f"S3 storage ({stored:g} GB)", stored * price["s3_storage_gb_month"])
        for node in self.resources(("aws_backup_plan", "AWS::Backup::BackupPlan")):
            days = _number(node.get("rule.0.lifecycle.0.delete_after"))
            if days is None:
                yield _unknown(node, OTHER, "backup storage", "rule.0.lifecycle.0.delete_after", "retention not known")
                continue
            stored = self.usage["table_storage_gb"] * min(days, 35) / 30  # one daily copy, incremental
            yield _line(node, OTHER, f"backup storage ({days:g} days)", stored * price["backup_storage_gb_month"])


def estimate(graph: Graph, cost_data: dict[str, Any], budget: dict[str, dict[str, float]]) -> CostEstimate:
    """The monthly estimate of `graph`'s environment, service by service, against the spec's `budget`
    (policies/data/spec.yaml `cost_estimate`: service -> environment -> USD)."""
    env = graph.env
    usage = cost_data["usage"].get(env)
    if usage is None:
        raise KeyError(f"policies/data/cost.yaml has no usage assumptions for environment {env!r}")
    prices = cost_data["prices"]
    lines = tuple(_Pricer(graph, prices, usage).lines()) + tuple(_region_mismatch(graph, prices["region"]))
    services = []
    for service in SERVICES:
        own = [line for line in lines if line.service == service]
        row = budget.get(service, {})
        services.append(
            ServiceCost(
                service=service,
                estimate=round(sum(line.monthly for line in own if line.monthly is not None), 4),
                budget=row.get(env),
                unknown_lines=sum(1 for line in own if line.monthly is None),
            )
        )
    rows = [row[env] for row in budget.values() if env in row]
    return CostEstimate(
        env=env,
        lines=lines,
        services=tuple(services),
        budget_total=round(sum(rows), 4) if rows else None,
        prices_as_of=str(prices["as_of"]),
        prices_region=prices["region"],
        assumptions=tuple(sorted(usage.items())),
    )


def _region_mismatch(graph: Graph, region: str) -> Iterator[CostLine]:
    """The price table holds one region's prices: a provider elsewhere makes the estimate unknown."""
    for node in sorted(graph.of_kind(NodeKind.PROVIDER), key=Node.sort_key):
        used = node.get("region")
        if is_unknown(used):
            yield _unknown(node, OTHER, "region", "region", f"the provider's region is not known ({used.reason})")
        elif isinstance(used, str) and used != region:
            yield _unknown(node, OTHER, "region", "region", f"prices are for {region}, the provider uses {used}")


def _line(node: Node, service: str, item: str, monthly: float, path: str = "") -> CostLine:
    return CostLine(service, node.id, node.address, item, round(monthly, 6), path)


def _unknown(node: Node, service: str, item: str, path: str, reason: str) -> CostLine:
    return CostLine(service, node.id, node.address, item, None, path, reason)


def _first_known(node: Node, *paths: str) -> Any:
    for path in paths:
        value = node.get(path)
        if value is not None:
            return value
    return None


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None or is_unknown(value):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def _architecture(value: Any) -> str | None:
    """Lambda's one architecture; both tools default to x86_64."""
    if value is None:
        return "x86_64"
    if isinstance(value, list) and len(value) == 1 and value[0] in ("x86_64", "arm64"):
        return value[0]
    return None
