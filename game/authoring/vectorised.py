"""Expressions, effects and chance compiled a second time, to act on many states at once (numpy).

A batch of states is a set of columns, one array per name. The compiled forms follow the
engine's own rules (the operator table, rounding and clamping, the draw rules) value for value,
so that the exhaustive explorer agrees with the session on every state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from game.engine.chance import LAST, DrawRule
from game.engine.expr import EFFECT_OPS, LARGEST, Effect, Literal, Name, Node, Unary
from game.engine.model import Scenario

Columns = dict[str, np.ndarray]
Vector = Callable[[Mapping[str, np.ndarray]], object]  # an array, or a scalar when constant


def _compare(op: str) -> Callable[[object, object], object]:
    return {
        "==": np.equal,
        "!=": np.not_equal,
        "<": np.less,
        "<=": np.less_equal,
        ">": np.greater,
        ">=": np.greater_equal,
    }[op]


def vector(node: Node) -> Vector:
    """Compile a checked expression tree to a function of columns (numbers as int64 or
    float64 arrays, true/false as bool arrays), with the engine's arithmetic."""
    if isinstance(node, Literal):
        value = node.value
        return lambda cols: value
    if isinstance(node, Name):
        key = node.name
        return lambda cols: cols[key]
    if isinstance(node, Unary):
        operand = vector(node.operand)
        if node.op == "not":
            return lambda cols: np.logical_not(operand(cols))
        return lambda cols: np.negative(operand(cols))
    left = vector(node.left)
    right = vector(node.right)
    op = node.op
    if op == "and":
        return lambda cols: np.logical_and(left(cols), right(cols))
    if op == "or":
        return lambda cols: np.logical_or(left(cols), right(cols))
    if op == "+":
        return lambda cols: np.add(left(cols), right(cols))
    if op == "-":
        return lambda cols: np.subtract(left(cols), right(cols))
    if op == "*":  # in floating point, as the engine does
        return lambda cols: np.multiply(np.asarray(left(cols), dtype=np.float64), right(cols))
    compare = _compare(op)
    return lambda cols: compare(left(cols), right(cols))


def round_half_away(values: object) -> np.ndarray:
    """The engine's rounding, for arrays: halves away from zero, NaN to 0, held within 2**53."""
    array = np.asarray(values)
    if array.dtype.kind in "iub":
        return np.clip(array.astype(np.int64), -LARGEST, LARGEST)
    rounded = np.copysign(np.floor(np.abs(array) + 0.5), array)
    rounded = np.where(np.isnan(rounded), 0.0, rounded)
    return np.clip(rounded, -LARGEST, LARGEST).astype(np.int64)


def column(value: object, size: int, dtype: type) -> np.ndarray:
    """``value`` as an array of ``size`` (a constant is repeated)."""
    array = np.asarray(value, dtype=dtype)
    if array.shape == (size,):
        return array
    return np.full(size, array, dtype=dtype)


@dataclass(frozen=True, slots=True)
class VectorEffect:
    """One effect, ready to apply to a batch."""

    target: str
    kind: str  # "meter", "counter" or "flag"
    low: int
    high: int
    apply: Callable[[object, object, object, object], object]
    reads_old: bool
    amount: Vector
    condition: Vector | None

    def run(self, cols: Columns, size: int) -> None:
        amount = self.amount(cols)
        old = cols[self.target] if (self.reads_old or self.condition is not None) else None
        if self.kind == "flag":
            new = column(amount, size, np.bool_)
        else:
            aimed = round_half_away(self.apply(old, amount, self.low, self.high))
            if self.kind == "meter":
                aimed = np.clip(aimed, self.low, self.high)
            new = column(aimed, size, np.int64)
        if self.condition is not None:
            new = np.where(self.condition(cols), new, old)
        cols[self.target] = new


def compile_effects(effects: Sequence[Effect], scenario: Scenario) -> tuple[VectorEffect, ...]:
    compiled = []
    for effect in effects:
        meter = scenario.meter_by_id.get(effect.target)
        if meter is not None:
            kind, low, high = "meter", meter.min, meter.max
        elif effect.target.startswith("counters."):
            kind, low, high = "counter", 0, 100
        else:
            kind, low, high = "flag", 0, 1
        op = EFFECT_OPS[effect.op]
        compiled.append(
            VectorEffect(
                effect.target,
                kind,
                low,
                high,
                op.apply,
                op.reads_old,
                vector(effect.value.tree),
                vector(effect.condition.tree) if effect.condition is not None else None,
            )
        )
    return tuple(compiled)


def run_effects(effects: Sequence[VectorEffect], cols: Columns, size: int) -> None:
    for effect in effects:
        effect.run(cols, size)


def holds(condition: Vector | None, cols: Columns, size: int) -> np.ndarray:
    """Where a condition holds (everywhere when there is none)."""
    if condition is None:
        return np.ones(size, dtype=np.bool_)
    return column(condition(cols), size, np.bool_)


def weights_of(weight: Vector, cols: Columns, size: int) -> np.ndarray:
    """A weight as chance reads it: below 0, or not a number, counts as 0."""
    values = column(weight(cols), size, np.float64)
    return np.where(values > 0, values, 0.0)


def draw_odds(
    rule: DrawRule, held: Sequence[np.ndarray], weights: Sequence[np.ndarray]
) -> np.ndarray:
    """The chance of each item (rows) in each state (columns): :meth:`DrawRule.odds` for many
    states at once. A column of zeros means nothing is drawn."""
    held_rows = np.array(held, dtype=np.bool_)
    count, size = held_rows.shape
    weight_rows = np.where(held_rows, np.array(weights, dtype=np.float64), 0.0)
    total = np.zeros(size)
    for row in weight_rows:  # added in order, as the dice add them
        total = total + row
    with np.errstate(invalid="ignore", divide="ignore"):
        odds = np.where(total > 0, weight_rows / np.where(total > 0, total, 1.0), 0.0)
    left = held_rows.sum(axis=0)
    none_left = left == 0
    if rule.when_none_left == LAST:
        odds[count - 1, none_left] = 1.0
    all_zero = (left > 0) & ~(total > 0)
    if rule.when_all_zero == LAST and all_zero.any():
        last_left = count - 1 - np.argmax(held_rows[::-1], axis=0)
        odds[last_left[all_zero], np.nonzero(all_zero)[0]] = 1.0
    overflow = np.isinf(total)
    if overflow.any():  # too large to add up: the draw always lands on the last one that weighs
        last_weighing = count - 1 - np.argmax(weight_rows[::-1] > 0, axis=0)
        odds[:, overflow] = 0.0
        odds[last_weighing[overflow], np.nonzero(overflow)[0]] = 1.0
    return odds


def take(cols: Mapping[str, np.ndarray], rows: np.ndarray) -> Columns:
    """The columns of some states only."""
    return {name: values[rows] for name, values in cols.items()}
