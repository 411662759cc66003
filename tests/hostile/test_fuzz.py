"""Random and mutated Terraform, tfvars and SAM through the whole pipeline: it always ends, never raises."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.model import Diagnostic
from checker.pipeline import exit_code, run
from checker.runtime import open_runtime
from checker.settings import Settings

BASE = Path(__file__).parent / "base_repo"
FILES = {
    "tf": "infra/terraform/main.tf",
    "tfvars": "infra/terraform/envs/prod.tfvars",
    "sam": "sam/template.yaml",
    "samconfig": "sam/samconfig.toml",
}
SYNTAX = "{}[]()\"'=:$!&*|>-#\n\t ,.\\${}%{}<<EOF\nEOF\n!Ref !Sub !GetAtt ~ ? @ ` \x00 \xe9"


@st.composite
def mutated(draw, original: str) -> str:
    text = original
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        if not text:
            text = draw(st.text(alphabet=SYNTAX, max_size=40))
            continue
        where = draw(st.integers(min_value=0, max_value=len(text)))
        span = draw(st.integers(min_value=0, max_value=40))
        operation = draw(st.sampled_from(["delete", "insert", "duplicate", "truncate", "swap"]))
        if operation == "delete":
            text = text[:where] + text[where + span :]
        elif operation == "insert":
            text = text[:where] + draw(st.text(alphabet=SYNTAX, max_size=20)) + text[where:]
        elif operation == "duplicate":
            text = text[:where] + text[where : where + span] * draw(st.integers(1, 20)) + text[where:]
        elif operation == "truncate":
            text = text[:where]
        else:
            other = draw(st.integers(min_value=0, max_value=len(text)))
            low, high = sorted((where, other))
            text = text[:low] + text[high : high + span] + text[low + span : high] + text[low : low + span]
    return text


def contents():
    originals = {key: (BASE / relative).read_text() for key, relative in FILES.items()}
    per_file = {
        key: st.one_of(st.just(text), mutated(text), st.text(max_size=200), st.binary(max_size=100))
        for key, text in originals.items()
    }
    return st.fixed_dictionaries(per_file)


@given(contents())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_pipeline_survives_any_input(files: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        for key, relative in FILES.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            content = files[key]
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", errors="surrogatepass")
        settings_ = Settings(root=root, envs=("prod",), checkov=False, cache_dir=None, max_file_bytes=200_000)
        report = run(settings_, open_runtime(settings_))
        code = exit_code(report, settings_)
        assert code in (0, 1, 2)
        crashed = [d for d in report.diagnostics if d.code == "rule"]
        assert crashed == [], f"a rule crashed on loader output: {crashed}"
        for diagnostic in report.diagnostics:
            assert isinstance(diagnostic, Diagnostic)
            assert diagnostic.file, f"a diagnostic that names no file: {diagnostic}"
            assert "Traceback" not in diagnostic.message
        for key, relative in FILES.items():
            if _unreadable_text(files[key]):
                errors = [d for d in report.diagnostics if d.file == relative and d.level == "error"]
                assert errors, f"{relative} is not text, yet no error names it: {report.diagnostics}"
                assert code == 2


def _unreadable_text(content: str | bytes) -> bool:
    if isinstance(content, str):
        return False
    if b"\x00" in content:
        return True
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False
