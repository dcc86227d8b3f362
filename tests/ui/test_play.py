"""Pilot tests: the tutorial played by keys alone, as a player would.

Every key waits for what the one before it did to be on screen; every check waits for all it
asserts (see tests/ui/conftest.py).
"""

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
    choose,
    eventually,
    pilot_test,
    record_notices,
    screen_content,
    start_game,
    status_of_turn,
    title_menu_ready,
    tutorial_app,
    wait_for,
    wait_for_all,
)

SIZE = (80, 24)


def meter(app, meter_id: str) -> MeterBar:
    return app.screen.query_one(f"#meter-{meter_id.replace('.', '-')}", MeterBar)


def at_turn(app, turn: int) -> bool:
    """The play screen is showing the session at this turn (0: the first scene)."""
    return isinstance(app.screen, PlayScreen) and app.session.turn == turn


@pilot_test
async def test_enter_on_the_title_starts_a_game() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_all(pilot, "Tutorial: the practice round", screen=TitleScreen)
        await wait_for(pilot, title_menu_ready, "the title menu")
        await pilot.press("enter")
        await wait_for_all(pilot, "The briefing", screen=PlayScreen)


@pilot_test
async def test_a_choice_moves_the_meters_and_says_so() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1)

        def moved(app) -> None:
            ally = meter(app, "trust.ally")
            assert (ally.value, ally.delta) == (65, 15)

        await eventually(pilot, moved)
        await wait_for_all(
            pilot,
            "▲ +15 better",  # Trust in Ostland, on the meters panel
            "▼ −5 worse",  # Standing at home
            "Ostland is relieved",  # the feedback of the choice
            "Turn 2",
        )


@pilot_test
async def test_play_to_an_ending_by_keys_alone_shows_the_debrief() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1, 2, 1)
        session = app.session
        assert session.ended and session.ending is not None
        await wait_for_all(
            pilot,
            session.ending.outcome.upper(),
            " ".join(session.ending.debrief.render(session.values).split()[:6]),
            "Trust in Ostland",
            "Trust in Vesna",
            "Standing at home",
            "Risk of blame",
            "50 → 75 (▲ +25 better)",  # Trust in Ostland over the game
            "The decisions that moved the meters most",
            "Call Ostland first",
            f"Seed {SEED}",
            screen=DebriefScreen,
            on=screen_content,
        )
        await pilot.press("p")  # play again
        await wait_for(pilot, lambda app: at_turn(app, 0), "a new game on the play screen")


@pilot_test
async def test_traps_in_the_debrief_come_with_lesson_and_source() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 2, 1, 1)
        await wait_for_all(
            pilot,
            "Traps you walked into.",
            "Letting the other side set the agenda (turn 1, 'Confirm Vesna's announcement",
            "Answering its announcement on its terms",
            "Source: “Tutorial fiction",
            screen=DebriefScreen,
            on=screen_content,
        )


@pilot_test
async def test_disabled_choice_is_dimmed_with_its_reason_and_cannot_be_taken() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        notices = record_notices(app)
        await start_game(pilot)
        await choose(pilot, 3)  # say nothing
        await pilot.press("2")  # then try the joint position
        await wait_for(
            pilot,
            lambda _: any(n.startswith("Choice 2 is unavailable") for n in notices),
            "the player to be told that choice 2 is unavailable",
        )
        assert app.session.turn == 1  # the key was handled, and no choice was taken
        await wait_for_all(pilot, "unavailable: You have not agreed a position with Ostland yet.")
        assert app.screen.query_one("#choices").get_option("2").disabled


@pilot_test
async def test_undo_takes_back_the_last_choice() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 2)
        await wait_for(pilot, lambda app: meter(app, "trust.ally").value == 35, "Ostland at 35")
        await pilot.press("u")
        await wait_for(pilot, lambda app: at_turn(app, 0), "the first turn again")
        await wait_for(pilot, lambda app: meter(app, "trust.ally").value == 50, "Ostland at 50")
        await wait_for_all(pilot, status_of_turn(0), "The briefing")


@pilot_test
async def test_history_lists_decisions_and_can_undo() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1, 3)
        await pilot.press("h")
        await wait_for_all(
            pilot,
            "Turn 1",
            "Call Ostland first",
            "Turn 2",
            "Refuse to discuss Vesna's claims",
            screen=HistoryScreen,
        )
        await pilot.press("u")
        await wait_for(pilot, lambda app: app.session.turn == 1, "the second choice undone")
        await wait_for_all(pilot, "Turn 1", absent=["Turn 2"], screen=HistoryScreen)
        await pilot.press("escape")
        await wait_for_all(pilot, status_of_turn(1), "The first meeting", screen=PlayScreen)


@pilot_test
async def test_journal_shows_only_traps_met() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await pilot.press("j")
        await wait_for_all(
            pilot,
            "No traps met yet",
            absent=["Letting the other side"],
            screen=JournalScreen,
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda app: at_turn(app, 0), "the play screen again")
        await choose(pilot, 2)
        await pilot.press("j")
        await wait_for_all(
            pilot,
            "SPRUNG",
            "Letting the other side set the agenda",
            "1 more trap not met yet",
            screen=JournalScreen,
        )


@pilot_test
async def test_help_explains_keys_meters_and_glossary() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await pilot.press("question_mark")
        await wait_for_all(
            pilot,
            "undo your last choice",
            "lower is better",
            "Glossary",
            "A tempting move that helps now and costs later",
            screen=HelpScreen,
            on=screen_content,
        )


@pilot_test
async def test_news_bulletin_is_marked_as_news() -> None:
    scenario = load_scenario(TUTORIAL)
    seed = next(s for s in range(200) if Session(scenario, s).choose(1).bulletins)
    app = tutorial_app(seed=seed)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1)
        await wait_for_all(pilot, "NEWS BULLETIN", "Ostland's parliament debates the talks")


@pilot_test
async def test_every_turn_is_autosaved_and_continue_resumes_it() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1)
    saves = list_saves()
    assert [(s.slot, s.turn, s.scene_title) for s in saves] == [
        ("autosave", 1, "The first meeting")
    ]
    again = tutorial_app()
    async with again.run_test(size=SIZE) as pilot:
        await wait_for_all(pilot, "Continue: The first meeting, turn 2", screen=TitleScreen)
        await pilot.press("c")
        await wait_for(
            pilot,
            lambda app: at_turn(app, 1) and app.session.scene_id == "first_meeting",
            "the saved game at its second turn",
        )


@pilot_test
async def test_save_to_a_named_slot_then_load_it_in_a_new_app() -> None:
    from textual.widgets import Input

    app = tutorial_app(autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1, 3)
        await pilot.press("s")
        await wait_for(
            pilot,
            lambda app: isinstance(app.screen, SaveDialog) and isinstance(app.focused, Input),
            "the save dialog, ready for a slot name",
        )
        await pilot.press(*"my class", "enter")
        await wait_for(
            pilot,
            lambda app: isinstance(app.screen, PlayScreen) and not app.dirty,
            "the game saved and on screen again",
        )
    assert [s.slot for s in list_saves()] == ["my-class"]
    again = tutorial_app()
    async with again.run_test(size=SIZE) as pilot:
        await wait_for_all(pilot, "Continue:", screen=TitleScreen)  # the saves are listed
        await pilot.press("l")
        await wait_for_all(pilot, "my-class", screen=LoadDialog)
        await wait_for(pilot, lambda app: app.focused is not None, "the list of saves' focus")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda app: at_turn(app, 2) and app.session.scene_id == "the_reply",
            "the saved game at its third turn",
        )
        await wait_for(pilot, lambda app: meter(app, "standing").value == 55, "Standing at 55")


@pilot_test
async def test_quitting_with_unsaved_progress_asks_first() -> None:
    app = tutorial_app(autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1)
        await pilot.press("q")
        await wait_for(pilot, lambda app: isinstance(app.screen, ConfirmQuit), "the question")
        await pilot.press("n")
        await wait_for(pilot, lambda app: at_turn(app, 1), "the game on screen again")
        assert app.is_running
        await pilot.press("q")
        await wait_for(pilot, lambda app: isinstance(app.screen, ConfirmQuit), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda app: not app.is_running, "the app to leave")


@pilot_test
async def test_quitting_with_everything_autosaved_does_not_ask() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1)
        await pilot.press("q")
        await wait_for(pilot, lambda app: not app.is_running, "the app to leave")


@pilot_test
async def test_command_palette_offers_the_game_commands() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Save game", "Load game", "History", "Traps journal", "Help"} <= titles
        assert "Theme: light/dark" in titles
        await pilot.press("f2")
        await wait_for(pilot, lambda app: app.theme == "diplomatic-light", "the light theme")


@pilot_test
async def test_no_color_still_says_what_a_choice_did(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.no_color
        await start_game(pilot)
        await choose(pilot, 2)
        await wait_for_all(pilot, "▼ −15 worse", "▲ +10 better", "TRAP SPRUNG")


@pilot_test
async def test_opens_and_plays_at_60x20_and_survives_resizing() -> None:
    app = tutorial_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start_game(pilot)
        await choose(pilot, 1)
        await wait_for_all(pilot, "1.")  # a choice is still on screen
        for size in ((160, 50), (40, 10), (120, 40), (20, 5), (80, 24)):
            await pilot.resize_terminal(*size)
            await wait_for(pilot, lambda app, size=size: tuple(app.size) == size, f"{size}")
        await choose(pilot, 2, 1)
        await wait_for(pilot, lambda app: isinstance(app.screen, DebriefScreen), "the debrief")
        await pilot.resize_terminal(60, 20)
        await wait_for_all(pilot, "Debrief", screen=DebriefScreen)


@pilot_test
async def test_unknown_scenario_exits_with_a_message() -> None:
    app = tutorial_app(scenario="no-such-scenario")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda app: app.return_code == 2, "the app to leave with code 2")


@pilot_test
async def test_watch_reloads_edits_and_reports_broken_files(tmp_path: Path) -> None:
    import shutil

    from game.ui.widgets.story import ReloadProblems

    folder = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, folder)
    scenes = folder / "scenes.yaml"
    original = scenes.read_text(encoding="utf-8")
    app = tutorial_app(scenario=folder, watch=True)
    app.WATCH_INTERVAL = 0.1
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        await choose(pilot, 1)
        scenes.write_text(original.replace("The first meeting", "The opening session"))
        await wait_for_all(pilot, "The opening session")
        assert app.session.turn == 1  # the game carried over
        scenes.write_text(original.replace("choices:", "choices: [", 1))
        await wait_for_all(
            pilot, "Scenario reload failed", "error:", "[DT1"
        )  # with the formatted problem
        await choose(pilot, 3)  # the previous version plays on
        scenes.write_text(original)

        def reloaded(app) -> None:
            assert not app.screen.query_one(ReloadProblems).display, "the problems still shown"
            assert app.session.scenario.scenes["first_meeting"].title == "The first meeting"

        await eventually(pilot, reloaded)
        await wait_for_all(pilot, absent=["Scenario reload failed"])
        assert app.session.turn == 2


@pilot_test
async def test_watch_notices_an_edit_saved_before_its_first_look(tmp_path: Path) -> None:
    import os
    import shutil

    folder = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, folder)
    scenes = folder / "scenes.yaml"
    app = tutorial_app(scenario=folder, watch=True)
    app.WATCH_INTERVAL = 3600  # the test looks at the files itself, once
    async with app.run_test(size=(120, 40)) as pilot:
        await start_game(pilot)
        before = scenes.stat().st_mtime_ns
        scenes.write_text(scenes.read_text(encoding="utf-8").replace("The briefing", "The call"))
        later = before + 1_000_000_000  # an edit a second later, however coarse the file clock
        os.utime(scenes, ns=(later, later))
        app.check_scenario_files()
        await wait_for_all(pilot, status_of_turn(0), "The call", screen=PlayScreen)


@pilot_test
async def test_a_finished_game_leaves_one_play_record(isolated_data_dir: Path) -> None:
    from game.engine.records import read_record

    app = tutorial_app(player="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1, 2, 1)
    (path,) = (isolated_data_dir / "records" / "tutorial").glob("*.json")
    record = read_record(path)
    assert record["player"] == "Ana" and record["seed"] == SEED
    assert record["ending"]["scene"] == app.session.scene_id
    # loading the finished game again shows its debrief without writing a second record
    again = tutorial_app(resume=True)
    async with again.run_test(size=SIZE) as pilot:
        await wait_for_all(pilot, "Debrief", screen=DebriefScreen)
    assert len(list((isolated_data_dir / "records").rglob("*.json"))) == 1


@pilot_test
async def test_a_class_game_asks_who_is_playing(isolated_data_dir: Path) -> None:
    from textual.widgets import Input

    from game.engine.records import read_record
    from game.ui.screens.dialogs import PlayerDialog

    app = tutorial_app(ask_player=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, title_menu_ready, "the title menu")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda app: isinstance(app.screen, PlayerDialog) and isinstance(app.focused, Input),
            "the question who is playing, ready for a name",
        )
        await pilot.press(*"Group 4", "enter")
        await wait_for(pilot, lambda app: at_turn(app, 0), "the game to start")
        await choose(pilot, 1, 2, 1)
    (path,) = (isolated_data_dir / "records" / "tutorial").glob("*.json")
    assert read_record(path)["player"] == "Group 4"


@pilot_test
async def test_a_new_game_asks_before_replacing_an_unfinished_autosave() -> None:
    from game.ui.screens.dialogs import ConfirmNewGame

    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1)
    answers = (
        ("c", lambda app: at_turn(app, 1), "the unfinished game continued"),
        (
            "escape",
            lambda app: isinstance(app.screen, TitleScreen) and app.session is None,
            "the title again, with no game",
        ),
        ("n", lambda app: at_turn(app, 0), "a new game"),
    )
    for key, answered, what in answers:
        again = tutorial_app()
        async with again.run_test(size=SIZE) as pilot:
            await wait_for_all(pilot, "Continue: The first meeting", screen=TitleScreen)
            await wait_for(pilot, title_menu_ready, "the title menu")
            await pilot.press("enter")
            await wait_for_all(
                pilot,
                "at The first meeting, turn 2. Start a new one?",
                "Its autosave will be replaced",
                screen=ConfirmNewGame,
                on=screen_content,
            )
            await pilot.press(key)
            await wait_for(pilot, answered, what)
    (autosave,) = list_saves()
    assert autosave.turn == 1  # a new game replaces it only once it is played


@pilot_test
async def test_a_closed_terminal_ends_the_game_with_its_progress_saved(
    monkeypatch, isolated_data_dir: Path
) -> None:
    import game.ui.app as app_module

    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1)
        monkeypatch.setattr(app_module, "_stdin_is_terminal", lambda: False)
        app.leave_if_terminal_closed()
        await wait_for(pilot, lambda app: not app.is_running, "the app to leave")
    assert app.return_code == app_module.EXIT_TERMINAL_CLOSED
    assert (isolated_data_dir / "saves" / "tutorial" / "autosave.json").exists()


@pilot_test
async def test_author_text_that_looks_like_markup_is_shown_as_written() -> None:
    from game.ui.app import DiplomaticTrapsApp

    fixture = Path(__file__).parent / "fixtures" / "markup_in_text.yaml"
    app = DiplomaticTrapsApp(str(fixture), seed=1)
    async with app.run_test(size=SIZE) as pilot:
        # the whole title, wrapped over two lines, and not turned into a clickable action
        title = "[/] [bold red]Markup[/bold red] [link=http://x]x[/link] [@click=app.quit]q[/]"
        await wait_for_all(pilot, f"Scenario: {title}", screen=TitleScreen)
        await start_game(pilot)
        await wait_for_all(pilot, "[/]Title[b]", screen=PlayScreen)
        for key, screen in (
            ("h", HistoryScreen),
            ("escape", PlayScreen),
            ("j", JournalScreen),
            ("escape", PlayScreen),
            ("question_mark", HelpScreen),
            ("escape", PlayScreen),
        ):
            await pilot.press(key)
            await wait_for(pilot, lambda app, screen=screen: type(app.screen) is screen, key)
        await choose(pilot, 1)
        await wait_for_all(pilot, "The end: [/]End", screen=DebriefScreen, on=screen_content)
    assert app.return_code in (None, 0)


@pilot_test
async def test_a_dead_end_in_a_scenario_is_explained() -> None:
    from game.ui.app import DiplomaticTrapsApp

    fixture = Path(__file__).parent / "fixtures" / "dead_end.yaml"
    app = DiplomaticTrapsApp(str(fixture), seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        await choose(pilot, 1)
        await wait_for_all(pilot, "No choice can be taken here", "Press u to undo")
        await pilot.press("u")
        await wait_for(
            pilot, lambda app: at_turn(app, 0) and app.session.scene_id == "a", "scene a again"
        )


@pilot_test
async def test_a_revealed_meter_joins_the_meters_panel() -> None:
    from game.ui.app import DiplomaticTrapsApp

    fixture = Path(__file__).parent / "fixtures" / "revealed_meter.yaml"
    app = DiplomaticTrapsApp(str(fixture), seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start_game(pilot)
        assert not app.screen.query("#meter-price")  # hidden until the choice reveals it
        await choose(pilot, 1)
        await wait_for(
            pilot,
            lambda app: at_turn(app, 1) and meter(app, "price").value == 70,
            "the revealed meter on the panel",
        )
        await choose(pilot, 1)

        def moved(app) -> None:  # the panel shows what the next choice did to it, too
            assert at_turn(app, 2)
            assert (meter(app, "price").value, meter(app, "price").delta) == (65, -5)

        await eventually(pilot, moved)
