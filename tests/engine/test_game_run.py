"""The policy every front end follows for a game's files, tested once: new games never destroy an
unfinished one, only unfinished games continue, a second game on the same autosave gets its own
slot, a finished game leaves one record and an abandoned one leaves an unfinished record."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.game_run import GameRun, continuable, unfinished_autosave
from game.engine.loader import load_scenario
from game.engine.model import Scenario
from game.engine.records import read_record
from game.engine.saves import AUTOSAVE, list_saves, save_path
from tests.conftest import TUTORIAL


@pytest.fixture(scope="module")
def tutorial() -> Scenario:
    return load_scenario(TUTORIAL)


def records(folder: Path) -> list[Path]:
    return sorted(folder.glob("records/*/*.json"))


def test_a_new_game_keeps_the_unfinished_one_in_a_slot_of_its_own(
    tutorial: Scenario, isolated_data_dir: Path
) -> None:
    first = GameRun.new(tutorial, seed=3)
    first.choose(1)
    first.close()
    assert unfinished_autosave(tutorial.id) is not None
    second = GameRun.new(tutorial, seed=4)
    assert second.kept is not None and second.kept.slot.startswith("unfinished-")
    assert second.take_notices() == [
        f"Your unfinished game is kept in the save slot '{second.kept.slot}'."
    ]
    kept = GameRun.load(tutorial, second.kept.slot)
    assert kept.session.turn == 1 and kept.session.seed == 3
    second.close()
    kept.close()


def test_continue_offers_only_unfinished_games(tutorial: Scenario, isolated_data_dir: Path) -> None:
    run = GameRun.new(tutorial, seed=7)
    for number in (1, 2, 1):
        run.choose(number)
    run.close()
    assert run.ended and [s.slot for s in list_saves()] == [AUTOSAVE]
    assert continuable(tutorial.id) == []


def test_a_finished_game_leaves_one_record_even_when_loaded_again(
    tutorial: Scenario, isolated_data_dir: Path
) -> None:
    run = GameRun.new(tutorial, seed=7, player="Ana")
    for number in (1, 2, 1):
        run.choose(number)
    run.close()
    (record,) = records(isolated_data_dir)
    assert read_record(record)["player"] == "Ana" and read_record(record)["finished"]
    again = GameRun.load(tutorial)
    assert again.ended and again.recorded == record
    again.abandon()
    assert records(isolated_data_dir) == [record]


def test_an_abandoned_game_leaves_a_record_marked_unfinished(
    tutorial: Scenario, isolated_data_dir: Path
) -> None:
    run = GameRun.new(tutorial, seed=7, player="Bo")
    run.choose(1)
    path = run.abandon()
    assert path is not None and path.name.endswith("-unfinished.json")
    record = read_record(path)
    assert record["finished"] is False and record["turns"] == 1 and record["player"] == "Bo"
    assert record["started_at"] is not None  # kept in the save, so a resumed game has it too


def test_a_game_without_a_choice_made_in_this_run_records_nothing(
    tutorial: Scenario, isolated_data_dir: Path
) -> None:
    run = GameRun.new(tutorial, seed=7)
    assert run.abandon() is None
    assert records(isolated_data_dir) == []


def test_a_second_game_on_the_same_autosave_gets_its_own_slot(
    tutorial: Scenario, isolated_data_dir: Path
) -> None:
    first = GameRun.new(tutorial, seed=1)
    second = GameRun.new(tutorial, seed=2)
    assert first.autosave_slot == AUTOSAVE and second.autosave_slot == f"{AUTOSAVE}-2"
    assert "saves its progress in the slot 'autosave-2'" in second.take_notices()[0]
    first.choose(1)
    second.choose(2)
    assert GameRun.load(tutorial, AUTOSAVE).session.seed == 1  # neither overwrote the other
    assert GameRun.load(tutorial, f"{AUTOSAVE}-2").session.seed == 2
    first.close()
    second.close()


def test_a_failed_autosave_is_never_reported_as_saved(tutorial: Scenario, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    run = GameRun.new(tutorial, seed=1, saves_folder=blocked / "saves", records_folder=blocked)
    run.choose(1)
    assert not run.progress_is_saved
    assert any(n.startswith("Autosave failed") for n in run.take_notices())


def test_undo_is_refused_once_the_game_is_over(tutorial: Scenario, isolated_data_dir: Path) -> None:
    run = GameRun.new(tutorial, seed=7)
    for number in (1, 2, 1):
        run.choose(number)
    assert run.undo() is None and run.ended
    assert save_path(tutorial.id, AUTOSAVE).exists()
    run.close()


def test_an_authors_game_writes_no_record(tutorial: Scenario, isolated_data_dir: Path) -> None:
    run = GameRun.new(tutorial, seed=7, record=False)
    for number in (1, 2, 1):
        run.choose(number)
    run.abandon()
    assert records(isolated_data_dir) == []
