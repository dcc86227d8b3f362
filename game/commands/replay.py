"""Replay a play record through the engine and check that it reaches the same ending and meters.

Exit status: 0 when the replay matches, 1 when it differs, 2 when the file is not a readable play
record or its scenario cannot be found.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from game.engine.plurals import plural


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("record", metavar="RECORD.json", help="a play record file")
    parser.add_argument(
        "--scenario",
        metavar="SCENARIO",
        help="bundled name or folder of the scenario (default: the one the record names)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def run(args: argparse.Namespace) -> int:
    from game.engine.records import RecordError, read_record
    from game.engine.terminal_text import terminal_safe
    from game.teaching.replay import ScenarioUnavailable, replay, scenario_for

    def say(line: str, stream=sys.stdout) -> None:
        print(terminal_safe(line), file=stream)  # names and ids come from the record

    try:
        record = read_record(args.record)
        scenario = scenario_for(record, args.scenario)
    except (RecordError, ScenarioUnavailable) as error:
        if args.format == "json":
            print(json.dumps({"record": args.record, "error": str(error)}))
        else:
            say(f"error: {error}", sys.stderr)
        return 2
    result = replay(record, scenario)
    if args.format == "json":
        print(json.dumps(_as_dict(args.record, record, scenario, result), indent=2))
        return 0 if result.matches else 1
    player = record.get("player") or "anonymous"
    label = f"{args.record} ({scenario.title}, seed {record['seed']}, {player})"
    if result.version_note:
        say(f"note: {result.version_note}", sys.stderr)
    if not result.matches:
        say(f"MISMATCH {label}")
        for difference in result.differences:
            say(f"  {difference}")
        return 1
    session = result.session
    if session.ending is not None:
        outcome = f"ending '{session.scene.title}' ({session.ending.outcome})"
    else:
        outcome = f"unfinished game, now at '{session.scene.title}'"
    meters = ", ".join(f"{k} {v}" for k, v in session.meters().items())
    say(f"OK {label}: {plural(len(record['decisions']), 'decision')} replayed, {outcome}; {meters}")
    return 0


def _as_dict(path: str, record: dict[str, Any], scenario: Any, result: Any) -> dict[str, Any]:
    """The replay's verdict for other programs: same fields as the text, plus the differences."""
    session = result.session
    ending = None
    if session.ending is not None:
        ending = {
            "scene": session.scene_id,
            "title": session.scene.title,
            "outcome": session.ending.outcome,
        }
    return {
        "record": path,
        "scenario": scenario.id,
        "title": scenario.title,
        "seed": record["seed"],
        "player": record.get("player") or "",
        "matches": result.matches,
        "differences": list(result.differences),
        "decisions": len(record["decisions"]),
        "ending": ending,
        "scene": session.scene_id,
        "meters": dict(session.meters()),
        "note": result.version_note or "",
    }
