"""Play a scenario: the full-screen game in a terminal, or the plain-text game with --plain.

The plain front end reads choice numbers from standard input and writes plain text, for screen
readers, pipes and scripts. It is also used when standard output is not a terminal or TERM=dumb.
"""

from __future__ import annotations

import argparse
import os
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario", nargs="?", metavar="SCENARIO", help="bundled name or folder (default: summit)"
    )
    parser.add_argument("--seed", type=int, help="seed for chance events: same seed, same game")
    parser.add_argument("--plain", action="store_true", help="plain text on stdin/stdout")
    start = parser.add_mutually_exclusive_group()
    start.add_argument(
        "--continue", dest="resume", action="store_true", help="continue the latest autosave"
    )
    start.add_argument("--load", metavar="SLOT", help="load a named save slot")
    parser.add_argument(
        "--no-autosave", action="store_true", help="do not save progress after every turn"
    )
    parser.add_argument(
        "--player",
        metavar="NAME",
        help="your name or class code, written into the play record of the game",
    )
    parser.add_argument(
        "--ask-player",
        action="store_true",
        help="ask for the player's name before each new game (for classes; full-screen game)",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="for authors: every value shown, set values, jump to scenes, chance draws shown; "
        "nothing is saved or recorded",
    )
    parser.add_argument(
        "--start",
        metavar="SCENE",
        help="for authors: open a new game in this scene (a debug game: implies --debug)",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="for authors: reload the scenario when its files change (full-screen game only)",
    )


def wants_plain(args: argparse.Namespace) -> bool:
    """Plain text when asked, or when the terminal cannot show the full-screen game."""
    return args.plain or not sys.stdout.isatty() or os.environ.get("TERM") == "dumb"


def looks_like_scenario(ref: str | None) -> bool:
    """A cheap check that a scenario reference may exist, without importing the engine."""
    if ref is None:
        return True
    from pathlib import Path

    from game.locations import bundled_scenes_dir

    root = bundled_scenes_dir()
    # the same names catalog.resolve accepts: a path, a bundled folder or a bundled single file
    return Path(ref).expanduser().exists() or any(
        (root / name).exists() for name in (ref, f"{ref}.yaml", f"{ref}.yml")
    )


def debug_usage_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with --start on this command line, if anything (--start implies --debug)."""
    if args.start is None:
        return None
    if args.resume or args.load:
        return "--start opens a new game; it cannot be used with --continue or --load"
    if args.scenario is None:
        return "--start needs the scenario: play SCENARIO --start SCENE"
    return None


def run(args: argparse.Namespace) -> int:
    from game.commands import load_or_report

    problem = debug_usage_problem(args)
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    args.debug = args.debug or args.start is not None
    if not wants_plain(args) and looks_like_scenario(args.scenario):
        # The full-screen game draws its title first and loads the scenario just after.
        from game.ui.app import run_app

        return run_app(args)
    scenario = load_or_report(args.scenario)
    if isinstance(scenario, int):
        return scenario
    if not args.plain:
        print(
            "(not a full terminal: using the plain-text game; --plain to choose it)",
            file=sys.stderr,
        )
    from game.plain import run_plain

    run = start_run(scenario, args)
    if isinstance(run, int):
        return run
    return run_plain(run)


def start_run(scenario, args: argparse.Namespace):
    """A new game, or the saved one asked for with --continue/--load; an exit code on failure."""
    from game.engine.game_run import DebugError, GameRun
    from game.engine.saves import AUTOSAVE, SaveError

    autosave = not args.no_autosave
    debug = getattr(args, "debug", False)
    start = getattr(args, "start", None)
    slot = AUTOSAVE if args.resume else args.load
    if slot is None:
        try:
            return GameRun.new(
                scenario, args.seed, args.player, autosave=autosave, debug=debug, start=start
            )
        except DebugError as error:
            print(f"error: cannot start there: {error}", file=sys.stderr)
            return 2
    try:
        return GameRun.load(scenario, slot, autosave=autosave, player=args.player, debug=debug)
    except SaveError as error:
        print(f"error: cannot load the save '{slot}': {error}", file=sys.stderr)
        return 1
