"""--skip-path (repeatable) and skip-paths in the configuration: nothing is reported from matching files."""

from __future__ import annotations

from tests.cli._project import MISTAGGED, invoke


def _check(*args: str):
    return invoke("check", "--no-checkov", "--no-cache", "--env", "prod", *args)


def _add_module(project) -> None:
    module = project / "infra/terraform/modules/legacy"
    module.mkdir(parents=True)
    (module / "main.tf").write_text(MISTAGGED.replace("jobs", "legacy"), encoding="utf-8")
    with (project / "infra/terraform/main.tf").open("a", encoding="utf-8") as main_tf:
        main_tf.write('\nmodule "legacy" {\n  source = "./modules/legacy"\n}\n')


def test_skip_path_by_folder_and_by_glob(project):
    _add_module(project)
    assert "modules/legacy/main.tf" in _check().output
    assert _check("--skip-path", "infra/terraform/modules/legacy").exit_code == 0
    assert _check("--skip-path", "infra/*/modules/**").exit_code == 0
    assert _check("--skip-path", "*.tfvars", "--skip-path", "infra/terraform/modules/legacy/*.tf").exit_code == 0
    assert _check("--skip-path", "infra/terraform/modules/other").exit_code == 1


def test_skip_paths_in_the_configuration(project):
    _add_module(project)
    (project / ".notescheck.yaml").write_text(
        "enable: [NC-TAG]\nskip-paths: [infra/terraform/modules/legacy]\n", encoding="utf-8"
    )
    assert _check().exit_code == 0
