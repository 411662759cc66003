"""The files aws_s3_object uploads (`source`): read for NC-SECRET-005 inside the project root only, capped,
binary files kept without text, and every file that cannot be read a warning that says so (never a traceback)."""

from __future__ import annotations

from pathlib import Path

from checker.model import DiagnosticLevel, Node, NodeKind, Tool
from checker.uploads import META_KEY, UploadedFile, attach_uploads


def _object(source: object, name: str = "upload") -> Node:
    return Node(
        id=f"tf:aws_s3_object.{name}",
        address=f"aws_s3_object.{name}",
        kind=NodeKind.RESOURCE,
        tool=Tool.TERRAFORM,
        type="aws_s3_object",
        name=name,
        values={"source": source},
    )


def test_reads_text_relative_to_the_root_module(tmp_path: Path) -> None:
    module = tmp_path / "infra" / "terraform" / "files"
    module.mkdir(parents=True)
    (module / "app.json").write_text('{"a": 1}\n', encoding="utf-8")
    node = _object("./files/app.json")
    assert attach_uploads([node], tmp_path, "infra/terraform", 1000) == []
    assert node.meta[META_KEY] == UploadedFile("infra/terraform/files/app.json", '{"a": 1}\n')


def test_binary_is_kept_without_text(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\x00password=abc")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    nodes = [_object("logo.png", "logo"), _object("latin1.txt", "latin")]
    assert attach_uploads(nodes, tmp_path, ".", 1000) == []
    assert [n.meta[META_KEY].text for n in nodes] == [None, None]


def test_what_cannot_be_read_is_a_warning(tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("password = hT7s9Kq2LmXw8vRz3NpY\n", encoding="utf-8")
    (tmp_path / "big.txt").write_text("x" * 2000, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "link.txt").symlink_to(outside)
    sources = {
        "missing": "nowhere/app.json",
        "outside": f"../{outside.name}",
        "absolute": str(outside),
        "link": "link.txt",
        "big": "big.txt",
        "folder": "folder",
    }
    nodes = [_object(source, name) for name, source in sources.items()]
    try:
        diagnostics = attach_uploads(nodes, tmp_path, ".", 1000)
    finally:
        outside.unlink()
    assert all(META_KEY not in n.meta for n in nodes)
    assert [d.level for d in diagnostics] == [DiagnosticLevel.WARNING] * len(sources)
    text = "\n".join(d.message for d in diagnostics)
    assert "does not exist" in text and "outside the project root" in text and "1000-byte limit" in text
    assert all("not scanned for secrets" in d.message for d in diagnostics)


def test_unknown_or_absent_source_is_left_alone(tmp_path: Path) -> None:
    from checker.model import Unknown

    nodes = [_object(Unknown("known after apply")), _object(None, "none")]
    assert attach_uploads(nodes, tmp_path, ".", 1000) == []
    assert all(META_KEY not in n.meta for n in nodes)
