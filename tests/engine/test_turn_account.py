"""A turn is data: every change carries its cause, and the account and the debrief composed from
the events say what happened in this game, never what a fixed text assumes."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.account import account
from game.engine.debrief import as_markdown, compose
from game.engine.loader import load_scenario
from game.engine.model import Scenario
from game.engine.session import Session

CAUSES = """\
id: causes
title: Causes
start: first
meters:
  - {id: trust, label: Trust, start: 95}
  - {id: secret, label: Secret, start: 50, hidden: true}
  - {id: blame, label: Blame, start: 10, good: low, marks: [{above: 40, text: blamed}]}
traps:
  - {id: bait, name: The bait, lesson: It bites later. Do not., source: A source line.}
scenes:
  - id: first
    title: First
    choices:
      - id: push
        text: Push
        effects: [trust += 10, secret += 5]
        goto: second
      - id: bait
        text: Take the bait
        trap: bait
        effects: blame += 40
        goto: second
      - id: whisper
        text: Whisper
        effects: secret += 3
        goto: second
  - id: second
    title: Second
    on_enter: trust -= 3
    news:
      - {headline: A storm, weight: 1, effects: blame += 5}
    choices:
      - id: quiet
        text: Stay quiet
        effects: secret -= 1
        goto:
          - {scene: calm, if: blame <= 40}
          - {scene: storm, if: blame > 40}
        pick: first
      - id: bait_again
        text: The bait again
        trap: bait
        goto: calm
  - id: calm
    title: Calm
    ending: {outcome: success, debrief: Calm it was.}
  - id: storm
    title: Storm
    ending: {outcome: failure, debrief: A storm it was.}
"""


@pytest.fixture(scope="module")
def causes(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    path: Path = tmp_path_factory.mktemp("causes") / "causes.yaml"
    path.write_text(CAUSES, encoding="utf-8")
    return load_scenario(path)


def test_each_change_belongs_to_the_event_that_caused_it(causes: Scenario) -> None:
    session = Session(causes, 1)
    decision = session.choose_id("push")
    kinds = [(e.kind, [c.name for c in e.changes]) for e in decision.events]
    assert kinds == [("choice", ["trust", "secret"]), ("enter", ["trust"]), ("news", ["blame"])]


def test_the_account_says_what_the_choice_did_apart_from_arrival_and_news(
    causes: Scenario,
) -> None:
    session = Session(causes, 1)
    decision = session.choose_id("push")
    parts = account(decision.events, session)
    choice, arrival, news = parts
    assert choice.heading == "What your choice did"
    assert [(m.meter.id, m.delta, m.bound) for m in choice.moves] == [("trust", 5, "maximum")]
    assert choice.moves[0].words() == "up 5, better, cut short at its maximum (100)"
    assert choice.hidden_moved  # the hidden meter moved too, and the player is told so
    assert arrival.heading == "On arriving at Second" and arrival.moves[0].delta == -3
    assert news.heading == "News: A storm" and news.moves[0].delta == 5


def test_a_choice_that_moves_only_hidden_values_says_so(causes: Scenario) -> None:
    session = Session(causes, 1)
    decision = session.choose_id("whisper")
    choice = account(decision.events, session)[0]
    assert choice.moves == () and choice.hidden_moved


def test_a_route_decided_by_the_state_gives_the_facts(causes: Scenario) -> None:
    session = Session(causes, 1)
    session.choose_id("push")
    decision = session.choose_id("quiet")
    route = account(decision.events, session)[1]
    assert route.heading == "Where it led: on to 'Calm'"
    assert route.reasons == ("Blame was 15, not above 40 (blamed)",)


def test_a_hidden_value_is_shown_in_the_debrief(causes: Scenario) -> None:
    session = Session(causes, 1)
    session.choose_id("push")
    session.choose_id("quiet")
    debrief = compose(session)
    assert debrief.hidden == ("Secret (hidden during play) ended at 54.",)


def test_the_debrief_never_calls_a_sprung_trap_avoided(causes: Scenario) -> None:
    session = Session(causes, 1)
    session.choose_id("push")  # the bait was on offer: stepped around
    assert [t.trap.id for t in compose_after(session, "bait_again").sprung] == ["bait"]


def compose_after(session: Session, choice_id: str):
    session.choose_id(choice_id)
    debrief = compose(session)
    assert debrief.avoided == ()  # walked into on turn 2, so never "avoided"
    return debrief


def test_the_debrief_names_the_turn_the_choice_and_the_source_of_each_trap(
    causes: Scenario,
) -> None:
    session = Session(causes, 1)
    session.choose_id("bait")
    session.choose_id("quiet")
    debrief = compose(session)
    (met,) = debrief.sprung
    assert (met.turn, met.choice, met.scene_title) == (1, "Take the bait", "First")
    text = as_markdown(debrief)
    assert "*The bait* (turn 1, 'Take the bait')" in text and "Source: “A source line.”" in text
    assert debrief.decided.startswith("After 'Stay quiet', the state of your game decided")
    assert debrief.reasons == ("Blame was 55: above 40: blamed",)
    assert debrief.marks == ("Blame ended at 55: above 40: blamed.",)


def test_a_better_ending_missed_is_explained_by_its_own_condition(causes: Scenario) -> None:
    session = Session(causes, 1)
    session.choose_id("bait")
    session.choose_id("quiet")
    (missed,) = compose(session).missed
    assert (missed.title, missed.outcome) == ("Calm", "success")
    assert missed.reasons == ("Blame was 55: above 40: blamed",)


def test_a_chance_ending_is_called_chance_with_its_odds() -> None:
    scenario = load_scenario(Path(__file__).parents[2] / "scenes" / "tutorial")
    session = Session(scenario, 7)
    for choice_id in ("call_ally", "joint_position", "wait"):
        session.choose_id(choice_id)
    debrief = compose(session)
    assert debrief.decided.startswith(
        "After 'Wait for the reply.', chance decided: this ending had a"
    )
    assert "%" in debrief.decided and debrief.reasons == ()
