"""The story column's blocks: what the last choice did, news bulletins, and reload problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from game.ui.widgets.emphasis import emphasised
from game.ui.widgets.meters import change_content

if TYPE_CHECKING:
    from game.engine.session import Bulletin, Decision, Session


INDENT = "\u00a0\u00a0"  # non-breaking, so that wrapping keeps it


def plain_paragraphs(text: str) -> str:
    """Author text with single line breaks joined, paragraphs kept."""
    return "\n\n".join(" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip())


def decision_effects(session: Session, decision: Decision) -> list[Content]:
    """One line per visible meter the decision moved (hidden meters wait for the debrief)."""
    scenario = session.scenario
    lines = []
    for name, delta in decision.meter_changes(scenario).items():
        meter = scenario.meter_by_id[name]
        if not meter.hidden:
            lines.append(Content.assemble(f"{INDENT}{meter.label}: ", change_content(meter, delta)))
    return lines or [Content.styled(f"{INDENT}No meter moved.", "$text-muted")]


class LastChoice(Static):
    """The feedback of the last choice, the trap it sprang if any, and what it did to the meters."""

    def show(self, session: Session, brief: bool = False) -> None:
        """Show the last decision; ``brief`` leaves out the meter moves the meters panel shows."""
        decision = session.last
        self.display = decision is not None
        if decision is None:
            return
        parts: list[Content] = [
            Content.assemble(
                (f"Turn {decision.turn}, you chose: ", "bold"), emphasised(decision.choice_text)
            ),
        ]
        if decision.feedback:
            parts.append(emphasised(plain_paragraphs(decision.feedback)))
        if decision.trap_id and decision.trap_id in session.scenario.traps:
            trap = session.scenario.traps[decision.trap_id]
            parts.append(
                Content.styled(f"⚠ TRAP SPRUNG: {trap.name} (see the journal, j)", "bold $error")
            )
        if not brief:
            parts.append(Content.styled("What it did:", "bold"))
            parts.extend(decision_effects(session, decision))
        self.update(Content("\n").join(parts))


class NewsBlock(Static):
    """Chance news that shifts the ground, marked as a bulletin."""

    def show(self, bulletins: tuple[Bulletin, ...]) -> None:
        self.display = bool(bulletins)
        parts: list[Content] = []
        for bulletin in bulletins:
            parts.append(Content.assemble(("■ ", "bold"), emphasised(bulletin.headline, "bold")))
            if bulletin.text:
                parts.append(emphasised(plain_paragraphs(bulletin.text)))
        self.update(Content("\n").join(parts))
        self.border_title = "NEWS BULLETIN"


class ReloadProblems(Static):
    """Problems found when the scenario files changed; the old version plays on meanwhile."""

    def show(self, problems: list[str]) -> None:
        self.display = bool(problems)
        if problems:
            self.border_title = "Scenario reload failed: still playing the previous version"
            self.update(Content("\n").join(Content(p) for p in problems))
