"""The summit scenario: it loads cleanly, keeps its teaching promises, and plays fair.

Seeded playthroughs through the engine check what a teacher relies on: every ending and scene can
be reached, every trap can be walked into and avoided, no game gets stuck, a game is a class-sized
number of decisions, no strategy that pushes a single meter reaches a success ending, and a
well-played game usually succeeds. Sampled states check that the player's state, not a hidden coin
flip, decides how the game ends.
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from game.authoring.balance import (
    BalanceReport,
    Targets,
    attentive_choice,
    balance,
    seeds_for,
    verdicts,
)
from game.engine.chance import Dice
from game.engine.debrief import as_markdown, compose
from game.engine.explain import comparisons, threshold_of, unparse
from game.engine.loader import check_scenario, load_scenario
from game.engine.model import Meter, Scenario
from game.engine.session import Option, Session
from tests.conftest import ROOT, SCENES

SUMMIT = SCENES / "summit"
TEACHING_NOTES = ROOT / "docs" / "teaching-notes.md"
RANDOM_GAMES = 4000
GREEDY_GAMES = 150
BALANCE_RUNS = 400  # seeds per automatic player, as the balance targets are stated
SAMPLED_STATES = 500
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


def sampled_states(scenario: Scenario, count: int, seed: int = 0) -> list[dict]:
    """Random values for every meter, flag, counter and visit: states a game might be in."""
    chooser = random.Random(seed)
    template = scenario.initial_values()
    meters = {m.id: m for m in scenario.meters}
    states = []
    for _ in range(count):
        values = dict(template)
        for name, value in template.items():
            if name in meters:
                values[name] = chooser.randint(meters[name].min, meters[name].max)
            elif isinstance(value, bool):
                values[name] = chooser.random() < 0.5
            elif name.startswith("counters."):
                values[name] = chooser.randint(0, 4)
        states.append(values)
    return states


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
            # the game composes the account of the player's own game; the author says what the
            # ending means
            assert len(scene.ending.debrief.source.split()) >= 40, scene.id


def test_every_choice_explains_its_consequence(scenario: Scenario) -> None:
    for scene in scenario.scenes.values():
        for choice in scene.choices:
            assert len(choice.feedback.source.split()) >= 12, f"{scene.id}.{choice.id}"


def test_fiction_is_declared_up_front(scenario: Scenario) -> None:
    opening = scenario.scenes[scenario.start].text.source.lower()
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


# -- the mechanics teach the lessons ---------------------------------------------------------


@pytest.mark.parametrize(
    "meter_id", [m for m in METER_IDS if m not in ("moscow.price", "moscow.ceiling")]
)
def test_pushing_one_meter_almost_never_reaches_a_success_ending(
    scenario: Scenario, meter_id: str
) -> None:
    """No single meter wins: a player who pushes one meter succeeds no more than a rare game (a
    meter few choices move leaves that player choosing at random elsewhere)."""
    greedy = survey(scenario, GREEDY_GAMES, greedy_for(scenario.meter_by_id[meter_id]))
    assert greedy.stuck == [] and greedy.too_long == []
    assert greedy.outcomes["success"] <= 0.02 * GREEDY_GAMES, greedy.endings


@pytest.fixture(scope="module")
def balance_report(scenario: Scenario) -> BalanceReport:
    return balance(scenario, BALANCE_RUNS)


def test_the_balance_targets_hold(balance_report: BalanceReport) -> None:
    """No fixed script wins, careful play does, every trap costs, and random play rarely wins."""
    checks = verdicts(balance_report, Targets())
    unmet = [f"{what}: {figure}" for what, met, figure in checks if not met]
    assert unmet == [], "\n".join(unmet)


def test_every_trap_choice_careful_play_can_meet_is_measured(balance_report: BalanceReport) -> None:
    """Only choices offered after earlier mistakes (a broken promise, partners already lost) may
    go unmeasured: careful play never stands in front of them."""
    unmeasured = {(c.scene_id, c.choice_id) for c in balance_report.trap_costs if not c.taken_in}
    assert unmeasured <= {
        ("moscow_channel", "accept_bilateral_despite_promise"),
        ("kyiv_objects", "kyiv_spoiler"),
        ("europe_objects", "europe_spoiler"),
    }


def test_finding_out_moscows_price_is_what_careful_play_needs(scenario: Scenario) -> None:
    """A fixed script cannot fit Moscow's window for every price; an attentive player who asks
    can. Each price is drawn in some game, and careful play succeeds across all of them."""
    by_price: dict[int, list[bool]] = {}
    for seed in seeds_for(BALANCE_RUNS):
        session = Session(scenario, seed, explain=False)
        dice = Dice(seed)
        while not session.ended:
            option = attentive_choice(session, session.enabled_options(), dice)
            session.choose(option.number)
        assert "moscow.price" in session.revealed  # the attentive player asks
        by_price.setdefault(int(session.values["moscow.price"]), []).append(
            session.ending is not None and session.ending.outcome == "success"
        )
    assert sorted(by_price) == [20, 30, 40, 50]
    for price, wins in by_price.items():
        assert sum(wins) / len(wins) >= 0.5, (price, sum(wins), len(wins))


def test_debriefs_tell_each_game_truthfully(scenario: Scenario) -> None:
    """In a thousand random games the debrief never lists a sprung trap as avoided, names every
    trap walked into with its turn, and states the values that decided the ending."""
    for seed in range(1000):
        session = play_game(scenario, seed, pick_uniformly)
        assert session.ended, seed
        debrief = compose(session)
        sprung = {t.trap.id for t in debrief.sprung}
        avoided = {t.trap.id for t in debrief.avoided}
        assert not sprung & avoided, seed
        assert sprung == {d.trap_id for d in session.history if d.trap_id}, seed
        text = as_markdown(debrief)
        for met in debrief.sprung:
            assert f"turn {met.turn}" in text, seed
        route = session.history[-1].route
        if route is not None and route.draw is not None and route.draw.by == "state":
            picked = route.draw.possibilities[route.draw.picked]
            if picked.reasons:  # every rung but the last says why it held
                assert debrief.reasons, seed
                assert all(any(ch.isdigit() for ch in r) or ":" in r for r in debrief.reasons), seed
            for missed in debrief.missed:
                assert missed.reasons, seed


def test_a_blame_shifting_move_is_followed_by_a_visible_chance_to_repair_it(
    scenario: Scenario,
) -> None:
    repairs = {"pass_to_kyiv": "kyiv_refusals", "echo_obstacle": "obstacle_fallout"}
    repairs |= {"kyiv_spoiler": "spoiler_fallout", "europe_spoiler": "spoiler_fallout"}
    for scene in scenario.scenes.values():
        for choice in scene.choices:
            if choice.trap_id != "blame":
                continue
            assert [b.scene_id for b in choice.branches] == [repairs[choice.id]], choice.id
            repair = scenario.scenes[repairs[choice.id]]
            withdrawing = [
                c
                for c in repair.choices
                if any(e.target == "counters.blame_shift" and e.op == "-=" for e in c.effects)
            ]
            assert withdrawing and len(withdrawing) < len(repair.choices), repair.id


def test_a_party_at_zero_or_a_hundred_changes_what_happens(scenario: Scenario) -> None:
    memo = scenario.scenes["final_memo"]
    values = scenario.initial_values()
    plain = memo.text.render(values)
    for name, value, words_shown in (
        ("trust.moscow", 95, "approvingly"),
        ("trust.kyiv", 5, "no longer returns your calls"),
        ("trust.europe", 5, "stopped briefing you"),
    ):
        changed = memo.text.render({**values, name: value})
        assert words_shown in changed and words_shown not in plain, name
    session = Session(scenario, seed=1)
    session.scene_id = "home_front"
    session.values["trust.moscow"] = 3
    session.choose_id("private_walkaway")
    assert session.scene_id == "moscow_breaks_off"


def test_an_ultimatum_comes_due(scenario: Scenario) -> None:
    session = Session(scenario, seed=1)
    session.scene_id = "home_front"
    session.values["trust.moscow"] = 60
    session.values["standing.home"] = 50
    session.choose_id("ultimatum")
    assert session.scene_id == "deadline_passes"
    assert session.values["flags.ultimatum"] is True


def test_every_week_without_a_timetable_is_counted_and_a_timetable_stops_it(
    scenario: Scenario,
) -> None:
    session = Session(scenario, seed=2)
    session.scene_id = "demands"
    before = session.values["weeks"]
    session.choose_id("halt_first")
    assert session.values["weeks"] == before + 1  # the next scene added a week
    session.values["flags.timetable"] = True
    before = session.values["weeks"]
    session.choose(1)
    assert session.values["weeks"] == before


def test_every_ending_rung_is_a_line_the_player_can_see(scenario: Scenario) -> None:
    """The ladders of the final recommendation turn on marks (Moscow's lines once found out),
    on the blame-shift count, or on the hidden gains meter whose lesson is that it was hidden."""
    for choice in scenario.scenes["final_memo"].choices:
        assert choice.pick == "first"
        for branch in choice.branches:
            if branch.condition is None:
                continue
            for node in comparisons(branch.condition.tree):
                meter, mark = threshold_of(node, scenario)
                if meter is not None and meter.id != "kremlin.gains":
                    assert mark is not None, (choice.id, branch.scene_id, unparse(node))


def test_a_secret_channel_always_leaks(scenario: Scenario) -> None:
    choices = scenario.scenes["time_offer"].choices
    for values in sampled_states(scenario, 500):
        for choice in choices:
            taken = [
                b.scene_id
                for b in choice.branches
                if b.condition is None or b.condition.evaluate(values)
            ]
            expected = "leak_fallout" if values["flags.secret_channel"] else "venue_question"
            assert taken == [expected], choice.id


def test_any_proposal_to_halt_the_fighting_unlocks_rounds_tied_to_the_ground(
    scenario: Scenario,
) -> None:
    """The rounds tied to checkable steps need "a proposal to halt the fighting": any of them."""
    halts = {
        "back_channel_talks": "test_halt",
        "demands": "halt_first",
        "ceasefire_design": "monitored_halt",
    }
    halts_too = {"ceasefire_design": "freeze_now"}
    for scene_id, choice_id in [*halts.items(), *halts_too.items()]:
        choice = next(c for c in scenario.scenes[scene_id].choices if c.id == choice_id)
        values = scenario.initial_values()
        for effect in choice.effects:
            scenario.apply_effect(effect, values)
        assert values["flags.ceasefire_proposal"] is True, choice_id


def test_emphasis_opens_and_closes_on_the_same_line(scenario: Scenario) -> None:
    texts = []
    for scene in scenario.scenes.values():
        texts.append(scene.text.source)
        texts.extend(news.text for news in scene.news)
        if scene.ending is not None:
            texts.append(scene.ending.debrief.source)
        for choice in scene.choices:
            texts.append(choice.feedback.source)
            texts.extend(branch.text for branch in choice.branches)
    for text in texts:
        for line in text.splitlines():
            assert line.count("**") % 2 == 0, line
            assert line.replace("**", "").count("*") % 2 == 0, line


@pytest.mark.parametrize(
    ("scene_id", "choice_id"),
    [("kyiv_objects", "repair_with_kyiv"), ("europe_objects", "joint_line")],
)
def test_a_public_repair_withdraws_one_finger_pointed(
    scenario: Scenario, scene_id: str, choice_id: str
) -> None:
    session = Session(scenario, seed=1)
    session.scene_id = scene_id  # stand in the scene as a player would after pointing once
    session.values["counters.blame_shift"] = 1
    session.choose_id(choice_id)
    assert session.values["counters.blame_shift"] == 0
    session.values["counters.blame_shift"] = 0
    session.scene_id = scene_id
    session.choose_id(choice_id)
    assert session.values["counters.blame_shift"] == 0  # never below zero
