"""Shared helpers of the rules."""


from __future__ import annotations

import re
from collections.abc import Iterable

from checker.model import Node
from policies.base import RuleContext

SEPARATION = "2. Environment Separation Model"


NAME_SEPARATORS = frozenset("-_/:.")


def mentions_env(text: str, env: str) -> bool:
    """True when `env` appears as a name segment: `notes-dev-x`, `/notes/dev/`, `dev/terraform.tfstate`.

    The token must not touch letters or digits (so `device`, `devops`, `production` do not count), must
    touch a name separator on one side (so prose such as "used in dev only" does not count), and must not
    be a top-level domain (`fikri.dev`).
    """
    for match in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(env)}(?![A-Za-z0-9])", text):
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if before == "." and after in ("", ".", "/", ":", "'", '"'):
            continue  # a top-level domain: fikri.dev, https://web.dev/
        if before in NAME_SEPARATORS or after in NAME_SEPARATORS:
            return True
    return False


def names_env(name: str, env: str) -> bool:
    return name == env or mentions_env(name, env)


def env_domains(ctx: RuleContext, env: str) -> tuple[str, str]:
    spec = ctx.spec["environments"][env]
    return spec["frontend_domain"], spec["api_domain"]


def mentions_domain(text: str, domain: str) -> bool:
    """The domain, or a subdomain of it, as a whole host name (`p1.fikri.dev` is not in `p1-dev.fikri.dev`)."""
    return re.search(rf"(?<![A-Za-z0-9-]){re.escape(domain)}(?![A-Za-z0-9-])", text) is not None


def by_location(nodes: Iterable[Node]) -> list[Node]:
    return sorted(nodes, key=Node.sort_key)
