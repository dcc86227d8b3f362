"""Every move a game can make from many states at once: the session's turn, vectorised.

:class:`Moves` compiles a scenario once for a given :mod:`liveness` (only the values that may
still be read are kept in each scene) and then, for a batch of states standing in one scene,
yields every outcome of every enabled choice (or of one chosen choice per state) with its chance:
the choice's effects, the branch picked (``pick: first``, or drawn by the branch rule), the
branch's effects, the turn counted, the scene entered (its on_enter effects and the news drawn).
Each outcome keeps only the values live in the scene it lands in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from game.engine.chance import BRANCH_DRAW, NEWS_DRAW
from game.engine.model import Scenario

from .liveness import Distinctions, needed
from .vectorised import (
    Columns,
    Vector,
    VectorEffect,
    compile_effects,
    draw_odds,
    holds,
    run_effects,
    take,
    vector,
    weights_of,
)


@dataclass(frozen=True, slots=True)
class Chanced:
    """A branch or a news item: where it may apply, how much it weighs, what it does."""

    condition: Vector | None
    weight: Vector
    effects: tuple[VectorEffect, ...]
    target: int = -1  # the scene a branch leads to


@dataclass(frozen=True, slots=True)
class ChoiceMove:
    index: int
    id: str
    condition: Vector | None
    shown_when_disabled: bool  # it keeps its number on screen while disabled
    effects: tuple[VectorEffect, ...]
    pick: str  # "goto" (one way), "first" or "chance"
    branches: tuple[Chanced, ...]


@dataclass(frozen=True, slots=True)
class Arrival:
    """What entering a scene does: marks it visited, runs on_enter, draws the news."""

    visited: str  # the visited.X name, or "" when nothing reads it
    on_enter: tuple[VectorEffect, ...]
    news: tuple[Chanced, ...]
    live: tuple[str, ...]  # the values kept once there, in a fixed order


@dataclass(frozen=True, slots=True)
class SceneMoves:
    index: int
    id: str
    ending: bool
    choices: tuple[ChoiceMove, ...]
    arrival: Arrival
    counts_turns: bool  # whether entering it needs the turn counted (something reads it later)


@dataclass(slots=True)
class Outcome:
    """States reached by one choice and one chance outcome, from some of a batch's states."""

    target: int
    cols: Columns  # the target's live values
    rows: np.ndarray  # which states of the batch they come from
    choice: int
    chance: np.ndarray  # the probability of this outcome once the choice is taken


@dataclass(slots=True)
class Expansion:
    """What a batch's choices were: which could be taken, and where no choice was open."""

    enabled: list[np.ndarray]  # per choice, where it was enabled
    stuck: np.ndarray  # where no choice was enabled


class Moves:
    """The scenario's moves, compiled for one liveness."""

    def __init__(self, scenario: Scenario, live: Distinctions) -> None:
        self.scenario = scenario
        self.live = live
        self.ids = list(scenario.scenes)
        self.index = {scene_id: i for i, scene_id in enumerate(self.ids)}
        self.scenes = tuple(self._compile(scene_id) for scene_id in self.ids)

    # -- compiling --------------------------------------------------------------------------

    def _compile(self, scene_id: str) -> SceneMoves:
        scenario = self.scenario
        scene = scenario.scenes[scene_id]
        live = self.live
        at = live.at[scene_id]
        news = tuple(
            Chanced(
                vector(n.condition.tree) if n.condition is not None else None,
                vector(n.weight.tree),
                compile_effects(needed(n.effects, at), scenario),
            )
            for n in scene.news
        )
        visited = f"visited.{scene_id}"
        after_on_enter = live.after_on_enter(scene)
        arrival = Arrival(
            visited if visited in after_on_enter else "",
            compile_effects(needed(scene.on_enter, after_on_enter), scenario),
            news,
            tuple(sorted(at)),
        )
        choices = []
        for number, choice in enumerate(scene.choices):
            after_choice = live.after_choice(choice)
            plain = len(choice.branches) == 1 and choice.branches[0].condition is None
            branches = tuple(
                Chanced(
                    vector(b.condition.tree) if b.condition is not None else None,
                    vector(b.weight.tree),
                    compile_effects(needed(b.effects, live.entry[b.scene_id]), scenario),
                    self.index[b.scene_id],
                )
                for b in choice.branches
            )
            choices.append(
                ChoiceMove(
                    number,
                    choice.id,
                    vector(choice.condition.tree) if choice.condition is not None else None,
                    bool(choice.disabled_reason),
                    compile_effects(needed(choice.effects, after_choice), scenario),
                    "goto" if plain else ("first" if choice.pick == "first" else "chance"),
                    branches,
                )
            )
        return SceneMoves(
            self.index[scene_id],
            scene_id,
            scene.ending is not None,
            tuple(choices),
            arrival,
            "turn" in live.entry[scene_id],
        )

    # -- starting ---------------------------------------------------------------------------

    def blocks(self, scene: int) -> dict[str, tuple[int, ...]]:
        """The meters a scene keeps only by block: where each block starts."""
        found = {}
        for name, cuts in self.live.at[self.ids[scene]].items():
            if cuts is not None:
                meter = self.scenario.meter_by_id[name]
                inner = sorted(c for c in cuts if meter.min < c <= meter.max)
                found[name] = (meter.min, *inner)
        return found

    def starts(self) -> list[tuple[Columns, int, np.ndarray]]:
        """The states a game begins in, standing in the start scene: (columns, size, chance)."""
        scenario = self.scenario
        start = self.index[scenario.start]
        wanted = self.live.entry[scenario.start]
        variants = scenario.starting_values()
        cols: Columns = {}
        for name in wanted:
            values = [v.get(name, False) for v in variants]
            dtype = np.bool_ if isinstance(values[0], bool) else np.int64
            cols[name] = np.array(values, dtype=dtype)
        size = len(variants)
        chance = np.full(size, 1.0 / size)
        return [
            (o.cols, len(o.rows), chance[o.rows] * o.chance) for o in self.arrive(start, cols, size)
        ]

    # -- one turn ---------------------------------------------------------------------------

    def expand(
        self, scene: SceneMoves, cols: Columns, size: int, scripted: int | None = None
    ) -> tuple[Expansion, Iterator[Outcome]]:
        """Every outcome of the batch's enabled choices; with ``scripted`` (a choice index, or
        -1 for none), only the outcomes of that choice where it is enabled, else of the first
        enabled one."""
        enabled = [holds(c.condition, cols, size) for c in scene.choices]
        stuck = np.ones(size, dtype=np.bool_)
        for mask in enabled:
            stuck &= ~mask
        chosen = None
        if scripted is not None:
            chosen = np.full(size, -1, dtype=np.int64)
            for index in reversed(range(len(enabled))):  # the first enabled one wins
                chosen[enabled[index]] = index
            if scripted >= 0:
                chosen[enabled[scripted]] = scripted
        return Expansion(enabled, stuck), self._outcomes(scene, cols, size, enabled, chosen)

    def _outcomes(
        self,
        scene: SceneMoves,
        cols: Columns,
        size: int,
        enabled: list[np.ndarray],
        chosen: np.ndarray | None,
    ) -> Iterator[Outcome]:
        for choice, mask in zip(scene.choices, enabled, strict=True):
            if chosen is not None:
                mask = chosen == choice.index
            rows = np.nonzero(mask)[0]
            if len(rows) == 0:
                continue
            after = take(cols, rows)
            n = len(rows)
            run_effects(choice.effects, after, n)
            for branch, chance, picked in self._routes(choice, after, n):
                sub = take(after, picked) if len(picked) != n else dict(after)
                m = len(picked)
                run_effects(branch.effects, sub, m)
                target = self.scenes[branch.target]
                if target.counts_turns:
                    sub["turn"] = sub["turn"] + 1
                for arrived in self.arrive(branch.target, sub, m):
                    yield Outcome(
                        arrived.target,
                        arrived.cols,
                        rows[picked[arrived.rows]],
                        choice.index,
                        chance[arrived.rows] * arrived.chance,
                    )

    def _routes(
        self, choice: ChoiceMove, cols: Columns, size: int
    ) -> Iterator[tuple[Chanced, np.ndarray, np.ndarray]]:
        """Each branch that may be taken, with its chance and the states (rows) taking it."""
        branches = choice.branches
        if choice.pick == "goto":
            yield branches[0], np.ones(size), np.arange(size)
            return
        if choice.pick == "first":
            undecided = np.ones(size, dtype=np.bool_)
            for i, branch in enumerate(branches):
                here = undecided & holds(branch.condition, cols, size)
                if i == len(branches) - 1:
                    here = undecided.copy()  # none held: the last is taken
                undecided &= ~here
                picked = np.nonzero(here)[0]
                if len(picked):
                    yield branch, np.ones(len(picked)), picked
            return
        held = [holds(b.condition, cols, size) for b in branches]
        weights = [weights_of(b.weight, cols, size) for b in branches]
        odds = draw_odds(BRANCH_DRAW, held, weights)
        for branch, chances in zip(branches, odds, strict=True):
            picked = np.nonzero(chances > 0)[0]
            if len(picked):
                yield branch, chances[picked], picked

    def arrive(self, target: int, cols: Columns, size: int) -> Iterator[Outcome]:
        """Enter a scene: visited, on_enter, each news outcome; the values kept are its live
        ones. ``rows`` index the given states; ``chance`` is the news outcome's."""
        scene = self.scenes[target]
        arrival = scene.arrival
        cols = dict(cols)
        if arrival.visited:
            cols[arrival.visited] = np.ones(size, dtype=np.bool_)
        run_effects(arrival.on_enter, cols, size)
        news = arrival.news
        if not news:
            yield Outcome(target, self._kept(arrival, cols), np.arange(size), -1, np.ones(size))
            return
        held = [holds(n.condition, cols, size) for n in news]
        weights = [weights_of(n.weight, cols, size) for n in news]
        odds = draw_odds(NEWS_DRAW, held, weights)
        nothing = ~(odds > 0).any(axis=0)
        for item, chances in zip(news, odds, strict=True):
            picked = np.nonzero(chances > 0)[0]
            if not len(picked):
                continue
            sub = take(cols, picked)
            run_effects(item.effects, sub, len(picked))
            yield Outcome(target, self._kept(arrival, sub), picked, -1, chances[picked])
        rows = np.nonzero(nothing)[0]
        if len(rows):
            yield Outcome(
                target, self._kept(arrival, take(cols, rows)), rows, -1, np.ones(len(rows))
            )

    @staticmethod
    def _kept(arrival: Arrival, cols: Mapping[str, np.ndarray]) -> Columns:
        return {name: cols[name] for name in arrival.live}
