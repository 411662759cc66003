"""NC-PLAN-001: every variable's value passes its own `validation` blocks, as `terraform plan` requires."""

from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Location, NodeKind, Severity, Tool, is_unknown
from checker.secrets import is_secret_key, mask
from policies.base import Rule, RuleContext, Violation
from policies.lib.limits import written_at
from policies.lib.secret_values import masked_evidence


def values_pass_their_validation(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for variable in graph.of_kind(NodeKind.VARIABLE):
        if variable.tool != Tool.TERRAFORM:
            continue
        for validation in variable.meta.get("validation", ()):
            holds = validation["holds"]
            if holds is True:
                continue
            block = Location(variable.loc.file, validation["line"], validation["line"])
            where = written_at(variable) or block
            value = variable.get("value")
            if variable.get("sensitive") or is_secret_key(variable.name):  # never print what it holds
                shown, evidence = f"{variable.address} = {mask(value)}", masked_evidence(variable, "value", value)
            else:
                shown, evidence = f"{variable.address} = {value!r}", variable.trace_of("value")
            if holds is False:
                reason = validation["error_message"] or validation["condition"]
                message = f"{shown} fails its validation at {block} ({reason!r}): terraform plan refuses it"
            else:
                why = value.reason if is_unknown(value) else "its condition cannot be evaluated statically"
                message = f"{variable.address}: whether its value passes the validation at {block} is unknown ({why})"
            yield Violation(variable, message, location=where, evidence=evidence)


RULE = Rule(
    id="NC-PLAN-001",
    family="plan",
    title="Every variable's value passes its validation blocks",
    severity=Severity.HIGH,
    spec_section="5. Deployment & Orchestration (Deployment Steps: terraform plan -var-file=envs/<env>.tfvars)",
    checklist="review",
    what=(
        "Each Terraform variable, in the root and in every module call, with the value it has in the "
        "environment checked (envs/<env>.tfvars, a module argument, its default), satisfies the `condition` "
        "of each of its `validation` blocks. A failing value is a finding at the line that sets it, with the "
        "block's `error_message`; a value or condition that cannot be known statically is a finding saying so."
    ),
    why=(
        "Section 5 deploys by `terraform plan -var-file=envs/<env>.tfvars` and reviews that plan; Terraform "
        "refuses to plan when a variable fails its validation, so a configuration that does is not reviewable "
        "and a gate that passes it approves a change that cannot be applied. The validation blocks are also "
        "where the modules state their own limits (memory sizes, log levels): breaking them is breaking the spec."
    ),
    noncompliant=(
        'variable "log_level" {\n  type = string\n  validation {\n'
        '    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)\n'
        '    error_message = "log_level must be DEBUG, INFO, WARN or ERROR."\n  }\n}\n\n'
        '# envs/prod.tfvars\nlog_level = "VERBOSE"'
    ),
    compliant='# envs/prod.tfvars\nlog_level = "ERROR"',
    remediation=(
        "Set the value (where the finding points) to one the validation accepts; if the validation is what is "
        "wrong, change it in the same review as the spec."
    ),
    check=values_pass_their_validation,
)
