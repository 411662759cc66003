"""README.md's rule table is generated from the rules themselves; this fails when it is stale."""

from __future__ import annotations

from pathlib import Path

from checker.catalog import README_BEGIN, README_END, catalog_markdown
from policies import all_rules, load_spec

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_rule_table_matches_the_catalog():
    text = README.read_text(encoding="utf-8")
    assert text.count(README_BEGIN) == 1 and text.count(README_END) == 1, "README.md needs the rule-catalog markers"
    written = text[text.index(README_BEGIN) + len(README_BEGIN) : text.index(README_END)].strip("\n")
    expected = catalog_markdown(all_rules(), load_spec()["checklist"]).strip("\n")
    assert written == expected, (
        "README.md's rule table is stale: replace the lines between the rule-catalog markers with the output of "
        "`notescheck policies --format markdown`"
    )
