"""The JSON shapes of what the game stores (turns in saves and play records): typed, bounded
msgspec structs, and the conversions between them and the session's own objects.

Decoding a file against these structs is its validation: a damaged file is refused with a
message that names the field (``$.history[3].events[0].changes``), never half-read.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from .explain import Reason
from .model import Mark
from .session import Change, Decision, Draw, Event, Possibility, Snapshot

LARGEST = 2**53
Number = Annotated[int, Meta(ge=-LARGEST, le=LARGEST)]
Value = bool | Number
Weight = Annotated[float, Meta(ge=0, le=1e300)]
Text = Annotated[str, Meta(max_length=200_000)]
Name = Annotated[str, Meta(max_length=500)]
Names = Annotated[list[Name], Meta(max_length=10_000)]
Values = Annotated[dict[Name, Value], Meta(max_length=10_000)]


class MarkData(msgspec.Struct, forbid_unknown_fields=False):
    side: Name
    value: Number
    text: Text
    ref: Name = ""
    bad: bool | None = None


class ReasonData(msgspec.Struct, forbid_unknown_fields=False):
    source: Text
    holds: bool
    values: Annotated[list[tuple[Name, Value]], Meta(max_length=1000)]
    mark: MarkData | None = None
    meter: Name = ""


class PossibilityData(msgspec.Struct, forbid_unknown_fields=False):
    label: Text
    weight: Weight
    held: bool = True
    scene: Name = ""
    reasons: Annotated[list[ReasonData], Meta(max_length=10_000)] = []


class DrawData(msgspec.Struct, forbid_unknown_fields=False):
    by: Name
    possibilities: Annotated[list[PossibilityData], Meta(max_length=10_000)]
    picked: Annotated[int, Meta(ge=0, le=10_000)]


class ChangeData(msgspec.Struct, forbid_unknown_fields=False):
    name: Name
    before: Value
    after: Value
    cause: Name
    detail: Text = ""
    wanted: Value | None = None


class EventData(msgspec.Struct, forbid_unknown_fields=False):
    kind: Name
    label: Text
    scene: Name = ""
    changes: Annotated[list[ChangeData], Meta(max_length=10_000)] = []
    revealed: Names = []
    headline: Text = ""
    text: Text = ""
    draw: DrawData | None = None


class SnapshotData(msgspec.Struct, forbid_unknown_fields=False):
    scene: Name
    values: Values
    visited: Annotated[list[Name], Meta(max_length=100_000)]
    dice: Annotated[int, Meta(ge=0)]
    sprung: Names
    avoided: Names
    revealed: Names = []


Events = Annotated[list[EventData], Meta(max_length=10_000)]


# -- session objects -> data ---------------------------------------------------------------------


def change_data(c: Change) -> ChangeData:
    return ChangeData(c.name, c.before, c.after, c.cause, c.detail, c.wanted)


def reason_data(r: Reason) -> ReasonData:
    mark = (
        MarkData(r.mark.side, r.mark.value, r.mark.text, r.mark.ref, r.mark.bad) if r.mark else None
    )
    return ReasonData(r.source, r.holds, [tuple(v) for v in r.values], mark, r.meter)


def draw_data(d: Draw) -> DrawData:
    return DrawData(
        d.by,
        [
            PossibilityData(
                p.label, p.weight, p.held, p.scene_id, [reason_data(r) for r in p.reasons]
            )
            for p in d.possibilities
        ],
        d.picked,
    )


def event_data(e: Event) -> EventData:
    return EventData(
        e.kind,
        e.label,
        e.scene_id,
        [change_data(c) for c in e.changes],
        list(e.revealed),
        e.headline,
        e.text,
        draw_data(e.draw) if e.draw else None,
    )


def snapshot_data(s: Snapshot) -> SnapshotData:
    return SnapshotData(
        s.scene_id,
        dict(s.values),
        list(s.visited),
        s.dice,
        list(s.sprung),
        list(s.avoided),
        list(s.revealed),
    )


# -- data -> session objects ---------------------------------------------------------------------


def change_of(c: ChangeData) -> Change:
    return Change(c.name, c.before, c.after, c.cause, c.detail, c.wanted)


def reason_of(r: ReasonData) -> Reason:
    mark = Mark(r.mark.side, r.mark.value, r.mark.text, r.mark.ref, r.mark.bad) if r.mark else None
    return Reason(r.source, r.holds, tuple((n, v) for n, v in r.values), mark, r.meter)


def draw_of(d: DrawData) -> Draw:
    possibilities = tuple(
        Possibility(p.label, p.weight, p.held, p.scene, tuple(reason_of(r) for r in p.reasons))
        for p in d.possibilities
    )
    picked = min(d.picked, max(0, len(possibilities) - 1))
    return Draw(d.by, possibilities, picked)


def event_of(e: EventData) -> Event:
    return Event(
        e.kind,
        e.label,
        e.scene,
        tuple(change_of(c) for c in e.changes),
        tuple(e.revealed),
        e.headline,
        e.text,
        draw_of(e.draw) if e.draw and e.draw.possibilities else None,
    )


_KINDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


def field_problem(error: Exception) -> str:
    """A validation error in plain words, naming the field: "'decisions[0].choice' should be
    text, not a whole number" or "'seed' is missing"."""
    message = str(error)
    match = re.match(r"^(?P<what>.*?)(?: - at `\$(?P<at>.*)`)?$", message, re.S)
    what = match.group("what") if match else message
    at = (match.group("at") or "").lstrip(".") if match else ""
    missing = re.match(r"Object missing required field `(.+)`", what)
    if missing:
        name = f"{at}.{missing.group(1)}" if at else missing.group(1)
        return f"'{name}' is missing"
    wrong = re.match(r"Expected `(.+?)`, got `(.+?)`", what)
    if wrong:
        wanted = " or ".join(_KINDS.get(k.strip(), k.strip()) for k in wrong.group(1).split("|"))
        got = _KINDS.get(wrong.group(2), wrong.group(2))
        return f"'{at or 'the file'}' should be {wanted}, not {got}"
    if re.match(r"Expected `(int|float)` [<>]=? ", what):
        return f"'{at or 'the file'}' is out of range"
    if re.match(r"Expected `(str|array|object)` of length", what):
        return f"'{at or 'the file'}' is too long"
    where = f"'{at}' " if at else ""
    return f"{where}{what[0].lower() + what[1:] if what else what}".strip()


def to_builtins(data: Any) -> Any:
    """Structs as plain JSON-ready data."""
    return msgspec.to_builtins(data)


def decision_events(decision: Decision) -> list[EventData]:
    return [event_data(e) for e in decision.events]


def events_from_changes(
    changes: Any, bulletins: Any, scene_id: Any, choice_text: Any
) -> list[dict[str, Any]]:
    """The events of a turn stored by version 1 (a flat list of changes and bulletins), grouped
    by their cause, so that old saves and records read like new ones. Items of the wrong shape
    are passed on as they are, for validation to name."""
    kinds = {"choice": "choice", "chance": "route", "scene": "enter", "news": "news"}
    events: list[dict[str, Any]] = []
    changes = changes if isinstance(changes, list) else []
    bulletins = bulletins if isinstance(bulletins, list) else []
    texts = {
        str(b.get("headline", "")): str(b.get("text", "")) for b in bulletins if isinstance(b, dict)
    }
    seen: set[str] = set()
    for change in changes:
        if not isinstance(change, dict):
            events.append({"kind": "choice", "label": "", "changes": [change]})
            continue
        kind = kinds.get(str(change.get("cause")), "choice")
        detail = str(change.get("detail", ""))
        if kind == "choice":
            detail = str(choice_text)
        change = {**change, "cause": kind}
        if events and events[-1]["kind"] == kind and events[-1]["label"] == detail:
            events[-1]["changes"].append(change)
            continue
        headline = detail if kind in ("route", "news") and detail in texts else ""
        seen.add(headline)
        events.append(
            {
                "kind": kind,
                "label": detail,
                "scene": str(scene_id) if kind == "choice" else "",
                "changes": [change],
                "headline": headline,
                "text": texts.get(headline, "") if headline else "",
            }
        )
    for headline, text in texts.items():
        if headline and headline not in seen:
            events.append({"kind": "news", "label": headline, "headline": headline, "text": text})
    return events
