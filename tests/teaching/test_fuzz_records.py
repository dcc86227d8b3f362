"""Play records nothing can break: any damage is refused with a message naming the file and the
field, or the record is read and every teaching tool works on it. Never a traceback or a hang."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from rich.console import Console

from game.cli import main
from game.engine.loader import load_scenario
from game.engine.records import RecordError, read_record, record_from_session, validate_record
from game.teaching.class_report import render_csv, render_html, render_json, render_table
from game.teaching.class_results import aggregate
from game.teaching.debrief import debrief_html, debrief_markdown
from game.teaching.replay import replay
from tests.conftest import ROOT, TUTORIAL
from tests.damaging import HUGE, damaged, damaged_text
from tests.teaching.playthroughs import RECORDS, play_randomly

TUTORIAL_GAME = load_scenario(TUTORIAL)
# records of format version 1 (kept from an earlier tutorial), stored ones of the current version,
# and ones played now, finished or not
STORED_GOOD = sorted(RECORDS.glob("tutorial-*.json")) + sorted((RECORDS / "v1").glob("*.json"))
GOOD = [json.loads(p.read_text()) for p in STORED_GOOD] + [
    record_from_session(play_randomly(TUTORIAL_GAME, seed, max_turns=turns), "Zoë")
    for seed, turns in ((1, 200), (2, 200), (3, 1))
]
ADA = json.loads((RECORDS / "tutorial-success.json").read_text())  # Ada's finished game
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
COMMAND_SECONDS = 120  # a command that takes longer than this on a damaged file is hanging


def run_game(*args: str) -> subprocess.CompletedProcess[str]:
    """The game's command line in a fresh process; a hang fails the test instead of the suite."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=COMMAND_SECONDS,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
    )


def record_file(folder: Path, record: dict, name: str = "r.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(record))
    return path


@FUZZ
@given(damaged(GOOD))
def test_a_damaged_record_is_refused_or_every_tool_works_on_it(record: dict) -> None:
    try:
        checked = validate_record(json.loads(json.dumps(record)))
    except RecordError as error:
        assert "the file" in str(error)  # every refusal names the file
        return
    tutorial = TUTORIAL_GAME
    replay(checked, tutorial)
    debrief_html(checked)
    debrief_markdown(checked, "chart.svg")
    for scenario in (tutorial, None):
        results = aggregate([(Path("r.json"), checked)], scenario)
        render_csv(results)
        render_html([results])
        render_json([results])
        render_table(results, Console(file=io.StringIO(), width=100))


@FUZZ
@given(damaged_text(GOOD))
def test_damaged_record_files_through_the_commands(content: bytes) -> None:
    """replay, export and class on a damaged file answer with an exit code, in-process (any
    exception would fail the test)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.json"
        path.write_bytes(content)
        assert main(["replay", str(path)]) in (0, 1, 2)
        assert main(["replay", str(path), "--format", "json"]) in (0, 1, 2)
        assert main(["export", str(path), "-o", str(Path(folder) / "r.html")]) in (0, 2)
        assert main(["export", str(path), "--format", "md"]) in (0, 2)
        for fmt in ("table", "csv", "html", "json"):
            assert main(["class", folder, "--format", fmt, "-o", f"{folder}/c.{fmt}"]) in (0, 2)


def test_replay_of_an_endless_device_is_refused_at_once() -> None:
    result = run_game("replay", "/dev/zero")
    assert result.returncode == 2
    assert "not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_of_a_pipe_is_refused_instead_of_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "record.json"
    os.mkfifo(pipe)  # nobody ever writes to it: opening it for reading would wait for ever
    result = run_game("export", str(pipe), "-o", str(tmp_path / "out.html"))
    assert result.returncode == 2
    assert "not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_class_folder_with_a_pipe_in_it_is_reported_without_it(tmp_path: Path) -> None:
    record_file(tmp_path, ADA, "good.json")
    os.mkfifo(tmp_path / "pipe.json")
    result = run_game("class", str(tmp_path), "--format", "csv")
    assert result.returncode == 0
    assert "Ada" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_absurd_number_in_final_meters_is_named_not_a_crash(tmp_path: Path) -> None:
    """10**400 once killed 'class' with an OverflowError."""
    record = ADA
    text = json.dumps(record).replace('"final_meters": {', f'"final_meters": {{"x": {HUGE}, ', 1)
    (tmp_path / "huge.json").write_text(text)
    record_file(tmp_path, record, "good.json")
    for command in (["class", str(tmp_path)], ["replay", str(tmp_path / "huge.json")]):
        result = run_game(*command)
        assert "Traceback" not in result.stderr
        assert "huge.json is damaged: 'final_meters[...]' is out of range" in result.stderr
    assert run_game("class", str(tmp_path)).returncode == 0  # the good record is still reported
    assert run_game("export", str(tmp_path / "huge.json")).returncode == 2


def test_a_record_without_its_ending_is_named_not_a_crash(tmp_path: Path) -> None:
    """A record without 'ending' once gave a KeyError in export, replay and class."""
    record = {k: v for k, v in ADA.items() if k != "ending"}
    path = record_file(tmp_path, record, "no-ending.json")
    with pytest.raises(RecordError, match=r"no-ending\.json is damaged: 'ending' is missing"):
        read_record(path)
    for command in (["replay", str(path)], ["export", str(path)], ["class", str(tmp_path)]):
        result = run_game(*command)
        assert result.returncode == 2, command
        assert "'ending' is missing" in result.stderr
        assert "Traceback" not in result.stderr
