"""Aggregate a class's play records: endings, traps most often sprung, average final meters, the
decision points where the class split most, and each player's outcome.

RECORDS_DIR is searched for play records (*.json, in sub-folders too; for the class folder of
'serve', its records). Records of different scenarios are reported separately (the csv format, a
grade book, needs one scenario: choose it with --scenario). With --watch, a live view of the class
while it plays, refreshed as saves and records arrive.
Exit status: 0 when a report was made, 1 when it cannot be written, 2 when there are no readable
records or the options do not fit them.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="RECORDS_DIR", help="a folder of play records")
    parser.add_argument(
        "--format",
        choices=("table", "csv", "html", "json"),
        default="table",
        help="terminal table, a csv grade book (one row per game), an HTML report with charts, "
        "or JSON",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of the terminal"
    )
    parser.add_argument("--scenario", metavar="ID", help="only the records of this scenario id")
    parser.add_argument(
        "--anonymise",
        "--anonymize",
        action="store_true",
        help="show each student under a pseudonym, the same in every report from this computer",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="a live view of the class while it plays: who is where, finished or not, where "
        "the class splits (FOLDER may be the class folder of 'serve')",
    )


def run(args: argparse.Namespace) -> int:
    if args.watch:
        from game.teaching.class_watch import watch

        return watch(Path(args.folder), args.scenario, args.anonymise)
    from game.teaching.class_report import run_report

    return run_report(Path(args.folder), args.format, args.output, args.scenario, args.anonymise)
