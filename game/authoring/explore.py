"""Proof of reachability: which endings a game can reach, how, and where its values can be there.

An exhaustive search (:mod:`exhaustive`) visits every state a game can reach, chance and drawn
starts included, and from it this module reports exactly: which endings are reachable, each with
the choices to type and a seed that replays them in ``play --plain``; the range of every meter at
every ending; the choices no game can take; dead ends; and the scenes where a game can get into a
state from which no ending can be reached. When the search is stopped by its limit, it says so,
an interval analysis (:mod:`reach`) still proves what endings cannot be reached, and the rest is
undecided.

:func:`script_odds` gives the exact chance of each ending for a player who follows a fixed script.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise

import numpy as np

from game.engine.model import Scenario
from game.engine.session import ChoiceUnavailable, GameOver, Session, Snapshot
from game.program import command_line

from .exhaustive import Progress, Search, components
from .liveness import Distinctions
from .moves import Moves
from .packing import Layout, member, sum_of_each
from .reach import analyse
from .statespace import Step

REACHABLE = "reachable"
UNREACHABLE = "unreachable"
UNDECIDED = "undecided"

DEFAULT_MAX_STATES = 8_000_000
DEFAULT_SEED_TRIES = 50_000_000


@dataclass
class Witness:
    """A way from the start to a state, and how to replay it."""

    steps: list[Step]
    chance: bool  # whether chance had to go the right way somewhere
    seed: int | None = None  # a seed that replays it in play --plain, when one was found
    probability: float = 1.0  # the chance that a game making these choices goes this way

    @property
    def numbers(self) -> list[int]:
        return [step.number for step in self.steps]


@dataclass
class EndingReport:
    scene_id: str
    title: str
    outcome: str
    verdict: str
    how: str  # how the verdict was reached
    witness: Witness | None = None
    meters: dict[str, tuple[int, int]] = field(default_factory=dict)  # meter -> (min, max)
    meters_exact: bool = False
    bounds: dict[str, str] = field(default_factory=dict)  # sound outer bounds when not exact


@dataclass
class NoWayOut:
    """A scene where a game can get into a state from which no ending can be reached."""

    scene_id: str
    states: int
    witness: Witness | None


@dataclass
class ExploreReport:
    scenario_id: str
    states: int
    complete: bool
    seconds: float
    endings: list[EndingReport]
    stuck: list[tuple[str, Witness]]  # dead ends found: scene and a way there
    untaken: list[tuple[str, str]]  # (scene, choice) never available (complete searches only)
    max_states: int
    no_way_out: list[NoWayOut] = field(default_factory=list)  # complete searches only
    overrun: tuple[str, int] | None = None  # a scene with at least this many states, past the limit

    @property
    def decided(self) -> bool:
        return all(e.verdict != UNDECIDED for e in self.endings)


def explore(
    scenario: Scenario,
    max_states: int = DEFAULT_MAX_STATES,
    seed_tries: int = DEFAULT_SEED_TRIES,
    progress: Progress | None = None,
) -> ExploreReport:
    """Visit every state the game can reach (up to ``max_states``) and report on it."""
    began = time.perf_counter()
    meters = tuple(m.id for m in scenario.meters)
    search = Search(scenario, max_states, progress, observed=meters).run()
    witnesses = _Witnesses(search, seed_tries)
    endings = [_ending(search, witnesses, scene_id) for scene_id in _ending_ids(scenario)]
    if not search.complete:
        _bound_unfound(scenario, endings)
    stuck = [
        (search.moves.ids[scene], witnesses.to(scene, facts.stuck_row))
        for scene, facts in sorted(search.facts.items())
        if facts.stuck
    ]
    return ExploreReport(
        scenario.id,
        search.states,
        search.complete,
        time.perf_counter() - began,
        endings,
        stuck,
        _untaken(search) if search.complete else [],
        max_states,
        _no_way_out(search, witnesses) if search.complete else [],
        _overrun(search),
    )


def _overrun(search: Search) -> tuple[str, int] | None:
    if search.overrun is None:
        return None
    scene, states = search.overrun
    return search.moves.ids[scene], states


def _ending_ids(scenario: Scenario) -> list[str]:
    return [scene.id for scene in scenario.endings]


def _ending(search: Search, witnesses: _Witnesses, scene_id: str) -> EndingReport:
    scenario = search.scenario
    scene = scenario.scenes[scene_id]
    assert scene.ending is not None
    report = EndingReport(scene.id, scene.title, scene.ending.outcome, UNDECIDED, "")
    index = search.moves.index[scene_id]
    batch = search.settled(index)
    if batch is not None and len(batch):
        report.verdict = REACHABLE
        report.how = (
            "found by the exhaustive search of every state"
            if search.complete
            else "found within the limit"
        )
        report.witness = witnesses.to(index, int(np.argmax(batch.logp)))
        store = search.stores[index]
        assert store.final is not None
        ranges = store.final.ranges(batch.keys)
        report.meters = {
            m.id: (int(ranges[m.id][0]), int(ranges[m.id][1]))
            for m in scenario.meters
            if m.id in ranges
        }
        report.meters_exact = search.complete
    elif search.complete:
        report.verdict = UNREACHABLE
        report.how = "no game reaches it (every reachable state was visited)"
    return report


def _bound_unfound(scenario: Scenario, endings: list[EndingReport]) -> None:
    """After an incomplete search: prove what the interval analysis can, and give outer bounds."""
    reach = analyse(scenario)
    for report in endings:
        if report.verdict == UNDECIDED and not reach.reachable(report.scene_id):
            report.verdict = UNREACHABLE
            report.how = "no game reaches it (interval analysis of the meters per scene)"
        entry = reach.entry.get(report.scene_id)
        if entry is not None and report.verdict == REACHABLE:
            report.bounds = {m.id: str(entry[m.id]) for m in scenario.meters if m.id in entry}


def _untaken(search: Search) -> list[tuple[str, str]]:
    found = []
    for index, scene in enumerate(search.moves.scenes):
        facts = search.facts.get(index)
        if facts is None:
            continue
        found += [(scene.id, c.id) for c in scene.choices if not facts.taken[c.index]]
    return found


# --- where no ending can be reached ------------------------------------------------------------


def _no_way_out(search: Search, witnesses: _Witnesses) -> list[NoWayOut]:
    """The scenes with a reachable state from which every way leads nowhere (a dead end or a
    loop with no way out). Scenes outside loops with no dead end, leading only to such scenes,
    are fine as a whole; the others are decided state by state, from the endings backwards."""
    moves = search.moves
    fine: set[int] = set()
    can_end: dict[int, np.ndarray] = {}
    found = []
    for component in reversed(components(moves, moves.index[search.scenario.start])):
        loop = len(component) > 1 or search._loops(component[0])
        targets = {b.target for s in component for c in moves.scenes[s].choices for b in c.branches}
        whole = not loop and all(
            moves.scenes[s].ending or not search.facts.get(s) or not search.facts[s].stuck
            for s in component
        )
        if whole and targets <= fine:
            fine.update(component)
            continue
        _decide(search, component, fine, can_end)
        for scene in component:
            bits = can_end[scene]
            if bits.all():
                continue
            batch = search.settled(scene)
            assert batch is not None
            rows = np.nonzero(~bits)[0]
            best = int(rows[np.argmax(batch.logp[rows])])
            found.append(NoWayOut(moves.ids[scene], len(rows), witnesses.to(scene, best)))
    return sorted(found, key=lambda n: n.scene_id)


def _decide(
    search: Search, component: list[int], fine: set[int], can_end: dict[int, np.ndarray]
) -> None:
    """Which states of the component's scenes can reach an ending (until nothing changes)."""
    for scene in component:
        batch = search.settled(scene)
        size = len(batch) if batch is not None else 0
        can_end[scene] = np.full(size, search.moves.scenes[scene].ending, dtype=np.bool_)
    changed = True
    while changed:
        changed = False
        for scene in component:
            plan = search.moves.scenes[scene]
            batch = search.settled(scene)
            if plan.ending or batch is None or not len(batch):
                continue
            bits = np.zeros(len(batch), dtype=np.bool_)
            store = search.stores[scene]
            with np.errstate(all="ignore"):
                _, outcomes = search.moves.expand(plan, store.unpack(batch.keys), len(batch))
                for outcome in outcomes:
                    target = outcome.target
                    if target in fine:
                        bits[outcome.rows] = True
                        continue
                    there = search.stores[target]
                    assert there.final is not None and there.settled is not None
                    inside = there.final.fits(outcome.cols)
                    rows = np.nonzero(inside)[0]
                    packed = there.final.pack(
                        {k: v[rows] for k, v in outcome.cols.items()}, len(rows)
                    )
                    where = member(there.settled.keys, packed)
                    good = np.zeros(len(rows), dtype=np.bool_)
                    known = where >= 0
                    good[known] = can_end[target][where[known]]
                    bits[outcome.rows[rows[good]]] = True
            if (bits & ~can_end[scene]).any():
                can_end[scene] = can_end[scene] | bits
                changed = True


# --- witnesses ---------------------------------------------------------------------------------


class _Steered:
    """Dice that take the outcomes they are told to (then the first possible one), and note
    every draw: the weights and the index taken."""

    def __init__(self, forced: Sequence[int] = ()) -> None:
        self.forced = list(forced)
        self.draws: list[tuple[list[float], int]] = []
        self.state = 0

    def pick(self, weights: Sequence[float]) -> int:
        weights = list(weights)
        at = len(self.draws)
        index = (
            self.forced[at]
            if at < len(self.forced)
            else next(i for i, w in enumerate(weights) if w > 0)
        )
        self.draws.append((weights, index))
        return index


def _move(
    session: Session, snapshot: Snapshot, history: int, number: int, dice: _Steered
) -> Session:
    """Take back to ``snapshot`` and choose ``number`` with these dice."""
    session.restore(snapshot)
    del session.history[history:]
    session.dice = dice  # type: ignore[assignment]
    session.choose(number)
    return session


class _Witnesses:
    """Turns a state found by the search into a replayable witness."""

    def __init__(self, search: Search, seed_tries: int) -> None:
        self.search = search
        self.seed_tries = seed_tries

    def _matches(self, scene: int, row: int, session: Session) -> bool:
        """Whether a real game stands in the state the search found."""
        search = self.search
        if search.moves.index[session.scene_id] != scene:
            return False
        store = search.stores[scene]
        batch = store.settled
        if store.final is None or batch is None:
            return True
        cols = {name: np.array([session.values.get(name, False)]) for name in store.names}
        if not store.final.fits(cols).all():
            return False
        return bool((store.final.pack(cols, 1)[:, 0] == batch.keys[:, row]).all())

    def _steer(
        self, play: Callable[[_Steered], Session], check: Callable[[Session], bool]
    ) -> tuple[Session, list[tuple[list[float], int]]] | None:
        """Try the chance outcomes of one move in turn until ``check`` holds."""
        tried: list[list[int]] = [[]]
        while tried:
            forced = tried.pop()
            dice = _Steered(forced)
            session = play(dice)
            if check(session):
                return session, dice.draws
            at = len(forced)
            if at < len(dice.draws):
                weights = dice.draws[at][0]
                tried += [[*forced, i] for i, w in enumerate(weights) if w > 0]
        return None

    def to(self, scene: int, row: int) -> Witness | None:
        """A way to the state, replayed through a real game, with a seed that takes it."""
        search = self.search
        path = search.path(scene, row)
        scenario = search.scenario
        first_scene, first_row, _ = path[0]
        opened = self._steer(
            lambda dice: Session(scenario, 0, explain=False, dice=dice),  # type: ignore[arg-type]
            partial(self._matches, first_scene, first_row),
        )
        if opened is None:
            return None
        session, draws = opened
        steps: list[Step] = []
        for (here, _, choice), (there, there_row, _) in pairwise(path):
            choice_id = search.moves.scenes[here].choices[choice].id
            number = next(o.number for o in session.options() if o.choice.id == choice_id)
            play = partial(_move, session, session.snapshot(), len(session.history), number)
            moved = self._steer(play, partial(self._matches, there, there_row))
            if moved is None:
                return None
            session, more = moved
            draws += more
            decision = session.history[-1]
            chance = any(len([w for w in weights if w > 0]) > 1 for weights, _ in more)
            steps.append(Step(decision.scene_id, number, choice_id, decision.to_scene, chance))
        probability = math.prod(w[i] / sum(w) for w, i in draws)
        chance = bool(draws) and probability < 1.0
        witness = Witness(steps, chance, None, probability)
        if chance:
            witness.seed = self._seed(draws, steps, scenario, path)
        return witness

    def _seed(self, draws, steps, scenario, path) -> int | None:
        for seed in seeds_drawing(draws, self.seed_tries):
            if self._replays(seed, steps, scenario, path):
                return seed
        return None

    def _replays(self, seed: int, steps: list[Step], scenario: Scenario, path) -> bool:
        """Whether typing the numbers with this seed ends in the witness's state."""
        session = Session(scenario, seed, explain=False)
        try:
            for step in steps:
                session.choose(step.number)
                if session.scene_id != step.to_scene:
                    return False
        except (ChoiceUnavailable, GameOver):
            return False
        scene, row, _ = path[-1]
        return self._matches(scene, row, session)


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_SEED_CHUNK = 1 << 20


def _random(seeds: np.ndarray, count: int) -> np.ndarray:
    """The ``count``-th number each seed's dice draw (as :meth:`Dice.random`), for many seeds."""
    z = seeds + np.uint64(count) * _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    return (z >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def _lands(weights: Sequence[float], picked: int, numbers: np.ndarray) -> np.ndarray:
    """Where :meth:`Dice.pick` with these weights, given each random number, takes ``picked``."""
    total = 0.0
    for weight in weights:
        total += weight
    running = 0.0
    low = -math.inf
    high = math.inf
    last = max(i for i, w in enumerate(weights) if w > 0)
    for index, weight in enumerate(weights):
        if weight <= 0:
            continue
        before = running
        running += weight
        if index == picked:
            low, high = before if before > 0 else -math.inf, running
            break
    point = numbers * total
    return ~(point < low) & ((point < high) | (picked == last))


def seeds_drawing(draws: Sequence[tuple[Sequence[float], int]], limit: int):
    """The seeds (in order, below ``limit``) whose dice make exactly these draws."""
    for begin in range(0, limit, _SEED_CHUNK):
        seeds = np.arange(begin, min(limit, begin + _SEED_CHUNK), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for count, (weights, picked) in enumerate(draws, start=1):
                seeds = seeds[_lands(weights, picked, _random(seeds, count))]
                if not len(seeds):
                    break
        yield from (int(s) for s in seeds)


# --- the odds of a script ----------------------------------------------------------------------


@dataclass
class ScriptOdds:
    """The chance of each way a scripted game can end."""

    endings: dict[str, float]  # ending scene -> probability
    stuck: float  # the game stops in a scene where no choice is open
    unfinished: float  # the game never ends (a loop that chance cannot leave)

    def outcome(self, scenario: Scenario, outcome: str = "success") -> float:
        """The chance of ending with this outcome (success, partial or failure)."""
        return sum(
            p
            for scene_id, p in self.endings.items()
            if scenario.scenes[scene_id].ending is not None
            and scenario.scenes[scene_id].ending.outcome == outcome  # type: ignore[union-attr]
        )


class ScriptedGames:
    """A scenario compiled once to weigh many state-blind scripts (see :func:`script_odds`)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.moves = Moves(scenario, Distinctions(scenario))
        self.order = components(self.moves, self.moves.index[scenario.start])

    def odds(self, script: Mapping[str, str], rounds: int = 100_000) -> ScriptOdds:
        moves = self.moves
        scripted = _script_indexes(self.scenario, script)
        waiting: dict[int, list[tuple[dict[str, np.ndarray], np.ndarray]]] = {}
        start = moves.index[self.scenario.start]
        for cols, _size, chance in moves.starts():
            waiting.setdefault(start, []).append((cols, chance))
        endings: dict[str, float] = {}
        stuck = 0.0
        unfinished = 0.0
        with np.errstate(all="ignore"):
            for component in self.order:
                inside = set(component)
                for _ in range(rounds):
                    busy = [s for s in component if waiting.get(s)]
                    if not busy:
                        break
                    for scene in busy:
                        plan = moves.scenes[scene]
                        cols, chance = _merge(plan.arrival.live, waiting.pop(scene))
                        if plan.ending:
                            endings[plan.id] = endings.get(plan.id, 0.0) + float(chance.sum())
                            continue
                        expansion, outcomes = moves.expand(
                            plan, cols, len(chance), scripted.get(plan.id, -1)
                        )
                        stuck += float(chance[expansion.stuck].sum())
                        for o in outcomes:
                            waiting.setdefault(o.target, []).append(
                                (o.cols, chance[o.rows] * o.chance)
                            )
                else:
                    unfinished += sum(float(c.sum()) for s in inside for _, c in waiting.pop(s, []))
        return ScriptOdds(endings, stuck, unfinished)


def _script_indexes(scenario: Scenario, script: Mapping[str, str]) -> dict[str, int]:
    indexes = {}
    for scene_id, choice_id in script.items():
        scene = scenario.scenes.get(scene_id)
        if scene is None:
            raise ValueError(f"the script names scene '{scene_id}', which does not exist")
        ids = [c.id for c in scene.choices]
        if choice_id not in ids:
            raise ValueError(f"scene '{scene_id}' has no choice '{choice_id}'")
        indexes[scene_id] = ids.index(choice_id)
    return indexes


def _merge(
    names: tuple[str, ...], parts: list[tuple[dict[str, np.ndarray], np.ndarray]]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The states of several batches, each once, with their chances added up."""
    cols = {n: np.concatenate([c[n] for c, _ in parts]) for n in names}
    chance = np.concatenate([p for _, p in parts])
    if not names:
        return cols, np.array([chance.sum()])
    layout = Layout.fit(names, cols)
    keys, chance = sum_of_each(layout.pack(cols, len(chance)), chance)
    return layout.unpack(keys), chance


def script_odds(scenario: Scenario, script: Mapping[str, str]) -> ScriptOdds:
    """The exact chance of each ending for a player who follows a state-blind script.

    ``script`` maps a scene id to the id of the choice to take there: the scripted choice is
    taken when it is enabled, else the first enabled option (also in scenes the script does not
    name). Chance is weighed as the game draws it (:class:`~game.engine.chance.DrawRule`),
    starting values drawn by chance included, by carrying the probability of every state forward
    scene by scene (states that nothing later can tell apart are merged). For many scripts on the
    same scenario, compile once with :class:`ScriptedGames` and call its ``odds``.
    Raises ValueError for a scene or choice the scenario does not have.
    """
    return ScriptedGames(scenario).odds(script)


def success_probability(scenario: Scenario, script: Mapping[str, str]) -> float:
    """The exact chance that a game following ``script`` ends in success (see script_odds)."""
    return script_odds(scenario, script).outcome(scenario, "success")


# --- output -----------------------------------------------------------------------------------


def replay_command(scenario_ref: str, witness: Witness) -> str:
    """A shell line that replays a witness in the plain game (the scenario path quoted)."""
    typed = "\\n".join(str(n) for n in witness.numbers)
    seed = ["--seed", str(witness.seed)] if witness.seed is not None else []
    play = command_line("play", scenario_ref, "--plain", "--no-autosave", *seed)
    return f"printf '{typed}\\n' | {play}"


def describe_witness(witness: Witness, scenario_ref: str) -> list[str]:
    lines = [
        "path: "
        + (" -> ".join(f"{s.number} ({s.choice_id})" for s in witness.steps) or "(the start)")
    ]
    if not witness.chance:
        lines.append("no chance involved: any seed replays it")
    elif witness.seed is not None:
        lines.append(
            f"chance involved (this way {witness.probability:.2%} of the time): "
            f"seed {witness.seed} makes it go this way"
        )
    else:
        lines.append(
            f"chance involved (this way {witness.probability:.2g} of the time): no seed tried "
            "goes this way; raise --seed-tries"
        )
    if witness.steps and (not witness.chance or witness.seed is not None):
        lines.append("replay: " + replay_command(scenario_ref, witness))
    else:
        lines.append("type: " + " ".join(str(n) for n in witness.numbers))
    return lines


def as_text(report: ExploreReport, scenario_ref: str) -> str:
    out = []
    status = (
        "exhaustive: every reachable state visited"
        if report.complete
        else f"NOT exhaustive: stopped at {report.states:,} states"
    )
    out.append(
        f"explored {report.states:,} states of '{report.scenario_id}' in "
        f"{report.seconds:.2f} s ({status})"
    )
    if not report.complete:
        out.append(
            f"  the limit is {report.max_states:,} states (--max-states); past it only the "
            "likeliest states of each scene were followed, so meter ranges are what was seen"
        )
        if report.overrun is not None:
            scene_id, waiting = report.overrun
            out.append(
                f"  it stopped when scene '{scene_id}' alone could be entered in at least "
                f"{waiting:,} different states"
            )
    for ending in report.endings:
        out.append("")
        out.append(f"ending '{ending.scene_id}' ({ending.outcome}): {ending.verdict.upper()}")
        out.append(f"  {ending.how}")
        if ending.witness is not None:
            out += ["  " + line for line in describe_witness(ending.witness, scenario_ref)]
        if ending.meters:
            label = "meters at this ending (exact)" if ending.meters_exact else "meters seen here"
            shown = ", ".join(
                f"{m} {lo}" if lo == hi else f"{m} {lo}–{hi}"
                for m, (lo, hi) in ending.meters.items()
            )
            out.append(f"  {label}: {shown}")
        if ending.bounds:
            shown = ", ".join(f"{m} {r}" for m, r in ending.bounds.items())
            out.append(f"  meters can be at most within: {shown}")
    for scene_id, witness in report.stuck:
        out.append("")
        out.append(f"DEAD END: scene '{scene_id}' can be reached with no choice available")
        if witness is not None:
            out += ["  " + line for line in describe_witness(witness, scenario_ref)]
    for trapped in report.no_way_out:
        out.append("")
        out.append(
            f"NO WAY OUT: in scene '{trapped.scene_id}', {trapped.states:,} reachable "
            "state(s) cannot reach any ending"
        )
        if trapped.witness is not None:
            out += ["  " + line for line in describe_witness(trapped.witness, scenario_ref)]
    if report.untaken:
        out.append("")
        out.append("choices no game can take:")
        out += [f"  {scene}: {choice}" for scene, choice in report.untaken]
    undecided = [e.scene_id for e in report.endings if e.verdict == UNDECIDED]
    out.append("")
    reachable = sum(e.verdict == REACHABLE for e in report.endings)
    if undecided:
        out.append(
            f"NOT exhaustive: stopped at {report.states:,} states; undecided: "
            f"{', '.join(undecided)} (raise --max-states)"
        )
    elif not report.complete:
        out.append(
            f"NOT exhaustive: stopped at {report.states:,} states; every ending decided "
            f"all the same: {reachable} reachable, {len(report.endings) - reachable} not"
        )
    else:
        out.append(
            f"every ending decided: {reachable} reachable, {len(report.endings) - reachable} not"
        )
    return "\n".join(out)


def _witness_dict(witness: Witness | None) -> dict | None:
    if witness is None:
        return None
    return {
        "numbers": witness.numbers,
        "choices": [s.choice_id for s in witness.steps],
        "scenes": [s.scene_id for s in witness.steps],
        "chance": witness.chance,
        "seed": witness.seed,
        "probability": witness.probability,
    }


def as_dict(report: ExploreReport) -> dict:
    return {
        "scenario": report.scenario_id,
        "states": report.states,
        "complete": report.complete,
        "max_states": report.max_states,
        "decided": report.decided,
        "overrun": (
            None
            if report.overrun is None
            else {"scene": report.overrun[0], "states_at_least": report.overrun[1]}
        ),
        "seconds": round(report.seconds, 3),
        "endings": [
            {
                "scene": e.scene_id,
                "outcome": e.outcome,
                "verdict": e.verdict,
                "how": e.how,
                "witness": _witness_dict(e.witness),
                "meters": {m: list(r) for m, r in e.meters.items()},
                "meters_exact": e.meters_exact,
                "bounds": e.bounds,
            }
            for e in report.endings
        ],
        "dead_ends": [{"scene": s, "witness": _witness_dict(w)} for s, w in report.stuck],
        "untaken_choices": [{"scene": s, "choice": c} for s, c in report.untaken],
        "no_way_out": [
            {"scene": n.scene_id, "states": n.states, "witness": _witness_dict(n.witness)}
            for n in report.no_way_out
        ],
    }
