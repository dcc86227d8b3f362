"""Create a new scenario folder from a commented template that already passes 'check --strict'.

The folder goes in scenes/ when run inside the game's repository, otherwise in the current
folder (or in --dir). Existing folders are never overwritten, and the names of the scenarios
that come with the game are refused (saves are kept by scenario id).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="SCENARIO_NAME", help="lowercase, digits and _, e.g. talks")
    parser.add_argument("--dir", type=Path, help="create the folder inside DIR")


def run(args: argparse.Namespace) -> int:
    from game.authoring.scaffold import ScaffoldError, create_scenario, default_parent
    from game.program import command_line

    parent = args.dir if args.dir is not None else default_parent()
    try:
        folder = create_scenario(args.name, parent)
    except (ScaffoldError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"created {folder}/ (scenario.yaml, scenes.yaml)")
    print(f"next: {command_line('check', str(folder), '--strict')}")
    print(f"      {command_line('play', str(folder))}")
    return 0
