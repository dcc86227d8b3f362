"""Pilot tests: the tutorial played by keys alone, as a player would."""

from __future__ import annotations

from pathlib import Path

from game.engine.loader import load_scenario
from game.engine.saves import list_saves
from game.engine.session import Session
from game.ui.screens.debrief import DebriefScreen
from game.ui.screens.dialogs import ConfirmQuit, LoadDialog, SaveDialog
from game.ui.screens.help import HelpScreen
from game.ui.screens.history import HistoryScreen
from game.ui.screens.journal import JournalScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.meters import MeterBar
from tests.conftest import TUTORIAL
from tests.ui.conftest import (
    SEED,
    pilot_test,
    screen_content,
    tutorial_app,
    visible_text,
    wait_for_text,
    wait_until,
)
from tests.ui.waiting import wait_for_texts

SIZE = (80, 24)


def meter(app, meter_id: str) -> MeterBar:
    return app.screen.query_one(f"#meter-{meter_id.replace('.', '-')}", MeterBar)


@pilot_test
async def test_enter_on_the_title_starts_a_game() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert "Tutorial: the practice round" in visible_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "The briefing" in visible_text(app)


@pilot_test
async def test_a_choice_moves_the_meters_and_says_so() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")
        await pilot.pause()
        ally = meter(app, "trust.ally")
        assert (ally.value, ally.delta) == (65, 15)
        text = visible_text(app)
        assert "▲ +15 better" in text  # Trust in Ostland, on the meters panel
        assert "▼ −5 worse" in text  # Standing at home
        assert "Ostland is relieved" in text  # the feedback of the choice
        assert "Turn 2" in text


@pilot_test
async def test_play_to_an_ending_by_keys_alone_shows_the_debrief() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "2", "1")
        await wait_for_text(pilot, "Read the debrief")
        session = app.session
        assert session is not None and session.ended and session.ending is not None
        # the last word: the final choice's result is shown before the debrief
        assert isinstance(app.screen, PlayScreen)
        assert "Turn 3, you chose" in screen_content(app)
        await pilot.press("1")
        await wait_for_text(pilot, "Debrief")
        assert isinstance(app.screen, DebriefScreen)
        text = screen_content(app)
        assert session.ending.outcome.upper() in text.upper()
        debrief = session.ending.debrief.render(session.values)
        assert " ".join(debrief.split()[:6]) in " ".join(text.split())
        assert "Why this ending" in text
        for label in ("Trust in Ostland", "Trust in Vesna", "Standing at home", "Risk of blame"):
            assert label in text
        assert "50 → 75 (▲ +25 better)" in text  # Trust in Ostland over the game
        assert "The decisions that moved the meters most" in text
        assert "Call Ostland first" in text
        assert f"Seed {SEED}" in text
        await pilot.press("p")  # play again
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and app.session.turn == 0


@pilot_test
async def test_traps_in_the_debrief_come_with_lesson_and_source() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "2", "1", "1")
        await wait_for_text(pilot, "Read the debrief")
        await pilot.press("1")
        await wait_for_text(pilot, "Debrief")
        assert isinstance(app.screen, DebriefScreen)
        text = screen_content(app)
        assert "Traps you walked into" in text and "Letting the other side set the agenda" in text
        assert "turn 1, 'Confirm Vesna's announcement" in text
        assert "Source: “Tutorial fiction" in text
        assert "Answering its announcement on its terms" in " ".join(text.split())


@pilot_test
async def test_disabled_choice_is_dimmed_with_its_reason_and_cannot_be_taken() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "3", "2")  # say nothing, then try the joint position
        await pilot.pause()
        assert app.session.turn == 1
        assert "unavailable: You have not agreed a position with Ostland yet." in visible_text(app)
        choices = app.screen.query_one("#choices")
        assert choices.get_option("2").disabled


@pilot_test
async def test_undo_takes_back_the_last_choice() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "2")
        await pilot.pause()
        assert meter(app, "trust.ally").value == 35
        await pilot.press("u")
        await pilot.pause()
        assert app.session.turn == 0
        assert meter(app, "trust.ally").value == 50
        assert "The briefing" in visible_text(app)


@pilot_test
async def test_history_lists_decisions_and_can_undo() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "3", "h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        text = visible_text(app)
        assert "Turn 1" in text and "Call Ostland first" in text
        assert "Turn 2" in text and "Refuse to discuss Vesna's claims" in text
        await pilot.press("u")
        await pilot.pause()
        assert app.session.turn == 1
        assert "Turn 2" not in visible_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "The first meeting" in visible_text(app)


@pilot_test
async def test_journal_shows_only_traps_met() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "j")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        text = visible_text(app)
        assert "No traps met yet" in text and "Letting the other side" not in text
        await pilot.press("escape", "2", "j")
        await pilot.pause()
        text = visible_text(app)
        assert "SPRUNG" in text and "Letting the other side set the agenda" in text
        assert "1 more trap not met yet" in text


@pilot_test
async def test_help_explains_keys_meters_and_glossary() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_content(app)
        assert "undo your last choice" in text
        assert "lower is better" in text
        assert "Glossary" in text and "A tempting move that helps now and costs later" in text


@pilot_test
async def test_news_bulletin_is_marked_as_news() -> None:
    scenario = load_scenario(TUTORIAL)
    seed = next(s for s in range(200) if Session(scenario, s).choose(1).bulletins)
    app = tutorial_app(seed=seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")
        await pilot.pause()
        text = visible_text(app)
        assert "NEWS BULLETIN" in text
        assert "Ostland's parliament debates the talks" in text


@pilot_test
async def test_every_turn_is_autosaved_and_continue_resumes_it() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")
        await pilot.pause()
    saves = list_saves()
    assert [(s.slot, s.turn, s.scene_title) for s in saves] == [
        ("autosave", 1, "The first meeting")
    ]
    again = tutorial_app()
    async with again.run_test(size=SIZE) as pilot:
        shown = await wait_for_text(pilot, "Continue: The first meeting, turn 2")
        assert "Continue: The first meeting, turn 2" in shown
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(again.screen, PlayScreen)
        assert again.session.turn == 1 and again.session.scene_id == "first_meeting"


@pilot_test
async def test_save_to_a_named_slot_then_load_it_in_a_new_app() -> None:
    app = tutorial_app(autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "3", "s")
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)
        await pilot.press(*"my class", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert not app.dirty
    assert [s.slot for s in list_saves()] == ["my-class"]
    again = tutorial_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(again.screen, LoadDialog)
        assert "my-class" in visible_text(again)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, PlayScreen)
        assert again.session.turn == 2 and again.session.scene_id == "the_reply"
        assert meter(again, "standing").value == 55


@pilot_test
async def test_quitting_with_unsaved_progress_asks_first() -> None:
    app = tutorial_app(autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and app.is_running
        await pilot.press("q", "y")
        await pilot.pause()
        assert not app.is_running


@pilot_test
async def test_quitting_with_everything_autosaved_does_not_ask() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "q")
        await pilot.pause()
        assert not app.is_running


@pilot_test
async def test_command_palette_offers_the_game_commands() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Save game", "Load game", "History", "Traps journal", "Help"} <= titles
        assert "Theme: light/dark" in titles
        await pilot.press("f2")
        assert app.theme == "diplomatic-light"


@pilot_test
async def test_no_color_still_says_what_a_choice_did(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "2")
        await pilot.pause()
        assert app.no_color
        text = visible_text(app)
        assert "▼ −15 worse" in text and "▲ +10 better" in text
        assert "TRAP SPRUNG" in text


@pilot_test
async def test_opens_and_plays_at_60x20_and_survives_resizing() -> None:
    app = tutorial_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter", "1")
        await pilot.pause()
        assert "1." in visible_text(app)  # a choice is still on screen
        for size in ((160, 50), (40, 10), (120, 40), (20, 5), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("2", "1", "1")
        await wait_until(pilot, lambda _: isinstance(app.screen, DebriefScreen))
        await pilot.resize_terminal(60, 20)
        await pilot.pause()


@pilot_test
async def test_unknown_scenario_exits_with_a_message() -> None:
    app = tutorial_app(scenario="no-such-scenario")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 2


@pilot_test
async def test_watch_reloads_edits_and_reports_broken_files(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, folder)
    scenes = folder / "scenes.yaml"
    original = scenes.read_text(encoding="utf-8")
    app = tutorial_app(scenario=folder, watch=True)
    app.WATCH_INTERVAL = 0.1
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "1")
        await pilot.pause(0.3)
        scenes.write_text(original.replace("The first meeting", "The opening session"))
        assert "The opening session" in await wait_for_text(pilot, "The opening session")
        assert app.session.turn == 1  # the game carried over
        scenes.write_text(original.replace("choices:", "choices: [", 1))
        text = await wait_for_text(pilot, "Scenario reload failed")
        assert "Scenario reload failed" in text
        assert "error:" in text and "[DT1" in text  # the formatted problem
        await pilot.press("3")  # the previous version plays on
        await pilot.pause()
        assert app.session.turn == 2
        scenes.write_text(original)
        text = await wait_until(pilot, lambda shown: "Scenario reload failed" not in shown)
        assert "Scenario reload failed" not in text
        assert app.session.turn == 2


@pilot_test
async def test_a_finished_game_leaves_one_play_record(isolated_data_dir: Path) -> None:
    from game.engine.records import read_record

    app = tutorial_app(player="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1", "2", "1", "1")
        await wait_until(pilot, lambda _: isinstance(app.screen, DebriefScreen))
    (path,) = (isolated_data_dir / "records" / "tutorial").glob("*.json")
    record = read_record(path)
    assert record["player"] == "Ana" and record["seed"] == SEED
    assert record["ending"]["scene"] == app.session.scene_id
    # loading the finished game again shows its debrief without writing a second record
    again = tutorial_app(resume=True)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await wait_until(pilot, lambda _: isinstance(again.screen, DebriefScreen))
    assert len(list((isolated_data_dir / "records").rglob("*.json"))) == 1


@pilot_test
async def test_a_class_game_asks_who_is_playing(isolated_data_dir: Path) -> None:
    from game.engine.records import read_record
    from game.ui.screens.dialogs import PlayerDialog

    app = tutorial_app(ask_player=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerDialog)
        await pilot.press(*"Group 4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("1", "2", "1")
        await pilot.pause()
    (path,) = (isolated_data_dir / "records" / "tutorial").glob("*.json")
    assert read_record(path)["player"] == "Group 4"


@pilot_test
async def test_a_new_game_asks_before_replacing_an_unfinished_autosave() -> None:
    from game.ui.screens.dialogs import ConfirmNewGame

    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")
        await pilot.pause()
    for keys, continued in ((["c"], True), (["escape"], None), (["n"], False)):
        again = tutorial_app()
        async with again.run_test(size=SIZE) as pilot:
            await wait_for_text(pilot, "Continue: The first meeting")
            await pilot.press("enter")
            await wait_for_text(pilot, "unfinished game")
            assert isinstance(again.screen, ConfirmNewGame)
            shown = " ".join(screen_content(again).split())
            assert "at The first meeting, turn 2. Start a new one?" in shown
            assert "Its autosave will be replaced" in shown
            await pilot.press(*keys)
            await pilot.pause()
            if continued is None:
                assert isinstance(again.screen, TitleScreen) and again.session is None
            else:
                assert isinstance(again.screen, PlayScreen)
                assert again.session.turn == (1 if continued else 0)
    (autosave,) = list_saves()
    assert autosave.turn == 1  # a new game replaces it only once it is played


@pilot_test
async def test_a_closed_terminal_ends_the_game_with_its_progress_saved(
    monkeypatch, isolated_data_dir: Path
) -> None:
    import game.ui.app as app_module

    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")
        await pilot.pause()
        monkeypatch.setattr(app_module, "_stdin_is_terminal", lambda: False)
        app.leave_if_terminal_closed()
        await pilot.pause()
    assert app.return_code == app_module.EXIT_TERMINAL_CLOSED
    assert (isolated_data_dir / "saves" / "tutorial" / "autosave.json").exists()


@pilot_test
async def test_author_text_that_looks_like_markup_is_shown_as_written() -> None:
    from game.ui.app import DiplomaticTrapsApp

    fixture = Path(__file__).parent / "fixtures" / "markup_in_text.yaml"
    app = DiplomaticTrapsApp(str(fixture), seed=1)
    async with app.run_test(size=SIZE) as pilot:
        # both halves of the wrapped title, as written: not styled, not a clickable action
        await wait_for_texts(pilot, "[bold red]Markup[/bold red]", "[@click=app.quit]q[/]")
        await pilot.press("enter")
        await pilot.pause()
        assert "[/]Title[b]" in visible_text(app)
        for key in ("h", "escape", "j", "escape", "question_mark", "escape", "1", "1"):
            await pilot.press(key)
            await pilot.pause()
        await wait_until(pilot, lambda _: isinstance(app.screen, DebriefScreen))
        assert "The end: [/]End" in screen_content(app)
    assert app.return_code in (None, 0)


@pilot_test
async def test_a_dead_end_in_a_scenario_is_explained() -> None:
    from game.ui.app import DiplomaticTrapsApp

    fixture = Path(__file__).parent / "fixtures" / "dead_end.yaml"
    app = DiplomaticTrapsApp(str(fixture), seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")
        await pilot.pause()
        shown = visible_text(app)
        assert "No choice can be taken here" in shown and "Press u to undo" in shown
        await pilot.press("u")
        await pilot.pause()
        assert app.session.scene_id == "a"
