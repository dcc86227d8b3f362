"""The teacher's live view: who is playing and where, who finished or left, where the class
splits, as saves and records arrive; it never writes to the class folder."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from game.engine.game_run import GameRun
from game.engine.loader import load_scenario
from game.engine.model import Scenario
from game.teaching.class_report import scenario_named
from game.teaching.class_view import FINISHED, IDLE, LEFT, PLAYING, ClassWatcher
from game.teaching.class_watch import ClassWatchApp
from game.teaching.pseudonyms import Pseudonyms
from game.teaching.students import Student
from tests.conftest import TUTORIAL
from tests.ui.conftest import pilot_test, visible_text

SCENARIO = load_scenario(TUTORIAL)


class ServedClass:
    """A class folder as 'serve' fills it, with games moved on by hand."""

    def __init__(self, folder: Path, scenario: Scenario = SCENARIO) -> None:
        self.folder = folder
        self.scenario = scenario
        self.runs: dict[str, GameRun] = {}

    def student(self, name: str) -> Student:
        return Student(name, None, f"token-{name.casefold():x<24}")

    def start(self, name: str, seed: int) -> GameRun:
        saves = self.student(name).folder(self.folder) / "saves"
        run = GameRun.new(
            self.scenario, seed, name, saves_folder=saves, records_folder=self.folder / "records"
        )
        self.runs[name] = run
        return run

    def come_back(self, name: str) -> GameRun:
        saves = self.student(name).folder(self.folder) / "saves"
        run = GameRun.load(
            self.scenario, saves_folder=saves, records_folder=self.folder / "records"
        )
        self.runs[name] = run
        return run

    def move(self, name: str, times: int = 1) -> None:
        run = self.runs[name]
        for _ in range(times):
            if run.ended:
                break
            run.choose(1)


@pytest.fixture
def served(tmp_path: Path) -> ServedClass:
    """Ana finished, Ben playing, Chloé left after one turn, Dmytro left and came back."""
    served = ServedClass(tmp_path / "class")
    (served.folder / "students").mkdir(parents=True)
    for seed, name in enumerate(("Ana", "Ben", "Chloé", "Dmytro")):
        served.start(name, seed)
    served.move("Ana", 10)
    served.move("Ben")
    served.move("Chloé")
    served.runs["Chloé"].abandon()
    served.move("Dmytro")
    served.runs["Dmytro"].abandon()
    served.come_back("Dmytro")
    served.move("Dmytro")
    return served


def files_of(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_each_student_is_shown_where_they_are(served: ServedClass) -> None:
    before = files_of(served.folder)
    snapshot = ClassWatcher(served.folder, scenario_named).look()
    status = {g.player: g.status for g in snapshot.games}
    assert status == {"Ana": FINISHED, "Ben": PLAYING, "Chloé": LEFT, "Dmytro": PLAYING}
    games = {g.player: g for g in snapshot.games}
    assert games["Ana"].outcome and games["Ana"].scene == served.runs["Ana"].session.scene.title
    assert games["Ben"].scene == served.runs["Ben"].session.scene.title
    assert games["Dmytro"].turn == 2  # the game continued, counted once
    assert snapshot.results is not None and snapshot.results.records == 4
    assert files_of(served.folder) == before  # nothing written, nothing touched


def test_a_game_without_a_move_for_five_minutes_is_idle(served: ServedClass) -> None:
    later = datetime.now(UTC) + timedelta(minutes=6)
    snapshot = ClassWatcher(served.folder, scenario_named).look(later)
    status = {g.player: g.status for g in snapshot.games}
    assert status["Ben"] == IDLE and status["Ana"] == FINISHED and status["Chloé"] == LEFT


def test_pseudonyms_replace_every_name(served: ServedClass) -> None:
    pseudonym = Pseudonyms(b"k" * 32)
    snapshot = ClassWatcher(served.folder, scenario_named, rename=pseudonym).look()
    names = {g.player for g in snapshot.games}
    assert names == {pseudonym(n) for n in ("Ana", "Ben", "Chloé", "Dmytro")}
    assert {row.player for row in snapshot.results.outcomes_by_player} == names


def test_a_lab_folder_of_records_alone_shows_finished_and_left(served: ServedClass) -> None:
    snapshot = ClassWatcher(served.folder / "records", scenario_named).look()
    status = {g.player: g.status for g in snapshot.games}
    assert status == {"Ana": FINISHED, "Chloé": LEFT, "Dmytro": LEFT}


def test_unreadable_files_are_counted_not_fatal(served: ServedClass) -> None:
    (served.folder / "records" / "tutorial" / "broken.json").write_text("{")
    os.mkfifo(served.folder / "records" / "tutorial" / "pipe.json")
    saves = served.student("Ben").folder(served.folder) / "saves" / "tutorial"
    (saves / "autosave.json").write_text('{"format": "diplomatic-traps-save", "version": 2}')
    snapshot = ClassWatcher(served.folder, scenario_named).look()
    assert snapshot.unreadable == 3  # the broken record, the pipe and the damaged save
    assert {g.player for g in snapshot.games} == {"Ana", "Chloé", "Dmytro"}


async def wait_for_screen(pilot, wanted: list[str], timeout: float = 20.0) -> str:
    """Wait until every text in ``wanted`` is on the screen; fail showing the screen."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        shown = visible_text(pilot.app)
        if all(text in shown for text in wanted):
            return shown
        if loop.time() > deadline:
            pytest.fail(f"waited {timeout} s for {wanted}; the screen shows:\n{shown}")
        await pilot.pause(0.05)


@pilot_test
async def test_the_live_view_follows_the_class_as_it_plays(served: ServedClass) -> None:
    app = ClassWatchApp(ClassWatcher(served.folder, scenario_named), look_every=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ["4 students: 2 playing · 0 idle · 1 left · 1 finished"])
        served.move("Ben", 10)  # Ben reaches an ending: his record arrives
        ending = served.runs["Ben"].session.scene.title
        shown = await wait_for_screen(
            pilot, ["4 students: 1 playing · 0 idle · 1 left · 2 finished", ending[:20]]
        )
        assert "Endings so far" in shown and "Where the class splits" in shown
        served.start("Eve", 9)
        served.move("Eve")
        await wait_for_screen(pilot, ["5 students: 2 playing", "Eve"])


@pilot_test
async def test_a_key_switches_names_and_pseudonyms_for_the_projector(
    served: ServedClass,
) -> None:
    pseudonym = Pseudonyms(b"k" * 32)
    watcher = ClassWatcher(served.folder, scenario_named, rename=pseudonym)
    app = ClassWatchApp(watcher, pseudonym, look_every=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        shown = await wait_for_screen(pilot, [pseudonym("Ana")])
        assert "Ana " not in shown
        await pilot.press("a")
        await wait_for_screen(pilot, ["Ana ", "Chloé"])


def test_watching_a_folder_that_is_not_there_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.cli import main

    assert main(["class", "--watch", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err
