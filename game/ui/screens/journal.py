"""The traps journal: the traps walked into or stepped around so far, with their lessons."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.engine.plurals import plural
from game.ui.widgets.footer import GameFooter
from game.ui.widgets.story import INDENT

if TYPE_CHECKING:
    from game.engine.model import Trap
    from game.engine.session import Session


def trap_content(trap: Trap, sprung: bool, with_source: bool = False) -> Content:
    """A trap with a word and a mark for whether it caught the player, and its lesson."""
    mark = (
        Content.styled("✗ SPRUNG  ", "bold $error")
        if sprung
        else Content.styled("✓ AVOIDED ", "bold $success")
    )
    lines = [
        Content.assemble(mark, (trap.name, "bold")),
        Content(INDENT + " ".join(trap.lesson.split())),
    ]
    if with_source and trap.source:
        lines.append(Content.styled(INDENT + "Source: " + " ".join(trap.source.split()), "italic"))
    return Content("\n").join(lines)


class JournalScreen(Screen):
    """Traps met so far; the rest stay hidden until the player meets them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,j", "app.pop_screen", "Back"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        session = self.session
        traps = session.scenario.traps
        yield Static("Traps journal", classes="screen-title")
        with VerticalScroll(id="journal-list", can_focus=True):
            met = [(t, True) for t in session.sprung] + [(t, False) for t in session.avoided]
            if not met:
                yield Static("No traps met yet. Tempting moves with a hidden cost appear here.")
            for trap_id, sprung in met:
                if trap_id in traps:
                    yield Static(trap_content(traps[trap_id], sprung), classes="entry")
            unknown = len(traps) - len(met)
            if unknown > 0:
                yield Static(f"{plural(unknown, 'more trap')} not met yet.", classes="muted")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#journal-list").focus()
