"""NC-LIMIT-008: A value kept in both envs/<env>.tfvars and samconfig.toml does not drift."""

from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, NodeKind, Severity, Tool, is_unknown
from checker.sam.ssm import SSM_PARAMETER_TYPE
from policies.base import Rule, RuleContext, Violation
from policies.lib.limits import SECTION, as_number, storage_file


def _same(terraform_value, sam_value) -> bool:
    if as_number(terraform_value) is not None and as_number(sam_value) is not None:
        return as_number(terraform_value) == as_number(sam_value)
    return str(terraform_value) == str(sam_value)


def no_drift(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    variables = {
        n.address.removeprefix("var."): n
        for n in graph.of_kind(NodeKind.VARIABLE)
        if n.tool == Tool.TERRAFORM and not n.module
    }
    for variable_name, parameter_name in ctx.spec["configuration"]["kept_by_both"].items():
        variable, parameter = variables.get(variable_name), graph.nodes.get(f"sam:param.{parameter_name}")
        if variable is None or parameter is None or parameter.type.startswith(SSM_PARAMETER_TYPE):
            continue  # one side does not keep it, or SAM reads Terraform's value through SSM: one source
        terraform_value, sam_value = variable.get("value"), parameter.get("value")
        if is_unknown(terraform_value) or is_unknown(sam_value) or sam_value is None:
            continue
        if not _same(terraform_value, sam_value):
            yield Violation(
                parameter,
                f"{parameter_name} = {sam_value!r} for SAM but {variable_name} = {terraform_value!r} in "
                f"{storage_file(ctx)}: the two copies of one value drifted apart in {ctx.env}",
                "value",
                evidence=(*variable.trace_of("value"), *parameter.trace_of("value")),
            )


RULE = Rule(
    id="NC-LIMIT-008",
    family="limits",
    title="A value kept in both envs/<env>.tfvars and samconfig.toml does not drift",
    severity=Severity.HIGH,
    spec_section=SECTION + "; 1. Infrastructure-as-Code Strategy (separation of concerns)",
    checklist="cost",
    what=(
        "Where SAM keeps its own copy of a value Terraform holds in envs/<env>.tfvars (samconfig.toml or a "
        "Default instead of an `AWS::SSM::Parameter::Value<...>` parameter; the pairs are `configuration."
        "kept_by_both` in policies/data/spec.yaml: LambdaMemory, LogLevel, ApiRateLimitPerMinute, FrontendDomain, "
        "Environment), the two are equal. The finding is at the SAM side's line, with both chains as evidence."
    ),
    why=(
        "Section 1 splits the work between Terraform and SAM, and section 2 stores the table in tfvars. Two copies "
        "of one number drift: the SSM parameter Terraform publishes says 256 MB while the function deploys with "
        "512. Reading the value through SSM keeps one source; where a copy remains, it must agree."
    ),
    noncompliant="# envs/prod.tfvars\nlambda_memory_mb = 256\n# samconfig.toml [prod.deploy.parameters]\n"
    'parameter_overrides = "LambdaMemory=512"',
    compliant="# template.yaml\nLambdaMemory:\n  Type: AWS::SSM::Parameter::Value<String>\n"
    '# samconfig.toml\nparameter_overrides = "LambdaMemory=/notes/prod/config/lambda-memory-mb"',
    remediation=(
        "Make the SAM parameter an `AWS::SSM::Parameter::Value<String>` that names the parameter Terraform "
        "publishes, or set both copies to the same value."
    ),
    check=no_drift,
)
