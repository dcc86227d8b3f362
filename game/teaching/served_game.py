"""One student's game in a browser tab: the full-screen game, started by 'serve' for each tab.

textual-serve talks to this process through pipes (not a terminal), so the full-screen game is
started directly instead of through 'play', which would choose plain text on a pipe. The game
limits its own memory, keeps its error output in the student's data folder (never on the
teacher's terminal), and continues the student's unfinished game if there is one.
Usage: ``python -m game.teaching.served_game SCENARIO --scenario-id ID --player NAME [...]``.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence

ERROR_LOG = "game-errors.log"
WATCH_SECONDS = 2.0  # between looks at whether the server is still there


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="diplomatic-traps served game")
    parser.add_argument("scenario", help="scenario folder or bundled name")
    parser.add_argument("--scenario-id", required=True, help="its id, to find its autosave")
    parser.add_argument("--player", required=True, metavar="NAME", help="the student's name")
    parser.add_argument("--seed", type=int, help="seed for chance events of new games")
    parser.add_argument(
        "--memory-limit", type=int, metavar="MB", help="end the game past this much memory"
    )
    return parser


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space: past it, allocations fail instead of the machine."""
    import resource

    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def keep_errors_in_data_folder() -> None:
    """Send this process's error output to a log in the student's folder."""
    from game.locations import data_dir

    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    log = os.open(folder / ERROR_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.dup2(log, 2)
    os.close(log)


def end_with_the_server() -> None:
    """Leave if the server that started this game goes away (every turn is autosaved): nobody
    could reach the game any more, and it would hold its memory for ever."""
    server = os.getppid()

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(WATCH_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)  # the game quits as when its tab closes
        time.sleep(10 * WATCH_SECONDS)
        os._exit(1)  # it did not: end it anyway

    threading.Thread(target=watch, name="server-watch", daemon=True).start()


def has_unfinished_game(scenario_id: str) -> bool:
    from game.engine.saves import AUTOSAVE, read_info, save_path

    info = read_info(save_path(scenario_id, AUTOSAVE))
    return info is not None and not info.ended


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    keep_errors_in_data_folder()
    end_with_the_server()
    if args.memory_limit:
        limit_memory(args.memory_limit)
    args.resume = has_unfinished_game(args.scenario_id)  # a reload goes on where it stopped
    args.load, args.watch, args.no_autosave, args.ask_player = None, False, False, False
    from game.ui.app import run_app

    # one data folder serves the whole class: a student's theme and endings are not the next's
    return run_app(args, personal_files=False)


if __name__ == "__main__":
    sys.exit(main())
