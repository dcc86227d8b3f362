"""The author's debug mode in the full-screen game: marked DEBUG, the last turn's draws and
changes in the story, a panel (d or F12) with every value that sets a value or jumps to a scene
and explains a bad one, nothing kept; in normal play none of it appears."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from game.ui.screens.debug import DebugScreen
from game.ui.screens.play import PlayScreen
from tests.ui.conftest import (
    choose,
    eventually,
    pilot_test,
    screen_content,
    squeezed,
    start_game,
    tutorial_app,
    visible_text,
    wait_for,
    wait_for_all,
)

FOOTER_KEYS = ["u Undo", "h History", "j Journal", "s Save", "m Meters", "? Help", "q Quit"]


async def type_command(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type a line into the debug panel and press Enter."""
    await wait_for(
        pilot,
        lambda app: (
            isinstance(app.screen, DebugScreen) and app.focused is app.screen.query_one(Input)
        ),
        "the debug panel's input to take keys",
    )
    await pilot.press(*("space" if c == " " else c for c in text), "enter")


@pilot_test
async def test_a_debug_game_shows_sets_and_jumps_and_keeps_nothing(
    isolated_data_dir: Path,
) -> None:
    app = tutorial_app(debug=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await start_game(pilot)

        await wait_for(
            pilot,
            lambda app: visible_text(app).splitlines()[0].strip().startswith("DEBUG d Turn 1"),
            "the status line to start with DEBUG",
        )
        await pilot.press("d")
        await wait_for_all(
            pilot, "DEBUG: every value", "blame = 20", screen=DebugScreen, on=screen_content
        )
        await type_command(pilot, "blame = 140")
        await wait_for_all(
            pilot, "blame goes from 0 to 100; 140 is out of its range", on=screen_content
        )
        await type_command(pilot, "blame = 60")
        await wait_for_all(pilot, "Set blame from 20 to 60.", "blame = 60", on=screen_content)
        await type_command(pilot, "goto reply")
        await wait_for_all(pilot, "did you mean the_reply?", on=screen_content)
        await type_command(pilot, "goto the_reply")
        await wait_for_all(
            pilot, "Debug: jump to 'the_reply'.", "scene = the_reply", on=screen_content
        )
        await pilot.press("escape")
        await wait_for_all(
            pilot,
            "Vesna replies",
            "Turn 1: Debug: jump to 'the_reply'",
            screen=PlayScreen,
            on=screen_content,
        )

        def footer_fits(app) -> None:  # type: ignore[no-untyped-def]
            footer = squeezed(visible_text(app).splitlines()[-1])
            assert all(k in footer for k in FOOTER_KEYS), footer  # at 60x20 too

        await eventually(pilot, footer_fits)
        await choose(pilot, 1)  # blame 60: the state sends the game to the walkout
        assert app.session is not None and app.session.scene_id == "walkout"
        assert app.session.history[-1].route is not None
        assert app.found is None  # not counted in the endings gallery
    assert app.game is not None and app.game.debug
    assert sorted(p for p in isolated_data_dir.rglob("*") if p.is_file()) == []


@pilot_test
async def test_the_draws_of_a_turn_are_shown_in_the_story() -> None:
    app = tutorial_app(debug=True, seed=2)  # a seed whose last draw is the framework
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await choose(pilot, 1, 2)
        await pilot.press("1")
        await wait_for_all(
            pilot,
            "DEBUG: draws and changes",
            "Chance drew the route: 'A framework agreed', weight 3 of 4 (75%)",
            "'Blamed for the walkout' (its if failed)",
        )


@pilot_test
async def test_normal_play_has_no_debug_mode() -> None:
    app = tutorial_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("d", "f12", "m")  # the meters' notice shows the keys before it ran

        def plain_game(app) -> None:  # type: ignore[no-untyped-def]
            shown = visible_text(app)
            assert "Meters hidden" in shown
            assert isinstance(app.screen, PlayScreen) and "DEBUG" not in screen_content(app)

        await eventually(pilot, plain_game)


@pilot_test
async def test_starting_at_an_unknown_scene_leaves_with_a_clear_message(
    capfd: pytest.CaptureFixture[str],
) -> None:
    app = tutorial_app(start_scene="walkuot")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda app: app.return_code == 2, "the app to leave with code 2")
    said = " ".join(capfd.readouterr().err.split())
    assert "cannot start there: there is no scene 'walkuot' in tutorial" in said
    assert "did you mean walkout?" in said


@pilot_test
async def test_start_opens_the_game_in_that_scene() -> None:
    app = tutorial_app(start_scene="the_reply")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_all(pilot, "DEBUG: an author's game, opening in the scene 'the_reply'")
        await start_game(pilot)
        await wait_for_all(pilot, "DEBUG d Turn 1", "Vesna replies", screen=PlayScreen)
