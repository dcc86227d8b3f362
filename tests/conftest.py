"""Shared fixtures: every test keeps saves and records in its own temporary folder, and no
property test depends on how fast the machine is."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
SCENES = ROOT / "scenes"
TUTORIAL = SCENES / "tutorial"

# Hypothesis times each example and its own data generation by the clock; on a machine busy with
# other work that says nothing about the code, so neither may fail a test.
settings.register_profile(
    "busy-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("busy-machine")


@pytest.fixture(autouse=True)
def isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point the game's data folder (saves, records) at a fresh temporary folder."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("DIPLOMATIC_TRAPS_DATA_DIR", str(folder))
    monkeypatch.delenv("DIPLOMATIC_TRAPS_RECORDS_DIR", raising=False)
    return folder
