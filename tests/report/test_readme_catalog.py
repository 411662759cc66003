"""The rule docs are generated from the rules themselves (README table, docs/rules/<ID>.md): stale fails."""

from __future__ import annotations

from pathlib import Path

from checker.catalog import README_BEGIN, README_END, RULE_DOCS_DIR, catalog_markdown, explain, rule_pages
from policies import all_rules, load_spec
from policies.base import REPOSITORY_URL

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
REGENERATE = "run `bash scripts/sync-rule-docs`"


def test_readme_rule_table_matches_the_catalog():
    text = README.read_text(encoding="utf-8")
    assert text.count(README_BEGIN) == 1 and text.count(README_END) == 1, "README.md needs the rule-catalog markers"
    written = text[text.index(README_BEGIN) + len(README_BEGIN) : text.index(README_END)].strip("\n")
    expected = catalog_markdown(all_rules(), load_spec()["checklist"]).strip("\n")
    assert written == expected, f"README.md's rule table is stale: {REGENERATE}"


def test_every_rule_has_its_current_page_and_no_page_outlives_its_rule():
    expected = rule_pages(all_rules(), load_spec()["checklist"])
    written = {
        p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8") for p in (REPO / RULE_DOCS_DIR).glob("*.md")
    }
    assert set(written) == set(expected), f"docs/rules/ does not list exactly the rules: {REGENERATE}"
    stale = sorted(path for path, page in expected.items() if written[path] != page)
    assert not stale, f"stale rule pages {stale}: {REGENERATE}"


def test_every_help_link_names_a_page_in_this_repository():
    for rule in all_rules():
        assert rule.help_uri.startswith(f"{REPOSITORY_URL}/blob/main/"), rule.id
        assert (REPO / rule.help_uri.removeprefix(f"{REPOSITORY_URL}/blob/main/")).is_file(), rule.help_uri


def test_the_readme_table_links_each_rule_to_its_page():
    table = catalog_markdown(all_rules(), load_spec()["checklist"])
    for rule in all_rules():
        assert f"[`{rule.id}`]({RULE_DOCS_DIR}/{rule.id}.md)" in table


def test_explain_prints_the_page():
    rule = next(r for r in all_rules() if r.id == "NC-TAG-001")
    page = (REPO / RULE_DOCS_DIR / "NC-TAG-001.md").read_text(encoding="utf-8")
    assert explain(rule, load_spec()["checklist"]) == page
    assert [line for line in page.splitlines() if line.startswith("## ")] == [
        "## What it checks",
        "## Why",
        "## Noncompliant",
        "## Compliant",
        "## Fix",
    ]
