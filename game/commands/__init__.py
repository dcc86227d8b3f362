"""One module per subcommand: configure(parser) adds its arguments, run(args) does the work."""

from __future__ import annotations

import sys
from pathlib import Path


def load_or_report(ref: str | None):
    """Load a scenario by name or path; on failure print the problems and return an exit code."""
    from game.engine.catalog import CatalogError, resolve
    from game.engine.loader import check_scenario
    from game.engine.plurals import plural
    from game.engine.terminal_text import terminal_safe

    try:
        path: Path = resolve(ref)
    except CatalogError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    result = check_scenario(path)
    if result.scenario is None:
        for problem in result.problems:
            print(terminal_safe(problem.format(), multiline=True), file=sys.stderr)
        print(f"{path}: cannot start: {plural(len(result.errors), 'error')}", file=sys.stderr)
        return 1
    return result.scenario
