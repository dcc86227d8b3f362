"""Serving the game to a class's web browsers: one game process per student, safe by default.

Built on textual-serve's Server. ClassServer adds a join page (the class code, the student's name
and group), refuses WebSockets from other sites' pages and from browsers that have not joined,
caps the number of games, gives each student their own data folder (their saves; records go to
the class's records folder), resumes a student's unfinished game, and closes idle games.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import os
import re
import socket
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from textual_serve.server import Server

from game.engine.terminal_text import terminal_safe
from game.locations import DATA_DIR_VARIABLE, RECORDS_DIR_VARIABLE

from .game_process import GameProcess
from .students import Student, clean_name, group_seed, new_token, same_code, valid_token

TITLE = "Diplomatic Traps"
ANY_ADDRESS = ("0.0.0.0", "::", "")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
TOKEN_COOKIE = "diplomatic_traps_student"
TOKEN_DAYS = 180
MB = 1024 * 1024
SESSION_MB = 60  # memory one game takes, with room to spare (measured: about 48 MB)
MAX_SESSIONS_CEILING = 200  # beyond this the processor, not memory, is the limit
MAX_MESSAGE = 64 * 1024  # a paste is the largest thing a browser sends
MAX_JOINED = 5000  # students remembered in one run (the oldest are forgotten first)
HOST_PATTERN = re.compile(r"[A-Za-z0-9.-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?")
JOIN_PAGE = Template((Path(__file__).parent / "join.html").read_text(encoding="utf-8"))

log = logging.getLogger("diplomatic-traps.serve")


@dataclass(frozen=True, slots=True)
class ClassSettings:
    """How 'serve' runs a class (from its command line)."""

    scenario_path: Path
    scenario_id: str
    scenario_title: str
    class_folder: Path  # records land in class_folder/records, students' saves beside them
    public_url: str
    join_code: str | None  # None: no code asked (only allowed on loopback)
    max_sessions: int
    seed: int | None = None  # every game starts with this seed
    groups: bool = False  # ask for a group; a group's games share a seed
    game_memory_mb: int = 1024
    idle_minutes: float = 20.0

    @property
    def records_folder(self) -> Path:
        return self.class_folder / "records"


# -- addresses ----------------------------------------------------------------------------------


def lan_address() -> str | None:
    """This computer's address on the local network (no packet is sent), or None."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing lookup only
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def public_url(host: str, port: int, given: str | None = None) -> str:
    """The address students type."""
    if given:
        return given.rstrip("/")
    if host in ANY_ADDRESS:
        host = lan_address() or "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def url_origin(url: str) -> str:
    """The origin a browser sends for pages under ``url``: scheme://host[:port], no default port."""
    parts = urlsplit(url.strip().lower())
    host = f"[{parts.hostname}]" if parts.hostname and ":" in parts.hostname else parts.hostname
    default = {"http": 80, "https": 443}.get(parts.scheme)
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{parts.scheme}://{host}{port}"


def origin_allowed(origin: str, host: str, public: str) -> bool:
    """Whether a page from ``origin`` may open a game on this server.

    The address the teacher gave (or serve guessed) always may. So may the address the browser
    connected to, when the page came from it and it is a numeric address or localhost: a host
    name there could be another site's name pointed at this machine (DNS rebinding).
    """
    origin = url_origin(origin)
    if origin == url_origin(public):
        return True
    if origin not in (url_origin(f"http://{host}"), url_origin(f"https://{host}")):
        return False
    name = urlsplit(origin).hostname or ""
    if name == "localhost":
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def default_max_sessions() -> int:
    """As many games as half this computer's memory holds, at SESSION_MB each, up to a ceiling."""
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        memory = 4096 * MB  # unknown: assume a small laptop
    return max(1, min(MAX_SESSIONS_CEILING, memory // 2 // (SESSION_MB * MB)))


def package_root() -> Path:
    """The folder that holds the ``game`` package (put on PYTHONPATH for the served games)."""
    return Path(__file__).resolve().parents[2]


# -- messages from the browser -----------------------------------------------------------------


def client_message(data: str) -> tuple[str, Any] | None:
    """A browser's ``[type, payload]`` message, or None when it is not one."""
    try:
        envelope = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    return envelope[0], envelope[1] if len(envelope) > 1 else None


# -- the server ---------------------------------------------------------------------------------


class ClassServer(Server):
    """textual-serve's Server with a class's guards; one running game per student."""

    def __init__(self, settings: ClassSettings, host: str, port: int) -> None:
        super().__init__("", host=host, port=port, title=TITLE, public_url=settings.public_url)
        self.settings = settings
        self.students: dict[str, Student] = {}  # browser token -> who joined with it
        self.games: dict[str, GameProcess] = {}  # student key -> their running game

    # the web application

    async def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=16 * 1024)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.post("/join", self.handle_join, name="join"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        return app

    def initialize_logging(self) -> None:
        super().initialize_logging()
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # no line per request

    async def on_startup(self, app: web.Application) -> None:
        """Nothing to print: the serve command has said where and how to join."""

    async def on_shutdown(self, app: web.Application) -> None:
        await asyncio.gather(*(game.stop() for game in list(self.games.values())))

    # pages

    def student_of(self, request: web.Request) -> Student | None:
        token = valid_token(request.cookies.get(TOKEN_COOKIE))
        return self.students.get(token) if token else None

    def full_for(self, student: Student) -> bool:
        """Whether a new game for this student would pass the session cap."""
        return student.key not in self.games and len(self.games) >= self.settings.max_sessions

    def join_page(
        self, problem: str = "", name: str = "", group: str = "", status: int = 200
    ) -> web.Response:
        settings = self.settings
        code_field = (
            ""
            if settings.join_code is None
            else '<label>Class code (on the board)<input name="code" required '
            'autocomplete="off" autocapitalize="characters" maxlength="20"></label>'
        )
        group_field = (
            f'<label>Your group<input name="group" value="{escape(group)}" maxlength="60" '
            'required></label><p class="hint">Everybody in a group meets the same news.</p>'
            if settings.groups
            else ""
        )
        html = JOIN_PAGE.substitute(
            title=escape(TITLE),
            scenario=escape(settings.scenario_title),
            problem=f'<p class="problem" role="alert">{escape(problem)}</p>' if problem else "",
            code_field=code_field,
            name=escape(name),
            group_field=group_field,
        )
        return web.Response(text=html, content_type="text/html", status=status)

    def full_page(self) -> web.Response:
        return self.join_page(
            f"The class is full ({self.settings.max_sessions} games are running). "
            "Ask your teacher, then reload this page.",
            status=503,
        )

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The game for a student who has joined; the join page for anyone else."""
        student = self.student_of(request)
        if student is None:
            return self.join_page()
        if "join" in request.query:  # /?join: join again, under another name or group
            return self.join_page(name=student.name, group=student.group or "")
        if self.full_for(student):
            return self.full_page()
        # The page talks back to the address it was opened at (its cookie belongs there).
        secure = self.public_url.startswith("https:")
        host = request.host if HOST_PATTERN.fullmatch(request.host) else None
        base = f"{'https' if secure else 'http'}://{host}" if host else self.public_url
        context = {
            "font_size": min(max(_whole(request.query.get("fontsize"), 16), 8), 40),
            "app_websocket_url": ("wss:" if secure else "ws:") + base.split(":", 1)[1] + "/ws",
            "config": {"static": {"url": base + "/static/"}},
            "application": {"name": TITLE},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_join(self, request: web.Request) -> web.StreamResponse:
        """The join form: check the code, name and group; remember the student; on to the game."""
        form = await request.post()

        def field(name: str) -> str:
            value = form.get(name)
            return value if isinstance(value, str) else ""

        settings = self.settings
        name, group = clean_name(field("name")), clean_name(field("group"))
        typed = {"name": field("name")[:60], "group": field("group")[:60]}
        if settings.join_code is not None and not same_code(field("code"), settings.join_code):
            await asyncio.sleep(1)  # slows down guessing
            return self.join_page(
                "That is not the class code: check the board.", **typed, status=403
            )
        if name is None:
            return self.join_page(
                "Type your name (up to 60 letters, digits, spaces or punctuation).",
                **typed,
                status=400,
            )
        if settings.groups and group is None:
            return self.join_page("Type your group's name.", **typed, status=400)
        token = valid_token(request.cookies.get(TOKEN_COOKIE)) or new_token()
        student = Student(name, group if settings.groups else None, token)
        self.students.pop(token, None)
        self.students[token] = student
        while len(self.students) > MAX_JOINED:
            del self.students[next(iter(self.students))]
        seed = self.seed_for(student)
        about = f" (group {group}, seed {seed})" if student.group else ""
        print(terminal_safe(f"{name} joined{about}"), flush=True)
        response = web.Response(status=303, headers={"Location": "/"})
        response.set_cookie(
            TOKEN_COOKIE,
            token,
            max_age=TOKEN_DAYS * 24 * 3600,
            httponly=True,
            samesite="Lax",
            path="/",
        )
        return response

    # games

    def seed_for(self, student: Student) -> int | None:
        if student.group is not None:
            return group_seed(student.group, self.settings.seed or 0)
        return self.settings.seed

    def game_command(self, student: Student) -> tuple[list[str], dict[str, str]]:
        """The command line and environment of a student's game."""
        settings = self.settings
        argv = [
            sys.executable,
            "-m",
            "game.teaching.served_game",
            str(settings.scenario_path),
            f"--scenario-id={settings.scenario_id}",
            f"--player={student.name}",
            f"--memory-limit={settings.game_memory_mb}",
        ]
        seed = self.seed_for(student)
        if seed is not None:
            argv.append(f"--seed={seed}")
        paths = [
            str(package_root()),
            *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep)),
        ]
        environment = {
            DATA_DIR_VARIABLE: str(student.folder(settings.class_folder)),
            RECORDS_DIR_VARIABLE: str(settings.records_folder),
            "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths)),
            "MALLOC_ARENA_MAX": "2",  # fewer malloc arenas: less address space under the limit
        }
        return argv, environment

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """A student's game: refused for other sites' pages, strangers and a full class."""
        origin = request.headers.get("Origin")
        if origin is not None and not origin_allowed(origin, request.host, self.public_url):
            return web.Response(status=403, text="Connections from other sites are refused.")
        student = self.student_of(request)
        if student is None:
            return web.Response(status=403, text="Join the class first.")
        # One game per student: a reload or a second tab takes over (the game is autosaved).
        while (previous := self.games.pop(student.key, None)) is not None:
            await previous.stop()
        if self.full_for(student):
            return web.Response(status=503, text="The class is full.")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        argv, environment = self.game_command(student)
        game = GameProcess(argv, environment, websocket, self.download_manager)
        self.games[student.key] = game
        try:
            await websocket.prepare(request)
            await game.start(request.query.get("width"), request.query.get("height"))
            await self.relay(websocket, game)
        except (OSError, ConnectionError) as error:
            log.warning("game of %s ended: %s", terminal_safe(student.name), error)
        finally:
            if self.games.get(student.key) is game:
                del self.games[student.key]
            await game.stop()
            await websocket.close()
        return websocket

    async def relay(self, websocket: web.WebSocketResponse, game: GameProcess) -> None:
        """Pass the browser's keys and sizes to the game until either side goes."""
        idle = asyncio.ensure_future(self.close_when_idle(websocket, game))
        try:
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                parsed = client_message(message.data)
                if parsed is None:
                    continue
                kind, payload = parsed
                if kind == "stdin" and isinstance(payload, str):
                    await game.typed(payload)
                elif kind == "resize" and isinstance(payload, dict):
                    await game.set_terminal_size(payload.get("width"), payload.get("height"))
                elif kind == "ping" and isinstance(payload, str) and len(payload) < 64:
                    await websocket.send_json(["pong", payload])
                elif kind == "focus":
                    await game.focus()
                elif kind == "blur":
                    await game.blur()
        finally:
            idle.cancel()

    async def close_when_idle(self, websocket: web.WebSocketResponse, game: GameProcess) -> None:
        """Close the tab's game when no key has come for the idle limit (it is autosaved)."""
        limit = self.settings.idle_minutes * 60
        loop = asyncio.get_running_loop()
        while (left := game.last_input + limit - loop.time()) > 0:
            await asyncio.sleep(left)
        await websocket.close(message=b"closed after a long pause: reload to go on")


def _whole(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
