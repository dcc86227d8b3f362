"""The format reference's complete example loads and plays as the document says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine.loader import check_scenario
from game.engine.session import Session
from tests.conftest import ROOT

DOC = ROOT / "docs" / "scenario-format.md"


def yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    path = tmp_path / "example.yaml"
    path.write_text(yaml_blocks()[0], encoding="utf-8")
    return path


def test_complete_example_loads_without_problems(example: Path) -> None:
    result = check_scenario(example)
    assert result.problems == []
    scenario = result.scenario
    assert scenario is not None
    assert {s.ending.outcome for s in scenario.endings} == {"success", "partial", "failure"}


def test_complete_example_uses_every_part_of_the_format(example: Path) -> None:
    scenario = check_scenario(example).scenario
    assert scenario is not None
    scenes = scenario.scenes.values()
    assert scenario.traps and scenario.glossary and scenario.flags and scenario.counters
    assert any(m.hidden for m in scenario.meters) and any(m.good == "low" for m in scenario.meters)
    assert any(scene.news for scene in scenes)
    choices = [c for scene in scenes for c in scene.choices]
    assert any(c.disabled_reason for c in choices)
    assert any(c.is_chance for c in choices)
    assert any(c.trap_id for c in choices)


def test_brief_then_propose_reaches_the_table_or_postponement(example: Path) -> None:
    scenario = check_scenario(example).scenario
    assert scenario is not None
    endings = set()
    for seed in range(30):
        session = Session(scenario, seed=seed)
        session.choose(1)
        if session.options()[0].enabled:
            session.choose(1)
            endings.add(session.scene_id)
    assert endings == {"agreed", "postponed"}
