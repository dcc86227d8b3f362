"""Load, validate and lint scenarios: print every problem as path:line:col, then a summary.

Errors (DT1xx) stop a scenario from loading; warnings (DT2xx) point at likely mistakes in one
that loads. Exit status: 0 when there are no errors, 1 when there are (with --strict, warnings
count as errors), 2 for a usage error or a missing path.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game.engine.plurals import plural


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
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (exit 1 when there are any)"
    )
    parser.add_argument(
        "--no-lint", action="store_true", help="only load and validate; skip the DT2xx warnings"
    )


def run(args: argparse.Namespace) -> int:
    from game.authoring.lint import check
    from game.engine.catalog import CatalogError, bundled_scenarios, resolve

    targets: list[Path] = []
    if args.paths:
        for ref in args.paths:
            path = Path(ref).expanduser()
            if path.exists():
                targets.append(path)  # whatever is wrong with it is reported as a problem
                continue
            try:
                targets.append(resolve(ref))
            except CatalogError as error:
                if args.format == "json":
                    print(json.dumps({"error": str(error), "errors": None, "problems": []}))
                else:
                    print(f"error: {error}", file=sys.stderr)
                return 2
    else:
        targets = [info.path for info in bundled_scenarios()]
    all_problems = []
    for path in targets:
        all_problems.extend(check(path, with_lint=not args.no_lint).problems)
    if args.strict:
        from dataclasses import replace

        all_problems = [replace(p, severity="error") for p in all_problems]
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
        from game.engine.terminal_text import terminal_safe

        for problem in all_problems:
            print(terminal_safe(problem.format(), multiline=True))
        print(
            f"checked {plural(len(targets), 'scenario')}: "
            f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
        )
    return 1 if errors else 0
