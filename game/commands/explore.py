"""Prove which endings a game can reach: search every state, print the shortest way to each ending.

Every chance outcome with a positive weight counts as possible. Prints, for each ending, whether
it is reachable (with the choice numbers to type in 'play --plain', and a seed when chance is
involved), the range of every meter there, and any dead end found. Exit status: 0 when every
ending is reachable, 1 when one is unreachable, undecided, or a dead end exists, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario", nargs="?", metavar="SCENARIO", help="bundled name or folder (default: summit)"
    )
    parser.add_argument(
        "--max-states",
        type=int,
        default=200_000,
        metavar="N",
        help="stop the exact search after N states (default: 200000)",
    )
    parser.add_argument(
        "--seed-tries",
        type=int,
        default=2000,
        metavar="N",
        help="seeds to try when looking for one that replays a path (default: 2000)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from game.authoring.explore import REACHABLE, as_dict, as_text, explore
    from game.commands import load_or_report

    if args.max_states < 1 or args.seed_tries < 0:
        print("error: --max-states must be at least 1 and --seed-tries at least 0", file=sys.stderr)
        return 2
    scenario = load_or_report(args.scenario)
    if isinstance(scenario, int):
        return scenario
    report = explore(scenario, args.max_states, args.seed_tries)
    if args.format == "json":
        print(json.dumps(as_dict(report), indent=2, ensure_ascii=False))
    else:
        from game.engine.terminal_text import terminal_safe

        print(terminal_safe(as_text(report, args.scenario or scenario.id), multiline=True))
    all_reachable = all(e.verdict == REACHABLE for e in report.endings)
    return 0 if all_reachable and not report.stuck else 1
