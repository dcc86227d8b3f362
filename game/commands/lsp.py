"""Run the language server for scenario files on standard input and output: editors show
check's errors and warnings as you type, complete scene, meter, flag, counter and trap names,
jump to where they are declared, and show a meter's range or a trap's lesson on hover.

Editors start it themselves; see docs/editor-setup.md.
"""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="talk over standard input and output (the default and only way; accepted because "
        "some editors pass it)",
    )


def run(args: argparse.Namespace) -> int:
    from game.authoring.language_server import serve_stdio

    serve_stdio()
    return 0
