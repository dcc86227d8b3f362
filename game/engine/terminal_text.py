"""Untrusted text made safe for a terminal: control characters are shown, never obeyed.

Player names, play records and scenario text can carry escape sequences that would retitle a
window, recolour or clear a teacher's terminal, or reorder what it shows (bidi overrides). Every
front end and report prints such text through :func:`terminal_safe`.
"""

from __future__ import annotations

import re

# C0 controls (ESC included), DEL and C1 controls; the bidi embeddings, overrides, isolates and
# marks; the Unicode line and paragraph separators; and lone surrogates, which cannot be printed.
_OTHERS = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_ANY_UNSAFE = re.compile(f"[\x00-\x1f{_OTHERS}]")
_UNSAFE_BUT_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHERS}]")  # keeps \t and \n


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, multiline: bool = False) -> str:
    """``text`` with every control character written out as an escape (ESC becomes ``\\x1b``).

    With ``multiline``, newlines and tabs are kept as they are; a carriage return is always
    shown, since it would let text overwrite what was printed before it on the line.
    """
    pattern = _UNSAFE_BUT_LINES if multiline else _ANY_UNSAFE
    return pattern.sub(_shown, text)
