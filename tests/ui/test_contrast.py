"""Every text the game draws reaches WCAG AA contrast (4.5:1) in each of its themes, in true
colour, in 256 colours and under NO_COLOR: measured cell by cell on every screen and dialog, as
the terminal gets them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.app import App
from textual.command import CommandPalette
from textual.screen import ModalScreen

from game.engine.loader import load_scenario
from game.engine.saves import AUTOSAVE, write_save
from game.engine.session import Session
from game.ui.app import DiplomaticTrapsApp
from game.ui.screens.debrief import DebriefScreen
from game.ui.screens.dialogs import ConfirmNewGame, LoadDialog, SaveDialog, ScenarioDialog
from game.ui.screens.help import HelpScreen
from game.ui.screens.history import HistoryScreen
from game.ui.screens.journal import JournalScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.title import TitleScreen
from game.ui.themes import THEME_NAMES
from tests.conftest import TUTORIAL
from tests.ui.conftest import pilot_test, visible_text
from tests.ui.waiting import wait_for, wait_for_texts

AA = 4.5  # WCAG 2.x level AA for normal text


def linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = rgb
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def in_256_colours(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """The colour a 256-colour terminal (tmux, screen) shows instead."""
    colour = RichColor.from_rgb(*rgb).downgrade(ColorSystem.EIGHT_BIT)
    return tuple(colour.get_truecolor())  # type: ignore[return-value]


def is_text(character: str) -> bool:
    """Letters, digits, signs and marks; not spaces, box lines, bars or scroll bars."""
    return not (character.isspace() or 0x2500 <= ord(character) <= 0x259F)


@dataclass
class Survey:
    """Every run of text measured so far, and those below AA."""

    texts: list[str]
    failures: list[str]

    def measure(self, app: App, where: str) -> None:
        """Measure every text cell on the terminal now (on a dialog, only the dialog's own)."""
        screen = app.screen
        regions = [w.region for w in screen.children] if isinstance(screen, ModalScreen) else None
        for y, strip in enumerate(screen._compositor.render_strips()):
            x = 0
            for segment in strip:
                start, x = x, x + segment.cell_length
                text, style = segment.text, segment.style
                if not any(is_text(c) for c in text):
                    continue
                if regions is not None and not any(r.contains(start, y) for r in regions):
                    continue  # the dimmed screen behind a dialog
                self.texts.append(text)
                if style is None or style.color is None or style.bgcolor is None:
                    self.failures.append(f"{where}: {text.strip()!r} has no colour of its own")
                    continue
                fg = tuple(style.color.get_truecolor())
                bg = tuple(style.bgcolor.get_truecolor())
                if style.reverse:
                    fg, bg = bg, fg
                if style.dim:  # as Textual's dim filter draws it: halfway to the background
                    fg = tuple(round((f + b) / 2) for f, b in zip(fg, bg, strict=True))
                ratio = min(
                    contrast(fg, bg),  # type: ignore[arg-type]
                    contrast(in_256_colours(fg), in_256_colours(bg)),  # type: ignore[arg-type]
                )
                if ratio < AA:
                    self.failures.append(
                        f"{where}: {text.strip()!r} {ratio:.2f}:1 "
                        "(#{:02x}{:02x}{:02x} on #{:02x}{:02x}{:02x})".format(*fg, *bg)
                    )


def news_seed() -> int:
    """A seed whose first choice in the tutorial brings a news bulletin."""
    scenario = load_scenario(TUTORIAL)
    return next(s for s in range(200) if Session(scenario, s).choose(1).bulletins)


async def start(pilot: Any, theme: str) -> None:
    pilot.app.theme = theme
    await wait_for(pilot, lambda: pilot.app.current_theme.name == theme, f"the theme {theme}")


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
@pytest.mark.parametrize("theme", THEME_NAMES)
@pilot_test
async def test_every_screen_reaches_aa_contrast(
    theme: str, no_color: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    seed = news_seed()
    unfinished = Session(load_scenario(TUTORIAL), seed)
    unfinished.choose(1)
    write_save(unfinished, AUTOSAVE)  # so that the title offers Continue and Load
    survey = Survey([], [])
    app = DiplomaticTrapsApp(seed=seed)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(pilot, theme)
        assert app.no_color == no_color

        async def look(where: str, *texts: str) -> None:
            await wait_for_texts(pilot, *texts)
            survey.measure(app, where)

        async def press(key: str, screen: type, what: str) -> None:
            """One key, then the screen it opens (keys pressed at once can reach the old one)."""
            await pilot.press(key)
            await wait_for(pilot, lambda: isinstance(app.screen, screen), what)

        async def choose(number: int, turn: int) -> None:
            await pilot.press(str(number))
            await wait_for(pilot, lambda: app.session.turn == turn, f"turn {turn}")

        await look("title", "Continue:", "Load a saved game")
        await press("l", LoadDialog, "the load dialog")
        await look("load dialog", "Load a saved game", "autosave")
        await press("escape", TitleScreen, "the title")
        await press("n", ScenarioDialog, "the scenario list")
        await look("scenario list", "Choose a scenario", "Tutorial")
        await pilot.press("down")
        await wait_for(
            pilot, lambda: app.screen.query_one("#scenarios").highlighted == 1, "the tutorial"
        )
        await press("enter", ConfirmNewGame, "the new game dialog")
        await look("new game dialog", "Start a new game?", "Continue it")
        await press("n", PlayScreen, "the play screen")
        await look("play", "The briefing", "poor", "fair", "good")
        await choose(1, 1)
        await look("play with news", "NEWS BULLETIN", "better")
        await pilot.press("u")
        await wait_for(
            pilot, lambda: visible_text(app).startswith(" ⓘ Undone:"), "the notice of the undo"
        )
        survey.measure(app, "undone notice, in the status line")
        await choose(2, 1)
        await look("play after a trap", "worse", "unavailable")
        await pilot.press("pageup")  # the last choice's block, at the top of the story
        await look("play after a trap, read back", "TRAP SPRUNG")
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: not app.screen.has_class("-narrow"), "the wide layout")
        await look("play, wide", "Meters", "worse", "^p palette")
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: app.screen.has_class("-narrow"), "the narrow layout")
        await press("h", HistoryScreen, "the history")
        await look("history", "History of your decisions", "Trap sprung")
        await press("escape", PlayScreen, "the play screen")
        await press("j", JournalScreen, "the journal")
        await look("journal", "Traps journal", "SPRUNG", "not met yet")
        await press("escape", PlayScreen, "the play screen")
        await press("question_mark", HelpScreen, "the help")
        await look("help", "Help", "Key")
        await press("escape", PlayScreen, "the play screen")
        await press("s", SaveDialog, "the save dialog")
        await look("save dialog", "Save the game", "Slot name")
        await press("escape", PlayScreen, "the play screen")
        await press("ctrl+p", CommandPalette, "the palette")
        await look("command palette", "Save game", "Help")
        await press("escape", PlayScreen, "the play screen")
        await choose(1, 2)
        await choose(1, 3)  # the ending: its last word, then the debrief
        await look("the last word", "Read the debrief")
        await press("1", DebriefScreen, "the debrief")
        await pilot.resize_terminal(80, 80)  # the whole debrief, buttons included
        await look("debrief", "Debrief", "FAILURE", "You made", "Play again", "Back to title")

    app = DiplomaticTrapsApp("tutorial", seed=seed, autosave=False, ask_player=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(pilot, theme)
        await pilot.press("enter")
        await look("player dialog", "Who is playing?")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayScreen), "the play screen")
        await pilot.press("2")
        await look("play", "Turn 2")
        await pilot.press("q")
        await look("quit dialog", "Quit without saving?", "Quit (y)", "Stay (n)")

    shown = " ".join(survey.texts)
    for word in ("good", "fair", "poor", "better", "worse", "unavailable", "FAILURE", "^p"):
        assert word in shown, f"{word!r} was never measured"
    assert not survey.failures, "text below 4.5:1:\n" + "\n".join(dict.fromkeys(survey.failures))
