"""The footer of every screen: its keys, made compact on narrow terminals so that all of them
stay readable (the command palette's key gives way first; Ctrl+P still opens it)."""

from __future__ import annotations

from textual.events import Resize
from textual.widgets import Footer

ROOMY = 90  # from this width on, the footer has its spacing and the palette's key


class GameFooter(Footer):
    """Textual's footer, compact below ROOMY columns."""

    def on_resize(self, event: Resize) -> None:
        roomy = event.size.width >= ROOMY
        self.compact = not roomy
        if self.show_command_palette != roomy:
            self.show_command_palette = roomy
            self.refresh(recompose=True)  # the footer draws the palette's key when composed
