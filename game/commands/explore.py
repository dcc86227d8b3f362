"""Prove which endings are reachable: visit every state a game can reach, print a way to each ending.

Every chance outcome with a positive weight counts as possible, and every starting value chance
may draw. Prints, for each ending, whether it is reachable (with the choice numbers to type in
'play --plain', and a seed when chance is involved), the exact range of every meter there, dead
ends, states with no way to an ending, and choices no game can take.

Exit status: 0 when the search visited every reachable state and every ending is reachable with
no dead end; 1 when it visited every state and found an unreachable ending, a dead end or a state
with no way out (or the scenario does not load); 2 for bad usage; 3 when the limit stopped the
search before it visited every state (NOT exhaustive).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

NOT_EXHAUSTIVE = 3


def configure(parser: argparse.ArgumentParser) -> None:
    from game.authoring.explore import DEFAULT_MAX_STATES, DEFAULT_SEED_TRIES

    parser.add_argument(
        "scenario", nargs="?", metavar="SCENARIO", help="bundled name or folder (default: summit)"
    )
    parser.add_argument(
        "--max-states",
        type=int,
        default=DEFAULT_MAX_STATES,
        metavar="N",
        help=f"stop the exhaustive search after N states (default: {DEFAULT_MAX_STATES})",
    )
    parser.add_argument(
        "--seed-tries",
        type=int,
        default=DEFAULT_SEED_TRIES,
        metavar="N",
        help=f"seeds to try for a path that needs chance (default: {DEFAULT_SEED_TRIES})",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="a progress bar on standard error (auto: when it is a terminal)",
    )


def _stderr_columns() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError, AttributeError):  # not a terminal (or no file behind it)
        return 80


def _bar(done: int, total: int, width: int) -> str:
    filled = width * done // max(total, 1)
    return "#" * filled + "-" * (width - filled)


class ProgressBar:
    """One line on standard error, redrawn at most a few times a second."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.began = time.perf_counter()
        self.drawn = 0.0
        self.shown = False
        self.width = 0  # of the line drawn last

    def __call__(self, done: int, total: int, states: int, complete: bool = True) -> None:
        now = time.perf_counter()
        if done < total and now - self.drawn < 0.2:
            return
        self.drawn = now
        parts = [f"{done}/{total} scenes", f"{states:,} states", f"{now - self.began:.0f} s"]
        if not complete:
            parts.insert(0, "NOT exhaustive")
        room = max(_stderr_columns() - 1, 20)
        # the widest line that fits: narrow terminals lose the bar's width, the word
        # "exploring", then the last parts whole (never half a number)
        lines = [
            f"{lead}{self.name} [{_bar(done, total, width)}] {', '.join(parts[:kept])}"
            for kept in range(len(parts), 0, -1)
            for lead, width in (("exploring ", 16), ("exploring ", 8), ("", 8))
        ]
        line = next((one for one in lines if len(one) <= room), lines[-1][:room])
        print("\r" + line.ljust(self.width), end="", file=sys.stderr, flush=True)
        self.width = len(line)
        self.shown = True

    def close(self) -> None:
        if self.shown:
            print(file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from game.authoring.explore import REACHABLE, as_dict, as_text, explore
    from game.commands import load_or_report

    if args.max_states < 1 or args.seed_tries < 0:
        print("error: --max-states must be at least 1 and --seed-tries at least 0", file=sys.stderr)
        return 2
    scenario = load_or_report(args.scenario)
    if isinstance(scenario, int):
        return scenario
    show = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
    bar = ProgressBar(scenario.id) if show else None
    try:
        report = explore(scenario, args.max_states, args.seed_tries, bar)
    finally:
        if bar is not None:
            bar.close()
    if args.format == "json":
        print(json.dumps(as_dict(report), indent=2, ensure_ascii=False))
    else:
        from game.engine.terminal_text import terminal_safe

        print(terminal_safe(as_text(report, args.scenario or scenario.id), multiline=True))
    if not report.complete:
        return NOT_EXHAUSTIVE
    all_reachable = all(e.verdict == REACHABLE for e in report.endings)
    return 0 if all_reachable and not report.stuck and not report.no_way_out else 1
