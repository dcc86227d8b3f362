"""The game's commands in the command palette (Ctrl+P), as one table: each row says when the
command makes sense and what it does. Textual's own entries (screenshots, maximising, any of
its stock themes) mean nothing in this game and are not offered."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from game.ui.messages import NewGameRequested, UndoRequested

if TYPE_CHECKING:
    from textual.screen import Screen

    from game.ui.app import DiplomaticTrapsApp


def always(app: DiplomaticTrapsApp, screen: Screen) -> bool:
    return True


def in_a_game(app: DiplomaticTrapsApp, screen: Screen) -> bool:
    """A game is open (in play or at its debrief)."""
    return app.session is not None


def in_play(app: DiplomaticTrapsApp, screen: Screen) -> bool:
    """A game is open and not over."""
    return app.session is not None and not app.session.ended


def can_undo(app: DiplomaticTrapsApp, screen: Screen) -> bool:
    return in_play(app, screen) and bool(app.session and app.session.history)


def on_the_play_screen(app: DiplomaticTrapsApp, screen: Screen) -> bool:
    from game.ui.screens.play import PlayScreen

    return isinstance(screen, PlayScreen)


def toggle_meters(app: DiplomaticTrapsApp, screen: Screen) -> None:
    from game.ui.screens.play import PlayScreen

    if isinstance(screen, PlayScreen):
        screen.action_toggle_meters()


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    title: str
    help: str
    offered: Callable[[DiplomaticTrapsApp, Screen], bool]
    run: Callable[[DiplomaticTrapsApp, Screen], object]


COMMANDS = (
    PaletteCommand(
        "New game",
        "Start a new game (an unfinished one in the autosave is asked about first)",
        always,
        lambda app, screen: app.post_message(NewGameRequested()),
    ),
    PaletteCommand(
        "Undo",
        "Take back your last choice",
        can_undo,
        lambda app, screen: app.post_message(UndoRequested()),
    ),
    PaletteCommand("Meters", "Show or hide the meters panel", on_the_play_screen, toggle_meters),
    PaletteCommand(
        "History",
        "Every decision so far and what it did",
        in_a_game,
        lambda app, screen: app.action_history(),
    ),
    PaletteCommand(
        "Traps journal",
        "The traps met so far, with their lessons",
        in_a_game,
        lambda app, screen: app.action_journal(),
    ),
    PaletteCommand(
        "Save game",
        "Keep this game in a named slot",
        in_play,
        lambda app, screen: app.action_save(),
    ),
    PaletteCommand("Load game", "Open a saved game", always, lambda app, screen: app.action_load()),
    PaletteCommand(
        "Help", "Keys, meters and the glossary", always, lambda app, screen: app.action_help()
    ),
    PaletteCommand(
        "Theme: light/dark",
        "Switch between the light and the dark theme (F2)",
        always,
        lambda app, screen: app.action_toggle_theme(),
    ),
    PaletteCommand(
        "Quit",
        "Leave the game (asks first when something is not saved)",
        always,
        lambda app, screen: app.run_action("quit"),
    ),
)


def palette_commands(app: DiplomaticTrapsApp, screen: Screen) -> Iterable[SystemCommand]:
    """The commands that make sense where the palette was opened."""
    for command in COMMANDS:
        if command.offered(app, screen):
            yield SystemCommand(command.title, command.help, lambda c=command: c.run(app, screen))
