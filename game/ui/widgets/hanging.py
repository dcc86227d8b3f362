"""Text whose indented lines keep their indent when they wrap (a hanging indent), for lists of
what happened: the history, the debrief's decisions, the help's meters, the journal."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

INDENT_CHARACTERS = " \u00a0"


def hang(content: Content, width: int) -> list[Content]:
    """The content's lines wrapped to ``width``, each wrapped line starting under the text of the
    line it continues (after its leading spaces) instead of at the left edge."""
    lines: list[Content] = []
    for line in content.split("\n"):
        plain = line.plain
        indent = len(plain) - len(plain.lstrip(INDENT_CHARACTERS))
        room = max(1, width - indent)
        pieces = line[indent:].wrap(room) or [Content("")]
        lines.extend(Content.assemble(" " * indent, piece) for piece in pieces)
    return lines


class HangingText(Widget):
    """A block of lines; an indented line that wraps keeps its indent."""

    DEFAULT_CSS = "HangingText { height: auto; }"

    def __init__(self, content: Content, **kwargs: str | None) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.content = content

    def update(self, content: Content) -> None:
        self.content = content
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[override]
        return len(hang(self.content, width))

    def render(self) -> Content:
        return Content("\n").join(hang(self.content, self.content_size.width or 80))
