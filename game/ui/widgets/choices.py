"""The choices of the current scene: numbered, by keys 1-9, arrows and Enter, or the mouse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.ui.messages import ChoiceMade

if TYPE_CHECKING:
    from game.engine.session import Option as ChoiceOption


def choice_prompt(option: ChoiceOption) -> Content:
    """A choice as shown: its number and text, and for a disabled one the reason it is closed."""
    number = Content.styled(f"{option.number}. ", "bold")
    if option.enabled:
        return Content.assemble(number, option.text)
    return Content.assemble(
        number,
        option.text,
        "\n   ",
        (f"unavailable: {option.reason}", "italic"),
    )


class ChoiceList(OptionList):
    """The options on offer; selecting one posts ChoiceMade with its on-screen number."""

    def show(self, options: list[ChoiceOption]) -> None:
        """Replace the list with these options and highlight the first one that can be taken."""
        self.set_options(
            Option(choice_prompt(o), id=str(o.number), disabled=not o.enabled) for o in options
        )
        first = next((i for i, o in enumerate(options) if o.enabled), None)
        self.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(ChoiceMade(int(event.option.id)))
