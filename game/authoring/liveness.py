"""Which values can still matter, and how finely: for each scene, what a game may read from there on.

A backward data-flow fixpoint over the scene graph. A name is *live* where some way forward may
read it (in a condition, a weight, an effect's amount, or an effect that changes it relative to
its old value) before an effect sets it outright. Values that are not live cannot change what
happens next, so an exhaustive search may forget them.

A meter that the way forward only compares with fixed numbers (``trust.kyiv >= 45``), and changes
only by fixed amounts, is needed only up to those comparisons: its range splits into blocks at
*cuts*, and two values in the same block lead to the same conditions, the same chances and the
same blocks later on. Every other number read is needed exactly. Effects on a meter are followed
backwards by computing them over the whole range, so rounding, clamping and fairmath are exact.

``observed`` names are read at every ending (exactly).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Mapping

from game.engine.expr import EFFECT_OPS, Binary, Effect, Literal, Name, Node, Unary
from game.engine.model import Choice, Meter, Scenario, Scene

EXACT = None  # a value needed exactly
Cuts = frozenset[int] | None  # where a meter's blocks start (EXACT: every value apart)
Need = Mapping[str, Cuts]  # for each live name, how finely it is needed
MAX_SPAN = 4096  # meters with a wider range are always needed exactly
SETTLE_AFTER = 8  # updates of a scene's needs before its meters are simply needed exactly

_COMPARE = {"<", "<=", ">", ">=", "==", "!="}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def join(a: Cuts, b: Cuts) -> Cuts:
    return EXACT if a is EXACT or b is EXACT else a | b


def merge(*needs: Need) -> dict[str, Cuts]:
    """Everything any of ``needs`` needs."""
    result: dict[str, Cuts] = {}
    for need in needs:
        for name, cuts in need.items():
            result[name] = join(result[name], cuts) if name in result else cuts
    return result


def _constant(node: Node) -> float | None:
    """The value of a tree that reads no name, else None."""
    if isinstance(node, Literal):
        return None if isinstance(node.value, bool) else float(node.value)
    if isinstance(node, Unary) and node.op == "-":
        inner = _constant(node.operand)
        return None if inner is None else -inner
    if isinstance(node, Binary) and node.op in ("+", "-", "*"):
        left, right = _constant(node.left), _constant(node.right)
        if left is None or right is None:
            return None
        return EFFECT_ARITHMETIC[node.op](left, right)
    return None


EFFECT_ARITHMETIC = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: float(a) * b,
}


def _threshold(op: str, number: float) -> frozenset[int]:
    """The cuts that decide ``value OP number`` for whole numbers."""
    import math

    if op in ("<", ">="):
        return frozenset((math.ceil(number),))
    if op in ("<=", ">"):
        return frozenset((math.floor(number) + 1,))
    if float(number).is_integer():  # == and !=
        return frozenset((int(number), int(number) + 1))
    return frozenset()


class Reads:
    """What expressions read, and how finely, given which names are meters with cuts."""

    def __init__(self, meters: Mapping[str, Meter]) -> None:
        self.meters = {m: meter for m, meter in meters.items() if meter.max - meter.min < MAX_SPAN}

    def of(self, node: Node | None) -> dict[str, Cuts]:
        found: dict[str, Cuts] = {}
        if node is not None:
            self._walk(node, found)
        return found

    def _walk(self, node: Node, found: dict[str, Cuts]) -> None:
        if isinstance(node, Name):
            found[node.name] = EXACT
            return
        if isinstance(node, Unary):
            self._walk(node.operand, found)
            return
        if not isinstance(node, Binary):
            return
        if node.op in _COMPARE:
            for side, other, op in (
                (node.left, node.right, node.op),
                (node.right, node.left, _FLIP[node.op]),
            ):
                if isinstance(side, Name) and side.name in self.meters:
                    number = _constant(other)
                    if number is not None:
                        cuts = _threshold(op, number)
                        name = side.name
                        found[name] = join(found[name], cuts) if name in found else cuts
                        return
        self._walk(node.left, found)
        self._walk(node.right, found)


class Distinctions:
    """For each scene, how finely each name is needed (see the module docstring)."""

    def __init__(self, scenario: Scenario, observed: Iterable[str] = ()) -> None:
        self.scenario = scenario
        self.observed = {name: EXACT for name in observed}
        self.reads = Reads(scenario.meter_by_id)
        self._images: dict[tuple[int, int], list[int]] = {}  # (effect id, meter) -> g over range
        self._keep: list[Effect] = []  # keeps the effects cached by id alive
        self.at: dict[str, dict[str, Cuts]] = {}
        self.entry: dict[str, dict[str, Cuts]] = {}
        self._solve()

    # -- the rules --------------------------------------------------------------------------

    def before(self, effects: Iterable[Effect], after: Need) -> dict[str, Cuts]:
        """What is needed before ``effects`` run, given what is needed after them."""
        need = dict(after)
        for effect in reversed(tuple(effects)):
            target = effect.target
            if target not in need:
                continue  # nothing reads what it writes: it cannot matter
            later = need.pop(target)
            op = EFFECT_OPS[effect.op]
            own: Cuts | None = None  # what the effect needs of the target's old value
            amount_reads = self.reads.of(effect.value.tree)
            meter = self.reads.meters.get(target)
            if meter is not None and not amount_reads and later is not EXACT:
                own = self._preimage(effect, meter, later)
            elif op.reads_old:
                own = EXACT
            reads = merge(
                amount_reads, self.reads.of(effect.condition.tree if effect.condition else None)
            )
            if effect.condition is not None:
                own = later if own is None else join(own, later)
            if own is not None or op.reads_old:
                reads[target] = own if target not in reads else join(reads[target], own)
            need = merge(need, reads)
        return need

    def _preimage(
        self, effect: Effect, meter: Meter, after: frozenset[int]
    ) -> frozenset[int] | None:
        """The cuts of the old value that decide the new value's block (None: not needed)."""
        image = self._image(effect, meter)
        if effect.op == "=" and effect.condition is None:
            return None
        ordered = sorted(after)
        blocks = [bisect_right(ordered, v) for v in image]
        return frozenset(meter.min + i for i in range(1, len(blocks)) if blocks[i] != blocks[i - 1])

    def _image(self, effect: Effect, meter: Meter) -> list[int]:
        key = (id(effect), id(meter))
        found = self._images.get(key)
        if found is None:
            values = {m.id: m.start for m in self.scenario.meters}
            found = []
            for old in range(meter.min, meter.max + 1):
                values[meter.id] = old
                found.append(meter.clamp(effect.new_value(old, values, meter.min, meter.max)))
            self._images[key] = found
            self._keep.append(effect)
        return found

    def route(self, choice: Choice) -> dict[str, Cuts]:
        """What picking a choice's branch reads: the branches' conditions, and their weights when
        chance draws among them."""
        if len(choice.branches) == 1 and choice.branches[0].condition is None:
            return {}
        parts = []
        for branch in choice.branches:
            parts.append(self.reads.of(branch.condition.tree if branch.condition else None))
            if choice.pick != "first":
                parts.append(self.reads.of(branch.weight.tree))
        return merge(*parts)

    def after_on_enter(self, scene: Scene) -> dict[str, Cuts]:
        """Needed once the scene's on_enter effects ran, before its news is drawn."""
        here = self.at[scene.id]
        parts: list[Need] = [here]
        for news in scene.news:
            parts.append(self.before(news.effects, here))
            parts.append(self.reads.of(news.weight.tree))
            parts.append(self.reads.of(news.condition.tree if news.condition else None))
        return merge(*parts)

    def after_choice(self, choice: Choice) -> dict[str, Cuts]:
        """Needed once a choice's own effects ran, before its branch is picked."""
        parts: list[Need] = [self.route(choice)]
        for branch in choice.branches:
            parts.append(self.before(branch.effects, self.entry[branch.scene_id]))
        return merge(*parts)

    def _scene(self, scene: Scene) -> dict[str, Cuts]:
        if scene.ending is not None:
            return dict(self.observed)
        parts: list[Need] = []
        for choice in scene.choices:
            parts.append(self.reads.of(choice.condition.tree if choice.condition else None))
            parts.append(self.before(choice.effects, self.after_choice(choice)))
        return merge(*parts)

    def _solve(self) -> None:
        scenes = self.scenario.scenes
        self.at = {s: {} for s in scenes}
        self.entry = {s: {} for s in scenes}
        sources: dict[str, set[str]] = {s: set() for s in scenes}
        for scene in scenes.values():
            for choice in scene.choices:
                for branch in choice.branches:
                    sources[branch.scene_id].add(scene.id)
        queue = deque(scenes)
        queued = set(scenes)
        updates: dict[str, int] = {}
        while queue:
            scene_id = queue.popleft()
            queued.discard(scene_id)
            scene = scenes[scene_id]
            self.at[scene_id] = self._scene(scene)
            before = self.before(scene.on_enter, self.after_on_enter(scene))
            before.pop(f"visited.{scene_id}", None)  # entering sets it
            if before == self.entry[scene_id]:
                continue
            updates[scene_id] = updates.get(scene_id, 0) + 1
            if updates[scene_id] > SETTLE_AFTER:  # in a long loop: stop refining, keep all
                before = {name: EXACT for name in before}
            self.entry[scene_id] = before
            for source in sources[scene_id]:
                if source not in queued:
                    queued.add(source)
                    queue.append(source)


def needed(effects: tuple[Effect, ...], after: Need) -> tuple[Effect, ...]:
    """The effects whose result may be read later (the others can be skipped)."""
    kept: list[Effect] = []
    live = set(after)
    for effect in reversed(effects):
        if effect.target not in live:
            continue
        kept.append(effect)
        if effect.condition is None and effect.op == "=":
            live.discard(effect.target)
        live |= effect.value.names
        if effect.condition is not None:
            live |= effect.condition.names
        if EFFECT_OPS[effect.op].reads_old:
            live.add(effect.target)
    return tuple(reversed(kept))
