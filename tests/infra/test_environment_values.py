"""Each environment's tfvars and samconfig carry the spec's configuration table (section 2)."""

import pytest

from policies import load_spec
from tests.infra._repo import (
    ENVIRONMENTS,
    MODULES,
    TERRAFORM,
    directory_blocks,
    resources,
    sam_parameter_overrides,
    sam_template,
    samconfig,
    tfvars,
)

SPEC = load_spec()

TFVARS_FROM_SPEC = {
    "dynamodb_read_units": "dynamodb_read_units",
    "dynamodb_write_units": "dynamodb_write_units",
    "lambda_memory_mb": "lambda_memory_mb",
    "api_rate_limit_per_minute": "api_rate_limit_per_minute",
    "backup_retention_days": "backup_retention_days",
    "log_level": "log_level",
    "frontend_domain": "frontend_domain",
    "api_domain": "api_domain",
}


def test_spec_lists_the_three_environments():
    assert set(SPEC["environments"]) == set(ENVIRONMENTS)


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_tfvars_match_spec_table(environment):
    values = tfvars(environment)
    expected = SPEC["environments"][environment]
    assert values["environment"] == environment
    for tfvar, spec_key in TFVARS_FROM_SPEC.items():
        assert values[tfvar] == expected[spec_key], f"{environment}.tfvars {tfvar}"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_tfvars_set_only_declared_variables_and_every_required_one(environment):
    declared = directory_blocks(TERRAFORM, "variable")
    values = tfvars(environment)
    assert set(values) <= set(declared)
    required = {name for name, body in declared.items() if "default" not in body}
    assert required <= set(values), f"{environment}.tfvars misses {sorted(required - set(values))}"


# The table's values SAM needs, and the SSM parameter (under /notes/<env>/) Terraform publishes each in.
SAM_READS_THROUGH_SSM = {
    "FrontendDomain": "hosting/frontend-domain",
    "LambdaMemory": "config/lambda-memory-mb",
    "LogLevel": "config/log-level",
    "ApiRateLimitPerMinute": "config/api-rate-limit-per-minute",
    "ApiRateLimitPerSecond": "config/api-rate-limit-per-second",
    "ApiBurstLimit": "config/api-burst-limit",
}


def _published_ssm_names() -> set[str]:
    """Names of the aws_ssm_parameter resources of every module, as written (${local.ssm_prefix}/...)."""
    return {
        body["name"]
        for module in sorted(MODULES.iterdir())
        for resource_type, _, body in resources(module)
        if resource_type == "aws_ssm_parameter"
    }


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_samconfig_keeps_no_copy_of_the_spec_table(environment):
    """envs/<env>.tfvars is the table's one source: samconfig names SSM parameters, SAM reads them there."""
    deploy = samconfig()[environment]["deploy"]["parameters"]
    assert deploy["stack_name"] == f"{SPEC['project']}-{environment}-app"
    assert f'Environment="{environment}"' in deploy["tags"]
    assert f'Project="{SPEC["project"]}"' in deploy["tags"]

    overrides = sam_parameter_overrides(environment)
    assert overrides["Environment"] == environment
    declared = sam_template()["Parameters"]
    published = _published_ssm_names()
    for parameter, suffix in SAM_READS_THROUGH_SSM.items():
        assert declared[parameter]["Type"] == "AWS::SSM::Parameter::Value<String>", parameter
        assert overrides[parameter] == f"/{SPEC['project']}/{environment}/{suffix}", parameter
        assert "${local.ssm_prefix}/" + suffix in published, f"no Terraform module publishes {suffix}"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_samconfig_reads_only_its_own_environments_foundation(environment):
    others = [other for other in ENVIRONMENTS if other != environment]
    for name, value in sam_parameter_overrides(environment).items():
        if value.startswith("/"):
            assert value.startswith(f"/{SPEC['project']}/{environment}/"), name
        for other in others:
            assert f"/{other}/" not in value and f"-{other}-" not in value, f"{name}={value}"


def test_variables_bounding_capacity_declare_validation():
    declared = directory_blocks(TERRAFORM, "variable")
    bounded = [
        "dynamodb_read_units",
        "dynamodb_write_units",
        "lambda_memory_mb",
        "api_rate_limit_per_minute",
        "backup_retention_days",
        "log_level",
        "log_retention_days",
        "environment",
    ]
    for name in bounded:
        assert declared[name].get("validation"), f"variable {name} has no validation block"
