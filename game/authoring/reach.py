"""Which scenes a game can reach, over-approximated: an interval analysis of the values per scene.

A worklist fixpoint over the scene graph: each scene holds the join of every abstract state it can
be entered with (meters as intervals, flags as truth sets). Only names some expression reads (and
the meters) are followed. The worklist takes the queued scene that was reached first (not the one
queued first), so changes sweep through the graph in one fixed order. After a few updates a
scene's intervals jump to their meter's bounds, and after many its whole state jumps to every
name's widest value, so each scene is revisited a bounded number of times, not more in a larger
graph, and large scenarios stay fast. Sound: a scene this analysis calls unreachable is
unreachable in every game; one it calls reachable may still be unreachable.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from game.engine.chance import BRANCH_DRAW, LAST, NEWS_DRAW, NOTHING, DrawRule
from game.engine.expr import Effect
from game.engine.model import Branch, Choice, News, Scenario

from .intervals import (
    INF,
    TRUE,
    Abstract,
    Interval,
    apply_effects,
    declared_ranges,
    evaluate,
    initial_env,
    join_envs,
    refine,
    truth,
)
from .usage import usage

WIDEN_AFTER = 4  # updates of a scene before its intervals jump to their meter's bounds
GIVE_UP_AFTER = 24  # updates of a scene before its whole state jumps to the widest values


@dataclass(frozen=True, slots=True)
class Reach:
    """For each scene the analysis may reach, the abstract values it may be entered with, and
    the scenes a game may go to from it (over-approximated, like the values)."""

    entry: dict[str, dict[str, Abstract]]
    exits: dict[str, set[str]]

    def reachable(self, scene_id: str) -> bool:
        return scene_id in self.entry


def drawable(
    rule: DrawRule, items: Sequence[Branch] | Sequence[News], env: dict[str, Abstract]
) -> tuple[list[int], bool]:
    """The items (by index) chance may take from ``env`` under ``rule``, and whether it may take
    nothing; an item whose ``if`` may fail everywhere else is included by the caller.

    An item may be drawn when it may be left in with a weight above 0. One of weight 0 is taken
    only when every item left weighs 0 and the rule then takes the last one left: never when an
    item surely left comes after it, or surely weighs more than 0.
    """
    may, sure, weights = [], [], []
    for item in items:
        held = truth(item.condition.tree, env) if item.condition is not None else TRUE
        may.append(True in held)
        sure.append(False not in held)
        start = env if item.condition is None else refine(item.condition.tree, env, True)
        weights.append(None if start is None else _number(evaluate(item.weight.tree, start)))
    taken = []
    for index, weight in enumerate(weights):
        if not may[index] or weight is None:
            continue
        zero_taken = rule.when_all_zero == LAST and not any(
            sure[other] and (other > index or (w is not None and w.lo > 0))
            for other, w in enumerate(weights)
            if other != index
        )
        if weight.hi > 0 or zero_taken:
            taken.append(index)
    some_sure_weighs = any(
        s and w is not None and w.lo > 0 for s, w in zip(sure, weights, strict=True)
    )
    none_left = not any(sure)
    nothing = (rule.when_all_zero == NOTHING and not some_sure_weighs) or (
        rule.when_none_left == NOTHING and none_left
    )
    return taken, nothing


def _number(value: Abstract) -> Interval:
    return value if isinstance(value, Interval) else Interval(-INF, INF)


def possible_news(pool: tuple[News, ...], env: dict[str, Abstract]) -> list[News | None]:
    """The news items (None: no news) that may be drawn on entering a scene."""
    if not pool:
        return [None]
    taken, nothing = drawable(NEWS_DRAW, pool, env)
    outcomes: list[News | None] = [pool[i] for i in taken]
    if nothing:
        outcomes.append(None)
    return outcomes


def outweighed(choice: Choice, env: dict[str, Abstract]) -> set[int]:
    """The branches (by index) chance never takes from ``env`` because of their weight."""
    taken, _ = drawable(BRANCH_DRAW, choice.branches, env)
    left_in = {
        i
        for i, b in enumerate(choice.branches)
        if b.condition is None or True in truth(b.condition.tree, env)
    }
    return left_in - set(taken)


def possible_branches(
    choice: Choice, env: dict[str, Abstract]
) -> list[tuple[Branch, dict[str, Abstract]]]:
    """The branches a choice may take from ``env``, each with ``env`` narrowed by its condition.

    Mirrors the game: branches whose ``if`` fails are left out; with none left the last branch is
    taken, with one left it is taken; otherwise one is drawn by weight (see ``outweighed``). With
    ``pick: first`` a branch is possible where its ``if`` may hold and every one above may fail.
    """
    if choice.pick == "first":
        return _first_branches(choice, env)
    taken, _ = drawable(BRANCH_DRAW, choice.branches, env)
    result = []
    for index in taken:
        branch = choice.branches[index]
        start = env if branch.condition is None else refine(branch.condition.tree, env, True)
        if start is not None:
            result.append((branch, start))
    may_all_fail = all(
        b.condition is not None and False in truth(b.condition.tree, env) for b in choice.branches
    )
    if may_all_fail and BRANCH_DRAW.when_none_left == LAST:  # the last, whatever its 'if'
        last = choice.branches[-1]
        result = [(b, start) for b, start in result if b is not last] + [(last, env)]
    return result


def _first_branches(
    choice: Choice, env: dict[str, Abstract]
) -> list[tuple[Branch, dict[str, Abstract]]]:
    result = []
    rest: dict[str, Abstract] | None = env  # where every branch so far failed
    for branch in choice.branches:
        if rest is None:
            break
        if branch.condition is None:
            result.append((branch, rest))
            return result
        held = refine(branch.condition.tree, rest, True)
        if held is not None:
            result.append((branch, held))
        rest = refine(branch.condition.tree, rest, False)
    if rest is not None:  # every 'if' may fail: then the last branch is taken
        result.append((choice.branches[-1], rest))
    return result


def tracked_names(scenario: Scenario) -> frozenset[str]:
    """The names worth following: those some expression reads, and every meter (for reports)."""
    return frozenset(usage(scenario).reads) | {m.id for m in scenario.meters}


def _only(effects: tuple[Effect, ...], tracked: frozenset[str] | None) -> tuple[Effect, ...]:
    if tracked is None:
        return effects
    return tuple(e for e in effects if e.target in tracked)


def enter(
    scenario: Scenario,
    scene_id: str,
    env: dict[str, Abstract],
    tracked: frozenset[str] | None = None,
) -> list[dict[str, Abstract]]:
    """The abstract states right after entering a scene (one per possible news outcome).

    With ``tracked``, names outside it are neither set nor kept (nothing reads them).
    """
    scene = scenario.scenes[scene_id]
    env = dict(env)
    visited = f"visited.{scene_id}"
    if tracked is None or visited in tracked:
        env[visited] = frozenset((True,))
    apply_effects(_only(scene.on_enter, tracked), env, scenario)
    states = []
    for news in possible_news(scene.news, env):
        if news is None:
            states.append(env)
            continue
        after = env if news.condition is None else refine(news.condition.tree, env, True)
        if after is not None:
            states.append(apply_effects(_only(news.effects, tracked), dict(after), scenario))
    return states


def successors(
    scenario: Scenario,
    scene_id: str,
    env: dict[str, Abstract],
    tracked: frozenset[str] | None = None,
) -> list[tuple[str, dict[str, Abstract]]]:
    """Every (scene, abstract state) a choice in ``scene_id`` may lead to from ``env``."""
    result = []
    for choice in scenario.scenes[scene_id].choices:
        start = env if choice.condition is None else refine(choice.condition.tree, env, True)
        if start is None:
            continue
        after_choice = apply_effects(_only(choice.effects, tracked), dict(start), scenario)
        for branch, narrowed in possible_branches(choice, after_choice):
            after = apply_effects(_only(branch.effects, tracked), dict(narrowed), scenario)
            turn = after.get("turn")
            if isinstance(turn, Interval):
                after["turn"] = Interval(turn.lo + 1, turn.hi + 1)
            for entered in enter(scenario, branch.scene_id, after, tracked):
                result.append((branch.scene_id, entered))
    return result


def _widen(old: dict[str, Abstract], new: dict[str, Abstract], scenario: Scenario) -> dict:
    widened: dict[str, Abstract] = {}
    for name, value in new.items():
        before = old.get(name)
        if isinstance(value, Interval) and isinstance(before, Interval):
            meter = scenario.meter_by_id.get(name)
            low = meter.min if meter else -INF
            high = meter.max if meter else INF
            value = Interval(
                low if value.lo < before.lo else value.lo,
                high if value.hi > before.hi else value.hi,
            )
        widened[name] = value
    return widened


def analyse(scenario: Scenario) -> Reach:
    """Run the fixpoint from the start scene and return the entry state of every scene reached."""
    tracked = tracked_names(scenario)
    widest = {k: v for k, v in declared_ranges(scenario).items() if k in tracked}
    entry: dict[str, dict[str, Abstract]] = {}
    exits: dict[str, set[str]] = {}
    updates: dict[str, int] = {}
    # A heap of (when first reached, scene): a queue in arrival order would let every wave of
    # changes from a longer path update a scene again, more waves the larger the graph.
    rank: dict[str, int] = {}
    queue: list[tuple[int, str]] = []
    queued: set[str] = set()

    def arrive(scene_id: str, env: dict[str, Abstract]) -> None:
        old = entry.get(scene_id)
        if old is None:
            entry[scene_id] = env
            rank[scene_id] = len(rank)
        else:
            joined = join_envs(old, env)
            if joined == old:
                return
            updates[scene_id] = updates.get(scene_id, 0) + 1
            if updates[scene_id] > GIVE_UP_AFTER:
                joined = join_envs(joined, widest)
            elif updates[scene_id] > WIDEN_AFTER:
                joined = _widen(old, joined, scenario)
            entry[scene_id] = joined
        if scene_id not in queued:
            queued.add(scene_id)
            heapq.heappush(queue, (rank[scene_id], scene_id))

    start = {k: v for k, v in initial_env(scenario).items() if k in tracked}
    for env in enter(scenario, scenario.start, start, tracked):
        arrive(scenario.start, env)
    while queue:
        _, scene_id = heapq.heappop(queue)
        queued.discard(scene_id)
        targets = exits.setdefault(scene_id, set())
        for target, env in successors(scenario, scene_id, entry[scene_id], tracked):
            targets.add(target)
            arrive(target, env)
    return Reach(entry, exits)
