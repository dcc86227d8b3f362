"""One game in a browser tab: the full-screen game, started by 'serve' for every tab it serves.

textual-serve talks to this process through pipes (not a terminal), so the full-screen game is
started directly instead of through 'play', which would choose plain text on a pipe.
Usage: ``python -m game.teaching.served_game SCENARIO [options]`` (the options 'serve' passes).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def parser() -> argparse.ArgumentParser:
    """The options 'serve' starts a game with (a subset of play's, with the same meanings)."""
    parser = argparse.ArgumentParser(prog="diplomatic-traps served game")
    parser.add_argument("scenario", help="scenario folder or bundled name")
    parser.add_argument("--seed", type=int, help="seed for chance events")
    parser.add_argument("--player", metavar="NAME", help="the player's name, for the record")
    parser.add_argument("--ask-player", action="store_true", help="ask for the player's name")
    parser.add_argument("--no-autosave", action="store_true", help="do not save every turn")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.resume, args.load, args.watch = False, None, False
    from game.ui.app import run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
