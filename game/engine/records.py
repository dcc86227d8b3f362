"""Play records: a finished (or stopped) game as versioned JSON, for replays, debriefs and class reports.

The format is documented in docs/play-records.md and defined by :class:`RecordData` (msgspec
structs, typed and bounded). A record is self-contained for reporting: it carries the meter
labels and marks, the lessons of the traps met, every turn's events and the composed debrief,
so a teacher can read it without the scenario. Replaying it (game/teaching/replay.py) needs the
scenario. Records of format version 1 are read too.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from .account import Part, account
from .debrief import Debrief, as_markdown, compose
from .files import write_new
from .saves import read_json
from .session import CHOICE, Session, net_meter_changes
from .stored import (
    Events,
    MarkData,
    Name,
    Names,
    Number,
    Text,
    event_data,
    events_from_changes,
    field_problem,
)

RECORD_FORMAT = "diplomatic-traps-record"
RECORD_VERSION = 2
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


# -- the shape of a record -----------------------------------------------------------------------

Changes = Annotated[dict[Name, Number], Meta(max_length=10_000)]
Lines = Annotated[list[Text], Meta(max_length=10_000)]


class ScenarioInfo(msgspec.Struct, forbid_unknown_fields=False):
    id: Annotated[str, Meta(min_length=1, max_length=500)]
    version: Name | Number | None = None
    title: Text | None = None


class MeterInfo(msgspec.Struct, forbid_unknown_fields=False):
    id: Name
    label: Text
    min: Number
    max: Number
    good: Name
    hidden: bool
    short: Text = ""
    marks: Annotated[list[MarkData], Meta(max_length=1000)] = []


class Bulletin(msgspec.Struct, forbid_unknown_fields=False):
    headline: Text
    text: Text = ""


class Opening(msgspec.Struct, forbid_unknown_fields=False):
    scene: Name
    meters: Changes
    news: Annotated[list[Bulletin], Meta(max_length=1000)] = []
    events: Events = []


class MoveInfo(msgspec.Struct, forbid_unknown_fields=False):
    meter: Name
    label: Text
    delta: Number
    words: Text
    before: Number | None = None
    after: Number | None = None


class PartInfo(msgspec.Struct, forbid_unknown_fields=False):
    """One cause within a turn, in the words the game used (see game/engine/account.py)."""

    kind: Name
    heading: Text
    text: Text = ""
    moves: Annotated[list[MoveInfo], Meta(max_length=10_000)] = []
    hidden_moved: bool = False
    reasons: Lines = []


class DecisionInfo(msgspec.Struct, forbid_unknown_fields=False):
    turn: Number
    scene: Name
    scene_title: Text
    choice: Name
    text: Text
    feedback: Text
    trap: Name | None
    to: Name
    meter_changes: Changes  # the choice's own effects
    meters_after: Changes
    events: Events = []
    turn_changes: Changes = {}  # net over the whole turn: choice, route, arrival and news
    to_title: Text = ""
    declined: Names = []
    account: Annotated[list[PartInfo], Meta(max_length=10_000)] = []


class SceneInfo(msgspec.Struct, forbid_unknown_fields=False):
    id: Name
    title: Text


class EndingInfo(msgspec.Struct, forbid_unknown_fields=False):
    scene: Name
    title: Text
    outcome: Name
    debrief: Text


class MissedInfo(msgspec.Struct, forbid_unknown_fields=False):
    title: Text
    outcome: Name
    reasons: Lines


class DebriefInfo(msgspec.Struct, forbid_unknown_fields=False):
    decided: Text
    reasons: Lines = []
    missed: Annotated[list[MissedInfo], Meta(max_length=1000)] = []
    cleared: Lines = []
    hidden: Lines = []
    marks: Lines = []
    paragraphs: Text = ""
    story: Text = ""
    last_choice: Text = ""
    last_feedback: Text = ""


class TrapInfo(msgspec.Struct, forbid_unknown_fields=False):
    name: Text
    lesson: Text
    source: Text = ""
    turn: Number | None = None
    choice: Text = ""


class Traps(msgspec.Struct, forbid_unknown_fields=False):
    sprung: Names
    avoided: Names
    details: Annotated[dict[Name, TrapInfo], Meta(max_length=10_000)] = {}


class RecordData(msgspec.Struct, forbid_unknown_fields=False):
    format: Name
    version: int
    scenario: ScenarioInfo
    seed: Number
    finished: bool
    turns: Number
    meters: Annotated[list[MeterInfo], Meta(max_length=10_000)]
    opening: Opening
    decisions: Annotated[list[DecisionInfo], Meta(max_length=100_000)]
    scene: SceneInfo
    ending: EndingInfo | None
    traps: Traps
    final_meters: Changes
    player: Text | None = None
    started_at: Name | None = None
    ended_at: Name | None = None
    debrief: DebriefInfo | None = None


# -- session -> record ---------------------------------------------------------------------------


def part_info(part: Part) -> PartInfo:
    return PartInfo(
        part.kind,
        part.heading,
        part.text,
        [
            MoveInfo(m.meter.id, m.meter.label, m.delta, m.words(), m.before, m.after)
            for m in part.moves
        ],
        part.hidden_moved,
        list(part.reasons),
    )


def _debrief_info(debrief: Debrief) -> DebriefInfo:
    return DebriefInfo(
        decided=debrief.decided,
        reasons=list(debrief.reasons),
        missed=[MissedInfo(m.title, m.outcome, list(m.reasons)) for m in debrief.missed],
        cleared=list(debrief.cleared),
        hidden=list(debrief.hidden),
        marks=list(debrief.marks),
        paragraphs=debrief.paragraphs,
        story=debrief.story,
        last_choice=debrief.last_choice,
        last_feedback=debrief.last_feedback,
    )


def record_data(
    session: Session,
    player: str | None = None,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
) -> RecordData:
    """The play record of a game, finished or not."""
    scenario = session.scenario
    series = session.meter_series()
    meter_ids = [m.id for m in scenario.meters]
    decisions = []
    for index, d in enumerate(session.history):
        own = [c for e in d.events if e.kind == CHOICE for c in e.changes]
        decisions.append(
            DecisionInfo(
                turn=d.turn,
                scene=d.scene_id,
                scene_title=scenario.scenes[d.scene_id].title,
                choice=d.choice_id,
                text=d.choice_text,
                feedback=d.feedback,
                trap=d.trap_id,
                to=d.to_scene,
                to_title=scenario.scenes[d.to_scene].title,
                meter_changes=net_meter_changes(own, scenario),
                turn_changes=d.meter_changes(scenario),
                meters_after={m: series[m][index + 1] for m in meter_ids},
                events=[event_data(e) for e in d.events],
                declined=list(d.declined),
                account=[part_info(p) for p in account(d.events, session, everything=True)],
            )
        )
    ending = session.ending
    debrief = compose(session) if ending is not None else None
    met = {t.trap.id: t for t in (debrief.sprung + debrief.avoided)} if debrief else {}
    trap_ids = [*session.sprung, *session.avoided]
    opening_news = [Bulletin(e.headline, e.text) for e in session.opening if e.headline]
    return RecordData(
        format=RECORD_FORMAT,
        version=RECORD_VERSION,
        scenario=ScenarioInfo(scenario.id, scenario.version, scenario.title),
        seed=session.seed,
        player=clean_player(player),
        started_at=_stamp(started_at),
        ended_at=_stamp(ended_at or now()),
        finished=session.ended,
        turns=session.turn,
        meters=[
            MeterInfo(
                m.id,
                m.label,
                m.min,
                m.max,
                m.good,
                m.hidden,
                m.short,
                [MarkData(k.side, k.value, k.text, k.ref, k.bad) for k in m.marks],
            )
            for m in scenario.meters
        ],
        opening=Opening(
            scenario.start,
            {m: series[m][0] for m in meter_ids},
            opening_news,
            [event_data(e) for e in session.opening],
        ),
        decisions=decisions,
        scene=SceneInfo(session.scene_id, session.scene.title),
        ending=EndingInfo(
            session.scene_id, session.scene.title, ending.outcome, as_markdown(debrief)
        )
        if ending is not None and debrief is not None
        else None,
        debrief=_debrief_info(debrief) if debrief is not None else None,
        traps=Traps(
            list(session.sprung),
            list(session.avoided),
            {
                trap_id: TrapInfo(
                    scenario.traps[trap_id].name,
                    scenario.traps[trap_id].lesson,
                    scenario.traps[trap_id].source,
                    met[trap_id].turn if trap_id in met else None,
                    met[trap_id].choice if trap_id in met else "",
                )
                for trap_id in trap_ids
                if trap_id in scenario.traps
            },
        ),
        final_meters=session.meters(),
    )


def record_from_session(
    session: Session,
    player: str | None = None,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
) -> dict[str, Any]:
    """The play record of a game, finished or not, as JSON-ready data."""
    return msgspec.to_builtins(record_data(session, player, started_at, ended_at))


def clean_player(player: str | None) -> str | None:
    """A player's name as records keep it: trimmed, at most 100 characters, None when empty."""
    if not player or not player.strip():
        return None
    return " ".join(player.split())[:100]


# -- files -------------------------------------------------------------------------------------


def _default_folder() -> Path:
    from ..locations import records_dir

    return records_dir()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text.strip()).strip("-")[:40] or ANONYMOUS


def record_base(record: dict[str, Any], folder: Path | None = None) -> Path:
    """The name for a record, without suffix: ``<folder>/<scenario>/<time>-<player>-<seed>``."""
    root = folder or _default_folder()
    when = str(record["ended_at"])[:19].replace(":", "").replace("-", "").replace("T", "-")
    player = _slug(record["player"] or ANONYMOUS)
    state = "" if record["finished"] else "-unfinished"
    return root / _slug(record["scenario"]["id"]) / f"{when}-{player}-{record['seed']}{state}"


def write_record(
    session: Session,
    player: str | None = None,
    started_at: datetime | None = None,
    folder: Path | None = None,
) -> Path:
    """Write the play record of a game (atomically, under a name no other record has) into the
    records folder; return its path. The game-run controller calls this once per game."""
    record = record_from_session(session, player, started_at)
    text = json.dumps(record, ensure_ascii=False, indent=1) + "\n"
    return write_new(record_base(record, folder), text)


# -- reading -----------------------------------------------------------------------------------


def _upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """A version 1 record in version 2's shape: each turn's flat changes grouped as events, and
    the choice's own meter changes told apart from the turn's. Parts of the wrong shape are left
    for validation to name."""
    decisions = data.get("decisions")
    if not isinstance(decisions, list):
        return data
    meters = data.get("meters") if isinstance(data.get("meters"), list) else []
    meter_ids = {
        m.get("id") for m in meters if isinstance(m, dict) and isinstance(m.get("id"), str)
    }
    upgraded = []
    for d in decisions:
        if not isinstance(d, dict):
            upgraded.append(d)
            continue
        changes = d.get("changes") if isinstance(d.get("changes"), list) else []
        chance = d.get("chance") if isinstance(d.get("chance"), list) else []
        bulletins = [
            {"headline": c.get("headline", ""), "text": c.get("text", "")}
            for c in chance
            if isinstance(c, dict) and c.get("headline")
        ]
        events = events_from_changes(changes, bulletins, d.get("scene", ""), d.get("text", ""))
        own: dict[str, int] = {}
        for change in changes:
            if not isinstance(change, dict) or change.get("cause") != "choice":
                continue
            name, before, after = change.get("name"), change.get("before"), change.get("after")
            if (
                isinstance(name, str)
                and name in meter_ids
                and type(before) is int
                and type(after) is int
            ):
                own[str(name)] = own.get(str(name), 0) + after - before
        labels = {
            m["id"]: str(m.get("label", m["id"]))
            for m in meters
            if isinstance(m, dict) and isinstance(m.get("id"), str)
        }
        upgraded.append(
            {
                **d,
                "events": events,
                "turn_changes": d.get("meter_changes", {}),
                "meter_changes": {k: v for k, v in own.items() if v},
                "account": _account_v1(own, chance, labels),
            }
        )
    opening = data.get("opening")
    if isinstance(opening, dict):
        opening = {
            **opening,
            "events": events_from_changes(opening.get("changes"), [], "", ""),
        }
    return {**data, "decisions": upgraded, "opening": opening}


def _account_v1(
    own: dict[str, int], chance: list[Any], labels: dict[str, str]
) -> list[dict[str, Any]]:
    """The parts of a version 1 turn, as far as version 1 kept them (moves without values)."""

    def moves(changes: Any) -> list[dict[str, Any]]:
        if not isinstance(changes, dict):
            return []
        return [
            {"meter": k, "label": labels.get(k, k), "delta": v, "words": f"{v:+d}"}
            for k, v in changes.items()
            if type(v) is int and v
        ]

    parts = [{"kind": "choice", "heading": "What your choice did", "moves": moves(own)}]
    for event in chance:
        if not isinstance(event, dict):
            continue
        if event.get("kind") == "branch":
            what = event.get("headline") or f"on to '{event.get('to_title') or event.get('to')}'"
            heading = f"Where it led: {what}"
            kind = "route"
        else:
            heading, kind = f"News: {event.get('headline', '')}", "news"
        parts.append(
            {
                "kind": kind,
                "heading": str(heading),
                "text": str(event.get("text", "")),
                "moves": moves(event.get("meter_changes")),
            }
        )
    return parts


def decode_record(data: Any, name: str = "the file") -> RecordData:
    """Check that data is a play record this version can read; return it typed, or raise
    RecordError naming the field that is wrong."""
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
    if version == 1:
        data = _upgrade(data)
    try:
        record = msgspec.convert(data, RecordData)
    except msgspec.ValidationError as error:
        raise RecordError(f"{name} is damaged: {field_problem(error)}") from None
    if record.finished != (record.ending is not None):
        raise RecordError(f"{name} is damaged: 'finished' disagrees with 'ending'")
    return record


def validate_record(data: Any, name: str = "the file") -> dict[str, Any]:
    """Check that data is a play record this version can read; return it as plain data (in the
    current version's shape) or raise RecordError with the field that is wrong."""
    return msgspec.to_builtins(decode_record(data, name))


def read_record(path: Path | str) -> dict[str, Any]:
    """Read and validate a play record file; raise RecordError with a reason if it cannot.

    Only regular files are read, and only up to a size limit: a device or a pipe is refused
    before it is opened.
    """
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
    "RecordData",
    "RecordError",
    "decode_record",
    "meter_series",
    "now",
    "read_record",
    "record_base",
    "record_from_session",
    "validate_record",
    "write_record",
]
