"""Small dialogs: save to a slot, load a save, choose a scenario, name the player, confirm quitting."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from game.ui.screens.title import when

if TYPE_CHECKING:
    from game.engine.catalog import ScenarioInfo
    from game.engine.gallery import Found
    from game.engine.saves import SaveInfo


def save_label(info: SaveInfo) -> str:
    """A save as listed: slot, scenario, where the game is, and when it was saved."""
    state = "finished" if info.ended else f"turn {info.turn + 1}"  # as the play screen counts
    return f"{info.slot}  ·  {info.scenario_title}  ·  {info.scene_title}, {state}  ·  {when(info)}"


class SaveDialog(ModalScreen[str | None]):
    """Ask for a slot name; existing slots of this scenario are listed with their time stamps."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, saves: list[SaveInfo], suggestion: str) -> None:
        super().__init__()
        self.saves = saves
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Save the game", classes="dialog-title")
            yield Static("Slot name (Enter to save, Escape to cancel):")
            yield Input(self.suggestion, id="slot", placeholder="slot name")
            if self.saves:
                yield Static("Existing slots (pick one to overwrite it):")
                yield OptionList(
                    *(Option(Content(save_label(s)), id=s.slot) for s in self.saves), id="slots"
                )

    def on_mount(self) -> None:
        slot = self.query_one(Input)
        slot.focus()
        slot.select_all()  # typing replaces the suggested name

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if name:
            self.dismiss(name)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(Input).value = event.option.id or ""
        self.query_one(Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class LoadDialog(ModalScreen[Path | None]):
    """Every save, newest first, with its time stamp."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, saves: list[SaveInfo]) -> None:
        super().__init__()
        self.saves = saves

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Load a saved game", classes="dialog-title")
            if not self.saves:
                yield Static("There are no saved games yet. Escape to go back.")
            else:
                yield OptionList(
                    *(Option(Content(save_label(s)), id=str(i)) for i, s in enumerate(self.saves)),
                    id="saves",
                )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.saves[int(event.option.id or 0)].path)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ScenarioDialog(ModalScreen[Path | None]):
    """Choose which bundled scenario a new game plays."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, scenarios: list[ScenarioInfo], gallery: dict[str, Found] | None = None
    ) -> None:
        super().__init__()
        self.scenarios = scenarios
        self.gallery = gallery  # None: the endings found are not kept (a game served to a class)

    def label(self, info: ScenarioInfo) -> Content:
        """A scenario as listed: title, description, and the endings found so far."""
        lines = [info.title]
        if info.description:
            lines.append(f"  {info.description}")
        if self.gallery is not None:
            found = self.gallery.get(info.scenario_id)
            lines.append(f"  {found.line}" if found else "  No endings found yet")
        return Content("\n".join(lines))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Choose a scenario", classes="dialog-title")
            yield OptionList(
                *(Option(self.label(s), id=str(i)) for i, s in enumerate(self.scenarios)),
                id="scenarios",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.scenarios[int(event.option.id or 0)].path)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PlayerDialog(ModalScreen[str | None]):
    """Ask who is playing, for the play record the teacher collects (Enter with nothing: anonymous)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, suggestion: str = "") -> None:
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Who is playing?", classes="dialog-title")
            yield Static("Your name or class code, for your teacher's report (Enter to start):")
            yield Input(self.suggestion, id="player", placeholder="name or code", max_length=60)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmNewGame(ModalScreen[str | None]):
    """A new game would replace the autosave of an unfinished one: start anyway, or continue it.

    Dismissed with "new", "continue", or None (Escape: neither).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "answer('new')", "New game"),
        Binding("c", "answer('continue')", "Continue it"),
        Binding("escape", "answer(None)", "Cancel"),
    ]

    def __init__(self, unfinished: SaveInfo) -> None:
        super().__init__()
        self.unfinished = unfinished

    def compose(self) -> ComposeResult:
        info = self.unfinished
        with Vertical(classes="dialog"):
            yield Static("Start a new game?", classes="dialog-title")
            yield Static(
                Content(
                    f"You have an unfinished game of {info.scenario_title} at "
                    f"{info.scene_title}, turn {info.turn + 1}. Start a new one? "
                    "Its autosave will be replaced."
                )
            )
            with Horizontal(classes="buttons"):
                yield Button("Continue it (c)", id="continue", variant="primary")
                yield Button("New game (n)", id="new", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#continue").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)


class ConfirmQuit(ModalScreen[bool]):
    """Quitting would lose progress that is not saved: ask first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Quit"),
        Binding("n,escape", "answer(False)", "Stay"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Quit without saving?", classes="dialog-title")
            yield Static("Your last moves are not saved. Press s in the game to save them.")
            with Horizontal(classes="buttons"):
                yield Button("Quit (y)", id="yes", variant="error")
                yield Button("Stay (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
