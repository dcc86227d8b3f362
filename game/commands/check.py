"""Load and validate scenarios: print every problem as path:line:col, then a summary.

Exit status: 0 when there are no errors, 1 when there are, 2 for a usage error or a missing path.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="scenario folders or manifest files, or bundled names (default: all bundled)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def run(args: argparse.Namespace) -> int:
    from game.engine.catalog import CatalogError, bundled_scenarios, resolve
    from game.engine.loader import check_scenario

    targets: list[Path] = []
    if args.paths:
        for ref in args.paths:
            try:
                targets.append(resolve(ref))
            except CatalogError as error:
                print(f"error: {error}", file=sys.stderr)
                return 2
    else:
        targets = [info.path for info in bundled_scenarios()]
    all_problems = []
    for path in targets:
        result = check_scenario(path)
        all_problems.extend(result.problems)
    errors = sum(1 for p in all_problems if p.severity == "error")
    warnings = len(all_problems) - errors
    if args.format == "json":
        print(
            json.dumps(
                {
                    "scenarios": [str(p) for p in targets],
                    "errors": errors,
                    "warnings": warnings,
                    "problems": [p.as_dict() for p in all_problems],
                },
                indent=2,
            )
        )
    else:
        for problem in all_problems:
            print(problem.format())
        noun = "scenario" if len(targets) == 1 else "scenarios"
        print(f"checked {len(targets)} {noun}: {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0
