"""Replay a play record through the engine and check that it reaches the same ending and meters;
given a folder, check every record in it (a whole class).

Exit status: 0 when the replay matches (every replay, for a folder), 1 when one differs (or, for a
folder, a file in it is not a readable record), 2 when the file is not a readable play record or
its scenario cannot be found, or the folder holds no readable record.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from game.engine.plurals import plural


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "record", metavar="RECORD.json", help="a play record file, or a folder of them"
    )
    parser.add_argument(
        "--scenario",
        metavar="SCENARIO",
        help="bundled name or folder of the scenario (default: the one the record names)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def say(line: str, stream=None) -> None:
    from game.engine.terminal_text import terminal_safe

    print(terminal_safe(line), file=stream or sys.stdout)  # names and ids come from the record


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from game.engine.records import RecordError, read_record
    from game.teaching.replay import ScenarioUnavailable, replay, scenario_for

    if Path(args.record).is_dir():
        return replay_folder(Path(args.record), args.scenario, args.format)

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
    if result.version_note:
        say(f"note: {result.version_note}", sys.stderr)
    tell(args.record, record, scenario, result)
    return 0 if result.matches else 1


def tell(path: str, record: dict[str, Any], scenario: Any, result: Any) -> None:
    """A replay's verdict in words: OK with where the game went, or MISMATCH with every
    difference."""
    player = record.get("player") or "anonymous"
    label = f"{path} ({scenario.title}, seed {record['seed']}, {player})"
    if not result.matches:
        say(f"MISMATCH {label}")
        for difference in result.differences:
            say(f"  {difference}")
        return
    session = result.session
    if session.ending is not None:
        outcome = f"ending '{session.scene.title}' ({session.ending.outcome})"
    else:
        outcome = f"unfinished game, now at '{session.scene.title}'"
    meters = ", ".join(f"{k} {v}" for k, v in session.meters().items())
    say(f"OK {label}: {plural(len(record['decisions']), 'decision')} replayed, {outcome}; {meters}")


def replay_folder(folder: Any, scenario_ref: str | None, fmt: str) -> int:
    """Check every record of a class: each replayed, then how many reproduced their game."""
    from game.teaching.class_results import load_records
    from game.teaching.replay import ScenarioUnavailable, replay, scenario_for

    records, skipped = load_records(folder)
    scenarios: dict[str, Any] = {}
    verdicts, problems = [], [(str(s.path), s.reason) for s in skipped]
    matched = differ = 0
    for path, record in records:
        scenario_id = record["scenario"]["id"]
        try:
            if scenario_id not in scenarios:
                scenarios[scenario_id] = scenario_for(record, scenario_ref)
        except ScenarioUnavailable as error:
            scenarios[scenario_id] = None
            problems.append((str(path), str(error)))
            continue
        scenario = scenarios[scenario_id]
        if scenario is None:
            problems.append((str(path), f"the scenario '{scenario_id}' is not available"))
            continue
        result = replay(record, scenario)
        matched += result.matches
        differ += not result.matches
        if fmt == "json":
            verdicts.append(_as_dict(str(path), record, scenario, result))
        else:
            tell(str(path), record, scenario, result)
    if fmt == "json":
        print(
            json.dumps(
                {
                    "folder": str(folder),
                    "matches": matched,
                    "differ": differ,
                    "records": verdicts,
                    "not_checked": [{"file": f, "error": e} for f, e in problems],
                },
                indent=2,
            )
        )
    else:
        for file, error in problems:
            say(f"NOT CHECKED {file}: {error}")
        say(
            f"{plural(matched + differ, 'record')} replayed: {matched} reproduced their game, "
            f"{differ} differ; {plural(len(problems), 'file')} not checked"
        )
    if not records:
        if fmt != "json":
            say(f"error: no play records found in {folder}", sys.stderr)
        return 2
    return 0 if not differ and not problems else 1


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
