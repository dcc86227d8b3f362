"""One game in a browser tab: the full-screen game, started by 'serve' for every tab it serves.

textual-serve talks to this process through pipes (not a terminal), so the full-screen game is
started directly instead of through 'play', which would choose plain text on a pipe.
Usage: ``python -m game.teaching.served_game [SCENARIO] [play options]``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from game.commands import play

    parser = argparse.ArgumentParser(prog="diplomatic-traps served game")
    play.configure(parser)
    args = parser.parse_args(argv)
    from game.ui.app import run_app

    # one data folder serves the whole class: a student's theme and endings are not the next's
    return run_app(args, personal_files=False)


if __name__ == "__main__":
    sys.exit(main())
