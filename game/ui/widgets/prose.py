"""Author Markdown narratives on screen: the engine's tree as Textual Content, and a widget
that lays out its paragraphs, lists (with hanging indents) and quotes."""

from __future__ import annotations

from collections.abc import Iterable

from textual.await_complete import AwaitComplete
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from game.engine.markdown import Block, ListBlock, Paragraph, parse
from game.ui.widgets.emphasis import inline_content

BULLET = "•"
QUOTE_BAR = "▎ "


def marker(block: ListBlock, index: int) -> str:
    """The mark before a list item: a bullet, or its number."""
    return f"{block.start + index}." if block.ordered else BULLET


def blocks_content(blocks: tuple[Block, ...], style: str = "") -> Content:
    """Blocks as one piece of content, for short texts shown in a single widget (feedback, news):
    paragraphs apart by a blank line, list items one to a line, quotes behind a bar."""
    parts: list[Content] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(inline_content(block.inlines, style))
        elif isinstance(block, ListBlock):
            items = [
                Content.assemble(f"{marker(block, i)} ", blocks_content(item, style))
                for i, item in enumerate(block.items)
            ]
            parts.append(Content("\n").join(items))
        else:
            inner = blocks_content(block.blocks, style)
            lines = inner.split("\n") if inner.plain else []
            parts.append(Content("\n").join(Content.assemble(QUOTE_BAR, line) for line in lines))
    return Content("\n\n").join(parts)


def prose_content(text: str, style: str = "") -> Content:
    """Author Markdown as one piece of content (see ``blocks_content``)."""
    return blocks_content(parse(text), style)


def block_widgets(blocks: tuple[Block, ...]) -> Iterable[Widget]:
    """A widget per block; list items keep their wrapped lines clear of the bullet."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield Static(inline_content(block.inlines), classes="prose-paragraph")
        elif isinstance(block, ListBlock):
            yield Vertical(
                *(
                    Horizontal(
                        Static(marker(block, i), classes="prose-marker"),
                        Vertical(*block_widgets(item), classes="prose-item-body"),
                        classes="prose-item",
                    )
                    for i, item in enumerate(block.items)
                ),
                classes="prose-list",
            )
        else:
            yield Vertical(*block_widgets(block.blocks), classes="prose-quote")


class Prose(Vertical):
    """A narrative in author Markdown: paragraphs, lists and quotes, laid out to the width."""

    DEFAULT_CSS = """
    Prose { height: auto; }
    Prose Vertical, Prose Horizontal { height: auto; }
    Prose .prose-paragraph, Prose .prose-list, Prose .prose-quote { margin-bottom: 1; }
    Prose .prose-item .prose-paragraph, Prose .prose-item .prose-list { margin-bottom: 0; }
    Prose .prose-item { margin-bottom: 0; }
    Prose .prose-marker { width: auto; padding-right: 1; }
    Prose .prose-item-body { width: 1fr; }
    Prose .prose-quote { border-left: outer $foreground 50%; padding-left: 1; }
    Prose .prose-quote:last-child, Prose .prose-list:last-child,
    Prose .prose-paragraph:last-child { margin-bottom: 0; }
    """

    def __init__(self, text: str = "", **kwargs: str | None) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = text

    def compose(self) -> Iterable[Widget]:
        yield from block_widgets(parse(self.text))

    def update(self, text: str) -> AwaitComplete:
        """Show another text; await the result to know it is laid out."""
        self.text = text

        async def replace() -> None:
            async with self.lock:  # one update at a time, so texts never pile up
                with self.app.batch_update():
                    await self.remove_children()
                    await self.mount_all(block_widgets(parse(text)))

        return AwaitComplete(replace())
