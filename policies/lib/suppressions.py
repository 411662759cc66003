"""Shared helpers of the rules."""


from __future__ import annotations

SECTION = "5. Deployment & Orchestration (review before apply)"
