"""parse_terraform on bad input: every problem is a diagnostic with path and line; the rest still loads."""

from __future__ import annotations

import os
import pickle

from checker.model import DiagnosticLevel
from checker.terraform import parse_terraform

from .conftest import Loaded, write_tree


def errors_of(sources, code=None):
    return [d for d in sources.diagnostics if d.level == DiagnosticLevel.ERROR and (code is None or d.code == code)]


def test_broken_file_is_reported_and_the_rest_loaded(tree):
    loaded = tree(
        {
            "tf/good.tf": 'resource "aws_sqs_queue" "ok" {\n  name = "ok"\n}\n',
            "tf/broken.tf": 'resource "aws_sqs_queue" "bad" {\n  name = \n}\n\nresource "aws_sqs_queue" "x" {\n',
            "tf/empty.tf": "",
        }
    )
    [*parse_errors] = [d for d in loaded.errors() if d.code == "parse"]
    assert parse_errors and all(d.file == "tf/broken.tf" and d.line >= 2 for d in parse_errors)
    assert loaded.node("aws_sqs_queue.ok").values["name"] == "ok"
    assert not [d for d in loaded.part.diagnostics if d.file == "tf/empty.tf"]


def test_non_utf8_and_binary_files(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/latin1.tf": 'variable "a" {\n  default = "caf\xe9"\n}\n'.encode("latin-1"),
            "tf/blob.tf": b"\x7fELF\x00\x00\x01binary",
            "tf/ok.tf": 'variable "b" {}\n',
        },
    )
    sources = parse_terraform(tmp_path / "tf", tmp_path)
    by_file = {d.file: d for d in errors_of(sources)}
    assert by_file["tf/latin1.tf"].line == 2 and "UTF-8" in by_file["tf/latin1.tf"].message
    blob = [d.message for d in errors_of(sources) if d.file == "tf/blob.tf"]
    assert any("NUL" in message for message in blob), blob  # NUL is Terraform's "invalid character" outside text
    assert "b" in sources.root_module.variables


def test_file_over_size_limit(tmp_path):
    write_tree(tmp_path, {"tf/big.tf": "# " + "x" * 5000 + "\n", "tf/ok.tf": 'variable "b" {}\n'})
    sources = parse_terraform(tmp_path / "tf", tmp_path, max_file_bytes=1000)
    [error] = errors_of(sources, "size")
    assert error.file == "tf/big.tf"
    assert "b" in sources.root_module.variables


def test_symlink_loop_and_symlink_leaving_root(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.tf").write_text('variable "leak" {}\n')
    root = tmp_path / "work"
    write_tree(root, {"tf/ok.tf": 'variable "ok" {}\n'})
    os.symlink(root / "tf" / "loop.tf", root / "tf" / "loop.tf")
    os.symlink(outside / "secret.tf", root / "tf" / "escape.tf")
    sources = parse_terraform(root / "tf", root)
    by_file = {d.file: d for d in errors_of(sources, "read")}
    assert "loop" in by_file["tf/loop.tf"].message
    assert "leaves the working directory" in by_file["tf/escape.tf"].message
    assert set(sources.root_module.variables) == {"ok"}


def test_module_sources_outside_root_missing_and_remote(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "main.tf").write_text('resource "aws_s3_bucket" "x" {}\n')
    root = tmp_path / "work"
    write_tree(
        root,
        {
            "tf/main.tf": """
            module "outside" {
              source = "../../elsewhere"
            }
            module "missing" {
              source = "./modules/nope"
            }
            module "registry" {
              source  = "terraform-aws-modules/s3-bucket/aws"
              version = "4.0.0"
            }
            module "git" {
              source = "git::https://example.com/m.git"
            }
        """,
        },
    )
    loaded = Loaded(root)
    by_message = {d.message: d for d in loaded.part.diagnostics}
    outside = next(d for m, d in by_message.items() if "outside the working directory" in m)
    assert (outside.file, outside.line, outside.level) == ("tf/main.tf", 2, DiagnosticLevel.ERROR)
    missing = next(d for m, d in by_message.items() if "nope" in m)
    assert missing.line == 5 and missing.level == DiagnosticLevel.ERROR
    remote = [d for d in loaded.part.diagnostics if "remote source" in d.message]
    assert {d.line for d in remote} == {8, 12} and all(d.level == DiagnosticLevel.ERROR for d in remote)
    registry = loaded.node("module.registry")
    assert registry.meta["remote"] is True and registry.values["version"] == "4.0.0"
    assert not [n for n in loaded.nodes if "elsewhere" in n or n.startswith("tf:module.outside.")]


def test_module_cycle_is_reported_and_cut(tree):
    loaded = tree(
        {
            "tf/main.tf": 'module "a" {\n  source = "./a"\n}\n',
            "tf/a/main.tf": 'module "b" {\n  source = "../b"\n}\nresource "aws_sqs_queue" "qa" {}\n',
            "tf/b/main.tf": 'module "a" {\n  source = "../a"\n}\nresource "aws_sqs_queue" "qb" {}\n',
        }
    )
    [cycle] = [d for d in loaded.errors() if d.code == "cycle"]
    assert cycle.file == "tf/b/main.tf" and cycle.line == 1
    assert "tf:module.a.aws_sqs_queue.qa" in loaded.nodes
    assert "tf:module.a.module.b.aws_sqs_queue.qb" in loaded.nodes


def test_self_calling_module(tree):
    loaded = tree({"tf/main.tf": 'module "me" {\n  source = "./"\n}\n'})
    assert [d.code for d in loaded.errors()] == ["cycle"]


def test_missing_terraform_directory(tmp_path):
    sources = parse_terraform(tmp_path / "nope", tmp_path)
    assert errors_of(sources, "read") and sources.root_module is None


class DictCache:
    def __init__(self):
        self.store = {}
        self.hits = 0

    def get(self, key):
        value = self.store.get(key)
        if value is not None:
            self.hits += 1
        return value

    def put(self, key, value):
        self.store[key] = pickle.loads(pickle.dumps(value))  # what a disk cache would do


def test_parse_cache_protocol(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/main.tf": 'module "m" {\n  source = "./m"\n}\n',
            "tf/m/main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n',
            "tf/m/copy.tf": 'resource "aws_sqs_queue" "q2" {\n  name = "q"\n}\n',
        },
    )
    cache = DictCache()
    first = parse_terraform(tmp_path / "tf", tmp_path, cache=cache)
    assert len(cache.store) == 3 and cache.hits == 0
    second = parse_terraform(tmp_path / "tf", tmp_path, cache=cache)
    assert cache.hits == 3
    assert second.modules["tf/m"].resources.keys() == first.modules["tf/m"].resources.keys()
    assert second.modules["tf/m"].resources["aws_sqs_queue.q"].file == "tf/m/main.tf"
