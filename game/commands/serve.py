"""Serve the game to web browsers on this computer or the local network (one game per browser tab).

Each tab starts its own game process. Records of finished games land in the records folder of the
data folder (--data-dir), where 'class' can read them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario", nargs="?", metavar="SCENARIO", help="bundled name or folder (default: summit)"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 for the local network)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="address students type, e.g. http://192.168.1.20:8000 (default: guessed)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="FOLDER",
        help="data folder for the served games; records land in FOLDER/records",
    )


def run(args: argparse.Namespace) -> int:
    """Check the scenario, point records at the data folder, serve until Ctrl+C."""
    from game.commands import load_or_report
    from game.engine.catalog import resolve
    from game.locations import data_dir, records_dir
    from game.teaching.serving import make_server, public_url, served_command, served_environment

    scenario = load_or_report(args.scenario)
    if isinstance(scenario, int):
        return scenario
    scenario_path = resolve(args.scenario)  # load_or_report has just resolved it
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
    print(f"Class report: python main.py class {records_dir()}")
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
