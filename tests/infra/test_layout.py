"""The module layout of spec section 4 (plus monitoring), its wiring in the dependency order of
section 6, and the split of ownership between Terraform and SAM (section 1)."""

import re

import pytest

from policies import load_spec
from tests.conftest import REPO_ROOT
from tests.infra._repo import (
    BOOTSTRAP,
    MODULE_REFERENCE,
    MODULES,
    TERRAFORM,
    directory_blocks,
    load_hcl,
    resources,
    sam_parameter_overrides,
    sam_template,
)

SPEC = load_spec()
MODULE_NAMES = ("iam", "database", "compute", "auth", "security", "hosting", "monitoring")
PER_ENVIRONMENT_NAME = re.compile(
    r"name_prefix|ssm_prefix|var\.(environment|lambda_function_name|api_name|api_domain|frontend_domain)"
)
ROOT_FILES = ("main.tf", "variables.tf", "outputs.tf", "backend.tf", "versions.tf")


def test_root_layout():
    for name in ROOT_FILES:
        assert (TERRAFORM / name).is_file(), name
    for environment in ("dev", "staging", "prod"):
        assert (TERRAFORM / "envs" / f"{environment}.tfvars").is_file()
    ignored = (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "infra/terraform/terraform.tfvars" in ignored


@pytest.mark.parametrize("module", MODULE_NAMES)
def test_module_has_main_variables_outputs(module):
    for name in ("main.tf", "variables.tf", "outputs.tf"):
        assert (MODULES / module / name).is_file(), f"modules/{module}/{name}"


def module_calls():
    return directory_blocks(TERRAFORM, "module")


def test_root_calls_every_module_from_its_directory():
    calls = module_calls()
    assert set(calls) == set(MODULE_NAMES)
    for name, body in calls.items():
        assert body["source"] == f"./modules/{name}"


@pytest.mark.parametrize("module", MODULE_NAMES)
def test_module_call_matches_module_interface(module):
    """What `terraform validate` would say about arguments and referenced outputs."""
    call = module_calls()[module]
    variables = directory_blocks(MODULES / module, "variable")
    arguments = {key for key in call if key not in {"source", "providers", "__is_block__"}}
    assert arguments <= set(variables), f"unknown arguments {sorted(arguments - set(variables))}"
    required = {name for name, body in variables.items() if "default" not in body}
    assert required <= arguments, f"missing arguments {sorted(required - arguments)}"

    for value in call.values():
        for producer, output in MODULE_REFERENCE.findall(str(value)):
            assert output in directory_blocks(MODULES / producer, "output"), f"module.{producer}.{output}"


def test_modules_only_read_earlier_layers():
    """Section 6: iam -> security -> database -> auth -> compute -> monitoring; hosting beside the
    chain may read iam and security only."""
    order = {name: index for index, name in enumerate(SPEC["layers"])}
    for consumer, call in module_calls().items():
        producers = {producer for value in call.values() for producer, _ in MODULE_REFERENCE.findall(str(value))}
        if consumer == "hosting":
            assert producers <= {"iam", "security"}, producers
            continue
        for producer in producers:
            assert order[producer] < order[consumer], f"{consumer} reads later module {producer}"


def test_root_outputs_reference_existing_module_outputs():
    for name, body in directory_blocks(TERRAFORM, "output").items():
        for producer, output in MODULE_REFERENCE.findall(str(body["value"])):
            assert output in directory_blocks(MODULES / producer, "output"), f"output {name}"


def all_terraform_resources():
    found = [("root", *entry) for entry in resources(TERRAFORM)]
    for module in MODULE_NAMES:
        found += [(module, *entry) for entry in resources(MODULES / module)]
    found += [("bootstrap", *entry) for entry in resources(BOOTSTRAP)]
    return found


def test_terraform_leaves_functions_and_apis_to_sam():
    forbidden = set(SPEC["ownership"]["sam_only_terraform_types"])
    owned = {resource_type for _, resource_type, _, _ in all_terraform_resources()}
    assert not owned & forbidden


def test_terraform_never_writes_secret_values():
    owned = {resource_type for _, resource_type, _, _ in all_terraform_resources()}
    assert not owned & {"aws_secretsmanager_secret_version", "random_password", "aws_iam_access_key"}
    for where, resource_type, name, body in all_terraform_resources():
        if resource_type == "aws_ssm_parameter":
            assert body["type"] == "String", f"{where}.{name}"


def test_certificates_are_looked_up_not_created():
    owned = {resource_type for _, resource_type, _, _ in all_terraform_resources()}
    assert "aws_acm_certificate" not in owned
    data = set()
    for module in ("compute", "hosting"):
        for path in (MODULES / module).glob("*.tf"):
            for entry in load_hcl(path).get("data", []):
                data.update((module, kind) for kind in entry)
    assert ("compute", "aws_acm_certificate") in data
    assert ("hosting", "aws_acm_certificate") in data


def test_every_named_application_resource_carries_the_environment():
    """Names of per-environment resources are built from the environment (never a literal env)."""
    for where, resource_type, name, body in all_terraform_resources():
        if where in {"bootstrap", "root"}:
            continue
        for attribute in ("name", "bucket", "alarm_name", "function_name"):
            value = body.get(attribute)
            if isinstance(value, str) and not value.startswith("${aws_"):
                assert PER_ENVIRONMENT_NAME.search(value), f"{where}: {resource_type}.{name}.{attribute} = {value}"
            for literal in ("dev", "staging", "prod"):
                assert not re.search(rf"(^|[-/_.]){literal}([-/_.]|$)", str(value or "")), (
                    f"{where}: {resource_type}.{name} names environment {literal} literally"
                )


def test_backend_matches_bootstrap_and_spec():
    backend = load_hcl(TERRAFORM / "backend.tf")["terraform"][0]["backend"][0]["s3"]
    state = SPEC["state_backend"]
    assert backend["bucket"] == state["bucket"].replace("${project}", SPEC["project"])
    assert backend["dynamodb_table"] == state["lock_table"].replace("${project}", SPEC["project"])
    assert backend["encrypt"] is True
    assert "key" not in backend  # per environment, via -backend-config

    boot = {(resource_type, name): body for resource_type, name, body in resources(BOOTSTRAP)}
    assert boot[("aws_dynamodb_table", "locks")]["hash_key"] == state["lock_hash_key"]
    encryption = boot[("aws_s3_bucket_server_side_encryption_configuration", "state")]
    assert encryption["rule"][0]["apply_server_side_encryption_by_default"][0]["sse_algorithm"] == "AES256"
    versioning = boot[("aws_s3_bucket_versioning", "state")]
    assert versioning["versioning_configuration"][0]["status"] == "Enabled"
    assert ("aws_cloudtrail", "audit") in boot


def test_provider_default_tags_carry_environment_and_project():
    for directory, environment in ((TERRAFORM, "${var.environment}"), (BOOTSTRAP, "shared")):
        providers = load_hcl(directory / "versions.tf")["provider"]
        assert providers
        for provider in providers:
            for body in provider.values():
                tags = body["default_tags"][0]["tags"]
                assert tags["Environment"] == environment
                assert tags["Project"] == "${var.project}"


def test_sam_creates_nothing_the_foundation_owns_and_tags_everything():
    template = sam_template()
    forbidden = set(SPEC["ownership"]["terraform_only_sam_types"])
    for name, resource in template["Resources"].items():
        assert resource["Type"] not in forbidden, name
    assert template["Globals"]["Function"]["Tags"] == {"Environment": {"Ref": "Environment"}, "Project": "notes"}
    api = template["Resources"]["NotesApi"]["Properties"]
    assert api["Tags"] == {"Environment": {"Ref": "Environment"}, "Project": "notes"}
    queue = template["Resources"]["NotesDeadLetterQueue"]["Properties"]
    queue_tags = {tag["Key"]: tag["Value"] for tag in queue["Tags"]}
    assert queue_tags == {"Environment": {"Ref": "Environment"}, "Project": "notes"}
    assert template["Parameters"]["Environment"]["AllowedValues"] == ["dev", "staging", "prod"]


def test_sam_reads_foundation_from_terraform_published_parameters():
    template = sam_template()
    published = set()
    for _, resource_type, _, body in all_terraform_resources():
        if resource_type == "aws_ssm_parameter":
            published.add(body["name"].split("}", 1)[1])  # "${local.ssm_prefix}/dynamodb/table-name"
    for environment in ("dev", "staging", "prod"):
        overrides = sam_parameter_overrides(environment)
        for name, parameter in template["Parameters"].items():
            if parameter["Type"] == "AWS::SSM::Parameter::Value<String>":
                path = overrides[name]
                assert path.removeprefix(f"/notes/{environment}") in published, f"{environment}: {name}={path}"


def test_sam_function_has_no_secret_in_environment():
    variables = sam_template()["Globals"]["Function"]["Environment"]["Variables"]
    assert set(variables) == {"LOG_LEVEL", "TABLE_NAME", "ENVIRONMENT", "FRONTEND_ORIGIN"}
    assert variables["LOG_LEVEL"] == {"Ref": "LogLevel"}


def module_resource(module, resource_type, name):
    return {(kind, label): body for kind, label, body in resources(MODULES / module)}[(resource_type, name)]


def test_per_environment_values_reach_resources():
    """Each value of the spec's table flows root variable -> module input -> resource attribute."""
    calls = module_calls()
    assert calls["database"]["read_units"] == "${var.dynamodb_read_units}"
    assert calls["database"]["write_units"] == "${var.dynamodb_write_units}"
    assert calls["database"]["backup_retention_days"] == "${var.backup_retention_days}"

    table = module_resource("database", "aws_dynamodb_table", "notes")
    assert table["read_capacity"] == "${var.read_units}"
    assert table["write_capacity"] == "${var.write_units}"
    assert table["point_in_time_recovery"][0]["enabled"] is True
    assert table["server_side_encryption"][0]["kms_key_arn"] == "${var.kms_key_arn}"
    assert table["deletion_protection_enabled"] == '${var.environment == "prod"}'
    plan = module_resource("database", "aws_backup_plan", "notes")
    assert plan["rule"][0]["lifecycle"][0]["delete_after"] == "${var.backup_retention_days}"

    template = sam_template()
    method = template["Resources"]["NotesApi"]["Properties"]["MethodSettings"][0]
    assert method["ThrottlingRateLimit"] == {"Ref": "ApiRateLimitPerSecond"}
    assert method["ThrottlingBurstLimit"] == {"Ref": "ApiBurstLimit"}
    function_globals = template["Globals"]["Function"]
    assert function_globals["MemorySize"] == {"Ref": "LambdaMemory"}
    assert function_globals["Environment"]["Variables"]["LOG_LEVEL"] == {"Ref": "LogLevel"}


def test_cloudfront_serves_private_bucket_over_modern_tls_only():
    distribution = module_resource("hosting", "aws_cloudfront_distribution", "site")
    assert distribution["default_cache_behavior"][0]["viewer_protocol_policy"] in {"redirect-to-https", "https-only"}
    certificate = distribution["viewer_certificate"][0]
    assert certificate["minimum_protocol_version"] == "TLSv1.2_2021"
    assert certificate["acm_certificate_arn"] == "${data.aws_acm_certificate.frontend.arn}"
    origin = distribution["origin"][0]
    assert origin["origin_access_control_id"] == "${aws_cloudfront_origin_access_control.site.id}"
    block = module_resource("hosting", "aws_s3_bucket_public_access_block", "site")
    assert all(
        block[key] is True
        for key in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
    )
