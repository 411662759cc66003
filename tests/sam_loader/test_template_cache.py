"""parse_sam with the parse cache: a template is loaded once per content, and a hit equals a fresh load."""

from __future__ import annotations

from checker.cache import DiskCache
from checker.sam import parse as sam_parse
from checker.sam import yaml_loader
from checker.sam.parse import parse_sam
from tests.conftest import REPO_ROOT

TEMPLATE = """AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Environment:
    Type: String
Resources:
  NotesFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub "notes-${Environment}-api"
      MemorySize: 128
"""


def _counting_loads(monkeypatch) -> list[str]:
    loaded: list[str] = []
    real = yaml_loader.load_cfn_yaml

    def load(text: str):
        loaded.append(text)
        return real(text)

    monkeypatch.setattr(yaml_loader, "load_cfn_yaml", load)
    return loaded


def test_an_unchanged_template_is_loaded_once_and_the_hit_equals_a_fresh_load(tmp_path, monkeypatch):
    template = tmp_path / "template.yaml"
    template.write_text(TEMPLATE, encoding="utf-8")
    cache = DiskCache(tmp_path / "cache")
    loads = _counting_loads(monkeypatch)
    first = parse_sam(template, None, tmp_path, cache=cache)
    second = parse_sam(template, None, tmp_path, cache=cache)
    assert len(loads) == 1
    assert second == first == parse_sam(template, None, tmp_path)
    assert second.positions["Resources.NotesFunction.Properties.MemorySize"][0] == 11


def test_a_changed_template_is_loaded_afresh(tmp_path, monkeypatch):
    template = tmp_path / "template.yaml"
    cache = DiskCache(tmp_path / "cache")
    loads = _counting_loads(monkeypatch)
    template.write_text(TEMPLATE, encoding="utf-8")
    parse_sam(template, None, tmp_path, cache=cache)
    template.write_text(TEMPLATE.replace("MemorySize: 128", "MemorySize: 256"), encoding="utf-8")
    changed = parse_sam(template, None, tmp_path, cache=cache)
    assert len(loads) == 2
    assert changed.template["Resources"]["NotesFunction"]["Properties"]["MemorySize"] == 256


def test_this_repositorys_template_round_trips_through_the_cache(tmp_path):
    template, samconfig = REPO_ROOT / "sam" / "template.yaml", REPO_ROOT / "sam" / "samconfig.toml"
    cache = DiskCache(tmp_path)
    fresh = parse_sam(template, samconfig, REPO_ROOT, cache=cache)
    assert parse_sam(template, samconfig, REPO_ROOT, cache=cache) == fresh


def test_samconfig_is_read_once_per_content_and_name(tmp_path, monkeypatch):
    template = tmp_path / "template.yaml"
    template.write_text(TEMPLATE, encoding="utf-8")
    samconfig = tmp_path / "samconfig.toml"
    samconfig.write_text('version = 0.1\n[prod.deploy.parameters]\nparameter_overrides = "Environment=prod"\n')
    reads: list[str] = []
    real = sam_parse.parse_samconfig_text
    monkeypatch.setattr(sam_parse, "parse_samconfig_text", lambda text, file: reads.append(file) or real(text, file))
    cache = DiskCache(tmp_path / "cache")
    first = parse_sam(template, samconfig, tmp_path, cache=cache)
    again = parse_sam(template, samconfig, tmp_path, cache=cache)
    assert reads == ["samconfig.toml"]
    assert again.samconfig == first.samconfig
    assert again.samconfig.envs["prod"].overrides["Environment"].value == "prod"
    samconfig.write_text('version = 0.1\n[prod.deploy.parameters]\nparameter_overrides = "Environment=dev"\n')
    changed = parse_sam(template, samconfig, tmp_path, cache=cache)
    assert reads == ["samconfig.toml", "samconfig.toml"]
    assert changed.samconfig.envs["prod"].overrides["Environment"].value == "dev"
