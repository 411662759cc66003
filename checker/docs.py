"""Load the documents the spec requires (sections 8 and 9) as graph nodes, so rules never touch the disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.model import GraphPart, Location, Node, NodeKind, Tool

MAX_DOC_BYTES = 1_000_000


def load_documents(root: Path, spec: dict[str, Any]) -> GraphPart:
    part = GraphPart()
    for doc in spec.get("documents", []):
        relative = doc["path"]
        path = root / relative
        text = ""
        exists = path.is_file()
        if exists:
            try:
                text = path.read_bytes()[:MAX_DOC_BYTES].decode("utf-8", errors="replace")
            except OSError:
                exists = False
        meaningful = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        part.nodes.append(
            Node(
                id=f"doc:{relative}",
                address=relative,
                kind=NodeKind.DOCUMENT,
                tool=Tool.DOCS,
                name=doc["title"],
                loc=Location(relative, 1 if exists else 0, max(1, text.count("\n")) if exists else 0),
                values={
                    "exists": exists,
                    "lines": len(meaningful),
                    "mentions": {word: word in text for word in doc.get("must_mention", [])},
                },
                meta={"title": doc["title"], "section": doc["section"]},
            )
        )
    return part
