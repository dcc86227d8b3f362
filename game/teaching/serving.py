"""Serving the game to web browsers with textual-serve: one game process per browser tab."""

from __future__ import annotations

import argparse
import os
import shlex
import socket
import sys
from pathlib import Path

from game.locations import DATA_DIR_VARIABLE
from game.program import command_line

TITLE = "Diplomatic Traps"
ANY_ADDRESS = ("0.0.0.0", "::", "")


def package_root() -> Path:
    """The folder that holds the ``game`` package (put on PYTHONPATH for the served games)."""
    return Path(__file__).resolve().parents[2]


def served_command(scenario_path: Path, python: str | None = None) -> str:
    """The shell command textual-serve runs for each browser tab: a new game, no shared autosave,
    and a question for the player's name so the class report can tell students apart."""
    words = [
        python or sys.executable,
        "-m",
        "game.teaching.served_game",
        str(scenario_path.resolve()),
        "--no-autosave",
        "--ask-player",
    ]
    return " ".join(shlex.quote(word) for word in words)


def served_environment(data_folder: Path) -> None:
    """Set what every served game inherits: the data folder, and where to find the game."""
    os.environ[DATA_DIR_VARIABLE] = str(data_folder)
    paths = [str(package_root()), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))


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
    """The address browsers use (the page opens its WebSocket there too)."""
    if given:
        return given.rstrip("/")
    if host in ANY_ADDRESS:
        host = lan_address() or "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def make_server(command: str, host: str, port: int, url: str):
    """A textual-serve Server for the command (imported here: it is only needed by 'serve')."""
    from textual_serve.server import Server

    return Server(command, host=host, port=port, title=TITLE, public_url=url)


def run_server(args: argparse.Namespace) -> int:
    """The 'serve' command: check the scenario, point records at the data folder, serve."""
    from game.commands import load_or_report
    from game.engine.catalog import CatalogError, resolve
    from game.locations import data_dir, records_dir

    scenario = load_or_report(args.scenario)
    if isinstance(scenario, int):
        return scenario
    try:
        scenario_path = resolve(args.scenario)
    except CatalogError as error:  # pragma: no cover - load_or_report already resolved it
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not 0 < args.port < 65536:
        print(f"error: --port must be between 1 and 65535, not {args.port}", file=sys.stderr)
        return 2
    folder = Path(args.data_dir).expanduser().resolve() if args.data_dir else data_dir().resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"error: cannot use {folder}: {error.strerror or error}", file=sys.stderr)
        return 2
    served_environment(folder)
    url = public_url(args.host, args.port, args.public_url)
    print(f"Serving '{scenario.title}' to browsers at {url}")
    print(f"Play records of finished games land in {records_dir()}")
    print(f"Class report: {command_line('class', str(records_dir()))}")
    if args.host in ("127.0.0.1", "localhost", "::1"):
        print("Only this computer can connect; use --host 0.0.0.0 to let the class in.")
    server = make_server(served_command(scenario_path), args.host, args.port, url)
    try:
        server.serve()
    except OSError as error:
        print(
            f"error: cannot listen on {args.host}:{args.port}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 2
    return 0
