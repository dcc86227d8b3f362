"""Markdown narrative shown as plain text."""

from __future__ import annotations

from game.plain import plain_markdown


def test_emphasis_marks_are_removed_even_across_lines() -> None:
    text = "The aide says it is *agreed\nand will happen soon*, and **the place** comes later."
    assert plain_markdown(text) == (
        "The aide says it is agreed and will happen soon, and the place comes later."
    )


def test_underscores_are_emphasis_too() -> None:
    assert plain_markdown("It is _agreed_, and __final__.") == "It is agreed, and final."


def test_lists_keep_their_lines() -> None:
    assert plain_markdown("- one\n- two") == "- one\n- two"


def test_links_show_their_text_and_where_they_lead() -> None:
    assert plain_markdown("See [the article](https://example.org).") == (
        "See the article (https://example.org)."
    )


def test_quotes_are_indented_not_marked() -> None:
    assert plain_markdown("He said:\n\n> Nothing is agreed.") == (
        "He said:\n\n    Nothing is agreed."
    )
