"""The game engine: scenario format, expressions, sessions and saves. Pure Python, no terminal UI.

Names are imported on first use, so that ``import game.engine.session`` does not also load the
YAML loader (start-up time matters to the front ends).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "LoadResult": "loader",
    "check_scenario": "loader",
    "load_scenario": "loader",
    "Scenario": "model",
    "Problem": "problems",
    "ScenarioError": "problems",
    "SaveError": "saves",
    "Decision": "session",
    "Option": "session",
    "Session": "session",
}

__all__ = [
    "Decision",
    "LoadResult",
    "Option",
    "Problem",
    "SaveError",
    "Scenario",
    "ScenarioError",
    "Session",
    "check_scenario",
    "load_scenario",
]

if TYPE_CHECKING:
    from .loader import LoadResult, check_scenario, load_scenario
    from .model import Scenario
    from .problems import Problem, ScenarioError
    from .saves import SaveError
    from .session import Decision, Option, Session


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'game.engine' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
