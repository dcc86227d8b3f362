"""Proof of reachability: which endings a game can reach, the shortest way there, and the meters.

An exhaustive breadth-first search over every state (scene and values) with every chance outcome
that has a positive weight. When the state space is larger than the limit, an interval analysis
(see reach.py) proves endings unreachable and a guided search looks for witness paths; endings
neither proved nor found are reported as undecided.
"""

from __future__ import annotations

import heapq
import time
from collections import deque
from dataclasses import dataclass, field

from game.engine.chance import Dice
from game.engine.expr import Binary, Node, compile_tree
from game.engine.model import Scenario
from game.engine.session import ChoiceUnavailable, Session
from game.program import command_line

from .graph import links
from .reach import analyse
from .statespace import State, StateSpace, Step

REACHABLE = "reachable"
UNREACHABLE = "unreachable"
UNDECIDED = "undecided"


@dataclass
class Witness:
    """A shortest sequence of choices from the start to a scene, and how to replay it."""

    steps: list[Step]
    chance: bool  # whether chance had to go the right way somewhere
    seed: int | None = None  # a seed that replays it in play --plain, when one was found

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
class ExploreReport:
    scenario_id: str
    states: int
    complete: bool
    seconds: float
    endings: list[EndingReport]
    stuck: list[tuple[str, Witness]]  # dead ends found: scene and a way there
    untaken: list[tuple[str, str]]  # (scene, choice) never available (complete searches only)
    max_states: int

    @property
    def decided(self) -> bool:
        return all(e.verdict != UNDECIDED for e in self.endings)


class _Search:
    def __init__(self, scenario: Scenario, max_states: int) -> None:
        self.scenario = scenario
        self.space = StateSpace(scenario)
        self.max_states = max_states
        self.parent: dict[State, tuple[State, Step] | None] = {}

    def path_to(self, state: State) -> list[Step]:
        steps = []
        link = self.parent[state]
        while link is not None:
            previous, step = link
            steps.append(step)
            link = self.parent[previous]
        return steps[::-1]


def explore(scenario: Scenario, max_states: int = 200_000, seed_tries: int = 2000) -> ExploreReport:
    """Search the game's states and decide, for each ending, whether a game can reach it."""
    began = time.perf_counter()
    search = _Search(scenario, max_states)
    space = search.space
    parent = search.parent
    queue: deque[State] = deque()
    starts = space.starts()
    for state in starts:
        parent[state] = None
        queue.append(state)
    ending_first: dict[str, State] = {}
    ranges: dict[str, dict[str, list[int]]] = {}
    stuck_first: dict[str, State] = {}
    taken: set[tuple[str, str]] = set()
    meter_index = [(m.id, i) for i, m in enumerate(scenario.meters)]
    scenes = scenario.scenes
    complete = True
    while queue:
        state = queue.popleft()
        scene_id = state[0]
        if scenes[scene_id].ending is not None:
            ending_first.setdefault(scene_id, state)
            seen = ranges.setdefault(scene_id, {})
            for meter_id, index in meter_index:
                value = state[1][index]
                bounds = seen.get(meter_id)
                if bounds is None:
                    seen[meter_id] = [value, value]
                elif value < bounds[0]:
                    bounds[0] = value
                elif value > bounds[1]:
                    bounds[1] = value
            continue
        successors = space.successors(state)
        if not successors:
            stuck_first.setdefault(scene_id, state)
            continue
        for step, following in successors:
            taken.add((scene_id, step.choice_id))
            if following in parent:
                continue
            if len(parent) >= max_states:
                complete = False
                continue
            parent[following] = (state, step)
            queue.append(following)
    reports = []
    reach = None if complete else analyse(scenario)
    for scene in scenario.endings:
        assert scene.ending is not None
        report = EndingReport(scene.id, scene.title, scene.ending.outcome, UNDECIDED, "")
        if scene.id in ending_first:
            report.verdict = REACHABLE
            report.how = "found by exhaustive search" if complete else "found within the limit"
            report.witness = _witness(search, ending_first[scene.id], len(starts), seed_tries)
            report.meters = {k: (v[0], v[1]) for k, v in ranges[scene.id].items()}
            report.meters_exact = complete
        elif complete:
            report.verdict = UNREACHABLE
            report.how = "no game reaches it (exhaustive search of every state)"
        elif reach is not None and not reach.reachable(scene.id):
            report.verdict = UNREACHABLE
            report.how = "no game reaches it (interval analysis of the meters per scene)"
        reports.append(report)
    if not complete:
        for report in reports:
            if report.verdict != UNDECIDED:
                continue
            found = _random_walks(search, report.scene_id, max_states)
            if found is None:
                found = _guided(search, report.scene_id, max_states)
            if found is not None:
                report.verdict = REACHABLE
                report.how = "found by a guided search (a path, not always the shortest)"
                report.witness = _witness(search, found, len(starts), seed_tries)
                report.meters = {m: (v, v) for m, v in _meters(scenario, found).items()}
    if reach is not None:
        for report in reports:
            entry = reach.entry.get(report.scene_id)
            if entry is not None and report.verdict == REACHABLE:
                report.bounds = {m.id: str(entry[m.id]) for m in scenario.meters if m.id in entry}
    for report in reports:
        witness = report.witness
        if witness is not None and witness.chance and witness.seed is None:
            replayable = seeded_witness(scenario, report.scene_id, witness, seed_tries * 10)
            if replayable is not None:
                report.witness = replayable
    stuck = [
        (scene_id, _witness(search, state, len(starts), seed_tries))
        for scene_id, state in stuck_first.items()
    ]
    untaken = []
    if complete:
        reached_scenes = {s[0] for s in parent}
        for scene in scenario.scenes.values():
            if scene.id not in reached_scenes:
                continue
            untaken += [(scene.id, c.id) for c in scene.choices if (scene.id, c.id) not in taken]
    return ExploreReport(
        scenario.id,
        len(parent),
        complete,
        time.perf_counter() - began,
        reports,
        stuck,
        untaken,
        max_states,
    )


def _meters(scenario: Scenario, state: State) -> dict[str, int]:
    return {m.id: int(state[1][i]) for i, m in enumerate(scenario.meters)}


def _distances(scenario: Scenario, target: str) -> dict[str, int]:
    """How many moves each scene is from ``target`` in the scene graph."""
    incoming: dict[str, list[str]] = {}
    for source, targets in links(scenario).items():
        for t in targets:
            incoming.setdefault(t, []).append(source)
    distance = {target: 0}
    queue = deque([target])
    while queue:
        scene_id = queue.popleft()
        for source in incoming.get(scene_id, ()):
            if source not in distance:
                distance[source] = distance[scene_id] + 1
                queue.append(source)
    return distance


def _entry_conditions(scenario: Scenario, target: str) -> list[list[Node]]:
    """For each way into ``target``: the conditions that must hold for it."""
    ways = []
    for scene in scenario.scenes.values():
        for choice in scene.choices:
            for branch in choice.branches:
                if branch.scene_id == target:
                    ways.append([c.tree for c in (choice.condition, branch.condition) if c])
    return ways


_COMPILED: dict[int, tuple[Node, object]] = {}


def _compiled(node: Node):
    found = _COMPILED.get(id(node))
    if found is None or found[0] is not node:
        found = (node, compile_tree(node))
        _COMPILED[id(node)] = found
    return found[1]


def _violation(node: Node, values: dict) -> float:
    """How far ``values`` are from making a condition true (0 when it holds)."""
    if isinstance(node, Binary):
        if node.op == "and":
            return _violation(node.left, values) + _violation(node.right, values)
        if node.op == "or":
            return min(_violation(node.left, values), _violation(node.right, values))
        if node.op in ("<", "<=", ">", ">="):
            try:
                left = float(_compiled(node.left)(values))
                right = float(_compiled(node.right)(values))
            except (KeyError, TypeError):
                return 0.0
            gap = {"<": left - right + 1, "<=": left - right, ">": right - left + 1}.get(
                node.op, right - left
            )
            return max(0.0, gap)
    try:
        return 0.0 if _compiled(node)(values) else 10.0
    except (KeyError, TypeError):
        return 0.0


def _guided(search: _Search, target: str, budget: int) -> State | None:
    """Best-first search towards ``target``: states nearer to it in the scene graph, and nearer
    to meeting the conditions on the ways into it, first. Records paths in ``parent``."""
    distance = _distances(search.scenario, target)
    ways = _entry_conditions(search.scenario, target) or [[]]
    space = search.space

    def priority(state: State) -> float:
        values = space.values(state)
        gap = min(sum(_violation(c, values) for c in way) for way in ways)
        return gap + 10 * distance.get(state[0], 10**6)

    seen: set[State] = set()
    heap: list[tuple[float, int, State]] = []
    counter = 0
    for state in space.starts():
        heapq.heappush(heap, (priority(state), counter, state))
    while heap and len(seen) < budget:
        _, _, state = heapq.heappop(heap)
        if state in seen:
            continue
        seen.add(state)
        if state[0] == target:
            return state
        for step, following in space.successors(state):
            if following in seen or following[0] not in distance:
                continue
            if following not in search.parent:
                search.parent[following] = (state, step)
            counter += 1
            heapq.heappush(heap, (priority(following), counter, following))
    return None


def _random_walks(search: _Search, target: str, budget: int, walks: int = 20_000) -> State | None:
    """Seeded random games over the state space, each chance outcome as likely as any other;
    the first that reaches ``target`` is returned with its path recorded in ``parent``."""
    space = search.space
    dice = Dice(0)
    starts = space.starts()
    steps_taken = 0
    for _ in range(walks):
        state = starts[int(dice.random() * len(starts))]
        trail: list[tuple[State, Step, State]] = []
        for _turn in range(500):
            if state[0] == target:
                for before, step, after in trail:
                    search.parent.setdefault(after, (before, step))
                return state
            successors = space.successors(state)
            steps_taken += 1
            if not successors or steps_taken > budget:
                break
            step, following = successors[int(dice.random() * len(successors))]
            trail.append((state, step, following))
            state = following
        if steps_taken > budget:
            break
    return None


def _witness(search: _Search, state: State, starts: int, seed_tries: int) -> Witness:
    steps = search.path_to(state)
    root = state
    while search.parent[root] is not None:
        root = search.parent[root][0]  # type: ignore[index]
    chance = starts > 1 or any(step.chance for step in steps)
    witness = Witness(steps, chance)
    if chance:
        witness.seed = find_seed(search.space, root, steps, state, seed_tries)
    return witness


def find_seed(
    space: StateSpace, root: State, steps: list[Step], goal: State, tries: int
) -> int | None:
    """A seed with which typing these choice numbers in ``play`` follows this exact path."""
    scenario = space.scenario
    for seed in range(tries):
        session = Session(scenario, seed)
        if space.state(session.scene_id, session.values) != root:
            continue
        try:
            for step in steps:
                options = session.options()
                if options[step.number - 1].choice.id != step.choice_id:
                    break
                session.choose(step.number)
                if session.scene_id != step.to_scene:
                    break
            else:
                if space.state(session.scene_id, session.values) == goal:
                    return seed
        except (ChoiceUnavailable, IndexError):
            continue
    return None


def seeded_witness(scenario: Scenario, target: str, guide: Witness, tries: int) -> Witness | None:
    """A path to ``target`` that real seeded games take, for when no seed replays ``guide``.

    Plays real games seed by seed, taking the guide's choice in each scene it names and a
    seeded random enabled choice elsewhere, until one reaches the target: that seed and those
    numbers replay in play --plain by construction (not always the shortest path).
    """
    preferred = {step.scene_id: step.choice_id for step in guide.steps}
    picker = Dice(1)
    for seed in range(tries):
        session = Session(scenario, seed)
        steps: list[Step] = []
        while not session.ended and session.turn < 200:
            options = session.enabled_options()
            if not options:
                break
            wanted = preferred.get(session.scene_id)
            option = next((o for o in options if o.choice.id == wanted), None)
            if option is None or picker.random() < 0.1:
                option = options[int(picker.random() * len(options))]
            decision = session.choose(option.number)
            steps.append(
                Step(
                    decision.scene_id,
                    option.number,
                    decision.choice_id,
                    decision.to_scene,
                    option.choice.is_chance,
                )
            )
        if session.scene_id == target:
            return Witness(steps, True, seed)
    return None


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
        lines.append(f"chance involved: seed {witness.seed} makes it go this way")
    else:
        lines.append("chance involved: no seed tried goes this way; retry with other seeds")
    if witness.steps and (not witness.chance or witness.seed is not None):
        lines.append("replay: " + replay_command(scenario_ref, witness))
    else:
        lines.append("type: " + " ".join(str(n) for n in witness.numbers))
    return lines


def as_text(report: ExploreReport, scenario_ref: str) -> str:
    out = []
    status = "complete" if report.complete else f"stopped at the limit of {report.max_states:,}"
    out.append(
        f"explored {report.states:,} states of '{report.scenario_id}' in "
        f"{report.seconds:.2f} s ({status})"
    )
    for ending in report.endings:
        out.append("")
        out.append(f"ending '{ending.scene_id}' ({ending.outcome}): {ending.verdict.upper()}")
        out.append(f"  {ending.how}")
        if ending.witness is not None:
            out += ["  " + line for line in describe_witness(ending.witness, scenario_ref)]
        if ending.meters:
            label = "meters at this ending" if ending.meters_exact else "meters seen here"
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
        out += ["  " + line for line in describe_witness(witness, scenario_ref)]
    if report.untaken:
        out.append("")
        out.append("choices no game can take:")
        out += [f"  {scene}: {choice}" for scene, choice in report.untaken]
    undecided = [e.scene_id for e in report.endings if e.verdict == UNDECIDED]
    out.append("")
    if undecided:
        out.append(
            f"UNDECIDED within {report.max_states:,} states: {', '.join(undecided)} "
            "(raise --max-states)"
        )
    else:
        reachable = sum(e.verdict == REACHABLE for e in report.endings)
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
    }


def as_dict(report: ExploreReport) -> dict:
    return {
        "scenario": report.scenario_id,
        "states": report.states,
        "complete": report.complete,
        "decided": report.decided,
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
    }
