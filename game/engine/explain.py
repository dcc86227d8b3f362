"""Why a condition held or failed, as facts with the values the game had: the engine's account of
what decided a route, used by turn records and debriefs.

``explain`` walks a condition's tree and keeps only the comparisons that settle it: for ``a and b``
that held, both; for ``a or b`` that held, the first that held; for a failed ``and``, the first that
failed. Each fact names the values it read and, when it compares a meter with one of the meter's
marks, that mark.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from .expr import (
    Binary,
    Evaluator,
    Expression,
    Literal,
    Name,
    Node,
    Unary,
    compile_tree,
    names_in,
)
from .model import Mark, Meter, Scenario

Value = int | bool

_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4}
_PRECEDENCE.update({"+": 5, "-": 5, "*": 6})


@dataclass(frozen=True, slots=True)
class Reason:
    """One comparison that settled a condition, as the game saw it."""

    source: str  # the comparison as an expression, e.g. "standing.home < 35"
    holds: bool  # whether it was true
    values: tuple[tuple[str, Value], ...]  # the names it read, with their values then
    mark: Mark | None = None  # the meter mark it tests, if any
    meter: str = ""  # the meter of that mark


def unparse(node: Node, outer: int = 0) -> str:
    """An expression tree written back as text, with only the brackets it needs."""
    if isinstance(node, Literal):
        value = node.value
        if isinstance(value, bool):
            return "true" if value else "false"
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Unary):
        level = _PRECEDENCE["not"] if node.op == "not" else 7
        inner = unparse(node.operand, level)
        text = f"not {inner}" if node.op == "not" else f"-{inner}"
    else:
        level = _PRECEDENCE[node.op]
        left = unparse(node.left, level)
        right = unparse(node.right, level + 1)
        text = f"{left} {node.op} {right}"
    return f"({text})" if level < outer else text


def explain(
    condition: Expression | Node, values: Mapping[str, Value], scenario: Scenario
) -> tuple[Reason, ...]:
    """The facts that settle ``condition`` for these values (why it held, or why it failed)."""
    tree = condition.tree if isinstance(condition, Expression) else condition
    wanted = bool(_evaluate(tree, values))
    return tuple(_settle(tree, values, wanted, scenario))


@lru_cache(maxsize=2048)
def _compiled(node: Node) -> Evaluator:
    return compile_tree(node)


def _evaluate(node: Node, values: Mapping[str, Value]) -> Value:
    return _compiled(node)(values)


def _settle(
    node: Node, values: Mapping[str, Value], wanted: bool, scenario: Scenario
) -> list[Reason]:
    if isinstance(node, Unary) and node.op == "not":
        return _settle(node.operand, values, not wanted, scenario)
    if isinstance(node, Binary) and node.op in ("and", "or"):
        parts = (node.left, node.right)
        # an "and" that held, or an "or" that failed, needs every part; otherwise one part does
        if (node.op == "and") == wanted:
            return [r for part in parts for r in _settle(part, values, wanted, scenario)]
        for part in parts:
            if bool(_evaluate(part, values)) == wanted:
                return _settle(part, values, wanted, scenario)
        return []
    return [_fact(node, values, scenario)]


def _fact(node: Node, values: Mapping[str, Value], scenario: Scenario) -> Reason:
    read = tuple((name, values.get(name, False)) for name in sorted(names_in(node)))
    holds = bool(_evaluate(node, values))
    meter, mark = _mark_of(node, scenario)
    return Reason(unparse(node), holds, read, mark, meter.id if meter else "")


def comparisons(node: Node) -> list[Node]:
    """The comparisons and bare names a condition is made of (below its and/or/not)."""
    if isinstance(node, Unary) and node.op == "not":
        return comparisons(node.operand)
    if isinstance(node, Binary) and node.op in ("and", "or"):
        return comparisons(node.left) + comparisons(node.right)
    return [node]


def threshold_of(node: Node, scenario: Scenario) -> tuple[Meter | None, Mark | None]:
    """For a comparison of a meter with a number: the meter, and the mark it tests if any."""
    return _mark_of(node, scenario)


def _mark_of(node: Node, scenario: Scenario) -> tuple[Meter | None, Mark | None]:
    """The meter mark a comparison such as ``standing.home < 35`` tests, if it tests one (also
    ``trust.moscow < moscow.bottom_line`` for a mark set at another meter's value)."""
    if not isinstance(node, Binary) or node.op not in _FLIPPED or node.op in ("==", "!="):
        return None, None
    left, op, right = node.left, node.op, node.right
    if isinstance(left, Literal) and isinstance(right, Name):
        left, op, right = right, _FLIPPED[op], left
    if not isinstance(left, Name):
        return None, None
    meter = scenario.meter_by_id.get(left.name)
    if meter is None:
        return None, None
    if isinstance(right, Name):  # a line set by another meter: only exact sides match
        side = {"<": "below", ">=": "below", ">": "above", "<=": "above"}[op]
        for mark in meter.marks:
            if mark.ref == right.name and mark.side == side:
                return meter, mark
        return meter, None
    if not isinstance(right, Literal) or isinstance(right.value, bool):
        return None, None
    limit = right.value
    # each comparison is a test of "below k" or "above k" for some k (meters are whole numbers)
    sides = {
        "<": [("below", limit), ("above", limit - 1)],
        ">=": [("below", limit), ("above", limit - 1)],
        ">": [("above", limit), ("below", limit + 1)],
        "<=": [("above", limit), ("below", limit + 1)],
    }[op]
    for mark in meter.marks:
        if not mark.ref and (mark.side, mark.value) in sides:
            return meter, mark
    return meter, None


def describe(reason: Reason, scenario: Scenario) -> str:
    """A fact in the player's words: 'Standing at home was 33: below 35: the White House…'."""
    values = dict(reason.values)
    if reason.mark is not None and reason.meter in scenario.meter_by_id:
        meter = scenario.meter_by_id[reason.meter]
        value = values.get(meter.id, 0)
        mark = reason.mark
        line = mark.line(values)
        where = str(line)
        if mark.ref in scenario.meter_by_id:
            label = scenario.meter_by_id[mark.ref].label
            label = "the " + label[4:] if label.startswith("The ") else label  # mid-sentence
            where = f"{label} ({line})"
        if mark.holds(value, values):
            return f"{meter.label} was {value}: {mark.side} {where}: {mark.text}"
        return f"{meter.label} was {value}, not {mark.side} {where} ({mark.text})"
    if len(values) == 1:
        ((name, value),) = values.items()
        limit = _limit(reason.source, name)
        if limit is not None and not isinstance(value, bool):
            relation = "above" if value > limit else "below" if value < limit else "at"
            if name in scenario.meter_by_id:
                return f"{scenario.meter_by_id[name].label} was {value}, {relation} {limit:g}"
        return _name_and_value(name, value, scenario)
    facts = "; ".join(_name_and_value(name, value, scenario) for name, value in values.items())
    verdict = "held" if reason.holds else "did not hold"
    return f"{facts} (so '{reason.source}' {verdict})" if facts else reason.source


def _limit(source: str, name: str) -> float | None:
    """The number a comparison like 'trust.moscow >= 30' compares its one name with."""
    parts = source.split()
    if len(parts) == 3 and name in (parts[0], parts[2]):
        other = parts[2] if parts[0] == name else parts[0]
        try:
            return float(other)
        except ValueError:
            return None
    return None


def _name_and_value(name: str, value: Value, scenario: Scenario) -> str:
    meter = scenario.meter_by_id.get(name)
    if meter is not None:
        return f"{meter.label} was {value}"
    if name.startswith("flags."):
        flag = next((f for f in scenario.flags if f"flags.{f.id}" == name), None)
        what = flag.description.strip() if flag and flag.description else name
        return f"{what.rstrip('.')}: {'yes' if value else 'no'}"
    if name.startswith("counters."):
        counter = next((c for c in scenario.counters if f"counters.{c.id}" == name), None)
        what = counter.description.strip() if counter and counter.description else name
        return f"{what.rstrip('.')}: {value}"
    if name.startswith("visited."):
        scene = scenario.scenes.get(name.removeprefix("visited."))
        title = scene.title if scene else name
        return f"{'visited' if value else 'did not visit'} '{title}'"
    return f"{name} was {value}"
