"""A class of students playing through the engine, laid out as 'serve' lays out a class folder:
each student's saves in ``FOLDER/students/<key>/saves``, every record in ``FOLDER/records``.

Some students play carefully, some at random; some finish, some leave part-way (an unfinished
record), some leave and come back to finish, and some are still playing when the run stops. With
``--pace`` the class plays in real time (one turn per student every so many seconds), so that
``class --watch FOLDER`` can be watched while it happens:

    python -m tests.teaching.classroom FOLDER [--students 25] [--scenario summit] [--pace 1.5]
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from game.authoring.balance import attentive_choice, random_choice
from game.engine.catalog import resolve
from game.engine.chance import Dice
from game.engine.game_run import GameRun
from game.engine.loader import load_scenario
from game.engine.model import Scenario
from game.teaching.students import Student

NAMES = (
    "Ana", "Ben", "Chloé", "Dmytro", "Ewa", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kasia",
    "Liam", "Maya", "Noor", "Oskar", "Pia", "Quentin", "Rosa", "Sami", "Tereza", "Uma", "Viktor",
    "Wen", "Xenia", "Yusuf", "Zoë", "Aino", "Bruno", "Carla", "Deniz",
)  # fmt: skip

# What each student does: finish, leave part-way, leave and come back, or still be playing.
PLANS = ("finish", "finish", "finish", "leave", "return", "playing")


@dataclass
class Pupil:
    """One simulated student and their game."""

    student: Student
    plan: str
    careful: bool
    leave_after: int
    run: GameRun | None = None
    dice: Dice = field(default_factory=lambda: Dice(0))
    done: bool = False
    came_back: bool = False


def enrol(scenario: Scenario, folder: Path, count: int, seed: int) -> list[Pupil]:
    pick = random.Random(seed)
    pupils = []
    for index in range(count):
        name = NAMES[index % len(NAMES)] + ("" if index < len(NAMES) else f" {index}")
        student = Student(name, None, f"token-{index:04d}-{'x' * 16}")
        pupils.append(
            Pupil(
                student,
                PLANS[index % len(PLANS)],
                careful=pick.random() < 0.5,
                leave_after=pick.randint(2, 6),
                dice=Dice(seed * 1000 + index),
            )
        )
    return pupils


def start(pupil: Pupil, scenario: Scenario, folder: Path, game_seed: int | None) -> None:
    saves = pupil.student.folder(folder) / "saves"
    records = folder / "records"
    if pupil.run is None and not pupil.came_back:
        pupil.run = GameRun.new(
            scenario, game_seed, pupil.student.name, saves_folder=saves, records_folder=records
        )
    else:  # back after leaving: the unfinished game continues
        pupil.run = GameRun.load(scenario, saves_folder=saves, records_folder=records)


def turn(pupil: Pupil, scenario: Scenario, folder: Path) -> None:
    """One decision of one student (or their leaving, or their coming back)."""
    run = pupil.run
    if run is None:
        return
    session = run.session
    options = session.enabled_options()
    if session.ended or not options:
        run.close()
        pupil.done = True
        return
    leaving = pupil.plan in ("leave", "return") and not pupil.came_back
    if leaving and session.turn >= pupil.leave_after:
        run.abandon()
        pupil.run = None
        if pupil.plan == "return":
            pupil.came_back = True
            start(pupil, scenario, folder, None)
        else:
            pupil.done = True
        return
    if pupil.plan == "playing" and session.turn >= pupil.leave_after + 4:
        return  # still thinking when the bell rings
    chooser = attentive_choice if pupil.careful else random_choice
    run.choose(chooser(session, options, pupil.dice).number)


def play_class(
    folder: Path,
    scenario: Scenario,
    students: int = 25,
    seed: int = 1,
    game_seed: int | None = None,
    pace: float = 0.0,
) -> list[Pupil]:
    """Play a class into ``folder``; with ``pace`` seconds between rounds of turns."""
    pupils = enrol(scenario, folder, students, seed)
    for index, pupil in enumerate(pupils):
        start(pupil, scenario, folder, game_seed if game_seed is not None else seed * 100 + index)
    for _ in range(60):
        for pupil in pupils:
            if not pupil.done:
                turn(pupil, scenario, folder)
        if pace:
            time.sleep(pace)
        if all(p.done or (p.plan == "playing") for p in pupils):
            break
    return pupils


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--students", type=int, default=25)
    parser.add_argument("--scenario", default="summit")
    parser.add_argument("--seed", type=int, default=1, help="who does what")
    parser.add_argument("--game-seed", type=int, help="the same chance for every game")
    parser.add_argument("--pace", type=float, default=0.0, help="seconds between rounds")
    args = parser.parse_args()
    scenario = load_scenario(resolve(args.scenario))
    pupils = play_class(args.folder, scenario, args.students, args.seed, args.game_seed, args.pace)
    for pupil in pupils:
        session = pupil.run.session if pupil.run else None
        where = session.scene.title if session else "left"
        print(f"{pupil.student.name:10} {pupil.plan:8} {where}")


if __name__ == "__main__":
    main()
