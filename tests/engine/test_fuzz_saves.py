"""Saves nothing can break: a damaged save is refused with the field that is wrong, or it loads
into a game that can be played on, undone, shown and recorded. Never a traceback or a hang."""

from __future__ import annotations

import io
import json
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from game.cli import main
from game.engine.account import account
from game.engine.debrief import compose
from game.engine.game_run import GameRun
from game.engine.loader import load_scenario
from game.engine.records import read_record, record_from_session, validate_record
from game.engine.saves import SaveError, save_path, session_from_dict, session_to_dict
from game.engine.session import Session
from tests.conftest import TUTORIAL
from tests.damaging import damaged, damaged_text

SCENARIO = load_scenario(TUTORIAL)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
PLAIN_INPUT = "h\nj\nm\nu\n1\n2\n1\n1\nq\n"  # history, journal, meters, undo, choices, quit


def saved_game(seed: int, turns: int) -> dict:
    session = Session(SCENARIO, seed)
    for turn in range(turns):
        if session.ended:
            break
        options = session.enabled_options()
        session.choose(options[(seed + turn) % len(options)].number)
    return session_to_dict(session, "Zoë")


SAVES = [saved_game(1, 2), saved_game(5, 4), saved_game(9, 1), saved_game(2, 10)]


def play_on(session: Session) -> None:
    """Everything a player can do with a loaded game, and its record read back."""
    for decision in session.history:
        account(decision.events, session, everything=True)
    session.meter_series()
    validate_record(json.loads(json.dumps(record_from_session(session, "Zoë"))))
    if session.ended:
        compose(session)
    while session.can_undo:
        session.undo()
    for _ in range(30):
        options = session.enabled_options()
        if session.ended or not options:
            break
        session.choose(options[0].number)
    validate_record(json.loads(json.dumps(record_from_session(session, "Zoë"))))


@FUZZ
@given(damaged(SAVES))
def test_a_damaged_save_is_refused_or_plays_on(save: dict) -> None:
    try:
        session = session_from_dict(SCENARIO, json.loads(json.dumps(save)))
    except SaveError as error:
        assert str(error)
        return
    play_on(session)


@FUZZ
@given(damaged_text(SAVES))
def test_play_load_of_a_damaged_save_file(content: bytes) -> None:
    """play --load on a damaged save: refused with exit 1 and the save's name, or played in
    the plain game to a record the teacher can read."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        saves, records = data / "saves", data / "records"
        path = save_path(SCENARIO.id, "damaged", saves)
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
        try:
            run = GameRun.load(SCENARIO, "damaged", saves_folder=saves, records_folder=records)
        except SaveError as error:
            assert "damaged.json" in str(error) or "save" in str(error)
            return
        from game.plain import run_plain

        assert run_plain(run, io.StringIO(PLAIN_INPUT), io.StringIO()) in (0, 1)
        for record in records.rglob("*.json"):
            read_record(record)


def test_play_load_through_the_command_line(
    isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = save_path(SCENARIO.id, "cut", isolated_data_dir / "saves")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(SAVES[0])[:200])
    monkeypatch.setattr(sys, "stdin", io.StringIO(PLAIN_INPUT))
    assert main(["play", "tutorial", "--plain", "--load", "cut"]) == 1
    assert "cannot load the save 'cut': cut.json is damaged" in capsys.readouterr().err


def test_a_history_step_without_its_position_is_refused_on_loading(
    isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """'before: null' once loaded, then crashed on 'h' and on undo, and never wrote its record."""
    save = json.loads(json.dumps(SAVES[1]))
    save["history"][0]["before"] = None
    path = save_path(SCENARIO.id, "nobefore", isolated_data_dir / "saves")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(save))
    with pytest.raises(SaveError, match=r"'history\[0\]\.before' should be an object, not null"):
        session_from_dict(SCENARIO, save)
    monkeypatch.setattr(sys, "stdin", io.StringIO("h\nu\nq\n"))
    assert main(["play", "tutorial", "--plain", "--load", "nobefore"]) == 1
    err = capsys.readouterr().err
    assert "nobefore.json: the save file is damaged: 'history[0].before'" in err


def test_a_change_outside_its_meters_range_is_refused() -> None:
    """Found by the fuzz test above: a change from -2**53 loaded, and the game's own play record
    then held a net change too large to read back, so the game could never be recorded."""
    save = json.loads(json.dumps(SAVES[1]))
    change = save["history"][1]["events"][0]["changes"][0]
    change["before"] = -(2**53) + 4
    with pytest.raises(SaveError, match=r"'history\[1\]\.events\[0\]\.changes\[0\]' moves"):
        session_from_dict(SCENARIO, save)
