"""A game in progress: the state, the choices on offer, applying a choice, history, undo, endings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from .chance import Dice
from .expr import Effect
from .model import Branch, Choice, Ending, News, Scenario, Scene

Chanced = TypeVar("Chanced", Branch, News)

Value = int | bool


@dataclass(frozen=True, slots=True)
class Change:
    """One value moved, and why: ``cause`` is 'choice', 'chance', 'news' or 'scene'."""

    name: str
    before: Value
    after: Value
    cause: str
    detail: str = ""

    @property
    def delta(self) -> int:
        return int(self.after) - int(self.before)


@dataclass(frozen=True, slots=True)
class Bulletin:
    """News that changed the ground, drawn by chance."""

    headline: str
    text: str


@dataclass(frozen=True, slots=True)
class Option:
    """A choice as offered now: its number on screen, and whether it can be taken."""

    number: int
    choice: Choice
    enabled: bool
    reason: str = ""

    @property
    def text(self) -> str:
        return self.choice.text


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything needed to put the game back where it was."""

    scene_id: str
    values: dict[str, Value]
    visited: tuple[str, ...]
    dice: int
    sprung: tuple[str, ...]
    avoided: tuple[str, ...]
    bulletins: tuple[Bulletin, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    """One turn: what was chosen where, what it changed and what happened by chance."""

    turn: int
    scene_id: str
    choice_id: str
    choice_text: str
    feedback: str
    trap_id: str | None
    to_scene: str
    changes: tuple[Change, ...]
    bulletins: tuple[Bulletin, ...]
    before: Snapshot = field(repr=False)

    def meter_changes(self, scenario: Scenario) -> dict[str, int]:
        """The net change of each meter over this turn (meters that did not move are left out)."""
        return net_meter_changes(self.changes, scenario)


def net_meter_changes(changes: Iterable[Change], scenario: Scenario) -> dict[str, int]:
    """The net change of each meter over some changes, in order of first move (no zero moves)."""
    net: dict[str, int] = {}
    for change in changes:
        if change.name in scenario.meter_by_id:
            net[change.name] = net.get(change.name, 0) + change.delta
    return {name: delta for name, delta in net.items() if delta}


def candidates(
    items: Sequence[Chanced], values: Mapping[str, Value]
) -> list[tuple[Chanced, float]]:
    """The branches or news items whose ``if`` holds now, each with its weight (below zero: 0).

    The one place that says what chance may draw from; the session draws among them and the
    authoring tools enumerate them.
    """
    return [
        (item, max(0.0, float(item.weight.evaluate(values))))
        for item in items
        if item.condition is None or item.condition.evaluate(values)
    ]


class GameOver(Exception):
    """Raised when a choice is asked of a game that has ended."""


class ChoiceUnavailable(Exception):
    """Raised when the chosen option does not exist or is disabled."""


class Session:
    """A game of one scenario: ask it for options, give it choices, read its state."""

    def __init__(self, scenario: Scenario, seed: int | None = None) -> None:
        self.scenario = scenario
        self.seed = Dice.new_seed() if seed is None else seed
        self.dice = Dice(self.seed)
        self.values: dict[str, Value] = scenario.initial_values()
        self.visited: list[str] = []
        self.sprung: list[str] = []
        self.avoided: list[str] = []
        self.history: list[Decision] = []
        self.scene_id = scenario.start
        changes: list[Change] = []
        self.bulletins: tuple[Bulletin, ...] = self._enter(scenario.start, changes)
        self.opening: tuple[Change, ...] = tuple(changes)

    # -- reading -----------------------------------------------------------------------------

    @property
    def scene(self) -> Scene:
        return self.scenario.scenes[self.scene_id]

    @property
    def turn(self) -> int:
        return len(self.history)

    @property
    def ended(self) -> bool:
        return self.scene.ending is not None

    @property
    def ending(self) -> Ending | None:
        return self.scene.ending

    @property
    def last(self) -> Decision | None:
        return self.history[-1] if self.history else None

    def meters(self) -> dict[str, int]:
        """The current value of every meter, by id."""
        return {m.id: int(self.values[m.id]) for m in self.scenario.meters}

    def meter_series(self) -> dict[str, list[int]]:
        """Each meter's value at the start and after every turn, for charts."""
        series: dict[str, list[int]] = {m.id: [] for m in self.scenario.meters}
        states = [d.before.values for d in self.history] + [self.values]
        for values in states:
            for meter_id, points in series.items():
                points.append(int(values[meter_id]))
        return series

    def options(self) -> list[Option]:
        """The choices shown in this scene, numbered; failed conditions hide or disable them."""
        shown: list[Option] = []
        for choice in self.scene.choices:
            if choice.condition is None or choice.condition.evaluate(self.values):
                shown.append(Option(len(shown) + 1, choice, True))
            elif choice.disabled_reason:
                shown.append(Option(len(shown) + 1, choice, False, choice.disabled_reason))
        return shown

    def enabled_options(self) -> list[Option]:
        return [o for o in self.options() if o.enabled]

    @property
    def stuck(self) -> bool:
        """True when the game has not ended but no choice can be taken (a scenario mistake)."""
        return not self.ended and not self.enabled_options()

    # -- playing -----------------------------------------------------------------------------

    def choose(self, number: int) -> Decision:
        """Take the option with this on-screen number; return what happened."""
        if self.ended:
            raise GameOver("the game has ended")
        options = self.options()
        if not 1 <= number <= len(options):
            raise ChoiceUnavailable(f"there is no choice {number}; choose 1–{len(options)}")
        option = options[number - 1]
        if not option.enabled:
            raise ChoiceUnavailable(option.reason or "that choice is not available")
        return self._take(option.choice, options)

    def choose_id(self, choice_id: str) -> Decision:
        """Take the choice with this id (for replays and tools)."""
        for option in self.options():
            if option.choice.id == choice_id:
                return self.choose(option.number)
        raise ChoiceUnavailable(f"no choice '{choice_id}' is offered in scene '{self.scene_id}'")

    def _take(self, choice: Choice, options: list[Option]) -> Decision:
        before = self.snapshot()
        scene_id = self.scene_id
        changes: list[Change] = []
        self._apply(choice.effects, "choice", choice.text, changes)
        branch = self._pick_branch(choice)
        bulletins: list[Bulletin] = []
        if branch.headline:
            bulletins.append(Bulletin(branch.headline, branch.text))
        self._apply(branch.effects, "chance", branch.headline, changes)
        if choice.trap_id and choice.trap_id not in self.sprung:
            self.sprung.append(choice.trap_id)
            if choice.trap_id in self.avoided:  # stepped around once, walked into later
                self.avoided.remove(choice.trap_id)
        for option in options:
            trap = option.choice.trap_id
            if (
                option.enabled
                and trap
                and trap != choice.trap_id
                and trap not in self.sprung
                and trap not in self.avoided
            ):
                self.avoided.append(trap)
        self.values["turn"] = len(self.history) + 1
        bulletins.extend(self._enter(branch.scene_id, changes))
        self.bulletins = tuple(bulletins)
        decision = Decision(
            turn=len(self.history) + 1,
            scene_id=scene_id,
            choice_id=choice.id,
            choice_text=choice.text,
            feedback=choice.feedback,
            trap_id=choice.trap_id,
            to_scene=branch.scene_id,
            changes=tuple(changes),
            bulletins=self.bulletins,
            before=before,
        )
        self.history.append(decision)
        return decision

    def _pick_branch(self, choice: Choice):
        branches = candidates(choice.branches, self.values)
        if not branches:
            return choice.branches[-1]
        if len(branches) == 1:
            return branches[0][0]
        return branches[self.dice.pick([weight for _, weight in branches])][0]

    def _enter(self, scene_id: str, changes: list[Change]) -> tuple[Bulletin, ...]:
        self.scene_id = scene_id
        scene = self.scenario.scenes[scene_id]
        self.visited.append(scene_id)
        self.values[f"visited.{scene_id}"] = True
        self._apply(scene.on_enter, "scene", scene.title, changes)
        news = self._draw_news(scene.news)
        if news is None:
            return ()
        self._apply(news.effects, "news", news.headline, changes)
        return (Bulletin(news.headline, news.text),) if news.headline else ()

    def _draw_news(self, pool: tuple[News, ...]) -> News | None:
        eligible = candidates(pool, self.values)
        weights = [weight for _, weight in eligible]
        if sum(weights) <= 0:
            return None
        if len(eligible) == 1:
            return eligible[0][0]
        return eligible[self.dice.pick(weights)][0]

    def _apply(
        self, effects: tuple[Effect, ...], cause: str, detail: str, changes: list[Change]
    ) -> None:
        values = self.values
        apply_effect = self.scenario.apply_effect
        for effect in effects:
            old = apply_effect(effect, values)
            if old is not None:
                changes.append(Change(effect.target, old, values[effect.target], cause, detail))

    # -- undo --------------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        return Snapshot(
            self.scene_id,
            dict(self.values),
            tuple(self.visited),
            self.dice.state,
            tuple(self.sprung),
            tuple(self.avoided),
            self.bulletins,
        )

    def restore(self, snapshot: Snapshot) -> None:
        self.scene_id = snapshot.scene_id
        self.values = dict(snapshot.values)
        self.visited = list(snapshot.visited)
        self.dice.state = snapshot.dice
        self.sprung = list(snapshot.sprung)
        self.avoided = list(snapshot.avoided)
        self.bulletins = snapshot.bulletins

    @property
    def can_undo(self) -> bool:
        return bool(self.history)

    def undo(self) -> Decision | None:
        """Take back the last choice; return it, or None when there is nothing to undo."""
        if not self.history:
            return None
        decision = self.history.pop()
        self.restore(decision.before)
        return decision
