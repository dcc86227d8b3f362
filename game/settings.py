"""The player's settings (theme, meters panel shown or hidden): a small JSON file in the data folder.

A damaged or foreign settings file is never fatal: it is ignored with a notice that says why,
and written anew the next time a setting changes.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from game.locations import settings_path

MAX_BYTES = 64 * 1024  # a settings file is a few lines; anything bigger is not ours


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str | None = None  # a theme name; None for the game's default
    meters_shown: bool = True


FIELDS: dict[str, tuple[type, str]] = {
    "theme": (str, "a theme name in quotes"),
    "meters_shown": (bool, "true or false"),
}


def read_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings, and a notice when a settings file is there but cannot be used."""
    path = path or settings_path()

    def ignored(reason: str) -> tuple[Settings, str]:
        return Settings(), f"Your settings file {path} was ignored: {reason}. The defaults apply."

    try:
        if path.stat().st_size > MAX_BYTES:
            return ignored("it is too large to be a settings file")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError) as error:
        return ignored(f"it cannot be read ({getattr(error, 'strerror', None) or error})")
    except ValueError:
        return ignored("it is not valid JSON")
    if not isinstance(data, dict):
        return ignored("it is not a JSON object")
    values = {}
    for name, (kind, expected) in FIELDS.items():
        if data.get(name) is not None:  # null, like a missing key, means the default
            if type(data[name]) is not kind:
                return ignored(f"'{name}' should be {expected}")
            values[name] = data[name]
    return Settings(**values), None  # unknown keys are left for newer versions of the game


def write_settings(settings: Settings, path: Path | None = None) -> Path:
    """Keep the settings (atomically); return the file written. Raises OSError."""
    from game.engine.saves import write_atomic

    path = path or settings_path()
    values = {name: value for name, value in asdict(settings).items() if value is not None}
    write_atomic(path, json.dumps(values, indent=2) + "\n")
    return path
