"""Seeded automated playthroughs through the engine's Session, summarised for the author.

The same scenario, seed, number of runs and strategy always give the same report.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from game.engine.chance import Dice
from game.engine.model import Scenario
from game.engine.session import Option, Session

STRATEGIES = ("random", "least-used", "greedy:METER")
_CHOOSER_SALT = 0x5DEECE66D


class StrategyError(ValueError):
    """A strategy name that does not exist or names an unknown meter."""


@dataclass
class MeterStats:
    low: int
    high: int
    total: int = 0

    def add(self, value: int) -> None:
        self.low = min(self.low, value)
        self.high = max(self.high, value)
        self.total += value


@dataclass
class PlaytestReport:
    scenario_id: str
    runs: int
    seed: int
    strategy: str
    max_turns: int
    endings: dict[str, int] = field(default_factory=dict)
    meters: dict[str, dict[str, MeterStats]] = field(default_factory=dict)  # ending -> meter
    scenes_seen: set[str] = field(default_factory=set)
    choices_taken: set[tuple[str, str]] = field(default_factory=set)
    traps: dict[str, int] = field(default_factory=dict)  # runs in which each trap was sprung
    traps_sprung: int = 0
    decisions: int = 0
    stuck: list[tuple[int, str, list[int]]] = field(default_factory=list)  # seed, scene, numbers
    looped: list[tuple[int, list[int]]] = field(default_factory=list)
    seconds: float = 0.0
    unseen_scenes: list[str] = field(default_factory=list)
    untaken_choices: list[tuple[str, str]] = field(default_factory=list)

    @property
    def runs_per_second(self) -> float:
        return self.runs / self.seconds if self.seconds > 0 else float("inf")


Chooser = Callable[[Session, list[Option], Dice], Option]


def make_strategy(name: str, scenario: Scenario) -> Chooser:
    """The function that picks an option for a strategy name; raises StrategyError."""
    if name == "random":
        return lambda session, options, dice: options[int(dice.random() * len(options))]
    if name == "least-used":
        used: dict[tuple[str, str], int] = {}

        def least_used(session: Session, options: list[Option], dice: Dice) -> Option:
            scene_id = session.scene_id
            fewest = min(used.get((scene_id, o.choice.id), 0) for o in options)
            candidates = [o for o in options if used.get((scene_id, o.choice.id), 0) == fewest]
            option = candidates[int(dice.random() * len(candidates))]
            used[(scene_id, option.choice.id)] = fewest + 1
            return option

        return least_used
    if name.startswith("greedy:"):
        meter = scenario.meter_by_id.get(name.partition(":")[2])
        if meter is None:
            known = ", ".join(m.id for m in scenario.meters)
            raise StrategyError(f"no meter '{name.partition(':')[2]}'; meters: {known}")

        def greedy(session: Session, options: list[Option], dice: Dice) -> Option:
            best: list[Option] = []
            best_score = -1.0
            for option in options:
                session.choose(option.number)
                score = meter.goodness(int(session.values[meter.id]))
                session.undo()
                if score > best_score + 1e-9:
                    best, best_score = [option], score
                elif abs(score - best_score) <= 1e-9:
                    best.append(option)
            return best[int(dice.random() * len(best))]

        return greedy
    raise StrategyError(f"unknown strategy '{name}'; use one of: {', '.join(STRATEGIES)}")


def playtest(
    scenario: Scenario,
    runs: int,
    seed: int = 0,
    strategy: str = "random",
    max_turns: int = 200,
    progress: Callable[[int], None] | None = None,
) -> PlaytestReport:
    """Play ``runs`` games with seeds drawn from ``seed`` and summarise them."""
    choose = make_strategy(strategy, scenario)
    report = PlaytestReport(scenario.id, runs, seed, strategy, max_turns)
    seeds = Dice(seed)
    began = time.perf_counter()
    meter_ids = [m.id for m in scenario.meters]
    for run in range(runs):
        run_seed = int(seeds.random() * 2**53)
        session = Session(scenario, run_seed)
        dice = Dice(run_seed ^ _CHOOSER_SALT)
        numbers: list[int] = []
        while not session.ended and len(numbers) < max_turns:
            options = session.enabled_options()
            if not options:
                break
            option = choose(session, options, dice)
            numbers.append(option.number)
            session.choose(option.number)
        report.decisions += len(numbers)
        report.scenes_seen.update(session.visited)
        report.choices_taken.update((d.scene_id, d.choice_id) for d in session.history)
        report.traps_sprung += len(session.sprung)
        for trap in session.sprung:
            report.traps[trap] = report.traps.get(trap, 0) + 1
        if session.ended:
            ending = session.scene_id
            report.endings[ending] = report.endings.get(ending, 0) + 1
            stats = report.meters.setdefault(ending, {})
            for meter_id in meter_ids:
                value = int(session.values[meter_id])
                if meter_id in stats:
                    stats[meter_id].add(value)
                else:
                    stats[meter_id] = MeterStats(value, value, value)
        elif session.stuck:
            report.stuck.append((run_seed, session.scene_id, numbers))
        else:
            report.looped.append((run_seed, numbers))
        if progress is not None:
            progress(run + 1)
    report.seconds = time.perf_counter() - began
    report.unseen_scenes = [s for s in scenario.scenes if s not in report.scenes_seen]
    report.untaken_choices = [
        (scene.id, choice.id)
        for scene in scenario.scenes.values()
        for choice in scene.choices
        if (scene.id, choice.id) not in report.choices_taken
    ]
    return report


def as_dict(report: PlaytestReport, scenario: Scenario) -> dict:
    """The report as plain data (for --format json); runs per second left out (not reproducible)."""
    runs = report.runs or 1
    return {
        "scenario": report.scenario_id,
        "runs": report.runs,
        "seed": report.seed,
        "strategy": report.strategy,
        "max_turns": report.max_turns,
        "endings": {
            scene_id: {
                "runs": count,
                "percent": round(100 * count / runs, 2),
                "outcome": scenario.scenes[scene_id].ending.outcome,  # type: ignore[union-attr]
                "meters": {
                    m: {"min": s.low, "mean": round(s.total / count, 2), "max": s.high}
                    for m, s in report.meters[scene_id].items()
                },
            }
            for scene_id, count in sorted(report.endings.items(), key=lambda kv: -kv[1])
        },
        "endings_never_reached": [e.id for e in scenario.endings if e.id not in report.endings],
        "average_decisions": round(report.decisions / runs, 2),
        "traps_sprung_per_run": round(report.traps_sprung / runs, 3),
        "traps": {t: report.traps.get(t, 0) for t in scenario.traps},
        "unseen_scenes": report.unseen_scenes,
        "untaken_choices": [{"scene": s, "choice": c} for s, c in report.untaken_choices],
        "stuck_runs": [
            {"seed": s, "scene": scene, "numbers": numbers} for s, scene, numbers in report.stuck
        ],
        "looping_runs": [{"seed": s, "numbers": numbers[:20]} for s, numbers in report.looped],
    }
