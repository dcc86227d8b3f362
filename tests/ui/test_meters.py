"""Legible meters at every size: a tick on the bar at each line the player knows, the mark's words
when the value is beyond it, "?" and its words for a line the player does not know yet; what a
turn did when only a hidden value moved, or a bound cut a change short; the help lists the marks."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content

from game.engine.catalog import resolve
from game.engine.loader import load_scenario
from game.ui.app import DiplomaticTrapsApp
from game.ui.screens.help import HelpScreen
from game.ui.screens.play import PlayScreen
from game.ui.widgets.meters import TICK, MarkAlerts, MeterBar, grid_layout
from tests.ui.conftest import (
    eventually,
    pilot_test,
    screen_content,
    squeezed,
    start_game,
    visible_text,
    wait_for,
    wait_for_all,
)

MARKS = Path(__file__).parent / "fixtures" / "marks.yaml"
SIZES = [(60, 20), (80, 24), (120, 40)]
IDS = ["60x20", "80x24", "120x40"]
QUIETLY, STOCK, SPEND, ASK = 1, 2, 3, 4  # the fixture's choices


def marks_app() -> DiplomaticTrapsApp:
    return DiplomaticTrapsApp(str(MARKS), seed=1)


async def take(pilot, number: int) -> None:
    app = pilot.app
    turn = app.session.turn
    await pilot.press(str(number))
    await wait_for(
        pilot,
        lambda app: app.session.turn == turn + 1 and isinstance(app.screen, PlayScreen),
        f"choice {number}",
    )


def support_bar(app) -> str:
    return str(app.screen.query_one("#meter-support", MeterBar).render())


def meters_say(app) -> str:
    """What the meters show, with the marks' lines (beside each bar, or under the grid)."""
    bars = [str(bar.render()) for bar in app.screen.query(MeterBar)]
    alerts = app.screen.query_one(MarkAlerts)
    return squeezed(" ".join([*bars, str(alerts.render()) if alerts.display else ""]))


@pytest.mark.parametrize("size", SIZES, ids=IDS)
@pilot_test
async def test_a_known_line_is_a_tick_and_an_unknown_one_a_question_mark(size) -> None:
    app = marks_app()
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)

        def drawn(app) -> None:
            bar = support_bar(app)
            assert bar.count(TICK) == 1, bar  # the line at 40; the seller's price is unknown
            assert "?" in bar, bar
            shown = meters_say(app)
            assert "? Support below an unknown line: the deal is off" in shown or (
                "? below an unknown line: the deal is off" in shown
            ), shown
            assert "30" not in bar  # where the hidden line is is not given away

        await eventually(pilot, drawn)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
@pilot_test
async def test_a_value_beyond_a_mark_says_the_marks_words(size) -> None:
    app = marks_app()
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)
        await wait_for_all(pilot, "Support", absent=["⚠"])
        await take(pilot, SPEND)  # support 50 -> 30, below 40

        def warned(app) -> None:
            assert "below 40: the board loses patience" in meters_say(app)
            assert "⚠" in visible_text(app)

        await eventually(pilot, warned)


@pilot_test
async def test_a_revealed_line_becomes_a_tick() -> None:
    app = marks_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await take(pilot, ASK)
        await wait_for_all(pilot, "Now you can see The seller's price: 30.")

        def ticked(app) -> None:
            bar = support_bar(app)
            assert bar.count(TICK) == 2 and "?" not in bar, bar  # at 30 and at 40

        await eventually(pilot, ticked)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
@pilot_test
async def test_only_a_hidden_value_moved_is_said_so(size) -> None:
    app = marks_app()
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)
        await take(pilot, QUIETLY)
        await wait_for_all(
            pilot, "What your choice did: a hidden value moved", absent=["no meter moved"]
        )


@pytest.mark.parametrize("size", SIZES, ids=IDS)
@pilot_test
async def test_a_change_cut_short_at_a_bound_says_so(size) -> None:
    app = marks_app()
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)
        await take(pilot, STOCK)  # stock 95 + 10 stops at 100
        await wait_for_all(pilot, "▲ +5 better, cut short at its maximum (100)")
        await take(pilot, STOCK)
        await wait_for_all(pilot, "already at its maximum (100): no change")


@pilot_test
async def test_the_help_lists_each_meters_marks_as_the_player_knows_them() -> None:
    app = marks_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("question_mark")
        await wait_for_all(
            pilot,
            "The meters and their marks: Marks on the meters",
            "Support of the board (Support): 0–100, higher is better",
            "⚠ below 40: the board loses patience",
            "? below a line you do not know yet: the deal is off",
            "1 more value hidden",
            screen=HelpScreen,
            on=screen_content,
        )
        await pilot.press("escape")
        await take(pilot, ASK)
        await pilot.press("question_mark")
        await wait_for_all(
            pilot,
            "⚠ below 30: the deal is off",
            "The seller's price (Price): 0–100",
            absent=["more value hidden"],
            screen=HelpScreen,
            on=screen_content,
        )


@pytest.mark.parametrize(
    ("scenario", "width", "rows"), [("reykjavik", 80, 2), ("reykjavik", 60, 2), ("summit", 80, 2)]
)
def test_the_grid_of_meters_takes_a_second_row_rather_than_cut_every_label(
    scenario: str, width: int, rows: int
) -> None:
    meters = [m for m in load_scenario(resolve(scenario)).meters if not m.hidden]
    tails = [lambda word: Content("  55 fair ▲10" if word else "  55▲10")] * len(meters)
    columns, got_rows, (short, label_width, _) = grid_layout(meters, tails, width)
    assert got_rows == rows
    assert columns * got_rows >= len(meters)
    labels = [m.short_label if short else m.label for m in meters]
    if scenario == "reykjavik":  # four meters: whole labels on two rows, none cut
        assert label_width >= max(len(label) for label in labels), labels
