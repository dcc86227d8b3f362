"""Messages the widgets and screens send to the app, which alone asks the Session to change."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message


class ChoiceMade(Message):
    """The player took the choice shown with this number."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


class UndoRequested(Message):
    """The player wants to take back the last choice."""


class MetersToggled(Message):
    """The player showed or hid the meters panel (the app remembers it for next time)."""

    def __init__(self, shown: bool) -> None:
        super().__init__()
        self.shown = shown


class NewGameRequested(Message):
    """Start a new game of this scenario folder (None: the one the app was started with)."""

    def __init__(self, scenario_path: Path | None = None) -> None:
        super().__init__()
        self.scenario_path = scenario_path


class ContinueRequested(Message):
    """Continue the newest saved game."""


class SaveFileChosen(Message):
    """Load this save file."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class DebugCommand(Message):
    """In a debug game: set a value ('NAME = VALUE') or jump to a scene ('goto SCENE')."""

    def __init__(self, command: str) -> None:
        super().__init__()
        self.command = command
