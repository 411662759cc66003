"""Versions of the libraries that name cached answers, read without importing them."""

from __future__ import annotations

import sys
from importlib.metadata import version

from checker.content_secrets import detector_version
from checker.installed import module_version
from checker.sam.transform import translator_version


def test_the_versions_read_are_the_installed_distributions() -> None:
    assert translator_version() == version("aws-sam-translator")
    assert detector_version() == f"detect-secrets-{version('detect-secrets')}"


def test_an_absent_module_has_no_version_and_one_without_an_assignment_an_empty_one(tmp_path, monkeypatch) -> None:
    package = tmp_path / "notescheck_probe_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("NAME = 'probe'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert module_version("notescheck_absent_module") is None
    assert module_version("notescheck_probe_pkg") == ""
    (package / "__init__.py").write_text("__version__ = '2.3.4'\n")
    sys.modules.pop("notescheck_probe_pkg", None)
    assert module_version("notescheck_probe_pkg") == "2.3.4"


def test_reading_a_version_imports_nothing(tmp_path, monkeypatch) -> None:
    package = tmp_path / "notescheck_probe_loud"
    package.mkdir()
    (package / "__init__.py").write_text("raise RuntimeError('imported')\n__version__ = '1.0'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert module_version("notescheck_probe_loud") == "1.0"
    assert "notescheck_probe_loud" not in sys.modules
