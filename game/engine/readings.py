"""What a meter's value or change means for the player, in words that read aloud as well as
they look ("fair", "up 5, better"): the front ends add marks and colours on top, never instead."""

from __future__ import annotations

from .model import Meter


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
