"""NC-HOST-007: The existing ACM certificates are looked up, not created."""


from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from checker.model import Graph, Node, Severity, Tool, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.hosting import as_list


def _certificate_domains(node: Node) -> list[tuple[str, Any]]:
    if node.tool == Tool.SAM:
        return [("Properties.DomainName", node.get("Properties.DomainName"))] + [
            (f"Properties.SubjectAlternativeNames.{i}", v)
            for i, v in enumerate(as_list(node.get("Properties.SubjectAlternativeNames")))
        ]
    return [("domain_name", node.get("domain_name"))] + [
        (f"subject_alternative_names.{i}", v) for i, v in enumerate(as_list(node.get("subject_alternative_names")))
    ]


def certificates_not_created(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    root = ctx.spec["root_domain"]
    created = graph.resources("aws_acm_certificate", "AWS::CertificateManager::Certificate")
    for node in sorted(created, key=Node.sort_key):
        for path, domain in _certificate_domains(node):
            if is_unknown(domain):
                yield Violation(node, f"{node.address}: {path} cannot be known statically ({domain.reason})", path)
            elif isinstance(domain, str) and (domain == root or domain.endswith("." + root)):
                yield Violation(
                    node, f"{node.address} creates a certificate for {domain}; look the existing one up instead", path
                )
                break


RULE = Rule(
    id="NC-HOST-007",
    family="hosting",
    title="The existing ACM certificates are looked up, not created",
    severity=Severity.MEDIUM,
    spec_section=(
        "2. Environment Separation Model (Networking & Content Delivery) (SSL/TLS: use existing public certificate)"
    ),
    checklist="networking",
    what=(
        'No `resource "aws_acm_certificate"` (nor SAM `AWS::CertificateManager::Certificate`) is created for a name '
        "under the root domain (`fikri.dev`): the frontend and API certificates are read with `data "
        '"aws_acm_certificate"`.'
    ),
    why=(
        "Section 2: 'Use existing public certificate for p1.fikri.dev' and 'HTTPS: Enforced via existing ACM "
        "Certificates'. A created certificate waits for DNS validation during apply, and destroying an environment "
        "would delete a certificate other resources may still use."
    ),
    noncompliant=(
        'resource "aws_acm_certificate" "frontend" {\n'
        '  domain_name       = "p1.fikri.dev"\n'
        '  validation_method = "DNS"\n'
        "}"
    ),
    compliant=(
        'data "aws_acm_certificate" "frontend" {\n'
        "  provider = aws.us_east_1\n"
        "  domain   = var.frontend_domain\n"
        '  statuses = ["ISSUED"]\n'
        "}"
    ),
    remediation='Replace the resource by a `data "aws_acm_certificate"` lookup of the existing certificate.',
    check=certificates_not_created,
)
