"""A 1,000-resource template loads completely, with spans and edges for every resource."""

from __future__ import annotations

from checker.model import EdgeKind, NodeKind
from checker.sam import resolve_sam


def big_template(count: int) -> str:
    lines = [
        "Parameters:",
        "  Environment: {Type: String, Default: dev}",
        "Globals:",
        "  Function:",
        "    Runtime: python3.12",
        "    Tags: {Environment: !Ref Environment}",
        "Resources:",
    ]
    for index in range(count // 2):
        lines += [
            f"  Fn{index}:",
            "    Type: AWS::Serverless::Function",
            "    Properties:",
            f"      FunctionName: !Sub 'notes-${{Environment}}-{index}'",
            "      Environment:",
            "        Variables:",
            f"          TABLE: !Ref Table{index}",
            f"          ARN: !GetAtt Table{index}.Arn",
            f"  Table{index}:",
            "    Type: AWS::DynamoDB::Table",
            "    Properties:",
            "      BillingMode: PAY_PER_REQUEST",
            "      Tags:",
            "        - Key: Environment",
            "          Value: !Ref Environment",
        ]
    lines.append("Transform: AWS::Serverless-2016-10-31")
    return "\n".join(lines) + "\n"


def test_thousand_resources(write_sam, error_list) -> None:
    sources = write_sam(big_template(1000))
    part = resolve_sam(sources, "dev")
    assert error_list(part) == []
    resources = {n.id: n for n in part.nodes if n.kind == NodeKind.SAM_RESOURCE}
    assert len(resources) == 1000
    last_function = resources["sam:Fn499"]
    assert last_function.values["Properties"]["FunctionName"] == "notes-dev-499"
    assert last_function.spans["Properties.Environment.Variables.TABLE"].line == 8 + 15 * 499 + 6
    assert last_function.tags == {"Environment": "dev"}
    assert resources["sam:Table499"].tags == {"Environment": "dev"}
    assert sum(1 for e in part.edges if e.kind == EdgeKind.REFERENCE and e.target.startswith("sam:Table")) == 500
