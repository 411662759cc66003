"""resolve_sam: parameters from samconfig, conditions, Globals, intrinsics, spans, traces, tags, edges."""

from __future__ import annotations

import copy

import pytest

from checker.model import DiagnosticLevel, Edge, EdgeKind, Location, NodeKind, Tool, Unknown
from checker.sam import resolve_sam

TEMPLATE = "template.yaml"
SAMCONFIG = "samconfig.toml"


def variables(node) -> dict:
    return node.values["Properties"]["Environment"]["Variables"]


def test_parameters_take_samconfig_overrides_then_defaults(fixture_graph) -> None:
    dev = fixture_graph("dev")
    environment = dev["sam:param.Environment"]
    assert (environment.kind, environment.tool, environment.address) == (
        NodeKind.SAM_PARAMETER,
        Tool.SAM,
        "Parameters.Environment",
    )
    assert environment.values["value"] == "dev"
    assert environment.meta["set_by"] == f"{SAMCONFIG}:10"
    assert environment.traces["value"] == (f"{SAMCONFIG}:10 Environment=dev", "Parameters.Environment")
    assert environment.spans["value"] == Location(SAMCONFIG, 10, 10)
    memory = dev["sam:param.LambdaMemory"]
    assert memory.values["value"] == 128
    assert memory.meta["source"] == "default"
    assert memory.traces["value"] == (f"{TEMPLATE}:11 Default: 128", "Parameters.LambdaMemory")
    assert dev["sam:param.Description"].values["value"] == "a value with spaces"
    assert fixture_graph("staging")["sam:param.Description"].values["value"] == "quoted in a list"
    assert fixture_graph("staging")["sam:param.LambdaMemory"].values["value"] == 256
    assert fixture_graph("staging")["sam:param.LambdaMemory"].meta["set_by"] == f"{SAMCONFIG}:16"
    assert fixture_graph("prod")["sam:param.LogLevel"].values["value"] == "WARN"


def test_list_parameter_and_ssm_parameter(fixture_graph) -> None:
    dev = fixture_graph("dev")
    assert dev["sam:param.Subnets"].values["value"] == ["subnet-a", "subnet-b", "subnet-c"]
    table = dev["sam:param.TableName"]
    assert isinstance(table.values["value"], Unknown)
    assert table.meta["ssm_parameter"] == "/notes/dev/dynamodb/table-name"
    assert fixture_graph("prod")["sam:param.TableName"].meta["ssm_parameter"] == "/notes/prod/dynamodb/table-name"


def test_no_echo_values_are_masked_in_evidence(fixture_graph) -> None:
    token = fixture_graph("dev")["sam:param.ApiToken"]
    assert token.meta["sensitive"] is True
    assert "tok-1234567890" not in " ".join(token.traces["value"])
    function = fixture_graph("dev")["sam:NotesFunction"]
    assert "tok-1234567890" not in " ".join(function.traces["Properties.Environment.Variables.TOKEN"])


def test_globals_merge_into_functions(fixture_graph, fixture_line) -> None:
    function = fixture_graph("prod")["sam:NotesFunction"]
    properties = function.values["Properties"]
    assert properties["Runtime"] == "python3.12"  # only in Globals
    assert properties["Timeout"] == 30  # the resource wins over Globals
    assert properties["MemorySize"] == 512  # Globals, through a parameter
    assert properties["Layers"] == [  # lists concatenate, Globals first
        "arn:aws:lambda:us-east-1:123456789012:layer:shared:1",
        "arn:aws:lambda:us-east-1:123456789012:layer:own:2",
    ]
    assert variables(function)["SHARED"] == "from-function"  # maps merge key by key
    assert variables(function)["LOG_LEVEL"] == "WARN"
    assert properties["Tags"] == {"Environment": "prod", "Owner": "notes-team", "Component": "api"}
    assert function.meta["globals"] == "Globals.Function"
    # Spans of Globals-derived values point at Globals; the resource's own values at the resource.
    assert function.spans["Properties.MemorySize"].line == fixture_line("MemorySize: !Ref LambdaMemory")
    assert function.spans["Properties.Runtime"].line == fixture_line("Runtime: python3.12")
    assert function.spans["Properties.Timeout"].line == fixture_line("Timeout: 30")
    assert function.spans["Properties.Layers.0"].line == fixture_line("layer:shared:1")
    assert function.spans["Properties.Layers.1"].line == fixture_line("layer:own:2")
    assert function.spans["Properties.Environment.Variables.LOG_LEVEL"].line == fixture_line("LOG_LEVEL: !Ref")
    assert function.spans["Properties.Tags.Owner"].line == fixture_line("Owner: notes-team")
    assert function.traces["Properties.MemorySize"] == (
        f"{SAMCONFIG}:29 LambdaMemory=512",
        "Parameters.LambdaMemory",
        "Globals.Function.MemorySize",
    )
    assert function.traces["Properties.Runtime"] == ("Globals.Function.Runtime",)


def test_globals_api_section_applies_only_to_apis(fixture_graph) -> None:
    dev = fixture_graph("dev")
    assert dev["sam:NotesApi"].values["Properties"]["TracingEnabled"] is True
    assert "TracingEnabled" not in dev["sam:NotesFunction"].values["Properties"]
    assert "TracingEnabled" not in dev["sam:NotesTable"].values["Properties"]


def test_intrinsic_functions(fixture_graph) -> None:
    values = variables(fixture_graph("dev")["sam:NotesFunction"])
    assert values["GREETING"] == "hello notes-dev in dev (${Literal})"
    assert values["SECOND_SUBNET"] == "subnet-b"
    assert values["PARTS"] == "a,b,c"
    assert values["RETENTION"] == 7
    assert values["ENCODED"] == "aGk="
    assert values["STAGE_KIND"] == "test"
    assert "PROD_ONLY" not in values  # Fn::If -> AWS::NoValue removes the key
    assert (
        fixture_graph("prod")["sam:NotesFunction"].values["Properties"]["Environment"]["Variables"]["PROD_ONLY"]
        == "yes"
    )
    assert (
        fixture_graph("prod")["sam:NotesFunction"].values["Properties"]["Environment"]["Variables"]["RETENTION"] == 30
    )
    for unknown in ("TABLE", "TABLE_ARN", "TABLE_NAME", "QUEUE_URL", "EXPORTED", "SECRET", "ACCOUNT_KIND"):
        assert isinstance(values[unknown], Unknown), unknown
    assert "AWS::AccountId" in values["QUEUE_URL"].reason


def test_sub_substitutes_known_pseudo_parameters(write_sam) -> None:
    sources = write_sam(
        """
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Sub "notes-${AWS::Region}-${AWS::Partition}-${AWS::StackName}"
        """,
        """
        version = 0.1
        [dev.deploy.parameters]
        region = "cn-north-1"
        stack_name = "notes-dev"
        """,
    )
    [bucket] = [n for n in resolve_sam(sources, "dev").nodes if n.id == "sam:Bucket"]
    assert bucket.values["Properties"]["BucketName"] == "notes-cn-north-1-aws-cn-notes-dev"
    assert bucket.traces["Properties.BucketName"] == (
        "sam/samconfig.toml:4 region = cn-north-1",
        "AWS::Region",
        "sam/samconfig.toml:5 stack_name = notes-dev",
        "AWS::StackName",
    )


def test_region_is_unknown_without_samconfig(write_sam) -> None:
    sources = write_sam(
        """
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Sub "notes-${AWS::Region}"
        """
    )
    part = resolve_sam(sources, "dev")
    [bucket] = [n for n in part.nodes if n.id == "sam:Bucket"]
    assert isinstance(bucket.values["Properties"]["BucketName"], Unknown)
    assert part.diagnostics == []


def test_conditions_omit_resources_and_outputs(fixture_graph) -> None:
    dev, prod = fixture_graph("dev"), fixture_graph("prod")
    assert "sam:ProdAlarmTopic" not in dev and "sam:output.TopicArn" not in dev
    assert "sam:ProdAlarmTopic" in prod and "sam:output.TopicArn" in prod
    assert "sam:NotProdBucket" in dev and "sam:NotProdBucket" not in prod
    assert dev["sam:template"].meta["omitted_resources"] == {"ProdAlarmTopic": "IsProd"}
    conditions = dev["sam:template"].values["Conditions"]
    assert conditions["IsProd"] is False and conditions["IsNotProd"] is True
    assert conditions["IsProdInUsEast"] is False  # And short-circuits on a false part
    assert isinstance(conditions["IsKnownAccount"], Unknown)
    assert prod["sam:ProdAlarmTopic"].meta["condition"] == "IsProd"
    assert prod["sam:NotesTable"].values["Properties"]["PointInTimeRecoverySpecification"] == {
        "PointInTimeRecoveryEnabled": True
    }
    assert fixture_graph("prod")["sam:template"].values["Conditions"]["IsProdInUsEast"] is False  # eu-west-1


def test_resource_node_conventions(fixture_graph, fixture_line) -> None:
    function = fixture_graph("dev")["sam:NotesFunction"]
    assert (function.id, function.address, function.name, function.type, function.kind) == (
        "sam:NotesFunction",
        "NotesFunction",
        "NotesFunction",
        "AWS::Serverless::Function",
        NodeKind.SAM_RESOURCE,
    )
    start = fixture_line("  NotesFunction:")
    assert function.loc == Location(TEMPLATE, start, fixture_line("Method: get"))
    assert function.values["DependsOn"] == "NotesTable"
    assert function.spans["Properties.Environment.Variables.GREETING"].line == fixture_line("GREETING: !Sub")
    assert function.get("Properties.Environment.Variables.LOG_LEVEL") == "DEBUG"
    assert function.location_of("Properties.Environment.Variables.RETENTION").line == fixture_line("RETENTION:")


def test_comments_in_and_above_a_resource(fixture_graph, fixture_line) -> None:
    comments = fixture_graph("dev")["sam:NotesFunction"].meta["comments"]
    assert comments == (
        (fixture_line("notescheck:skip"), "# notescheck:skip=NC-TAG-001 fixture suppression above the resource"),
        (fixture_line("checkov:skip"), "# checkov:skip=CKV_AWS_117: no VPC for this app"),
    )
    assert fixture_graph("dev")["sam:NotesTable"].meta["comments"] == ()


def test_comment_scanner_ignores_hashes_in_strings_and_block_scalars(write_sam) -> None:
    sources = write_sam(
        """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Description: "not # a comment"
              Other: it's # a real comment
              InlineCode: |
                # not a comment either
                print("x")  # nor this
        """
    )
    [function] = [n for n in resolve_sam(sources, "dev").nodes if n.id == "sam:Fn"]
    assert function.meta["comments"] == ((7, "# a real comment"),)


def test_effective_tags(fixture_graph) -> None:
    dev = fixture_graph("dev")
    stack_tags = {"Project": "notes", "CostCenter": "cc 42"}  # samconfig `tags`, copied by CloudFormation
    assert dev["sam:NotesTable"].tags == {**stack_tags, "Environment": "dev", "Name": "dev-notes"}
    assert dev["sam:NotesFunction"].tags == {
        **stack_tags,
        "Environment": "dev",
        "Owner": "notes-team",
        "Component": "api",
    }
    assert dev["sam:NotesApi"].tags == stack_tags  # taggable SAM type without Tags
    assert dev["sam:NotesRole"].tags == stack_tags  # taggable CloudFormation type without Tags
    staging = fixture_graph("staging")
    assert staging["sam:NotesApi"].tags == {}
    assert staging["sam:NotesTable"].tags == {"Environment": "staging", "Name": "staging-notes"}


def test_untaggable_type_has_no_tags(write_sam) -> None:
    sources = write_sam(
        """
        Resources:
          Mapping:
            Type: AWS::ApiGateway::BasePathMapping
            Properties:
              DomainName: api.example.com
        """
    )
    [mapping] = [n for n in resolve_sam(sources, "dev").nodes if n.id == "sam:Mapping"]
    assert mapping.tags is None


def test_edges(fixture_sources) -> None:
    edges = set(resolve_sam(fixture_sources, "dev").edges)
    assert {
        Edge("sam:NotesFunction", "sam:NotesTable", EdgeKind.DEPENDS_ON),
        Edge("sam:NotesFunction", "sam:NotesTable", EdgeKind.REFERENCE),
        Edge("sam:NotesFunction", "sam:NotesRole", EdgeKind.REFERENCE),
        Edge("sam:NotesFunction", "sam:NotesApi", EdgeKind.REFERENCE),
        Edge("sam:NotesFunction", "sam:param.LambdaMemory", EdgeKind.REFERENCE),  # through Globals
        Edge("sam:NotesFunction", "sam:param.Environment", EdgeKind.REFERENCE),  # through Fn::Sub
        Edge("sam:NotesFunction", "sam:param.Subnets", EdgeKind.REFERENCE),
        Edge("sam:output.ApiId", "sam:NotesApi", EdgeKind.REFERENCE),
    } <= edges
    # Nothing points at a resource that is not created in dev, nor at the template node.
    assert not {e for e in edges if e.target in ("sam:ProdAlarmTopic", "sam:template")}
    assert Edge("sam:NotesFunction", "sam:param.ApiToken", EdgeKind.REFERENCE) in edges


def test_outputs(fixture_graph) -> None:
    output = fixture_graph("dev")["sam:output.ApiId"]
    assert output.kind == NodeKind.SAM_OUTPUT
    assert isinstance(output.values["Value"], Unknown)
    assert output.values["Export"] == {"Name": "notes-dev-api-id"}


def test_template_node(fixture_graph) -> None:
    template = fixture_graph("dev")["sam:template"]
    assert template.kind == NodeKind.SAM_TEMPLATE
    assert template.values["Transform"] == "AWS::Serverless-2016-10-31"
    assert template.values["AWSTemplateFormatVersion"] == "2010-09-09"
    assert template.values["Globals"]["Function"]["MemorySize"] == 128
    assert template.meta["region"] == "us-east-1" and template.meta["stack_name"] == "notes-dev"
    assert template.spans["Globals.Function.Timeout"].line > 0


def test_environment_missing_from_samconfig(fixture_sources, error_list) -> None:
    part = resolve_sam(fixture_sources, "qa")
    [missing_env] = error_list(part)
    assert (missing_env.file, missing_env.code) == (SAMCONFIG, "config")
    assert "qa" in missing_env.message and SAMCONFIG in missing_env.message
    # The parameters still resolve from their defaults; Environment has none: a warning (sam deploy would ask
    # for it, as terraform plan asks for a variable without value), and unknown.
    [missing_value] = [d for d in part.diagnostics if d.level == DiagnosticLevel.WARNING and "Environment" in d.message]
    assert (missing_value.file, missing_value.code) == (TEMPLATE, "config")
    nodes = {n.id: n for n in part.nodes}
    assert isinstance(nodes["sam:param.Environment"].values["value"], Unknown)


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ("Environment=test", "is not one of AllowedValues"),
        ("Memory=64", "violates MinValue 128"),
        ("Memory=4096", "violates MaxValue 1024"),
        ("Memory=lots", "is not a Number"),
        ("Domain=example.com", "does not match AllowedPattern"),
        ("Name=ab", "violates MinLength 3"),
    ],
)
def test_parameter_constraints_are_errors_at_the_samconfig_line(write_sam, error_list, override, fragment) -> None:
    sources = write_sam(
        """
        Parameters:
          Environment: {Type: String, AllowedValues: [dev, prod], Default: dev}
          Memory: {Type: Number, MinValue: 128, MaxValue: 1024, Default: 128}
          Domain: {Type: String, AllowedPattern: "^p1(-[a-z]+)?\\\\.fikri\\\\.dev$", Default: p1.fikri.dev}
          Name: {Type: String, MinLength: 3, Default: notes}
        Resources:
          Topic: {Type: AWS::SNS::Topic}
        """,
        f"""
        version = 0.1
        [dev.deploy.parameters]
        parameter_overrides = "{override}"
        """,
    )
    [error] = error_list(resolve_sam(sources, "dev"))
    assert (error.file, error.line, error.code) == ("sam/samconfig.toml", 4, "config")
    assert fragment in error.message and "dev" in error.message


def test_default_violating_a_constraint_points_at_the_default(write_sam, error_list) -> None:
    sources = write_sam(
        """
        Parameters:
          Environment:
            Type: String
            AllowedValues: [dev, prod]
            Default: test
        Resources:
          Topic: {Type: AWS::SNS::Topic}
        """
    )
    [error] = error_list(resolve_sam(sources, "dev"))
    assert (error.file, error.line) == ("sam/template.yaml", 6)


def test_parameter_without_value(write_sam, error_list) -> None:
    template = """
        Parameters:
          Environment: {Type: String}
        Resources:
          Topic: {Type: AWS::SNS::Topic}
        """
    without_config = resolve_sam(write_sam(template), "dev")
    assert error_list(without_config) == []
    assert [d.level for d in without_config.diagnostics] == [DiagnosticLevel.WARNING]
    with_config = resolve_sam(write_sam(template, "version = 0.1\n[dev.deploy.parameters]\nregion = 'x'\n"), "dev")
    assert error_list(with_config) == []
    [warning] = with_config.diagnostics
    assert (warning.level, warning.line, "Environment" in warning.message) == (DiagnosticLevel.WARNING, 3, True)


def test_reference_errors(write_sam, error_list) -> None:
    sources = write_sam(
        """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Role: !GetAtt Missing.Arn
              Handler: !Ref Nowhere
              Layers: [!FindInMap [NoMap, a, b]]
              Timeout: !Select [5, [1, 2]]
              Other: !If [NoCondition, a, b]
              Weird: !Ref AWS::Nothing
              Made: !Fn::Unknown x
              Long: {"Fn::Nope": 1}
        Transform: AWS::Serverless-2016-10-31
        """
    )
    found = {(d.line, d.code, d.message) for d in error_list(resolve_sam(sources, "dev"))}
    assert found == {
        (6, "reference", "Fn::GetAtt Missing: no such parameter or resource"),
        (7, "reference", "Ref Nowhere: no such parameter or resource"),
        (8, "reference", "Fn::FindInMap: Mappings has no NoMap.a.b"),
        (9, "reference", "Fn::Select index 5 is outside a list of 2"),
        (10, "reference", "condition 'NoCondition' is not defined in Conditions"),
        (11, "reference", "Ref AWS::Nothing: unknown pseudo parameter"),
        (12, "parse", "unknown tag !Fn::Unknown"),
        (13, "parse", "unknown intrinsic function Fn::Nope"),
    }


def test_sam_generated_ids_are_valid_references(write_sam, error_list) -> None:
    sources = write_sam(
        """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.b
          Api:
            Type: AWS::Serverless::Api
            Properties: {StageName: v1}
          Mapping:
            Type: AWS::ApiGateway::BasePathMapping
            Properties:
              RestApiId: !Ref Api
              Stage: !Ref Api.Stage
              Role: !GetAtt FnRole.Arn
              Implicit: !Ref ServerlessRestApi
        Transform: AWS::Serverless-2016-10-31
        """
    )
    part = resolve_sam(sources, "dev")
    assert error_list(part) == []
    assert Edge("sam:Mapping", "sam:Fn", EdgeKind.REFERENCE) in part.edges


def test_condition_cycle_is_a_diagnostic(write_sam) -> None:
    sources = write_sam(
        """
        Conditions:
          A: !Condition B
          B: !Not [!Condition A]
        Resources:
          Topic: {Type: AWS::SNS::Topic, Condition: A}
        """
    )
    part = resolve_sam(sources, "dev")
    assert any(d.code == "cycle" for d in part.diagnostics)
    assert [n.id for n in part.nodes if n.id == "sam:Topic"] == ["sam:Topic"]  # unknown -> kept


def test_ref_to_a_resource_omitted_in_this_env_is_a_warning(write_sam, error_list) -> None:
    sources = write_sam(
        """
        Conditions:
          Never: !Equals [a, b]
        Resources:
          Topic: {Type: AWS::SNS::Topic, Condition: Never}
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              RedrivePolicy: !Ref Topic
        """
    )
    part = resolve_sam(sources, "dev")
    assert error_list(part) == []
    [warning] = part.diagnostics
    assert warning.line == 9 and "not created" in warning.message


def test_stack_tags_evidence(fixture_graph) -> None:
    assert fixture_graph("dev")["sam:NotesTable"].meta["stack_tags_set_by"] == f"{SAMCONFIG}:9"
    assert fixture_graph("dev")["sam:template"].meta["stack_tags_set_by"] == f"{SAMCONFIG}:9"


def test_resolving_leaves_the_sources_untouched(fixture_sources) -> None:
    before = copy.deepcopy(fixture_sources.template)
    first = {n.id: n.values for n in resolve_sam(fixture_sources, "prod").nodes}
    for values in first.values():  # a rule that edits what it is given must not leak into other envs
        values.clear()
    resolve_sam(fixture_sources, "dev")
    assert fixture_sources.template == before
    again = {n.id: n.values for n in resolve_sam(fixture_sources, "prod").nodes}
    assert again["sam:NotesFunction"]["Properties"]["MemorySize"] == 512


def test_implicit_api_gets_a_node_with_globals(write_sam, error_list) -> None:
    sources = write_sam(
        """
        Globals:
          Api:
            TracingEnabled: true
            Tags: {Team: notes}
        Resources:
          # notescheck:skip=NC-API-001 public health check
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Explicit:
                  Type: Api
                  Properties: {RestApiId: !Ref Api, Path: /a, Method: get}
                Health:
                  Type: Api
                  Properties: {Path: /health, Method: get}
          Api:
            Type: AWS::Serverless::Api
            Properties: {StageName: v1}
          Other:
            Type: AWS::ApiGateway::BasePathMapping
            Properties: {RestApiId: !Ref ServerlessRestApi, DomainName: api.example.com}
        Transform: AWS::Serverless-2016-10-31
        """
    )
    part = resolve_sam(sources, "dev")
    assert error_list(part) == []
    nodes = {n.id: n for n in part.nodes}
    implicit = nodes["sam:ServerlessRestApi"]
    assert (implicit.type, implicit.kind, implicit.address) == (
        "AWS::Serverless::Api",
        NodeKind.SAM_RESOURCE,
        "ServerlessRestApi",
    )
    assert implicit.values["Properties"] == {"TracingEnabled": True, "Tags": {"Team": "notes"}}
    assert implicit.spans["Properties.TracingEnabled"].line == 4
    assert implicit.loc.line == 16  # the Health event that creates it
    assert implicit.tags == {"Team": "notes"}
    assert implicit.meta["created_by"] == ("sam:Fn",)
    assert implicit.meta["comments"] == ((7, "# notescheck:skip=NC-API-001 public health check"),)
    assert Edge("sam:Fn", "sam:ServerlessRestApi", EdgeKind.REFERENCE) in part.edges
    assert Edge("sam:Other", "sam:ServerlessRestApi", EdgeKind.REFERENCE) in part.edges
    assert nodes["sam:Api"].values["Properties"]["TracingEnabled"] is True


def test_no_implicit_api_when_every_event_names_its_api(fixture_graph) -> None:
    assert "sam:ServerlessRestApi" not in fixture_graph("dev")


def test_serverless_resources_without_the_sam_transform(write_sam, error_list) -> None:
    sources = write_sam(
        """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties: {Handler: a.b}
        """
    )
    [error] = error_list(resolve_sam(sources, "dev"))
    assert (error.line, error.code) == (4, "parse")
    assert "Transform: AWS::Serverless-2016-10-31" in error.message
    listed = write_sam("Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n" + VALID_FUNCTION)
    assert error_list(resolve_sam(listed, "dev")) == []


VALID_FUNCTION = "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: a.b}\n"


def test_conditions_link_resources_to_the_parameters_they_read(fixture_sources) -> None:
    edges = set(resolve_sam(fixture_sources, "prod").edges)
    assert Edge("sam:ProdAlarmTopic", "sam:param.Environment", EdgeKind.REFERENCE) in edges  # Condition: IsProd
    assert Edge("sam:output.TopicArn", "sam:param.Environment", EdgeKind.REFERENCE) in edges
    # Fn::If [IsKnownAccount, ...] reads only a pseudo parameter: no edge, and none to a "condition" node.
    assert not [e for e in edges if e.target == "condition" or e.source == "condition"]
