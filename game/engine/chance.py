"""Chance: a small seeded random generator whose whole state is one integer, so saves stay tiny and
replays are identical on every Python version (SplitMix64), and the rules by which chance draws a
branch or a news item (one table, read by the game, the explorer and the linter)."""

from __future__ import annotations

import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

_MASK = (1 << 64) - 1


class Dice:
    """Seeded random draws; the same seed always gives the same sequence."""

    __slots__ = ("state",)

    def __init__(self, state: int) -> None:
        self.state = state & _MASK

    @staticmethod
    def new_seed() -> int:
        """A fresh seed for a game the player did not seed."""
        return secrets.randbelow(10**9)

    def random(self) -> float:
        """The next number in [0, 1)."""
        self.state = (self.state + 0x9E3779B97F4A7C15) & _MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        z ^= z >> 31
        return (z >> 11) / float(1 << 53)

    def pick(self, weights: Sequence[float]) -> int:
        """The index of one item, drawn with the given non-negative weights of positive total
        (:class:`DrawRule` says what happens otherwise). An item of weight 0 is never drawn."""
        total = 0.0
        for weight in weights:
            total += weight
        if not total > 0:
            raise ValueError("chance needs at least one positive weight")
        point = self.random() * total
        running = 0.0
        last_possible = 0
        for index, weight in enumerate(weights):
            if weight <= 0:
                continue
            last_possible = index
            running += weight
            if point < running:
                return index
        return last_possible  # rounding left the point at the very end


# What a draw does when no item is left, or when every item left weighs 0.
LAST = "last"  # the last item (left, or listed when none is left) is taken
NOTHING = "nothing"  # nothing is drawn


@dataclass(frozen=True, slots=True)
class DrawRule:
    """How chance picks one of a list of items, each left in or out by its ``if``.

    Weights below 0 (or not a number) count as 0, and an item of weight 0 is never drawn while
    one with weight is left. The dice roll only when more than one item is left and some weight
    is above 0, so that replays stay identical. The game draws with :meth:`draw`; the explorer
    and the balance tools read :meth:`odds`; the interval analysis reads the fields. This is the
    only place these rules are written.
    """

    what: str
    when_all_zero: str  # every item left weighs 0 (one or several): LAST (the last left) or NOTHING
    when_none_left: str  # no item left: LAST (the last listed) or NOTHING

    def odds(self, weights: Sequence[float | None]) -> list[float]:
        """The chance of each listed item, given its weight (None when its ``if`` fails); all
        zero when nothing is drawn."""
        chances = [0.0] * len(weights)
        settled, left = self._settle(weights)
        if settled is None:
            total = sum(w for _, w in left)
            if math.isinf(total):  # too large to add up: the draw always lands on the last one
                settled = max(i for i, w in left if w > 0)
            else:
                for index, weight in left:
                    chances[index] = weight / total
        if settled is not None and settled >= 0:
            chances[settled] = 1.0
        return chances

    def draw(self, weights: Sequence[float | None], dice: Dice) -> int | None:
        """The index of the item chance takes (None: nothing)."""
        settled, left = self._settle(weights)
        if settled is None:
            return left[dice.pick([w for _, w in left])][0]
        return settled if settled >= 0 else None

    def _settle(
        self, weights: Sequence[float | None]
    ) -> tuple[int | None, list[tuple[int, float]]]:
        """The items left with their weights, and the index taken without rolling the dice
        (-1: nothing), or None when the dice decide."""
        left = [(i, weight_of(w)) for i, w in enumerate(weights) if w is not None]
        if not left:
            return (len(weights) - 1 if self.when_none_left == LAST and weights else -1), left
        if len(left) == 1 and left[0][1] > 0:
            return left[0][0], left
        if not sum(w for _, w in left) > 0:
            return (left[-1][0] if self.when_all_zero == LAST else -1), left
        return None, left


def weight_of(value: float | None) -> float:
    """A weight as chance reads it: below 0, or not a number, counts as 0."""
    if value is None:
        return 0.0
    number = float(value)
    return number if number > 0 else 0.0


BRANCH_DRAW = DrawRule("branch", when_all_zero=LAST, when_none_left=LAST)
NEWS_DRAW = DrawRule("news", when_all_zero=NOTHING, when_none_left=NOTHING)
