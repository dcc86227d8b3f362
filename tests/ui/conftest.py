"""Helpers for the UI tests: an app on the tutorial with a fixed seed, and reading what it shows."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any

from textual.app import App
from textual.widgets import Markdown, Static

from game.ui.app import DiplomaticTrapsApp
from game.ui.widgets.chart import MeterChart

SEED = 7


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


def visible_text(app: App) -> str:
    """The characters on the terminal right now, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def wait_until(pilot: Any, ready: Callable[[str], bool], timeout: float = 5.0) -> str:
    """Wait until what the terminal shows passes ``ready``; return what it shows."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not ready(shown := visible_text(pilot.app)) and loop.time() < deadline:
        await pilot.pause(0.05)
    return shown


async def wait_for_text(pilot: Any, text: str, timeout: float = 5.0) -> str:
    """Wait until ``text`` is on the terminal (the app works just after its first frame)."""
    return await wait_until(pilot, lambda shown: text in shown, timeout)


def screen_content(app: App) -> str:
    """The text of the active screen, including what is scrolled out of view."""
    parts: list[str] = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Markdown):
            parts.append(widget.source)
        elif isinstance(widget, Static | MeterChart):
            parts.append(str(widget.render()))
    return "\n".join(parts)


def summit_app(**options: Any) -> DiplomaticTrapsApp:
    """The game on the bundled summit scenario (long scenes, up to five choices)."""
    options.setdefault("seed", SEED)
    return DiplomaticTrapsApp("summit", **options)
