"""Author Markdown: the allowed subset parsed into a small tree, rendered as plain text or HTML.

Scenario texts may use paragraphs, *emphasis* and **strong** (with ``*`` or ``_``), links,
``inline code``, lists and block quotes. Anything else (headings, tables, raw HTML, images…)
is shown as the plain text it is. Every front end reads the same tree: the plain game and the
HTML export through the renderers here, the Textual game through its own renderer in the UI.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

LINK_SCHEMES = ("http", "https", "mailto")  # other targets mean nothing to a reader of the game
ALLOWED_BLOCKS = ("blockquote", "list", "paragraph")
ALLOWED_INLINE = ("text", "newline", "escape", "backticks", "emphasis", "link", "image")
QUOTE_INDENT = "    "  # a quote in plain text is indented, not marked with a sign read aloud


# -- the tree -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Code:
    text: str


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A line break the author asked for (two spaces or a backslash at the end of a line)."""


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    target: str
    children: tuple[Inline, ...]


Inline = Text | Code | LineBreak | Emphasis | Strong | Link


@dataclass(frozen=True, slots=True)
class Paragraph:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A list; each item is a sequence of blocks. ``start`` is the first number of an ordered list."""

    items: tuple[tuple[Block, ...], ...]
    ordered: bool = False
    start: int = 1


@dataclass(frozen=True, slots=True)
class Quote:
    blocks: tuple[Block, ...]


Block = Paragraph | ListBlock | Quote


# -- parsing ------------------------------------------------------------------------------------


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # "zero" turns every rule off (and raw HTML with it); only the allowed subset is turned on.
    return MarkdownIt("zero").enable([*ALLOWED_BLOCKS, *ALLOWED_INLINE])


def parse(text: str) -> tuple[Block, ...]:
    """Author Markdown (a narrative, a debrief, feedback) as a tree of blocks."""
    parser = _parser()
    tokens = parser.parse(text or "")
    if _too_deep(tokens, parser.options["maxNesting"]):
        return _as_written(text)
    blocks, _ = _blocks(tokens, 0, closing=None)
    return blocks


def _too_deep(tokens: list[Token], limit: int) -> bool:
    """Whether the nesting reached the parser's limit, past which it drops the rest of the text."""
    levels = (t.level for token in tokens for t in (token, *(token.children or [])))
    return max(levels, default=0) >= limit - 1


def _as_written(text: str) -> tuple[Block, ...]:
    """The text as plain paragraphs, marks and all (for text nested too deep to parse)."""
    paragraphs = (" ".join(p.split()) for p in text.split("\n\n"))
    return tuple(Paragraph((Text(p),)) for p in paragraphs if p)


def parse_inline(text: str) -> tuple[Inline, ...]:
    """A one-line text (a title, a choice, a headline): emphasis, links and code, never blocks.

    Line breaks in it are read as spaces, so "1. First" stays text instead of becoming a list.
    """
    tokens = _parser().parseInline(" ".join((text or "").split()))
    return _inlines(tokens[0].children or []) if tokens else ()


def _blocks(tokens: list[Token], i: int, closing: str | None) -> tuple[tuple[Block, ...], int]:
    """Blocks from ``tokens[i]`` up to the token of type ``closing``; the blocks and the next index."""
    blocks: list[Block] = []
    while i < len(tokens):
        token = tokens[i]
        if token.type == closing:
            return tuple(blocks), i + 1
        if token.type == "paragraph_open":
            inline = tokens[i + 1]
            blocks.append(Paragraph(_inlines(inline.children or [])))
            i += 3  # paragraph_open, inline, paragraph_close
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            kind = token.type.removesuffix("_open")
            items, i = _items(tokens, i + 1, f"{kind}_close")
            start = token.attrs.get("start", 1)
            blocks.append(ListBlock(items, kind == "ordered_list", int(start)))
        elif token.type == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, "blockquote_close")
            blocks.append(Quote(inner))
        else:  # nothing else is enabled; skip rather than guess
            i += 1
    return tuple(blocks), i


def _items(tokens: list[Token], i: int, closing: str) -> tuple[tuple[tuple[Block, ...], ...], int]:
    items: list[tuple[Block, ...]] = []
    while i < len(tokens) and tokens[i].type != closing:
        if tokens[i].type == "list_item_open":
            item, i = _blocks(tokens, i + 1, "list_item_close")
            items.append(item)
        else:
            i += 1
    return tuple(items), i + 1


def _inlines(tokens: list[Token]) -> tuple[Inline, ...]:
    """Inline tokens as a tree: nested emphasis, strong and links, adjacent text joined."""
    stack: list[tuple[str, str, list[Inline]]] = [("", "", [])]

    def add(node: Inline) -> None:
        siblings = stack[-1][2]
        if isinstance(node, Text) and siblings and isinstance(siblings[-1], Text):
            siblings[-1] = Text(siblings[-1].text + node.text)
        elif not isinstance(node, Text) or node.text:
            siblings.append(node)

    for token in tokens:
        kind = token.type
        if kind == "text":
            add(Text(token.content))
        elif kind == "softbreak":
            add(Text(" "))
        elif kind == "hardbreak":
            add(LineBreak())
        elif kind == "code_inline":
            add(Code(token.content))
        elif kind == "image":  # a terminal shows no pictures, and the export fetches nothing
            add(Text(token.content))
        elif kind in ("em_open", "strong_open", "link_open"):
            stack.append((kind, str(token.attrs.get("href", "")), []))
        elif kind in ("em_close", "strong_close", "link_close") and len(stack) > 1:
            opened, target, children = stack.pop()
            if opened == "em_open":
                add(Emphasis(tuple(children)))
            elif opened == "strong_open":
                add(Strong(tuple(children)))
            elif urlsplit(target).scheme.lower() in LINK_SCHEMES:
                add(Link(target, tuple(children)))
            else:
                for child in children:
                    add(child)
    while len(stack) > 1:  # unbalanced (cannot happen with markdown-it, but never lose text)
        for child in stack.pop()[2]:
            stack[-1][2].append(child)
    return tuple(stack[0][2])


# -- plain text ---------------------------------------------------------------------------------


def link_target_shown(link: Link) -> str | None:
    """The target a reader needs to see beside a link's words (None when the words are it)."""
    words = inline_plain(link.children).strip()
    target = link.target
    if words in (target, target.removeprefix("mailto:")):
        return None
    return target.removeprefix("mailto:")


def inline_plain(inlines: tuple[Inline, ...]) -> str:
    """Inline text without marks; a link is its words with its target in brackets."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        elif isinstance(node, Link):
            parts.append(inline_plain(node.children))
            if (target := link_target_shown(node)) is not None:
                parts.append(f" ({target})")
        else:
            parts.append(inline_plain(node.children))
    return "".join(parts)


def _fill(text: str, width: int | None) -> list[str]:
    lines = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if width is None:
            lines.append(line)
        else:
            wrapped = textwrap.wrap(
                line, max(width, 20), break_long_words=False, break_on_hyphens=False
            )
            lines.extend(wrapped or [""])
    return lines


def _plain_lines(blocks: tuple[Block, ...], width: int | None, tight: bool = False) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if lines and not tight:
            lines.append("")
        if isinstance(block, Paragraph):
            lines.extend(_fill(inline_plain(block.inlines), width))
        elif isinstance(block, Quote):
            inner = _plain_lines(block.blocks, width and width - len(QUOTE_INDENT))
            lines.extend(QUOTE_INDENT + line if line else "" for line in inner)
        else:
            for number, item in enumerate(block.items, block.start):
                marker = f"{number}. " if block.ordered else "- "
                inner = _plain_lines(item, width and width - len(marker), tight=len(item) == 1)
                for k, line in enumerate(inner or [""]):
                    lines.append((marker if k == 0 else " " * len(marker)) + line)
    return lines


def to_plain(blocks: tuple[Block, ...], width: int | None = None) -> str:
    """Blocks as plain text: paragraphs wrapped to ``width`` (or one line each), lists with
    "- " or numbers, quotes indented; no marks left that a screen reader would read aloud."""
    return "\n".join(line.rstrip() for line in _plain_lines(blocks, width))


def plain(text: str, width: int | None = None) -> str:
    """Author Markdown as plain text (see ``to_plain``)."""
    return to_plain(parse(text), width)


# -- HTML ---------------------------------------------------------------------------------------


def inline_html(inlines: tuple[Inline, ...]) -> str:
    """Inline nodes as HTML; every text escaped."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(escape(node.text))
        elif isinstance(node, Code):
            parts.append(f"<code>{escape(node.text)}</code>")
        elif isinstance(node, LineBreak):
            parts.append("<br>")
        elif isinstance(node, Emphasis):
            parts.append(f"<em>{inline_html(node.children)}</em>")
        elif isinstance(node, Strong):
            parts.append(f"<strong>{inline_html(node.children)}</strong>")
        else:
            parts.append(f'<a href="{escape(node.target)}">{inline_html(node.children)}</a>')
    return "".join(parts)


def to_html(blocks: tuple[Block, ...]) -> str:
    """Blocks as HTML: ``<p>``, ``<ul>``/``<ol>``, ``<blockquote>``; every text escaped."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(f"<p>{inline_html(block.inlines)}</p>")
        elif isinstance(block, Quote):
            parts.append(f"<blockquote>{to_html(block.blocks)}</blockquote>")
        else:
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
            items = "".join(f"<li>{_item_html(item)}</li>" for item in block.items)
            parts.append(f"<{tag}{start}>{items}</{tag}>")
    return "\n".join(parts)


def _item_html(item: tuple[Block, ...]) -> str:
    if len(item) == 1 and isinstance(item[0], Paragraph):  # a tight item: no <p> inside
        return inline_html(item[0].inlines)
    return to_html(item)


def html(text: str) -> str:
    """Author Markdown as HTML (see ``to_html``)."""
    return to_html(parse(text))


def html_inline(text: str) -> str:
    """A one-line author text (a choice, a headline) as inline HTML."""
    return inline_html(parse_inline(text))
