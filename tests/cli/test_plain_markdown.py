"""Markdown narrative shown as plain text."""

from __future__ import annotations

from game.plain import plain_markdown


def test_emphasis_marks_are_removed_even_across_lines() -> None:
    text = "The aide says it is *agreed\nand will happen soon*, and **the place** comes later."
    assert plain_markdown(text) == (
        "The aide says it is agreed and will happen soon, and the place comes later."
    )


def test_lists_keep_their_lines() -> None:
    assert plain_markdown("- one\n- two") == "- one\n- two"


def test_links_show_their_text() -> None:
    assert plain_markdown("See [the article](https://example.org).") == "See the article."
