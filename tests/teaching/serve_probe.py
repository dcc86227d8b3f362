"""Drive 'serve' like a class of browsers does: start it on a loopback port, join, open
WebSocket sessions, and measure the game processes it spawns.

``python -m tests.teaching.serve_probe 50 summit "The announcement"`` has 50 students join at
once and start a game, then prints the time to the first screen, the memory of every game, and
how many game processes were left after every tab closed."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import statistics
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
    code: str | None  # the class code it printed (None with --open)
    banner: list[str]  # what it printed before serving

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"


def read_banner(process: subprocess.Popen[str], seconds: float) -> list[str]:
    """The lines 'serve' prints before it serves, up to the class code (or --open's notice)."""
    lines: list[str] = []
    deadline = time.monotonic() + seconds
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith(("Class code:", "No class code")):
            return lines
    raise AssertionError(f"serve printed no class code within {seconds} s: {lines}")


@contextlib.contextmanager
def serving(data_dir: Path, scenario: str = "tutorial", *options: str) -> Iterator[Served]:
    """'serve' running in its own process group on a free loopback port; stopped on exit."""
    port = free_port()
    env = dict(os.environ)
    env.pop("DIPLOMATIC_TRAPS_DATA_DIR", None)  # the --data-dir option must be what counts
    env.pop("DIPLOMATIC_TRAPS_RECORDS_DIR", None)
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
            *options,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        banner = read_banner(process, 60)
        code = banner[-1].split(":", 1)[1].strip() if banner[-1].startswith("Class code") else None
        yield Served(process, port, data_dir, code, banner)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


async def fetch_page(
    served: Served, deadline: float, http: aiohttp.ClientSession | None = None
) -> str:
    """The index page, retried until the server listens."""
    async with contextlib.AsyncExitStack() as stack:
        if http is None:
            http = await stack.enter_async_context(aiohttp.ClientSession())
        while True:
            try:
                async with http.get(served.url + "/") as response:
                    return await response.text()
            except aiohttp.ClientConnectorError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)


def browser() -> aiohttp.ClientSession:
    """A client that keeps cookies as a browser does (also for a numeric address)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def join(
    http: aiohttp.ClientSession,
    served: Served,
    name: str,
    group: str | None = None,
    code: str | None = None,
) -> tuple[int, str]:
    """Fill in the join page; the status and the page that follows."""
    await fetch_page(served, time.monotonic() + 60, http)
    form = {"name": name, "code": code if code is not None else served.code or ""}
    if group is not None:
        form["group"] = group
    async with http.post(served.url + "/join", data=form) as response:
        return response.status, await response.text()


async def open_game(
    http: aiohttp.ClientSession, served: Served, width: int = 100, height: int = 30, **options
) -> aiohttp.ClientWebSocketResponse:
    """A joined browser's game connection."""
    return await http.ws_connect(f"{served.ws_url}?width={width}&height={height}", **options)


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


async def read_until_closed(ws: aiohttp.ClientWebSocketResponse, seconds: float) -> bool:
    """Whether the server closed the connection within ``seconds`` (what it sent is dropped)."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        try:
            message = await ws.receive(timeout=left)
        except TimeoutError:
            return False
        if message.type in (
            aiohttp.WSMsgType.CLOSE,
            aiohttp.WSMsgType.CLOSING,
            aiohttp.WSMsgType.CLOSED,
        ):
            return True
    return False


async def wait_until(check, seconds: float, what: str) -> None:
    """Poll ``check()`` until it is true; fail loudly, saying ``what`` was awaited, if it never is."""
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"still not true after {seconds:.0f} s: {what}")
        await asyncio.sleep(0.2)


def running(pid: int) -> bool:
    """Whether a process exists and has not ended (an ended one may wait as a zombie)."""
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


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


@dataclass
class ClassFigures:
    """What a class of browser sessions cost, and whether it was cleaned up."""

    sessions: int
    title_screens: int
    first_scenes: int
    game_processes: int
    first_screen_seconds: list[float]  # per session: connection opened -> title screen shown
    first_scene_seconds: list[float]  # per session: connection opened -> first scene shown
    rss_mib: list[float]  # per game process
    pss_mib: list[float]
    server_rss_mib: float
    left_after_close: list[int]  # game processes still there after every socket closed

    def report(self) -> str:
        def median(values: list[float]) -> float:
            return statistics.median(values) if values else float("nan")

        return "\n".join(
            [
                f"{self.sessions} sessions: {self.title_screens} title screens, "
                f"{self.first_scenes} first scenes, {self.game_processes} game processes",
                f"time to the title screen: median {median(self.first_screen_seconds):.1f} s, "
                f"slowest {max(self.first_screen_seconds, default=0):.1f} s",
                f"time to the first scene: median {median(self.first_scene_seconds):.1f} s, "
                f"slowest {max(self.first_scene_seconds, default=0):.1f} s",
                f"memory per game: RSS median {median(self.rss_mib):.1f} MiB "
                f"(max {max(self.rss_mib, default=0):.1f}), PSS median "
                f"{median(self.pss_mib):.1f} MiB; all games {sum(self.rss_mib):.0f} MiB RSS, "
                f"{sum(self.pss_mib):.0f} MiB PSS; server {self.server_rss_mib:.1f} MiB",
                f"game processes left after every socket closed: {len(self.left_after_close)}",
            ]
        )


async def play_class(
    served: Served, count: int, scene_mark: str, seconds: float = 300.0
) -> ClassFigures:
    """``count`` students join at once, open their game, start a new one (n) and wait for its
    first scene; then every tab closes. Measures time, memory and what is left running."""
    await fetch_page(served, time.monotonic() + seconds)
    browsers = [browser() for _ in range(count)]
    try:
        await asyncio.gather(*(join(http, served, f"S{n:02d}") for n, http in enumerate(browsers)))

        async def one(http: aiohttp.ClientSession):
            opened = time.monotonic()
            ws = await open_game(http, served)
            title = await read_until(ws, (TITLE_MARK, MENU_MARK), seconds)
            at_title = time.monotonic() - opened
            await ws.send_json(["stdin", "n"])  # n: new game
            scene = await read_until(ws, (GAME_MARK, scene_mark), seconds)
            return ws, title, at_title, scene, time.monotonic() - opened

        tabs = await asyncio.gather(*(one(http) for http in browsers))
        await asyncio.sleep(1)
        games = game_processes(served.process.pid)
        sizes = [memory_kib(pid) for pid in games]
        figures = ClassFigures(
            sessions=count,
            title_screens=sum(TITLE_MARK in title for _, title, _, _, _ in tabs),
            first_scenes=sum(scene_mark in scene for _, _, _, scene, _ in tabs),
            game_processes=len(games),
            first_screen_seconds=[t for _, title, t, _, _ in tabs if TITLE_MARK in title],
            first_scene_seconds=[t for _, _, _, scene, t in tabs if scene_mark in scene],
            rss_mib=[rss / 1024 for rss, _ in sizes],
            pss_mib=[pss / 1024 for _, pss in sizes],
            server_rss_mib=memory_kib(served.process.pid)[0] / 1024,
            left_after_close=[],
        )
        await asyncio.gather(*(ws.close() for ws, *_ in tabs))
        with contextlib.suppress(AssertionError):
            await wait_until(
                lambda: not game_processes(served.process.pid), seconds, "every game ended"
            )
        figures.left_after_close = game_processes(served.process.pid)
        return figures
    finally:
        await asyncio.gather(*(http.close() for http in browsers))


if __name__ == "__main__":
    sessions = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    scenario = sys.argv[2] if len(sys.argv) > 2 else "tutorial"
    first_scene = sys.argv[3] if len(sys.argv) > 3 else "The briefing"
    with tempfile.TemporaryDirectory() as folder, serving(Path(folder), scenario) as served:
        print(asyncio.run(play_class(served, sessions, first_scene)).report())
