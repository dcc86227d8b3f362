"""Untrusted text shown on a terminal: every control character is written out, never obeyed."""

from __future__ import annotations

import pytest

from game.engine.terminal_text import terminal_safe

HOSTILE_NAME = "Eve\x1b]0;X\x07\x1b[31m"


def test_escape_sequences_in_a_name_are_shown_as_text() -> None:
    shown = terminal_safe(HOSTILE_NAME)
    assert shown == "Eve\\x1b]0;X\\x07\\x1b[31m"
    assert "\x1b" not in shown and "\x07" not in shown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x00", "\\x00"),
        ("\x7f", "\\x7f"),  # DEL
        ("\x9b31m", "\\x9b31m"),  # C1 control sequence introducer
        ("\u202eevil", "\\u202eevil"),  # right-to-left override
        ("\u2066x\u2069", "\\u2066x\\u2069"),  # bidi isolate
        ("a\u2028b", "a\\u2028b"),  # line separator
        ("\ud800", "\\ud800"),  # a lone surrogate cannot even be printed
        ("back\rover", "back\\x0dover"),
    ],
)
def test_every_kind_of_control_character_is_shown(raw: str, shown: str) -> None:
    assert terminal_safe(raw) == shown
    assert terminal_safe(raw, multiline=True) == shown


def test_ordinary_text_is_unchanged() -> None:
    text = "Zoë Šimić, 日本語, «quoted» \u200d emoji 👩‍💻 and a \\ backslash"
    assert terminal_safe(text) == text


def test_multiline_text_keeps_its_lines_and_tabs() -> None:
    assert terminal_safe("one\n\ttwo\x1b[2J", multiline=True) == "one\n\ttwo\\x1b[2J"
    assert terminal_safe("one\n\ttwo") == "one\\x0a\\x09two"
