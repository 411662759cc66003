"""NC-ENV-002: No reference to another environment's resources or domains."""


from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from checker.model import Graph, NodeKind, Severity, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.naming import by_location, env_domains, mentions_domain, mentions_env

PROSE_KEYS = frozenset({"description", "Description", "comment", "Comment", "alarm_description", "AlarmDescription"})


def other_env_mention(text: str, ctx: RuleContext, needles: re.Pattern[str] | None = None) -> str | None:
    """What in `text` belongs to another environment: its name segment or one of its domains."""
    if (needles or other_env_needles(ctx)).search(text) is None:
        return None  # the common case, decided by one substring scan
    for other in ctx.other_envs:
        for domain in env_domains(ctx, other):
            if mentions_domain(text, domain):
                return f"{other}'s domain {domain}"
        if mentions_env(text, other):
            return f"the environment name {other!r}"
    return None


def other_env_needles(ctx: RuleContext) -> re.Pattern[str]:
    """Any substring without which no other environment can be named: their names and domains."""
    needles = [*ctx.other_envs, *(d for other in ctx.other_envs for d in env_domains(ctx, other))]
    return re.compile("|".join(map(re.escape, needles)) or "(?!)")


def walk_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(dotted path, string) for every string inside a resolved value, skipping free-text fields."""
    if isinstance(value, str):
        yield path, value
    elif is_unknown(value):
        yield from ((path, text) for text in value.known)  # the known parts of a partially known string
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in PROSE_KEYS:
                yield from walk_strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk_strings(item, f"{path}.{index}" if path else str(index))


REFERENCE_KINDS = (NodeKind.RESOURCE, NodeKind.DATA, NodeKind.PROVIDER, NodeKind.SAM_RESOURCE, NodeKind.SAM_PARAMETER)


def no_cross_env_reference(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    needles = other_env_needles(ctx)
    for node in by_location(graph.of_kind(*REFERENCE_KINDS)):
        # A SAM parameter's declaration (AllowedValues, AllowedPattern) lists every environment by design.
        values = {"value": node.get("value")} if node.kind == NodeKind.SAM_PARAMETER else node.values
        for path, text in walk_strings(values):
            found = other_env_mention(text, ctx, needles)
            if found:
                yield Violation(node, f"{node.address}: {path} = {text!r} names {found} (checking {ctx.env})", path)


RULE = Rule(
    id="NC-ENV-002",
    family="environments",
    title="No reference to another environment's resources or domains",
    severity=Severity.CRITICAL,
    spec_section="2. Environment Separation Model",
    checklist="separation",
    what=(
        "No resolved value of a Terraform resource, data source or provider, nor of a SAM resource or parameter, "
        "names another environment: a name segment such as `-dev-`, `/dev/`, `dev/` (`notes-dev-notes`, "
        "`arn:aws:ssm:...:parameter/notes/dev/...`) or another environment's domain (`p1-dev.fikri.dev`, "
        "`api.p1-sta.fikri.dev`, and `p1.fikri.dev` when checking dev or staging). Words that merely contain an "
        "environment name (`device`, `devops`, `production`) and free-text descriptions are ignored."
    ),
    why=(
        "Section 2 separates dev, staging and prod inside one account by tags and names only; a literal ARN, name or "
        "domain of another environment is a hole in that wall (a prod Lambda reading the dev table, a staging "
        "distribution serving the prod domain). Promotion (dev -> staging -> prod) relies on the same code producing "
        "each environment from its own `envs/<env>.tfvars` and samconfig section."
    ),
    noncompliant=(
        "# envs/prod.tfvars\n"
        'notes_table_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/notes-dev-notes"'
    ),
    compliant=(
        'resource "aws_iam_role_policy" "lambda" {\n'
        "  policy = jsonencode({ Statement = [{\n"
        "    Resource = aws_dynamodb_table.notes.arn\n"
        "  }] })\n"
        "}"
    ),
    remediation=(
        "Refer to this environment's resources through references, variables and `var.environment`, never through "
        "another environment's literal names; put environment-specific values in `envs/<env>.tfvars` and in the "
        "samconfig.toml section of that environment."
    ),
    check=no_cross_env_reference,
)
