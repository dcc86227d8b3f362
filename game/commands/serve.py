"""Serve the game to web browsers on this computer or the local network (one game per browser tab).

Each tab starts its own game process. Records of finished games land in the records folder of the
data folder (--data-dir), where 'class' can read them.
"""

from __future__ import annotations

import argparse


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
    from game.teaching.serving import run_server

    return run_server(args)
