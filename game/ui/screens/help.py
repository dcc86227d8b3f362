"""The help screen: keys and how the meters work (help.md), then the scenario's glossary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static

if TYPE_CHECKING:
    from game.engine.model import Scenario

HELP_FILE = Path(__file__).resolve().parent.parent / "help.md"


def help_markdown(scenario: Scenario | None) -> str:
    """The help text, with the scenario's glossary appended when there is one."""
    text = HELP_FILE.read_text(encoding="utf-8")
    if scenario is not None and scenario.glossary:
        terms = "\n".join(
            f"- **{entry.term}**: {' '.join(entry.definition.split())}"
            for entry in scenario.glossary
        )
        text += f"\n\n## Glossary: {scenario.title}\n\n{terms}\n"
    return text


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
            yield Markdown(help_markdown(self.scenario))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").focus()
