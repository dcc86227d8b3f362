"""Each game rule has one definition that the game and the analysis tools both read."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.authoring.intervals import Interval, effect_result
from game.engine.expr import EFFECT_OPS, parse_effect
from game.engine.model import ScenarioNames

NAMES = ScenarioNames(["m", "k"], [], [], [])


@given(
    st.sampled_from(sorted(EFFECT_OPS)),
    st.integers(0, 100),
    st.integers(0, 100),
    st.integers(-50, 250),
    st.integers(-50, 250),
)
def test_every_operator_stays_within_its_interval_bounds(op, old_a, old_b, amount_a, amount_b):
    """The interval analysis evaluates each operator's own formula at the corners; whatever the
    game computes inside the ranges lies within them (a new operator must keep this)."""
    effect = parse_effect(f"m {op} k", NAMES)
    old = Interval(min(old_a, old_b), max(old_a, old_b))
    amount = Interval(min(amount_a, amount_b), max(amount_a, amount_b))
    bounds = effect_result(effect, {"m": old, "k": amount}, 0, 100)
    for value in {old_a, old_b, (old_a + old_b) // 2}:
        for k in {amount_a, amount_b, (amount_a + amount_b) // 2}:
            concrete = effect.new_value(value, {"m": value, "k": k}, 0, 100)
            assert bounds.lo - 1 <= concrete <= bounds.hi + 1  # both sides round


def test_operators_are_one_table_the_game_reads() -> None:
    effect = parse_effect("m %+ 20", NAMES)
    assert effect.new_value(40, {"m": 40}, 0, 100) == EFFECT_OPS["%+"].apply(40, 20, 0, 100) == 52
    assert {op.symbol for op in EFFECT_OPS.values() if op.needs_range} == {"%+", "%-"}
