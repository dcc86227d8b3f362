"""No input makes an authoring command print a traceback: bad files give messages and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main

from .conftest import FIXTURES

COMMANDS = [
    ["check", "--strict"],
    ["graph"],
    ["graph", "--format", "dot"],
    ["playtest", "--runs", "20"],
    ["explore", "--max-states", "500"],
]
HOSTILE_FILES = {
    "empty.yaml": b"",
    "binary.yaml": b"\x00\xff\xfe garbage",
    "list.yaml": b"- 1\n- 2\n",
    "deep.yaml": b"id: x\ntitle: " + b"[" * 5000 + b"\n",
    "anchors.yaml": b"id: &a x\ntitle: *a\nstart: s\n",
    "wrong_types.yaml": b"id: 3\ntitle: [1]\nstart: {a: b}\nscenes: nope\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c))
def test_bad_files_give_a_message_not_a_traceback(
    tmp_path: Path, name: str, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE_FILES[name])
    assert main([command[0], str(path), *command[1:]]) in (1, 2)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "error" in captured.out + captured.err


def test_missing_scenario_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    for command in COMMANDS:
        assert main([command[0], "/no/such/scenario", *command[1:]]) == 2


def test_endless_loop_is_reported_not_hung(capsys: pytest.CaptureFixture[str]) -> None:
    loop = FIXTURES / "loop.yaml"
    assert main(["check", str(loop)]) == 0
    assert main(["playtest", str(loop), "--runs", "5", "--max-turns", "30", "--seed", "1"]) in (
        0,
        1,
    )
    assert main(["explore", str(loop), "--max-states", "200"]) == 3  # never exhaustive
    out = capsys.readouterr().out
    assert "ending 'done' (partial): REACHABLE" in out
    assert "1 (again) -> 1 (again) -> 1 (again) -> 2 (stop)" in out
