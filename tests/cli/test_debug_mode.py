"""The author's debug mode from the command line and in the plain game, driven through standard
input in a subprocess: clearly marked, values shown and set, jumps, chance draws told, bad input
explained, and nothing kept (no save, play record or endings-gallery entry)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def play(stdin: str, *args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DIPLOMATIC_TRAPS_DATA_DIR=str(data_dir), TERM="xterm")
    return subprocess.run(
        [sys.executable, "main.py", "play", *args],
        input=stdin,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def kept_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.rglob("*") if p.is_file())


def test_a_debug_game_is_marked_shows_and_sets_values_and_keeps_nothing(tmp_path: Path) -> None:
    typed = "v\nblame = 60\nblame = 140\nlesk = true\n1\n2\n1\n"
    result = play(typed, "tutorial", "--plain", "--seed", "7", "--debug", data_dir=tmp_path)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "DEBUG MODE, for authors" in out and "debug> " in out
    assert "  blame = 20  (0-100: Risk of blame)" in out
    assert "  flags.leak = false" in out
    assert "Debug: Set blame from 20 to 60." in out
    assert "Debug: cannot do that: blame goes from 0 to 100; 140 is out of its range" in out
    assert "there is no meter, flag or counter called 'lesk' (did you mean flags.leak?)" in out
    # with blame at 60 the walkout is decided by the state, and the debug lines say why
    words = " ".join(out.split())
    assert "Debug: The state decided the route: 'Blamed for the walkout', because" in words
    assert "blame > 35 held (blame = " in words
    assert "not counted in your endings gallery" in out
    assert "Traceback" not in result.stderr
    assert kept_files(tmp_path) == []  # no autosave, play record or gallery


def test_chance_draws_are_shown_as_they_happen(tmp_path: Path) -> None:
    result = play("1\n2\n1\n", "tutorial", "--plain", "--seed", "2", "--debug", data_dir=tmp_path)
    words = " ".join(result.stdout.split())
    assert "Debug: Chance drew the route: 'A framework agreed', weight 3 of 4 (75%)" in words
    assert "'Blamed for the walkout' (its if failed)" in words


def test_a_jump_goes_to_the_scene_and_an_unknown_one_is_explained(tmp_path: Path) -> None:
    typed = "goto reply\ngoto the_reply\nu\n"
    result = play(typed, "tutorial", "--plain", "--seed", "7", "--debug", data_dir=tmp_path)
    out = result.stdout
    assert "there is no scene 'reply' in tutorial; did you mean the_reply?" in out
    assert "Debug: jump to 'the_reply'." in out
    assert "Undone: Debug: jump to 'the_reply'" in out
    assert result.returncode == 0 and kept_files(tmp_path) == []


def test_start_opens_a_debug_game_in_that_scene(tmp_path: Path) -> None:
    result = play(
        "1\n", "tutorial", "--plain", "--seed", "7", "--start", "the_reply", data_dir=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "DEBUG MODE, for authors" in result.stdout
    assert "Scene 1: Vesna replies" in result.stdout
    assert "Scene 1: The briefing" not in result.stdout
    assert kept_files(tmp_path) == []


def test_start_at_an_unknown_scene_exits_with_a_clear_message(tmp_path: Path) -> None:
    result = play("", "tutorial", "--plain", "--start", "nosuchscene", data_dir=tmp_path)
    assert result.returncode == 2
    assert "error: cannot start there: there is no scene 'nosuchscene' in tutorial" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr and result.stdout == ""
    near = play("", "tutorial", "--plain", "--start", "walkuot", data_dir=tmp_path)
    assert near.returncode == 2 and "did you mean walkout?" in near.stderr


def test_start_needs_a_scenario_and_a_new_game(tmp_path: Path) -> None:
    alone = play("", "--plain", "--start", "the_reply", data_dir=tmp_path)
    assert alone.returncode == 2
    assert "--start needs the scenario: play SCENARIO --start SCENE" in alone.stderr
    loading = play("", "tutorial", "--plain", "--continue", "--start", "x", data_dir=tmp_path)
    assert loading.returncode == 2 and "cannot be used with --continue" in loading.stderr


def test_debug_commands_are_refused_in_normal_play(tmp_path: Path) -> None:
    result = play(
        "blame = 90\ngoto walkout\n", "tutorial", "--plain", "--seed", "7", data_dir=tmp_path
    )
    out = result.stdout
    assert "'blame = 90' is a debug command: start the game with --debug to use it." in out
    assert "'goto walkout' is a debug command" in out
    assert "DEBUG" not in out and "debug> " not in out
