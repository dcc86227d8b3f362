"""graph draws the scene graph; no author's text can break the Mermaid or DOT syntax."""

from __future__ import annotations

import re

import pytest

from game.authoring.graph import to_dot, to_mermaid
from game.cli import main
from game.engine.loader import load_scenario

from .conftest import FIXTURES, TUTORIAL

HOSTILE = FIXTURES / "graph" / "hostile.yaml"
MERMAID_NODE = re.compile(r'^    s\d+(\["[^"]*"\]|\(\["[^"]*"\]\):::(success|partial|failure))$')
MERMAID_EDGE = re.compile(r'^    s\d+ (-->|-\.->)\|"[^"]*"\| s\d+$')
MERMAID_STYLE = re.compile(r"^    (linkStyle [\d,]+|classDef \w+) [\w:#,.-]+$")
DOT_STRING = r'"(?:[^"\\]|\\.)*"'
DOT_NODE = re.compile(rf"^    {DOT_STRING} \[label={DOT_STRING}(, [\w]+=(?:{DOT_STRING}|\w+))*\];$")
DOT_EDGE = re.compile(
    rf"^    {DOT_STRING} -> {DOT_STRING} \[label={DOT_STRING}(, [\w]+=(?:{DOT_STRING}|\w+))*\];$"
)


def mermaid_lines_are_well_formed(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    for line in lines[1:]:
        assert MERMAID_NODE.match(line) or MERMAID_EDGE.match(line) or MERMAID_STYLE.match(line), (
            line
        )
        for label in re.findall(r'"([^"]*)"', line):
            assert not set(label) & set('<>|%`{}[]"\n\\'), label


def dot_lines_are_well_formed(text: str) -> None:
    lines = text.splitlines()
    assert lines[0].startswith("digraph ") and lines[-1] == "}"
    for line in lines[3:-1]:
        assert DOT_NODE.match(line) or DOT_EDGE.match(line), line


@pytest.mark.parametrize("path", [TUTORIAL, HOSTILE], ids=["tutorial", "hostile"])
def test_output_stays_well_formed(path) -> None:
    scenario = load_scenario(path)
    mermaid_lines_are_well_formed(to_mermaid(scenario))
    dot_lines_are_well_formed(to_dot(scenario))


def test_graph_marks_endings_traps_chance_and_conditions() -> None:
    scenario = load_scenario(TUTORIAL)
    mermaid = to_mermaid(scenario)
    assert 's3(["END SUCCESS: A framework agreed (deal)"]):::success' in mermaid
    assert "TRAP: Letting the other side set the agenda" in mermaid
    wait = next(c for c in scenario.scenes["the_reply"].choices if c.id == "wait")
    walkout = next(b for b in wait.branches if b.scene_id == "walkout")
    condition = walkout.condition.source  # e.g. blame > 25 or flags.leak
    escaped = condition.replace(">", "#62;").replace("<", "#60;")
    weight = walkout.weight.source
    assert f'-.->|"choice wait; if {escaped}; chance, weight {weight}"| s5' in mermaid
    assert "linkStyle 1,3 stroke:#c00" in mermaid
    dot = to_dot(scenario)
    assert f'"the_reply" -> "walkout" [label="choice wait; if {condition};' in dot
    assert "style=dashed" in dot and "shape=doubleoctagon" in dot


def test_graph_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(TUTORIAL), "--format", "dot"]) == 0
    assert capsys.readouterr().out.startswith('digraph "tutorial" {')
    assert main(["graph", str(TUTORIAL)]) == 0
    assert capsys.readouterr().out.startswith("flowchart TD")
    assert main(["graph", "no-such-scenario"]) == 2
