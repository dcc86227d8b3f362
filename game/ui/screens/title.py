"""The title screen: New game, Continue, Load, Help, Quit. Kept light: it is the first frame."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.ui.messages import ContinueRequested, NewGameRequested
from game.ui.widgets.footer import GameFooter

if TYPE_CHECKING:
    from game.engine.saves import SaveInfo

LOGO = "D I P L O M A T I C   T R A P S"
TAGLINE = "A summit is in the air. Every move has a price."


def when(info: SaveInfo) -> str:
    """A save's time stamp in local time, to the minute."""
    return info.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")


class TitleScreen(Screen):
    """The first screen: Enter starts a new game at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "menu('new')", "New game"),
        Binding("c", "menu('continue')", "Continue"),
        Binding("l", "menu('load')", "Load"),
        Binding("question_mark", "menu('help')", "Help", key_display="?"),
        Binding("q", "menu('quit')", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(LOGO, id="logo")
            yield Static(TAGLINE, id="tagline")
            yield Static("", id="scenario-line")
            with Center():
                yield OptionList(
                    Option("New game", id="new"),
                    Option("Continue", id="continue", disabled=True),
                    Option("Load a saved game…", id="load", disabled=True),
                    Option("Help", id="help"),
                    Option("Quit", id="quit"),
                    id="menu",
                )
        yield GameFooter()

    def show_scenario(self, title: str, endings_found: str = "") -> None:
        """Name the scenario a new game will start, and how many of its endings are found."""
        line = f"Scenario: {title}" + (f"\n{endings_found}" if endings_found else "")
        self.query_one("#scenario-line", Static).update(Content(line))

    def show_debug(self, line: str) -> None:
        """Mark the title of an author's debug game, so nobody takes it for normal play."""
        self.query_one("#tagline", Static).update(Content.styled(line, "bold reverse"))

    def show_saves(self, unfinished: list[SaveInfo], any_saves: bool) -> None:
        """Offer Continue for the newest unfinished game, and Load when there are saves."""
        menu = self.query_one("#menu", OptionList)
        if unfinished:
            newest = unfinished[0]
            # turns are counted as the play screen counts them: the first scene is turn 1
            label = f"Continue: {newest.scene_title}, turn {newest.turn + 1} ({when(newest)})"
            menu.replace_option_prompt("continue", label)
            menu.enable_option("continue")
        else:
            menu.replace_option_prompt("continue", "Continue (no unfinished game)")
            menu.disable_option("continue")
        if any_saves:
            menu.enable_option("load")
        else:
            menu.disable_option("load")

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            await self.action_menu(event.option.id)

    async def action_menu(self, item: str) -> None:
        if item == "new":
            self.post_message(NewGameRequested())
        elif item == "continue":
            self.post_message(ContinueRequested())
        elif item in ("load", "help", "quit"):
            await self.app.run_action(item)
