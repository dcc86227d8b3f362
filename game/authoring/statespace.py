"""The game as a state space: every state one choice can lead to, with every chance outcome.

Follows exactly the rules of :class:`game.engine.session.Session` (effects, branch picking, news
draws, clamping), but returns all possible outcomes instead of drawing one. A state is the scene
plus the values the game can ever read: meters, flags, counters, and ``turn`` and ``visited.X``
only when some expression reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.expr import Effect
from game.engine.model import News, Scenario, Scene
from game.engine.session import news_odds, possible_branches

from .usage import usage

Values = dict[str, int | bool]
State = tuple[str, tuple]  # (scene id, values of the tracked names in order)


@dataclass(frozen=True, slots=True)
class Step:
    """One move: the choice taken (its on-screen number) and the chance outcome that followed."""

    scene_id: str
    number: int
    choice_id: str
    to_scene: str
    chance: bool  # True when the same choice could have led elsewhere


class StateSpace:
    """Successor states of a scenario, for exhaustive search."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        read = set(usage(scenario).reads)
        # Meters always count (their values are reported); flags and counters only when some
        # expression reads them: one that is only ever set cannot change what happens next.
        self.tracked: tuple[str, ...] = (
            *(m.id for m in scenario.meters),
            *(name for name in (f"flags.{f.id}" for f in scenario.flags) if name in read),
            *(name for name in (f"counters.{c.id}" for c in scenario.counters) if name in read),
            *(["turn"] if "turn" in read else []),
            *sorted(name for name in read if name.startswith("visited.")),
        )
        self.track_turn = "turn" in read
        # Names outside the state keep their start value in every state: nothing reads them.
        self.untracked = {
            k: v for k, v in scenario.initial_values().items() if k not in self.tracked
        }
        self.meters = scenario.meter_by_id

    # -- values <-> states ------------------------------------------------------------------

    def state(self, scene_id: str, values: Values) -> State:
        return scene_id, tuple(values.get(name, False) for name in self.tracked)

    def values(self, state: State) -> Values:
        values = dict(self.untracked)
        values.update(zip(self.tracked, state[1], strict=True))
        return values

    # -- the rules ---------------------------------------------------------------------------

    def apply(self, effects: tuple[Effect, ...], values: Values) -> None:
        apply_effect = self.scenario.apply_effect  # the session's own rule, conditions included
        for effect in effects:
            apply_effect(effect, values)

    def news(self, scene: Scene, values: Values) -> list[News | None]:
        """Every news outcome the session could draw here (None: no news)."""
        odds = news_odds(scene, values)
        return [n for n, chance in zip(scene.news, odds, strict=True) if chance > 0] or [None]

    def enter(self, scene_id: str, values: Values) -> list[Values]:
        """The possible values right after entering a scene (one per news outcome)."""
        scene = self.scenario.scenes[scene_id]
        key = f"visited.{scene_id}"
        if key in values or key in self.tracked:
            values[key] = True
        self.apply(scene.on_enter, values)
        outcomes = self.news(scene, values)
        if len(outcomes) == 1 and outcomes[0] is None:
            return [values]
        result = []
        for news in outcomes:
            after = dict(values)
            if news is not None:
                self.apply(news.effects, after)
            result.append(after)
        return result

    def starts(self) -> list[State]:
        """The states a new game can begin in."""
        start = self.scenario.start
        return list(
            dict.fromkeys(
                self.state(start, v)
                for values in self.scenario.starting_values()
                for v in self.enter(start, dict(values))
            )
        )

    def successors(self, state: State) -> list[tuple[Step, State]]:
        """Every (step, next state) from ``state``; empty for endings and dead ends."""
        scene_id = state[0]
        scene = self.scenario.scenes[scene_id]
        if scene.ending is not None:
            return []
        values = self.values(state)
        result: list[tuple[Step, State]] = []
        shown = 0
        for choice in scene.choices:
            enabled = choice.condition is None or bool(choice.condition.evaluate(values))
            if enabled or choice.disabled_reason:
                shown += 1
            if not enabled:
                continue
            after_choice = dict(values)
            self.apply(choice.effects, after_choice)
            outcomes: list[tuple[str, Values]] = []
            for branch in possible_branches(choice, after_choice):
                after = dict(after_choice)
                self.apply(branch.effects, after)
                if self.track_turn:
                    after["turn"] = int(values["turn"]) + 1
                for entered in self.enter(branch.scene_id, after):
                    outcomes.append((branch.scene_id, entered))
            chance = len(outcomes) > 1
            for target, entered in outcomes:
                step = Step(scene_id, shown, choice.id, target, chance)
                result.append((step, self.state(target, entered)))
        return result
