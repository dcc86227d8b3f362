"""The program names itself as it was started, so that the commands it prints work as printed;
--version answers on standard output; the shells complete its commands."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from game.program import INSTALLED_NAME, command_line, program_name
from tests.conftest import ROOT

DEADLINE = 120


def shell(line: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", line],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )


def printed_next_steps(out: str) -> list[str]:
    """The commands 'new' printed: 'next: ...' and the line after it."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("next: "))
    return [lines[start].removeprefix("next: "), lines[start + 1].strip()]


def test_run_as_main_py_it_prints_commands_that_work_from_the_clone(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "main.py", "new", "talks", "--dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert done.returncode == 0, done.stderr
    check, play = printed_next_steps(done.stdout)
    assert " main.py check " in check and " main.py play " in play
    ran = shell(check, ROOT)
    assert ran.returncode == 0, (check, ran.stdout, ran.stderr)
    assert "0 errors, 0 warnings" in ran.stdout


def test_run_as_a_module_it_says_python_m_game(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "game", "new", "talks", "--dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    check, _ = printed_next_steps(done.stdout)
    assert " -m game check " in check
    ran = shell(check, ROOT)
    assert ran.returncode == 0, (check, ran.stdout, ran.stderr)


def test_installed_on_the_path_it_is_named_by_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = tmp_path / "bin" / INSTALLED_NAME
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{program.parent}{os.pathsep}{os.environ['PATH']}")
    assert program_name(str(program)) == INSTALLED_NAME
    monkeypatch.setenv("PATH", "/nonexistent")
    assert program_name(str(program)) == shlex.quote(str(program))  # not on the PATH: its path
    assert program_name("/usr/bin/pytest") == INSTALLED_NAME  # run from another program


def test_command_lines_are_quoted_for_the_shell() -> None:
    line = command_line("check", "/tmp/my talks", "--strict")
    assert line.endswith(" check '/tmp/my talks' --strict")


@pytest.mark.parametrize("how", [["main.py"], ["-m", "game"]])
def test_version_is_printed_on_standard_output(how: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, *how, "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("diplomatic-traps ") and done.stderr == ""


def test_usage_names_the_program_as_it_was_started() -> None:
    done = subprocess.run(
        [sys.executable, "main.py", "check", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert "usage: " in done.stdout and " main.py check " in done.stdout


def complete_in_bash(line: str, bin_dir: Path) -> list[str]:
    """What bash offers after typing ``line`` and Tab, with the completion code the program
    prints for bash loaded the way the docs say."""
    words = line.split(" ")
    script = (
        'eval "$(diplomatic-traps completion bash)"\n'
        f"COMP_LINE={shlex.quote(line)}; COMP_POINT=${{#COMP_LINE}}\n"
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        f"_python_argcomplete diplomatic-traps {shlex.quote(words[-1])} {shlex.quote(words[-2])}\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = shell(script, ROOT, env)
    assert done.returncode == 0, done.stderr
    return [w.strip() for w in done.stdout.splitlines() if w.strip()]


def test_bash_completes_commands_options_and_scenario_names() -> None:
    bin_dir = Path(sys.executable).parent  # where the installed command lives
    assert (bin_dir / INSTALLED_NAME).is_file()
    assert complete_in_bash("diplomatic-traps pla", bin_dir) == ["play", "playtest"]
    assert complete_in_bash("diplomatic-traps check --st", bin_dir) == ["--strict"]
    assert "tutorial" in complete_in_bash("diplomatic-traps play tu", bin_dir)


@pytest.mark.parametrize(
    ("shell_name", "registers"),
    [
        ("zsh", "compdef _python_argcomplete diplomatic-traps"),
        ("fish", "complete --command diplomatic-traps"),
    ],
)
def test_zsh_and_fish_get_their_own_completion_code(shell_name: str, registers: str) -> None:
    done = subprocess.run(
        [sys.executable, "main.py", "completion", shell_name],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert done.returncode == 0 and registers in done.stdout
