"""A game in progress: choices, conditions, effects, chance by seed, traps, undo, endings."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from game.engine.loader import load_scenario
from game.engine.model import Scenario
from game.engine.session import ChoiceUnavailable, GameOver, Session
from tests.conftest import TUTORIAL

CHANCE = """\
id: chance
title: Chance
start: hub
meters:
  - {id: trust, label: Trust, start: 50}
  - {id: blame, label: Blame, start: 10, good: low, min: 0, max: 30}
flags: [warned]
counters: [{id: rounds}]
traps:
  - {id: rush, name: Rushing, lesson: Slow down.}
scenes:
  - id: hub
    title: Hub
    on_enter: counters.rounds += 1
    news:
      - {headline: Storm, weight: 1, effects: trust -= 5}
      - {headline: Calm, weight: 1, effects: trust += 5}
    choices:
      - id: roll
        text: Roll the dice
        goto:
          - {scene: heads, weight: 1, headline: Heads}
          - {scene: tails, weight: 1, headline: Tails}
      - id: rush
        text: Rush
        trap: rush
        effects: [blame += 100, trust %+ 50]
        goto: heads
      - id: careful
        text: Be careful
        if: flags.warned
        disabled_reason: Nobody has warned you.
        goto: tails
      - id: secret
        text: Secret door
        if: counters.rounds >= 2
        goto: tails
      - id: warn
        text: Listen to a warning
        effects: flags.warned = true
        goto: hub
  - id: heads
    title: Heads
    ending: {outcome: success, debrief: Lucky.}
  - id: tails
    title: Tails
    ending: {outcome: failure}
"""


@pytest.fixture(scope="module")
def chance(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    path = tmp_path_factory.mktemp("chance") / "chance.yaml"
    path.write_text(textwrap.dedent(CHANCE), encoding="utf-8")
    return load_scenario(path)


def numbers(session: Session) -> dict[str, tuple[int, bool, str]]:
    return {o.choice.id: (o.number, o.enabled, o.reason) for o in session.options()}


def test_start_scene_effects_and_news_apply(chance: Scenario) -> None:
    session = Session(chance, seed=1)
    assert session.scene_id == "hub"
    assert session.values["counters.rounds"] == 1
    assert len(session.bulletins) == 1
    assert session.meters()["trust"] in (45, 55)
    assert [c.name for e in session.opening for c in e.changes] == ["counters.rounds", "trust"]


def test_hidden_and_disabled_choices(chance: Scenario) -> None:
    session = Session(chance, seed=1)
    offered = numbers(session)
    assert "secret" not in offered  # hidden: no disabled_reason
    assert offered["careful"] == (3, False, "Nobody has warned you.")
    with pytest.raises(ChoiceUnavailable, match="Nobody has warned you"):
        session.choose(3)
    with pytest.raises(ChoiceUnavailable, match="choose 1–4"):
        session.choose(9)


def test_effects_unlock_choices_and_count_turns(chance: Scenario) -> None:
    session = Session(chance, seed=1)
    decision = session.choose(numbers(session)["warn"][0])
    assert decision.to_scene == "hub" and session.turn == 1
    assert session.values["turn"] == 1
    offered = numbers(session)
    assert offered["careful"][1] is True
    assert "secret" in offered  # counters.rounds is now 2


def test_meters_are_clamped_to_their_range(chance: Scenario) -> None:
    session = Session(chance, seed=1)
    trust_before = session.meters()["trust"]
    session.choose_id("rush")
    assert session.meters()["blame"] == 30
    assert session.meters()["trust"] == round(trust_before + (100 - trust_before) * 0.5)


def test_same_seed_same_game_and_seeds_differ(chance: Scenario) -> None:
    def ending(seed: int) -> tuple[str, tuple[str, ...]]:
        session = Session(chance, seed=seed)
        session.choose_id("roll")
        return session.scene_id, tuple(b.headline for b in session.bulletins)

    results = {seed: ending(seed) for seed in range(40)}
    assert all(ending(seed) == results[seed] for seed in range(40))
    assert {scene for scene, _ in results.values()} == {"heads", "tails"}


def test_chance_branches_roughly_follow_their_weights(chance: Scenario) -> None:
    heads = 0
    for seed in range(2000):
        session = Session(chance, seed=seed)
        session.choose_id("roll")
        heads += session.scene_id == "heads"
    assert 850 < heads < 1150


def test_decision_records_changes_and_causes(chance: Scenario) -> None:
    session = Session(chance, seed=3)
    decision = session.choose_id("rush")
    causes = {(c.name, c.cause) for c in decision.changes}
    assert ("blame", "choice") in causes and ("trust", "choice") in causes
    assert decision.meter_changes(chance)["blame"] == 20
    assert decision.trap_id == "rush"


def test_traps_sprung_and_avoided(chance: Scenario) -> None:
    sprung = Session(chance, seed=1)
    sprung.choose_id("rush")
    assert sprung.sprung == ["rush"] and sprung.avoided == []
    avoided = Session(chance, seed=1)
    avoided.choose_id("roll")
    assert avoided.sprung == [] and avoided.avoided == ["rush"]


def test_ending_stops_the_game(chance: Scenario) -> None:
    session = Session(chance, seed=1)
    session.choose_id("rush")
    assert session.ended and session.ending is not None
    assert session.ending.outcome == "success"
    with pytest.raises(GameOver):
        session.choose(1)


def test_undo_restores_everything_including_chance(chance: Scenario) -> None:
    session = Session(chance, seed=5)
    before = (dict(session.values), session.scene_id, session.dice.state, session.bulletins)
    first = session.choose_id("roll")
    undone = session.undo()
    assert undone == first
    assert (dict(session.values), session.scene_id, session.dice.state, session.bulletins) == before
    again = session.choose_id("roll")
    assert again.to_scene == first.to_scene  # the same draw comes up again
    assert session.undo() is not None and session.undo() is None


def test_meter_series_has_one_point_per_turn(chance: Scenario) -> None:
    session = Session(chance, seed=2)
    session.choose_id("warn")
    session.choose_id("rush")
    series = session.meter_series()
    assert len(series["blame"]) == 3
    assert series["blame"][-1] == 30


def test_tutorial_plays_to_each_outcome() -> None:
    scenario = load_scenario(TUTORIAL)
    outcomes = set()
    for seed in range(60):
        for first in ("call_ally", "accept_framing", "stall"):
            session = Session(scenario, seed=seed)
            session.choose_id(first)
            while not session.ended:
                session.choose(session.enabled_options()[0].number)
            outcomes.add(session.ending.outcome)
    assert outcomes == {"success", "partial", "failure"}


def test_unseeded_games_pick_a_seed() -> None:
    scenario = load_scenario(TUTORIAL)
    assert isinstance(Session(scenario).seed, int)


def test_branch_conditions_filter_chance(tmp_path: Path) -> None:
    text = CHANCE.replace(
        "{scene: heads, weight: 1, headline: Heads}", "{scene: heads, if: flags.warned}"
    )
    path = tmp_path / "c.yaml"
    path.write_text(text)
    scenario = load_scenario(path)
    for seed in range(20):
        session = Session(scenario, seed=seed)
        session.choose_id("roll")
        assert session.scene_id == "tails"


def test_trap_avoided_then_sprung_counts_only_as_sprung(chance: Scenario) -> None:
    session = Session(chance, seed=1)
    session.choose_id("warn")  # 'rush' was on offer: avoided for now
    assert session.avoided == ["rush"]
    session.choose_id("rush")
    assert session.sprung == ["rush"] and session.avoided == []


def test_conditional_effects_apply_only_when_their_condition_holds(tmp_path: Path) -> None:
    text = CHANCE.replace(
        "effects: flags.warned = true",
        "effects: [flags.warned = true, trust += 20 if flags.warned, counters.rounds += 5 if not flags.warned]",
    )
    path = tmp_path / "c.yaml"
    path.write_text(text)
    session = Session(load_scenario(path), seed=1)
    decision = session.choose_id("warn")  # the flag is set first, so the trust effect applies
    by_choice = {c.name: c.delta for c in decision.changes if c.cause == "choice"}
    assert by_choice == {"flags.warned": 1, "trust": 20}  # the counter's +5 was skipped
    assert session.values["counters.rounds"] == 2  # +1 from entering the hub again


def test_a_weight_of_zero_is_never_drawn() -> None:
    from game.engine.chance import BRANCH_DRAW, NEWS_DRAW, Dice

    dice = Dice(5)
    assert {dice.pick([0.1, 0.2, 0.0]) for _ in range(5000)} == {0, 1}
    assert {BRANCH_DRAW.draw([0.1, None, 0.0], dice) for _ in range(500)} == {0}
    assert BRANCH_DRAW.draw([0, 0], dice) == 1  # every weight 0: the last branch left
    assert BRANCH_DRAW.draw([None, None], dice) == 1  # none left: the last branch listed
    assert NEWS_DRAW.draw([0, 0], dice) is None  # every weight 0: no news
    assert NEWS_DRAW.draw([None, 2], dice) == 1


def test_draw_odds_are_the_weights_shares_of_what_is_left() -> None:
    from game.engine.chance import BRANCH_DRAW, NEWS_DRAW

    assert BRANCH_DRAW.odds([1, None, 3, -2]) == [0.25, 0.0, 0.75, 0.0]
    assert BRANCH_DRAW.odds([0, 0, None]) == [0.0, 1.0, 0.0]
    assert BRANCH_DRAW.odds([None, None]) == [0.0, 1.0]
    assert NEWS_DRAW.odds([0, None]) == [0.0, 0.0]
    assert NEWS_DRAW.odds([float("inf"), 1.0]) == [0.0, 1.0]  # as the draw itself lands


def test_dice_roll_only_when_chance_has_a_real_choice() -> None:
    """A draw with one item left, or only weights of 0, leaves the dice as they were, so that a
    recorded game replays the same."""
    from game.engine.chance import BRANCH_DRAW, NEWS_DRAW, Dice

    dice = Dice(9)
    for rule, weights in ((BRANCH_DRAW, [None, 0.0]), (NEWS_DRAW, [0.0, 0.0]), (NEWS_DRAW, [3])):
        before = dice.state
        rule.draw(weights, dice)
        assert dice.state == before
    BRANCH_DRAW.draw([0.0, 1.0], dice)  # two left and one weighs: the dice roll
    assert dice.state != before
