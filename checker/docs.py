"""Load the documents the spec requires (sections 8 and 9) as graph nodes, so rules never touch the disk."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from checker.model import Diagnostic, GraphPart, Location, Node, NodeKind, Tool
from checker.userfiles import UnreadableFile, present, read_regular

MAX_DOC_BYTES = 1_000_000


SPEC_DOCS_DIR = "docs/"  # the spec's documents are listed under docs/; a project may keep them elsewhere


def load_documents(root: Path, spec: dict[str, Any], docs_dir: Path = Path("docs")) -> GraphPart:
    part = GraphPart()
    for doc in spec.get("documents", []):
        relative = doc["path"]
        if relative.startswith(SPEC_DOCS_DIR):
            relative = (docs_dir / relative.removeprefix(SPEC_DOCS_DIR)).as_posix()
        path = root / relative
        text = ""
        exists = present(path)
        if exists:
            try:
                text = read_regular(path)[:MAX_DOC_BYTES].decode("utf-8", errors="replace")
            except UnreadableFile as problem:
                exists = False
                if not problem.missing:
                    part.diagnostics.append(Diagnostic(relative, 0, problem.reason, code="read"))
        text = without_html_comments(text)
        meaningful = [
            line
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#") and not is_placeholder(line)
        ]
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
                    "sections": markdown_sections(text),
                },
                meta={"title": doc["title"], "section": doc["section"]},
            )
        )
    return part


FENCES = ("```", "~~~")


_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def without_html_comments(text: str) -> str:
    """The document as rendered: an HTML comment (`<!-- TODO: CognitoServiceRole -->`) shows nothing, so it
    names no role and is no content under a heading. Its line breaks are kept, so lines keep their numbers."""
    return _HTML_COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), text)


# A line that only holds a placeholder says the section is still to be written: list and quote markers,
# emphasis and punctuation around "TODO", "TBD", "FIXME", "WIP", "to be written", "coming soon", "...".
_PLACEHOLDER = re.compile(
    r"^[\s>*_`~|\-+.:()\[\]]*(?:(?:todo|tbd|tba|fixme|xxx|wip)\b.*|to be (?:written|done|added|completed|defined|"
    r"decided|documented)\b.*|coming soon\b.*|placeholder\b.*|lorem ipsum\b.*|\.\.\.|\u2026|n/?a)[\s*_`~|.!:)\]]*$",
    re.IGNORECASE,
)


def is_placeholder(line: str) -> bool:
    return bool(_PLACEHOLDER.match(line.strip()))


def markdown_sections(text: str) -> list[dict[str, Any]]:
    """Every ATX heading outside fenced code, with its level, line and how many lines of content stand
    under it (its subsections' included): a heading with nothing under it, or only placeholders (TODO,
    TBD, "coming soon"), does not cover its topic."""
    headings: list[tuple[int, int, str]] = []  # (line, level, text)
    content_lines: list[int] = []
    fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = ""
            content_lines.append(number)
            continue
        if stripped.startswith(FENCES):
            fence = stripped[:3]
            content_lines.append(number)
            continue
        marks = len(stripped) - len(stripped.lstrip("#"))
        if 1 <= marks <= 6 and line.startswith("#") and (len(stripped) == marks or stripped[marks] == " "):
            headings.append((number, marks, stripped[marks:].strip().rstrip("#").strip()))
        elif stripped and not is_placeholder(stripped):
            content_lines.append(number)
    sections = []
    for index, (start, level, title) in enumerate(headings):
        end = next((other for other, other_level, _ in headings[index + 1 :] if other_level <= level), None)
        content = sum(1 for n in content_lines if n > start and (end is None or n < end))
        sections.append({"heading": title, "level": level, "line": start, "content_lines": content})
    return sections
