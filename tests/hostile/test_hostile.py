"""Hostile and broken input through the CLI: a diagnostic with path and line, exit 2, no traceback,
and every other file still checked (its findings still reported).
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.hostile.conftest import SAM_FINDING, TERRAFORM_FINDING, Scan

TF = Path("infra/terraform")


def write(repo: Path, relative: str, content: str | bytes) -> Path:
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_input_error(scan: Scan, file: str, line: int | None = None, still: tuple = (), located: bool = True) -> dict:
    """Exit 2, an error diagnostic naming the file (and the line), and the other files' findings still there.

    `located`: the problem is in the file's content, so the diagnostic must carry a line (>= 1); files
    that cannot be read at all (missing, too large, a link that is not followed) have none.
    """
    assert scan.exit_code == 2, (scan.exit_code, scan.diagnostics, scan.result.output[-2000:])
    errors = scan.errors_for(file)
    assert errors, f"no error diagnostic for {file}: {scan.diagnostics}"
    if line is not None:
        assert any(d["line"] == line for d in errors), f"no error at {file}:{line}: {errors}"
    elif located:
        assert any(d["line"] >= 1 for d in errors), f"no line in the diagnostics of {file}: {errors}"
    for finding in still:
        assert finding in scan.findings, f"{finding} missing: the rest was not checked ({sorted(scan.findings)})"
    return errors[0]


def test_base_repo_is_checked_and_has_known_findings(scan) -> None:
    result = scan()
    assert result.exit_code == 1, result.diagnostics
    assert [d for d in result.diagnostics if d["level"] == "error"] == []
    assert {TERRAFORM_FINDING, SAM_FINDING} <= result.findings


# --- Terraform ---------------------------------------------------------------------------------------


def test_malformed_hcl(repo: Path, scan) -> None:
    write(repo, "infra/terraform/broken.tf", 'resource "aws_s3_bucket" "site" {\n  bucket = \n  tags = {\n')
    assert_input_error(scan(), "infra/terraform/broken.tf", still=(TERRAFORM_FINDING, SAM_FINDING))


def test_duplicate_attribute_in_hcl(repo: Path, scan) -> None:
    write(repo, "infra/terraform/dup.tf", 'resource "aws_s3_bucket" "site" {\n  bucket = "a"\n  bucket = "b"\n}\n')
    assert_input_error(scan(), "infra/terraform/dup.tf", line=3, still=(TERRAFORM_FINDING, SAM_FINDING))


def test_empty_tf_is_valid(repo: Path, scan) -> None:
    write(repo, "infra/terraform/empty.tf", "")
    result = scan()
    assert result.diagnostics_for("infra/terraform/empty.tf") == []
    assert result.exit_code == 1
    assert {TERRAFORM_FINDING, SAM_FINDING} <= result.findings


def test_non_utf8_tf(repo: Path, scan) -> None:
    write(repo, "infra/terraform/latin1.tf", b'# ok\nlocals {\n  name = "caf\xe9"\n}\n')
    assert_input_error(scan(), "infra/terraform/latin1.tf", line=3, still=(TERRAFORM_FINDING, SAM_FINDING))


def test_binary_tf(repo: Path, scan) -> None:
    write(repo, "infra/terraform/blob.tf", bytes(range(256)) * 4)
    assert_input_error(scan(), "infra/terraform/blob.tf", still=(TERRAFORM_FINDING, SAM_FINDING))


def test_file_over_the_size_limit(repo: Path, scan) -> None:
    write(repo, "infra/terraform/big.tf", "locals {\n" + '  x = "padding"\n' * 400 + "}\n")
    result = scan("--max-file-bytes", "4000")
    assert_input_error(result, "infra/terraform/big.tf", still=(TERRAFORM_FINDING, SAM_FINDING), located=False)


def test_deeply_nested_hcl(repo: Path, scan) -> None:
    depth = 3000
    write(repo, "infra/terraform/deep.tf", "locals {\n  deep = " + "[" * depth + "1" + "]" * depth + "\n}\n")
    assert_input_error(scan(), "infra/terraform/deep.tf", still=(TERRAFORM_FINDING, SAM_FINDING))


def test_self_referencing_locals(repo: Path, scan) -> None:
    write(repo, "infra/terraform/cycle.tf", "locals {\n  a = local.b\n  b = local.a\n}\n")
    assert_input_error(scan(), "infra/terraform/cycle.tf", still=(TERRAFORM_FINDING, SAM_FINDING))


def test_module_cycle(repo: Path, scan) -> None:
    write(repo, "infra/terraform/modules.tf", 'module "a" {\n  source = "./modules/a"\n}\n')
    write(repo, "infra/terraform/modules/a/main.tf", 'module "b" {\n  source = "../b"\n}\n')
    write(repo, "infra/terraform/modules/b/main.tf", 'module "a" {\n  source = "../a"\n}\n')
    result = scan()
    assert result.exit_code == 2, result.diagnostics
    cycle = [d for d in result.diagnostics if d["level"] == "error" and d["file"].startswith("infra/terraform/")]
    assert cycle and all(d["line"] > 0 for d in cycle), result.diagnostics
    assert {TERRAFORM_FINDING, SAM_FINDING} <= result.findings


def test_reference_to_undeclared_variable(repo: Path, scan) -> None:
    write(repo, "infra/terraform/undeclared.tf", 'locals {\n  name = "x"\n  missing = var.not_declared\n}\n')
    assert_input_error(scan(), "infra/terraform/undeclared.tf", line=3, still=(TERRAFORM_FINDING, SAM_FINDING))


def test_reference_to_undeclared_module(repo: Path, scan) -> None:
    write(repo, "infra/terraform/nomodule.tf", 'output "x" {\n  value = module.nowhere.arn\n}\n')
    assert_input_error(scan(), "infra/terraform/nomodule.tf", line=2, still=(TERRAFORM_FINDING, SAM_FINDING))


def test_module_source_outside_the_repo(repo: Path, scan) -> None:
    outside = repo.parent / "outside"
    outside.mkdir()
    (outside / "main.tf").write_text('resource "aws_s3_bucket" "x" {\n  bucket = "x"\n}\n')
    write(repo, "infra/terraform/escape.tf", 'module "escape" {\n  source = "../../../outside"\n}\n')
    result = scan()
    assert result.diagnostics_for("infra/terraform/escape.tf"), result.diagnostics
    assert all(not f[1].startswith("..") and "outside" not in f[1] for f in result.findings)
    assert_input_error(result, "infra/terraform/escape.tf", line=2, still=(TERRAFORM_FINDING, SAM_FINDING))


def test_remote_module_is_never_fetched(repo: Path, scan) -> None:
    """A remote source is named with its line and never fetched; its resources go unchecked, so the run cannot
    pass: an input error (exit 2), while every other file is still checked."""
    write(
        repo,
        "infra/terraform/remote.tf",
        'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.0.0"\n}\n\n'
        'module "git" {\n  source = "git::https://example.invalid/modules.git//x?ref=v1"\n}\n',
    )
    result = scan()
    flagged = result.diagnostics_for("infra/terraform/remote.tf")
    assert {d["line"] for d in flagged} >= {2, 7}, result.diagnostics
    assert all("never fetches" in d["message"] and "remote" in d["message"] for d in flagged)
    assert {d["level"] for d in flagged} == {"error"}
    assert result.exit_code == 2
    assert {TERRAFORM_FINDING, SAM_FINDING} <= result.findings


def test_missing_env_tfvars(repo: Path, scan) -> None:
    (repo / "infra/terraform/envs/prod.tfvars").unlink()
    result = scan()
    both = (TERRAFORM_FINDING, SAM_FINDING)
    assert_input_error(result, "infra/terraform/envs/prod.tfvars", still=both, located=False)


def test_tfvars_sets_an_undeclared_variable(repo: Path, scan) -> None:
    """As Terraform: a warning at the line (the value is not used), not an input error."""
    write(repo, "infra/terraform/envs/prod.tfvars", 'environment = "prod"\nnot_declared = 1\n')
    result = scan()
    flagged = result.diagnostics_for("infra/terraform/envs/prod.tfvars")
    assert [(d["level"], d["line"]) for d in flagged] == [("warning", 2)], flagged
    assert result.exit_code == 1  # the base repo's findings, no input error
    assert {TERRAFORM_FINDING, SAM_FINDING} <= result.findings


def test_malformed_tfvars(repo: Path, scan) -> None:
    write(repo, "infra/terraform/envs/prod.tfvars", 'environment = "prod"\nlambda_memory = \n')
    assert_input_error(scan(), "infra/terraform/envs/prod.tfvars", still=(SAM_FINDING,))


# --- Files and links ---------------------------------------------------------------------------------


def test_symlink_loop(repo: Path, scan) -> None:
    os.symlink("loop.tf", repo / "infra/terraform/loop.tf")
    os.symlink("../terraform", repo / "infra/terraform/dirloop")
    assert_input_error(scan(), "infra/terraform/loop.tf", still=(TERRAFORM_FINDING, SAM_FINDING), located=False)


def test_link_that_leaves_the_root(repo: Path, scan) -> None:
    outside = repo.parent / "elsewhere.tf"
    outside.write_text('resource "aws_s3_bucket" "outside" {\n  bucket = "outside"\n}\n')
    os.symlink(outside, repo / "infra/terraform/elsewhere.tf")
    result = scan()
    assert all("aws_s3_bucket.outside" not in f["resource"] for f in result.payload.get("findings", []))
    assert_input_error(result, "infra/terraform/elsewhere.tf", still=(TERRAFORM_FINDING, SAM_FINDING), located=False)


def test_unreadable_file(repo: Path, scan) -> None:
    """chmod 000 where it bites (not as root); a link to nothing everywhere: both cannot be read."""
    os.symlink("missing-target.tf", repo / "infra/terraform/dangling.tf")
    if os.geteuid() != 0:
        write(repo, "infra/terraform/locked.tf", 'locals {\n  a = "b"\n}\n').chmod(0)
    result = scan()
    assert_input_error(result, "infra/terraform/dangling.tf", still=(TERRAFORM_FINDING, SAM_FINDING), located=False)
    if os.geteuid() != 0:
        assert_input_error(result, "infra/terraform/locked.tf", located=False)


def test_template_that_is_a_directory(repo: Path, scan) -> None:
    (repo / "sam/template.yaml").unlink()
    (repo / "sam/template.yaml").mkdir()
    assert_input_error(scan(), "sam/template.yaml", still=(TERRAFORM_FINDING,), located=False)


# --- SAM ---------------------------------------------------------------------------------------------

TEMPLATE = "sam/template.yaml"


def test_malformed_yaml(repo: Path, scan) -> None:
    write(repo, TEMPLATE, "Resources:\n  Fn:\n    Type: [unclosed\n    Properties: {}\n")
    assert_input_error(scan(), TEMPLATE, still=(TERRAFORM_FINDING,))


def test_yaml_that_is_not_a_template(repo: Path, scan) -> None:
    write(repo, TEMPLATE, "- just\n- a\n- list\n")
    assert_input_error(scan(), TEMPLATE, line=1, still=(TERRAFORM_FINDING,))


def test_mapping_that_is_not_a_template(repo: Path, scan) -> None:
    write(repo, TEMPLATE, "name: notes\nversion: 3\n")
    assert_input_error(scan(), TEMPLATE, still=(TERRAFORM_FINDING,))


def test_unknown_cloudformation_tag(repo: Path, scan) -> None:
    text = (Path(__file__).parent / "base_repo" / TEMPLATE).read_text()
    write(repo, TEMPLATE, text.replace("Project: notes", "Project: !Frobnicate notes"))
    line = text.splitlines().index("        Project: notes") + 1
    assert_input_error(scan(), TEMPLATE, line=line, still=(TERRAFORM_FINDING,))


def test_nested_intrinsic_misuse(repo: Path, scan) -> None:
    text = (Path(__file__).parent / "base_repo" / TEMPLATE).read_text()
    write(repo, TEMPLATE, text.replace("Environment: !Ref Environment", "Environment: !Ref [!Ref Environment]"))
    line = text.splitlines().index("        Environment: !Ref Environment") + 1
    assert_input_error(scan(), TEMPLATE, line=line, still=(TERRAFORM_FINDING,))


def test_duplicate_keys_in_yaml(repo: Path, scan) -> None:
    text = (Path(__file__).parent / "base_repo" / TEMPLATE).read_text()
    write(
        repo, TEMPLATE, text.replace("      Handler: app.handler\n", "      Handler: app.handler\n      Handler: x\n")
    )
    line = text.splitlines().index("      Handler: app.handler") + 2
    assert_input_error(scan(), TEMPLATE, line=line, still=(TERRAFORM_FINDING,))


def test_empty_template(repo: Path, scan) -> None:
    write(repo, TEMPLATE, "")
    assert_input_error(scan(), TEMPLATE, still=(TERRAFORM_FINDING,))


def test_binary_template(repo: Path, scan) -> None:
    write(repo, TEMPLATE, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    assert_input_error(scan(), TEMPLATE, still=(TERRAFORM_FINDING,))


def test_non_utf8_template(repo: Path, scan) -> None:
    write(repo, TEMPLATE, b"Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Description: caf\xe9\n")
    assert_input_error(scan(), TEMPLATE, line=4, still=(TERRAFORM_FINDING,))


def test_yaml_alias_bomb(repo: Path, scan) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    write(
        repo,
        TEMPLATE,
        "\n".join(lines) + "\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
        "    Properties:\n      Tags: *a9\n",
    )
    assert_input_error(scan(), TEMPLATE, still=(TERRAFORM_FINDING,))


def test_deeply_nested_yaml(repo: Path, scan) -> None:
    depth = 5000
    write(
        repo,
        TEMPLATE,
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      Deep: " + "[" * depth + "]" * depth + "\n",
    )
    assert_input_error(scan(), TEMPLATE, still=(TERRAFORM_FINDING,))


def test_samconfig_without_the_environment(repo: Path, scan) -> None:
    write(repo, "sam/samconfig.toml", 'version = 0.1\n\n[dev.deploy.parameters]\nstack_name = "notes-dev-app"\n')
    assert_input_error(scan(), "sam/samconfig.toml", still=(TERRAFORM_FINDING,), located=False)


def test_malformed_samconfig(repo: Path, scan) -> None:
    write(repo, "sam/samconfig.toml", 'version = 0.1\n[prod.deploy.parameters\nstack_name = "x"\n')
    assert_input_error(scan(), "sam/samconfig.toml", line=2, still=(TERRAFORM_FINDING,))


# --- Usage -------------------------------------------------------------------------------------------


def test_unknown_env(scan) -> None:
    result = scan("--env", "qa")
    assert result.exit_code == 2
    assert "qa" in result.result.output


def test_missing_terraform_dir(scan) -> None:
    result = scan("--terraform-dir", "does/not/exist")
    assert_input_error(result, "does/not/exist", still=(SAM_FINDING,), located=False)


def test_missing_sam_template(scan) -> None:
    result = scan("--sam-template", "nope/template.yaml")
    assert_input_error(result, "nope/template.yaml", still=(TERRAFORM_FINDING,), located=False)


def test_missing_plan_file(scan) -> None:
    result = scan("--plan", "missing-plan.json")
    assert_input_error(result, "missing-plan.json", still=(SAM_FINDING,), located=False)


def test_broken_files_with_checkov_too(repo: Path, scan) -> None:
    """Whichever engine reads a broken file, the run is not clean, and both engines still report the rest."""
    write(repo, "infra/terraform/broken.tf", 'resource "aws_s3_bucket" "site" {\n  bucket = \n')
    result = scan(checkov=True)
    assert_input_error(result, "infra/terraform/broken.tf", still=(TERRAFORM_FINDING, SAM_FINDING))
    checkov_files = {f["file"] for f in result.payload["findings"] if f["source"] == "checkov"}
    assert {"infra/terraform/main.tf", "sam/template.yaml"} <= checkov_files


def test_template_over_the_size_limit(repo: Path, scan) -> None:
    text = (Path(__file__).parent / "base_repo" / TEMPLATE).read_text()
    write(repo, TEMPLATE, text + "# padding\n" * 2000)
    result = scan("--max-file-bytes", "5000")
    assert_input_error(result, TEMPLATE, still=(TERRAFORM_FINDING,), located=False)
