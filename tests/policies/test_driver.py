"""The driver itself must be able to fail: annotation parsing is checked on a hand-made case."""

from pathlib import Path

from tests.policies._driver import read_annotations


def test_annotations_point_at_the_next_code_line(tmp_path: Path) -> None:
    tf = tmp_path / "infra" / "terraform"
    tf.mkdir(parents=True)
    (tf / "main.tf").write_text(
        'resource "aws_s3_bucket" "a" {\n'
        "  # ruleid: NC-TAG-001\n"
        "  # ok: NC-ENV-001\n"
        '  bucket = "x"\n'
        "}\n"
    )
    expected = read_annotations(tmp_path)
    assert expected.must == {("NC-TAG-001", "infra/terraform/main.tf", 4)}
    assert expected.must_not == {("NC-ENV-001", "infra/terraform/main.tf", 4)}
