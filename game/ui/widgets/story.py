"""The story column's blocks: what the last choice did, news bulletins, and reload problems."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from game.ui.widgets.emphasis import emphasised
from game.ui.widgets.meters import change_content
from game.ui.widgets.prose import prose_content

if TYPE_CHECKING:
    from game.engine.session import Change, Decision, Session


INDENT = "\u00a0\u00a0"  # non-breaking, so that wrapping keeps it


def effect_lines(session: Session, changes: Iterable[Change]) -> list[Content]:
    """One line per visible meter these changes moved, net (hidden meters wait for the debrief)."""
    from game.engine.session import net_meter_changes

    scenario = session.scenario
    lines = []
    for name, delta in net_meter_changes(changes, scenario).items():
        meter = scenario.meter_by_id[name]
        if not meter.hidden:
            lines.append(Content.assemble(f"{INDENT}{meter.label}: ", change_content(meter, delta)))
    return lines


def caused_by(changes: Iterable[Change], *causes: str, detail: str | None = None) -> list[Change]:
    """The changes with one of these causes (and this detail: a headline or scene title)."""
    return [c for c in changes if c.cause in causes and (detail is None or c.detail == detail)]


def decision_effects(session: Session, decision: Decision) -> list[Content]:
    """What the choice itself did, one line per visible meter it moved."""
    lines = effect_lines(session, caused_by(decision.changes, "choice"))
    return lines or [Content.styled(f"{INDENT}No meter moved.", "$text-muted")]


def other_effects(session: Session, changes: Iterable[Change]) -> list[Content]:
    """Moves that were not the choice's: chance without a bulletin, and arriving in a scene,
    each under a line saying where they came from (bulletins list their own)."""
    changes = list(changes)
    headlines = {c.detail for c in caused_by(changes, "news", "chance") if c.detail}
    lines: list[Content] = []
    unheralded = [c for c in caused_by(changes, "chance") if c.detail not in headlines]
    if moved := effect_lines(session, unheralded):
        lines += [Content.styled("By chance:", "bold"), *moved]
    for title in dict.fromkeys(c.detail for c in caused_by(changes, "scene")):
        if moved := effect_lines(session, caused_by(changes, "scene", detail=title)):
            lines += [Content.styled(f"On arriving at {title}:", "bold"), *moved]
    return lines


def bulletin_effects(session: Session, changes: Iterable[Change], headline: str) -> list[Content]:
    """The meter moves a bulletin's news brought."""
    return effect_lines(session, caused_by(changes, "news", "chance", detail=headline))


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
            parts.append(prose_content(decision.feedback))
        if decision.trap_id and decision.trap_id in session.scenario.traps:
            trap = session.scenario.traps[decision.trap_id]
            parts.append(
                Content.styled(f"⚠ TRAP SPRUNG: {trap.name} (see the journal, j)", "bold $error")
            )
        others = other_effects(session, decision.changes)
        news = any(
            bulletin_effects(session, decision.changes, b.headline) for b in decision.bulletins
        )
        if not brief or others or news:  # the panel's arrows mix causes: then say which is which
            parts.append(Content.styled("What your choice did:", "bold"))
            parts.extend(decision_effects(session, decision))
            parts.extend(others)
        self.update(Content("\n").join(parts))


class NewsBlock(Static):
    """Chance news that shifts the ground, marked as a bulletin."""

    def show(self, session: Session) -> None:
        """The news drawn on the way to this scene, each with the meter moves it brought."""
        bulletins = session.bulletins
        changes = session.last.changes if session.last else session.opening
        self.display = bool(bulletins)
        parts: list[Content] = []
        for bulletin in bulletins:
            parts.append(Content.assemble(("■ ", "bold"), emphasised(bulletin.headline, "bold")))
            if bulletin.text:
                parts.append(prose_content(bulletin.text))
            if moved := bulletin_effects(session, changes, bulletin.headline):
                parts += [Content.styled("What this news did:", "bold"), *moved]
        self.update(Content("\n").join(parts))
        self.border_title = "NEWS BULLETIN"


class ReloadProblems(Static):
    """Problems found when the scenario files changed; the old version plays on meanwhile."""

    def show(self, problems: list[str]) -> None:
        self.display = bool(problems)
        if problems:
            self.border_title = "Scenario reload failed: still playing the previous version"
            self.update(Content("\n").join(Content(p) for p in problems))
