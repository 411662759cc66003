"""Each environment's tfvars and samconfig carry the spec's configuration table (section 2)."""

import math

import pytest

from policies import load_spec
from tests.infra._repo import ENVIRONMENTS, TERRAFORM, directory_blocks, sam_parameter_overrides, samconfig, tfvars

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


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_samconfig_matches_spec_table(environment):
    expected = SPEC["environments"][environment]
    deploy = samconfig()[environment]["deploy"]["parameters"]
    assert deploy["stack_name"] == f"{SPEC['project']}-{environment}-app"
    assert f'Environment="{environment}"' in deploy["tags"]
    assert f'Project="{SPEC["project"]}"' in deploy["tags"]

    overrides = sam_parameter_overrides(environment)
    assert overrides["Environment"] == environment
    assert int(overrides["LambdaMemory"]) == expected["lambda_memory_mb"]
    assert overrides["LogLevel"] == expected["log_level"]
    assert overrides["FrontendDomain"] == expected["frontend_domain"]
    per_minute = expected["api_rate_limit_per_minute"]
    assert int(overrides["ApiRateLimitPerMinute"]) == per_minute
    assert abs(float(overrides["ApiRateLimitPerSecond"]) * 60 - per_minute) < 1
    assert int(overrides["ApiBurstLimit"]) == math.ceil(per_minute / 60)


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
