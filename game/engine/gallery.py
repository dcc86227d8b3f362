"""The endings gallery: which endings of each scenario the player has found ("3 of 8 endings
found"), kept in one small JSON file in the data folder and updated when a game ends.

The gallery is a pleasure, not a record anyone relies on: a damaged file is ignored (and kept
beside the new one, never silently overwritten), and a failure to write it never stops a game.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Scenario
from .plurals import plural
from .saves import write_atomic

MAX_BYTES = 1024 * 1024
VERSION = 1


@dataclass(frozen=True, slots=True)
class Found:
    """The endings of one scenario found so far, and how many it had when last played."""

    title: str
    endings: tuple[str, ...]  # ending scene ids, in the order they were first reached
    total: int

    @property
    def line(self) -> str:
        return found_line(len(self.endings), self.total)


def found_line(found: int, total: int) -> str:
    """The progress in words, such as "3 of 8 endings found"."""
    return f"{found} of {plural(total, 'ending')} found"


def ending_ids(scenario: Scenario) -> list[str]:
    """The scenario's endings, in the order of its scenes."""
    return [scene.id for scene in scenario.scenes.values() if scene.ending is not None]


def gallery_path() -> Path:
    from ..locations import gallery_path

    return gallery_path()


def read_gallery(path: Path | None = None) -> dict[str, Found]:
    """What the player has found, by scenario id; empty when there is no readable gallery."""
    return _read(path or gallery_path())[0]


def _read(path: Path) -> tuple[dict[str, Found], bool]:
    """The gallery, and whether a file is there that could not be read."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}, True
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, False
    except (OSError, ValueError):  # unreadable, not UTF-8, not JSON
        return {}, True
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), dict):
        return {}, True
    gallery = {}
    for scenario_id, entry in data["scenarios"].items():
        found = _entry(entry)
        if found is not None:
            gallery[str(scenario_id)] = found
    return gallery, False


def _entry(entry: Any) -> Found | None:
    """One scenario's entry, or None when it is damaged (the others still count)."""
    if not isinstance(entry, dict):
        return None
    endings, total, title = entry.get("endings"), entry.get("total"), entry.get("title", "")
    if not isinstance(endings, list) or not all(isinstance(e, str) for e in endings):
        return None
    if type(total) is not int or total < 0 or not isinstance(title, str):
        return None
    return Found(title, tuple(dict.fromkeys(endings)), max(total, len(set(endings))))


def progress(scenario: Scenario, gallery: dict[str, Found]) -> Found:
    """The scenario's endings found, counted against the endings it has now."""
    endings = ending_ids(scenario)
    entry = gallery.get(scenario.id)
    found = tuple(e for e in entry.endings if e in endings) if entry else ()
    return Found(scenario.title, found, len(endings))


def record_ending(scenario: Scenario, ending_id: str, path: Path | None = None) -> Found:
    """Add an ending the player reached to the gallery; return the scenario's progress.

    Writes only when something changed. A damaged gallery file is kept beside the new one as
    ``<name>.damaged``. Raises OSError when the file cannot be written.
    """
    path = path or gallery_path()
    gallery, damaged = _read(path)
    before = progress(scenario, gallery)
    after = before
    if ending_id in ending_ids(scenario) and ending_id not in before.endings:
        after = Found(scenario.title, (*before.endings, ending_id), before.total)
    known = gallery.get(scenario.id)
    if after == before and known is not None and known.total == after.total:
        return after
    if damaged:
        path.replace(path.with_name(path.name + ".damaged"))
    gallery[scenario.id] = after
    data = {
        "version": VERSION,
        "scenarios": {
            scenario_id: {"title": f.title, "endings": list(f.endings), "total": f.total}
            for scenario_id, f in gallery.items()
        },
    }
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return after
