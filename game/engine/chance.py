"""A small seeded random generator whose whole state is one integer, so saves stay tiny and replays
are identical on every Python version (SplitMix64)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

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
        """The index of one item, drawn with the given non-negative weights.

        An item of weight 0 is never drawn while another has weight; when all weights are 0 the
        last item is taken (the scenario format's rule).
        """
        total = 0.0
        for weight in weights:
            total += weight
        if total <= 0:
            return len(weights) - 1
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
