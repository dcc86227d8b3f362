"""Replay a play record through the engine and check that it reaches the same ending and meters.

Exit status: 0 when the replay matches, 1 when it differs, 2 when the file is not a readable play
record or its scenario cannot be found.
"""

from __future__ import annotations

import argparse
import sys

from game.engine.plurals import plural


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("record", metavar="RECORD.json", help="a play record file")
    parser.add_argument(
        "--scenario",
        metavar="SCENARIO",
        help="bundled name or folder of the scenario (default: the one the record names)",
    )


def run(args: argparse.Namespace) -> int:
    from game.engine.records import RecordError, read_record
    from game.teaching.replay import ScenarioUnavailable, replay, scenario_for

    try:
        record = read_record(args.record)
        scenario = scenario_for(record, args.scenario)
    except (RecordError, ScenarioUnavailable) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    result = replay(record, scenario)
    player = record.get("player") or "anonymous"
    label = f"{args.record} ({scenario.title}, seed {record['seed']}, {player})"
    if result.version_note:
        print(f"note: {result.version_note}", file=sys.stderr)
    if not result.matches:
        print(f"MISMATCH {label}")
        for difference in result.differences:
            print(f"  {difference}")
        return 1
    session = result.session
    if session.ending is not None:
        outcome = f"ending '{session.scene.title}' ({session.ending.outcome})"
    else:
        outcome = f"unfinished game, now at '{session.scene.title}'"
    meters = ", ".join(f"{k} {v}" for k, v in session.meters().items())
    print(
        f"OK {label}: {plural(len(record['decisions']), 'decision')} replayed, {outcome}; {meters}"
    )
    return 0
