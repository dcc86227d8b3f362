"""The command palette offers the game's own commands where they make sense, and runs them."""

from __future__ import annotations

from textual.command import CommandPalette

from game.ui.screens.debrief import DebriefScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.title import TitleScreen
from tests.ui.conftest import choose, pilot_test, start_game, tutorial_app, visible_text
from tests.ui.waiting import wait_for, wait_for_texts

SIZE = (80, 24)
EVERYWHERE = {"New game", "Load game", "Help", "Theme: light/dark", "Quit"}
IN_A_GAME = {"History", "Traps journal"}
IN_PLAY = {"Save game", "Meters"}


def offered(app) -> set[str]:
    return {command.title for command in app.get_system_commands(app.screen)}


@pilot_test
async def test_each_screen_offers_the_commands_that_make_sense_there() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TitleScreen), "the title")
        assert offered(app) == EVERYWHERE  # no Screenshot, Maximize, Keys or stock themes
        await start_game(pilot)
        assert offered(app) == EVERYWHERE | IN_A_GAME | IN_PLAY  # nothing to undo yet
        await choose(pilot, 1)
        assert offered(app) == EVERYWHERE | IN_A_GAME | IN_PLAY | {"Undo"}
        await choose(pilot, 2, 1)  # to an ending, its last word, and on to the debrief
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), "the debrief")
        assert offered(app) == EVERYWHERE | IN_A_GAME  # the game is over: no undo, no save


@pilot_test
async def test_undo_and_meters_run_from_the_palette() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1)
        for words, found, done, what in (
            ("undo", "Take back your last choice", lambda: app.session.turn == 0, "the undo"),
            (
                "meters",
                "Show or hide the meters panel",
                lambda: "Trust in Ostland" not in visible_text(app),
                "no meters",
            ),
        ):
            await pilot.press("ctrl+p")
            await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
            await pilot.press(*words)
            await wait_for_texts(pilot, found)  # the command's line in the palette
            await pilot.press("enter")
            await wait_for(pilot, done, what)
            await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen), "the game again")
