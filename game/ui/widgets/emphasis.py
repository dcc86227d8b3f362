"""Inline Markdown in author text (``**bold**``, ``*italic*``, ``_italic_``, ``` `code` ```),
as styled pieces for one-line and short texts that are not worth a Markdown widget."""

from __future__ import annotations

import re

from textual.content import Content

INLINE = re.compile(
    r"\*\*(?P<bold>[^*\n]+?)\*\*"
    r"|(?<![\w*])\*(?P<star>[^*\s][^*\n]*?)\*(?![\w*])"
    r"|(?<!\w)_(?P<under>[^_\s][^_\n]*?)_(?!\w)"
    r"|`(?P<code>[^`\n]+)`"
)
STYLES = {"bold": "bold", "star": "italic", "under": "italic", "code": "bold"}


def pieces(text: str) -> list[tuple[str, str]]:
    """The text as (words, style) pieces, the Markdown marks taken out."""
    parts: list[tuple[str, str]] = []
    position = 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            parts.append((text[position : match.start()], ""))
        kind = match.lastgroup or "star"
        parts.append((match.group(kind), STYLES[kind]))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], ""))
    return parts


def emphasised(text: str, style: str = "") -> Content:
    """Author text with its inline Markdown shown as bold and italic, not as asterisks."""
    return Content.assemble(*((words, f"{style} {extra}".strip()) for words, extra in pieces(text)))
