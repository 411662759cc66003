"""NC-LIMIT-005: Logging level matches the environment's row."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity, Tool
from policies.base import Rule, RuleContext, Violation
from policies.lib.limits import SAM_FUNCTION_TYPES, TERRAFORM_FUNCTION_TYPES, compare_limit

# Log level variables that logging libraries read besides LOG_LEVEL, checked where a function sets them:
# AWS Lambda Powertools takes POWERTOOLS_LOG_LEVEL over LOG_LEVEL.
OTHER_LEVEL_VARIABLES = ("POWERTOOLS_LOG_LEVEL",)


def log_level(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    expected = ctx.env_spec["log_level"]
    for function in graph.resources(*SAM_FUNCTION_TYPES, tool=Tool.SAM):
        path = "Properties.Environment.Variables.LOG_LEVEL"
        yield from compare_limit(function, path, expected, "LOG_LEVEL", ctx, graph)
        for name in OTHER_LEVEL_VARIABLES:
            if function.get(path := f"Properties.Environment.Variables.{name}") is not None:
                yield from compare_limit(function, path, expected, name, ctx, graph)
        if function.get("Properties.LoggingConfig") is not None:  # Lambda's own filter of the JSON log
            path = "Properties.LoggingConfig.ApplicationLogLevel"
            yield from compare_limit(function, path, expected, "LoggingConfig.ApplicationLogLevel", ctx, graph)
    for function in graph.resources(*TERRAFORM_FUNCTION_TYPES, tool=Tool.TERRAFORM):
        path = "environment.0.variables.LOG_LEVEL"
        yield from compare_limit(function, path, expected, "LOG_LEVEL", ctx, graph)
        for name in OTHER_LEVEL_VARIABLES:
            if function.get(path := f"environment.0.variables.{name}") is not None:
                yield from compare_limit(function, path, expected, name, ctx, graph)
        if function.get("logging_config.0") is not None:
            path = "logging_config.0.application_log_level"
            yield from compare_limit(function, path, expected, "logging_config.application_log_level", ctx, graph)


RULE = Rule(
    id="NC-LIMIT-005",
    family="limits",
    title="Logging level matches the environment's row",
    severity=Severity.MEDIUM,
    spec_section="2. Configuration Management (per-environment variables)",
    checklist="cost",
    what=(
        "Every Lambda function's LOG_LEVEL environment variable (SAM, Globals merged; or Terraform), and "
        "POWERTOOLS_LOG_LEVEL where it is set (Lambda Powertools takes it over LOG_LEVEL), equals the "
        "spec's Logging Level: DEBUG in dev, INFO in staging, WARN in prod; so does Lambda's own application log "
        "level (`LoggingConfig.ApplicationLogLevel`, `logging_config.application_log_level`) where a function "
        "sets a logging configuration. A value read through SSM is followed to the tfvars line it comes from, "
        "where the finding is reported."
    ),
    why=(
        "Section 2's configuration table fixes the logging level; DEBUG logs in prod leak detail and cost CloudWatch "
        "ingestion (section 7)."
    ),
    noncompliant=("Globals:\n  Function:\n    Environment:\n      Variables:\n        LOG_LEVEL: DEBUG   # in prod"),
    compliant=(
        "Globals:\n"
        "  Function:\n"
        "    Environment:\n"
        "      Variables:\n"
        "        LOG_LEVEL: !Ref LogLevel   # samconfig prod: LogLevel=WARN"
    ),
    remediation=(
        "Set log_level in envs/<env>.tfvars (published as /notes/<env>/config/log-level) and pass the SAM "
        "parameter that reads it as LOG_LEVEL and LoggingConfig.ApplicationLogLevel."
    ),
    check=log_level,
)
