"""Serve the game to a class's web browsers on this computer or the local network.

Students open the address it prints, type the class code and their name, and play; each has their
own game and saves, and a reload continues where they were. Records of finished games land in
FOLDER/records (--data-dir), where 'class' reads them.
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
        help="the class's folder: records land in FOLDER/records, students' saves beside them",
    )
    parser.add_argument(
        "--open",
        action="store_true",
        help="ask for no class code (only with a loopback --host, to try it out)",
    )
    parser.add_argument(
        "--max-sessions",
        type=int,
        metavar="N",
        help="games running at once (default: what half this computer's memory holds)",
    )
    parser.add_argument(
        "--seed", type=int, help="every game starts with this seed: the same news for everyone"
    )
    parser.add_argument(
        "--groups",
        action="store_true",
        help="ask each student for a group name; a group's games share a seed (from --seed too)",
    )
    parser.add_argument(
        "--game-memory",
        type=int,
        default=1024,
        metavar="MB",
        help="a game that grows past this much memory (address space) ends (default 1024)",
    )
    parser.add_argument(
        "--idle-minutes",
        type=float,
        default=20.0,
        metavar="N",
        help="a game without a key pressed for N minutes is closed; it is saved (default 20)",
    )


def usage_problem(args: argparse.Namespace) -> str | None:
    from game.teaching.serving import LOOPBACK

    if not 0 < args.port < 65536:
        return f"--port must be between 1 and 65535, not {args.port}"
    if args.open and args.host not in LOOPBACK:
        return "--open (no class code) is only for a loopback --host such as 127.0.0.1"
    if args.max_sessions is not None and args.max_sessions < 1:
        return "--max-sessions must be at least 1"
    if args.game_memory < 256:
        return "--game-memory must be at least 256 (MB)"
    if not args.idle_minutes > 0:
        return "--idle-minutes must be more than 0"
    return None


def run(args: argparse.Namespace) -> int:
    """Check the scenario and options, then serve until Ctrl+C."""
    from game.commands import load_or_report
    from game.engine.catalog import resolve
    from game.engine.terminal_text import terminal_safe
    from game.locations import data_dir
    from game.teaching.serving import (
        LOOPBACK,
        ClassServer,
        ClassSettings,
        default_max_sessions,
        public_url,
    )
    from game.teaching.students import new_join_code

    problem = usage_problem(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    scenario = load_or_report(args.scenario)
    if isinstance(scenario, int):
        return scenario
    folder = Path(args.data_dir).expanduser().resolve() if args.data_dir else data_dir().resolve()
    try:
        (folder / "records").mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"error: cannot use {folder}: {error.strerror or error}", file=sys.stderr)
        return 2
    settings = ClassSettings(
        scenario_path=resolve(args.scenario).resolve(),  # load_or_report has just resolved it
        scenario_id=scenario.id,
        scenario_title=scenario.title,
        class_folder=folder,
        public_url=public_url(args.host, args.port, args.public_url),
        join_code=None if args.open else new_join_code(),
        max_sessions=args.max_sessions or default_max_sessions(),
        seed=args.seed,
        groups=args.groups,
        game_memory_mb=args.game_memory,
        idle_minutes=args.idle_minutes,
    )
    from game.program import command_line

    lines = [
        f"Serving '{scenario.title}' to browsers at {settings.public_url}",
        f"Up to {settings.max_sessions} games at once; a game idle for "
        f"{settings.idle_minutes:g} minutes is saved and closed.",
        f"Play records land in {settings.records_folder}",
        f"Class report: {command_line('class', str(settings.records_folder))}",
    ]
    if args.seed is not None or args.groups:
        lines.append(
            "Every group's games share a seed." if args.groups else f"Every game: seed {args.seed}."
        )
    if args.host in LOOPBACK:
        lines.append("Only this computer can connect; use --host 0.0.0.0 to let the class in.")
    lines.append(  # last, where the teacher finds it to write on the board
        f"Class code: {settings.join_code}" if settings.join_code else "No class code (--open)."
    )
    for line in lines:
        print(terminal_safe(line), flush=True)
    server = ClassServer(settings, args.host, args.port)
    try:
        server.serve()
    except OSError as error:
        print(
            f"error: cannot listen on {args.host}:{args.port}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 2
    return 0
