"""NC-LIMIT-003: API throttling matches the environment's rate limit."""


from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from checker.model import Graph, Node, Severity, Tool, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.limits import as_number, value_origin

SAM_REST_API_TYPES = ("AWS::Serverless::Api",)


SAM_HTTP_API_TYPES = ("AWS::Serverless::HttpApi",)


def _per_minute(rate_per_second: float) -> float:
    return rate_per_second * 60


def _gives_rate(shown: str, rate: float) -> bool:
    """An origin's value is this per-second rate, or the per-minute row it is computed from (/ 60)."""
    number = as_number(shown)
    return number is not None and (abs(number - rate) < 0.01 or abs(number / 60 - rate) < 0.01)


def _gives_burst(shown: str, burst: float) -> bool:
    """An origin's value is this burst, or the per-minute row whose second, rounded up, it is."""
    number = as_number(shown)
    return number is not None and (number == burst or math.ceil(number / 60) == burst)


def _throttle(
    node: Node,
    base: str,
    setting: dict,
    per_minute: int,
    ctx: RuleContext,
    rate_key: str = "ThrottlingRateLimit",
    burst_key: str = "ThrottlingBurstLimit",
) -> Iterator[Violation]:
    rate = setting.get("ThrottlingRateLimit")
    burst = setting.get("ThrottlingBurstLimit")
    rate_path, burst_path = f"{base}.{rate_key}", f"{base}.{burst_key}"
    rate_number = as_number(rate)
    if is_unknown(rate) or rate_number is None:
        yield Violation(
            node,
            f"throttling rate of {node.address} cannot be known statically ({rate}); the spec "
            f"limits {ctx.env} to {per_minute:,} requests per minute",
            rate_path,
        )
        return
    # the tfvars line the rate is computed from (per minute, through SSM), when it gives this rate
    origin = value_origin(node, rate_path, lambda shown: _gives_rate(shown, rate_number))
    if abs(_per_minute(rate_number) - per_minute) > 60:
        yield Violation(
            node,
            f"throttling rate is {rate_number:g}/s (= {_per_minute(rate_number):,.0f}/min) on "
            f"{node.address}{f' (from {origin})' if origin else ''}; the spec limits {ctx.env} to {per_minute:,}/min "
            f"(about {per_minute / 60:.2f}/s)",
            rate_path,
            location=origin,
        )
    if burst is None:
        yield Violation(node, f"{node.address} sets no throttling burst limit", base)
    elif not is_unknown(burst) and (burst_number := as_number(burst)) is not None and burst_number < rate_number:
        message = f"burst limit {burst} is below the rate {rate_number:g}/s on {node.address}"
        origin = value_origin(node, burst_path, lambda shown: _gives_burst(shown, burst_number))
        yield Violation(node, message, burst_path, location=origin)


def _references(graph: Graph, node: Node, types: tuple[str, ...]) -> set[str]:
    """The ids of the nodes of these types the node's expressions refer to."""
    return {
        edge.target
        for edge in graph.edges_from(node.id)
        if edge.target in graph.nodes and graph.nodes[edge.target].type in types
    }


def _throttles_stage(graph: Graph, settings: Node, stage: Node) -> bool:
    """The method settings are the stage's: they refer to it, or to its REST API with its stage name."""
    if stage.id in _references(graph, settings, (stage.type,)):
        return True
    apis = _references(graph, stage, ("aws_api_gateway_rest_api",))
    name = stage.get("stage_name")
    return (
        bool(apis & _references(graph, settings, ("aws_api_gateway_rest_api",)))
        and isinstance(name, str)
        and settings.get("stage_name") == name
    )


def _terraform_stages(graph: Graph, ctx: RuleContext, per_minute: int) -> Iterator[Violation]:
    """A Terraform REST API stage is throttled only by method settings for every method (`*/*`): without
    one, the methods no other setting names are unthrottled; an HTTP API stage by default_route_settings."""
    all_settings = graph.resources("aws_api_gateway_method_settings", tool=Tool.TERRAFORM)
    for stage in sorted(graph.resources("aws_api_gateway_stage", tool=Tool.TERRAFORM), key=Node.sort_key):
        mine = [s for s in all_settings if _throttles_stage(graph, s, stage)]
        paths = [s.get("method_path") for s in mine]
        if any(is_unknown(path) for path in paths):
            unknown = next(path for path in paths if is_unknown(path))
            yield Violation(
                stage,
                f"whether every method of {stage.address} is throttled cannot be known statically (method_path: "
                f"{unknown.reason}); the spec limits {ctx.env} to {per_minute:,} requests per minute",
            )
        elif "*/*" not in paths:
            named = f" (its method settings name only {', '.join(sorted({str(p) for p in paths}))})" if paths else ""
            yield Violation(
                stage,
                f"{stage.address} has no aws_api_gateway_method_settings for every method (method_path \"*/*\") "
                f"throttling it{named}; the spec limits {ctx.env} to {per_minute:,} requests per minute",
            )
    for stage in sorted(graph.resources("aws_apigatewayv2_stage", tool=Tool.TERRAFORM), key=Node.sort_key):
        block = stage.get("default_route_settings.0")
        if is_unknown(block) or is_unknown(stage.get("default_route_settings")):
            yield Violation(
                stage,
                f"default_route_settings of {stage.address} cannot be known statically; the spec limits "
                f"{ctx.env} to {per_minute:,} requests per minute",
                "default_route_settings",
            )
            continue
        if not isinstance(block, dict) or block.get("throttling_rate_limit") is None:
            yield Violation(
                stage,
                f"{stage.address} sets no default_route_settings throttling_rate_limit; the spec limits "
                f"{ctx.env} to {per_minute:,} requests per minute",
                "default_route_settings" if isinstance(block, dict) else "",
            )
            continue
        yield from _throttle(
            stage,
            "default_route_settings.0",
            {
                "ThrottlingRateLimit": block.get("throttling_rate_limit"),
                "ThrottlingBurstLimit": block.get("throttling_burst_limit"),
            },
            per_minute,
            ctx,
            rate_key="throttling_rate_limit",
            burst_key="throttling_burst_limit",
        )


def api_throttling(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
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
    yield from _terraform_stages(graph, ctx, per_minute)


RULE = Rule(
    id="NC-LIMIT-003",
    family="limits",
    title="API throttling matches the environment's rate limit",
    severity=Severity.HIGH,
    spec_section="2. Configuration Management (per-environment variables)",
    checklist="cost",
    what=(
        "Every API (SAM AWS::Serverless::Api MethodSettings, AWS::Serverless::HttpApi DefaultRouteSettings, "
        "Terraform aws_api_gateway_method_settings, aws_apigatewayv2_stage default_route_settings) throttles at "
        "the spec's API Rate Limit converted to API Gateway's per-second rate (1,000/min = 16.67/s; within one "
        "request per second), with a burst limit set and not below the rate. A Terraform aws_api_gateway_stage "
        "has method settings for every method (`method_path = \"*/*\"`, tied to the stage by reference or by its "
        "REST API and stage name): settings for single methods leave the others unthrottled."
    ),
    why=(
        "Section 2's configuration table sets the API rate limit per environment (1,000/1,000/10,000 requests per "
        "minute); an unthrottled API is an open cost line (section 7)."
    ),
    noncompliant=(
        "NotesApi:\n"
        "  Type: AWS::Serverless::Api\n"
        "  Properties:\n"
        "    StageName: prod\n"
        "    # no MethodSettings: unthrottled"
    ),
    compliant=(
        "    MethodSettings:\n"
        "      - ResourcePath: '/*'\n"
        "        HttpMethod: '*'\n"
        "        ThrottlingRateLimit: !Ref ApiRateLimitPerSecond   # 167 in prod\n"
        "        ThrottlingBurstLimit: !Ref ApiBurstLimit"
    ),
    remediation=(
        "Set api_rate_limit_per_minute in envs/<env>.tfvars to the spec's value; Terraform publishes it divided "
        "by 60 and a burst at least as high in SSM, which SAM reads for ThrottlingRateLimit / ThrottlingBurstLimit."
    ),
    check=api_throttling,
)
