"""Drive 'serve' like a browser does: start it on a loopback port, open WebSocket sessions, and
measure the game processes it spawns. ``python -m tests.teaching.serve_probe 5`` prints the memory
of five concurrent sessions."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from tests.conftest import ROOT

TITLE_MARK = "D I P L O M A T I C"
MENU_MARK = "New game"
GAME_MARK = "Your choices"
IDLE_SECONDS = 10.0
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def visible(screen_bytes: str) -> str:
    """The text a browser would show, roughly: escape sequences removed, spaces squeezed."""
    return " ".join(ESCAPES.sub(" ", screen_bytes).split())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    process: subprocess.Popen[str]
    port: int
    data_dir: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def serving(data_dir: Path, scenario: str = "tutorial") -> Iterator[Served]:
    """'serve' running in its own process group on a free loopback port; stopped on exit."""
    port = free_port()
    env = dict(os.environ)
    env.pop("DIPLOMATIC_TRAPS_DATA_DIR", None)  # the --data-dir option must be what counts
    process = subprocess.Popen(
        [
            sys.executable,
            "main.py",
            "serve",
            scenario,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        yield Served(process, port, data_dir)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


async def fetch_page(served: Served, deadline: float) -> str:
    """The index page, retried until the server listens."""
    async with aiohttp.ClientSession() as http:
        while True:
            try:
                async with http.get(served.url + "/") as response:
                    return await response.text()
            except aiohttp.ClientConnectorError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)


async def read_until(
    ws: aiohttp.ClientWebSocketResponse, marks: tuple[str, ...], seconds: float
) -> str:
    """The visible text the game sent until every mark has appeared (or the time is up)."""
    received = ""
    end = time.monotonic() + seconds
    while not all(mark in visible(received) for mark in marks):
        left = end - time.monotonic()
        if left <= 0:
            break
        try:
            message = await ws.receive(timeout=left)
        except TimeoutError:
            break
        if message.type == aiohttp.WSMsgType.BINARY:
            received += message.data.decode("utf-8", "replace")
        elif message.type == aiohttp.WSMsgType.TEXT:
            received += message.data
        else:
            break
    return visible(received)


async def read_until_shown(
    ws: aiohttp.ClientWebSocketResponse, marks: tuple[str, ...], seconds: float
) -> str:
    """Like ``read_until``, but a mark still missing at the deadline fails, showing the text."""
    shown = await read_until(ws, marks, seconds)
    missing = [mark for mark in marks if mark not in shown]
    assert not missing, (
        f"after {seconds:.0f} s the game had not shown {missing}; it showed:\n{shown}"
    )
    return shown


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def command_line(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def game_processes(server_pid: int) -> list[int]:
    """The game processes 'serve' started (one per open browser tab)."""
    return [
        pid
        for pid in descendants(server_pid)
        if "game.teaching.served_game" in command_line(pid) and "/bin/sh" not in command_line(pid)
    ]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def environment(pid: int) -> dict[str, str]:
    raw = (Path("/proc") / str(pid) / "environ").read_bytes()
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(): v.decode("utf-8", "replace") for k, v in pairs}


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in KiB: PSS shares shared pages fairly between processes."""
    rss = pss = 0
    for line in (Path("/proc") / str(pid) / "smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1])
        elif line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss, pss


async def hold_sessions(served: Served, count: int, scene_mark: str, seconds: float = 60.0) -> None:
    """Open ``count`` sessions, start a game in each (n on the title screen, as a student
    would), wait for its first scene, then print the memory of every game process."""
    deadline = time.monotonic() + seconds
    await fetch_page(served, deadline)
    async with aiohttp.ClientSession() as http:
        sockets = [
            await http.ws_connect(f"ws://127.0.0.1:{served.port}/ws?width=100&height=30")
            for _ in range(count)
        ]
        opened = time.monotonic()
        titles = await asyncio.gather(
            *(read_until(ws, (TITLE_MARK, MENU_MARK), seconds) for ws in sockets)
        )
        for ws in sockets:
            await ws.send_json(["stdin", "n"])  # n: new game
        scenes = await asyncio.gather(
            *(read_until(ws, (GAME_MARK, scene_mark), seconds) for ws in sockets)
        )
        print(f"every tab showed its first scene {time.monotonic() - opened:.1f} s after opening")
        await asyncio.sleep(1)
        games = game_processes(served.process.pid)
        sizes = [memory_kib(pid) for pid in games]
        every = descendants(served.process.pid)
        every_rss = sum(memory_kib(pid)[0] for pid in every) / 1024
        server_rss = memory_kib(served.process.pid)[0] / 1024
        print(
            f"{count} sessions: {sum(TITLE_MARK in t for t in titles)} title screens, "
            f"{sum(scene_mark in s for s in scenes)} games started, {len(games)} game processes"
        )
        for pid, (rss, pss) in zip(games, sizes, strict=True):
            print(f"  pid {pid}: RSS {rss / 1024:.1f} MiB, PSS {pss / 1024:.1f} MiB")
        if sizes:
            rss = sum(s[0] for s in sizes) / len(sizes) / 1024
            pss = sum(s[1] for s in sizes) / len(sizes) / 1024
            print(f"mean per game: RSS {rss:.1f} MiB, PSS {pss:.1f} MiB")
            print(
                f"all {len(every)} processes below the server: RSS {every_rss:.1f} MiB "
                f"({every_rss / count:.1f} MiB per session); server itself RSS {server_rss:.1f} MiB"
            )
            before = sum(cpu_seconds(pid) for pid in games)
            print(f"CPU to start a game and show its first scene: {before / len(games):.2f} s")
            await asyncio.sleep(IDLE_SECONDS)
            idle = sum(cpu_seconds(pid) for pid in games) - before
            print(
                f"CPU while {count} players read their first scene for {IDLE_SECONDS:.0f} s: "
                f"{100 * idle / IDLE_SECONDS / len(games):.2f}% of one core per game"
            )
        for ws in sockets:
            await ws.close()


if __name__ == "__main__":
    sessions = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    scenario = sys.argv[2] if len(sys.argv) > 2 else "tutorial"
    first_scene = sys.argv[3] if len(sys.argv) > 3 else "The briefing"
    with tempfile.TemporaryDirectory() as folder, serving(Path(folder), scenario) as served:
        asyncio.run(hold_sessions(served, sessions, first_scene))
