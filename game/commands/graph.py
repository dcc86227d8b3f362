"""Print the scene graph: Mermaid (renders on GitHub) or DOT (Graphviz).

Endings are drawn as rounded or double-bordered nodes coloured by outcome, choices that spring a
trap in red, chance branches dashed with their weight, and conditions written on the edges.
"""

from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario", nargs="?", metavar="SCENARIO", help="bundled name or folder (default: summit)"
    )
    parser.add_argument(
        "--format", choices=("mermaid", "dot"), default="mermaid", help="default: mermaid"
    )


def run(args: argparse.Namespace) -> int:
    from game.authoring.graph import to_dot, to_mermaid
    from game.commands import load_or_report

    scenario = load_or_report(args.scenario)
    if isinstance(scenario, int):
        return scenario
    text = to_dot(scenario) if args.format == "dot" else to_mermaid(scenario)
    if sys.stdout.isatty():  # on a terminal, author text's control characters are shown
        from game.engine.terminal_text import terminal_safe

        text = terminal_safe(text, multiline=True)
    print(text, end="")
    return 0
