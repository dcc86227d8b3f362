"""Reading at small sizes: scrolling the story, the new scene in view, every choice on screen."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import Input

from game.engine.loader import load_scenario
from game.engine.session import Session
from game.ui.screens.debrief import DebriefScreen
from game.ui.screens.dialogs import SaveDialog
from game.ui.screens.play import PlayScreen
from game.ui.widgets.choices import ChoiceList
from game.ui.widgets.story import LastChoice, NewsBlock
from tests.conftest import TUTORIAL
from tests.ui.conftest import (
    pilot_test,
    screen_content,
    summit_app,
    tutorial_app,
    visible_text,
    wait_until,
)

SIZE = (80, 24)


async def start(pilot) -> None:
    """Start a new game from the title and wait for the play screen."""
    await pilot.press("enter")
    await wait_until(pilot, lambda _: isinstance(pilot.app.screen, PlayScreen))
    await pilot.pause()
    assert isinstance(pilot.app.screen, PlayScreen)


@pilot_test
async def test_page_keys_scroll_the_story_without_moving_the_choice() -> None:
    app = summit_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        story = app.screen.query_one("#story", VerticalScroll)
        choices = app.screen.query_one(ChoiceList)
        assert story.max_scroll_y > 0 and choices.highlighted == 0
        for down, up in (("pagedown", "pageup"), ("space", "b")):
            await pilot.press(down)
            await pilot.pause()
            assert story.scroll_y > 0, down
            assert choices.highlighted == 0, down
            await pilot.press(up)
            await pilot.pause()
            assert story.scroll_y == 0, up
            assert choices.highlighted == 0, up
        await pilot.press("enter")  # still the first choice
        await pilot.pause()
        assert (
            app.session.history[-1].choice_id
            == app.session.scenario.scenes["announcement"].choices[0].id
        )


@pilot_test
async def test_space_and_page_keys_scroll_the_debrief() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "2", "1", "1")
        await wait_until(pilot, lambda _: isinstance(app.screen, DebriefScreen))
        debrief = app.screen.query_one("#debrief", VerticalScroll)
        for down, up in (("space", "b"), ("pagedown", "pageup")):
            await pilot.press(down)
            await pilot.pause()
            assert debrief.scroll_y > 0, down
            await pilot.press(up)
            await pilot.pause()
            assert debrief.scroll_y == 0, up
        assert "Debrief" in visible_text(app)


def first_words(text: str, count: int = 6) -> str:
    """The first words of a scene's text as the screen shows them (Markdown marks removed)."""
    return " ".join(str(text).replace("*", "").replace("_", " ").split()[:count])


@pilot_test
async def test_after_every_choice_the_new_scene_starts_in_view() -> None:
    app = summit_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        pick = random.Random(3)
        while not app.session.ended:
            options = app.session.enabled_options()
            await pilot.press(str(pick.choice(options).number))
            await pilot.pause(0.2)
            if app.session.ended:
                break
            scene = app.session.scene
            shown = visible_text(app)
            titles = [line for line in shown.splitlines() if line.startswith(scene.title)]
            assert titles, (scene.id, shown)  # the title on a line of its own, at the left
            assert first_words(app.session.scene_text) in " ".join(shown.split()), (scene.id, shown)
            story = app.screen.query_one("#story", VerticalScroll)
            if story.scroll_y < story.max_scroll_y:
                assert "▼ more: PgDn" in shown
            if story.scroll_y > 0:
                assert "▲ above: what your last choice did" in shown


@pilot_test
async def test_every_choice_of_every_summit_scene_is_on_screen_at_80x24() -> None:
    app = summit_app()
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        scenario = app.session.scenario
        screen = app.screen
        for scene in scenario.scenes.values():
            if not scene.choices:
                continue
            session = Session(scenario, 1)
            session.scene_id = scene.id  # every option shown, the closed ones with their reason
            for flag in [n for n in session.values if n.startswith("flags.")]:
                session.values[flag] = False
            screen.show(session)
            await pilot.pause()
            choices = screen.query_one(ChoiceList)
            shown = " ".join(visible_text(app).split())
            assert choices.max_scroll_y == 0, scene.id
            for option in session.options():
                assert f"{option.number}. {first_words(option.text, 4)}" in shown, scene.id
                if not option.enabled:
                    assert first_words(f"unavailable: {option.reason}", 4) in shown
            for y in range(choices.scrollable_content_region.height):
                line = choices.render_line(y).text
                # a wrapped line starts under the text, after the number
                assert re.match(r"\d\. |   |\s*$", line), (scene.id, line)


@pilot_test
async def test_markdown_emphasis_in_feedback_and_reasons_shows_without_asterisks(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, folder)
    scenes = folder / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    text = text.replace("Ostland is relieved.", "Ostland is *relieved*.")
    text = text.replace("You have not agreed a position", "You have **not** agreed a position")
    scenes.write_text(text, encoding="utf-8")
    app = tutorial_app(scenario=folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")
        shown = await wait_until(pilot, lambda s: "Ostland is relieved" in s)
        assert "Ostland is relieved." in shown and "*" not in shown
        await pilot.press("u", "3")  # say nothing: the joint position is closed, with its reason
        shown = await wait_until(pilot, lambda s: "unavailable" in s)
        assert "You have not agreed a position" in shown and "**" not in shown


@pilot_test
async def test_news_moves_are_shown_with_the_news_not_as_the_choices() -> None:
    scenario = load_scenario(TUTORIAL)
    seed = next(s for s in range(200) if Session(scenario, s).choose(1).bulletins)
    app = tutorial_app(seed=seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")  # Ostland +15 by the choice, -5 by the news
        await wait_until(pilot, lambda s: "NEWS BULLETIN" in s)
        last_choice = " ".join(str(app.screen.query_one(LastChoice).render()).split())
        news = " ".join(str(app.screen.query_one(NewsBlock).render()).split())
        assert "What your choice did: Trust in Ostland: ▲ +15 better" in last_choice
        assert "Trust in Ostland: ▲ +10" not in last_choice  # not the net move
        assert "Ostland's parliament debates the talks" in news
        assert "What this news did: Trust in Ostland: ▼ −5 worse" in news
        await pilot.press("h")
        await pilot.pause()
        history = " ".join(visible_text(app).split())
        assert "Trust in Ostland: ▲ +15 better" in history
        assert (
            "News: Ostland's parliament debates the talks Trust in Ostland: ▼ −5 worse" in history
        )


@pilot_test
async def test_the_save_dialog_suggests_the_turn_on_screen() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "3")
        shown = await wait_until(pilot, lambda s: "Turn 3" in s)
        assert "Turn 3" in shown
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)
        assert app.screen.query_one(Input).value == "turn-3"


@pilot_test
async def test_cut_lines_end_with_an_ellipsis() -> None:
    app = summit_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start(pilot)
        lines = visible_text(app).splitlines()
        title = app.session.scenario.title
        assert title not in lines[0] and lines[0].rstrip().endswith("…")  # the status line
        for meter in app.session.scenario.meters:
            if meter.hidden:
                continue
            # whole, or shortened with an ellipsis
            shortened = (f"{meter.label[:n].rstrip()}…" for n in range(6, len(meter.label)))
            rows = "\n".join(lines[1:4])
            assert meter.label in rows or any(s in rows for s in shortened), rows
        for row in lines[1:4]:  # the meters keep their good/fair/poor words at 60 columns
            assert re.search(r"\d (good|fair|poor) ", row), row


@pilot_test
async def test_the_footer_offers_the_meters_key() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        shown = await wait_until(pilot, lambda s: "Meters" in s.splitlines()[-1])
        assert "m Meters" in shown.splitlines()[-1]
        await pilot.press("m")
        await pilot.pause()
        assert not app.screen.query_one("#meters").display


@pilot_test
async def test_help_says_good_is_for_the_player_not_advice() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "question_mark")
        await pilot.pause()
        text = " ".join(screen_content(app).split())
        assert "in that meter's own direction" in text
        assert "**Good** is not advice" in text
