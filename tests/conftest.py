"""Shared fixtures: every test keeps saves and records in its own temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENES = ROOT / "scenes"
TUTORIAL = SCENES / "tutorial"


@pytest.fixture(autouse=True)
def isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point the game's data folder (saves, records) at a fresh temporary folder."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("DIPLOMATIC_TRAPS_DATA_DIR", str(folder))
    monkeypatch.delenv("DIPLOMATIC_TRAPS_RECORDS_DIR", raising=False)
    return folder
