"""The Textual app: it owns the game session and is the only place that asks the engine for changes.

Start-up stays light: the title screen is drawn first, and the engine (the YAML loader, saves) is
imported only after that first frame.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from game.settings import Settings, read_settings, write_settings
from game.ui.messages import (
    ChoiceMade,
    ContinueRequested,
    DebugCommand,
    MetersToggled,
    NewGameRequested,
    SaveFileChosen,
    UndoRequested,
)
from game.ui.screens.title import TitleScreen
from game.ui.themes import DARK, THEME_NAMES, THEMES, other_theme

if TYPE_CHECKING:
    from game.engine.gallery import Found
    from game.engine.game_run import GameRun
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


class DiplomaticTrapsApp(App[None]):
    """Diplomatic Traps in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "Diplomatic Traps"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("f2", "toggle_theme", "Light/dark", show=False),
        Binding("f12", "debug", "Debug", show=False),
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
        personal_files: bool = True,
        debug: bool = False,
        start_scene: str | None = None,
    ) -> None:
        super().__init__()
        # an author's debug game (--start implies it): values open, nothing kept
        self.debug_game = debug or start_scene is not None
        self.start_scene = start_scene
        self.player = player
        self.ask_player = ask_player
        self.scenario_ref = scenario_ref
        self.seed = seed
        self.resume = resume
        self.load_slot = load_slot
        self.autosave_enabled = autosave and not self.debug_game
        self.watch = watch
        self.scenario: Scenario | None = None  # the scenario named on the command line
        self.source: Path | None = None  # where the scenario being played was loaded from
        self.game: GameRun | None = None  # the game on screen, with its files
        self.found: Found | None = None  # the endings gallery after the game on screen ended
        self.reload_problems: list[str] = []
        self._stamp: tuple[tuple[str, int], ...] | None = None
        self._sources: dict[str, Path] = {}  # scenario id -> the folder it was loaded from
        self._prepared = False
        for theme in THEMES:
            self.register_theme(theme)
        # False when one data folder serves a whole class: no settings, no endings gallery
        self.personal_files = personal_files
        self.settings, self.settings_notice = (
            read_settings() if personal_files else (Settings(), None)
        )
        if self.settings.theme not in (None, *THEME_NAMES):
            self.settings_notice = (
                f"The theme '{self.settings.theme}' in your settings is not one of this game's "
                f"({', '.join(THEME_NAMES)}); the dark theme is used."
            )
        self.theme = self.settings.theme if self.settings.theme in THEME_NAMES else DARK.name

    def get_default_screen(self) -> Screen:
        return TitleScreen()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Tell the player something: in the play screen's status line, where a notice never
        covers the choices; elsewhere as Textual's pop-up notification."""
        say = getattr(self.screen, "show_notice", None)
        if say is not None:
            say(f"{title}: {message}" if title else str(message), severity, timeout)
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    @property
    def session(self) -> Session | None:
        """The game on screen (None on the title screen before a game)."""
        return self.game.session if self.game is not None else None

    @property
    def dirty(self) -> bool:
        """Whether there is progress that no save holds."""
        return self.game is not None and self.game.dirty

    def on_mount(self) -> None:
        self.call_after_refresh(self.prepare)
        self.leave_on_hangup()
        if self.settings_notice:
            self.notify(self.settings_notice, severity="warning", timeout=10, markup=False)
        if not self.is_headless and _stdin_is_terminal():
            # A closed terminal window leaves the input at end of file for ever (and Textual's
            # input thread spinning); notice that and leave. Every turn is already autosaved.
            self.set_interval(TERMINAL_CHECK_INTERVAL, self.leave_if_terminal_closed)

    def leave_on_hangup(self) -> None:
        """A closed terminal or browser tab (SIGHUP) or a stop request (SIGTERM) ends the game
        the normal way, so that its progress and its record are kept."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is None:
                continue
            try:
                loop.add_signal_handler(number, self.exit, None, EXIT_TERMINAL_CLOSED)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread
                return

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
            if self.start_scene is not None:
                from game.engine.debug import DebugError, scene_id

                try:
                    scene_id(scenario, self.start_scene)
                except DebugError as error:
                    self.fail(f"error: cannot start there: {error}", 2)
                    return
            self.scenario = scenario
            self.title_screen.show_scenario(scenario.title, self.endings_found(scenario))
        if self.resume or self.load_slot:
            from game.engine.saves import AUTOSAVE, list_saves, save_path

            slot = AUTOSAVE if self.resume else str(self.load_slot)
            if self.scenario is not None:
                self.load_save(save_path(self.scenario.id, slot), exit_on_error=True)
            else:
                saves = [s for s in list_saves() if s.slot == slot]
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
            from game.engine.plurals import plural

            lines = [*problems, f"{path}: cannot start: {plural(len(problems), 'problem')}"]
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
        """Saves the load dialog offers: of the named scenario, or of every scenario."""
        from game.engine.saves import list_saves

        return list_saves(scenario_id=self.scenario.id if self.scenario else None)

    def continuable(self) -> list[SaveInfo]:
        """Unfinished games Continue may resume, newest first."""
        from game.engine.game_run import continuable

        return continuable(self.scenario.id if self.scenario else None)

    def refresh_title(self) -> None:
        self.title_screen.show_saves(self.continuable(), bool(self.saves()))
        if self.scenario is not None:
            self.title_screen.show_scenario(self.scenario.title, self.endings_found(self.scenario))
        if self.debug_game:
            where = f", opening in the scene '{self.start_scene}'" if self.start_scene else ""
            self.title_screen.show_debug(f"DEBUG: an author's game{where}; nothing is kept")

    # -- the endings gallery ------------------------------------------------------------------

    def gallery(self) -> dict[str, Found] | None:
        """The endings the player has found, by scenario (None for a game served to a class)."""
        if not self.personal_files:
            return None
        from game.engine.gallery import read_gallery

        return read_gallery()

    def endings_found(self, scenario: Scenario) -> str:
        """The scenario's "2 of 8 endings found", or nothing for a game served to a class."""
        from game.engine.gallery import progress

        if self.debug_game:
            return ""  # a debug game counts no endings: it does not show the count either
        gallery = self.gallery()
        return "" if gallery is None else progress(scenario, gallery).line

    def record_ending(self) -> Found | None:
        """Add the ending reached to the gallery; the scenario's progress, if it is kept (not
        for a game served to a class, nor for a debug game)."""
        if not self.personal_files or self.game is None:
            return None
        return self.game.record_ending()

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

                self.push_screen(ScenarioDialog(available, self.gallery()), chosen)
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
        """The autosave of an unfinished game of this scenario, which a new game would set aside."""
        if not self.autosave_enabled:
            return None
        from game.engine.game_run import unfinished_autosave

        return unfinished_autosave(scenario_id)

    def start_new_game(self, scenario: Scenario) -> None:
        """Start a fresh game of the scenario (with the command line's seed, if any).

        With --ask-player (classes), the player is asked for a name first.
        """
        from game.engine.game_run import GameRun

        def start(name: str | None) -> None:
            if name is None:
                return  # the player backed out of the name dialog
            self.player = name or None
            start = self.start_scene if scenario is self.scenario else None
            self.begin(
                GameRun.new(
                    scenario,
                    self.seed,
                    self.player,
                    self.autosave_enabled,
                    debug=self.debug_game,
                    start=start,
                )
            )

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
        saves = self.continuable()
        if saves:
            self.load_save(saves[0].path)
        else:
            self.notify("There is no unfinished game to continue.", severity="warning")

    def on_save_file_chosen(self, message: SaveFileChosen) -> None:
        self.load_save(message.path)

    def load_save(self, path: Path, exit_on_error: bool = False) -> None:
        """Load a save file (its scenario found by id) and play on from there."""
        from game.engine.game_run import GameRun
        from game.engine.saves import SaveError, read_info

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
            run = GameRun.open(
                path, scenario, self.autosave_enabled, player=self.player, debug=self.debug_game
            )
        except SaveError as error:
            fail(str(error))
            return
        self.begin(run)

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

    def begin(self, run: GameRun) -> None:
        """Show a game: the play screen, or the debrief if it has already ended."""
        if self.game is not None and self.game is not run:
            self.game.abandon()
        self.game = run
        self.found = None
        self.source = self._sources.get(run.scenario.id)
        self.reload_problems = []
        self.pop_to_title()
        self.tell_notices()
        if run.ended:
            self.show_debrief()
            return
        from game.ui.screens.play import PlayScreen

        self.push_screen(
            PlayScreen(run.session, meters_shown=self.settings.meters_shown, debug=run.debug)
        )

    def show_debrief(self) -> None:
        """The debrief of the game that has ended (one place for endings)."""
        from game.ui.screens.debrief import DebriefScreen

        if self.session is None:
            return
        self.pop_to_title()
        self.push_screen(DebriefScreen(self.session, self.found))

    def tell_notices(self) -> None:
        """Show what the game run has to tell the player (kept saves, failed autosaves…)."""
        if self.game is None:
            return
        for notice in self.game.take_notices():
            failed = "failed" in notice or "could not" in notice.lower()
            self.notify(notice, severity="error" if failed else "information", markup=False)

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

        run = self.game
        if run is None:
            return
        if run.ended:  # the ending's only option: on to the debrief
            self.show_debrief()
            return
        try:
            run.choose(message.number)
        except (ChoiceUnavailable, GameOver) as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        if run.ended:
            self.found = self.record_ending()
        self.tell_notices()
        self.redraw()

    def on_undo_requested(self, _: UndoRequested) -> None:
        run = self.game
        if run is None:
            return
        undone = run.undo()
        if undone is None:
            self.notify("Nothing to undo." if not run.ended else "The game is over: no undo.")
            return
        self.tell_notices()
        self.redraw()
        self.notify(f"Undone: {undone.choice_text}", markup=False)

    def redraw(self) -> None:
        """Redraw every screen that shows the session."""
        from game.ui.screens.debug import DebugScreen
        from game.ui.screens.history import HistoryScreen

        screen = self.play_screen
        if screen is not None and self.session is not None:
            screen.show(self.session, self.reload_problems)
        for other in self.screen_stack:
            if isinstance(other, HistoryScreen | DebugScreen) and self.session is not None:
                other.show(self.session)

    # -- the author's debug mode ------------------------------------------------------------

    def action_debug(self) -> None:
        """Open the debug panel of a debug game (in normal play the key does nothing)."""
        from game.ui.screens.debug import DebugScreen

        if self.game is None or not self.game.debug or self.session is None:
            return
        if not isinstance(self.screen, DebugScreen):
            self.push_screen(DebugScreen(self.session))

    def on_debug_command(self, message: DebugCommand) -> None:
        """Set a value ('NAME = VALUE') or jump to a scene ('goto SCENE'); the engine checks
        it, and the panel says what was done or why not."""
        from game.engine.debug import DebugError
        from game.ui.screens.debug import DebugScreen

        run = self.game
        panel = self.screen if isinstance(self.screen, DebugScreen) else None
        if run is None:
            return
        word, _, rest = message.command.partition(" ")
        try:
            if word.lower() in ("goto", "g"):
                decision = run.jump(rest)
                done = f"{decision.choice_text}."
            else:
                assignment = rest if word.lower() == "set" else message.command
                done = run.set_value(assignment).words
        except DebugError as error:
            if panel is not None:
                panel.show_result(str(error), failed=True)
            return
        if run.ended:
            self.found = self.record_ending()
        self.redraw()
        if panel is not None:
            panel.show_result(done)

    # -- saving -----------------------------------------------------------------------------

    def write(self, slot: str) -> bool:
        """Save the game into a named slot, and say so (or why it failed)."""
        from game.engine.saves import SaveError

        if self.game is None:
            return False
        try:
            path = self.game.save(slot)
        except (OSError, SaveError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.notify(f"Could not save: {reason}", severity="error", markup=False)
            return False
        self.notify(f"Saved to slot '{path.stem}'.")
        return True

    def action_save(self) -> None:
        if self.session is None:
            self.notify("Start a game first.")
            return
        from game.engine.saves import list_saves
        from game.ui.screens.dialogs import SaveDialog

        saves = [
            s
            for s in list_saves(scenario_id=self.session.scenario.id)
            if not s.slot.startswith("autosave")
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
            self.push_screen(HelpScreen(scenario, self.session))

    def action_toggle_theme(self) -> None:
        self.theme = other_theme(self.theme)
        self.remember(theme=self.theme)

    def on_meters_toggled(self, message: MetersToggled) -> None:
        self.remember(meters_shown=message.shown)

    def remember(self, **changes: object) -> None:
        """Change the player's settings and keep them for the next time the game starts."""
        self.settings = replace(self.settings, **changes)  # type: ignore[arg-type]
        if not self.personal_files:
            return
        try:
            write_settings(self.settings)
        except OSError as error:
            self.notify(
                f"Your settings could not be kept: {error.strerror or error}",
                severity="warning",
                markup=False,
            )

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
        """The game's own commands, and only those (see game/ui/palette.py)."""
        from game.ui.palette import palette_commands

        yield from palette_commands(self, screen)

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
        from game.engine.saves import SaveError

        scenario, problems = self.read_scenario(source)
        if scenario is None:
            from game.engine.plurals import plural

            self.reload_problems = problems
            self.notify(
                f"{plural(len(problems), 'problem')}; still playing the previous version.",
                title="Scenario reload failed",
                severity="error",
            )
            self.redraw()
            return
        if self.scenario is not None and self.scenario.id == scenario.id:
            self.scenario = scenario
        if (
            self.game is not None
            and self.session is not None
            and self.session.scenario.id == scenario.id
        ):
            try:
                self.game.reload(scenario)
            except SaveError as error:
                self.reload_problems = [f"cannot carry the game over: {error}"]
                self.redraw()
                return
        self.reload_problems = []
        self.redraw()
        self.notify("Scenario reloaded.")


def run_app(args: argparse.Namespace, personal_files: bool = True) -> int:
    """Run the full-screen game with the command line's options; return the exit code.

    ``personal_files`` False leaves the player's settings and endings gallery alone (a game
    served to a class, whose data folder all the students share).
    """
    app = DiplomaticTrapsApp(
        scenario_ref=args.scenario,
        seed=args.seed,
        resume=args.resume,
        load_slot=args.load,
        autosave=not args.no_autosave,
        watch=getattr(args, "watch", False),
        player=getattr(args, "player", None),
        ask_player=getattr(args, "ask_player", False),
        personal_files=personal_files,
        debug=getattr(args, "debug", False),
        start_scene=getattr(args, "start", None),
    )
    try:
        app.run()
    finally:
        if app.game is not None:
            app.game.abandon()  # a game left part-way keeps its place and leaves a record
    return app.return_code or 0
