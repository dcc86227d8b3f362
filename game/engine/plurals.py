"""Counted nouns in real English: "1 turn", "2 turns", never "turn(s)"."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """The count with its noun, singular for one: ``plural(2, "run")`` is "2 runs".

    ``many`` gives an irregular plural ("1 entry", "2 entries").
    """
    word = noun if count == 1 else (many or f"{noun}s")
    return f"{count:,} {word}"
