"""--write-baseline / --baseline: known findings stay visible but only new ones fail, matched without lines."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli._project import MISTAGGED, invoke


def _check(*args: str):
    return invoke("check", "--no-checkov", "--no-cache", "--env", "prod", *args)


def test_a_baseline_accepts_what_is_known_and_fails_what_is_new(violating):
    assert _check().exit_code == 1
    written = _check("--write-baseline", "baseline.json")
    assert written.exit_code == 0, written.output
    assert "wrote 1 finding(s) to the baseline baseline.json" in written.output
    document = json.loads(Path("baseline.json").read_text(encoding="utf-8"))
    assert [(e["rule"], e["env"], e["resource"]) for e in document["findings"]] == [
        ("NC-TAG-001", "prod", "aws_sqs_queue.jobs")
    ]

    known = _check("--baseline", "baseline.json")
    assert known.exit_code == 0, known.output
    assert "1 suppressed" in known.output

    main_tf = violating / "infra/terraform/main.tf"
    main_tf.write_text("# a comment that moves every line\n\n" + main_tf.read_text(encoding="utf-8"), "utf-8")
    assert _check("--baseline", "baseline.json").exit_code == 0, "lines moved: still the same finding"

    with main_tf.open("a", encoding="utf-8") as more:
        more.write(MISTAGGED.replace("jobs", "mail"))
    new = _check("--baseline", "baseline.json")
    assert new.exit_code == 1, new.output
    assert "aws_sqs_queue.mail" in new.output


def test_a_baseline_from_the_configuration_and_a_broken_one(violating):
    assert _check("--write-baseline", ".notescheck-baseline.json").exit_code == 0
    (violating / ".notescheck.yaml").write_text(
        "enable: [NC-TAG]\nbaseline: .notescheck-baseline.json\n", encoding="utf-8"
    )
    assert _check().exit_code == 0
    Path(".notescheck-baseline.json").write_text('{"findings": 3}', encoding="utf-8")
    broken = _check()
    assert broken.exit_code == 2
    assert ".notescheck-baseline.json: baseline: not a notescheck baseline" in broken.output
    assert _check("--baseline", "missing.json").exit_code == 2


def test_no_baseline_is_written_from_a_run_with_input_errors(violating):
    result = _check("--terraform-dir", "nowhere", "--write-baseline", "baseline.json")
    assert result.exit_code == 2
    assert not Path("baseline.json").exists()
