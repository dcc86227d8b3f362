"""Chance branches and news of weight 0: the linter knows the game never draws them."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.lint import lint
from game.authoring.reach import analyse
from game.cli import main
from game.engine.loader import load_scenario
from game.engine.session import Session

from .conftest import FIXTURES

HEADER = """id: dice
title: Dice
start: start
flags: [lucky]
scenes:
  - id: start
    title: Start
    text: Start.
    choices:
      - {id: luck, text: Get lucky, effects: flags.lucky = true, goto: roll}
      - {id: plain, text: Go on, goto: roll}
  - id: roll
    title: Roll
    text: Roll.
    choices:
      - id: roll
        text: Roll
        goto: GOTO
  - id: e
    title: E
    text: E.
    ending: {outcome: success}
  - id: f
    title: F
    text: F.
    ending: {outcome: failure}
"""

# goto lists, and the endings the game can reach with them
CASES = {
    "weight 0 beside weight 1": ("[{scene: roll, weight: 1}, {scene: e, weight: 0}]", set()),
    "every weight 0, ending first": ("[{scene: e, weight: 0}, {scene: roll, weight: 0}]", set()),
    "every weight 0, ending last": ("[{scene: roll, weight: 0}, {scene: e, weight: 0}]", {"e"}),
    "weight 0 as the fallback of an if": (
        "[{scene: e, if: flags.lucky, weight: 1}, {scene: f, weight: 0}]",
        {"e", "f"},
    ),
    "no branch left: the last is taken": (
        "[{scene: e, if: flags.lucky}, {scene: f, if: flags.lucky, weight: 0}]",
        {"e", "f"},
    ),
    "weight 0 beside a weight above 0 that is always left in": (
        "[{scene: e, if: flags.lucky, weight: 0}, {scene: f, weight: 1}]",
        {"f"},
    ),
    "weight 0 before a branch that may be left out": (
        "[{scene: e, weight: 0}, {scene: f, if: flags.lucky, weight: 0}]",
        {"e", "f"},
    ),
    "two weights above 0": ("[{scene: e, weight: 1}, {scene: f, weight: 2}]", {"e", "f"}),
}


def write(tmp_path: Path, goto: str) -> Path:
    path = tmp_path / "dice.yaml"
    path.write_text(HEADER.replace("GOTO", goto), encoding="utf-8")
    return path


def endings_played(path: Path, games: int = 60) -> set[str]:
    scenario = load_scenario(path)
    reached = set()
    for seed in range(games):
        session = Session(scenario, seed=seed)
        session.choose(1 + seed % 2)
        for _ in range(30):
            if session.ended:
                reached.add(session.scene_id)
                break
            session.choose(1)
    return reached


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_analysis_agrees_with_the_game_on_weights(tmp_path: Path, case: str) -> None:
    goto, reachable = CASES[case]
    path = write(tmp_path, goto)
    reach = analyse(load_scenario(path))
    assert {e for e in ("e", "f") if reach.reachable(e)} == reachable
    assert endings_played(path) == reachable


def test_check_strict_fails_when_the_only_way_out_has_weight_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, CASES["every weight 0, ending first"][0])
    assert main(["check", "--strict", str(path)]) == 1
    out = capsys.readouterr().out
    assert "ending 'e' is linked but can never be reached" in out and "[DT208]" in out
    assert "to 'e' has weight '0'" in out and "[DT212]" in out


def test_weight_0_as_the_fallback_of_an_if_is_not_warned(tmp_path: Path) -> None:
    path = write(tmp_path, CASES["weight 0 as the fallback of an if"][0])
    assert [p.code for p in lint(load_scenario(path), path)] == []


def test_news_of_weight_0_is_warned(tmp_path: Path) -> None:
    path = write(tmp_path, "[{scene: e, if: flags.lucky}, {scene: f}]")
    text = path.read_text(encoding="utf-8").replace(
        "  - id: roll\n    title: Roll\n    text: Roll.\n",
        "  - id: roll\n    title: Roll\n    text: Roll.\n    news:\n"
        "      - {headline: Leak, weight: 0}\n      - {weight: 1}\n",
    )
    path.write_text(text, encoding="utf-8")
    (warning,) = lint(load_scenario(path), path)
    assert warning.code == "DT212" and "news 'Leak'" in warning.message
    assert (warning.line, warning.col) == (16, 34)  # its "weight: 0", not the scene


def test_fixture_branch_of_weight_0_is_reported_at_its_weight() -> None:
    fixture = FIXTURES / "lint" / "DT212_weight_zero.yaml"
    warnings = {(p.code, p.line, p.col) for p in lint(load_scenario(fixture), fixture)}
    assert ("DT212", 13, 35) in warnings and ("DT208", 14, 5) in warnings
    assert ("DT213", 6, 5) in warnings  # and 'start' can only lead back to itself
