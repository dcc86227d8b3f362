"""The help screen: keys and how the meters work (help.md), then the scenario's glossary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Markdown, Static

from game.ui.widgets.emphasis import emphasised
from game.ui.widgets.footer import GameFooter

if TYPE_CHECKING:
    from game.engine.model import GlossaryEntry, Meter, Scenario
    from game.engine.session import Session

HELP_FILE = Path(__file__).resolve().parent.parent / "help.md"
INDENT = "\u00a0\u00a0"


def meter_entry(meter: Meter, values: dict[str, int | bool], visible: set[str]) -> Content:
    """A meter as the help lists it: its name, short name, range and direction, then each of
    its marks as the player may see it (a line set by a value the player cannot see stays
    unknown)."""
    from game.engine.readings import marks_as_seen

    direction = "lower is better" if meter.good == "low" else "higher is better"
    short = f" ({meter.short})" if meter.short and meter.short != meter.label else ""
    lines = [
        Content.assemble(
            (meter.label, "bold"), short, (f": {meter.min}–{meter.max}, {direction}", "")
        )
    ]
    views = marks_as_seen(meter, values, visible)
    for view in views:
        symbol = ("⚠" if view.bad else "✓") if view.known else "?"
        lines.append(Content(f"{INDENT}{symbol} {view.text}"))
    if not views:
        lines.append(Content.styled(f"{INDENT}no marks", "$text-muted"))
    return Content("\n").join(lines)


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

    def __init__(self, scenario: Scenario | None, session: Session | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.session = session  # the game on screen: which meters and lines the player knows

    def compose(self) -> ComposeResult:
        yield Static("Help", classes="screen-title")
        with VerticalScroll(id="help", can_focus=True):
            # the game's own help, with its tables: not author text
            yield Markdown(HELP_FILE.read_text(encoding="utf-8"))
            scenario = self.scenario
            if scenario is not None and scenario.meters:
                yield Static(
                    Content(f"The meters and their marks: {scenario.title}"),
                    classes="section-title",
                )
                yield from self.meter_entries(scenario)
            if scenario is not None and scenario.glossary:
                yield Static(Content(f"Glossary: {scenario.title}"), classes="section-title")
                for entry in scenario.glossary:
                    yield Static(glossary_entry(entry), classes="entry")
        yield GameFooter()

    def meter_entries(self, scenario: Scenario) -> ComposeResult:
        """Each meter the player can see now, with its marks; the hidden ones counted."""
        session = self.session
        if session is not None and session.scenario.id == scenario.id:
            values = session.values
            meters = session.visible_meters()
        else:
            values = scenario.initial_values()
            meters = [m for m in scenario.meters if not m.hidden]
        visible = {m.id for m in meters}
        for meter in meters:
            yield Static(meter_entry(meter, values, visible), classes="entry")
        hidden = len(scenario.meters) - len(meters)
        if hidden:
            from game.engine.plurals import plural

            yield Static(
                f"{plural(hidden, 'more value')} hidden: the debrief shows them, or the game "
                "reveals them on the way.",
                classes="entry muted",
            )

    def on_mount(self) -> None:
        self.query_one("#help").focus()
