"""Every state a game can reach, visited: the exhaustive search behind ``explore``.

States are packed into integer keys (:mod:`packing`) holding only the values that may still be
read (:mod:`liveness`), and whole batches of them move at once (:mod:`moves`). Scenes are settled
in the order of the scene graph: a scene outside any loop is settled once every scene leading to
it is, with all its states in one batch; the scenes of a loop are searched together, round by
round, until no new state turns up. Each state keeps one way to reach it, the likeliest found
(the choices are free, chance is weighed), so that a seed replaying it is easy to find.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from game.engine.model import Scenario

from .liveness import Distinctions
from .moves import Moves, SceneMoves
from .packing import Layout, best_of_each, member, no_keys, sort_order

CHUNK = 200_000  # states expanded at once
COMPACT_AT = 2_000_000  # successor keys gathered before duplicates are dropped
SAMPLE_PER_SCENE = 20_000  # past the limit, the most states kept in each further scene
MIN_SAMPLE = 50  # past the limit, the fewest
TRIM_AT = 1_000_000  # past the limit, the most states a scene gathers before it is sampled
SAMPLED_ROUNDS = 10  # past the limit, the rounds a loop's scenes are searched

Progress = Callable[[int, int, int, bool], None]  # scenes settled, to settle, states, complete


@dataclass(slots=True)
class Batch:
    """Packed states of one scene, each with the way it was reached (aligned arrays)."""

    keys: np.ndarray  # (words, states)
    parent_scene: np.ndarray  # int32; -1 for a starting state
    parent_row: np.ndarray  # int32: the row in the parent scene's settled states
    choice: np.ndarray  # int16: the choice taken there
    logp: np.ndarray  # float32: log of the chance of the likeliest known way here

    @classmethod
    def empty(cls, words: int = 1) -> Batch:
        return cls(
            no_keys(words),
            np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.int16),
            np.zeros(0, dtype=np.float32),
        )

    def __len__(self) -> int:
        return self.keys.shape[1]

    def pick(self, rows: np.ndarray) -> Batch:
        return Batch(
            self.keys[:, rows],
            self.parent_scene[rows],
            self.parent_row[rows],
            self.choice[rows],
            self.logp[rows],
        )

    @classmethod
    def join(cls, batches: list[Batch]) -> Batch:
        if len(batches) == 1:
            return batches[0]
        return cls(
            np.concatenate([b.keys for b in batches], axis=1),
            np.concatenate([b.parent_scene for b in batches]),
            np.concatenate([b.parent_row for b in batches]),
            np.concatenate([b.choice for b in batches]),
            np.concatenate([b.logp for b in batches]),
        )

    def distinct(self) -> Batch:
        """One copy of each state, the one with the likeliest way here; in key order."""
        return self.pick(best_of_each(self.keys, self.logp))

    def likeliest(self, count: int) -> Batch:
        if len(self) <= count:
            return self
        rows = np.argsort(-self.logp, kind="stable")[:count]
        return self.pick(np.sort(rows))


class SceneStore:
    """The states found for one scene: those waiting to be settled, and the settled ones.

    Waiting states are packed with room to spare (meters over their whole range); settled ones
    are repacked as tightly as their values allow.
    """

    def __init__(
        self,
        names: tuple[str, ...],
        ranges: dict[str, tuple[int, int]],
        blocks: dict[str, tuple[int, ...]],
    ) -> None:
        self.names = names
        self.blocks = blocks
        self.ranges = {n: r for n, r in ranges.items() if n in names}
        self.layout: Layout | None = None  # of the waiting states (and a loop's visited ones)
        self.pending: list[Batch] = []
        self.pending_size = 0
        self.compacted = 0  # how many waiting states were left after the last compaction
        self.visited: list[Batch] = []  # for scenes in a loop: settled so far, in order found
        self.final: Layout | None = None  # of the settled states
        self.settled: Batch | None = None

    def add(
        self,
        cols: dict[str, np.ndarray],
        size: int,
        parent_scene: int,
        parent_rows: np.ndarray,
        choice: int,
        logp: np.ndarray,
    ) -> None:
        if self.layout is None or not self.layout.holds(cols):
            self._refit(cols)
        assert self.layout is not None
        self.pending.append(
            Batch(
                self.layout.pack(cols, size),
                np.full(size, parent_scene, dtype=np.int32),
                parent_rows.astype(np.int32),
                np.full(size, choice, dtype=np.int16),
                logp.astype(np.float32),
            )
        )
        self.pending_size += size
        if (
            self.pending_size >= self.compacted + max(COMPACT_AT, self.compacted // 2)
            and len(self.pending) > 1
        ):
            self.pending = [Batch.join(self.pending).distinct()]
            self.pending_size = self.compacted = len(self.pending[0])

    def _refit(self, cols: dict[str, np.ndarray]) -> None:
        old = self.layout
        new = Layout.fit(self.names, cols, old, self.ranges, room=True, blocks=self.blocks)
        if old is not None:
            for batch in (*self.pending, *self.visited):
                batch.keys = new.repack(batch.keys, old)
        self.layout = new

    def take_pending(self) -> Batch:
        """The waiting states, one copy each; the waiting list is emptied."""
        if not self.pending:
            return Batch.empty()
        batch = Batch.join(self.pending).distinct()
        self.pending, self.pending_size, self.compacted = [], 0, 0
        return batch

    def settle(self, batch: Batch) -> np.ndarray:
        """Keep ``batch`` (packed by the waiting layout) as the settled states, tightly packed
        and sorted; return the order it was sorted in."""
        if self.layout is None or not len(batch):
            self.final = self.layout
            self.settled = batch
            return np.arange(len(batch))
        ends = self.layout.ranges(batch.keys)
        self.final = Layout.fit(self.names, ends, blocks=self.blocks)
        batch.keys = self.final.repack(batch.keys, self.layout)
        order = sort_order(batch.keys)
        self.settled = batch.pick(order)
        return order

    def unpack(self, keys: np.ndarray, settled: bool = True) -> dict[str, np.ndarray]:
        layout = self.final if settled else self.layout
        if layout is None:
            return {}
        return layout.unpack(keys)


@dataclass
class SceneFacts:
    """What the search learnt about one scene."""

    taken: np.ndarray  # per choice: whether some state could take it
    stuck: int = 0  # states with no choice open
    stuck_row: int = -1  # the likeliest of them
    stuck_logp: float = -math.inf


@dataclass
class Search:
    """The exhaustive search of one scenario (see the module's docstring)."""

    scenario: Scenario
    max_states: int = 50_000_000
    progress: Progress | None = None
    observed: tuple[str, ...] = ()
    moves: Moves = field(init=False)
    stores: list[SceneStore] = field(init=False)
    facts: dict[int, SceneFacts] = field(default_factory=dict)
    complete: bool = True
    states: int = 0
    seconds: float = 0.0
    spare: int = 0  # past the limit: the states the scenes left may still keep
    scenes_left: int = 0
    overrun: tuple[int, int] | None = None  # the scene that overran the limit, and its states

    def __post_init__(self) -> None:
        self.moves = Moves(self.scenario, Distinctions(self.scenario, self.observed))
        ranges = {m.id: (m.min, m.max) for m in self.scenario.meters}
        self.stores = [
            SceneStore(s.arrival.live, ranges, self.moves.blocks(s.index))
            for s in self.moves.scenes
        ]

    # -- running ----------------------------------------------------------------------------

    def run(self) -> Search:
        began = time.perf_counter()
        moves = self.moves
        start = moves.index[self.scenario.start]
        for cols, size, chance in moves.starts():
            self.stores[start].add(cols, size, -1, np.full(size, -1), -1, np.log(chance))
        order = components(self.moves, start)
        self.scenes_left = sum(len(c) for c in order)
        for done, component in enumerate(order):
            self.scenes_left -= len(component) if len(component) == 1 else 0
            if len(component) == 1 and not self._loops(component[0]):
                self._settle_one(component[0])
            else:
                self._settle_loop(component)
            if self.progress is not None:
                self.progress(done + 1, len(order), self.states, self.complete)
        self.seconds = time.perf_counter() - began
        return self

    def _loops(self, scene: int) -> bool:
        return any(b.target == scene for c in self.moves.scenes[scene].choices for b in c.branches)

    def _within_limit(self, batch: Batch, store: SceneStore) -> Batch:
        """The batch, or a spread of its states once the limit is reached. Past the limit the
        scenes left share as many states again, each at least a few."""
        if self.complete and len(batch) <= self.max_states - self.states:
            return batch
        self._stop_being_complete(store, len(batch))
        batch = self._sample(batch, store, self._share())
        self.spare = max(0, self.spare - len(batch))
        return batch

    def _stop_being_complete(self, store: SceneStore, waiting: int) -> None:
        """Past the limit: ``waiting`` distinct states of ``store``'s scene overran it."""
        if self.complete:
            self.complete = False
            self.spare = self.max_states + max(self.max_states - self.states, 0)
            self.overrun = (self.stores.index(store), waiting)

    def _share(self) -> int:
        """Past the limit: the most states each scene left may keep."""
        return max(MIN_SAMPLE, min(SAMPLE_PER_SCENE, self.spare // max(self.scenes_left, 1)))

    def _sample(self, batch: Batch, store: SceneStore, share: int) -> Batch:
        """At most ``share`` of the batch's states, keeping its variety (see :meth:`_spread`)
        and then the likeliest."""
        if len(batch) <= share:
            return batch
        spread = self._spread(batch, store)
        if len(spread) < share:
            left = np.ones(len(batch), dtype=np.bool_)
            left[spread] = False
            rest = np.nonzero(left)[0]
            ranked = rest[np.argsort(-batch.logp[rest], kind="stable")]
            spread = np.concatenate([spread, ranked[: share - len(spread)]])
        return batch.pick(np.sort(spread)).likeliest(share)

    def _check_waiting(self, store: SceneStore) -> None:
        """Once one scene's waiting states alone overrun the limit, the search cannot be
        complete: say so at once, and keep only a sample of them from then on, rather than
        gathering (and sorting) every one only to sample them when the scene is settled."""
        if self.complete and self.states + store.compacted > self.max_states:
            self._stop_being_complete(store, store.compacted)
        keep = max(self._share(), TRIM_AT // 4)
        if not self.complete and store.pending_size > max(TRIM_AT, 4 * keep):
            waiting = Batch.join(store.pending).distinct()
            store.pending = [self._sample(waiting, store, keep)]
            store.pending_size = store.compacted = len(store.pending[0])

    def _spread(self, batch: Batch, store: SceneStore) -> np.ndarray:
        """Rows that keep the batch's variety: for each combination of the values that are not
        meters, its likeliest state and the states where each meter is lowest and highest."""
        meters = [n for n in store.names if n in self.scenario.meter_by_id]
        found: list[np.ndarray] = []
        for begin in range(0, len(batch), CHUNK * 5):
            rows = np.arange(begin, min(begin + CHUNK * 5, len(batch)))
            cols = store.unpack(batch.keys[:, rows], settled=False)
            group = np.zeros(len(rows), dtype=np.int64)
            for name in store.names:
                if name not in self.scenario.meter_by_id:
                    values = cols[name].astype(np.int64)
                    group = group * 1_000_003 + (values - values.min())
            order = np.argsort(group, kind="stable")
            ordered = group[order]
            first = np.ones(len(order), dtype=np.bool_)
            first[1:] = ordered[1:] != ordered[:-1]
            starts = np.nonzero(first)[0]
            run = np.cumsum(first) - 1
            for score in [batch.logp[rows].astype(np.float64)] + [cols[m] for m in meters]:
                ranked = score[order].astype(np.float64)
                for sign in (1.0, -1.0):
                    signed = sign * ranked
                    best = np.maximum.reduceat(signed, starts)
                    winners = np.nonzero(signed == best[run])[0]
                    keep = np.ones(len(winners), dtype=np.bool_)
                    keep[1:] = run[winners[1:]] != run[winners[:-1]]
                    found.append(rows[order[winners[keep]]])
        chosen = np.zeros(len(batch), dtype=np.bool_)
        for rows in found:
            chosen[rows] = True
        return np.nonzero(chosen)[0]

    def _settle_one(self, scene: int) -> None:
        store = self.stores[scene]
        store.settle(self._within_limit(store.take_pending(), store))
        batch = store.settled
        assert batch is not None
        self.states += len(batch)
        if len(batch) and not self.moves.scenes[scene].ending:
            self._expand(scene, batch, 0, settled=True)

    def _settle_loop(self, component: list[int]) -> None:
        """Search the scenes of a loop together, round by round, until no new state turns up;
        each round touches only the scenes that received states."""
        inside = set(component)
        # each scene's new states, with the packing they were taken in: states that reach a
        # scene while an earlier one of the round is expanded can widen its packing
        frontier = {
            s: (self.stores[s].take_pending(), self.stores[s].layout)
            for s in component
            if self.stores[s].pending
        }
        known: dict[int, np.ndarray] = {}  # each scene's visited keys, sorted
        known_layout: dict[int, Layout | None] = {}
        rounds_left = SAMPLED_ROUNDS
        while frontier:
            touched: set[int] = set()
            for scene, (batch, packed_by) in frontier.items():
                store = self.stores[scene]
                if packed_by is not store.layout and store.layout is not None:
                    batch.keys = store.layout.repack(batch.keys, packed_by)
                batch = self._within_limit(batch, store)
                offset = sum(len(b) for b in store.visited)
                store.visited.append(batch)
                if scene in known and known_layout.get(scene) is store.layout:
                    seen = np.concatenate([known[scene], batch.keys], axis=1)
                else:  # the first time, or its packing changed: from all it visited
                    seen = Batch.join(store.visited).keys
                known[scene] = seen[:, sort_order(seen)]
                known_layout[scene] = store.layout
                self.states += len(batch)
                plan = self.moves.scenes[scene]
                if not plan.ending and len(batch):
                    self._expand(scene, batch, offset, settled=False)
                    touched.update(
                        b.target for c in plan.choices for b in c.branches if b.target in inside
                    )
            frontier = {}
            for scene in sorted(touched):
                fresh = self.stores[scene].take_pending()
                if len(fresh) and scene in known:
                    if known_layout[scene] is not self.stores[scene].layout:
                        seen = Batch.join(self.stores[scene].visited).keys
                        known[scene] = seen[:, sort_order(seen)]
                        known_layout[scene] = self.stores[scene].layout
                    fresh = fresh.pick(np.nonzero(member(known[scene], fresh.keys) < 0)[0])
                if len(fresh):
                    frontier[scene] = (fresh, self.stores[scene].layout)
            if not self.complete:
                rounds_left -= 1
                if rounds_left <= 0 or not self.spare:  # past the limit a loop may never run
                    break  # dry: stop it
        for scene in component:  # anything still waiting was cut off by the limit
            self.stores[scene].pending = []
        self._finish_loop(component, inside)

    def _finish_loop(self, component: list[int], inside: set[int]) -> None:
        """Sort each loop scene's states by key and point every way through them at their new
        rows (within the loop, and from the states waiting further on)."""
        offset = np.full(len(self.stores) + 1, -1, dtype=np.int64)  # [-1]: no parent scene
        new_rows = []
        at = 0
        for scene in component:
            store = self.stores[scene]
            found = Batch.join(store.visited) if store.visited else Batch.empty()
            store.visited = []
            order = store.settle(found)
            new_row = np.empty(len(order), dtype=np.int32)
            new_row[order] = np.arange(len(order), dtype=np.int32)
            new_rows.append(new_row)
            offset[scene] = at
            at += len(order)
        moved = np.concatenate(new_rows) if new_rows else np.zeros(0, dtype=np.int32)
        targets = {
            b.target for s in component for c in self.moves.scenes[s].choices for b in c.branches
        }
        batches = [self.stores[s].settled for s in component]
        batches += [b for t in sorted(targets) for b in self.stores[t].pending]
        for batch in batches:
            if batch is None or not len(batch):
                continue
            base = offset[batch.parent_scene]
            here = base >= 0
            if here.any():
                batch.parent_row[here] = moved[base[here] + batch.parent_row[here]]

    def _expand(self, scene: int, batch: Batch, offset: int, settled: bool) -> None:
        """Every move from ``batch`` (rows numbered from ``offset`` in the scene's states)."""
        plan = self.moves.scenes[scene]
        store = self.stores[scene]
        facts = self.facts.setdefault(
            scene, SceneFacts(np.zeros(len(plan.choices), dtype=np.bool_))
        )
        with np.errstate(all="ignore"):
            for begin in range(0, len(batch), CHUNK):
                part = batch.pick(np.arange(begin, min(begin + CHUNK, len(batch))))
                cols = store.unpack(part.keys, settled)
                self._expand_part(plan, cols, part, offset + begin, facts)

    def _expand_part(
        self,
        plan: SceneMoves,
        cols: dict[str, np.ndarray],
        part: Batch,
        first_row: int,
        facts: SceneFacts,
    ) -> None:
        expansion, outcomes = self.moves.expand(plan, cols, len(part))
        for i, mask in enumerate(expansion.enabled):
            if not facts.taken[i] and mask.any():
                facts.taken[i] = True
        if expansion.stuck.any():
            rows = np.nonzero(expansion.stuck)[0]
            facts.stuck += len(rows)
            best = rows[np.argmax(part.logp[rows])]
            if part.logp[best] > facts.stuck_logp:
                facts.stuck_row, facts.stuck_logp = first_row + int(best), float(part.logp[best])
        for outcome in outcomes:
            store = self.stores[outcome.target]
            store.add(
                outcome.cols,
                len(outcome.rows),
                plan.index,
                first_row + outcome.rows,
                outcome.choice,
                part.logp[outcome.rows] + np.log(outcome.chance),
            )
            self._check_waiting(store)

    # -- reading the result -----------------------------------------------------------------

    def settled(self, scene: int) -> Batch | None:
        return self.stores[scene].settled

    def values(self, scene: int, rows: Iterable[int] | None = None) -> dict[str, np.ndarray]:
        """The kept values of a scene's settled states (some rows only, if given)."""
        batch = self.stores[scene].settled
        if batch is None:
            return {}
        keys = batch.keys if rows is None else batch.keys[:, np.asarray(list(rows), dtype=np.int64)]
        return self.stores[scene].unpack(keys)

    def path(self, scene: int, row: int) -> list[tuple[int, int, int]]:
        """The way to a settled state: (scene, row, choice taken there) from the start, ending
        with the state itself (its choice is -1)."""
        steps = [(scene, row, -1)]
        while True:
            batch = self.stores[scene].settled
            assert batch is not None
            parent = int(batch.parent_scene[row])
            if parent < 0:
                break
            choice = int(batch.choice[row])
            scene, row = parent, int(batch.parent_row[row])
            steps.append((scene, row, choice))
        return steps[::-1]


def components(moves: Moves, start: int) -> list[list[int]]:
    """The scenes reachable from ``start`` grouped into loops (strongly connected components),
    in an order where every way leads forward (Tarjan's algorithm, without recursion)."""
    successors = [
        sorted({b.target for c in scene.choices for b in c.branches}) for scene in moves.scenes
    ]
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    work: list[tuple[int, int]] = [(start, 0)]
    while work:
        node, position = work.pop()
        if position == 0:
            index[node] = low[node] = counter
            counter += 1
            stack.append(node)
            on_stack.add(node)
        recurse = False
        targets = successors[node]
        while position < len(targets):
            target = targets[position]
            position += 1
            if target not in index:
                work.append((node, position))
                work.append((target, 0))
                recurse = True
                break
            if target in on_stack:
                low[node] = min(low[node], index[target])
        if recurse:
            continue
        if low[node] == index[node]:
            component = []
            while True:
                member_ = stack.pop()
                on_stack.discard(member_)
                component.append(member_)
                if member_ == node:
                    break
            found.append(sorted(component))
        if work:
            parent = work[-1][0]
            low[parent] = min(low[parent], low[node])
    return found[::-1]
