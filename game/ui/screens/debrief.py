"""The debrief at every ending: outcome, ending text, meter chart, traps and the decisive choices."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from game.engine.debrief import as_markdown
from game.engine.debrief import compose as compose_debrief
from game.engine.plurals import plural
from game.ui.screens.history import decision_content
from game.ui.widgets.chart import MeterChart
from game.ui.widgets.footer import GameFooter
from game.ui.widgets.hanging import HangingText
from game.ui.widgets.prose import Prose

if TYPE_CHECKING:
    from game.engine.gallery import Found
    from game.engine.session import Decision, Session

OUTCOME_WORDS = {
    "success": ("SUCCESS", "$success"),
    "partial": ("PARTIAL SUCCESS", "$warning"),
    "failure": ("FAILURE", "$error"),
}


WHAT_HAPPENED = "What happened in your game, and why"


def decisive(session: Session, count: int = 3) -> list[Decision]:
    """The decisions that moved the meters most (by total size of the moves), in turn order."""
    scenario = session.scenario

    def weight(decision: Decision) -> int:
        return sum(abs(d) for d in decision.meter_changes(scenario).values())

    ranked = sorted((d for d in session.history if weight(d)), key=weight, reverse=True)
    return sorted(ranked[:count], key=lambda d: d.turn)


class DebriefScreen(Screen):
    """What happened and why; play again or go back to the title."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "app.play_again", "Play again"),
        Binding("t,escape", "app.to_title", "Title"),
        Binding("h", "app.history", "History"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
        # the same reading keys as the play screen, whatever has the focus
        Binding("pagedown,space", "read(1)", "Read on", show=False, priority=True),
        Binding("pageup,shift+space,b", "read(-1)", "Read back", show=False, priority=True),
    ]

    def __init__(self, session: Session, endings_found: Found | None = None) -> None:
        super().__init__()
        self.session = session
        self.endings_found = endings_found

    def compose(self) -> ComposeResult:
        session = self.session
        ending = session.ending
        outcome = ending.outcome if ending else "partial"
        word, colour = OUTCOME_WORDS.get(outcome, (outcome.upper(), "$warning"))
        yield Static(
            Content.assemble(("Debrief · ", "bold"), (word, f"bold {colour}")),
            id="outcome",
        )
        with VerticalScroll(id="debrief", can_focus=True):
            debrief = compose_debrief(session)
            yield Static(Content(f"The end: {session.scene.title}"), classes="section-title")
            yield Prose(debrief.story, classes="narrative")
            yield Static(WHAT_HAPPENED, classes="section-title")
            yield Prose(as_markdown(debrief), classes="narrative")
            yield Static("The meters over the game", classes="section-title")
            yield MeterChart(session, id="chart")
            yield Static("The decisions that moved the meters most", classes="section-title")
            moves = decisive(session)
            if not moves:
                yield Static("No decision moved a meter.")
            for decision in moves:
                yield HangingText(decision_content(session, decision), classes="entry")
            yield Static(
                f"You made {plural(session.turn, 'decision')}. Seed {session.seed} replays this game "
                f"(--seed {session.seed}).",
                classes="muted",
            )
            if self.endings_found is not None:
                yield Static(f"{self.endings_found.line} in this scenario.", classes="muted")
            with Horizontal(id="debrief-buttons"):
                yield Button("Play again", id="play-again", variant="primary")
                yield Button("Back to title", id="to-title")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#debrief").focus()

    def action_read(self, pages: int) -> None:
        debrief = self.query_one("#debrief", VerticalScroll)
        if pages > 0:
            debrief.scroll_page_down(animate=False)
        else:
            debrief.scroll_page_up(animate=False)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.app.run_action("play_again" if event.button.id == "play-again" else "to_title")
