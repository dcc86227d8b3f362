"""Write the teacher's package for the bundled campaign as printable HTML: lesson plans for 50 and
90 minutes, the student brief with the source's citation, confidential role sheets for Kyiv, the
European capitals, Moscow and the White House, the pre/post quiz with answers, the memo rubric,
the debrief page for a projector, and the game's mechanics filled in from the scenario.

Open the pages in a browser and print them (Print -> Save as PDF for a PDF).
Exit status: 0 when written, 1 when the folder cannot be written, 2 when the package's pages are
missing from this installation.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FOLDER",
        default="teachers-package",
        help="the folder to write the pages into (default: teachers-package)",
    )
    parser.add_argument(
        "--scenario",
        default="summit",
        help="the scenario whose meters, traps and endings the mechanics page lists "
        "(default: summit)",
    )


def run(args: argparse.Namespace) -> int:
    from game.engine.catalog import CatalogError, resolve
    from game.engine.loader import check_scenario
    from game.engine.terminal_text import terminal_safe
    from game.locations import teachers_package_dir
    from game.teaching.printable import PackageMissing, build

    scenario = None
    try:
        scenario = check_scenario(resolve(args.scenario)).scenario
    except CatalogError as error:
        print(terminal_safe(f"error: {error}"), file=sys.stderr)
        return 2
    if scenario is None:
        print(
            terminal_safe(
                f"note: the scenario '{args.scenario}' does not load; the mechanics page is "
                "written without its tables"
            ),
            file=sys.stderr,
        )
    out = Path(args.output)
    try:
        written = build(teachers_package_dir(), out, scenario)
    except PackageMissing as error:
        print(terminal_safe(f"error: the teacher's package is missing: {error}"), file=sys.stderr)
        return 2
    except OSError as error:
        print(
            terminal_safe(f"error: cannot write {out}: {error.strerror or error}"),
            file=sys.stderr,
        )
        return 1
    print(terminal_safe(f"wrote {len(written)} pages to {out}; open {out / 'index.html'}"))
    return 0
