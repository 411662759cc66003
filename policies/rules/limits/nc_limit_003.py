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


RULE = Rule(
    id="NC-LIMIT-003",
    family="limits",
    title="API throttling matches the environment's rate limit",
    severity=Severity.HIGH,
    spec_section="2. Configuration Management (per-environment variables)",
    checklist="cost",
    what=(
        "Every API (SAM AWS::Serverless::Api MethodSettings, AWS::Serverless::HttpApi DefaultRouteSettings, or "
        "Terraform aws_api_gateway_method_settings) throttles at the spec's API Rate Limit converted to API "
        "Gateway's per-second rate (1,000/min = 16.67/s; within one request per second), with a burst limit set and "
        "not below the rate."
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
