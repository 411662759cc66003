"""NC-SHARED-003: CloudTrail records management events, reads and writes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from checker.model import Graph, Node, Severity, Tool, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.iam import as_tuple

BOTH = frozenset({"read", "write"})
READ_WRITE_TYPES = {"All": BOTH, "ReadOnly": frozenset({"read"}), "WriteOnly": frozenset({"write"})}
MISSED = {
    "read": "read events (secretsmanager:GetSecretValue, ssm:GetParameter, kms:Decrypt...)",
    "write": "write events (every change to the infrastructure, IAM included)",
}


class _Unknowable(Exception):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path, self.reason = path, reason


def _known(value: Any, path: str) -> Any:
    if is_unknown(value):
        raise _Unknowable(path, value.reason)
    return value


def _basic_selectors(trail: Node) -> tuple[frozenset[str], str]:
    """(the kinds of management events the event_selector blocks record, where to report). No block: the
    trail records every management event (CloudTrail's default)."""
    selectors = [s for s in as_tuple(trail.get("event_selector")) if isinstance(s, dict)]
    if not selectors:
        return BOTH, ""
    covered: set[str] = set()
    for index, selector in enumerate(selectors):
        path = f"event_selector.{index}"
        included = _known(selector.get("include_management_events", True), f"{path}.include_management_events")
        if included is True:
            kind = _known(selector.get("read_write_type", "All"), f"{path}.read_write_type")
            covered |= READ_WRITE_TYPES.get(str(kind), frozenset())
    return frozenset(covered), "event_selector.0"


def _field_values(field: dict[str, Any], key: str, path: str) -> list[str]:
    return [str(_known(v, f"{path}.{key}")) for v in as_tuple(_known(field.get(key), f"{path}.{key}"))]


def _advanced_selectors(trail: Node, selectors: list[dict[str, Any]]) -> tuple[frozenset[str], str]:
    """What advanced_event_selector blocks record of management events: a selector whose eventCategory is
    Management, narrowed by a readOnly field ("true": reads, "false": writes) when it has one."""
    covered: set[str] = set()
    for index, selector in enumerate(selectors):
        path = f"advanced_event_selector.{index}"
        fields = [f for f in as_tuple(selector.get("field_selector")) if isinstance(f, dict)]
        named = {str(_known(f.get("field"), f"{path}.field_selector")): f for f in fields}
        category = named.get("eventCategory")
        if category is None or "Management" not in _field_values(category, "equals", f"{path}.field_selector"):
            continue
        kinds = set(BOTH)
        if (read_only := named.get("readOnly")) is not None:
            equals = _field_values(read_only, "equals", f"{path}.field_selector")
            not_equals = _field_values(read_only, "not_equals", f"{path}.field_selector")
            if equals:
                kinds &= {"read" if v == "true" else "write" for v in equals}
            kinds -= {"read" if v == "true" else "write" for v in not_equals}
        covered |= kinds
    return frozenset(covered), "advanced_event_selector.0"


def trail_records_management_events(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for trail in sorted(graph.resources("aws_cloudtrail", tool=Tool.TERRAFORM), key=Node.sort_key):
        advanced = [s for s in as_tuple(trail.get("advanced_event_selector")) if isinstance(s, dict)]
        try:
            covered, path = _advanced_selectors(trail, advanced) if advanced else _basic_selectors(trail)
        except _Unknowable as unknowable:
            yield Violation(
                trail,
                f"{trail.address}: which management events it records cannot be known statically "
                f"({unknowable.reason}), so whether access to secrets and changes are audited cannot be verified",
                unknowable.path,
            )
            continue
        missed = sorted(BOTH - covered)
        if missed:
            what = " nor ".join(MISSED[kind] for kind in missed)
            yield Violation(
                trail,
                f"{trail.address} records no management {what}: the audit trail has a hole where section 3 and "
                "section 6 ask for one",
                path,
            )


RULE = Rule(
    id="NC-SHARED-003",
    family="shared",
    title="CloudTrail records management events, reads and writes",
    severity=Severity.HIGH,
    spec_section="6. Infrastructure Dependencies (CloudTrail for audit logging); 3. Sensitive Data Handling "
    "(audit trails for access)",
    checklist="review",
    what=(
        "Every `aws_cloudtrail` records management events of both kinds, reads and writes: without "
        "`event_selector` blocks it does (CloudTrail's default); with them, the selectors that keep "
        "`include_management_events` (default true) must together cover both by `read_write_type` (`All`, or "
        "`ReadOnly` plus `WriteOnly`); with `advanced_event_selector` blocks, those whose `eventCategory` equals "
        "`Management` must together cover both by their `readOnly` field (none: both). A value that cannot be "
        "known statically is reported as such."
    ),
    why=(
        "Section 3 retrieves secrets from Secrets Manager or Parameter Store with 'audit trails for access', and "
        "section 6 sets up CloudTrail once for audit logging. Reading a secret (GetSecretValue, GetParameter) is "
        "a management read event: a trail of writes only, or of data events only, never shows who read a "
        "secret; one of reads only never shows who changed the infrastructure."
    ),
    noncompliant=(
        'resource "aws_cloudtrail" "audit" {\n  name                       = "notes-shared-audit"\n'
        "  s3_bucket_name             = aws_s3_bucket.audit.id\n  enable_log_file_validation = true\n\n"
        '  event_selector {\n    read_write_type = "WriteOnly"\n  }\n}'
    ),
    compliant=(
        'resource "aws_cloudtrail" "audit" {\n  name                       = "notes-shared-audit"\n'
        "  s3_bucket_name             = aws_s3_bucket.audit.id\n  enable_log_file_validation = true\n\n"
        '  event_selector {\n    read_write_type           = "All"\n    include_management_events = true\n  }\n}'
    ),
    remediation=(
        'Set `read_write_type = "All"` with `include_management_events = true` on an event selector (or leave '
        "the selectors out); with advanced selectors, keep one on `eventCategory = Management` without a "
        "`readOnly` field."
    ),
    check=trail_records_management_events,
    sections=("environment", "shared"),
)
