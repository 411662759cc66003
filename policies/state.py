"""NC-STATE: Terraform state lives where section 3 says: the shared S3 bucket, encrypted, versioned, locked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from checker.model import Graph, Node, NodeKind, Severity, Tool, is_unknown
from policies.base import Context, RuleFamily, Violation

FAMILY = RuleFamily("state")

SPEC_SECTION = "3. State Management Strategy"
BACKEND_ID = "tf:terraform.backend"


def spec_name(ctx: Context, key: str, env: str | None = None) -> str:
    """A state_backend name of the spec with ${project} (and ${environment}) filled in."""
    text = ctx.spec["state_backend"][key].replace("${project}", ctx.spec["project"])
    return text.replace("${environment}", env) if env is not None else text


def terraform_root_nodes(graph: Graph) -> list[Node]:
    return sorted(
        (n for n in graph.nodes.values() if n.tool == Tool.TERRAFORM and not n.module),
        key=Node.sort_key,
    )


def s3_backend(graph: Graph) -> Node | None:
    node = graph.nodes.get(BACKEND_ID)
    if node is not None:
        return node
    backends = [n for n in graph.of_kind(NodeKind.BACKEND) if not n.module]
    return backends[0] if backends else None


def _backend_value(ctx: Context, backend: Node, key: str, expected: Any, what: str) -> Iterable[Violation]:
    value = backend.get(key)
    if value is None:
        yield Violation(backend, f"the S3 backend sets no {key}; {what} needs {key} = {expected!r}")
    elif is_unknown(value):
        yield Violation(backend, f"the S3 backend's {key} cannot be known statically ({value.reason})", key)
    elif value != expected:
        yield Violation(backend, f"the S3 backend's {key} is {value!r}, expected {expected!r} ({what})", key)


@FAMILY.rule(
    id="NC-STATE-001",
    title="Terraform state uses the S3 remote backend",
    severity=Severity.CRITICAL,
    spec_section=SPEC_SECTION,
    checklist="recovery",
    what=(
        'The root Terraform module declares `backend "s3"` in its `terraform` block. No backend (local state '
        "in `terraform.tfstate`) or another backend type is a finding, reported on the `terraform` block."
    ),
    why=(
        "Section 3: 'Primary Backend: AWS S3 + DynamoDB (Terraform Remote State)'. Local state lives on one "
        "laptop: it cannot be versioned, recovered, locked or shared with the pipeline, and it holds the "
        "resource ids without which `terraform destroy` and re-creation are impossible."
    ),
    noncompliant='terraform {\n  required_version = ">= 1.5.0"\n}',
    compliant='terraform {\n  backend "s3" {\n    bucket         = "notes-terraform-state"\n    encrypt        = true\n'
    '    dynamodb_table = "notes-terraform-locks"\n  }\n}',
    remediation=(
        'Add `backend "s3"` to `infra/terraform/backend.tf` with the shared bucket and lock table and pass the '
        'key at init: `terraform init -backend-config="key=<env>/terraform.tfstate"`.'
    ),
)
def backend_is_s3(graph: Graph, ctx: Context) -> Iterable[Violation]:
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


@FAMILY.rule(
    id="NC-STATE-002",
    title="Backend uses the spec's state bucket and lock table",
    severity=Severity.HIGH,
    spec_section=SPEC_SECTION,
    checklist="recovery",
    what=(
        "The S3 backend's `bucket` is `notes-terraform-state` and its `dynamodb_table` is "
        "`notes-terraform-locks` (`${project}-terraform-state` / `${project}-terraform-locks` of section 3)."
    ),
    why=(
        "Section 3 names one state bucket and one DynamoDB lock table for all environments, created once "
        "(section 6, shared resources). Only that bucket is versioned and access-controlled for the "
        "deployment role; without `dynamodb_table` two applies can write the same state at once and corrupt it."
    ),
    noncompliant='backend "s3" {\n  bucket = "my-state"\n}',
    compliant='backend "s3" {\n  bucket         = "notes-terraform-state"\n'
    '  dynamodb_table = "notes-terraform-locks"\n}',
    remediation='Set `bucket = "notes-terraform-state"` and `dynamodb_table = "notes-terraform-locks"`.',
)
def backend_bucket_and_lock(graph: Graph, ctx: Context) -> Iterable[Violation]:
    backend = s3_backend(graph)
    if backend is None or backend.type != "s3":
        return
    yield from _backend_value(ctx, backend, "bucket", spec_name(ctx, "bucket"), "the shared state bucket")
    yield from _backend_value(ctx, backend, "dynamodb_table", spec_name(ctx, "lock_table"), "state locking")


@FAMILY.rule(
    id="NC-STATE-003",
    title="Backend encrypts the state",
    severity=Severity.HIGH,
    spec_section=SPEC_SECTION,
    checklist="secrets",
    what="The S3 backend sets `encrypt = true`.",
    why=(
        "Section 3: 'Encryption: AES-256'. State holds every resource attribute, including values that are "
        "sensitive; `encrypt = true` makes Terraform write the state object with server-side encryption even "
        "if the bucket default is ever changed."
    ),
    noncompliant='backend "s3" {\n  bucket = "notes-terraform-state"\n  encrypt = false\n}',
    compliant='backend "s3" {\n  bucket  = "notes-terraform-state"\n  encrypt = true\n}',
    remediation="Add `encrypt = true` to the backend block.",
)
def backend_encrypts(graph: Graph, ctx: Context) -> Iterable[Violation]:
    backend = s3_backend(graph)
    if backend is None or backend.type != "s3":
        return
    yield from _backend_value(ctx, backend, "encrypt", True, "encryption of the state at rest")


@FAMILY.rule(
    id="NC-STATE-004",
    title="Backend key is the environment's own state file",
    severity=Severity.CRITICAL,
    spec_section=SPEC_SECTION + " (isolation: separate state files per environment)",
    checklist="separation",
    what=(
        "When the S3 backend sets `key`, it is `<env>/terraform.tfstate` for the environment checked "
        "(`${environment}/terraform.tfstate`). Leaving `key` out (partial configuration, given with "
        "`-backend-config` at init as section 5 shows) passes."
    ),
    why=(
        "Section 3: 'Isolation: Separate state files per environment', key `${environment}/terraform.tfstate`. "
        "Backend blocks cannot read variables, so a `key` written in the block is the same for every "
        "environment: applying staging would then read and overwrite the state of another environment."
    ),
    noncompliant='backend "s3" {\n  key = "prod/terraform.tfstate"   # also used by dev and staging\n}',
    compliant='backend "s3" {\n  # key given per environment:\n'
    '  # terraform init -backend-config="key=prod/terraform.tfstate"\n}',
    remediation=(
        "Remove `key` from the backend block and pass it at init: "
        '`terraform init -backend-config="key=${env}/terraform.tfstate"`.'
    ),
)
def backend_key_per_env(graph: Graph, ctx: Context) -> Iterable[Violation]:
    backend = s3_backend(graph)
    if backend is None or backend.type != "s3" or backend.get("key") is None:
        return
    key = backend.get("key")
    expected = spec_name(ctx, "key", ctx.env)
    if is_unknown(key):
        yield Violation(backend, f"the S3 backend's key cannot be known statically ({key.reason})", "key")
    elif key != expected:
        yield Violation(
            backend,
            f"the S3 backend's key is {key!r}, but {ctx.env}'s state file is {expected!r}; a key written in the "
            "backend block is shared by every environment",
            "key",
        )


# --- the state bucket and lock table themselves (present when the bootstrap root is checked) ---------


def named(graph: Graph, resource_type: str, attribute: str, name: str) -> list[Node]:
    return [n for n in graph.resources(resource_type, tool=Tool.TERRAFORM) if n.get(attribute) == name]


def bucket_companions(graph: Graph, bucket: Node, resource_type: str) -> list[Node]:
    """The bucket's sub-resources of one type (versioning, encryption, ...): by reference, else by name."""
    name = bucket.get("bucket")
    found = []
    for node in graph.resources(resource_type, tool=Tool.TERRAFORM):
        linked = any(e.target == bucket.id for e in graph.edges_from(node.id))
        if linked or (isinstance(name, str) and node.get("bucket") == name):
            found.append(node)
    return sorted(found, key=Node.sort_key)


def state_buckets(graph: Graph, ctx: Context) -> list[Node]:
    return named(graph, "aws_s3_bucket", "bucket", spec_name(ctx, "bucket"))


def _setting(
    graph: Graph, bucket: Node, resource_type: str, expected: dict[str, Any], what: str
) -> Iterable[Violation]:
    """The bucket's sub-resource of `resource_type` must exist and hold the expected value at each path."""
    companions = bucket_companions(graph, bucket, resource_type)
    if not companions:
        yield Violation(bucket, f"{bucket.address} has no {resource_type}: {what}")
    for node in companions:
        for path, wanted in expected.items():
            value = node.get(path)
            if is_unknown(value):
                yield Violation(node, f"{node.address}: {path} cannot be known statically ({value.reason})", path)
            elif value != wanted:
                yield Violation(node, f"{node.address}: {path} is {value!r}, expected {wanted!r}: {what}", path)


@FAMILY.rule(
    id="NC-STATE-005",
    title="State bucket keeps versions",
    severity=Severity.HIGH,
    spec_section=SPEC_SECTION + " (versioning; backup: point-in-time recovery via S3 versioning)",
    checklist="recovery",
    what=(
        "When the state bucket (`notes-terraform-state`) is defined in the checked configuration (the "
        "bootstrap root), an `aws_s3_bucket_versioning` for it has `versioning_configuration.status = "
        '"Enabled"`. When the bucket is not in the graph the rule has nothing to check and stays silent.'
    ),
    why=(
        "Section 3: 'Versioning: S3 bucket versioning enabled' and 'Backup: point-in-time recovery via S3 "
        "versioning'. Versions are the only way back from a corrupted or deleted state file "
        "(docs/runbooks/state-recovery.md)."
    ),
    noncompliant='resource "aws_s3_bucket_versioning" "state" {\n  bucket = aws_s3_bucket.state.id\n'
    '  versioning_configuration {\n    status = "Suspended"\n  }\n}',
    compliant='resource "aws_s3_bucket_versioning" "state" {\n  bucket = aws_s3_bucket.state.id\n'
    '  versioning_configuration {\n    status = "Enabled"\n  }\n}',
    remediation='Add an `aws_s3_bucket_versioning` for the state bucket with `status = "Enabled"`.',
)
def state_bucket_versioned(graph: Graph, ctx: Context) -> Iterable[Violation]:
    for bucket in state_buckets(graph, ctx):
        yield from _setting(
            graph,
            bucket,
            "aws_s3_bucket_versioning",
            {"versioning_configuration.0.status": "Enabled"},
            "state recovery needs S3 versioning (section 3)",
        )


@FAMILY.rule(
    id="NC-STATE-006",
    title="State bucket encrypts by default with AES-256 and blocks public access",
    severity=Severity.HIGH,
    spec_section=SPEC_SECTION + " (encryption: S3 default AES-256; access control)",
    checklist="secrets",
    what=(
        "When the state bucket is defined in the checked configuration: an "
        '`aws_s3_bucket_server_side_encryption_configuration` for it sets `sse_algorithm = "AES256"`, and an '
        "`aws_s3_bucket_public_access_block` for it sets `block_public_acls`, `block_public_policy`, "
        "`ignore_public_acls` and `restrict_public_buckets` to true."
    ),
    why=(
        "Section 3: 'Encryption: S3 default AES-256 encryption' and 'Access Control: IAM policies restrict to "
        "deployment role only'. State holds every attribute of every resource; a public or unencrypted state "
        "bucket leaks it all."
    ),
    noncompliant='resource "aws_s3_bucket_public_access_block" "state" {\n  bucket              = '
    "aws_s3_bucket.state.id\n  block_public_policy = false\n}",
    compliant='resource "aws_s3_bucket_server_side_encryption_configuration" "state" {\n'
    "  bucket = aws_s3_bucket.state.id\n  rule {\n    apply_server_side_encryption_by_default {\n"
    '      sse_algorithm = "AES256"\n    }\n  }\n}',
    remediation=(
        'Give the state bucket an encryption configuration with `sse_algorithm = "AES256"` and a public '
        "access block with all four settings true."
    ),
)
def state_bucket_protected(graph: Graph, ctx: Context) -> Iterable[Violation]:
    algorithm = ctx.spec["state_backend"]["encryption"]
    for bucket in state_buckets(graph, ctx):
        yield from _setting(
            graph,
            bucket,
            "aws_s3_bucket_server_side_encryption_configuration",
            {"rule.0.apply_server_side_encryption_by_default.0.sse_algorithm": algorithm},
            f"the spec's state encryption is {algorithm} (section 3)",
        )
        yield from _setting(
            graph,
            bucket,
            "aws_s3_bucket_public_access_block",
            dict.fromkeys(PUBLIC_ACCESS_FLAGS, True),
            "the state bucket must never be public (section 3, access control)",
        )


PUBLIC_ACCESS_FLAGS = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")


@FAMILY.rule(
    id="NC-STATE-007",
    title="State lock table is keyed by LockID",
    severity=Severity.HIGH,
    spec_section=SPEC_SECTION + " (state lock: DynamoDB)",
    checklist="recovery",
    what=(
        "When the lock table (`notes-terraform-locks`) is defined in the checked configuration, its "
        "`hash_key` is `LockID` and the `LockID` attribute has type `S`."
    ),
    why=(
        "Section 3: 'State Lock: DynamoDB ... Prevent concurrent modifications'. Terraform's S3 backend writes "
        "lock items under the string key `LockID`; with another key every `terraform plan` fails to lock, and "
        "teams are tempted to run with `-lock=false`."
    ),
    noncompliant='resource "aws_dynamodb_table" "locks" {\n  name     = "notes-terraform-locks"\n  hash_key = "id"\n}',
    compliant='resource "aws_dynamodb_table" "locks" {\n  name     = "notes-terraform-locks"\n  hash_key = "LockID"\n'
    '  attribute {\n    name = "LockID"\n    type = "S"\n  }\n}',
    remediation=(
        'Create the lock table with `hash_key = "LockID"` and an `attribute` block `name = "LockID"`, `type = "S"`.'
    ),
)
def lock_table_key(graph: Graph, ctx: Context) -> Iterable[Violation]:
    hash_key = ctx.spec["state_backend"]["lock_hash_key"]
    for table in named(graph, "aws_dynamodb_table", "name", spec_name(ctx, "lock_table")):
        value = table.get("hash_key")
        if is_unknown(value):
            yield Violation(table, f"{table.address}: hash_key cannot be known statically ({value.reason})", "hash_key")
            continue
        if value != hash_key:
            message = f"{table.address}: hash_key is {value!r}; Terraform locks by {hash_key!r}"
            yield Violation(table, message, "hash_key")
            continue
        attributes = table.get("attribute") or []
        declared = [i for i, a in enumerate(attributes) if isinstance(a, dict) and a.get("name") == hash_key]
        if not declared:
            yield Violation(table, f"{table.address}: no attribute block declares {hash_key}", "hash_key")
        elif attributes[declared[0]].get("type") != "S":
            path = f"attribute.{declared[0]}.type"
            yield Violation(table, f'{table.address}: the {hash_key} attribute must have type "S"', path)
