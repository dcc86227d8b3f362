"""The choices of the current scene: numbered, by keys 1-9, arrows and Enter, or the mouse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.ui.messages import ChoiceMade
from game.ui.widgets.emphasis import pieces

if TYPE_CHECKING:
    from game.engine.session import Option as ChoiceOption


DEAD_END = (
    "No choice can be taken here: the scenario has a dead end (please tell its author). "
    "Press u to undo your last choice."
)


def choice_prompt(option: ChoiceOption) -> Table:
    """A choice as shown: its number, then its text (wrapped lines start under the text, not
    under the number), and for a disabled one the reason it is closed."""
    text = Text.assemble(*pieces(option.text))
    if not option.enabled:
        text.append("\n")
        text.append_text(Text.assemble(*pieces(f"unavailable: {option.reason}"), style="italic"))
    grid = Table.grid(expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(f"{option.number}. ", "bold"), text)
    return grid


class ChoiceList(OptionList):
    """The options on offer; selecting one posts ChoiceMade with its on-screen number."""

    def show(self, options: list[ChoiceOption]) -> None:
        """Replace the list with these options and highlight the first one that can be taken."""
        shown = [
            Option(choice_prompt(o), id=str(o.number), disabled=not o.enabled) for o in options
        ]
        if not any(o.enabled for o in options):
            shown.append(Option(Text(DEAD_END, style="italic"), disabled=True))
        self.set_options(shown)
        first = next((i for i, o in enumerate(options) if o.enabled), None)
        self.highlighted = first

    def show_ending(self) -> None:
        """At an ending the only way on is the debrief (after the last choice's result)."""
        self.set_options([Option(Text.assemble(("1. ", "bold"), "Read the debrief"), id="1")])
        self.highlighted = 0

    def watch_highlighted(self, highlighted: int | None) -> None:
        """At the last choice that can be taken, the closed ones after it (and their reasons)
        come into view too, as far as they fit: the arrows stop at the last open one. The
        highlighted choice goes to the top, so a closed one's number and text show below it
        even when its reason is longer than the lines left."""
        super().watch_highlighted(highlighted)
        if highlighted is None:
            return
        rest = range(highlighted + 1, self.option_count)
        if rest and all(self.get_option_at_index(i).disabled for i in rest):
            self.call_after_refresh(self.scroll_to_highlight, top=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(ChoiceMade(int(event.option.id)))
