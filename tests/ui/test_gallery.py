"""The endings gallery in the full-screen game: updated when a game ends, shown on the title
screen, in the scenario list and in the debrief; a damaged gallery never stops a game."""

from __future__ import annotations

from pathlib import Path

from game.engine.gallery import ending_ids, read_gallery, record_ending
from game.engine.loader import load_scenario
from game.ui.app import DiplomaticTrapsApp
from game.ui.screens.debrief import DebriefScreen
from game.ui.screens.dialogs import ScenarioDialog
from game.ui.screens.play import PlayScreen
from tests.conftest import TUTORIAL
from tests.ui.conftest import (
    choose,
    pilot_test,
    screen_content,
    start_game,
    status_of_turn,
    tutorial_app,
    wait_for_all,
)
from tests.ui.waiting import wait_for, wait_for_texts

SIZE = (80, 24)
TO_THE_WALKOUT = (2, 1, 1)  # the tutorial's failure ending, by keys


async def play_to_the_debrief(pilot, app, start: str = "enter") -> None:
    """From the title screen, a new game played to the walkout and its debrief."""
    if start == "enter":
        await start_game(pilot)
    else:
        await pilot.press(start)
        await wait_for_all(pilot, status_of_turn(0), screen=PlayScreen)
    await choose(pilot, *TO_THE_WALKOUT)  # and the last word's "Read the debrief"
    await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), "the debrief")


@pilot_test
async def test_an_ending_reached_is_counted_in_the_debrief_and_on_the_title() -> None:
    total = len(ending_ids(load_scenario(TUTORIAL)))
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_texts(pilot, f"0 of {total} endings found")
        await play_to_the_debrief(pilot, app)
        line = f"1 of {total} endings found in this scenario."
        await wait_for(pilot, lambda: line in screen_content(app), "the gallery in the debrief")
        await pilot.press("t")
        await wait_for_texts(pilot, "Scenario: Tutorial", f"1 of {total} endings found")
        await play_to_the_debrief(pilot, app, start="n")  # the same ending again counts once
        await wait_for(pilot, lambda: line in screen_content(app), "the same count")
    assert read_gallery()["tutorial"].endings == ("walkout",)


@pilot_test
async def test_the_scenario_list_shows_the_endings_found_in_each() -> None:
    tutorial = load_scenario(TUTORIAL)
    record_ending(tutorial, ending_ids(tutorial)[0])
    app = DiplomaticTrapsApp(seed=7)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ScenarioDialog), "the list")
        await wait_for_texts(pilot, "The Summit", "No endings found yet")
        await pilot.press("down")  # the tutorial, below the summit's long description
        total = len(ending_ids(tutorial))
        await wait_for_texts(pilot, "Tutorial: the practice round", f"1 of {total} endings found")


@pilot_test
async def test_a_damaged_gallery_is_set_aside_and_the_game_goes_on(
    isolated_data_dir: Path,
) -> None:
    gallery = isolated_data_dir / "endings.json"
    gallery.write_text("{damaged")
    total = len(ending_ids(load_scenario(TUTORIAL)))
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_texts(pilot, f"0 of {total} endings found")
        await play_to_the_debrief(pilot, app)
        line = f"1 of {total} endings found in this scenario."
        await wait_for(pilot, lambda: line in screen_content(app), "the gallery in the debrief")
    assert read_gallery()["tutorial"].endings == ("walkout",)
    assert (isolated_data_dir / "endings.json.damaged").read_text() == "{damaged"
    assert app.return_code in (None, 0)


@pilot_test
async def test_a_game_served_to_a_class_keeps_no_gallery(isolated_data_dir: Path) -> None:
    app = tutorial_app(personal_files=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_texts(pilot, "Scenario: Tutorial")
        await play_to_the_debrief(pilot, app)
        await wait_for(pilot, lambda: "You made 3 decisions" in screen_content(app), "the end")
        assert "endings found" not in screen_content(app)
    assert not (isolated_data_dir / "endings.json").exists()
