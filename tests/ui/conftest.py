"""Helpers for the UI tests: an app on the tutorial with a fixed seed, reading what it shows, and
waiting for what a test asserts.

A busy machine can take seconds to draw what an idle one draws at once, so a test never asserts right
after guessing that the app is idle (``pilot.pause()``). It waits for the whole condition it asserts,
up to a generous deadline, and fails loudly there, showing the screen it saw.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from textual.app import App
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Markdown, Static

from game.ui.app import DiplomaticTrapsApp
from game.ui.screens.debrief import DebriefScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.chart import MeterChart
from game.ui.widgets.choices import ChoiceList
from game.ui.widgets.hanging import HangingText

SEED = 7
DEADLINE = 30.0  # seconds: a loaded machine is slow; a wait that succeeds ends as soon as it can
POLL = 0.05  # seconds between looks


def pilot_test(test: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async pilot test in its own event loop (no async plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def tutorial_app(**options: Any) -> DiplomaticTrapsApp:
    """The game on the tutorial, with a fixed seed unless one is given."""
    options.setdefault("seed", SEED)
    return DiplomaticTrapsApp(str(options.pop("scenario", "tutorial")), **options)


def summit_app(**options: Any) -> DiplomaticTrapsApp:
    """The game on the bundled summit scenario (long scenes, up to five choices)."""
    options.setdefault("seed", SEED)
    return DiplomaticTrapsApp("summit", **options)


# -- reading the screen ------------------------------------------------------------------------


def visible_text(app: App) -> str:
    """The characters on the terminal right now, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def screen_content(app: App) -> str:
    """The text of the active screen, including what is scrolled out of view."""
    parts: list[str] = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Markdown):
            parts.append(widget.source)
        elif isinstance(widget, Static | MeterChart | HangingText):
            parts.append(str(widget.render()))
    return "\n".join(parts)


def squeezed(text: str) -> str:
    """Text with every run of spaces and line breaks made one space (wrapping does not matter)."""
    return " ".join(text.split())


def record_notices(app: App) -> list[str]:
    """Keep every message the app notifies from now on, in order.

    Pilot tests draw no notifications, and a notification goes away after a few seconds anyway:
    the list is what the player was told, however slowly the test looks.
    """
    notices: list[str] = []
    notify = app.notify

    def recording(message: Any, *args: Any, **kwargs: Any) -> None:
        notices.append(str(message))
        notify(message, *args, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return notices


def _what_the_app_shows(app: App) -> str:
    """The screen for a failure message, or why there is none."""
    try:
        return f"{type(app.screen).__name__}:\n{visible_text(app)}"
    except Exception as error:  # the app may have left, or never drawn a screen
        return f"(no screen to show: {error!r}; the app's return code is {app.return_code})"


# -- waiting for what a test asserts -----------------------------------------------------------


async def eventually(pilot: Any, check: Callable[[App], object], timeout: float = DEADLINE) -> None:
    """Run ``check`` (assertions about the app) until it passes.

    A check that raises ``AssertionError`` (or queries a widget not mounted yet) is tried again;
    if it still fails at the deadline, or the app has left, an ``AssertionError`` fails the test
    with the check's last complaint and the screen. (Not ``pytest.fail``: Textual stops an app
    whose auto-pilot raises an ``Exception``, as in snapshot tests, but keeps running after others.)
    """
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            check(app)
            return
        except (AssertionError, NoMatches) as error:
            complaint = str(error) or type(error).__name__
        if not app.is_running:  # nothing will change any more
            reason = f"the app has left (return code {app.return_code})"
            break
        if loop.time() >= deadline:
            reason = f"still not true after {timeout:.0f} s"
            break
        await pilot.pause(POLL)
    raise AssertionError(f"{reason}: {complaint}\n{_what_the_app_shows(app)}")


async def wait_for(
    pilot: Any, ready: Callable[[App], object], what: str, timeout: float = DEADLINE
) -> None:
    """Wait until ``ready(app)`` is true (any state of the app); ``what`` says it for a failure."""

    def check(app: App) -> None:
        assert ready(app), f"waiting for {what}"

    await eventually(pilot, check, timeout)


async def wait_for_all(
    pilot: Any,
    *texts: str,
    absent: Iterable[str] = (),
    screen: type[Screen] | None = None,
    on: Callable[[App], str] = visible_text,
    timeout: float = DEADLINE,
) -> str:
    """Wait until every one of ``texts`` is shown at once (and none of ``absent``), on a screen of
    type ``screen`` if one is given; return what is shown then.

    Text is compared with line breaks and runs of spaces squeezed, so a wrapped line still counts.
    ``on`` says where to read: the terminal (``visible_text``) or the whole screen, scrolled-out
    parts included (``screen_content``).
    """
    unwanted = tuple(absent)
    shown = ""

    def check(app: App) -> None:
        nonlocal shown
        if screen is not None:
            assert isinstance(app.screen, screen), f"waiting for the {screen.__name__}"
        shown = on(app)
        flat = squeezed(shown)
        missing = [t for t in texts if squeezed(t) not in flat]
        present = [t for t in unwanted if squeezed(t) in flat]
        problems = [f"missing {missing}"] if missing else []
        problems += [f"showing {present}, which should be gone"] if present else []
        assert not problems, "; ".join(problems)

    await eventually(pilot, check, timeout)
    return shown


# -- playing by keys, one key at a time --------------------------------------------------------


def status_of_turn(turn: int) -> str:
    """The start of the play screen's status line at a turn (the screen counts from 1)."""
    return f"Turn {turn + 1} ·"


def title_menu_ready(app: App) -> bool:
    """The title screen is up, its menu taking the keys (Enter goes to the menu)."""
    return isinstance(app.screen, TitleScreen) and app.focused is app.screen.query_one("#menu")


def laid_out(app: App) -> bool:
    """The play screen has fitted its story and choices to the turn it shows."""
    return isinstance(app.screen, PlayScreen) and app.screen.laid_out


async def start_game(pilot: Any) -> None:
    """Enter on the title: wait for the play screen at the first turn, its choices taking keys."""
    await wait_for(pilot, title_menu_ready, "the title menu")
    await pilot.press("enter")
    await wait_for_all(pilot, status_of_turn(0), screen=PlayScreen)
    await wait_for(
        pilot, lambda app: app.focused is app.screen.query_one(ChoiceList), "the choices' focus"
    )
    await wait_for(pilot, laid_out, "the first scene laid out")


async def choose(pilot: Any, *numbers: int) -> None:
    """Take choices by number, each only once the screen shows what the one before it did.

    Keys pressed at once can reach a screen before it shows the turn they are meant for. When a
    choice ends the game, its result is shown first (the last word); this then opens the debrief.
    """
    for number in numbers:
        session = pilot.app.session
        turn = session.turn
        await pilot.press(str(number))
        await wait_for(
            pilot,
            lambda app, turn=turn: (
                app.session.turn == turn + 1
                and isinstance(app.screen, PlayScreen)
                and app.screen.laid_out
                and (
                    "Read the debrief" in squeezed(visible_text(app))
                    if app.session.ended
                    else status_of_turn(turn + 1) in squeezed(visible_text(app))
                )
            ),
            f"choice {number} at turn {turn + 1} to be taken and shown",
        )
        if pilot.app.session.ended:
            await pilot.press("1")
            await wait_for(
                pilot, lambda app: isinstance(app.screen, DebriefScreen), "the debrief to open"
            )
