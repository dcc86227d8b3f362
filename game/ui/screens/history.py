"""The history screen: every decision so far and what it did to the meters; undo the last one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.ui.messages import UndoRequested
from game.ui.widgets.emphasis import emphasised
from game.ui.widgets.story import INDENT, bulletin_effects, decision_effects, other_effects

if TYPE_CHECKING:
    from game.engine.session import Decision, Session


def decision_content(session: Session, decision: Decision) -> Content:
    """A decision as the history shows it."""
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
    lines.extend(decision_effects(session, decision))
    lines.extend(
        Content.assemble(INDENT, line) for line in other_effects(session, decision.changes)
    )
    for bulletin in decision.bulletins:
        lines.append(Content.assemble(f"{INDENT}NEWS: ", emphasised(bulletin.headline)))
        moved = bulletin_effects(session, decision.changes, bulletin.headline)
        lines.extend(Content.assemble(INDENT, line) for line in moved)
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
        yield Footer()

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
            return
        box.mount_all(
            Static(decision_content(session, d), classes="entry") for d in session.history
        )
        box.scroll_end(animate=False)

    def action_undo(self) -> None:
        self.post_message(UndoRequested())
