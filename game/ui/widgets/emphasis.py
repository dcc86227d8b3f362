"""Inline author Markdown (emphasis, strong, code, links) as Textual Content.

The text is parsed once by the engine's Markdown module, the same tree the plain game and the
HTML export render; author text is never read as Textual markup.
"""

from __future__ import annotations

from rich.style import Style as RichStyle
from textual.content import Content
from textual.style import Style

from game.engine.markdown import (
    Code,
    Emphasis,
    Inline,
    LineBreak,
    Strong,
    Text,
    link_target_shown,
    parse_inline,
)

CODE_STYLE = "reverse"  # a chip, in the same colours as the text around it
TARGET_STYLE = "$text-muted"


def inline_content(inlines: tuple[Inline, ...], style: str = "") -> Content:
    """Inline nodes as styled content; ``style`` lies under the Markdown's own styles."""
    content = Content.assemble(*(_node(node) for node in inlines))
    return content.stylize_before(style) if style else content


def _node(node: Inline) -> Content:
    if isinstance(node, Text):
        return Content(node.text)
    if isinstance(node, Code):
        return Content.styled(node.text, CODE_STYLE)
    if isinstance(node, LineBreak):
        return Content("\n")
    if isinstance(node, Emphasis):
        return inline_content(node.children).stylize("italic")
    if isinstance(node, Strong):
        return inline_content(node.children).stylize("bold")
    words = inline_content(node.children).stylize(Style(underline=True, link=node.target))
    target = link_target_shown(node)
    return words if target is None else Content.assemble(words, (f" ({target})", TARGET_STYLE))


def emphasised(text: str, style: str = "") -> Content:
    """A one-line author text (a choice, a headline) with its Markdown shown as styles."""
    return inline_content(parse_inline(text), style)


def pieces(text: str) -> list[tuple[str, RichStyle]]:
    """A one-line author text as (words, Rich style) pieces, for Rich renderables."""
    result: list[tuple[str, RichStyle]] = []

    def walk(nodes: tuple[Inline, ...], style: RichStyle) -> None:
        for node in nodes:
            if isinstance(node, Text):
                result.append((node.text, style))
            elif isinstance(node, Code):
                result.append((node.text, style + RichStyle(reverse=True)))
            elif isinstance(node, LineBreak):
                result.append(("\n", style))
            elif isinstance(node, Emphasis):
                walk(node.children, style + RichStyle(italic=True))
            elif isinstance(node, Strong):
                walk(node.children, style + RichStyle(bold=True))
            else:
                walk(node.children, style + RichStyle(underline=True, link=node.target))
                if (target := link_target_shown(node)) is not None:
                    result.append((f" ({target})", style))

    walk(parse_inline(text), RichStyle())
    return result
