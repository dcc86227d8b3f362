"""Marks, starting values drawn by chance, reveals, first-match routes and conditional passages:
the format features that make a scenario's stakes visible and its debriefs true."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.explain import describe, explain
from game.engine.loader import check_scenario, load_scenario
from game.engine.model import Scenario
from game.engine.readings import marks_as_seen
from game.engine.session import Session

PRICE = """\
id: price
title: The price
start: ask
meters:
  - id: trust
    label: Trust
    start: 30
    marks:
      - {below: price, text: they will not come}
      - {above: ceiling, text: you paid too much, bad: true}
      - {below: 10, text: they leave}
  - {id: price, label: Their price, hidden: true, start: {min: 20, max: 50, step: 10}}
  - {id: ceiling, label: Too much, hidden: true, start: 0}
  - id: home
    label: Home
    start: 50
    marks: [{below: 35, text: the capital loses patience}]
scenes:
  - id: ask
    title: Ask
    on_enter: ceiling = price + 10
    text:
      - Always shown.
      - if: trust > 60
        text: Shown only while trust is above 60.
    choices:
      - id: ask
        text: Ask what they need
        reveal: [price, ceiling]
        feedback:
          - You asked.
          - if: home < 40
            text: It cost you at home.
        effects: home -= 12
        goto: decide
      - id: guess
        text: Guess
        goto: decide
  - id: decide
    title: Decide
    choices:
      - id: warm
        text: Warm up
        effects: trust += 15
        goto: verdict
      - id: cool
        text: Cool down
        effects: trust -= 15
        goto: verdict
  - id: verdict
    title: Verdict
    choices:
      - id: go
        text: Go ahead
        pick: first
        goto:
          - {scene: away, if: trust < price}
          - {scene: gift, if: trust > ceiling}
          - {scene: impatient, if: home < 35}
          - {scene: deal}
  - {id: away, title: They stay away, ending: {outcome: partial}}
  - {id: gift, title: A gift, ending: {outcome: failure}}
  - {id: impatient, title: Impatient, ending: {outcome: partial}}
  - id: deal
    title: A deal
    ending:
      outcome: success
      debrief:
        - A deal.
        - if: visited.ask and home < 40
          text: You asked, and it cost you at home.
"""


@pytest.fixture(scope="module")
def price(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    path = tmp_path_factory.mktemp("price") / "price.yaml"
    path.write_text(PRICE, encoding="utf-8")
    return load_scenario(path)


def test_a_drawn_start_is_one_of_its_values_and_the_seed_decides_which(price: Scenario) -> None:
    drawn = {Session(price, seed).values["price"] for seed in range(60)}
    assert drawn == {20, 30, 40, 50}  # every value is drawn in some game
    for seed in range(20):
        assert Session(price, seed).values["price"] == Session(price, seed).values["price"]
    opening = Session(price, 3).opening
    start = next(e for e in opening if e.kind == "start")
    assert start.label == "Their price" and start.draw is not None and start.draw.by == "chance"
    assert len(start.draw.possibilities) == 4


def test_every_combination_of_drawn_starts_is_a_possible_start(price: Scenario) -> None:
    starts = price.starting_values()
    assert sorted(v["price"] for v in starts) == [20, 30, 40, 50]


def test_hidden_values_stay_hidden_until_a_choice_reveals_them(price: Scenario) -> None:
    session = Session(price, 1)
    assert [m.id for m in session.visible_meters()] == ["trust", "home"]
    seen = marks_as_seen(price.meter_by_id["trust"], session.values, {"trust", "home"})
    assert [v.known for v in seen] == [False, False, True]
    assert seen[0].text == "below a line you do not know yet: they will not come"
    assert not seen[0].beyond  # whether the value is beyond an unknown line is not given away
    decision = session.choose_id("ask")
    assert decision.events[0].revealed == ("price", "ceiling")
    assert {m.id for m in session.visible_meters()} == {"trust", "price", "ceiling", "home"}
    session.undo()
    assert "price" not in session.revealed  # undo takes the knowledge back too


def test_a_mark_at_another_meters_value_moves_with_it(price: Scenario) -> None:
    session = Session(price, 1)
    line = session.values["price"]
    trust = price.meter_by_id["trust"]
    away = trust.marks[0]
    assert away.line(session.values) == line
    assert away.holds(line - 1, session.values) and not away.holds(line, session.values)
    assert trust.is_bad(away) and trust.is_bad(trust.marks[1])  # 'bad: true' on an above mark


def test_conditional_passages_follow_the_values(price: Scenario) -> None:
    session = Session(price, 1)
    assert session.scene_text == "Always shown."
    session.values["trust"] = 70
    assert session.scene_text == "Always shown.\n\nShown only while trust is above 60."
    decision = Session(price, 1).choose_id("ask")
    assert decision.feedback == "You asked.\n\nIt cost you at home."  # read after the effects


def test_a_first_match_route_explains_why_each_rung_above_failed(price: Scenario) -> None:
    session = Session(price, 2)
    session.choose_id("ask")
    session.choose_id("cool")
    decision = session.choose_id("go")
    route = decision.route
    assert route is not None and route.draw is not None and route.draw.by == "state"
    assert session.scene_id == "away"
    facts = [describe(r, price) for r in route.draw.reasons]
    line = session.values["price"]
    assert facts == [f"Trust was 15: below Their price ({line}): they will not come"]


def test_explain_keeps_only_what_settles_a_condition(price: Scenario) -> None:
    from game.engine.expr import parse_condition
    from game.engine.model import ScenarioNames

    names = ScenarioNames(["trust", "home", "price", "ceiling"], ["a"], [], [])
    values = {"trust": 40, "home": 30, "price": 30, "ceiling": 40, "flags.a": False}
    held = parse_condition("trust >= 30 and (home < 35 or flags.a)", names)
    reasons = explain(held, values, price)
    assert [r.source for r in reasons] == ["trust >= 30", "home < 35"]  # the or: the part that held
    failed = parse_condition("trust > 50 and home > 10", names)
    assert [r.source for r in explain(failed, values, price)] == ["trust > 50"]  # first to fail
    assert describe(explain(parse_condition("home < 35", names), values, price)[0], price) == (
        "Home was 30: below 35: the capital loses patience"
    )


def test_marks_are_checked_when_a_scenario_loads(tmp_path: Path) -> None:
    bad = PRICE.replace("{below: 10, text: they leave}", "{below: 500, text: never}")
    bad = bad.replace("{below: price, text: they will not come}", "{below: nobody, text: x}")
    bad = bad.replace("[{below: 35, text: the capital loses patience}]", "[{text: no side}]")
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    messages = [p.message for p in check_scenario(path).problems]
    assert any("mark 'below 500' of meter 'trust' is outside its range" in m for m in messages)
    assert any("set at meter 'nobody', which is not declared" in m for m in messages)
    assert any("needs exactly one of 'below' or 'above'" in m for m in messages)


def test_a_drawn_start_outside_the_meter_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(PRICE.replace("{min: 20, max: 50, step: 10}", "{min: 60, max: 150}"))
    (problem,) = [p for p in check_scenario(path).problems if p.code == "DT136"]
    assert "starts between 60 and 150" in problem.message


def test_reveal_names_a_meter(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(PRICE.replace("reveal: [price, ceiling]", "reveal: [prize]"))
    (problem,) = check_scenario(path).errors
    assert "'reveal' names 'prize', which is not a meter" in problem.message
    assert "price" in problem.hint
