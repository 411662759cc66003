"""NC-STATE-001: Terraform state uses the S3 remote backend."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Node, NodeKind, Severity, Tool
from policies.base import Rule, RuleContext, Violation
from policies.lib.state_storage import s3_backend, spec_name


def terraform_root_nodes(graph: Graph) -> list[Node]:
    return sorted(
        (n for n in graph.nodes.values() if n.tool == Tool.TERRAFORM and not n.module),
        key=Node.sort_key,
    )


def backend_is_s3(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    root = terraform_root_nodes(graph)
    if not root:
        return
    backend = s3_backend(graph)
    if backend is None:
        settings = [n for n in root if n.kind == NodeKind.TERRAFORM]
        if not settings and any(n.meta.get("from_plan") for n in root):
            yield Violation(
                root[0],
                "the backend cannot be known statically: a plan does not record it and the Terraform sources "
                "were not found; check with the sources to verify the S3 backend",
            )
            return
        yield Violation(
            (settings or root)[0],
            "no backend is configured: Terraform keeps the state locally; the spec requires the S3 backend "
            f"(bucket {spec_name(ctx, 'bucket')}, lock table {spec_name(ctx, 'lock_table')})",
        )
    elif backend.type != "s3":
        yield Violation(backend, f'the backend is {backend.type!r}; the spec requires "s3"')


RULE = Rule(
    id="NC-STATE-001",
    family="state_backend",
    title="Terraform state uses the S3 remote backend",
    severity=Severity.CRITICAL,
    spec_section="3. State Management Strategy",
    checklist="recovery",
    what=(
        'The root Terraform module declares `backend "s3"` in its `terraform` block. No backend (local state in '
        "`terraform.tfstate`) or another backend type is a finding, reported on the `terraform` block."
    ),
    why=(
        "Section 3: 'Primary Backend: AWS S3 + DynamoDB (Terraform Remote State)'. Local state lives on one laptop: "
        "it cannot be versioned, recovered, locked or shared with the pipeline, and it holds the resource ids "
        "without which `terraform destroy` and re-creation are impossible."
    ),
    noncompliant=(
        "terraform {\n"
        '  required_version = ">= 1.5.0"\n'
        "}"
    ),
    compliant=(
        "terraform {\n"
        '  backend "s3" {\n'
        '    bucket         = "notes-terraform-state"\n'
        "    encrypt        = true\n"
        '    dynamodb_table = "notes-terraform-locks"\n'
        "  }\n"
        "}"
    ),
    remediation=(
        'Add `backend "s3"` to `infra/terraform/backend.tf` with the shared bucket and lock table and pass the key '
        'at init: `terraform init -backend-config="key=<env>/terraform.tfstate"`.'
    ),
    check=backend_is_s3,
)
