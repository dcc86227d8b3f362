"""The help screen: keys and how the meters work (help.md), then the scenario's glossary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static

from game.ui.widgets.emphasis import emphasised

if TYPE_CHECKING:
    from game.engine.model import GlossaryEntry, Scenario

HELP_FILE = Path(__file__).resolve().parent.parent / "help.md"
INDENT = "\u00a0\u00a0"


def glossary_entry(entry: GlossaryEntry) -> Content:
    """A term in bold, its definition under it; the author's Markdown read like all author text."""
    return Content.assemble(
        (entry.term, "bold"), "\n", INDENT, emphasised(" ".join(entry.definition.split()))
    )


class HelpScreen(Screen):
    """Keys, meters, traps and the glossary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "app.pop_screen", "Back"),
    ]

    def __init__(self, scenario: Scenario | None) -> None:
        super().__init__()
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        yield Static("Help", classes="screen-title")
        with VerticalScroll(id="help", can_focus=True):
            # the game's own help, with its tables: not author text
            yield Markdown(HELP_FILE.read_text(encoding="utf-8"))
            scenario = self.scenario
            if scenario is not None and scenario.glossary:
                yield Static(Content(f"Glossary: {scenario.title}"), classes="section-title")
                for entry in scenario.glossary:
                    yield Static(glossary_entry(entry), classes="entry")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").focus()
