"""The story column's blocks: what the last turn did, news bulletins, and reload problems.

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


NBSP = "\u00a0"
INDENT = NBSP * 2  # non-breaking, so that wrapping keeps it
BETWEEN = " · "


def move_content(move: Move, short: bool = False, colon: bool = False) -> Content:
    """One visible meter's move: label, arrow, number and verdict, and a bound that stopped it
    ('Kyiv ▲ +5 better, cut short at its maximum (100)'); ``colon`` after the label."""
    label = (move.meter.short_label if short else move.meter.label) + (":" if colon else "")
    if not move.delta:
        return Content.assemble(f"{label} ", Content.styled(move.bound_words, "$text-muted"))
    line = Content.assemble(f"{label} ", change_content(move.meter, move.delta))
    if move.bound:
        line = Content.assemble(line, Content.styled(f", {move.bound_words}", "italic"))
    return line


def flowed(head: Content, pieces: list[Content], width: int) -> Content:
    """``head``, then the pieces apart by ' · ', broken into lines only between pieces (so that
    a move is never split from its verdict) when ``width`` is known."""
    lines = [head]
    for index, piece in enumerate(pieces):
        line = lines[-1]
        space = BETWEEN if index else (" " if line.plain.strip() else "")
        joined = Content.assemble(line, space, piece)
        after = len(BETWEEN.rstrip()) if index < len(pieces) - 1 else 0  # the next ' ·'
        if width and len(joined.plain) + after > width and line.plain.strip():
            if index:
                lines[-1] = Content.assemble(line, BETWEEN.rstrip())
            lines.append(Content.assemble(INDENT, piece))
        else:
            lines[-1] = joined
    return Content("\n").join(lines)


def moves_inline(part: Part, short: bool = False) -> list[Content]:
    """Every move of a part, then what they do not tell ('a hidden value moved')."""
    pieces = [move_content(move, short) for move in part.moves]
    if part.note:
        pieces.append(Content.styled(part.note, "italic"))
    return pieces


def part_lines(session: Session, part: Part) -> list[Content]:
    """A part of a turn as lines, one move to a line (for the history): why it went where it
    went, what it moved, what the moves do not tell, and meters it revealed."""
    lines: list[Content] = []
    for reason in part.reasons:
        lines.append(Content.styled(f"{INDENT}because {reason}", "italic"))
    for move in part.moves:
        lines.append(Content.assemble(INDENT, move_content(move, colon=True)))
    if part.note:
        note = part.note[0].upper() + part.note[1:] + "."
        lines.append(Content.styled(f"{INDENT}{note}", "italic"))
    lines.extend(revealed_lines(session, part))
    return lines


def revealed_lines(session: Session, part: Part) -> list[Content]:
    return [
        Content.styled(f"{INDENT}Now you can see {m.label}: {session.values[m.id]}.", "bold")
        for m in part.revealed
    ]


def part_content(session: Session, part: Part, short: bool, width: int) -> list[Content]:
    """A part of the last turn, compactly: its heading with its moves on the same line when it
    has nothing else to say, else the heading, the bulletin, the reasons and then the moves."""
    inline = moves_inline(part, short)
    heading = emphasised(part.heading, "bold")
    lines: list[Content] = []
    if part.text or part.reasons:
        lines.append(heading)
        if part.text:
            lines.append(prose_content(part.text))
        lines.extend(Content.styled(f"{INDENT}because {r}", "italic") for r in part.reasons)
        if inline:
            lines.append(flowed(Content(INDENT), inline, width))
    elif inline:
        lines.append(flowed(Content.assemble(heading, (":", "bold")), inline, width))
    else:
        lines.append(heading)
    lines.extend(revealed_lines(session, part))
    return lines


class TurnBlock(Static):
    """A block of the story that lays out moves to its own width: drawn again when it changes."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.shown: tuple[Session, bool] | None = None

    def room(self) -> int:
        """The width the block's text has (a guess from the screen's until it is laid out)."""
        return self.content_size.width or self.app.size.width - 4

    def on_resize(self) -> None:
        if self.shown is not None:
            self.show(*self.shown)

    def show(self, session: Session, short: bool = False) -> None:
        raise NotImplementedError


class LastChoice(TurnBlock):
    """The last turn: the choice, its feedback, the trap it sprang if any, and what it did,
    cause by cause (the news has a block of its own, just below)."""

    def show(self, session: Session, short: bool = False) -> None:
        """Show the last decision; ``short`` names the meters by their short labels."""
        from game.engine.account import account

        self.shown = (session, short)
        decision = session.last
        self.display = decision is not None
        if decision is None:
            return
        said = "" if decision.choice_id else ":"  # a debug jump is not a choice
        chose = Content.assemble(
            (f"Turn {decision.turn}{said or ', you chose:'} ", "bold"),
            emphasised(decision.choice_text),
        )
        room = self.room()
        if short and len(chose.plain) > room:  # one line: the player has just read the choice
            chose = chose[: room - 1] + Content("…")
        parts: list[Content] = [chose]
        if decision.feedback:
            parts.append(prose_content(decision.feedback))
        if decision.trap_id and decision.trap_id in session.scenario.traps:
            trap = session.scenario.traps[decision.trap_id]
            where = "" if short else " (journal: j)"  # narrow: the footer says it
            parts.append(Content.styled(f"⚠ TRAP SPRUNG: {trap.name}{where}", "bold $error"))
        for part in account(decision.events, session):
            if part.kind != "news":
                parts.extend(part_content(session, part, short, room))
        self.update(Content("\n").join(parts))


class NewsBlock(TurnBlock):
    """Chance news that shifts the ground, marked as a bulletin."""

    def show(self, session: Session, short: bool = False) -> None:
        """The news drawn on arriving in this scene, each with the meter moves it brought."""
        from game.engine.account import account

        self.shown = (session, short)
        news = [p for p in account(session.events, session) if p.kind == "news"]
        self.display = bool(news)
        parts: list[Content] = []
        for part in news:
            headline = part.heading.removeprefix("News: ")
            # on narrow screens the bulletin has no frame to carry its name
            mark = "■ NEWS BULLETIN: " if short else "■ "
            parts.append(Content.assemble((mark, "bold"), emphasised(headline, "bold")))
            if part.text:
                parts.append(prose_content(part.text))
            if inline := moves_inline(part, short):
                head = Content.styled("What this news did:", "bold")
                parts.append(flowed(head, inline, self.room()))
            parts.extend(revealed_lines(session, part))
        self.update(Content("\n").join(parts))
        self.border_title = "NEWS BULLETIN"


class DebugTurn(Static):
    """In an author's debug game: every chance draw of the last turn (or the opening), with its
    weights and why, and every value it changed, hidden ones too."""

    def show(self, session: Session, debug: bool) -> None:
        from game.engine.debug import turn_lines

        self.display = debug
        if not debug:
            return
        lines = turn_lines(session.events) or ["nothing was drawn and no value changed"]
        self.border_title = "DEBUG: draws and changes (d: every value, set, jump)"
        self.update(Content("\n").join(Content(line) for line in lines))


class ReloadProblems(Static):
    """Problems found when the scenario files changed; the old version plays on meanwhile."""

    def show(self, problems: list[str]) -> None:
        self.display = bool(problems)
        if problems:
            self.border_title = "Scenario reload failed: still playing the previous version"
            self.update(Content("\n").join(Content(p) for p in problems))
