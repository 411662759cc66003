"""`--format html`: one self-contained page (nothing loaded), masked and escaped, the same numbers as the JSON
report, and rendered by a real headless Chromium (Debian's package), whose screenshot is kept.

The browser tests take the `chromium` fixture: without Chromium they are skipped, except under CI (CI=true),
where scripts/test installs it and its absence fails the run (as tests/conftest.py does for Checkov).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.model import EnvResult, Finding, ModuleCall, ModuleGraph, ModuleLink, Report, Severity
from checker.report import FORMATS, render
from checker.report.common import masked_report
from checker.report.jsonreport import report_dict

from .conftest import LEAKED_KEY, RULES, build_report

ROOT = Path(__file__).resolve().parents[2]
BACKWARD_CASE = ROOT / "tests" / "policies" / "cases" / "NC-ORDER-001" / "wrong_direction"
PROJECT_KEY = "AKIAQ3EXAMPLEZ7KD2XW"  # an access key id shape checker.secrets masks
LEAK = f"""
resource "aws_ssm_parameter" "leak" {{
  name  = "/notes/prod/leak"
  type  = "String"
  value = "{PROJECT_KEY}"
  tags  = {{ Environment = "prod", Project = "notes" }}
}}
"""
CHROMIUM_NAMES = ("chromium", "chromium-browser")

CHECK_COUNTS = ("checks", "passed", "failed", "suppressed")


def _render(report: Report, settings) -> str:
    return render(report, "html", settings=settings, color=False, quiet=False, gate=False)


def _loads(page: str) -> list[str]:
    """Whatever in the page would make a browser fetch: an element that loads (script, stylesheet link, image,
    frame, media, SVG image or use), a src/srcset/href/xlink:href attribute anywhere but on a plain link (`<a
    href>`: navigation, not a load), and url() or @import in CSS. Text is text: an escaped address is not a load."""
    return _Dom.of(page).loads


def test_the_load_detector_sees_loads_and_not_text():
    bad = (
        '<link rel="stylesheet" href="https://x.invalid/a.css"><style>b{background:url(x.png)}</style>'
        '<svg><image href="y.png"/></svg><p style="background:URL(z)">&lt;script src=x&gt;</p><script></script>'
    )
    assert len(_loads(bad)) == 7
    assert _loads('<p>see https://example.com &lt;img src=x&gt;</p><a href="https://example.com">x</a>') == []


def _module_graph(backward: bool) -> ModuleGraph:
    links = [ModuleLink("database", "iam"), ModuleLink("compute", "database")]
    if backward:
        links.append(ModuleLink("database", "compute", backward=True))
    return ModuleGraph(
        layers=("iam", "security", "database", "auth", "compute", "monitoring"),
        modules=(
            ModuleCall("compute", "compute", "infra/terraform/main.tf", 20),
            ModuleCall("database", "database", "infra/terraform/main.tf", 10),
            ModuleCall("iam", "iam", "infra/terraform/main.tf", 1),
            ModuleCall("misc", "", "infra/terraform/main.tf", 30),
        ),
        links=tuple(links),
    )


def test_html_is_registered_for_report_check_and_files():
    assert "html" in FORMATS
    from checker.report import suffix_for

    assert suffix_for("html") == ".html"


def test_the_page_loads_nothing_masks_secrets_and_escapes(report, settings):
    hostile = Finding(
        rule_id=RULES[0].id,
        severity=Severity.HIGH,
        source="notescheck",
        env="prod",
        file='infra/terraform/"><script>alert(1)</script>.tf',
        line=3,
        end_line=3,
        resource="aws_s3_bucket.x<img src=x onerror=alert(2)>",
        message="tag <b>Environment</b> & 'Project' missing",
        evidence=('infra/terraform/x.tf:3 tags = { Name = "</style><script>alert(3)</script>" }',),
    )
    prod = next(r for r in report.results if r.env == "prod")
    prod.findings.append(hostile)
    page = _render(report, settings)
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert _loads(page) == []
    # and the browser is told so (the Chromium test sees nothing refused)
    csp = _Dom.of(page).one("meta", {"http-equiv": "Content-Security-Policy"})["content"]
    assert csp.startswith("default-src 'none';")
    assert LEAKED_KEY not in page and "AKIA***" in page
    assert "<script" not in page and "<img" not in page and "<b>Environment" not in page
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        and "&lt;b&gt;Environment&lt;/b&gt; &amp; &#x27;Project&#x27;" in page
    )
    # Checkov's help link stays a link, the only address in the page
    assert '<a href="https://docs.prismacloud.io/' in page


def test_the_numbers_are_the_json_reports(report, settings):
    page = _render(report, settings)
    data = report_dict(masked_report(report), settings)
    dom = _Dom.of(page)
    for env, counts in data["summary"]["environments"].items():
        row = dom.one("tr", {"class": "env-counts", "data-env": env})
        assert {k: int(row[f"data-{k}"]) for k in counts} == counts
    totals = dom.one("tr", {"id": "totals"})
    assert {k: int(totals[f"data-{k}"]) for k in data["summary"]["totals"]} == data["summary"]["totals"]
    open_findings = [f for f in data["findings"] if not f["suppressed"]]
    assert len(dom.all("div", {"class": "finding"}) + dom.all("div", {"class": "finding below"})) == len(open_findings)
    suppressed = sum(int(d["data-count"]) for d in dom.all("details", {"class": "suppression"}))
    assert suppressed == data["summary"]["suppressed"]


def test_suppressed_findings_are_grouped_by_reason(settings):
    report = build_report(settings)
    prod = next(r for r in report.results if r.env == "prod")
    waived = next(f for f in prod.findings if f.suppression_kind == "waiver")
    from dataclasses import replace

    prod.findings += [replace(waived, resource=f"module.hosting.aws_s3_bucket.site{i}") for i in range(5)]
    dom = _Dom.of(_render(report, settings))
    counts = sorted(int(d["data-count"]) for d in dom.all("details", {"class": "suppression"}))
    assert counts == [1, 6]


def test_the_module_graph_in_layer_order_with_the_backward_edge_marked(settings):
    result = EnvResult(env="prod", rules_run=tuple(r.id for r in RULES), modules=_module_graph(backward=True))
    page = _render(Report(results=[result], rules=list(RULES), tool_version="0.1.0"), settings)
    svg = page[page.index("<svg") : page.index("</svg>")]
    labels = re.findall(r">(\d\. [a-z]+|no layer)</text>", svg)
    assert labels == ["1. iam", "2. security", "3. database", "4. auth", "5. compute", "6. monitoring", "no layer"]
    dom = _Dom.of(page)
    (backward,) = dom.all("g", {"class": "edge backward"})
    assert (backward["data-user"], backward["data-used"]) == ("database", "compute")
    assert 'stroke="#cf222e"' in svg and "stroke-dasharray" in svg and "backward: database reads compute" in svg
    assert len(dom.all("g", {"class": "edge"})) == 2
    assert dom.one("g", {"data-module": "misc"})["data-layer"] == ""
    clean = _render(
        Report(results=[EnvResult(env="prod", modules=_module_graph(backward=False))], tool_version="0.1.0"), settings
    )
    assert 'data-backward="true"' not in clean and "backward:" not in clean.split("<svg")[1]


def _project(tmp_path: Path) -> Path:
    """NC-ORDER-001's case with a backward edge (database reads compute), plus a leaked access key id."""
    project = tmp_path / "project"
    shutil.copytree(BACKWARD_CASE, project)
    main_tf = project / "infra" / "terraform" / "main.tf"
    main_tf.write_text(main_tf.read_text(encoding="utf-8") + LEAK, encoding="utf-8")
    return project


def _run_cli(project: Path, out: Path) -> tuple[dict, str]:
    args = ["report", "--env", "prod", "--no-checkov", "--no-cache", "--project-dir", str(project)]
    args += ["--format", "json", "--format", "html", "--output-dir", str(out)]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 1, done.output  # the case violates NC-ORDER-001 and more
    data = json.loads((out / "notescheck.json").read_text(encoding="utf-8"))
    return data, (out / "notescheck.html").read_text(encoding="utf-8")


def test_report_format_html_from_the_cli(tmp_path):
    data, page = _run_cli(_project(tmp_path), tmp_path / "out")
    assert _loads(page) == []
    assert PROJECT_KEY not in page and "AKIA***" in page
    assert PROJECT_KEY not in json.dumps(data)
    assert any(f["rule_id"] == "NC-ORDER-001" for f in data["findings"])
    dom = _Dom.of(page)
    (backward,) = dom.all("g", {"class": "edge backward"})
    assert (backward["data-user"], backward["data-used"]) == ("database", "compute")
    single = CliRunner().invoke(
        main,
        ["check", "--env", "prod", "--no-checkov", "--no-cache", "--project-dir", str(tmp_path / "project")]
        + ["--format", "html", "--output", str(tmp_path / "gate.html")],
    )
    assert single.exit_code == 1, single.output
    assert (tmp_path / "gate.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# The real browser.


@pytest.fixture(scope="session")
def chromium() -> Path:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    why = f"no Chromium on PATH ({' or '.join(CHROMIUM_NAMES)})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI runs the browser tests, but: {why}", pytrace=False)
    pytest.skip(f"{why}: `apt-get install chromium` (scripts/test does it as root)")


def _chromium(chromium: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    command = [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0"]
    command += [f"--user-data-dir={tmp_path / 'chromium-profile'}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    # The page's Content-Security-Policy is default-src 'none': anything it tried to load would be refused
    # and said so on the console.
    assert "Content Security Policy" not in done.stderr, done.stderr[-2000:]
    return done


def test_chromium_renders_the_report_with_the_json_numbers(tmp_path, chromium):
    data, _ = _run_cli(_project(tmp_path), tmp_path / "out")
    page = tmp_path / "out" / "notescheck.html"
    dom = _Dom.of(_chromium(chromium, tmp_path, "--dump-dom", page.as_uri()).stdout)

    # counts: every number of the JSON summary, per environment and in total
    for env, counts in data["summary"]["environments"].items():
        row = dom.one("tr", {"class": "env-counts", "data-env": env})
        assert {k: int(row[f"data-{k}"]) for k in counts} == counts
        covered = data["summary"]["coverage"][env]
        assert int(row["data-rules-run"]) == covered["rules_run"] > 0
        assert int(row["data-resources"]) == covered["resources_checked"] > 0
        assert int(row["data-rules-passed"]) == covered["rules_passed"]
        checks = {k: int(row[f"data-checks{'-' + k if k != 'checks' else ''}"]) for k in CHECK_COUNTS}
        assert checks == {k: covered[k] for k in CHECK_COUNTS}
        assert covered["checks"] > 0
        assert covered["passed"] == covered["checks"] - covered["failed"] - covered["suppressed"]
        assert int(row["data-rules-failed"]) == len({f["rule_id"] for f in data["findings"] if not f["suppressed"]})
    totals = dom.one("tr", {"id": "totals"})
    assert {k: int(totals[f"data-{k}"]) for k in data["summary"]["totals"]} == data["summary"]["totals"]

    # the rule x environment matrix: one row per rule, each cell's open and suppressed counts
    rows = dom.all("tr", {"class": "matrix-row"})
    assert [r["data-rule"] for r in rows] == [r["id"] for r in data["rules"]]
    cells = {(c["data-env"], c["_rule"]): c for c in dom.matrix_cells()}
    for rule in data["rules"]:
        mine = [f for f in data["findings"] if f["rule_id"] == rule["id"] and f["env"] == "prod"]
        cell = cells[("prod", rule["id"])]
        assert int(cell["data-failed"]) == sum(1 for f in mine if not f["suppressed"])
        assert int(cell["data-suppressed"]) == sum(1 for f in mine if f["suppressed"])

    # the checklist: each answer as the JSON has it
    answers = {a["data-rules"]: a["data-ok"] for a in dom.all_with_class("td", "answer")}
    for answer in data["checklist"]["prod"]:
        assert answers[" ".join(answer["rules"])] == str(answer["ok"]).lower()

    # findings, with their place and evidence, and the module graph's backward edge
    findings = dom.all_with_class("div", "finding")
    assert len(findings) == sum(1 for f in data["findings"] if not f["suppressed"])
    where = {f["data-where"] for f in findings}
    assert {f"{f['file']}:{f['line']}" if f["line"] else f["file"] for f in data["findings"]} == where
    assert dom.all("ol", {"class": "chain"})
    (backward,) = dom.all("g", {"class": "edge backward"})
    assert (backward["data-user"], backward["data-used"]) == ("database", "compute")

    screenshot = tmp_path / "report.png"
    _chromium(chromium, tmp_path, f"--screenshot={screenshot}", "--window-size=1280,2000", page.as_uri())
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000  # a page, not a blank
    artefacts = os.environ.get("NOTESCHECK_ARTEFACTS")
    if artefacts:
        Path(artefacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(screenshot, Path(artefacts) / "report.png")
        shutil.copy(page, Path(artefacts) / "report.html")


class _Dom(HTMLParser):
    """The elements of a page with their attributes (the stdlib parser: enough for data-* attributes)."""

    LOADING = {"script", "link", "img", "iframe", "frame", "object", "embed", "source", "video", "audio", "image"}
    LOADING |= {"use", "track", "input", "base", "portal"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.loads: list[str] = []
        self._rule = ""
        self._in_style = False

    @classmethod
    def of(cls, page: str) -> _Dom:
        dom = cls()
        dom.feed(page)
        dom.close()
        return dom

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in self.LOADING:
            self.loads.append(f"<{tag}>")
        for name, value in values.items():
            if name in ("src", "srcset", "xlink:href", "poster", "data", "background") or (
                name == "href" and tag != "a"
            ):
                self.loads.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self._css(value)
        self._in_style = tag == "style"
        if tag == "tr":
            self._rule = values.get("data-rule", "")
        if tag == "td" and "data-state" in values:
            values["_rule"] = self._rule
        self.elements.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data)

    def _css(self, css: str) -> None:
        self.loads += re.findall(r"url\s*\(|@import|image-set\s*\(", css, re.I)

    def all(self, tag: str, wanted: dict[str, str]) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in wanted.items())]

    def all_with_class(self, tag: str, name: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and name in a.get("class", "").split()]

    def one(self, tag: str, wanted: dict[str, str]) -> dict[str, str]:
        (found,) = self.all(tag, wanted)
        return found

    def matrix_cells(self) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == "td" and "data-state" in a]
