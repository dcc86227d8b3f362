"""Saved games: round trip, atomic writes, and clear refusals of damaged or foreign saves."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game.engine import saves
from game.engine.loader import load_scenario
from game.engine.model import Scenario
from game.engine.saves import SaveError, carry_over, list_saves, read_save, write_save
from game.engine.session import Session
from tests.conftest import TUTORIAL


@pytest.fixture(scope="module")
def tutorial() -> Scenario:
    return load_scenario(TUTORIAL)


def played(
    tutorial: Scenario, seed: int = 4, moves: tuple[str, ...] = ("call_ally", "joint_position")
) -> Session:
    session = Session(tutorial, seed=seed)
    for choice_id in moves:
        session.choose_id(choice_id)
    return session


def test_round_trip_keeps_state_history_and_chance(
    tutorial: Scenario, isolated_data_dir: Path
) -> None:
    session = played(tutorial)
    path = write_save(session, "slot one")
    assert path == isolated_data_dir / "saves" / "tutorial" / "slot-one.json"
    loaded = read_save(path, tutorial)
    assert loaded.scene_id == session.scene_id
    assert loaded.values == session.values
    assert loaded.turn == 2 and loaded.seed == session.seed
    assert [d.choice_id for d in loaded.history] == ["call_ally", "joint_position"]
    assert loaded.history[0].changes == session.history[0].changes
    # the loaded game continues exactly like the original one
    session.choose(1)
    loaded.choose(1)
    assert loaded.scene_id == session.scene_id and loaded.values == session.values


def test_undo_works_after_loading(tutorial: Scenario) -> None:
    session = played(tutorial)
    loaded = read_save(write_save(session), tutorial)
    loaded.undo()
    assert loaded.scene_id == "first_meeting"
    assert loaded.values == session.history[1].before.values


def test_save_list_is_newest_first(tutorial: Scenario) -> None:
    write_save(played(tutorial, moves=("stall",)), "a")
    older = json.loads(saves.save_path("tutorial", "a").read_text())
    older["saved_at"] = "2020-01-01T00:00:00+00:00"
    saves.save_path("tutorial", "a").write_text(json.dumps(older))
    write_save(played(tutorial), "b")
    infos = list_saves(scenario_id="tutorial")
    assert [i.slot for i in infos] == ["b", "a"]
    assert infos[0].turn == 2 and infos[0].scene_title == "Vesna replies"


def test_corrupt_save_gets_a_clear_message(tutorial: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(SaveError, match="damaged"):
        read_save(path, tutorial)
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(SaveError, match="damaged"):
        read_save(path, tutorial)


def test_truncated_save_is_refused(tutorial: Scenario, tmp_path: Path) -> None:
    data = saves.session_to_dict(played(tutorial))
    del data["state"]["values"]
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="damaged"):
        read_save(path, tutorial)


def test_foreign_json_is_not_a_save(tutorial: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"hello": "world"}))
    with pytest.raises(SaveError, match="not a Diplomatic Traps save"):
        read_save(path, tutorial)


def test_save_of_another_scenario_is_refused(tutorial: Scenario, tmp_path: Path) -> None:
    data = saves.session_to_dict(played(tutorial))
    data["scenario"]["id"] = "summit"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="belongs to the scenario 'summit'"):
        read_save(path, tutorial)


def test_save_from_an_older_scenario_version_names_the_missing_scene(
    tutorial: Scenario, tmp_path: Path
) -> None:
    data = saves.session_to_dict(played(tutorial))
    data["state"]["scene"] = "old_scene"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="'old_scene' no longer exists"):
        read_save(path, tutorial)


def test_save_from_a_newer_game_version_is_refused(tutorial: Scenario, tmp_path: Path) -> None:
    data = saves.session_to_dict(played(tutorial))
    data["version"] = saves.SAVE_VERSION + 1
    path = tmp_path / "new.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="newer version"):
        read_save(path, tutorial)


def test_missing_save_file(tutorial: Scenario, tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="there is no file"):
        read_save(tmp_path / "nothing.json", tutorial)


def test_interrupted_write_keeps_the_previous_save(
    tutorial: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = played(tutorial, moves=("stall",))
    path = write_save(first, "keep")
    good = path.read_text()

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        write_save(played(tutorial), "keep")
    assert path.read_text() == good
    assert [p.name for p in path.parent.iterdir()] == ["keep.json"]  # no temporary left behind


def test_slot_names_are_made_safe() -> None:
    assert saves.slot_name("../../etc/passwd") == "etc-passwd"
    assert saves.slot_name("  ") == "save"


def test_carry_over_keeps_state_on_a_reloaded_scenario(tutorial: Scenario) -> None:
    session = played(tutorial)
    reloaded = load_scenario(TUTORIAL)
    carried = carry_over(session, reloaded)
    assert carried.scenario is reloaded
    assert carried.scene_id == session.scene_id and carried.values == session.values


def test_absurd_json_is_a_damaged_save_not_a_crash(tutorial: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "absurd.json"
    path.write_text('{"dice": ' + "9" * 5000 + "}")
    with pytest.raises(SaveError, match="damaged"):
        read_save(path, tutorial)
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(SaveError, match="damaged"):
        read_save(path, tutorial)


def test_a_version_that_is_not_a_number_is_damage(tutorial: Scenario, tmp_path: Path) -> None:
    data = saves.session_to_dict(played(tutorial))
    data["version"] = "1"
    path = tmp_path / "v.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="damaged"):
        read_save(path, tutorial)
