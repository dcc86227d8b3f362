"""Counted nouns read as English."""

from __future__ import annotations

from game.engine.plurals import plural


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert plural(1, "turn") == "1 turn"
    assert plural(0, "turn") == "0 turns"
    assert plural(2, "problem") == "2 problems"
    assert plural(2, "entry", "entries") == "2 entries"
    assert plural(12000, "run") == "12,000 runs"
