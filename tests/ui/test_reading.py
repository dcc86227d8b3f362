"""Reading at small sizes: scrolling the story, the new scene in view, every choice on screen."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import Input

from game.engine.loader import load_scenario
from game.engine.session import Session
from game.ui.screens.debrief import DebriefScreen
from game.ui.screens.dialogs import SaveDialog
from game.ui.screens.help import HelpScreen
from game.ui.screens.history import HistoryScreen
from game.ui.screens.play import PlayScreen
from game.ui.widgets.choices import ChoiceList
from game.ui.widgets.prose import Prose
from game.ui.widgets.story import LastChoice, NewsBlock
from tests.conftest import TUTORIAL
from tests.ui.conftest import (
    choose,
    eventually,
    pilot_test,
    screen_content,
    squeezed,
    start_game,
    status_of_turn,
    summit_app,
    tutorial_app,
    visible_text,
    wait_for,
    wait_for_all,
)

SIZE = (80, 24)


@pilot_test
async def test_page_keys_scroll_the_story_without_moving_the_choice() -> None:
    app = summit_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        story = app.screen.query_one("#story", VerticalScroll)
        choices = app.screen.query_one(ChoiceList)
        await wait_for(
            pilot,
            lambda _: story.max_scroll_y > 0 and choices.highlighted == 0,
            "a story longer than the screen, and the first choice highlighted",
        )
        for down, up in (("pagedown", "pageup"), ("space", "b")):
            await pilot.press(down)
            await wait_for(pilot, lambda _: story.scroll_y > 0, f"{down} to scroll down")
            assert choices.highlighted == 0, down
            await pilot.press(up)
            await wait_for(pilot, lambda _: story.scroll_y == 0, f"{up} to scroll back up")
            assert choices.highlighted == 0, up
        await pilot.press("enter")  # still the first choice
        first = app.session.scenario.scenes["announcement"].choices[0].id
        await wait_for(
            pilot,
            lambda app: [d.choice_id for d in app.session.history] == [first],
            "the first choice to be taken",
        )


@pilot_test
async def test_space_and_page_keys_scroll_the_debrief() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1, 2, 1)
        await wait_for_all(pilot, "Debrief", screen=DebriefScreen)
        debrief = app.screen.query_one("#debrief", VerticalScroll)
        for down, up in (("space", "b"), ("pagedown", "pageup")):
            await pilot.press(down)
            await wait_for(pilot, lambda _: debrief.scroll_y > 0, f"{down} to scroll down")
            await pilot.press(up)
            await wait_for(pilot, lambda _: debrief.scroll_y == 0, f"{up} to scroll back up")
        await wait_for_all(pilot, "Debrief")


def first_words(text: str, count: int = 6) -> str:
    """The first words of a scene's text as the screen shows them (Markdown marks removed)."""
    return " ".join(text.replace("*", "").replace("_", " ").split()[:count])


@pilot_test
async def test_every_choice_of_every_summit_scene_is_on_screen_at_80x24() -> None:
    app = summit_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
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

            def every_choice_shown(app, session=session, scene=scene) -> None:
                choices = screen.query_one(ChoiceList)
                shown = squeezed(visible_text(app))
                for option in session.options():
                    assert f"{option.number}. {first_words(option.text, 4)}" in shown, scene.id
                    if not option.enabled:
                        assert first_words(f"unavailable: {option.reason}", 4) in shown
                assert choices.max_scroll_y == 0, scene.id
                for y in range(choices.scrollable_content_region.height):
                    line = choices.render_line(y).text
                    # a wrapped line starts under the text, after the number
                    assert re.match(r"\d\. |   |\s*$", line), (scene.id, line)

            await eventually(pilot, every_choice_shown)


@pilot_test
async def test_scenes_shown_in_quick_succession_are_each_drawn_whole(monkeypatch) -> None:
    import asyncio

    updates = []
    update = Prose.update

    def recording(self, text: str):
        updates.append(update(self, text))
        return updates[-1]

    def drawn_whole(update) -> bool:
        try:
            return update.exception is None
        except asyncio.CancelledError:
            return False

    monkeypatch.setattr(Prose, "update", recording)
    app = summit_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        scenario = app.session.scenario
        last = None
        playable = [scene for scene in scenario.scenes.values() if scene.choices]
        for scene in playable:  # as a player whose keys arrive all at once
            last = Session(scenario, 1)
            last.scene_id = scene.id
            app.screen.show(last)
            for _ in range(3):
                await asyncio.sleep(0)
        assert len(updates) >= len(playable)  # each scene's narrative was drawn
        await wait_for(pilot, lambda _: all(u.is_done for u in updates), "every scene drawn")
        assert all(drawn_whole(u) for u in updates)  # none was cut short by the next one
        await wait_for_all(pilot, first_words(last.scene_text), screen=PlayScreen)


@pilot_test
async def test_markdown_emphasis_in_feedback_and_reasons_shows_without_asterisks(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, folder)
    scenes = folder / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    text = text.replace("Ostland is relieved,", "Ostland is *relieved*,")
    text = text.replace("You have not agreed a position", "You have **not** agreed a position")
    scenes.write_text(text, encoding="utf-8")
    app = tutorial_app(scenario=folder)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1)
        await wait_for_all(pilot, "Ostland is relieved,", absent=["*"])
        await pilot.press("u")
        await wait_for_all(pilot, status_of_turn(0), screen=PlayScreen)
        await choose(pilot, 3)  # say nothing: the joint position is closed, with its reason
        await wait_for_all(pilot, "unavailable", "You have not agreed a position", absent=["**"])


@pilot_test
async def test_news_moves_are_shown_with_the_news_not_as_the_choices() -> None:
    scenario = load_scenario(TUTORIAL)
    seed = next(s for s in range(200) if Session(scenario, s).choose(1).bulletins)
    app = tutorial_app(seed=seed)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1)  # Ostland +15 by the choice, -5 by the news

        def news_apart(app) -> None:
            last_choice = squeezed(str(app.screen.query_one(LastChoice).render()))
            news = squeezed(str(app.screen.query_one(NewsBlock).render()))
            # five meters in a one-line grid: the turn names them by their short labels
            assert "What your choice did: Ostland ▲ +15 better" in last_choice
            assert "Ostland ▲ +10" not in last_choice  # not the net move
            assert "Ostland's parliament debates the talks" in news
            assert "What this news did: Ostland ▼ −5 worse" in news

        await eventually(pilot, news_apart)
        await pilot.press("h")
        await wait_for_all(
            pilot,
            "Trust in Ostland: ▲ +15 better",
            "News: Ostland's parliament debates the talks Trust in Ostland: ▼ −5 worse",
            screen=HistoryScreen,
        )


@pilot_test
async def test_the_save_dialog_suggests_the_turn_on_screen() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1, 3)
        await wait_for_all(pilot, "Turn 3", screen=PlayScreen)
        await pilot.press("s")
        await wait_for(
            pilot,
            lambda app: (
                isinstance(app.screen, SaveDialog) and app.screen.query_one(Input).value == "turn-3"
            ),
            "the save dialog suggesting turn-3",
        )


@pilot_test
async def test_the_debrief_does_not_repeat_what_happened(tmp_path: Path) -> None:
    folder = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, folder)
    scenes = folder / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    text = text.replace(
        "You agreed your position with your ally first",
        "**What happened.** You agreed your position with your ally first",
    )
    scenes.write_text(text, encoding="utf-8")
    app = tutorial_app(scenario=folder, seed=2)  # Vesna's red line is low enough for the deal
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1, 2, 1)
        assert app.session.ending.debrief.source.startswith("**What happened.**")
        shown = await wait_for_all(
            pilot,
            "What happened. You agreed your position",
            screen=DebriefScreen,
            on=screen_content,
        )
        # the heading the game gives its own account does not say the author's words again
        headings = [str(w.render()) for w in app.screen.query(".section-title")]
        assert not any(h.rstrip(".") == "What happened" for h in headings), headings
        assert squeezed(shown).count("You agreed your position with your ally first") == 1


@pilot_test
async def test_the_footer_offers_the_meters_key() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await wait_for(
            pilot,
            lambda app: "m Meters" in visible_text(app).splitlines()[-1],
            "the footer to offer m Meters",
        )
        await pilot.press("m")
        await wait_for(
            pilot, lambda app: not app.screen.query_one("#meters").display, "the meters hidden"
        )


@pilot_test
async def test_help_says_good_is_for_the_player_not_advice() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await pilot.press("question_mark")
        await wait_for_all(
            pilot,
            "in that meter's own direction",
            "**Good** is not advice",
            screen=HelpScreen,
            on=screen_content,
        )
