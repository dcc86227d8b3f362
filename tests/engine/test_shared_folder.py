"""A records folder shared by every student of a lab machine: what one student's game creates in
it, the next student can write in and the teacher can read."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from game.engine.game_run import GameRun
from game.engine.loader import load_scenario
from game.engine.records import read_record, write_record
from game.engine.session import Session
from tests.conftest import TUTORIAL


@pytest.fixture
def umask() -> Iterator[Callable[[int], int]]:
    """Set the process's umask for one test (restored after it)."""
    before = os.umask(0o022)
    os.umask(before)
    yield os.umask
    os.umask(before)


def shared_folder(path: Path) -> Path:
    """A folder as a teacher sets it up: setgid, group may read, write and enter."""
    path.mkdir()
    path.chmod(0o2770)
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def play_and_leave(records: Path, saves: Path, player: str) -> Path:
    run = GameRun.new(
        load_scenario(TUTORIAL), seed=3, player=player, saves_folder=saves, records_folder=records
    )
    run.choose(1)
    path = run.abandon()
    assert path is not None
    return path


def test_with_umask_002_a_shared_folder_stays_writable_for_the_group(
    tmp_path: Path, umask: Callable[[int], int]
) -> None:
    umask(0o002)
    records = shared_folder(tmp_path / "records")
    record = play_and_leave(records, tmp_path / "ana-saves", "Ana")
    scenario_folder = record.parent
    assert scenario_folder.parent == records
    assert mode(scenario_folder) & 0o2070 == 0o2070  # setgid kept, group may write
    assert mode(record) & 0o060 == 0o060
    assert read_record(record)["player"] == "Ana"


def test_with_a_strict_umask_a_new_folder_in_a_shared_folder_is_still_shared(
    tmp_path: Path, umask: Callable[[int], int]
) -> None:
    """The first student's umask 022 once left records/<scenario> writable by them alone, and
    every later student's record failed with 'Permission denied'."""
    umask(0o022)
    records = shared_folder(tmp_path / "records")
    record = play_and_leave(records, tmp_path / "ana-saves", "Ana")
    assert mode(record.parent) & 0o2070 == 0o2070
    assert mode(record) & 0o040  # the teacher, in the group, can read it
    assert not mode(record) & 0o022  # the umask still decides who may change it


def test_outside_a_shared_folder_the_umask_alone_decides(
    tmp_path: Path, umask: Callable[[int], int]
) -> None:
    umask(0o077)
    record = play_and_leave(tmp_path / "records", tmp_path / "saves", "Ana")
    assert mode(record) == 0o600
    assert mode(record.parent) == 0o700
    save = next((tmp_path / "saves").rglob("autosave.json"))
    assert mode(save) == 0o600


def test_a_finished_game_record_in_a_shared_folder_is_group_writable_with_umask_002(
    tmp_path: Path, umask: Callable[[int], int]
) -> None:
    """Records were once written owner-only: the teacher's 'class' saw 'no play records'."""
    umask(0o002)
    records = shared_folder(tmp_path / "records")
    session = Session(load_scenario(TUTORIAL), 0)
    for choice_id in ("call_ally", "joint_position", "wait"):
        session.choose_id(choice_id)
    record = write_record(session, "Ben", folder=records)
    assert mode(record) == 0o664
    assert mode(record.parent) & 0o2070 == 0o2070
