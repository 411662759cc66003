"""NC-LIMIT-002: Lambda memory matches the environment's row."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity, Tool
from policies.base import Rule, RuleContext, Violation
from policies.lib.limits import SAM_FUNCTION_TYPES, TERRAFORM_FUNCTION_TYPES, compare_limit


def lambda_memory(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    expected = ctx.env_spec["lambda_memory_mb"]
    for function in graph.resources(*SAM_FUNCTION_TYPES, tool=Tool.SAM):
        yield from compare_limit(function, "Properties.MemorySize", expected, "MemorySize", ctx, graph)
    for function in graph.resources(*TERRAFORM_FUNCTION_TYPES, tool=Tool.TERRAFORM):
        yield from compare_limit(function, "memory_size", expected, "memory_size", ctx, graph)


RULE = Rule(
    id="NC-LIMIT-002",
    family="limits",
    title="Lambda memory matches the environment's row",
    severity=Severity.MEDIUM,
    spec_section="2. Configuration Management (per-environment variables)",
    checklist="cost",
    what=(
        "Every Lambda function (SAM AWS::Serverless::Function with Globals merged, or a Terraform "
        "aws_lambda_function) has MemorySize / memory_size equal to the spec's Lambda Memory (128/128/256 MB)."
    ),
    why="Section 2's configuration table sets Lambda memory per environment; memory is what Lambda bills.",
    noncompliant=(
        "Globals:\n"
        "  Function:\n"
        "    MemorySize: 512   # prod row says 256"
    ),
    compliant=(
        "Globals:\n"
        "  Function:\n"
        "    MemorySize: !Ref LambdaMemory   # samconfig prod: LambdaMemory=256"
    ),
    remediation=(
        "Set lambda_memory_mb in envs/<env>.tfvars (where the finding points when the value comes from there) to the "
        "spec's value; SAM reads it through the SSM parameter Terraform publishes (LambdaMemory, Globals.Function)."
    ),
    check=lambda_memory,
)
