"""The author's debug mode in the engine: every value shown (hidden ones too), values set only
within their range, jumps and starts at scenes by id, chance draws in words, and a debug game
that keeps nothing (no autosave, save, record or endings-gallery entry)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.debug import DebugError, jump, set_value, turn_lines, value_lines
from game.engine.gallery import read_gallery
from game.engine.game_run import GameRun, continuable
from game.engine.loader import load_scenario
from game.engine.model import Scenario
from game.engine.saves import SaveError, list_saves
from game.engine.session import Session
from tests.conftest import SCENES, TUTORIAL


@pytest.fixture(scope="module")
def tutorial() -> Scenario:
    return load_scenario(TUTORIAL)


@pytest.fixture(scope="module")
def summit() -> Scenario:
    return load_scenario(SCENES / "summit")


def test_every_value_is_shown_hidden_ones_included(summit: Scenario) -> None:
    session = Session(summit, seed=7)
    hidden = [m for m in summit.meters if not session.is_visible(m)]
    assert hidden, "the summit hides a meter at the start"
    lines = value_lines(session)
    assert lines[0].startswith(f"scene = {summit.start} ")
    for meter in hidden:
        assert f"{meter.id} = {session.values[meter.id]}  ({meter.min}-{meter.max}, hidden" in (
            "\n".join(lines)
        )
    for flag in summit.flags:
        assert any(line.startswith(f"flags.{flag.id} = false") for line in lines), flag.id
    for counter in summit.counters:
        assert any(line.startswith(f"counters.{counter.id} = ") for line in lines), counter.id


def test_a_value_is_set_within_its_range_with_its_kind(tutorial: Scenario) -> None:
    session = Session(tutorial, seed=7)
    assert set_value(session, "blame = 40").words == "Set blame from 20 to 40."
    assert session.values["blame"] == 40
    assert set_value(session, "leak = yes").name == "flags.leak"  # a flag by its bare id
    assert session.values["flags.leak"] is True
    set_value(session, "counters.concessions 3")  # "name value" works too
    assert session.values["counters.concessions"] == 3


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("blame = 140", "blame goes from 0 to 100; 140 is out of its range"),
        ("blame = -1", "blame goes from 0 to 100; -1 is out of its range"),
        ("blame = lots", "blame takes a whole number, not 'lots'"),
        ("flags.leak = 2", "flags.leak is a flag: set it to true or false, not '2'"),
        ("blam = 3", "there is no meter, flag or counter called 'blam' (did you mean blame?)"),
        ("turn = 3", "'turn' is kept by the game and cannot be set"),
        ("blame =", "write it as: NAME = VALUE (for example: blame = 40)"),
    ],
)
def test_a_bad_setting_says_why_and_changes_nothing(
    tutorial: Scenario, assignment: str, message: str
) -> None:
    session = Session(tutorial, seed=7)
    before = dict(session.values)
    with pytest.raises(DebugError) as error:
        set_value(session, assignment)
    assert str(error.value) == message
    assert session.values == before


def test_a_bare_id_shared_by_a_flag_and_a_counter_asks_for_the_whole_name(
    tutorial: Scenario,
) -> None:
    from dataclasses import replace

    from game.engine.model import Counter

    both = replace(tutorial, counters=(*tutorial.counters, Counter("leak", "", 0)))
    session = Session(both, seed=7)
    with pytest.raises(DebugError, match=r"'leak' could be flags\.leak or counters\.leak"):
        set_value(session, "leak = 1")
    assert set_value(session, "counters.leak = 2").after == 2


def test_a_jump_enters_the_scene_and_undo_takes_it_back(tutorial: Scenario) -> None:
    session = Session(tutorial, seed=7)
    decision = jump(session, "the_reply")
    assert session.scene_id == "the_reply" and decision.to_scene == "the_reply"
    assert session.values["visited.the_reply"] is True
    assert session.undo() is decision
    assert session.scene_id == tutorial.start and session.turn == 0


def test_an_unknown_scene_is_refused_with_close_ones_named(tutorial: Scenario) -> None:
    session = Session(tutorial, seed=7)
    with pytest.raises(DebugError, match="no scene 'reply' in tutorial; did you mean the_reply"):
        jump(session, "reply")
    assert session.scene_id == tutorial.start and session.turn == 0


def test_chance_draws_are_told_with_their_weights_and_failed_conditions(
    tutorial: Scenario,
) -> None:
    session = Session(tutorial, seed=7)
    for number in (1, 2, 1):
        session.choose(number)
    route = session.history[-1].route
    assert route is not None and route.draw is not None and route.draw.by == "chance"
    lines = turn_lines(session.history[-1].events)
    picked = route.draw.possibilities[route.draw.picked]
    drawn = next(line for line in lines if line.startswith("Chance drew the route"))
    assert f"'{picked.label}', weight {picked.weight:g} of 4 (" in drawn
    assert "'Blamed for the walkout' (its if failed)" in drawn  # blame was low: its if failed


def test_the_state_deciding_a_route_is_told_with_its_reason(tutorial: Scenario) -> None:
    session = Session(tutorial, seed=7)
    set_value(session, "blame = 60")
    session.choose(1)
    session.choose(2)
    session.choose(1)
    assert session.scene_id == "walkout"
    lines = turn_lines(session.history[-1].events)
    assert any(
        line.startswith("The state decided the route: 'Blamed for the walkout', because ")
        and "blame > 35 held (blame = " in line
        for line in lines
    ), lines


def test_hidden_changes_are_listed(summit: Scenario) -> None:
    session = Session(summit, seed=7)
    lines = turn_lines(session.opening)
    hidden = next(m for m in summit.meters if m.hidden and m.drawn)
    assert any(
        line.startswith(f"Chance drew the starting value of {hidden.label}") for line in lines
    )
    assert any(line.startswith(f"{hidden.id}: ") and line.endswith("[start]") for line in lines)


def test_a_debug_game_keeps_nothing(tutorial: Scenario, isolated_data_dir: Path) -> None:
    run = GameRun.new(tutorial, seed=7, debug=True)
    run.set_value("blame = 60")
    for number in (1, 2, 1):
        run.choose(number)
    assert run.ended and run.record_ending() is None
    with pytest.raises(SaveError, match="a debug game is not saved"):
        run.save("mine")
    run.abandon()
    assert list_saves() == [] and continuable() == []
    assert not list(isolated_data_dir.glob("records/**/*.json"))
    assert read_gallery() == {}


def test_a_game_started_in_a_scene_is_a_debug_game(
    tutorial: Scenario, isolated_data_dir: Path
) -> None:
    run = GameRun.new(tutorial, seed=7, start="the_reply")
    assert run.debug and run.session.scene_id == "the_reply" and run.session.turn == 0
    run.choose(1)
    run.abandon()
    assert list_saves() == []
    with pytest.raises(DebugError, match="no scene 'nowhere'"):
        GameRun.new(tutorial, seed=7, start="nowhere")


def test_a_normal_game_cannot_set_values_or_jump(tutorial: Scenario) -> None:
    run = GameRun.new(tutorial, seed=7, autosave=False)
    with pytest.raises(DebugError, match="only a debug game"):
        run.set_value("blame = 60")
    with pytest.raises(DebugError, match="only a debug game"):
        run.jump("the_reply")
    assert run.session.values["blame"] == 20 and run.session.scene_id == tutorial.start
