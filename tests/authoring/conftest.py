"""Paths shared by the authoring tools' tests (the data folder is isolated by tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO / "scenes" / "tutorial"
SUMMIT = REPO / "scenes" / "summit"
