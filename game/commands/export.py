"""Write a play record as a debrief report a student can hand in (Markdown or HTML).

The report lists the decisions, charts the meters (inline SVG in HTML; an SVG file beside the
Markdown), explains the traps met with their lessons and sources, and gives the ending's debrief.
Exit status: 0 when written, 1 when the report cannot be written, 2 when the record is unreadable.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("record", metavar="RECORD.json", help="a play record file")
    parser.add_argument(
        "--format", choices=("md", "html"), default="html", help="report format (default: html)"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write the report ('-' for standard output; default: beside the record)",
    )


def run(args: argparse.Namespace) -> int:
    from game.engine.records import RecordError, read_record
    from game.engine.terminal_text import terminal_safe
    from game.teaching.debrief import debrief_html, debrief_markdown, write_debrief

    try:
        record = read_record(args.record)
    except RecordError as error:
        print(terminal_safe(f"error: {error}"), file=sys.stderr)
        return 2
    if args.output == "-":
        text = debrief_html(record) if args.format == "html" else debrief_markdown(record, None)
        sys.stdout.write(terminal_safe(text, multiline=True) if sys.stdout.isatty() else text)
        return 0
    out = Path(args.output) if args.output else Path(args.record).with_suffix(f".{args.format}")
    try:
        written = write_debrief(record, args.format, out)
    except OSError as error:
        print(
            terminal_safe(f"error: cannot write {out}: {error.strerror or error}"), file=sys.stderr
        )
        return 1
    for path in written:
        print(terminal_safe(f"wrote {path}"))
    return 0
