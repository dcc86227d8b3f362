"""Names, records and scenario text with escape sequences reach the terminal shown, not obeyed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from tests.conftest import ROOT, TUTORIAL
from tests.teaching.playthroughs import RECORDS

HOSTILE = "Eve\x1b]0;X\x07\x1b[31m"
SHOWN = "Eve\\x1b]0;X\\x07\\x1b[31m"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


def assert_no_raw_controls(text: str) -> None:
    found = [repr(c) for c in RAW_CONTROLS if c in text]
    assert not found, f"raw control characters {found} in:\n{text!r}"


def hostile_record(folder: Path) -> Path:
    record = json.loads((RECORDS / "tutorial-failure.json").read_text())
    record["player"] = HOSTILE
    record["ending"]["title"] = "Ended\u202e badly"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.json"
    path.write_text(json.dumps(record))
    return path


def test_class_table_shows_a_hostile_name_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # wide enough that no name is wrapped
    hostile_record(tmp_path)
    assert main(["class", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert_no_raw_controls(out)
    assert SHOWN in out


def test_class_table_written_to_a_file_is_escaped_too(tmp_path: Path) -> None:
    hostile_record(tmp_path / "records")
    out = tmp_path / "class.txt"
    assert main(["class", str(tmp_path / "records"), "-o", str(out)]) == 0
    text = out.read_text()
    assert_no_raw_controls(text)
    assert SHOWN in text


def test_replay_shows_a_hostile_name_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_record(tmp_path)
    assert main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    assert_no_raw_controls(out)
    assert out.startswith("OK ") and SHOWN in out
    record = json.loads(path.read_text())
    record["ending"]["scene"] = "walkout\x1b[2J"
    path.write_text(json.dumps(record))
    assert main(["replay", str(path)]) == 1  # a mismatch, and the record's words shown safely
    out = capsys.readouterr().out
    assert_no_raw_controls(out)
    assert SHOWN in out and "Ended\\u202e badly" in out


def test_export_messages_show_a_hostile_file_name_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_record(tmp_path)
    target = tmp_path / "report\x1b[2J.html"
    assert main(["export", str(path), "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert_no_raw_controls(out)
    assert "report\\x1b[2J.html" in out
    damaged = tmp_path / "damaged\x1b[31m.json"
    damaged.write_text("{")
    assert main(["export", str(damaged)]) == 2
    assert_no_raw_controls(capsys.readouterr().err)


def hostile_scenario(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    shutil.copytree(TUTORIAL, folder)
    scenes = folder / "scenes.yaml"
    text = scenes.read_text()
    text = text.replace(
        "text: Call Ostland first and agree what you will ask for.",
        'text: "Call Ostland first\\e]0;owned\\a and agree what you will ask for."',
        1,
    )
    # YAML's double-quoted escapes put real control characters into the scene's text
    text = text.replace("    title: The briefing", '    title: "The briefing\\e[31m\\u202e"', 1)
    scenes.write_text(text)
    return folder


def test_plain_game_shows_author_control_characters_escaped(tmp_path: Path) -> None:
    folder = hostile_scenario(tmp_path)
    env = dict(os.environ, DIPLOMATIC_TRAPS_DATA_DIR=str(tmp_path / "data"), TERM="xterm")
    result = subprocess.run(
        [sys.executable, "main.py", "play", str(folder), "--plain", "--seed", "1"],
        input="1\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert_no_raw_controls(result.stdout)
    assert "Scene 1: The briefing\\x1b[31m\\u202e" in result.stdout
    assert "\\x1b]0;owned\\x07" in result.stdout


def test_check_shows_control_characters_in_problem_messages_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = hostile_scenario(tmp_path)
    scenes = folder / "scenes.yaml"
    scenes.write_text(
        scenes.read_text().replace("goto: first_meeting", 'goto: "nowhere\\e]0;X\\a"', 1)
    )
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert_no_raw_controls(out)
    assert "nowhere\\x1b]0;X\\x07" in out


def test_authoring_reports_show_author_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = hostile_scenario(tmp_path)
    manifest = folder / "scenario.yaml"
    text = manifest.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    manifest.write_text(text.replace(title, 'title: "Practice\\e]0;owned\\a"', 1))
    assert main(["playtest", str(folder), "--runs", "20"]) == 0
    out = capsys.readouterr().out
    assert_no_raw_controls(out)
    assert "Practice\\x1b]0;owned\\x07" in out
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # the graph shown on a terminal
    assert main(["graph", str(folder), "--format", "dot"]) == 0
    out = capsys.readouterr().out
    assert_no_raw_controls(out)
    assert "\\x1b[31m" in out  # the scene title
