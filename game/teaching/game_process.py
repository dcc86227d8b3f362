"""One browser tab's game process: started without a shell in a process group of its own, told
a terminal size it can afford, and always ended and reaped when its tab goes."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Sequence
from contextlib import suppress

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

# A browser window is rarely wider than 400 cells or taller than 150; a client that claims more
# would make the game draw (and hold in memory) a screen of that size.
WIDTH_RANGE = (20, 400)
HEIGHT_RANGE = (8, 150)
QUIT_SECONDS = 5.0  # for a game to save and leave when asked, before it is ended
KILL_SECONDS = 5.0  # for each signal after that


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """A terminal size inside the ranges above (a missing or absurd value becomes 80 x 24)."""

    def whole(value: object, default: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            return default
        try:
            return int(value)
        except (ValueError, OverflowError):
            return default

    return (
        min(max(whole(width, 80), WIDTH_RANGE[0]), WIDTH_RANGE[1]),
        min(max(whole(height, 24), HEIGHT_RANGE[0]), HEIGHT_RANGE[1]),
    )


class GameProcess(AppService):
    """textual-serve's app service, made safe to leave running for a class."""

    def __init__(
        self,
        argv: Sequence[str],
        environment: dict[str, str],
        websocket: web.WebSocketResponse,
        downloads: DownloadManager,
    ) -> None:
        super().__init__(
            " ".join(argv),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=downloads,
        )
        self.argv = list(argv)
        self.environment = environment
        self.last_input = asyncio.get_running_loop().time()
        self._ending: asyncio.Future[None] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment.update(self.environment)
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24):
        # No shell between us and the game, and a process group to end as a whole.
        self._process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width, height),
            start_new_session=True,
        )
        self._stdin = self._process.stdin
        return self._process

    async def start(self, width: object, height: object) -> None:
        """Start the game at the browser's size, clamped."""
        await super().start(*clamp_size(width, height))

    async def set_terminal_size(self, width: object, height: object) -> None:
        """Tell the game the browser's new size, clamped."""
        await super().set_terminal_size(*clamp_size(width, height))

    async def typed(self, text: str) -> None:
        """Keys from the browser (the only thing that counts as input for the idle limit)."""
        self.last_input = asyncio.get_running_loop().time()
        await self.send_bytes(text.encode("utf-8", "replace"))

    async def run(self) -> None:
        await super().run()
        await self.remote_close()  # the game has ended (or failed): the page says so

    async def stop(self) -> None:
        """Ask the game to quit, end it if it does not, and reap it; safe to call many times."""
        if self._ending is None:
            self._ending = asyncio.ensure_future(self._end())
        await asyncio.shield(self._ending)

    async def _end(self) -> None:
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            await self.send_meta({"type": "quit"})  # every turn is autosaved already
            with suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), QUIT_SECONDS)
        for sent in (signal.SIGTERM, signal.SIGKILL):
            if process.returncode is not None:
                break
            with suppress(ProcessLookupError):
                os.killpg(process.pid, sent)
            with suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), KILL_SECONDS)
        if self._task is not None:
            with suppress(TimeoutError):
                await asyncio.wait_for(self._task, KILL_SECONDS)
