"""The game engine: scenario format, expressions, sessions and saves. Pure Python, no terminal UI."""

from .loader import LoadResult, check_scenario, load_scenario
from .model import Scenario
from .problems import Problem, ScenarioError
from .saves import SaveError
from .session import Decision, Option, Session

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
