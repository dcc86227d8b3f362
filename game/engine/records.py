"""Play records: a finished (or stopped) game as versioned JSON, for replays, debriefs and class reports.

The format is documented in docs/play-records.md. A record is self-contained for reporting: it
carries the meter labels, the lessons of the traps met and the ending's debrief, so a teacher can
read it without the scenario. Replaying it (game/teaching/replay.py) needs the scenario.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .model import Scenario
from .saves import change_to_dict, read_json, write_atomic
from .session import Decision, Session, net_meter_changes

RECORD_FORMAT = "diplomatic-traps-record"
RECORD_VERSION = 1
MAX_RECORD_BYTES = 16 * 1024 * 1024
ANONYMOUS = "anonymous"


class RecordError(Exception):
    """A file that is not a readable play record; the message says why, for teachers and students."""


def now() -> datetime:
    """The current time in UTC, to the second (for ``started_at``)."""
    return datetime.now(UTC).replace(microsecond=0)


def _stamp(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


# -- session -> record ---------------------------------------------------------------------------


def _chance_events(decision: Decision, scenario: Scenario) -> list[dict[str, Any]]:
    """What chance decided this turn: the branch a chance choice took, and news drawn on arrival."""
    events: list[dict[str, Any]] = []
    bulletins = list(decision.bulletins)
    choice = next(
        (c for c in scenario.scenes[decision.scene_id].choices if c.id == decision.choice_id), None
    )
    if choice is not None and choice.is_chance:
        taken = [b for b in choice.branches if b.scene_id == decision.to_scene]
        headline = text = ""
        if bulletins and any(b.headline and b.headline == bulletins[0].headline for b in taken):
            headline, text = bulletins[0].headline, bulletins[0].text
            bulletins.pop(0)
        effects = [c for c in decision.changes if c.cause == "chance"]
        events.append(
            {
                "kind": "branch",
                "to": decision.to_scene,
                "to_title": scenario.scenes[decision.to_scene].title,
                "headline": headline,
                "text": text,
                "meter_changes": net_meter_changes(effects, scenario),
            }
        )
    for bulletin in bulletins:
        effects = [
            c for c in decision.changes if c.cause == "news" and c.detail == bulletin.headline
        ]
        events.append(
            {
                "kind": "news",
                "to": decision.to_scene,
                "to_title": scenario.scenes[decision.to_scene].title,
                "headline": bulletin.headline,
                "text": bulletin.text,
                "meter_changes": net_meter_changes(effects, scenario),
            }
        )
    return events


def record_from_session(
    session: Session,
    player: str | None = None,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
) -> dict[str, Any]:
    """The play record of a game, finished or not, as JSON-ready data."""
    scenario = session.scenario
    series = session.meter_series()
    meter_ids = [m.id for m in scenario.meters]
    decisions = []
    for index, d in enumerate(session.history):
        scene = scenario.scenes[d.scene_id]
        decisions.append(
            {
                "turn": d.turn,
                "scene": d.scene_id,
                "scene_title": scene.title,
                "choice": d.choice_id,
                "text": d.choice_text,
                "feedback": d.feedback,
                "trap": d.trap_id,
                "to": d.to_scene,
                "meter_changes": d.meter_changes(scenario),
                "meters_after": {m: series[m][index + 1] for m in meter_ids},
                "chance": _chance_events(d, scenario),
                "changes": [change_to_dict(c) for c in d.changes],
            }
        )
    opening_bulletins = (
        session.history[0].before.bulletins if session.history else session.bulletins
    )
    ending = session.ending
    met = [*session.sprung, *session.avoided]
    return {
        "format": RECORD_FORMAT,
        "version": RECORD_VERSION,
        "scenario": {"id": scenario.id, "version": scenario.version, "title": scenario.title},
        "seed": session.seed,
        "player": player.strip() if player and player.strip() else None,
        "started_at": _stamp(started_at),
        "ended_at": _stamp(ended_at or now()),
        "finished": session.ended,
        "turns": session.turn,
        "meters": [
            {
                "id": m.id,
                "label": m.label,
                "min": m.min,
                "max": m.max,
                "good": m.good,
                "hidden": m.hidden,
            }
            for m in scenario.meters
        ],
        "opening": {
            "scene": scenario.start,
            "meters": {m: series[m][0] for m in meter_ids},
            "news": [{"headline": b.headline, "text": b.text} for b in opening_bulletins],
            "changes": [change_to_dict(c) for c in session.opening],
        },
        "decisions": decisions,
        "scene": {"id": session.scene_id, "title": session.scene.title},
        "ending": (
            {
                "scene": session.scene_id,
                "title": session.scene.title,
                "outcome": ending.outcome,
                "debrief": ending.debrief,
            }
            if ending is not None
            else None
        ),
        "traps": {
            "sprung": list(session.sprung),
            "avoided": list(session.avoided),
            "details": {
                trap_id: {
                    "name": scenario.traps[trap_id].name,
                    "lesson": scenario.traps[trap_id].lesson,
                    "source": scenario.traps[trap_id].source,
                }
                for trap_id in met
                if trap_id in scenario.traps
            },
        },
        "final_meters": session.meters(),
    }


# -- files -------------------------------------------------------------------------------------


def _default_folder() -> Path:
    from ..locations import records_dir

    return records_dir()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text.strip()).strip("-")[:40] or ANONYMOUS


def record_path(record: dict[str, Any], folder: Path | None = None) -> Path:
    """A new file name for a record: ``<folder>/<scenario>/<time>-<player>-<seed>.json``."""
    root = folder or _default_folder()
    when = str(record["ended_at"])[:19].replace(":", "").replace("-", "").replace("T", "-")
    player = _slug(record["player"] or ANONYMOUS)
    base = root / _slug(record["scenario"]["id"]) / f"{when}-{player}-{record['seed']}"
    path = base.with_suffix(".json")
    number = 2
    while path.exists():
        path = base.parent / f"{base.name}-{number}.json"
        number += 1
    return path


def write_record(
    session: Session,
    player: str | None = None,
    started_at: datetime | None = None,
    folder: Path | None = None,
) -> Path:
    """Write the play record of a game (atomically) into the records folder; return its path.

    Front ends call this once when a game ends (and whenever a player asks for a record).
    """
    record = record_from_session(session, player, started_at)
    path = record_path(record, folder)
    write_atomic(path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    return path


# -- reading -----------------------------------------------------------------------------------


class _Optional:
    """A shape that may also be null."""

    def __init__(self, shape: Any) -> None:
        self.shape = shape


class _ListOf:
    def __init__(self, shape: Any) -> None:
        self.shape = shape


class _MapOf:
    """An object with any keys whose values all have one shape."""

    def __init__(self, shape: Any) -> None:
        self.shape = shape


_CHANGES = _MapOf(int)
_TEXT_OR_NUMBER = (str, int)
_SHAPE: dict[str, Any] = {
    "scenario": {"id": str, "version": _Optional(_TEXT_OR_NUMBER), "title": _Optional(str)},
    "seed": int,
    "player": _Optional(str),
    "started_at": _Optional(str),
    "ended_at": _Optional(str),
    "finished": bool,
    "turns": int,
    "meters": _ListOf(
        {"id": str, "label": str, "min": int, "max": int, "good": str, "hidden": bool}
    ),
    "opening": {
        "scene": str,
        "meters": _CHANGES,
        "news": _ListOf({"headline": str, "text": str}),
        "changes": _ListOf(dict),
    },
    "decisions": _ListOf(
        {
            "turn": int,
            "scene": str,
            "scene_title": str,
            "choice": str,
            "text": str,
            "feedback": str,
            "trap": _Optional(str),
            "to": str,
            "meter_changes": _CHANGES,
            "meters_after": _CHANGES,
            "chance": _ListOf(
                {
                    "kind": str,
                    "to": str,
                    "to_title": str,
                    "headline": str,
                    "text": str,
                    "meter_changes": _CHANGES,
                }
            ),
            "changes": _ListOf(dict),
        }
    ),
    "scene": {"id": str, "title": str},
    "ending": _Optional({"scene": str, "title": str, "outcome": str, "debrief": str}),
    "traps": {
        "sprung": _ListOf(str),
        "avoided": _ListOf(str),
        "details": _MapOf({"name": str, "lesson": str, "source": str}),
    },
    "final_meters": _CHANGES,
}


def _describe(shape: Any) -> str:
    if isinstance(shape, _Optional):
        return f"{_describe(shape.shape)} or null"
    if isinstance(shape, _ListOf):
        return "a list"
    if isinstance(shape, _MapOf | dict) or shape is dict:
        return "an object"
    if isinstance(shape, tuple):
        return " or ".join(_describe(s) for s in shape)
    return {str: "text", int: "a whole number", bool: "true or false"}.get(shape, "a value")


def _shape_problem(value: Any, shape: Any, where: str) -> str | None:
    """Where and how ``value`` does not have ``shape``, or None when it does."""
    if isinstance(shape, _Optional):
        return None if value is None else _shape_problem(value, shape.shape, where)
    if isinstance(shape, tuple):
        fits = any(_shape_problem(value, s, where) is None for s in shape)
        return None if fits else f"'{where}' should be {_describe(shape)}"
    if isinstance(shape, _ListOf):
        if not isinstance(value, list):
            return f"'{where}' should be a list"
        for index, item in enumerate(value):
            problem = _shape_problem(item, shape.shape, f"{where}[{index}]")
            if problem:
                return problem
        return None
    if isinstance(shape, _MapOf):
        if not isinstance(value, dict):
            return f"'{where}' should be an object"
        for key, item in value.items():
            problem = _shape_problem(item, shape.shape, f"{where}.{key}")
            if problem:
                return problem
        return None
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return f"'{where}' should be an object"
        for key, item_shape in shape.items():
            inner = f"{where}.{key}" if where else key
            if key not in value:
                if isinstance(item_shape, _Optional):
                    continue
                return f"'{inner}' is missing"
            problem = _shape_problem(value[key], item_shape, inner)
            if problem:
                return problem
        return None
    if shape is int and isinstance(value, bool):
        return f"'{where}' should be a whole number"
    return None if isinstance(value, shape) else f"'{where}' should be {_describe(shape)}"


def validate_record(data: Any, name: str = "the file") -> dict[str, Any]:
    """Check that data is a play record this version can read; return it or raise RecordError."""
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
        raise RecordError(f"{name} is not a Diplomatic Traps play record")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RecordError(f"{name} is damaged: it has no valid format version")
    if version > RECORD_VERSION:
        raise RecordError(
            f"{name} was written by a newer version of the game (record format {version}); "
            "update the game"
        )
    problem = _shape_problem(data, _SHAPE, "")
    if problem:
        raise RecordError(f"{name} is damaged: {problem}")
    if not data["scenario"]["id"]:
        raise RecordError(f"{name} is damaged: it does not say which scenario was played")
    if data["finished"] != (data["ending"] is not None):
        raise RecordError(f"{name} is damaged: 'finished' disagrees with 'ending'")
    return data


def read_record(path: Path | str) -> dict[str, Any]:
    """Read and validate a play record file; raise RecordError with a reason if it cannot."""
    path = Path(path)
    data = read_json(path, MAX_RECORD_BYTES, RecordError, "play record")
    return validate_record(data, path.name)


def meter_series(record: dict[str, Any]) -> dict[str, list[int]]:
    """Each meter's value at the start and after every decision of a record, for charts."""
    series: dict[str, list[int]] = {}
    for meter in record["meters"]:
        meter_id = meter["id"]
        start = record["opening"].get("meters", {}).get(meter_id)
        points = [start] + [d["meters_after"].get(meter_id) for d in record["decisions"]]
        series[meter_id] = [p for p in points if p is not None]
    return series


__all__ = [
    "RECORD_FORMAT",
    "RECORD_VERSION",
    "RecordError",
    "meter_series",
    "now",
    "read_record",
    "record_from_session",
    "record_path",
    "validate_record",
    "write_record",
]
