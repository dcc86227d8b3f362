"""Waiting in UI tests for a whole condition, with a deadline that fails loudly with the screen."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.widgets._toast import Toast

from tests.ui.conftest import visible_text

DEADLINE = 30.0  # seconds: generous, for a busy two-core machine; only a failure waits this long


async def wait_for(
    pilot: Any, condition: Callable[[], bool], what: str, timeout: float = DEADLINE
) -> str:
    """Wait until ``condition()`` holds; return the screen's text. On time-out, fail with
    ``what`` was awaited and what the screen showed instead."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            screen = visible_text(pilot.app)
            raise AssertionError(f"gave up waiting for {what}; the screen shows:\n{screen}")
        await pilot.pause(0.05)
    return visible_text(pilot.app)


async def wait_for_texts(pilot: Any, *texts: str, timeout: float = DEADLINE) -> str:
    """Wait until every one of ``texts`` is on the screen at once; return the screen's text."""
    return await wait_for(
        pilot,
        lambda: all(text in visible_text(pilot.app) for text in texts),
        " and ".join(repr(t) for t in texts),
        timeout,
    )


def notices(app: App) -> str:
    """The words of the notices on screen now, however their lines wrap."""
    return " ".join(" ".join(str(toast.render()).split()) for toast in app.screen.query(Toast))


async def wait_for_notice(pilot: Any, text: str, timeout: float = DEADLINE) -> str:
    """Wait until a notice on screen says ``text``; return what the notices say."""
    await wait_for(pilot, lambda: text in notices(pilot.app), f"a notice saying {text!r}", timeout)
    return notices(pilot.app)
