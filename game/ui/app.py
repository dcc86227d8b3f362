"""The Textual app: it owns the game session and is the only place that asks the engine for changes.

Start-up stays light: the title screen is drawn first, and the engine (the YAML loader, saves) is
imported only after that first frame.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from game.ui.messages import (
    ChoiceMade,
    ContinueRequested,
    NewGameRequested,
    SaveFileChosen,
    UndoRequested,
)
from game.ui.screens.title import TitleScreen

if TYPE_CHECKING:
    from datetime import datetime

    from game.engine.model import Scenario
    from game.engine.saves import SaveInfo
    from game.engine.session import Session

TERMINAL_CHECK_INTERVAL = 2.0  # seconds between checks that the terminal is still there
EXIT_TERMINAL_CLOSED = 129  # as a shell reports a process ended by a hang-up


def _stdin_is_terminal() -> bool:
    try:
        return os.isatty(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError):
        return False


DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


class DiplomaticTrapsApp(App[None]):
    """Diplomatic Traps in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "Diplomatic Traps"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("f2", "toggle_theme", "Light/dark", show=False),
    ]
    WATCH_INTERVAL = 1.0  # seconds between looks at the scenario files with --watch

    def __init__(
        self,
        scenario_ref: str | None = None,
        seed: int | None = None,
        resume: bool = False,
        load_slot: str | None = None,
        autosave: bool = True,
        watch: bool = False,
        player: str | None = None,
        ask_player: bool = False,
    ) -> None:
        super().__init__()
        self.player = player
        self.ask_player = ask_player
        self.started_at: datetime | None = None  # when the game on screen began, if in this run
        self.scenario_ref = scenario_ref
        self.seed = seed
        self.resume = resume
        self.load_slot = load_slot
        self.autosave_enabled = autosave
        self.watch = watch
        self.scenario: Scenario | None = None  # the scenario named on the command line
        self.source: Path | None = None  # where the scenario being played was loaded from
        self.session: Session | None = None
        self.dirty = False  # progress that no save holds yet
        self.reload_problems: list[str] = []
        self._stamp: tuple[tuple[str, int], ...] | None = None
        self._sources: dict[str, Path] = {}  # scenario id -> the folder it was loaded from
        self._prepared = False
        self.theme = DARK_THEME

    def get_default_screen(self) -> Screen:
        return TitleScreen()

    def on_mount(self) -> None:
        self.call_after_refresh(self.prepare)
        if not self.is_headless and _stdin_is_terminal():
            # A closed terminal window leaves the input at end of file for ever (and Textual's
            # input thread spinning); notice that and leave. Every turn is already autosaved.
            self.set_interval(TERMINAL_CHECK_INTERVAL, self.leave_if_terminal_closed)

    def leave_if_terminal_closed(self) -> None:
        """Exit when the terminal the game was started in has gone away."""
        if not _stdin_is_terminal():
            self.exit(return_code=EXIT_TERMINAL_CLOSED)

    # -- start-up after the first frame -------------------------------------------------------

    def prepare(self) -> None:
        """Load what the command line asked for, then show the saves on the title screen.

        Runs once, just after the first frame, or earlier if a key asks for a game before then.
        """
        if self._prepared:
            return
        self._prepared = True
        if self.scenario_ref is not None:
            scenario = self.open_named_scenario(self.scenario_ref)
            if scenario is None:
                return
            self.scenario = scenario
            self.title_screen.show_scenario(scenario.title)
        if self.resume or self.load_slot:
            from game.engine.saves import AUTOSAVE, save_path

            slot = AUTOSAVE if self.resume else str(self.load_slot)
            if self.scenario is not None:
                self.load_save(save_path(self.scenario.id, slot), exit_on_error=True)
            else:
                saves = [s for s in self.saves() if s.slot == slot]
                if not saves:
                    self.fail(f"error: there is no save called '{slot}'")
                    return
                self.load_save(saves[0].path, exit_on_error=True)
        self.refresh_title()
        if self.watch:
            self.check_scenario_files()  # the files as they are now: any change from here reloads
            self.set_interval(self.WATCH_INTERVAL, self.check_scenario_files, name="watch")

    def fail(self, message: str, code: int = 1) -> None:
        """Leave the app with an error message (printed as plain text) and an exit code."""
        from rich.text import Text

        self.exit(return_code=code, message=Text(message))

    def open_named_scenario(self, ref: str) -> Scenario | None:
        """The scenario named on the command line; on failure exit with the problems listed."""
        from game.engine.catalog import CatalogError, resolve

        try:
            path = resolve(ref)
        except CatalogError as error:
            self.fail(f"error: {error}", 2)
            return None
        scenario, problems = self.read_scenario(path)
        if scenario is None:
            lines = [*problems, f"{path}: cannot start: {len(problems)} problem(s)"]
            self.fail("\n".join(lines))
        return scenario

    def read_scenario(self, path: Path) -> tuple[Scenario | None, list[str]]:
        """Load a scenario folder; the scenario, or None and its problems as text."""
        from game.engine.loader import check_scenario

        result = check_scenario(path)
        if result.scenario is None:
            return None, [p.format() for p in result.errors or result.problems]
        self._sources[result.scenario.id] = path
        return result.scenario, []

    @property
    def title_screen(self) -> TitleScreen:
        return next(s for s in self.screen_stack if isinstance(s, TitleScreen))

    def saves(self) -> list[SaveInfo]:
        """Saves the title screen offers: of the named scenario, or of every scenario."""
        from game.engine.saves import list_saves

        return list_saves(scenario_id=self.scenario.id if self.scenario else None)

    def refresh_title(self) -> None:
        self.title_screen.show_saves(self.saves())

    # -- starting and ending games --------------------------------------------------------------

    def on_new_game_requested(self, message: NewGameRequested) -> None:
        self.prepare()
        if self.scenario_ref is not None and self.scenario is None:
            return  # the named scenario failed to load; the app is leaving with the reason
        if message.scenario_path is None and self.scenario is not None:
            self.new_game(self.scenario)
            return
        path = message.scenario_path
        if path is None:
            from game.engine.catalog import bundled_scenarios

            available = bundled_scenarios()
            if not available:
                self.notify("No scenarios are installed.", severity="error")
                return
            if len(available) > 1:
                from game.ui.screens.dialogs import ScenarioDialog

                def chosen(path: Path | None) -> None:
                    if path is not None:
                        self.post_message(NewGameRequested(path))

                self.push_screen(ScenarioDialog(available), chosen)
                return
            path = available[0].path
        scenario, problems = self.read_scenario(path)
        if scenario is None:
            self.notify(
                "\n".join(problems[:5]),
                title="This scenario has errors",
                severity="error",
                markup=False,
            )
            return
        self.new_game(scenario)

    def new_game(self, scenario: Scenario) -> None:
        """Start a fresh game of the scenario, but first ask whether an unfinished game of it
        that only the autosave holds may be replaced (or continued instead)."""
        unfinished = self.unfinished_autosave(scenario.id)
        if unfinished is None:
            self.start_new_game(scenario)
            return
        from game.ui.screens.dialogs import ConfirmNewGame

        def answered(answer: str | None) -> None:
            if answer == "new":
                self.start_new_game(scenario)
            elif answer == "continue":
                self.load_save(unfinished.path)

        self.push_screen(ConfirmNewGame(unfinished), answered)

    def unfinished_autosave(self, scenario_id: str) -> SaveInfo | None:
        """The autosave of an unfinished game of this scenario, which a new game would replace."""
        if not self.autosave_enabled:
            return None
        from game.engine.saves import AUTOSAVE, list_saves

        return next(
            (s for s in list_saves(scenario_id=scenario_id) if s.slot == AUTOSAVE and not s.ended),
            None,
        )

    def start_new_game(self, scenario: Scenario) -> None:
        """Start a fresh game of the scenario (with the command line's seed, if any).

        With --ask-player (classes), the player is asked for a name first.
        """
        from game.engine.records import now
        from game.engine.session import Session

        def start(name: str | None) -> None:
            if name is None:
                return  # the player backed out of the name dialog
            self.player = name or None
            session = Session(scenario, self.seed)
            self.begin(session)
            self.started_at = now()

        if self.ask_player:
            from game.ui.screens.dialogs import PlayerDialog

            self.push_screen(PlayerDialog(self.player or ""), start)
        else:
            start(self.player or "")

    def action_play_again(self) -> None:
        if self.session is not None:
            self.new_game(self.session.scenario)

    def on_continue_requested(self, _: ContinueRequested) -> None:
        self.prepare()
        saves = self.saves()
        if saves:
            self.load_save(saves[0].path)
        else:
            self.notify("There is no saved game yet.", severity="warning")

    def on_save_file_chosen(self, message: SaveFileChosen) -> None:
        self.load_save(message.path)

    def load_save(self, path: Path, exit_on_error: bool = False) -> None:
        """Load a save file (its scenario found by id) and play on from there."""
        from game.engine.saves import SaveError, read_info, read_save

        def fail(reason: str) -> None:
            if exit_on_error:
                self.fail(f"error: cannot load the save: {reason}")
            else:
                self.notify(reason, title="Cannot load the save", severity="error", markup=False)

        info = read_info(path)
        if info is None:
            fail(f"{path.name} is missing or damaged")
            return
        scenario = self.scenario_for(info.scenario_id)
        if scenario is None:
            fail(f"the scenario '{info.scenario_id}' of this save cannot be found or has errors")
            return
        try:
            session = read_save(path, scenario)
        except SaveError as error:
            fail(str(error))
            return
        self.begin(session)

    def scenario_for(self, scenario_id: str) -> Scenario | None:
        if self.scenario is not None and self.scenario.id == scenario_id:
            return self.scenario
        if self.session is not None and self.session.scenario.id == scenario_id:
            return self.session.scenario
        from game.engine.catalog import CatalogError, resolve

        try:
            path = resolve(scenario_id)
        except CatalogError:
            return None
        return self.read_scenario(path)[0]

    def begin(self, session: Session) -> None:
        """Show a game: the play screen, or the debrief if it has already ended."""
        self.session = session
        self.started_at = None
        self.source = self._sources.get(session.scenario.id)
        self.dirty = False
        self.reload_problems = []
        self.pop_to_title()
        if session.ended:
            self.finish_game(session)
            return
        from game.ui.screens.play import PlayScreen

        self.push_screen(PlayScreen(session))

    def finish_game(self, session: Session) -> None:
        """The game has reached an ending: save it and show the debrief (one place for endings).

        A game that ended in this run (not a finished save loaded again) also leaves a play record.
        """
        if self.dirty:
            self.write_record(session)
        self.autosave()
        from game.ui.screens.debrief import DebriefScreen

        self.pop_to_title()
        self.push_screen(DebriefScreen(session))

    def write_record(self, session: Session) -> None:
        from game.engine.records import write_record

        try:
            write_record(session, self.player, self.started_at)
        except OSError as error:
            self.notify(
                f"The play record could not be written: {error.strerror or error}",
                severity="error",
                markup=False,
            )

    def pop_to_title(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_to_title(self) -> None:
        self.pop_to_title()
        self.refresh_title()

    # -- playing ----------------------------------------------------------------------------

    @property
    def play_screen(self):
        from game.ui.screens.play import PlayScreen

        return next((s for s in self.screen_stack if isinstance(s, PlayScreen)), None)

    def on_choice_made(self, message: ChoiceMade) -> None:
        from game.engine.session import ChoiceUnavailable, GameOver

        session = self.session
        if session is None:
            return
        try:
            session.choose(message.number)
        except (ChoiceUnavailable, GameOver) as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.dirty = True
        if session.ended:
            self.finish_game(session)
            return
        self.autosave()
        self.redraw()

    def on_undo_requested(self, _: UndoRequested) -> None:
        session = self.session
        if session is None or session.ended:
            return
        undone = session.undo()
        if undone is None:
            self.notify("Nothing to undo yet.")
            return
        self.dirty = True
        self.autosave()
        self.redraw()
        self.notify(f"Undone: {undone.choice_text}", markup=False)

    def redraw(self) -> None:
        """Redraw every screen that shows the session."""
        from game.ui.screens.history import HistoryScreen

        screen = self.play_screen
        if screen is not None and self.session is not None:
            screen.show(self.session, self.reload_problems)
        for other in self.screen_stack:
            if isinstance(other, HistoryScreen) and self.session is not None:
                other.show(self.session)

    # -- saving -----------------------------------------------------------------------------

    def autosave(self) -> None:
        """Save after every turn so that nothing is lost if the terminal closes."""
        if not self.autosave_enabled or self.session is None:
            return
        from game.engine.saves import AUTOSAVE

        self.write(AUTOSAVE, quiet=True)

    def write(self, slot: str, quiet: bool = False) -> bool:
        from game.engine.saves import SaveError, write_save

        if self.session is None:
            return False
        try:
            path = write_save(self.session, slot)
        except (OSError, SaveError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.notify(f"Could not save: {reason}", severity="error", markup=False)
            return False
        self.dirty = False
        if not quiet:
            self.notify(f"Saved to slot '{path.stem}'.")
        return True

    def action_save(self) -> None:
        if self.session is None:
            self.notify("Start a game first.")
            return
        from game.engine.saves import list_saves
        from game.ui.screens.dialogs import SaveDialog

        saves = [
            s for s in list_saves(scenario_id=self.session.scenario.id) if s.slot != "autosave"
        ]

        def chosen(slot: str | None) -> None:
            if slot:
                self.write(slot)

        turn = self.session.turn + 1  # the turn on screen: the play screen counts from 1
        self.push_screen(SaveDialog(saves, f"turn-{turn}"), chosen)

    def action_load(self) -> None:
        from game.ui.screens.dialogs import LoadDialog

        self.prepare()

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.post_message(SaveFileChosen(path))

        self.push_screen(LoadDialog(self.saves()), chosen)

    # -- other screens ----------------------------------------------------------------------

    def action_history(self) -> None:
        from game.ui.screens.history import HistoryScreen

        if self.session is not None and not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen(self.session))

    def action_journal(self) -> None:
        from game.ui.screens.journal import JournalScreen

        if self.session is not None and not isinstance(self.screen, JournalScreen):
            self.push_screen(JournalScreen(self.session))

    def action_help(self) -> None:
        from game.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            scenario = self.session.scenario if self.session else self.scenario
            self.push_screen(HelpScreen(scenario))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    async def action_quit(self) -> None:
        """Quit; ask first only when there is progress no save holds."""
        if self.dirty and self.session is not None and not self.session.ended:
            from game.ui.screens.dialogs import ConfirmQuit

            if not any(isinstance(s, ConfirmQuit) for s in self.screen_stack):

                def answered(sure: bool | None) -> None:
                    if sure:
                        self.exit()

                self.push_screen(ConfirmQuit(), answered)
            return
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.session is not None:
            yield SystemCommand("Save game", "Save to a named slot", self.action_save)
            yield SystemCommand("History", "Every decision and its effects", self.action_history)
            yield SystemCommand("Traps journal", "Traps met so far", self.action_journal)
        yield SystemCommand("Load game", "Open a saved game", self.action_load)
        yield SystemCommand("Help", "Keys, meters and glossary", self.action_help)
        yield SystemCommand("Theme: light/dark", "Switch light and dark", self.action_toggle_theme)

    # -- live reload for authors -------------------------------------------------------------

    def scenario_files_stamp(self, source: Path) -> tuple[tuple[str, int], ...]:
        """Names and modification times of the scenario's YAML files."""
        folder = source if source.is_dir() else source.parent
        stamps = []
        for pattern in ("*.yaml", "*.yml"):
            for path in folder.rglob(pattern):
                try:
                    stamps.append((str(path), path.stat().st_mtime_ns))
                except OSError:
                    continue
        return tuple(sorted(stamps))

    def check_scenario_files(self) -> None:
        """With --watch: reload the scenario when its files change, keeping the game going."""
        source = self.source or (self._sources.get(self.scenario.id) if self.scenario else None)
        if source is None:
            return
        stamp = self.scenario_files_stamp(source)
        if self._stamp is None or stamp == self._stamp:
            self._stamp = stamp
            return
        self._stamp = stamp
        self.reload_scenario(source)

    def reload_scenario(self, source: Path) -> None:
        from game.engine.saves import SaveError, carry_over

        scenario, problems = self.read_scenario(source)
        if scenario is None:
            self.reload_problems = problems
            self.notify(
                f"{len(problems)} problem(s); still playing the previous version.",
                title="Scenario reload failed",
                severity="error",
            )
            self.redraw()
            return
        if self.scenario is not None and self.scenario.id == scenario.id:
            self.scenario = scenario
        if self.session is not None and self.session.scenario.id == scenario.id:
            try:
                self.session = carry_over(self.session, scenario)
            except SaveError as error:
                self.reload_problems = [f"cannot carry the game over: {error}"]
                self.redraw()
                return
        self.reload_problems = []
        self.redraw()
        self.notify("Scenario reloaded.")


def run_app(args: argparse.Namespace) -> int:
    """Run the full-screen game with the command line's options; return the exit code."""
    app = DiplomaticTrapsApp(
        scenario_ref=args.scenario,
        seed=args.seed,
        resume=args.resume,
        load_slot=args.load,
        autosave=not args.no_autosave,
        watch=getattr(args, "watch", False),
        player=getattr(args, "player", None),
        ask_player=getattr(args, "ask_player", False),
    )
    app.run()
    return app.return_code or 0
