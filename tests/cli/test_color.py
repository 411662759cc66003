"""Colour follows the conventions: --no-color, NO_COLOR, FORCE_COLOR, TERM=dumb, and a real terminal."""

from __future__ import annotations

import os
import pty
import subprocess

from tests.cli._project import NOTESCHECK, invoke

ESCAPE = "\x1b["


def _on_a_terminal(project, **env: str) -> str:
    """The installed notescheck with its stdout on a pseudo-terminal: what a user's shell shows."""
    leader, follower = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    environ.update({"TERM": "xterm-256color", **env})
    process = subprocess.Popen(
        [str(NOTESCHECK), "check", "--no-checkov", "--env", "prod", "--disable", "NC-TAG-001"],
        cwd=project,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=environ,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when notescheck exits
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_a_terminal_gets_colour(project):
    assert ESCAPE in _on_a_terminal(project)


def test_no_color_and_term_dumb_turn_it_off(project):
    assert ESCAPE not in _on_a_terminal(project, NO_COLOR="1")
    assert ESCAPE not in _on_a_terminal(project, TERM="dumb")


def test_force_color_colours_a_pipe_unless_the_flag_says_no(project):
    forced = invoke("check", "--no-checkov", "--env", "prod", env={"FORCE_COLOR": "1"})
    assert ESCAPE in forced.output
    assert ESCAPE not in invoke("check", "--no-checkov", "--env", "prod").output
    flag = invoke("check", "--no-checkov", "--env", "prod", "--no-color", env={"FORCE_COLOR": "1"})
    assert ESCAPE not in flag.output
    both = invoke("check", "--no-checkov", "--env", "prod", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert ESCAPE not in both.output
