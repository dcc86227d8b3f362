"""Games played through the engine for the teaching tests, and the stored regression records.

Run ``python -m tests.teaching.playthroughs`` to regenerate tests/teaching/records/ after a
deliberate change to a bundled scenario (then review the diff: each record is a regression test).
records/v1/ keeps records in format version 1 from an earlier tutorial: they test that old records
are still read, and are not regenerated.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from game.engine.loader import check_scenario, load_scenario
from game.engine.model import Scenario
from game.engine.records import record_from_session
from game.engine.session import Session
from tests.conftest import SCENES, TUTORIAL

RECORDS = Path(__file__).resolve().parent / "records"
STARTED = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

# (file name, seed, player, choice ids): together they reach every ending of the tutorial, spring
# and avoid both traps, draw the news bulletin, and stop once before the end.
TUTORIAL_GAMES = (
    ("tutorial-success.json", 2, "Ada", ("call_ally", "joint_position", "wait")),
    ("tutorial-partial.json", 3, "Ben", ("stall", "hold_firm", "wait")),
    ("tutorial-failure.json", 7, "Chloé", ("accept_framing", "offer_concession", "wait")),
    ("tutorial-unfinished.json", 11, None, ("call_ally",)),
)

# Random play with these seeds reaches a partial, a failure and a success ending of the summit.
SUMMIT_SEEDS = (0, 1, 71)


def play(scenario: Scenario, seed: int, choices: tuple[str, ...]) -> Session:
    """A game with the given seed and choice ids."""
    session = Session(scenario, seed)
    for choice_id in choices:
        session.choose_id(choice_id)
    return session


def play_randomly(scenario: Scenario, seed: int, max_turns: int = 200) -> Session:
    """A game to its end (or ``max_turns``) choosing at random among enabled choices."""
    session = Session(scenario, seed)
    pick = random.Random(seed)
    while not session.ended and not session.stuck and session.turn < max_turns:
        session.choose(pick.choice(session.enabled_options()).number)
    return session


def summit() -> Scenario | None:
    """The summit scenario when it exists and loads, else None."""
    path = SCENES / "summit"
    if not path.is_dir():
        return None
    return check_scenario(path).scenario


def stored_games() -> list[tuple[str, dict]]:
    """The stored records as they should be: (file name, record)."""
    games = []
    tutorial = load_scenario(TUTORIAL)
    for name, seed, _player, choices in TUTORIAL_GAMES:
        session = play(tutorial, seed, choices)
        games.append((name, session))
    scenario = summit()
    if scenario is not None:
        for seed in SUMMIT_SEEDS:
            games.append((f"summit-seed{seed}.json", play_randomly(scenario, seed)))
    records = []
    for index, (name, session) in enumerate(games):
        player = next((g[2] for g in TUTORIAL_GAMES if g[0] == name), f"player-{index}")
        started = STARTED + timedelta(hours=index)
        record = record_from_session(session, player, started, started + timedelta(minutes=20))
        records.append((name, record))
    return records


def write_stored_records() -> None:
    RECORDS.mkdir(exist_ok=True)
    for name, record in stored_games():
        (RECORDS / name).write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        print(f"wrote {RECORDS / name}")


if __name__ == "__main__":
    write_stored_records()
