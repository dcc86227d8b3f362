"""The plain-text front end, end to end in a subprocess, as a script or screen reader would use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def play(stdin: str, *args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DIPLOMATIC_TRAPS_DATA_DIR=str(data_dir), TERM="xterm")
    return subprocess.run(
        [sys.executable, "main.py", "play", "tutorial", "--plain", *args],
        input=stdin,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_same_seed_and_input_replay_the_same_game(tmp_path: Path) -> None:
    first = play("1\n2\n1\n", "--seed", "7", data_dir=tmp_path)
    second = play("1\n2\n1\n", "--seed", "7", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.replace(str(tmp_path), "") == second.stdout.replace(str(tmp_path), "")
    assert "The end: " in first.stdout
    assert "Traceback" not in first.stderr


def test_plain_output_shows_choices_changes_and_debrief(tmp_path: Path) -> None:
    result = play("1\n2\n1\n", "--seed", "7", data_dir=tmp_path)
    out = result.stdout
    assert "Scene 1: The briefing" in out
    assert "  1. Call Ostland first and agree what you will ask for." in out
    assert "What your choice did:\n  Trust in Ostland: up 15, better (now 65)" in out
    assert "Debrief." in out and "Why this ending." in out and "Meters:" in out
    assert "\x1b[" not in out  # no colours or cursor movement
    for decoration in ("==", "***", "▲", "▼"):  # read aloud, these are noise
        assert decoration not in out


def test_plain_output_reads_cleanly_aloud(tmp_path: Path) -> None:
    """No decorative rules, asterisks or arrows a screen reader would spell out; every change
    and reading said in words."""
    out = play("2\n1\n1\n", "--seed", "7", data_dir=tmp_path).stdout
    for noise in ("==", "***", "->", "▲", "▼", "[turn", "(s)"):
        assert noise not in out, noise
    assert "Scene 2: The first meeting" in out
    assert "Trap sprung: Letting the other side set the agenda." in out
    assert "Risk of blame: up 20, worse (now 40)" in out
    assert "The end: Blamed for the walkout" in out and "Outcome: failure." in out
    assert "Trust in Ostland   28 of 100, poor  (higher is better)" in out
    assert "You made 3 decisions." in out


def test_end_of_input_stops_cleanly_and_progress_continues(tmp_path: Path) -> None:
    first = play("1\n", "--seed", "3", data_dir=tmp_path)
    assert first.returncode == 0
    assert "End of input" in first.stdout and "--continue" in first.stdout
    resumed = play("2\n", "--continue", data_dir=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "Scene 2: The first meeting" in resumed.stdout
    assert "You chose: Table the position you agreed with Ostland." in resumed.stdout


def test_disabled_choice_and_bad_input_are_explained(tmp_path: Path) -> None:
    result = play("3\n2\nx\n9\nu\n", "--seed", "1", data_dir=tmp_path)
    out = result.stdout
    words = " ".join(out.split())
    assert "with Ostland. (unavailable: You have not agreed a position with Ostland yet.)" in words
    assert "That choice is unavailable: You have not agreed a position with Ostland yet." in out
    assert "Unknown command 'x'" in out
    assert "Please type a number from 1 to 3" in out
    assert "Undone: Say nothing for now." in out
    assert result.returncode == 0


def test_unknown_scenario_is_a_usage_error(tmp_path: Path) -> None:
    env = dict(os.environ, DIPLOMATIC_TRAPS_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "main.py", "play", "nowhere", "--plain"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no scenario called 'nowhere'" in result.stderr
    assert "Traceback" not in result.stderr


def test_damaged_autosave_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    save = tmp_path / "saves" / "tutorial" / "autosave.json"
    save.parent.mkdir(parents=True)
    save.write_text("{broken")
    result = play("", "--continue", data_dir=tmp_path)
    assert result.returncode == 1
    assert "cannot load the save 'autosave'" in result.stderr
    assert "Traceback" not in result.stderr


def test_finished_game_writes_a_play_record_that_replays(tmp_path: Path) -> None:
    result = play("1\n2\n1\n", "--seed", "7", "--player", "Ana", data_dir=tmp_path)
    assert f"A play record of this game is in {tmp_path / 'records' / 'tutorial'}" in result.stdout
    (record,) = (tmp_path / "records" / "tutorial").glob("*.json")
    data = json.loads(record.read_text())
    assert data["player"] == "Ana" and data["seed"] == 7
    env = dict(os.environ, DIPLOMATIC_TRAPS_DATA_DIR=str(tmp_path))
    replay = subprocess.run(
        [sys.executable, "main.py", "replay", str(record)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert replay.returncode == 0, replay.stdout + replay.stderr


def test_an_abandoned_game_writes_a_record_marked_unfinished(tmp_path: Path) -> None:
    play("1\n", "--seed", "7", "--player", "Bo", data_dir=tmp_path)
    (record,) = (tmp_path / "records" / "tutorial").glob("*.json")
    data = json.loads(record.read_text())
    assert data["finished"] is False and data["turns"] == 1 and data["player"] == "Bo"
    assert record.name.endswith("-unfinished.json")


def test_a_game_with_no_choice_made_writes_no_record(tmp_path: Path) -> None:
    play("q\n", "--seed", "7", data_dir=tmp_path)
    assert not list(tmp_path.glob("records/*/*.json"))


def test_history_journal_and_help_commands(tmp_path: Path) -> None:
    result = play("h\nj\n2\nh\nj\n?\n", "--seed", "7", data_dir=tmp_path)
    out = result.stdout
    assert "No decisions yet." in out and "No traps met yet." in out
    assert "Turn 1: Confirm Vesna's announcement at once, in Vesna's words." in out
    assert "Walked into:" in out and "Letting the other side set the agenda" in out
    assert "h  history of your decisions" in out


def test_a_new_game_keeps_the_unfinished_one(tmp_path: Path) -> None:
    play("1\n2\n", "--seed", "3", data_dir=tmp_path)
    second = play("", "--seed", "3", data_dir=tmp_path)
    assert "Your unfinished game is kept in the save slot 'unfinished-" in second.stdout
    slot = second.stdout.split("save slot '")[1].split("'")[0]
    resumed = play("", "--load", slot, data_dir=tmp_path)
    assert "Scene 3: Vesna replies" in resumed.stdout  # where the first game stopped


def test_a_failed_autosave_is_not_reported_as_saved(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    result = play("1\n", "--seed", "3", data_dir=blocked)
    assert "Note: Autosave failed" in result.stdout
    assert "Progress is saved" not in result.stdout
    assert result.returncode == 0


def test_the_end_says_how_many_endings_are_found(tmp_path: Path) -> None:
    first = play("2\n1\n1\n", "--seed", "7", data_dir=tmp_path).stdout
    again = play("2\n1\n1\n", "--seed", "7", data_dir=tmp_path).stdout
    other = play("1\n2\n1\n", "--seed", "7", data_dir=tmp_path).stdout
    assert "1 of 3 endings found in this scenario." in first
    assert "1 of 3 endings found in this scenario." in again  # the same ending counts once
    assert "2 of 3 endings found in this scenario." in other


def test_a_damaged_endings_gallery_does_not_stop_the_game(tmp_path: Path) -> None:
    (tmp_path / "endings.json").write_text("[not a gallery")
    result = play("2\n1\n1\n", "--seed", "7", data_dir=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "1 of 3 endings found in this scenario." in result.stdout
    assert (tmp_path / "endings.json.damaged").read_text() == "[not a gallery"
