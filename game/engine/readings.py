"""What a meter's value or change means for the player, in words that read aloud as well as
they look ("fair", "up 5, better"): the front ends add marks and colours on top, never instead."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from .model import Mark, Meter


def is_better(meter: Meter, delta: float) -> bool:
    """Whether a change of this sign is good for the player (up for most meters, down for blame)."""
    return (delta > 0) == (meter.good == "high")


def level_word(meter: Meter, value: float) -> str:
    """ "good", "fair" or "poor": the value's third of the meter's range, as the player sees it."""
    goodness = meter.goodness(value)
    if goodness >= 2 / 3:
        return "good"
    if goodness >= 1 / 3:
        return "fair"
    return "poor"


def change_in_words(meter: Meter, delta: int) -> str:
    """A change as a direction, a size and a verdict: "up 5, better", "down 15, worse"."""
    if not delta:
        return "no change"
    direction = "up" if delta > 0 else "down"
    verdict = "better" if is_better(meter, delta) else "worse"
    return f"{direction} {abs(delta)}, {verdict}"


@dataclass(frozen=True, slots=True)
class MarkView:
    """A meter's mark as the player may see it now."""

    mark: Mark
    text: str  # "below 35: the White House loses patience"; an unknown line is not given away
    known: bool  # whether the player knows where the line is
    line: int | None  # where the line is, when the player knows it
    beyond: bool  # whether the value is beyond it now (always False for an unknown line)
    bad: bool  # whether being beyond it is bad for the player


UNKNOWN_LINE = "a line you do not know yet"


def marks_as_seen(
    meter: Meter, values: Mapping[str, int | bool], visible: Collection[str]
) -> list[MarkView]:
    """The meter's marks as the player sees them: a line set by a meter the player cannot see
    stays unknown, and whether the value is beyond it is not given away."""
    views = []
    value = int(values[meter.id])
    for mark in meter.marks:
        known = not mark.ref or mark.ref in visible
        text = mark.describe(values) if known else mark.describe(unknown=UNKNOWN_LINE)
        beyond = known and mark.holds(value, values)
        line = mark.line(values) if known else None
        views.append(MarkView(mark, text, known, line, beyond, meter.is_bad(mark)))
    return views
