"""Start-up: the game's launch to the title screen's first frame, as a ratio to a bare Textual app.

Both run headless in fresh interpreters, alternating, in the same run; each shows its first frame
and exits. Prints the medians and their ratio (target: at most 1.3). Wall-clock times vary from
machine to machine, so nothing here asserts them.

    python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Both children leave the same way: note the wall-clock time of the first frame drawn (on
# standard error), then exit.
LEAVE = """
import os, time
from textual.app import App

_display = App._display

def display_then_leave(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is not None and not self._batch_count and not getattr(self, "_drawn", False):
        self._drawn = True
        os.write(2, f"FIRST_FRAME {time.time()!r}\\n".encode())
        self.exit()

App._display = display_then_leave
"""

BARE = (
    LEAVE
    + """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Hello")

Bare().run(headless=True, size=(80, 24))
"""
)

# The game as `python main.py` starts it, with App.run made headless and the terminal check
# answered "full terminal" (the child's output is a pipe).
GAME = (
    LEAVE
    + """
_run = App.run
App.run = lambda self, **_: _run(self, headless=True, size=(80, 24))
import game.commands.play as play
play.wants_plain = lambda args: False
from game.cli import main
raise SystemExit(main(["play"]))
"""
)


def time_child(code: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting a fresh interpreter running ``code`` to its first frame, and to exit."""
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    ended = time.time()
    marks = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("FIRST_FRAME")]
    if not marks:
        raise SystemExit(f"the child drew no frame:\n{done.stderr}")
    return float(marks[0]) - start, ended - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each app (default 9)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, DIPLOMATIC_TRAPS_DATA_DIR=data, PYTHONPATH=str(ROOT))
        time_child(BARE, env)  # warm the file cache for both
        time_child(GAME, env)
        bare: list[tuple[float, float]] = []
        game: list[tuple[float, float]] = []
        for _ in range(args.runs):
            bare.append(time_child(BARE, env))
            game.append(time_child(GAME, env))
    frame = [statistics.median(t[0] for t in runs) for runs in (bare, game)]
    total = [statistics.median(t[1] for t in runs) for runs in (bare, game)]
    print(f"medians over {args.runs} runs  first frame   until exit")
    print(f"bare Textual app (Static) {frame[0] * 1000:8.0f} ms {total[0] * 1000:9.0f} ms")
    print(f"game title screen         {frame[1] * 1000:8.0f} ms {total[1] * 1000:9.0f} ms")
    print(f"ratio game/bare           {frame[1] / frame[0]:8.2f} x  {total[1] / total[0]:8.2f} x")
    print("target: launch to first frame at most 1.3x the bare app")
    return 0


if __name__ == "__main__":
    sys.exit(main())
