"""playtest plays seeded games through the Session and reports them reproducibly."""

from __future__ import annotations

import json

import pytest

from game.authoring.playtest import StrategyError, as_dict, playtest
from game.cli import main
from game.engine.loader import load_scenario

from .conftest import FIXTURES, TUTORIAL

LINT = FIXTURES / "lint"


def test_same_seed_same_report() -> None:
    scenario = load_scenario(TUTORIAL)
    first = as_dict(playtest(scenario, 300, seed=9), scenario)
    again = as_dict(playtest(scenario, 300, seed=9), scenario)
    other = as_dict(playtest(scenario, 300, seed=10), scenario)
    assert first == again
    assert first != other


def test_report_counts_every_run_and_every_ending() -> None:
    scenario = load_scenario(TUTORIAL)
    report = playtest(scenario, 2000, seed=1)
    assert sum(report.endings.values()) == 2000
    assert set(report.endings) == {"deal", "stalemate", "walkout"}
    assert report.decisions == 3 * 2000  # every tutorial game takes three decisions
    for stats in report.meters.values():
        for meter in scenario.meters:
            assert meter.min <= stats[meter.id].low <= stats[meter.id].high <= meter.max
    assert report.unseen_scenes == [] and report.untaken_choices == []


def test_greedy_strategy_raises_its_meter() -> None:
    scenario = load_scenario(TUTORIAL)

    def mean_ally(report) -> float:
        total = sum(s["trust.ally"].total for s in report.meters.values())
        return total / report.runs

    greedy = playtest(scenario, 300, seed=2, strategy="greedy:trust.ally")
    random_play = playtest(scenario, 300, seed=2)
    assert mean_ally(greedy) > mean_ally(random_play) + 10


def test_least_used_covers_every_choice_quickly() -> None:
    scenario = load_scenario(TUTORIAL)
    assert playtest(scenario, 4, seed=0, strategy="least-used").untaken_choices == []


def test_unknown_strategy_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(StrategyError):
        playtest(load_scenario(TUTORIAL), 1, strategy="greedy:nothing")
    assert main(["playtest", str(TUTORIAL), "--strategy", "bold"]) == 2
    assert "unknown strategy 'bold'" in capsys.readouterr().err


def test_stuck_runs_are_reported_with_their_seed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playtest", str(LINT / "DT201_dead_end.yaml"), "--runs", "50"]) == 1
    out = capsys.readouterr().out
    assert "STUCK in 'limbo'" in out and " runs got stuck" in out


def test_table_output_shows_endings_coverage_and_speed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playtest", str(TUTORIAL), "--runs", "200", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    for text in ("stalemate", "meters at each ending", "coverage: 6/6 scenes", "runs/s"):
        assert text in out


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playtest", str(TUTORIAL), "--runs", "100", "--format", "json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert sum(e["runs"] for e in report["endings"].values()) == 100
    assert "runs/s" in captured.err


def test_playtest_shows_markup_like_titles_as_written(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.cli import main

    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "id: s\ntitle: '[/] [bold]odd[/bold]'\nstart: a\nscenes:\n"
        "  - {id: a, title: A, choices: [{text: Go, goto: e}]}\n"
        "  - {id: e, title: '[/]E', ending: {outcome: success}}\n"
    )
    assert main(["playtest", str(scenario), "--runs", "5"]) == 0
    assert "[/] [bold]odd[/bold]" in capsys.readouterr().out
