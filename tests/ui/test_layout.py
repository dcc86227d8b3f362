"""The play screen at 80×24 and 60×20: after every choice the last turn and the new scene are in
view; the choices take what they need and say when they scroll; notices go to the status line,
never over the choices; a resize keeps the reader's place; meter names and footer keys stay
readable."""

from __future__ import annotations

import random
import re

import pytest
from textual.containers import VerticalScroll
from textual.widgets._toast import Toast

from game.ui.screens.play import STORY_MIN, PlayScreen
from game.ui.widgets.choices import ChoiceList
from game.ui.widgets.meters import LABEL_MIN, MeterBar
from game.ui.widgets.story import LastChoice, NewsBlock
from tests.ui.conftest import (
    eventually,
    pilot_test,
    squeezed,
    start_game,
    summit_app,
    tutorial_app,
    visible_text,
    wait_for,
    wait_for_all,
)

SIZES = [(80, 24), (60, 20)]
SCROLL_BAR = " ▁▂▃▄▅▆▇█"  # a scroll bar's thumb at the end of a line
TUTORIAL_GAMES = [(1, 2, 1), (2, 1, 1), (3, 3, 1), (1, 1, 1), (2, 4, 1)]


async def take(pilot, number: int) -> None:
    """One choice, up to the screen that shows its result (the last word too)."""
    app = pilot.app
    turn = app.session.turn
    await pilot.press(str(number))
    await wait_for(
        pilot,
        lambda app: app.session.turn == turn + 1 and isinstance(app.screen, PlayScreen),
        f"choice {number} at turn {turn + 1}",
    )


def story_window(app) -> tuple[VerticalScroll, int, int]:
    story = app.screen.query_one("#story", VerticalScroll)
    top = round(story.scroll_y)
    return story, top, top + story.scrollable_content_region.height


def last_turn_in_view(app) -> None:
    """The whole of the last turn (and its news) shows in the story, from its first line."""
    _, top, bottom = story_window(app)
    blocks = [w for w in (app.screen.query_one(LastChoice), app.screen.query_one(NewsBlock))]
    shown = [w for w in blocks if w.display]
    assert shown, "the last turn is not shown"
    first = shown[0].virtual_region.y
    end = shown[-1].virtual_region.y + shown[-1].outer_size.height
    assert top <= first and end <= bottom, (top, first, end, bottom)
    assert f"Turn {app.session.turn}, you chose:" in visible_text(app)


def scene_start_in_view(app) -> None:
    """The new scene's title, on a line of its own, and its first words show too."""
    shown = visible_text(app)
    scene = app.session.scene
    lines = [line.rstrip(SCROLL_BAR).strip() for line in shown.splitlines()]
    assert scene.title in lines, scene.id
    first_words = " ".join(app.session.scene_text.replace("*", "").split()[:4])
    assert first_words in squeezed(shown), scene.id


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
@pytest.mark.parametrize("game", TUTORIAL_GAMES, ids=lambda g: "-".join(map(str, g)))
@pilot_test
async def test_every_tutorial_turn_shows_the_last_turn_and_the_new_scene(
    game: tuple[int, ...], size: tuple[int, int]
) -> None:
    app = tutorial_app()
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)
        for number in game:
            await take(pilot, number)

            def both(app) -> None:
                last_turn_in_view(app)
                if not app.session.ended:
                    scene_start_in_view(app)
                else:  # the last word: the result, and the way on
                    assert "1. Read the debrief" in visible_text(app)

            await eventually(pilot, both)


@pilot_test
async def test_every_summit_turn_at_80x24_shows_the_whole_last_turn_and_the_way_on() -> None:
    app = summit_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        pick = random.Random(3)
        while not app.session.ended:
            await take(pilot, pick.choice(app.session.enabled_options()).number)

            def in_view(app) -> None:
                last_turn_in_view(app)
                shown = visible_text(app)
                _, _, bottom = story_window(app)
                title = app.screen.query_one("#scene-title")
                if title.virtual_region.y + 1 > bottom:  # below: the cue says where
                    assert "▼ PgDn: more" in shown

            await eventually(pilot, in_view)


@pilot_test
async def test_at_60x20_the_story_keeps_six_lines_and_every_choice_can_be_reached() -> None:
    app = summit_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start_game(pilot)
        pick = random.Random(5)
        while not app.session.ended:

            def fitted(app) -> None:
                _, top, bottom = story_window(app)
                assert bottom - top >= STORY_MIN, (top, bottom)
                choices = app.screen.query_one(ChoiceList)
                if choices.max_scroll_y > 0:  # not all in view: the frame says so
                    assert "▼ more choices: ↓" in visible_text(app)

            await eventually(pilot, fitted)
            options = app.session.options()
            choices = app.screen.query_one(ChoiceList)
            if choices.max_scroll_y > 0:
                last = options[-1]
                for _ in app.session.enabled_options()[1:]:  # the arrows skip closed ones
                    await pilot.press("down")
                words = " ".join(last.text.split()[:3])
                await wait_for_all(pilot, f"{last.number}. {words}", "▲ more choices above: ↑")
                await pilot.press("home")
            await take(pilot, pick.choice(app.session.enabled_options()).number)


@pilot_test
async def test_a_choice_out_of_view_can_still_be_taken_by_its_number() -> None:
    app = summit_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start_game(pilot)
        while not app.session.ended:
            choices = app.screen.query_one(ChoiceList)
            options = app.session.enabled_options()

            def settled(app, choices=choices) -> None:  # the cue shows when the choices scroll
                cue = "▼ more choices: ↓" in visible_text(app)
                assert cue == (choices.max_scroll_y > 0)

            await eventually(pilot, settled)
            if choices.max_scroll_y > 0 and options[-1].number > 1:
                number = options[-1].number
                chosen = options[-1].choice.id
                await take(pilot, number)
                assert app.session.history[-1].choice_id == chosen
                return
            await take(pilot, options[0].number)
        pytest.fail("no scene of the summit had more choices than fit at 60x20")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
@pilot_test
async def test_meter_names_are_readable(size: tuple[int, int]) -> None:
    app = summit_app()
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)

        def readable(app) -> None:
            meters = app.session.visible_meters()
            rows = "\n".join(str(bar.render()) for bar in app.screen.query(MeterBar))
            names = []
            for meter in meters:
                shown = re.search(
                    rf"({re.escape(meter.label)}|{re.escape(meter.short_label)}|"
                    rf"{re.escape(meter.short_label[: LABEL_MIN - 1])}[^…\n]*…)",
                    rows,
                )
                assert shown, (meter.short_label, rows)
                names.append(shown.group(1))
            assert len(set(names)) == len(names), names  # no two meters read the same
            status = visible_text(app).splitlines()[0]
            assert status.rstrip().endswith("…") or app.session.scenario.title in status

        await eventually(pilot, readable)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
@pilot_test
async def test_every_key_of_the_footer_is_readable(size: tuple[int, int]) -> None:
    app = tutorial_app()
    async with app.run_test(size=size) as pilot:
        await start_game(pilot)
        await take(pilot, 1)
        keys = ["u Undo", "h History", "j Journal", "s Save", "m Meters", "? Help", "q Quit"]
        await wait_for(
            pilot,
            lambda app: all(k in squeezed(visible_text(app).splitlines()[-1]) for k in keys),
            "every key in the footer",
        )
        frame = app.screen.query_one(ChoiceList)
        assert "1-9" in str(frame.border_title)  # the choice keys, on the choices' frame


@pilot_test
async def test_notices_are_said_in_the_status_line_never_over_the_choices() -> None:
    app = tutorial_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start_game(pilot)
        await take(pilot, 1)
        for key, words in (("m", "Meters hidden: m shows them again."), ("u", "Undone: Call")):
            await pilot.press(key)

            def said(app, words=words) -> None:
                lines = visible_text(app).splitlines()
                assert words in lines[0], lines[0]
                assert not app.screen.query(Toast), "a pop-up notice"
                for option in app.session.options():  # the choices are all there to read
                    assert f"{option.number}. {option.text[:20]}" in squeezed(visible_text(app))

            await eventually(pilot, said)
        await wait_for(
            pilot,
            lambda app: "Tutorial: the practice round" in visible_text(app).splitlines()[0],
            "the status line back to the turn and scene",
            timeout=60,
        )


@pytest.mark.parametrize(
    ("first", "second"), [((80, 24), (60, 20)), ((60, 20), (80, 24))], ids=["shrink", "grow"]
)
@pilot_test
async def test_a_resize_keeps_the_readers_place(first, second) -> None:
    app = summit_app()
    async with app.run_test(size=first) as pilot:
        await start_game(pilot)
        await take(pilot, 2)
        story = app.screen.query_one("#story", VerticalScroll)
        await wait_for(pilot, lambda app: story.max_scroll_y > 8, "a long story")
        await pilot.press("pagedown")
        await wait_for(pilot, lambda app: story.scroll_y > 0, "the page down")
        choices = app.screen.query_one(ChoiceList)
        await pilot.press("down")
        await wait_for(pilot, lambda app: choices.highlighted == 1, "the second choice")
        # the words at the top of the story now (the line, as a phrase that survives rewrapping)
        lines = visible_text(app).splitlines()[story.region.y : story.region.bottom]
        line = next(line for line in lines if len(line.split()) > 3)
        words = " ".join(line.rstrip(SCROLL_BAR).split()[:3])
        await pilot.resize_terminal(*second)

        def same_place(app) -> None:
            assert tuple(app.size) == second
            assert app.session.turn == 1
            assert app.screen.query_one(ChoiceList).highlighted == 1
            top = visible_text(app).splitlines()[story.region.y : story.region.y + 3]
            assert words in squeezed(" ".join(top)), (words, top)  # still at the top

        await eventually(pilot, same_place)
