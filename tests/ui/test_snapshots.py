"""Snapshots of each screen (fixed seed, saves in a temporary folder, no live time stamps).

Each snapshot is taken only once the screen shows everything the stored picture depends on: the
keys are played one at a time (``run_before``), then the test waits for the screen's texts, its
footer included, before the picture is taken.
"""

from __future__ import annotations

from game.ui.screens.debrief import DebriefScreen
from game.ui.screens.history import HistoryScreen
from game.ui.screens.journal import JournalScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.title import TitleScreen
from tests.ui.conftest import choose, start_game, tutorial_app, wait_for_all

PLAY_FOOTER = "1-9 Choose u Undo h History j Journal s Save m Meters ? Help"


async def at_title(pilot) -> None:
    await wait_for_all(
        pilot,
        "Scenario: Tutorial: the practice round",
        "Continue (no saved game yet)",
        "n New game c Continue l Load ? Help q Quit",
        screen=TitleScreen,
    )


async def after_one_turn(pilot) -> None:
    """Enter starts; 2 confirms Vesna's framing (a trap)."""
    await start_game(pilot)
    await choose(pilot, 2)
    await wait_for_all(
        pilot,
        "Turn 2 · The first meeting",
        "Risk of blame 40 fair ▲ +20 worse",
        "Turn 1, you chose: Confirm Vesna's announcement",
        "TRAP SPRUNG: Letting the other side set the agenda",
        "claims before anything else is discussed.",
        "4. Sound out a private back channel.",
        PLAY_FOOTER,
        screen=PlayScreen,
    )


async def in_history(pilot) -> None:
    """Two turns (2, then 1: concede), then the history."""
    await start_game(pilot)
    await choose(pilot, 2, 1)
    await pilot.press("h")
    await wait_for_all(
        pilot,
        "History of your decisions",
        "Turn 2 · The first meeting",
        "Trap sprung: The pre-emptive concession",
        "esc Back u Undo last q Quit",
        screen=HistoryScreen,
    )


async def in_journal(pilot) -> None:
    await start_game(pilot)
    await choose(pilot, 2, 1)
    await pilot.press("j")
    await wait_for_all(
        pilot,
        "Traps journal",
        "SPRUNG Letting the other side set the agenda",
        "SPRUNG The pre-emptive concession",
        "your floor and signals that more will follow.",
        "esc Back q Quit",
        screen=JournalScreen,
    )


async def at_the_debrief(pilot) -> None:
    await start_game(pilot)
    await choose(pilot, 1, 2, 1)
    await wait_for_all(
        pilot,
        "Debrief · SUCCESS",
        "The end: A framework agreed",
        "Risk of blame: 20 → 10 (▼ −10 better)",
        "p Play again t Title h History ? Help q Quit",
        screen=DebriefScreen,
    )


async def wide_after_two_turns(pilot) -> None:
    await start_game(pilot)
    await choose(pilot, 2, 1)
    await wait_for_all(
        pilot,
        "Turn 3 · Vesna replies",
        "Meters",
        "28/100 poor",
        "Risk of blame lower is better",
        "politics may stall things: that part is chance.",
        "1. Wait for the reply.",
        PLAY_FOOTER,
        screen=PlayScreen,
    )


class TestAt80x24:
    def test_title(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), run_before=at_title)

    def test_play_after_a_choice(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), run_before=after_one_turn)

    def test_history(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), run_before=in_history)

    def test_journal(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), run_before=in_journal)

    def test_debrief(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), run_before=at_the_debrief)


class TestAt120x40:
    def test_play_with_meters_beside_the_story(self, snap_compare) -> None:
        assert snap_compare(
            tutorial_app(), run_before=wide_after_two_turns, terminal_size=(120, 40)
        )
