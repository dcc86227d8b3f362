"""The history screen: every decision so far and what it did to the meters; undo the last one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.ui.messages import UndoRequested
from game.ui.widgets.emphasis import emphasised
from game.ui.widgets.footer import GameFooter
from game.ui.widgets.hanging import HangingText
from game.ui.widgets.story import INDENT, part_lines

if TYPE_CHECKING:
    from game.engine.session import Decision, Session


def decision_content(session: Session, decision: Decision) -> Content:
    """A decision as the history shows it: the choice, the trap it sprang, and what happened,
    cause by cause."""
    from game.engine.account import account

    scenario = session.scenario
    scene = scenario.scenes.get(decision.scene_id)
    where = scene.title if scene else decision.scene_id
    lines = [
        Content.assemble((f"Turn {decision.turn}", "bold"), f" · {where}"),
        Content.assemble(f"{INDENT}You chose: ", emphasised(decision.choice_text, "bold")),
    ]
    if decision.trap_id and decision.trap_id in scenario.traps:
        name = scenario.traps[decision.trap_id].name
        lines.append(Content.styled(f"{INDENT}⚠ Trap sprung: {name}", "$error"))
    for part in account(decision.events, session):
        body = part_lines(session, part)
        if part.kind == "choice":
            lines.extend(body)
        elif body or part.kind == "news":
            lines.append(Content.assemble(INDENT, emphasised(part.heading, "bold")))
            lines.extend(Content.assemble(INDENT, line) for line in body)
    return Content("\n").join(lines)


class HistoryScreen(Screen):
    """Scrollable list of decisions, newest last; u takes back the last one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h", "app.pop_screen", "Back"),
        Binding("u", "undo", "Undo last"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static("History of your decisions", classes="screen-title")
        yield VerticalScroll(id="history-list", can_focus=True)
        yield GameFooter()

    def on_mount(self) -> None:
        self.show(self.session)
        self.query_one("#history-list").focus()

    def show(self, session: Session) -> None:
        """Rebuild the list from the session."""
        self.session = session
        box = self.query_one("#history-list", VerticalScroll)
        box.remove_children()
        if not session.history:
            box.mount(Static("No decisions yet.", classes="entry"))
            self.refresh_bindings()
            return
        box.mount_all(
            HangingText(decision_content(session, d), classes="entry") for d in session.history
        )
        box.scroll_end(animate=False)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo is offered only while there is a choice it can take back."""
        if action == "undo":
            return self.session.can_undo
        return True

    def action_undo(self) -> None:
        self.post_message(UndoRequested())
