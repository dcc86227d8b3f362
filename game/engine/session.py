"""A game in progress: the state, the choices on offer, applying a choice, history, undo, endings.

Every turn is recorded as data (:class:`Decision` with its :class:`Event` list): the choice's own
effects, how the route was picked and why, the scene entered, the news drawn, each with the values
it changed. Front ends, play records, exports and replays read that record; none rebuilds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from .chance import BRANCH_DRAW, NEWS_DRAW, Dice, weight_of
from .explain import Reason, explain
from .expr import Effect
from .model import Branch, Choice, Ending, Meter, News, Scenario, Scene

Chanced = TypeVar("Chanced", Branch, News)

Value = int | bool

# What caused an event (and each change in it).
START = "start"  # a starting value drawn by chance
CHOICE = "choice"  # the choice's own effects
ROUTE = "route"  # where the choice led: a branch picked by chance or by the state, with its effects
ENTER = "enter"  # arriving in a scene: its on_enter effects
NEWS = "news"  # a news item drawn on arrival
CAUSES = (START, CHOICE, ROUTE, ENTER, NEWS)


@dataclass(frozen=True, slots=True)
class Change:
    """One value moved: from ``before`` to ``after``; ``wanted`` is where the effect aimed when a
    meter's bound stopped it short. ``cause`` is the kind of event it belongs to."""

    name: str
    before: Value
    after: Value
    cause: str
    detail: str = ""
    wanted: Value | None = None

    @property
    def delta(self) -> int:
        return int(self.after) - int(self.before)

    @property
    def cut_short(self) -> bool:
        """Whether a meter's bound stopped the change before the effect's full amount."""
        return self.wanted is not None and self.wanted != self.after


@dataclass(frozen=True, slots=True)
class Possibility:
    """One branch or news item that could have been picked, with its weight then (0 when its
    ``if`` failed) and, when the state decided, the facts that made its ``if`` hold or fail."""

    label: str
    weight: float
    held: bool = True
    scene_id: str = ""  # where a branch leads
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class Draw:
    """How a route or a news item was picked: by chance among weights, or by the state alone."""

    by: str  # "chance" or "state"
    possibilities: tuple[Possibility, ...]
    picked: int

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Why the picked possibility held (by state)."""
        return self.possibilities[self.picked].reasons

    @property
    def probability(self) -> float:
        """The chance the picked possibility had (1.0 when the state decided)."""
        if self.by != "chance":
            return 1.0
        total = sum(p.weight for p in self.possibilities if p.held)
        return self.possibilities[self.picked].weight / total if total > 0 else 1.0


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened in a turn, with its cause and the values it changed."""

    kind: str  # one of CAUSES
    label: str  # the choice's text, the scene's title, the headline or the meter drawn
    scene_id: str = ""  # the scene it happened in (CHOICE) or led to (ROUTE, ENTER, NEWS)
    changes: tuple[Change, ...] = ()
    revealed: tuple[str, ...] = ()  # meters the player can see from now on
    headline: str = ""  # a bulletin shown to the player
    text: str = ""
    draw: Draw | None = None

    @property
    def bulletin(self) -> Bulletin | None:
        return Bulletin(self.headline, self.text) if self.headline else None


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
    revealed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Decision:
    """One turn: what was chosen where, and everything that followed, as events."""

    turn: int
    scene_id: str
    choice_id: str
    choice_text: str
    feedback: str  # as the player read it (conditional passages resolved)
    trap_id: str | None
    to_scene: str
    events: tuple[Event, ...]
    before: Snapshot = field(repr=False)
    declined: tuple[str, ...] = ()  # traps offered this turn on other choices, not taken

    @property
    def changes(self) -> tuple[Change, ...]:
        """Every change of the turn, in order."""
        return tuple(c for e in self.events for c in e.changes)

    @property
    def bulletins(self) -> tuple[Bulletin, ...]:
        """The news the player read on arriving (chance branches' and news items')."""
        return tuple(b for e in self.events if (b := e.bulletin) is not None)

    @property
    def route(self) -> Event | None:
        """How the choice's destination was picked, when it could have gone elsewhere."""
        return next((e for e in self.events if e.kind == ROUTE), None)

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


def weights_now(items: Sequence[Chanced], values: Mapping[str, Value]) -> list[float | None]:
    """Each branch's or news item's weight now, or None where its ``if`` fails: what a
    :class:`~game.engine.chance.DrawRule` draws from."""
    return [
        float(item.weight.evaluate(values))
        if item.condition is None or item.condition.evaluate(values)
        else None
        for item in items
    ]


def candidates(
    items: Sequence[Chanced], values: Mapping[str, Value]
) -> list[tuple[Chanced, float]]:
    """The branches or news items whose ``if`` holds now, each with its weight as chance reads
    it (below zero: 0)."""
    return [
        (item, weight_of(w))
        for item, w in zip(items, weights_now(items, values), strict=True)
        if w is not None
    ]


def first_holding(branches: Sequence[Branch], values: Mapping[str, Value]) -> int:
    """For ``pick: first``: the index of the first branch whose ``if`` holds (else the last)."""
    for index, branch in enumerate(branches):
        if branch.condition is None or branch.condition.evaluate(values):
            return index
    return len(branches) - 1


def route_odds(choice: Choice, values: Mapping[str, Value]) -> list[float]:
    """The chance of each of a choice's branches now (after the choice's own effects): the rule
    :meth:`Session._route` follows, for tools that weigh every outcome instead of drawing one."""
    branches = choice.branches
    if choice.pick == "first":
        picked = first_holding(branches, values)
        return [1.0 if i == picked else 0.0 for i in range(len(branches))]
    return BRANCH_DRAW.odds(weights_now(branches, values))


def news_odds(scene: Scene, values: Mapping[str, Value]) -> list[float]:
    """The chance of each of a scene's news items on entering it (all 0: no news)."""
    return NEWS_DRAW.odds(weights_now(scene.news, values))


def possible_branches(choice: Choice, values: Mapping[str, Value]) -> list[Branch]:
    """Every branch the session could take for this choice now."""
    odds = route_odds(choice, values)
    return [b for b, chance in zip(choice.branches, odds, strict=True) if chance > 0]


class GameOver(Exception):
    """Raised when a choice is asked of a game that has ended."""


class ChoiceUnavailable(Exception):
    """Raised when the chosen option does not exist or is disabled."""


class Session:
    """A game of one scenario: ask it for options, give it choices, read its state.

    ``explain`` records why the state decided each route (the facts behind a debrief); tools that
    play thousands of games turn it off. ``dice`` replaces the seeded dice (for tools that steer
    chance to follow a known path). ``start`` opens the game in another scene than the scenario's
    start (an author's debug game; see :mod:`game.engine.debug`).
    """

    def __init__(
        self,
        scenario: Scenario,
        seed: int | None = None,
        explain: bool = True,
        dice: Dice | None = None,
        start: str | None = None,
    ) -> None:
        self.scenario = scenario
        self.seed = Dice.new_seed() if seed is None else seed
        self.dice = Dice(self.seed) if dice is None else dice  # tools may steer chance
        self.explain = explain
        self.values: dict[str, Value] = scenario.initial_values()
        self.visited: list[str] = []
        self.sprung: list[str] = []
        self.avoided: list[str] = []
        self.revealed: list[str] = []
        self.history: list[Decision] = []
        self.scene_id = scenario.start
        events = self._draw_starts()
        events.extend(self._enter(start or scenario.start))
        self.opening: tuple[Event, ...] = tuple(events)

    # -- reading -----------------------------------------------------------------------------

    @property
    def scene(self) -> Scene:
        return self.scenario.scenes[self.scene_id]

    @property
    def scene_text(self) -> str:
        """The scene's narrative as the player reads it now (conditional passages resolved)."""
        return self.scene.text.render(self.values)

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

    @property
    def events(self) -> tuple[Event, ...]:
        """What happened on the way to the scene on screen: the last turn's, or the opening's."""
        return self.history[-1].events if self.history else self.opening

    @property
    def bulletins(self) -> tuple[Bulletin, ...]:
        """The news the player reads on arriving in the scene on screen."""
        return tuple(b for e in self.events if (b := e.bulletin) is not None)

    def is_visible(self, meter: Meter) -> bool:
        """Whether the player sees this meter now: shown, revealed, or the game is over."""
        return not meter.hidden or meter.id in self.revealed or self.ended

    def visible_meters(self) -> list[Meter]:
        return [m for m in self.scenario.meters if self.is_visible(m)]

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
        events: list[Event] = []
        changes = self._apply(choice.effects, CHOICE, choice.text)
        revealed = self._reveal(choice.reveals)
        feedback = choice.feedback.render(self.values)
        events.append(Event(CHOICE, choice.text, scene_id, changes, revealed))
        branch, draw = self._route(choice)
        route_changes = self._apply(branch.effects, ROUTE, branch.headline)
        route_revealed = self._reveal(branch.reveals)
        if draw is not None or route_changes or route_revealed or branch.headline:
            target = self.scenario.scenes[branch.scene_id].title
            events.append(
                Event(
                    ROUTE,
                    branch.headline or target,
                    branch.scene_id,
                    route_changes,
                    route_revealed,
                    branch.headline,
                    branch.text,
                    draw,
                )
            )
        declined = self._note_traps(choice, options)
        self.values["turn"] = len(self.history) + 1
        events.extend(self._enter(branch.scene_id))
        decision = Decision(
            turn=len(self.history) + 1,
            scene_id=scene_id,
            choice_id=choice.id,
            choice_text=choice.text,
            feedback=feedback,
            trap_id=choice.trap_id,
            to_scene=branch.scene_id,
            events=tuple(events),
            before=before,
            declined=declined,
        )
        self.history.append(decision)
        return decision

    def jump(self, scene_id: str, label: str) -> Decision:
        """Go straight to a scene, as if a choice led there (an author's debug jump): its
        ``on_enter`` effects and news happen, and undo takes it back like a turn."""
        before = self.snapshot()
        scene_id_before = self.scene_id
        self.values["turn"] = len(self.history) + 1
        events = self._enter(scene_id)
        decision = Decision(
            turn=len(self.history) + 1,
            scene_id=scene_id_before,
            choice_id="",
            choice_text=label,
            feedback="",
            trap_id=None,
            to_scene=scene_id,
            events=tuple(events),
            before=before,
        )
        self.history.append(decision)
        return decision

    def _note_traps(self, choice: Choice, options: list[Option]) -> tuple[str, ...]:
        """Record the trap this choice springs and the ones stepped around; return the latter."""
        if choice.trap_id and choice.trap_id not in self.sprung:
            self.sprung.append(choice.trap_id)
            if choice.trap_id in self.avoided:  # stepped around once, walked into later
                self.avoided.remove(choice.trap_id)
        declined: list[str] = []
        for option in options:
            trap = option.choice.trap_id
            if option.enabled and trap and trap != choice.trap_id and trap not in declined:
                declined.append(trap)
                if trap not in self.sprung and trap not in self.avoided:
                    self.avoided.append(trap)
        return tuple(declined)

    def _route(self, choice: Choice) -> tuple[Branch, Draw | None]:
        """Where the choice leads now, and how that was decided (None for a plain goto)."""
        branches = choice.branches
        if len(branches) == 1 and branches[0].condition is None:
            return branches[0], None
        values = self.values
        if choice.pick == "first":
            picked = first_holding(branches, values)
            weights = [1.0 if i == picked else 0.0 for i in range(len(branches))]
            held = [i == picked for i in range(len(branches))]
            explained = range(picked + 1)  # the ones that failed before it, and it
            return branches[picked], Draw(
                "state", self._possibilities(branches, weights, held, explained), picked
            )
        found = weights_now(branches, values)
        picked = BRANCH_DRAW.draw(found, self.dice)
        assert picked is not None  # a branch is always taken
        weights = [weight_of(w) for w in found]
        held = [w is not None for w in found]
        possible = sum(1 for w, h in zip(weights, held, strict=True) if h and w > 0)
        by = "chance" if possible > 1 else "state"
        explained = () if by == "chance" else (picked,)
        return branches[picked], Draw(
            by, self._possibilities(branches, weights, held, explained), picked
        )

    def _possibilities(
        self,
        branches: Sequence[Branch],
        weights: Sequence[float],
        held: Sequence[bool],
        explained: Iterable[int],
    ) -> tuple[Possibility, ...]:
        """The branches as possibilities; those in ``explained`` with why their ``if`` held or
        failed (when the session explains)."""
        explained = set(explained) if self.explain else set()
        scenes = self.scenario.scenes
        return tuple(
            Possibility(
                scenes[branch.scene_id].title,
                weights[i],
                held[i],
                branch.scene_id,
                explain(branch.condition, self.values, self.scenario)
                if i in explained and branch.condition is not None
                else (),
            )
            for i, branch in enumerate(branches)
        )

    def _draw_starts(self) -> list[Event]:
        """Draw the starting values a scenario leaves to chance (hidden information)."""
        events = []
        for meter in self.scenario.meters:
            if not meter.drawn:
                continue
            choices = meter.start_values
            picked = self.dice.pick([1.0] * len(choices))  # every start equally likely
            before = self.values[meter.id]
            self.values[meter.id] = choices[picked]
            change = Change(meter.id, before, choices[picked], START, meter.label)
            possibilities = tuple(Possibility(str(v), 1.0) for v in choices)
            events.append(
                Event(
                    START,
                    meter.label,
                    self.scenario.start,
                    (change,),
                    (),
                    "",
                    "",
                    Draw("chance", possibilities, picked),
                )
            )
        return events

    def _enter(self, scene_id: str) -> list[Event]:
        self.scene_id = scene_id
        scene = self.scenario.scenes[scene_id]
        self.visited.append(scene_id)
        self.values[f"visited.{scene_id}"] = True
        events: list[Event] = []
        changes = self._apply(scene.on_enter, ENTER, scene.title)
        revealed = self._reveal(scene.reveals)
        if changes or revealed:
            events.append(Event(ENTER, scene.title, scene_id, changes, revealed))
        news = self._draw_news(scene)
        if news is not None:
            events.append(news)
        return events

    def _draw_news(self, scene: Scene) -> Event | None:
        found = weights_now(scene.news, self.values)
        picked = NEWS_DRAW.draw(found, self.dice)
        if picked is None:
            return None
        news = scene.news[picked]
        changes = self._apply(news.effects, NEWS, news.headline)
        revealed = self._reveal(news.reveals)
        if not (news.headline or changes or revealed):
            return None
        eligible = [(i, weight_of(w)) for i, w in enumerate(found) if w is not None]
        possible = sum(1 for _, w in eligible if w > 0)
        possibilities = tuple(
            Possibility(scene.news[i].headline or "no news", weight) for i, weight in eligible
        )
        index = next(n for n, (i, _) in enumerate(eligible) if i == picked)
        draw = Draw("chance" if possible > 1 else "state", possibilities, index)
        return Event(
            NEWS, news.headline, scene.id, changes, revealed, news.headline, news.text, draw
        )

    def _apply(self, effects: tuple[Effect, ...], cause: str, detail: str) -> tuple[Change, ...]:
        values = self.values
        apply_effect = self.scenario.apply_effect
        changes = []
        for effect in effects:
            moved = apply_effect(effect, values)
            if moved is not None:
                old, wanted = moved
                changes.append(
                    Change(effect.target, old, values[effect.target], cause, detail, wanted)
                )
        return tuple(changes)

    def _reveal(self, meter_ids: tuple[str, ...]) -> tuple[str, ...]:
        fresh = tuple(m for m in meter_ids if m not in self.revealed)
        self.revealed.extend(fresh)
        return fresh

    # -- undo --------------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        return Snapshot(
            self.scene_id,
            dict(self.values),
            tuple(self.visited),
            self.dice.state,
            tuple(self.sprung),
            tuple(self.avoided),
            tuple(self.revealed),
        )

    def restore(self, snapshot: Snapshot) -> None:
        self.scene_id = snapshot.scene_id
        self.values = dict(snapshot.values)
        self.visited = list(snapshot.visited)
        self.dice.state = snapshot.dice
        self.sprung = list(snapshot.sprung)
        self.avoided = list(snapshot.avoided)
        self.revealed = list(snapshot.revealed)

    @property
    def can_undo(self) -> bool:
        """Whether undo would do something: a choice to take back, in a game not yet over."""
        return bool(self.history) and not self.ended

    def undo(self) -> Decision | None:
        """Take back the last choice; return it, or None when there is nothing to undo."""
        if not self.history:
            return None
        decision = self.history.pop()
        self.restore(decision.before)
        return decision
