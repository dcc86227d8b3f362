"""The same author Markdown says the same thing in the full-screen game, the plain game and the
HTML export: the same words, paragraphs and list items, the same emphasis and links."""

from __future__ import annotations

from html.parser import HTMLParser

from textual.content import Content
from textual.style import Style

from game.engine.markdown import html
from game.plain import plain_markdown
from game.ui.widgets.emphasis import CODE_STYLE
from game.ui.widgets.prose import BULLET, QUOTE_BAR, prose_content

TEXT = """A *star* and _underscore_ emphasis, **strong** and __strong too__, `a code`,
and [the article](https://example.org/a).

- first item with *emphasis*
- second item

> A quoted line with a [link](mailto:press@example.org).

# not a heading, <b>not HTML</b>, 2 * 3 * 4"""

EXPECTED_SPANS = {
    ("emphasis", "star"),
    ("emphasis", "underscore"),
    ("strong", "strong"),
    ("strong", "strong too"),
    ("code", "a code"),
    ("link https://example.org/a", "the article"),
    ("emphasis", "emphasis"),
    ("link mailto:press@example.org", "link"),
}


HTML_KINDS = {"em": "emphasis", "strong": "strong", "code": "code"}


class Structure(HTMLParser):
    """Blocks of words and marked spans of an HTML fragment; a link's address follows its words
    as the terminal front ends show it."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.spans: set[tuple[str, str]] = set()
        self.open: list[tuple[str, int]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "li"):
            self.text = ""
        kind = HTML_KINDS.get(tag) or (f"link {dict(attrs)['href']}" if tag == "a" else None)
        if kind:
            self.open.append((kind, len(self.text)))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li"):
            self.blocks.append(self.text)
        elif tag in ("em", "strong", "code", "a"):
            kind, start = self.open.pop()
            self.spans.add((kind, self.text[start:]))
            if tag == "a":
                self.text += f" ({kind.split(' ', 1)[1].removeprefix('mailto:')})"

    def handle_data(self, data: str) -> None:
        self.text += data


def words(block: str) -> str:
    """A block's words, without the list or quote marks each front end puts before them."""
    text = " ".join(block.split())
    for mark in (BULLET, "-", QUOTE_BAR.strip()):
        text = text.removeprefix(mark + " ")
    return text


def content_spans(content: Content) -> set[tuple[str, str]]:
    spans = set()
    for span in content.spans:
        text = content.plain[span.start : span.end]
        style = span.style
        if isinstance(style, Style) and style.link:
            spans.add((f"link {style.link}", text))
        elif style == "italic":
            spans.add(("emphasis", text))
        elif style == "bold":
            spans.add(("strong", text))
        elif style == CODE_STYLE:
            spans.add(("code", text))
    return spans


def blocks_of(text: str) -> list[str]:
    """Paragraphs and list items of plain or on-screen text: blank lines part paragraphs,
    a list or quote mark starts an item."""
    blocks: list[str] = []
    for paragraph in text.split("\n\n"):
        for number, line in enumerate(paragraph.strip().split("\n")):
            if number == 0 or line.lstrip().startswith((BULLET, "- ", QUOTE_BAR.strip())):
                blocks.append(line)
            else:
                blocks[-1] += " " + line
    return [words(b) for b in blocks]


def test_the_game_the_plain_text_and_the_export_agree() -> None:
    exported = Structure()
    exported.feed(html(TEXT))
    on_screen = prose_content(TEXT)
    plain = plain_markdown(TEXT)

    assert exported.spans == EXPECTED_SPANS
    assert content_spans(on_screen) == EXPECTED_SPANS

    expected_blocks = [words(b) for b in exported.blocks]
    assert blocks_of(on_screen.plain) == expected_blocks
    assert blocks_of(plain) == expected_blocks
    assert expected_blocks[-1] == "# not a heading, <b>not HTML</b>, 2 * 3 * 4"  # as written
    assert "(https://example.org/a)" in plain and "(press@example.org)" in on_screen.plain
