"""The story column's blocks: what the last choice did, news bulletins, and reload problems.

What a turn did, and why, comes from the engine's account of the turn (game.engine.account);
these widgets only style it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from game.ui.widgets.emphasis import emphasised
from game.ui.widgets.meters import change_content
from game.ui.widgets.prose import prose_content

if TYPE_CHECKING:
    from game.engine.account import Move, Part
    from game.engine.session import Session


INDENT = "\u00a0\u00a0"  # non-breaking, so that wrapping keeps it


def move_line(move: Move) -> Content:
    """One visible meter's move: label, arrow, number and verdict, and a bound that stopped it."""
    line = Content.assemble(f"{INDENT}{move.meter.label}: ", change_content(move.meter, move.delta))
    if move.bound:
        note = (
            f" (at its {move.bound}, {move.after})"
            if move.delta
            else f"already at its {move.bound} ({move.after})"
        )
        line = Content.assemble(line, Content.styled(note, "italic $text-muted"))
    return line


def part_lines(session: Session, part: Part, moves_shown: bool = True) -> list[Content]:
    """A part of a turn as lines: what it moved, a hidden value that moved, why it went where it
    went, and meters it revealed. Without ``moves_shown`` only the notes the meters panel cannot
    show are kept."""
    lines: list[Content] = []
    for reason in part.reasons:
        lines.append(Content.styled(f"{INDENT}because {reason}", "italic"))
    if moves_shown:
        lines.extend(move_line(move) for move in part.moves)
    if part.hidden_moved:
        text = (
            "A value you cannot see moved too."
            if part.moves
            else "No meter you can see moved; a hidden value did."
        )
        lines.append(Content.styled(f"{INDENT}{text}", "italic $text-muted"))
    elif moves_shown and part.kind == "choice" and not part.moves:
        lines.append(Content.styled(f"{INDENT}No meter moved.", "$text-muted"))
    for meter in part.revealed:
        value = session.values[meter.id]
        lines.append(Content.styled(f"{INDENT}Now you can see {meter.label}: {value}.", "bold"))
    return lines


class LastChoice(Static):
    """The feedback of the last choice, the trap it sprang if any, and what it did, cause by cause."""

    def show(self, session: Session, brief: bool = False) -> None:
        """Show the last decision; ``brief`` leaves out the meter moves the meters panel shows."""
        from game.engine.account import account

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
        every = account(decision.events, session)
        turn = [p for p in every if p.kind != "news"]
        causes = len([p for p in every if p.moves])
        for part in turn:
            # the meters panel shows the net moves; when more than one cause moved them, say which
            shown = not brief or causes > 1
            lines = part_lines(session, part, shown)
            if part.kind == "choice" and not lines:
                continue
            heading = part.heading + (":" if lines else "")
            parts.append(Content.styled(heading, "bold"))
            if part.text and part.kind == "route":
                parts.append(prose_content(part.text))
            parts.extend(lines)
        self.update(Content("\n").join(parts))


class NewsBlock(Static):
    """Chance news that shifts the ground, marked as a bulletin."""

    def show(self, session: Session) -> None:
        """The news drawn on arriving in this scene, each with the meter moves it brought."""
        from game.engine.account import account

        news = [p for p in account(session.events, session) if p.kind == "news"]
        self.display = bool(news)
        parts: list[Content] = []
        for part in news:
            headline = part.heading.removeprefix("News: ")
            parts.append(Content.assemble(("■ ", "bold"), emphasised(headline, "bold")))
            if part.text:
                parts.append(prose_content(part.text))
            if lines := part_lines(session, part):
                parts += [Content.styled("What this news did:", "bold"), *lines]
        self.update(Content("\n").join(parts))
        self.border_title = "NEWS BULLETIN"


class ReloadProblems(Static):
    """Problems found when the scenario files changed; the old version plays on meanwhile."""

    def show(self, problems: list[str]) -> None:
        self.display = bool(problems)
        if problems:
            self.border_title = "Scenario reload failed: still playing the previous version"
            self.update(Content("\n").join(Content(p) for p in problems))
