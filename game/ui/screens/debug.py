"""The author's debug panel: every value (hidden ones too), the last turn's chance draws and
changes, and a line to set a value or jump to a scene. The rules are the engine's
(game.engine.debug); the app carries out what is typed here."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from game.ui.messages import DebugCommand

if TYPE_CHECKING:
    from game.engine.session import Session

TITLE = "DEBUG: every value; set one, or jump to a scene"
PROMPT = "NAME = VALUE, or goto SCENE; Enter does it, Esc closes"


class DebugScreen(ModalScreen[None]):
    """Opened with d or F12 in a debug game; the play screen below shows each change at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f12", "app.pop_screen", "Close"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="debug-panel"):
            yield Static(Content.styled(TITLE, "bold reverse"), classes="dialog-title")
            with VerticalScroll(id="debug-values"):
                yield Static("", id="debug-readings")
                yield Static("", id="debug-last-turn")
            yield Input(placeholder=PROMPT, id="debug-command")
            yield Static("", id="debug-result")

    def on_mount(self) -> None:
        self.show(self.session)
        self.query_one(Input).focus()

    def show(self, session: Session) -> None:
        """Every value now, then what the last turn (or the opening) drew and changed."""
        from game.engine.debug import turn_lines, value_lines

        self.session = session
        self.query_one("#debug-readings", Static).update(Content("\n".join(value_lines(session))))
        lines = turn_lines(session.events) or ["nothing was drawn and no value changed"]
        head = "Last turn:" if session.last is not None else "Opening:"
        self.query_one("#debug-last-turn", Static).update(
            Content.assemble((head, "bold"), "\n", "\n".join(lines))
        )

    def show_result(self, text: str, failed: bool = False) -> None:
        """Say what the last command did, or why it could not be done."""
        line = Content.styled(f"✗ {text}", "bold $error") if failed else Content(f"✓ {text}")
        self.query_one("#debug-result", Static).update(line)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        command = event.value.strip()
        if not command:
            return
        event.input.value = ""
        self.post_message(DebugCommand(command))
