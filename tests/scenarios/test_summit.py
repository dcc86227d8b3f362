"""The summit scenario: it loads cleanly, keeps its teaching promises, and plays fair.

Seeded playthroughs through the engine check what a teacher relies on: every ending and scene can
be reached, every trap can be walked into and avoided, no game gets stuck, a game is a class-sized
number of decisions, and no strategy that pushes a single meter reaches a success ending.
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from game.engine.loader import check_scenario, load_scenario
from game.engine.model import Meter, Scenario
from game.engine.session import Option, Session
from tests.conftest import ROOT, SCENES

SUMMIT = SCENES / "summit"
TEACHING_NOTES = ROOT / "docs" / "teaching-notes.md"
RANDOM_GAMES = 4000
GREEDY_GAMES = 150
BALANCED_GAMES = 400
MAX_TURNS = 40
METER_IDS = [meter.id for meter in load_scenario(SUMMIT).meters]

Picker = Callable[[Session, random.Random], Option]


@dataclass
class Survey:
    """What a batch of seeded games did."""

    endings: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    visited: set[str] = field(default_factory=set)
    sprung: set[str] = field(default_factory=set)
    avoided: set[str] = field(default_factory=set)
    decisions: list[int] = field(default_factory=list)
    stuck: list[int] = field(default_factory=list)
    too_long: list[int] = field(default_factory=list)

    def success_rate(self) -> float:
        return self.outcomes["success"] / max(1, sum(self.outcomes.values()))


def play_game(scenario: Scenario, seed: int, pick: Picker) -> Session:
    """One game to its end (or until it is stuck or too long), choosing with ``pick``."""
    session = Session(scenario, seed=seed)
    chooser = random.Random(seed)
    while not session.ended and not session.stuck and session.turn <= MAX_TURNS:
        session.choose(pick(session, chooser).number)
    return session


def survey(scenario: Scenario, games: int, pick: Picker) -> Survey:
    """Play ``games`` seeded games and collect what they reached."""
    result = Survey()
    for seed in range(games):
        session = play_game(scenario, seed, pick)
        if session.stuck:
            result.stuck.append(seed)
            continue
        if not session.ended:
            result.too_long.append(seed)
            continue
        assert session.ending is not None
        result.endings[session.scene_id] += 1
        result.outcomes[session.ending.outcome] += 1
        result.visited.update(session.visited)
        result.sprung.update(session.sprung)
        result.avoided.update(t for t in session.avoided if t not in session.sprung)
        result.decisions.append(session.turn)
    return result


def pick_uniformly(session: Session, chooser: random.Random) -> Option:
    return chooser.choice(session.enabled_options())


def pick_best(
    session: Session, chooser: random.Random, score: Callable[[Session], float]
) -> Option:
    """Try every enabled option, undo it, and take the best by ``score`` (ties broken by chance)."""
    scored = []
    for option in session.enabled_options():
        session.choose(option.number)
        scored.append((score(session), option))
        session.undo()
    best = max(value for value, _ in scored)
    return chooser.choice([option for value, option in scored if value == best])


def greedy_for(meter: Meter) -> Picker:
    """A player who only ever pushes one meter the right way."""

    def score(session: Session) -> float:
        return meter.goodness(session.values[meter.id])

    return lambda session, chooser: pick_best(session, chooser, score)


def balancing_player(scenario: Scenario) -> Picker:
    """A player who protects whichever visible meter has lost most since the start."""
    meters = [m for m in scenario.meters if not m.hidden]
    start = {m.id: m.goodness(m.start) for m in meters}

    def score(session: Session) -> float:
        return min(m.goodness(session.values[m.id]) - start[m.id] for m in meters)

    return lambda session, chooser: pick_best(session, chooser, score)


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(SUMMIT)


@pytest.fixture(scope="module")
def random_play(scenario: Scenario) -> Survey:
    return survey(scenario, RANDOM_GAMES, pick_uniformly)


def words(text: str) -> str:
    return " ".join(text.split())


# -- the files ---------------------------------------------------------------------------------


def test_summit_loads_without_errors_or_warnings() -> None:
    result = check_scenario(SUMMIT)
    assert result.scenario is not None
    assert [p.format() for p in result.problems] == []


def test_summit_is_campaign_sized(scenario: Scenario) -> None:
    scenes = scenario.scenes.values()
    endings = [s for s in scenes if s.ending is not None]
    decision_points = [s for s in scenes if s.choices]
    assert len(scenario.scenes) >= 30
    assert len(decision_points) >= 20
    assert len(endings) >= 6
    assert {s.ending.outcome for s in endings if s.ending} == {"success", "partial", "failure"}
    assert len(scenario.traps) >= 6


def test_every_ending_has_a_debrief(scenario: Scenario) -> None:
    for scene in scenario.scenes.values():
        if scene.ending is not None:
            assert len(scene.ending.debrief.split()) >= 80, scene.id


def test_every_choice_explains_its_consequence(scenario: Scenario) -> None:
    for scene in scenario.scenes.values():
        for choice in scene.choices:
            assert len(choice.feedback.split()) >= 12, f"{scene.id}.{choice.id}"


def test_fiction_is_declared_up_front(scenario: Scenario) -> None:
    opening = scenario.scenes[scenario.start].text.lower()
    assert "fictional" in scenario.description.lower()
    assert "all characters other than the officials named in the source" in words(opening)


def test_every_trap_has_a_short_lesson_and_its_source_passage(scenario: Scenario) -> None:
    notes = words(TEACHING_NOTES.read_text(encoding="utf-8"))
    for trap in scenario.traps.values():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", words(trap.lesson)) if s]
        assert 2 <= len(sentences) <= 3, trap.id
        assert trap.source, trap.id
        assert words(trap.source) in notes, f"the teaching notes do not quote {trap.id}'s source"


def test_glossary_explains_the_terms_the_game_uses(scenario: Scenario) -> None:
    terms = {entry.term.lower() for entry in scenario.glossary}
    for term in ("bilateral", "trilateral", "concession", "leverage", "isolation", "photo-op"):
        assert term in terms
    for term in ("coordination", "ceasefire", "back channel"):
        assert term in terms


# -- random play ------------------------------------------------------------------------------


def test_random_play_never_gets_stuck_or_runs_long(random_play: Survey) -> None:
    assert random_play.stuck == []
    assert random_play.too_long == []


def test_random_play_reaches_every_ending(scenario: Scenario, random_play: Survey) -> None:
    endings = {s.id for s in scenario.scenes.values() if s.ending is not None}
    assert set(random_play.endings) == endings


def test_random_play_visits_every_scene(scenario: Scenario, random_play: Survey) -> None:
    assert random_play.visited == set(scenario.scenes)


def test_every_trap_is_sprung_in_some_game_and_avoided_in_another(
    scenario: Scenario, random_play: Survey
) -> None:
    assert random_play.sprung == set(scenario.traps)
    assert random_play.avoided == set(scenario.traps)


def test_a_game_takes_a_class_sized_number_of_decisions(random_play: Survey) -> None:
    assert 12 <= statistics.mean(random_play.decisions) <= 20
    assert max(random_play.decisions) <= MAX_TURNS


# -- strategies -------------------------------------------------------------------------------


@pytest.mark.parametrize("meter_id", METER_IDS)
def test_pushing_one_meter_never_reaches_a_success_ending(
    scenario: Scenario, meter_id: str
) -> None:
    greedy = survey(scenario, GREEDY_GAMES, greedy_for(scenario.meter_by_id[meter_id]))
    assert greedy.stuck == [] and greedy.too_long == []
    assert greedy.outcomes["success"] == 0, greedy.endings


def test_balancing_every_party_pays_off(scenario: Scenario, random_play: Survey) -> None:
    balanced = survey(scenario, BALANCED_GAMES, balancing_player(scenario))
    assert balanced.success_rate() >= 0.05, balanced.endings
    assert balanced.success_rate() > 3 * random_play.success_rate()
