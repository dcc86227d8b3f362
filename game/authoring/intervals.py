"""Interval analysis of expressions: every value an expression can take when each name lies in a range.

Numbers become intervals ``[lo, hi]``, true/false values become the set of values they may take.
The analysis is sound: a condition reported "never true" is false for every value in the ranges.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from game.engine.expr import (
    EFFECT_OPS,
    Binary,
    Effect,
    Literal,
    Name,
    Node,
    Unary,
    round_half_away,
)
from game.engine.model import Scenario

INF = math.inf


@dataclass(frozen=True, slots=True)
class Interval:
    """All numbers from ``lo`` to ``hi`` (either may be infinite)."""

    lo: float
    hi: float

    def join(self, other: Interval) -> Interval:
        return Interval(min(self.lo, other.lo), max(self.hi, other.hi))

    def __str__(self) -> str:
        return _number(self.lo) if self.lo == self.hi else f"{_number(self.lo)}–{_number(self.hi)}"


Truth = frozenset[bool]
TRUE: Truth = frozenset((True,))
FALSE: Truth = frozenset((False,))
BOTH: Truth = frozenset((True, False))
UNBOUNDED = Interval(-INF, INF)

Abstract = Interval | Truth
AbstractEnv = Mapping[str, Abstract]


def _number(value: float) -> str:
    if value in (INF, -INF):
        return "∞" if value > 0 else "-∞"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def declared_ranges(scenario: Scenario) -> dict[str, Abstract]:
    """Each name's widest possible value: meters in their range, flags either, counters unbounded."""
    env: dict[str, Abstract] = {m.id: Interval(m.min, m.max) for m in scenario.meters}
    env.update({f"flags.{f.id}": BOTH for f in scenario.flags})
    env.update({f"counters.{c.id}": UNBOUNDED for c in scenario.counters})
    env["turn"] = Interval(0, INF)
    env.update({f"visited.{s}": BOTH for s in scenario.scenes})
    return env


def initial_env(scenario: Scenario) -> dict[str, Abstract]:
    """The values a game can start with, as intervals and truth sets."""
    env: dict[str, Abstract] = {}
    for name, value in scenario.initial_values().items():
        env[name] = frozenset((value,)) if isinstance(value, bool) else Interval(value, value)
    for meter in scenario.meters:
        if meter.drawn:  # chance draws the start: any of its values
            env[meter.id] = Interval(min(meter.start_values), max(meter.start_values))
    env.update({f"visited.{s}": FALSE for s in scenario.scenes})
    return env


def _mul(a: float, b: float) -> float:
    product = a * b
    return 0.0 if math.isnan(product) else product


def _corners(a: Interval, b: Interval, op: str) -> Interval:
    if op == "+":
        return Interval(a.lo + b.lo, a.hi + b.hi)
    if op == "-":
        return Interval(a.lo - b.hi, a.hi - b.lo)
    products = [_mul(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    return Interval(min(products), max(products))


def _compare(op: str, a: Interval, b: Interval) -> Truth:
    if op == "<":
        can_true, can_false = a.lo < b.hi, a.hi >= b.lo
    elif op == "<=":
        can_true, can_false = a.lo <= b.hi, a.hi > b.lo
    elif op == ">":
        can_true, can_false = a.hi > b.lo, a.lo <= b.hi
    elif op == ">=":
        can_true, can_false = a.hi >= b.lo, a.lo < b.hi
    else:
        overlap = a.lo <= b.hi and b.lo <= a.hi
        single = a.lo == a.hi == b.lo == b.hi
        can_true, can_false = overlap, not single
        if op == "!=":
            can_true, can_false = can_false, can_true
    return frozenset(v for v, possible in ((True, can_true), (False, can_false)) if possible)


def evaluate(node: Node, env: AbstractEnv) -> Abstract:
    """Every value ``node`` can take when each name takes any value ``env`` allows."""
    if isinstance(node, Literal):
        value = node.value
        if isinstance(value, bool):
            return frozenset((value,))
        return Interval(value, value)
    if isinstance(node, Name):
        return env.get(
            node.name, BOTH if node.name.startswith(("flags.", "visited.")) else UNBOUNDED
        )
    if isinstance(node, Unary):
        operand = evaluate(node.operand, env)
        if node.op == "not":
            return frozenset(not v for v in _truth(operand))
        number = _interval(operand)
        return Interval(-number.hi, -number.lo)
    left = evaluate(node.left, env)
    right = evaluate(node.right, env)
    op = node.op
    if op in ("and", "or"):
        combine = (lambda a, b: a and b) if op == "and" else (lambda a, b: a or b)
        return frozenset(combine(a, b) for a in _truth(left) for b in _truth(right))
    if isinstance(left, frozenset) or isinstance(right, frozenset):
        pairs = [(a, b) for a in _truth(left) for b in _truth(right)]
        if op == "==":
            return frozenset(a == b for a, b in pairs)
        return frozenset(a != b for a, b in pairs)
    if op in ("+", "-", "*"):
        return _corners(left, right, op)
    return _compare(op, left, right)


def _truth(value: Abstract) -> Truth:
    return value if isinstance(value, frozenset) else BOTH


def _interval(value: Abstract) -> Interval:
    return value if isinstance(value, Interval) else UNBOUNDED


def truth(node: Node, env: AbstractEnv) -> Truth:
    """Whether a condition can be true, false, or both."""
    return _truth(evaluate(node, env))


def refine(node: Node, env: AbstractEnv, want: bool) -> dict[str, Abstract] | None:
    """``env`` narrowed to the values where ``node`` is ``want``; None when there are none.

    Narrowing is exact for ``name OP number`` comparisons, flags, ``not``, ``and`` and ``or``;
    elsewhere it keeps ``env`` as it is (still sound, only less precise).
    """
    if want not in truth(node, env):
        return None
    narrowed = dict(env)
    if isinstance(node, Name) and node.name in narrowed:
        narrowed[node.name] = frozenset((want,))
        return narrowed
    if isinstance(node, Unary) and node.op == "not":
        return refine(node.operand, env, not want)
    if isinstance(node, Binary):
        if (node.op == "and" and want) or (node.op == "or" and not want):
            first = refine(node.left, env, want)
            return None if first is None else refine(node.right, first, want)
        if node.op in ("and", "or"):
            left = refine(node.left, env, want)
            right = refine(node.right, env, want)
            options = [e for e in (left, right) if e is not None]
            if not options:
                return None
            return join_envs(options[0], options[-1])
        if node.op in ("<", "<=", ">", ">=", "==", "!="):
            return _refine_comparison(node, narrowed, want)
    return narrowed


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


def _refine_comparison(node: Binary, env: dict[str, Abstract], want: bool) -> dict | None:
    op = node.op if want else _NEGATE[node.op]
    for name_side, other_side, this_op in (
        (node.left, node.right, op),
        (node.right, node.left, _FLIP[op]),
    ):
        if not isinstance(name_side, Name) or name_side.name not in env:
            continue
        current = env[name_side.name]
        other = evaluate(other_side, env)
        if not isinstance(current, Interval) or not isinstance(other, Interval):
            continue
        lo, hi = current.lo, current.hi
        if this_op in ("<", "<="):
            hi = min(hi, other.hi)
        elif this_op in (">", ">="):
            lo = max(lo, other.lo)
        elif this_op == "==":
            lo, hi = max(lo, other.lo), min(hi, other.hi)
        if lo > hi:
            return None
        env[name_side.name] = Interval(lo, hi)
    return env


def join(a: Abstract, b: Abstract) -> Abstract:
    if isinstance(a, Interval) and isinstance(b, Interval):
        return a.join(b)
    return _truth(a) | _truth(b)


def join_envs(a: AbstractEnv, b: AbstractEnv) -> dict[str, Abstract]:
    """The smallest environment holding both."""
    return {name: join(value, b[name]) if name in b else value for name, value in a.items()}


def _round(value: float) -> float:
    return value if value in (INF, -INF) else round_half_away(value)


def effect_result(effect: Effect, env: AbstractEnv, low: float, high: float) -> Abstract:
    """Every value the effect's target can have afterwards (before clamping to a meter's range).

    The operator's own formula (``EFFECT_OPS``) at the corners of the old value's and the
    amount's ranges: each operator is linear in either alone, so the corners bound it.
    """
    amount = evaluate(effect.value.tree, env)
    if isinstance(amount, frozenset):
        return amount
    old = _interval(env.get(effect.target, UNBOUNDED))
    apply = EFFECT_OPS[effect.op].apply
    values = [
        _defined(apply(x, y, low, high)) for x in (old.lo, old.hi) for y in (amount.lo, amount.hi)
    ]
    return Interval(_round(min(values)), _round(max(values)))


def _defined(value: float) -> float:
    """A corner's value; one left undefined by infinities (inf - inf, 0 * inf) counts as 0, the
    value the game rounds such a result to."""
    return 0.0 if math.isnan(value) else value


def apply_effects(
    effects: tuple[Effect, ...], env: dict[str, Abstract], scenario: Scenario
) -> dict[str, Abstract]:
    """``env`` after the effects, in order, with meters kept in their ranges (changes ``env``)."""
    meters = scenario.meter_by_id
    for effect in effects:
        before = env.get(effect.target, UNBOUNDED)
        meter = meters.get(effect.target)
        if meter is None:
            after: Abstract = effect_result(effect, env, 0, 100)
        else:
            result = _interval(effect_result(effect, env, meter.min, meter.max))
            after = Interval(
                max(meter.min, min(meter.max, result.lo)),
                max(meter.min, min(meter.max, result.hi)),
            )
        if effect.condition is not None:
            maybe = evaluate(effect.condition.tree, env)
            if maybe == frozenset({False}):
                continue  # the condition can never hold here: the effect never applies
            if maybe != frozenset({True}):
                after = join(before, after)  # it may or may not apply
        env[effect.target] = after
    return env
