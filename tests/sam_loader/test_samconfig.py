"""samconfig.toml: parameter_overrides as a string (shell quoting) or a list, with the line of each."""

from __future__ import annotations

import textwrap

from checker.model import DiagnosticLevel
from checker.sam.samconfig import parse_samconfig_text


def parse(text: str):
    return parse_samconfig_text(textwrap.dedent(text).lstrip("\n"), "sam/samconfig.toml")


def overrides(config, env: str) -> dict[str, tuple[str, int]]:
    return {name: (o.value, o.line) for name, o in config.envs[env].overrides.items()}


def test_string_overrides_use_shell_quoting() -> None:
    config = parse(
        """
        version = 0.1
        [dev.deploy.parameters]
        region = "us-east-1"
        parameter_overrides = "Environment=dev Greeting=\\"hello world\\" Path='/a b' Empty=\\"\\""
        """
    )
    assert config.diagnostics == []
    assert overrides(config, "dev") == {
        "Environment": ("dev", 4),
        "Greeting": ("hello world", 4),
        "Path": ("/a b", 4),
        "Empty": ("", 4),
    }
    assert config.envs["dev"].settings["region"] == "us-east-1"
    assert config.envs["dev"].setting_lines["region"] == 3
    assert config.envs["dev"].line == 2


def test_list_overrides_record_the_line_of_each_item() -> None:
    config = parse(
        """
        version = 0.1
        [staging.deploy.parameters]
        parameter_overrides = [
            "Environment=staging",
            'Description="with spaces"',
            "Equation=a=b",
        ]
        """
    )
    assert overrides(config, "staging") == {
        "Environment": ("staging", 4),
        "Description": ("with spaces", 5),
        "Equation": ("a=b", 6),
    }


def test_multiline_string_and_long_form_overrides() -> None:
    config = parse(
        '''
        version = 0.1
        [prod.deploy.parameters]
        parameter_overrides = """
        Environment=prod
        ParameterKey=LogLevel,ParameterValue=WARN
        """
        '''
    )
    assert overrides(config, "prod") == {"Environment": ("prod", 4), "LogLevel": ("WARN", 5)}


def test_deploy_overrides_replace_global_ones() -> None:
    config = parse(
        """
        version = 0.1
        [prod.global.parameters]
        region = "eu-west-1"
        parameter_overrides = "A=1 B=2"
        [prod.deploy.parameters]
        parameter_overrides = "A=3"
        """
    )
    assert overrides(config, "prod") == {"A": ("3", 6)}
    assert config.envs["prod"].settings["region"] == "eu-west-1"


def test_global_section_alone_defines_the_environment() -> None:
    config = parse(
        """
        version = 0.1
        [qa.global.parameters]
        parameter_overrides = "A=1"
        """
    )
    assert overrides(config, "qa") == {"A": ("1", 3)}


def test_stack_tags_are_parsed_like_overrides() -> None:
    config = parse(
        """
        version = 0.1
        [dev.deploy.parameters]
        tags = 'Project="notes app" Environment=dev'
        """
    )
    assert config.envs["dev"].stack_tags == {"Project": "notes app", "Environment": "dev"}


def test_malformed_toml_is_a_diagnostic_with_its_line() -> None:
    config = parse(
        """
        version = 0.1
        [dev.deploy.parameters]
        parameter_overrides = "unterminated
        """
    )
    [diagnostic] = config.diagnostics
    assert (diagnostic.file, diagnostic.line, diagnostic.code) == ("sam/samconfig.toml", 3, "parse")
    assert not config.readable


def test_bad_overrides_are_diagnostics() -> None:
    config = parse(
        """
        version = 0.1
        [dev.deploy.parameters]
        parameter_overrides = 'A=1 "B=unclosed'
        [staging.deploy.parameters]
        parameter_overrides = "A=1 novalue"
        [prod.deploy.parameters]
        parameter_overrides = 42
        """
    )
    messages = [(d.line, d.message) for d in config.diagnostics]
    assert (3, "parameter_overrides cannot be split: No closing quotation") in messages
    assert (5, "parameter override 'novalue' is not Key=Value") in messages
    assert (7, "parameter_overrides must be a string or a list of strings") in messages
    assert overrides(config, "staging") == {"A": ("1", 5)}


def test_missing_version_is_a_warning() -> None:
    config = parse(
        """
        [dev.deploy.parameters]
        region = "us-east-1"
        """
    )
    [diagnostic] = config.diagnostics
    assert diagnostic.level == DiagnosticLevel.WARNING
    assert "version" in diagnostic.message
