"""What a turn did, as the player may see it: the turn's events grouped by cause, with each visible
meter's net move, the notes a bound or a hidden value call for, and why a route went where it did.

The one account of a turn: the full-screen game, the plain game and the exported debrief all show
this, so they cannot disagree about causes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .explain import describe
from .model import Meter
from .readings import change_in_words
from .session import CHOICE, ENTER, NEWS, ROUTE, START, Change, Event, Session

HIDDEN_MOVED = "a hidden value moved"
NOTHING_MOVED = "no meter moved"


@dataclass(frozen=True, slots=True)
class Move:
    """A visible meter's net move within one part of a turn."""

    meter: Meter
    before: int
    after: int
    wanted: int | None = None  # where the effects aimed, when a bound stopped them

    @property
    def delta(self) -> int:
        return self.after - self.before

    @property
    def better(self) -> bool:
        return (self.delta > 0) == (self.meter.good == "high")

    @property
    def bound(self) -> str:
        """'maximum' or 'minimum' when a bound stopped the move, else ''."""
        if self.wanted is None or self.wanted == self.after:
            return ""
        return "maximum" if self.wanted > self.after else "minimum"

    @property
    def bound_words(self) -> str:
        """What a bound did to the move: 'cut short at its maximum (100)', 'already at its
        minimum (0): no change', or '' when no bound stopped it."""
        if not self.bound:
            return ""
        if not self.delta:
            return f"already at its {self.bound} ({self.after}): no change"
        return f"cut short at its {self.bound} ({self.after})"

    def words(self) -> str:
        """The move in words, for reading aloud: 'up 5, better (now 55)'."""
        if not self.delta:
            return self.bound_words
        if self.bound:
            return f"{change_in_words(self.meter, self.delta)}, {self.bound_words}"
        return f"{change_in_words(self.meter, self.delta)} (now {self.after})"


@dataclass(frozen=True, slots=True)
class Part:
    """One cause within a turn and what it did that the player can see."""

    kind: str  # CHOICE, ROUTE, ENTER, NEWS or START
    heading: str  # in the player's words: "What your choice did", "News: …", "Chance decided: …"
    text: str = ""  # a bulletin's text
    moves: tuple[Move, ...] = ()
    hidden_moved: bool = False  # a value the player cannot see moved
    reasons: tuple[str, ...] = ()  # why the state sent the game where it went
    revealed: tuple[Meter, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.moves or self.hidden_moved or self.text or self.reasons or self.revealed)

    @property
    def note(self) -> str:
        """What the moves alone do not tell, in the player's words: 'a hidden value moved', or
        for a choice that moved nothing at all, 'no meter moved' (never said when something
        the player cannot see did move)."""
        if self.hidden_moved:
            return HIDDEN_MOVED
        if self.kind == CHOICE and not self.moves:
            return NOTHING_MOVED
        return ""


def moves(changes: Iterable[Change], session: Session, visible: set[str]) -> tuple[Move, ...]:
    """Each visible meter's net move over these changes, in order of first move; a meter whose
    every effect was stopped by its bound is kept (with no change) so that the player is told."""
    scenario = session.scenario
    first: dict[str, Change] = {}
    last: dict[str, Change] = {}
    for change in changes:
        if change.name in scenario.meter_by_id and change.name in visible:
            first.setdefault(change.name, change)
            last[change.name] = change
    result = []
    for name, start in first.items():
        end = last[name]
        blocked = end.wanted if end.cut_short else None
        if end.after != start.before or blocked is not None:
            meter = scenario.meter_by_id[name]
            result.append(Move(meter, int(start.before), int(end.after), blocked))
    return tuple(result)


def _hidden_moved(changes: Iterable[Change], session: Session, visible: set[str]) -> bool:
    meters = session.scenario.meter_by_id
    return any(c.name in meters and c.name not in visible and c.delta for c in changes)


def account(events: Iterable[Event], session: Session, everything: bool = False) -> list[Part]:
    """The parts of a turn (or of the opening) the player may see, in the order they happened;
    with ``everything``, hidden values too (for debriefs and teachers' records).

    The choice's own part is always there, even when it moved nothing visible; other parts only
    when they showed or moved something.
    """
    scenario = session.scenario
    meters = scenario.meters if everything else session.visible_meters()
    visible = {m.id for m in meters}
    parts: list[Part] = []
    for event in events:
        revealed = tuple(scenario.meter_by_id[m] for m in event.revealed)
        seen = visible | set(event.revealed)
        part_moves = moves(event.changes, session, seen)
        hidden = _hidden_moved(event.changes, session, seen)
        if event.kind == CHOICE:
            parts.append(Part(CHOICE, "What your choice did", "", part_moves, hidden, (), revealed))
        elif event.kind == ROUTE:
            parts.append(_route_part(event, session, part_moves, hidden, revealed, seen))
        elif event.kind == ENTER:
            # a scene that only works out a hidden value on arrival has nothing to show
            part = Part(ENTER, f"On arriving at {event.label}", "", part_moves, False, (), revealed)
            if not part.empty:
                parts.append(part)
        elif event.kind == NEWS:
            heading = f"News: {event.headline}" if event.headline else "Meanwhile"
            part = Part(NEWS, heading, event.text, part_moves, hidden, (), revealed)
            if not part.empty:
                parts.append(part)
        elif event.kind == START:
            if part_moves:
                parts.append(Part(START, f"Drawn by chance: {event.label}", "", part_moves))
            else:  # drawn, and hidden until something reveals it
                parts.append(Part(START, f"Drawn by chance, and hidden for now: {event.label}"))
    return parts


def _route_part(
    event: Event,
    session: Session,
    part_moves: tuple[Move, ...],
    hidden: bool,
    revealed: tuple[Meter, ...],
    visible: set[str],
) -> Part:
    scenario = session.scenario
    draw = event.draw
    target = scenario.scenes[event.scene_id].title if event.scene_id in scenario.scenes else ""
    what = event.headline or f"on to '{target}'"
    reasons: tuple[str, ...] = ()
    if draw is not None and draw.by == "chance":
        heading = f"Chance decided ({_odds(draw.probability)}): {what}"
    else:
        heading = f"Where it led: {what}"
        if draw is not None:
            shown = [
                r
                for r in draw.reasons
                if all(n in visible or n not in scenario.meter_by_id for n, _ in r.values)
            ]
            reasons = tuple(describe(r, scenario) for r in shown)
            if len(shown) < len(draw.reasons):
                reasons += ("(and something you cannot see yet)",)
    return Part(ROUTE, heading, event.text, part_moves, hidden, reasons, revealed)


def _odds(share: float) -> str:
    percent = 100 * share
    if percent >= 99.5:
        return "almost certain"
    return f"a {percent:.0f}% chance" if percent >= 1 else f"a {percent:.1f}% chance"
