"""Files a Terraform resource uploads from the repository (`aws_s3_object.source`), read for the rules.

`source = "${path.module}/config/app.json"` is a path, resolved in the graph like any value; what is in the
file is not a value of the graph, yet a secret written there is as much in the repository (and in the
bucket) as one in `content`. After resolution, each such resource whose source is a known string gets
`meta["uploaded_file"]`: an `UploadedFile` with the file's path (relative to the project root) and its
text. Readings, as Terraform's: a relative path is relative to the directory `terraform` runs in (the root
module's), which is what `path.module` is built for; the file is read inside the project root only, up to
`Settings.max_file_bytes`, never blocking (`checker.userfiles`). A binary file (a NUL byte, or not UTF-8) is
kept without text: there is no line of text to point at. A file that is missing (an archive built at plan
time, a typo), outside the project root, unreadable or over the limit is a warning that says it was not
scanned: never a traceback, and never a silent pass. A source that cannot be known before apply gets no
`meta["uploaded_file"]`; NC-SECRET-005 reports that the file it uploads cannot be known.

The text is read on every run (one stat and one read per upload); what is costly, the secret scan, is cached
by the text's content (checker.content_secrets).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from checker.model import Diagnostic, DiagnosticLevel, Node, NodeKind, Tool
from checker.records import record
from checker.userfiles import UnreadableFile, read_regular

# Resource types that upload a local file, and the attribute that names it.
UPLOAD_SOURCES = {"aws_s3_object": "source", "aws_s3_bucket_object": "source"}
META_KEY = "uploaded_file"


@record(frozen=True)
class UploadedFile:
    """A file a resource uploads: its path relative to the project root, and its text (None when binary)."""

    path: str
    text: str | None


def _posix(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def attach_uploads(
    nodes: Iterable[Node], project_root: Path, module_root: str, max_file_bytes: int
) -> list[Diagnostic]:
    """Set `meta["uploaded_file"]` on each uploading resource whose source file is read; a warning for each
    one that cannot be. `module_root` is the root module's directory, relative to the project root."""
    diagnostics: list[Diagnostic] = []
    try:
        root = project_root.resolve()
    except (OSError, RuntimeError):
        return diagnostics
    for node in nodes:
        attribute = UPLOAD_SOURCES.get(node.type) if node.kind == NodeKind.RESOURCE else None
        if attribute is None or node.tool != Tool.TERRAFORM:
            continue
        node.meta.pop(META_KEY, None)
        source = node.get(attribute)
        if not isinstance(source, str) or not source:
            continue  # not set, or known only after apply: nothing to read (NC-SECRET-005 reports the unknown)
        upload, problem = _read(source, root, root / module_root, max_file_bytes)
        if upload is not None:
            node.meta[META_KEY] = upload
        if problem:
            where = node.location_of(attribute)
            diagnostics.append(
                Diagnostic(
                    where.file,
                    where.line,
                    f"{node.address} uploads {source!r}, which {problem}: its content is not scanned for secrets "
                    "(NC-SECRET-005)",
                    DiagnosticLevel.WARNING,
                    "read",
                )
            )
    return diagnostics


def _read(source: str, root: Path, module_root: Path, max_file_bytes: int) -> tuple[UploadedFile | None, str]:
    """(the upload, "") when read; (None, why not) otherwise."""
    candidate = Path(source)
    if not candidate.is_absolute():
        candidate = module_root / candidate
    try:
        real = candidate.resolve()
    except (OSError, RuntimeError, ValueError) as error:
        return None, f"cannot be resolved ({error})"
    if real != root and root not in real.parents:
        return None, "is outside the project root (notescheck reads nothing outside it)"
    try:
        data = read_regular(real, max_file_bytes)
    except UnreadableFile as error:
        return None, "does not exist" if error.missing else f"cannot be read ({error.reason})"
    path = _posix(real, root)
    if b"\0" in data:
        return UploadedFile(path, None), ""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return UploadedFile(path, None), ""
    return UploadedFile(path, text), ""


__all__ = ["META_KEY", "UPLOAD_SOURCES", "UploadedFile", "attach_uploads"]
