"""Meter values and changes in words."""

from __future__ import annotations

from dataclasses import replace

from game.engine.loader import load_scenario
from game.engine.readings import change_in_words, level_word
from tests.conftest import TUTORIAL


def test_changes_say_direction_size_and_verdict_whichever_way_is_good() -> None:
    scenario = load_scenario(TUTORIAL)
    trust, blame = scenario.meter_by_id["trust.ally"], scenario.meter_by_id["blame"]
    assert change_in_words(trust, 5) == "up 5, better"
    assert change_in_words(trust, -15) == "down 15, worse"
    assert change_in_words(blame, 20) == "up 20, worse"
    assert change_in_words(blame, -10) == "down 10, better"
    assert change_in_words(blame, 0) == "no change"


def test_levels_are_thirds_of_the_range_as_the_player_sees_it() -> None:
    trust = load_scenario(TUTORIAL).meter_by_id["trust.ally"]
    assert [level_word(trust, v) for v in (0, 33, 34, 66, 67, 100)] == [
        "poor",
        "poor",
        "fair",
        "fair",
        "good",
        "good",
    ]
    blame = replace(trust, good="low")
    assert level_word(blame, 90) == "poor" and level_word(blame, 10) == "good"
