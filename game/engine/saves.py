"""Saved games: versioned JSON, written atomically, checked against the scenario on loading.

The file's shape is :class:`SaveData` (msgspec structs, typed and bounded): a damaged save is
refused with the field that is wrong. Saves of format version 1 are read too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from .files import FileRefused, read_limited, remove_stale_temporaries, write_atomic
from .model import Scenario
from .session import Decision, Event, Session, Snapshot
from .stored import (
    EventData,
    Events,
    Name,
    Names,
    Number,
    SnapshotData,
    Text,
    event_data,
    event_of,
    events_from_changes,
    field_problem,
    snapshot_data,
)

SAVE_FORMAT = "diplomatic-traps-save"
SAVE_VERSION = 2
AUTOSAVE = "autosave"
MAX_SAVE_BYTES = 16 * 1024 * 1024

__all__ = ["AUTOSAVE", "SaveError", "SaveInfo", "write_atomic"]


class SaveError(Exception):
    """A save cannot be read or does not fit the scenario; the message says why, for players."""


@dataclass(frozen=True, slots=True)
class SaveInfo:
    """What a save slot holds, read without loading the game."""

    path: Path
    slot: str
    scenario_id: str
    scenario_title: str
    saved_at: datetime
    turn: int
    scene_title: str
    ended: bool
    player: str | None = None


class ScenarioRef(msgspec.Struct, forbid_unknown_fields=False):
    id: Name
    version: Name | Number = ""
    title: Text = ""


class DecisionData(msgspec.Struct, forbid_unknown_fields=False):
    turn: Number
    scene: Name
    choice: Name
    text: Text
    feedback: Text
    trap: Name | None
    to: Name
    events: Events
    before: SnapshotData
    declined: Names = []


class SaveData(msgspec.Struct, forbid_unknown_fields=False):
    format: Name
    version: int
    scenario: ScenarioRef
    seed: Number
    saved_at: Name
    turn: Number
    scene_title: Text
    ended: bool
    state: SnapshotData
    opening: Events
    history: Annotated[list[DecisionData], Meta(max_length=10_000)]
    player: Text | None = None
    started_at: Name | None = None
    recorded: Text | None = None  # the play record written when the game ended


def slot_name(name: str) -> str:
    """A safe file name for a slot the player named."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", name.strip()).strip("-")[:60]
    return cleaned or "save"


# -- session <-> data ----------------------------------------------------------------------------


def session_to_data(
    session: Session,
    player: str | None = None,
    started_at: datetime | None = None,
    recorded: Path | None = None,
) -> SaveData:
    """The whole game as a save (with who plays it, since when, and its record once written)."""
    scenario = session.scenario
    return SaveData(
        format=SAVE_FORMAT,
        version=SAVE_VERSION,
        scenario=ScenarioRef(scenario.id, scenario.version, scenario.title),
        seed=session.seed,
        saved_at=datetime.now(UTC).isoformat(timespec="microseconds"),
        turn=session.turn,
        scene_title=session.scene.title,
        ended=session.ended,
        state=snapshot_data(session.snapshot()),
        opening=[event_data(e) for e in session.opening],
        history=[
            DecisionData(
                turn=d.turn,
                scene=d.scene_id,
                choice=d.choice_id,
                text=d.choice_text,
                feedback=d.feedback,
                trap=d.trap_id,
                to=d.to_scene,
                events=[event_data(e) for e in d.events],
                before=snapshot_data(d.before),
                declined=list(d.declined),
            )
            for d in session.history
        ],
        player=player,
        started_at=started_at.isoformat(timespec="seconds") if started_at else None,
        recorded=str(recorded) if recorded else None,
    )


def session_to_dict(session: Session, player: str | None = None) -> dict[str, Any]:
    """The whole game as JSON-ready data."""
    return msgspec.to_builtins(session_to_data(session, player))


def _upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """A version 1 save in version 2's shape: turns as events instead of flat changes."""

    def snapshot(s: Any) -> Any:
        return {k: v for k, v in s.items() if k != "bulletins"} if isinstance(s, dict) else s

    history = []
    for d in data.get("history") or []:
        if not isinstance(d, dict):
            return data  # let validation name the damage
        events = events_from_changes(
            d.get("changes") or [], d.get("bulletins") or [], d.get("scene", ""), d.get("text", "")
        )
        history.append({**d, "events": events, "before": snapshot(d.get("before"))})
    opening = events_from_changes(data.get("opening") or [], [], "", "")
    state = data.get("state")
    bulletins = state.get("bulletins") if isinstance(state, dict) else None
    if not history and bulletins:
        opening += events_from_changes([], bulletins, "", "")
    return {**data, "history": history, "opening": opening, "state": snapshot(state)}


def decode_save(raw: bytes | Any) -> SaveData:
    """Check save data (bytes of JSON, or JSON already read) and return it typed."""
    try:
        data = msgspec.json.decode(raw) if isinstance(raw, (bytes, str)) else raw
    except msgspec.DecodeError:
        raise SaveError("the save file is damaged: it is not valid JSON") from None
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise SaveError("this file is not a Diplomatic Traps save")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError("the save file is damaged (its format version is not a number)")
    if version > SAVE_VERSION:
        raise SaveError("this save was written by a newer version of the game; update the game")
    if version == 1:
        data = _upgrade(data)
    try:
        return msgspec.convert(data, SaveData)
    except msgspec.ValidationError as error:
        raise SaveError(f"the save file is damaged: {field_problem(error)}") from None


class _Reader:
    """Fits checked save data to the scenario, turning every mismatch into a SaveError."""

    def __init__(self, scenario: Scenario, strict: bool = True) -> None:
        self.scenario = scenario
        self.strict = strict
        self.defaults = scenario.initial_values()

    def scene(self, scene_id: str) -> str:
        if scene_id not in self.scenario.scenes:
            raise SaveError(
                f"this save was made with a different version of '{self.scenario.title}': "
                f"its scene '{scene_id}' no longer exists. Start a new game."
            )
        return scene_id

    def values(self, data: dict[str, Any]) -> dict[str, int | bool]:
        values = dict(self.defaults)
        for name, value in data.items():
            if name.startswith("visited."):
                self.scene(name.removeprefix("visited."))
                values[name] = bool(value)
                continue
            if name not in self.defaults:
                if not self.strict:
                    continue
                raise SaveError(
                    f"this save was made with a different version of '{self.scenario.title}': "
                    f"it has '{name}', which the scenario no longer declares. Start a new game."
                )
            expected = type(self.defaults[name])
            if type(value) is not expected:
                raise SaveError(f"the save file is damaged ('{name}' has the wrong type)")
            values[name] = value
        for meter in self.scenario.meters:
            values[meter.id] = meter.clamp(values[meter.id])
        return values

    def traps(self, ids: list[str]) -> tuple[str, ...]:
        return tuple(t for t in ids if t in self.scenario.traps)

    def meters(self, ids: list[str]) -> tuple[str, ...]:
        return tuple(m for m in ids if m in self.scenario.meter_by_id)

    def snapshot(self, data: SnapshotData) -> Snapshot:
        return Snapshot(
            self.scene(data.scene),
            self.values(data.values),
            tuple(self.scene(s) for s in data.visited),
            data.dice,
            self.traps(data.sprung),
            self.traps(data.avoided),
            self.meters(data.revealed),
        )

    def events(self, data: list[EventData], where: str) -> tuple[Event, ...]:
        """A turn's events, each meter change inside its meter's range (a change outside it would
        make the game's own play record unreadable)."""
        for e, event in enumerate(data):
            for c, change in enumerate(event.changes):
                meter = self.scenario.meter_by_id.get(change.name)
                if meter is None or not self.strict:  # a reloaded scenario may change ranges
                    continue
                for value in (change.before, change.after):
                    if not meter.min <= value <= meter.max:
                        raise SaveError(
                            f"the save file is damaged: '{where}[{e}].changes[{c}]' moves "
                            f"'{meter.id}' outside its range {meter.min} to {meter.max}"
                        )
        return tuple(event_of(e) for e in data)

    def decision(self, d: DecisionData, index: int) -> Decision:
        return Decision(
            turn=d.turn,
            scene_id=self.scene(d.scene),
            choice_id=d.choice,
            choice_text=d.text,
            feedback=d.feedback,
            trap_id=d.trap if d.trap in self.scenario.traps else None,
            to_scene=self.scene(d.to),
            events=self.events(d.events, f"history[{index}].events"),
            before=self.snapshot(d.before),
            declined=self.traps(d.declined),
        )


def session_from_data(scenario: Scenario, data: SaveData, strict: bool = True) -> Session:
    """Rebuild a game from checked save data; SaveError when it does not fit the scenario."""
    if data.scenario.id != scenario.id:
        raise SaveError(
            f"this save belongs to the scenario '{data.scenario.id}', not '{scenario.id}'"
            if data.scenario.id
            else "this save does not say which scenario it belongs to"
        )
    reader = _Reader(scenario, strict)
    session = Session(scenario, data.seed)
    session.restore(reader.snapshot(data.state))
    session.opening = reader.events(data.opening, "opening")
    session.history = [reader.decision(d, i) for i, d in enumerate(data.history)]
    return session


def session_from_dict(scenario: Scenario, data: Any, strict: bool = True) -> Session:
    """Rebuild a game from save data; raise SaveError with a player-facing reason if it cannot.

    With ``strict=False`` values the scenario no longer declares are dropped instead of refused.
    """
    return session_from_data(scenario, decode_save(data), strict)


def carry_over(session: Session, scenario: Scenario) -> Session:
    """The same game on a reloaded version of its scenario (for live reload while authoring).

    Keeps scene, values, history and chance state where they still fit; raises SaveError when
    the current scene (or one in the history) no longer exists.
    """
    return session_from_data(scenario, session_to_data(session), strict=False)


# -- files -------------------------------------------------------------------------------------


def _default_folder() -> Path:
    from ..locations import saves_dir

    return saves_dir()


def save_path(scenario_id: str, slot: str, folder: Path | None = None) -> Path:
    """The file of a save slot."""
    return (folder or _default_folder()) / scenario_id / f"{slot_name(slot)}.json"


def write_save(
    session: Session,
    slot: str = AUTOSAVE,
    folder: Path | None = None,
    player: str | None = None,
    started_at: datetime | None = None,
    recorded: Path | None = None,
) -> Path:
    """Save the game into a slot (atomically); return the file written."""
    path = save_path(session.scenario.id, slot, folder)
    data = session_to_data(session, player, started_at, recorded)
    write_atomic(path, msgspec.json.encode(data).decode("utf-8"))
    return path


def read_json(path: Path, limit: int, fail: type[Exception], what: str) -> Any:
    """A JSON file's data; every way reading it can go wrong raises ``fail`` with a reason that
    names ``what`` the file should have been ("save", "play record")."""
    try:
        raw = read_limited(path, limit, what)
    except FileRefused as error:
        raise fail(str(error)) from None
    try:
        return msgspec.json.decode(raw)
    except (msgspec.DecodeError, RecursionError):  # bad JSON, absurd nesting
        raise fail(f"{path.name} is damaged: it is not valid JSON") from None


def _read(path: Path) -> SaveData:
    try:
        return decode_save(read_json(path, MAX_SAVE_BYTES, SaveError, "save"))
    except SaveError as error:
        message = str(error)
        raise SaveError(message if path.name in message else f"{path.name}: {message}") from None


def read_save(path: Path, scenario: Scenario) -> Session:
    """Load a save file into a game of ``scenario``; raise SaveError with a reason if it cannot."""
    return session_from_data(scenario, _read(path))


def read_save_data(path: Path) -> SaveData:
    """A save file's checked data, without a scenario (SaveError when it is damaged)."""
    return _read(path)


def read_info(path: Path) -> SaveInfo | None:
    """The header of a save file, or None if the file is not a readable save."""
    try:
        data = _read(path)
        saved_at = datetime.fromisoformat(data.saved_at)
    except (SaveError, ValueError):
        return None
    if saved_at.tzinfo is None:
        saved_at = saved_at.replace(tzinfo=UTC)
    return SaveInfo(
        path=path,
        slot=path.stem,
        scenario_id=data.scenario.id,
        scenario_title=data.scenario.title or data.scenario.id,
        saved_at=saved_at,
        turn=data.turn,
        scene_title=data.scene_title,
        ended=data.ended,
        player=data.player,
    )


def keep_unfinished_autosave(scenario_id: str, folder: Path | None = None) -> SaveInfo | None:
    """Before a new game replaces the autosave: move an unfinished one to a slot of its own.

    Returns the kept save, or None when there was no unfinished autosave.
    """
    import os

    path = save_path(scenario_id, AUTOSAVE, folder)
    info = read_info(path)
    if info is None or info.ended:
        return None
    stamp = info.saved_at.astimezone().strftime("%Y%m%d-%H%M%S")
    kept = save_path(scenario_id, f"unfinished-{stamp}", folder)
    number = 2
    while kept.exists():
        kept = save_path(scenario_id, f"unfinished-{stamp}-{number}", folder)
        number += 1
    os.replace(path, kept)
    return read_info(kept)


def list_saves(folder: Path | None = None, scenario_id: str | None = None) -> list[SaveInfo]:
    """Every readable save, newest first (optionally of one scenario)."""
    root = folder or _default_folder()
    if not root.is_dir():
        return []
    pattern = f"{scenario_id}/*.json" if scenario_id else "*/*.json"
    paths = list(root.glob(pattern))
    for scenario_folder in {p.parent for p in paths}:
        remove_stale_temporaries(scenario_folder)
    infos = [info for path in paths if (info := read_info(path)) is not None]
    return sorted(infos, key=lambda i: i.saved_at, reverse=True)
