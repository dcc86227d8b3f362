"""Where the game keeps its files: one place, overridable with an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_VARIABLE = "DIPLOMATIC_TRAPS_DATA_DIR"
RECORDS_DIR_VARIABLE = "DIPLOMATIC_TRAPS_RECORDS_DIR"  # 'serve' keeps a class's records together
APP_NAME = "diplomatic-traps"


def data_dir() -> Path:
    """The user's data folder for the game (``$DIPLOMATIC_TRAPS_DATA_DIR`` when set)."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def saves_dir() -> Path:
    """Where saved games live."""
    return data_dir() / "saves"


def records_dir() -> Path:
    """Where play records of finished games live (``$DIPLOMATIC_TRAPS_RECORDS_DIR`` when set)."""
    override = os.environ.get(RECORDS_DIR_VARIABLE)
    if override:
        return Path(override).expanduser()
    return data_dir() / "records"


def schema_dir() -> Path:
    """The folder of the JSON Schemas for editors: schema/ in a clone, game/schema installed."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "schema", here / "schema"):
        if (candidate / "manifest.schema.json").is_file():
            return candidate
    return here / "schema"


def settings_path() -> Path:
    """The player's settings file (theme, meters panel)."""
    return data_dir() / "settings.json"


def gallery_path() -> Path:
    """The endings gallery: the endings of each scenario the player has found."""
    return data_dir() / "endings.json"


def teachers_package_dir() -> Path:
    """The Markdown of the teacher's package: docs/teachers-package in a clone, bundled with the
    game when installed."""
    here = Path(__file__).resolve().parent
    for candidate in (
        here.parent / "docs" / "teachers-package",
        here / "docs" / "teachers-package",
    ):
        if candidate.is_dir():
            return candidate
    return here.parent / "docs" / "teachers-package"


def bundled_scenes_dir() -> Path:
    """The folder of scenarios shipped with the game."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "scenes", here / "scenes"):
        if candidate.is_dir():
            return candidate
    return here.parent / "scenes"
