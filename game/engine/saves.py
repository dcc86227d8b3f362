"""Saved games: versioned JSON, written atomically, checked against the scenario on loading."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .model import Scenario
from .session import Bulletin, Change, Decision, Session, Snapshot

SAVE_FORMAT = "diplomatic-traps-save"
SAVE_VERSION = 1
AUTOSAVE = "autosave"
MAX_SAVE_BYTES = 16 * 1024 * 1024


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


def slot_name(name: str) -> str:
    """A safe file name for a slot the player named."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", name.strip()).strip("-")[:60]
    return cleaned or "save"


# -- session <-> data ----------------------------------------------------------------------------


def _bulletins(items: tuple[Bulletin, ...]) -> list[dict[str, str]]:
    return [{"headline": b.headline, "text": b.text} for b in items]


def _snapshot_to_dict(s: Snapshot) -> dict[str, Any]:
    return {
        "scene": s.scene_id,
        "values": s.values,
        "visited": list(s.visited),
        "dice": s.dice,
        "sprung": list(s.sprung),
        "avoided": list(s.avoided),
        "bulletins": _bulletins(s.bulletins),
    }


def session_to_dict(session: Session) -> dict[str, Any]:
    """The whole game as JSON-ready data."""
    scenario = session.scenario
    return {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "scenario": {"id": scenario.id, "version": scenario.version, "title": scenario.title},
        "seed": session.seed,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "turn": session.turn,
        "scene_title": session.scene.title,
        "ended": session.ended,
        "state": _snapshot_to_dict(session.snapshot()),
        "opening": [change_to_dict(c) for c in session.opening],
        "history": [
            {
                "turn": d.turn,
                "scene": d.scene_id,
                "choice": d.choice_id,
                "text": d.choice_text,
                "feedback": d.feedback,
                "trap": d.trap_id,
                "to": d.to_scene,
                "changes": [change_to_dict(c) for c in d.changes],
                "bulletins": _bulletins(d.bulletins),
                "before": _snapshot_to_dict(d.before),
            }
            for d in session.history
        ],
    }


def change_to_dict(c: Change) -> dict[str, Any]:
    """A change as JSON-ready data (saves and play records share this form)."""
    return {
        "name": c.name,
        "before": c.before,
        "after": c.after,
        "cause": c.cause,
        "detail": c.detail,
    }


class _Reader:
    """Reads save data defensively, turning every surprise into a SaveError."""

    def __init__(self, scenario: Scenario, strict: bool = True) -> None:
        self.scenario = scenario
        self.strict = strict
        self.defaults = scenario.initial_values()

    def scene(self, scene_id: Any) -> str:
        if not isinstance(scene_id, str):
            raise SaveError("the save file is damaged (a scene is not named)")
        if scene_id not in self.scenario.scenes:
            raise SaveError(
                f"this save was made with a different version of '{self.scenario.title}': "
                f"its scene '{scene_id}' no longer exists. Start a new game."
            )
        return scene_id

    def values(self, data: Any) -> dict[str, int | bool]:
        if not isinstance(data, dict):
            raise SaveError("the save file is damaged (values are missing)")
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

    def bulletins(self, data: Any) -> tuple[Bulletin, ...]:
        return tuple(Bulletin(str(b["headline"]), str(b["text"])) for b in data)

    def traps(self, data: Any) -> tuple[str, ...]:
        return tuple(t for t in data if isinstance(t, str) and t in self.scenario.traps)

    def snapshot(self, data: Any) -> Snapshot:
        visited = tuple(self.scene(s) for s in data["visited"])
        dice = data["dice"]
        if not isinstance(dice, int) or isinstance(dice, bool):
            raise SaveError("the save file is damaged (random state)")
        return Snapshot(
            self.scene(data["scene"]),
            self.values(data["values"]),
            visited,
            dice,
            self.traps(data["sprung"]),
            self.traps(data["avoided"]),
            self.bulletins(data["bulletins"]),
        )

    def change(self, data: Any) -> Change:
        return Change(
            str(data["name"]),
            data["before"],
            data["after"],
            str(data["cause"]),
            str(data["detail"]),
        )


def session_from_dict(scenario: Scenario, data: Any, strict: bool = True) -> Session:
    """Rebuild a game from save data; raise SaveError with a player-facing reason if it cannot.

    With ``strict=False`` values the scenario no longer declares are dropped instead of refused.
    """
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise SaveError("this file is not a Diplomatic Traps save")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError("the save file is damaged (its format version is not a number)")
    if version > SAVE_VERSION:
        raise SaveError("this save was written by a newer version of the game; update the game")
    saved_for = data.get("scenario") or {}
    if not isinstance(saved_for, dict) or saved_for.get("id") != scenario.id:
        other = saved_for.get("id") if isinstance(saved_for, dict) else None
        raise SaveError(
            f"this save belongs to the scenario '{other}', not '{scenario.id}'"
            if other
            else "this save does not say which scenario it belongs to"
        )
    reader = _Reader(scenario, strict)
    try:
        seed = data["seed"]
        if not isinstance(seed, int):
            raise SaveError("the save file is damaged (seed)")
        session = Session(scenario, seed)
        session.restore(reader.snapshot(data["state"]))
        session.opening = tuple(reader.change(c) for c in data["opening"])
        session.history = [
            Decision(
                turn=int(d["turn"]),
                scene_id=reader.scene(d["scene"]),
                choice_id=str(d["choice"]),
                choice_text=str(d["text"]),
                feedback=str(d["feedback"]),
                trap_id=d["trap"] if d["trap"] in scenario.traps else None,
                to_scene=reader.scene(d["to"]),
                changes=tuple(reader.change(c) for c in d["changes"]),
                bulletins=reader.bulletins(d["bulletins"]),
                before=reader.snapshot(d["before"]),
            )
            for d in data["history"]
        ]
    except SaveError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SaveError(f"the save file is damaged ({type(error).__name__}: {error})") from None
    return session


def carry_over(session: Session, scenario: Scenario) -> Session:
    """The same game on a reloaded version of its scenario (for live reload while authoring).

    Keeps scene, values, history and chance state where they still fit; raises SaveError when
    the current scene (or one in the history) no longer exists.
    """
    return session_from_dict(scenario, session_to_dict(session), strict=False)


# -- files -------------------------------------------------------------------------------------


def _default_folder() -> Path:
    from ..locations import saves_dir

    return saves_dir()


def save_path(scenario_id: str, slot: str, folder: Path | None = None) -> Path:
    """The file of a save slot."""
    return (folder or _default_folder()) / scenario_id / f"{slot_name(slot)}.json"


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that an interrupted write never leaves a half-written file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_save(session: Session, slot: str = AUTOSAVE, folder: Path | None = None) -> Path:
    """Save the game into a slot (atomically); return the file written."""
    path = save_path(session.scenario.id, slot, folder)
    write_atomic(path, json.dumps(session_to_dict(session), ensure_ascii=False))
    return path


def read_json(path: Path, limit: int, fail: type[Exception], what: str) -> Any:
    """A JSON file's data; every way reading it can go wrong raises ``fail`` with a reason that
    names ``what`` the file should have been ("save", "play record")."""
    try:
        if path.stat().st_size > limit:
            raise fail(f"{path.name} is too large to be a {what}")
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(f"there is no file {path}") from None
    except IsADirectoryError:
        raise fail(f"{path} is a folder, not a {what}") from None
    except OSError as error:
        raise fail(f"cannot read {path}: {error.strerror}") from None
    except (UnicodeDecodeError, ValueError, RecursionError):  # bad JSON, absurd numbers, nesting
        raise fail(f"{path.name} is damaged: it is not valid JSON") from None


def _load_json(path: Path) -> Any:
    return read_json(path, MAX_SAVE_BYTES, SaveError, "save")


def read_save(path: Path, scenario: Scenario) -> Session:
    """Load a save file into a game of ``scenario``; raise SaveError with a reason if it cannot."""
    return session_from_dict(scenario, _load_json(path))


def read_info(path: Path) -> SaveInfo | None:
    """The header of a save file, or None if the file is not a readable save."""
    try:
        data = _load_json(path)
        scenario = data["scenario"]
        return SaveInfo(
            path=path,
            slot=path.stem,
            scenario_id=str(scenario["id"]),
            scenario_title=str(scenario.get("title", scenario["id"])),
            saved_at=datetime.fromisoformat(data["saved_at"]),
            turn=int(data["turn"]),
            scene_title=str(data["scene_title"]),
            ended=bool(data["ended"]),
        )
    except (SaveError, KeyError, TypeError, ValueError, AttributeError):
        return None


def keep_unfinished_autosave(scenario_id: str, folder: Path | None = None) -> SaveInfo | None:
    """Before a new game replaces the autosave: move an unfinished one to a slot of its own.

    Returns the kept save, or None when there was no unfinished autosave.
    """
    path = save_path(scenario_id, AUTOSAVE, folder)
    info = read_info(path)
    if info is None or info.ended:
        return None
    stamp = info.saved_at.astimezone().strftime("%Y%m%d-%H%M%S")
    kept = save_path(scenario_id, f"unfinished-{stamp}", folder)
    os.replace(path, kept)
    return read_info(kept)


def list_saves(folder: Path | None = None, scenario_id: str | None = None) -> list[SaveInfo]:
    """Every readable save, newest first (optionally of one scenario)."""
    root = folder or _default_folder()
    if not root.is_dir():
        return []
    pattern = f"{scenario_id}/*.json" if scenario_id else "*/*.json"
    infos = [info for path in root.glob(pattern) if (info := read_info(path)) is not None]
    return sorted(infos, key=lambda i: i.saved_at, reverse=True)
