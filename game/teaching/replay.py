"""Replaying a play record through the engine and checking that it reproduces the same game."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.model import Scenario
from game.engine.plurals import plural
from game.engine.session import ChoiceUnavailable, GameOver, Session
from game.program import command_line


class ScenarioUnavailable(Exception):
    """The scenario a record was played with cannot be found or loaded; the message says why."""


def scenario_for(record: dict[str, Any], ref: str | None = None) -> Scenario:
    """The scenario of a record: the bundled one named by its id, or the given name or path."""
    from game.engine.catalog import CatalogError, resolve
    from game.engine.loader import check_scenario

    scenario_id = record["scenario"]["id"]
    try:
        path: Path = resolve(ref or scenario_id)
    except CatalogError as error:
        raise ScenarioUnavailable(
            f"this record was played with the scenario '{scenario_id}', which is not available "
            f"({error}); pass its folder with --scenario"
        ) from None
    result = check_scenario(path)
    if result.scenario is None:
        raise ScenarioUnavailable(
            f"the scenario at {path} does not load ({plural(len(result.errors), 'error')}); "
            f"run '{command_line('check', str(path))}' to see them"
        )
    if result.scenario.id != scenario_id:
        raise ScenarioUnavailable(
            f"this record belongs to the scenario '{scenario_id}', but {path} is "
            f"'{result.scenario.id}'"
        )
    return result.scenario


@dataclass
class ReplayResult:
    """What a replay found: the replayed game and every difference from the record."""

    session: Session
    differences: list[str] = field(default_factory=list)
    version_note: str = ""

    @property
    def matches(self) -> bool:
        return not self.differences


def _ending_name(ending: dict[str, Any] | None) -> str:
    if ending is None:
        return "no ending (the game was not finished)"
    return f"'{ending.get('title', ending['scene'])}' ({ending['outcome']})"


def replay(record: dict[str, Any], scenario: Scenario) -> ReplayResult:
    """Play the record's choices with its seed and compare every step with what it says happened."""
    session = Session(scenario, record["seed"])
    result = ReplayResult(session)
    recorded_version = str(record["scenario"].get("version", ""))
    if recorded_version != str(scenario.version):
        result.version_note = (
            f"the record was made with version {recorded_version} of the scenario; "
            f"this is version {scenario.version}"
        )
    for step in record["decisions"]:
        where = f"turn {step['turn']} (scene '{step['scene']}')"
        if session.scene_id != step["scene"]:
            result.differences.append(
                f"{where}: the replay is in scene '{session.scene_id}' instead"
            )
            return result
        try:
            decision = session.choose_id(step["choice"])
        except (ChoiceUnavailable, GameOver) as error:
            result.differences.append(f"{where}: cannot take choice '{step['choice']}': {error}")
            return result
        if decision.to_scene != step["to"]:
            result.differences.append(
                f"{where}: choice '{step['choice']}' led to '{decision.to_scene}', "
                f"the record says '{step['to']}'"
            )
            return result
        moved = _meter_differences(step["meters_after"], session.meters())
        if moved:
            result.differences.append(f"{where}: meters differ after the choice: {moved}")
            return result
    if session.ended != record["finished"] or (
        record["ending"] is not None and record["ending"]["scene"] != session.scene_id
    ):
        replayed = (
            {
                "scene": session.scene_id,
                "title": session.scene.title,
                "outcome": session.ending.outcome,
            }
            if session.ending
            else None
        )
        result.differences.append(
            f"ending: the record says {_ending_name(record['ending'])}, "
            f"the replay reached {_ending_name(replayed)}"
        )
    moved = _meter_differences(record["final_meters"], session.meters())
    if moved:
        result.differences.append(f"final meters differ: {moved}")
    return result


def _meter_differences(recorded: dict[str, Any], replayed: dict[str, int]) -> str:
    names = sorted(set(recorded) | set(replayed))
    parts = [
        f"{name} recorded {recorded.get(name, '-')}, replayed {replayed.get(name, '-')}"
        for name in names
        if recorded.get(name) != replayed.get(name)
    ]
    return "; ".join(parts)
