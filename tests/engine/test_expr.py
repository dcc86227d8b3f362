"""The expression language: precedence, fairmath, types, limits and error columns."""

from __future__ import annotations

import pytest

from game.engine.expr import (
    BOOL,
    MAX_DEPTH,
    MAX_LENGTH,
    NUM,
    ExprError,
    parse_condition,
    parse_effect,
    parse_expression,
    round_half_away,
)
from game.engine.model import ScenarioNames

NAMES = ScenarioNames(
    meters=["trust.kyiv", "trust.moscow", "blame"],
    flags=["leaked", "called"],
    counters=["delays"],
    scenes=["start", "end"],
)
ENV = {
    "trust.kyiv": 40,
    "trust.moscow": 70,
    "blame": 10,
    "flags.leaked": False,
    "flags.called": True,
    "counters.delays": 2,
    "turn": 3,
    "visited.start": True,
}


def value(text: str):
    return parse_expression(text, NAMES).evaluate(ENV)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 4 - 3", 3),
        ("-2 * 3", -6),
        ("- -2", 2),
        ("trust.kyiv + counters.delays * 10", 60),
        ("2.5 * 2", 5.0),
        ("turn", 3),
    ],
)
def test_arithmetic_follows_usual_precedence(text: str, expected: float) -> None:
    assert value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true or false and false", True),  # and binds tighter than or
        ("(true or false) and false", False),
        ("not false and false", False),  # not binds tighter than and
        ("not (false and false)", True),
        ("trust.kyiv < 50 and trust.moscow >= 70", True),
        ("trust.kyiv + 10 == 50", True),
        ("flags.leaked == false", True),
        ("flags.called != flags.leaked", True),
        ("visited.start and not visited.end", True),
        ("1 + 1 > 1 and 2 * 2 <= 4", True),
    ],
)
def test_conditions_combine_with_and_or_not(text: str, expected: bool) -> None:
    assert parse_condition(text, NAMES).evaluate(ENV) is expected


def test_kinds_are_inferred() -> None:
    assert parse_expression("trust.kyiv * 2", NAMES).kind == NUM
    assert parse_expression("trust.kyiv > 2", NAMES).kind == BOOL


@pytest.mark.parametrize(
    ("effect", "old", "expected"),
    [
        ("trust.kyiv %+ 20", 40, 52),  # 40 + (100-40)*0.2
        ("trust.kyiv %- 20", 40, 32),  # 40 - 40*0.2
        ("trust.kyiv %+ 50", 90, 95),
        ("trust.kyiv %- 50", 10, 5),
        ("trust.kyiv += 15", 40, 55),
        ("trust.kyiv -= 15", 40, 25),
        ("trust.kyiv = 7", 40, 7),
    ],
)
def test_effects_compute_new_values(effect: str, old: int, expected: int) -> None:
    parsed = parse_effect(effect, NAMES)
    assert round_half_away(parsed.new_value(old, ENV, 0, 100)) == expected


def test_fairmath_uses_the_meter_range() -> None:
    effect = parse_effect("blame %+ 50", NAMES)
    assert effect.new_value(10, ENV, 0, 20) == 15


def test_effect_on_a_flag_takes_a_truth_value() -> None:
    effect = parse_effect("flags.leaked = trust.kyiv < 50", NAMES)
    assert effect.target == "flags.leaked"
    assert effect.new_value(False, ENV) is True


def test_rounding_is_half_away_from_zero() -> None:
    assert round_half_away(2.5) == 3
    assert round_half_away(-2.5) == -3
    assert round_half_away(2.49) == 2


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("trust.kyiv > ", 13, "ends too early"),
        ("trust.kyiv >> 3", 12, "unexpected '>'"),
        ("(trust.kyiv > 3", 15, "expected ')'"),
        ("trust.kyiv > 3)", 14, "unexpected ')'"),
        ("trust.kyiv && true", 11, "unexpected character '&'"),
        ("trust.kyiv = 3", 11, "unexpected '='"),
        ("1 < 2 < 3", 6, "cannot be chained"),
        ("trust.kiev > 3", 0, "unknown name 'trust.kiev'"),
        ("blame > 3 and trust.kyiv", 10, "'and' joins true/false"),
        ("flags.leaked + 1 > 0", 13, "needs numbers"),
        ("trust.kyiv", 0, "must be true or false"),
        ("trust.kyiv > 'x'", 13, "unexpected character"),
    ],
)
def test_condition_errors_point_at_the_column(text: str, column: int, fragment: str) -> None:
    with pytest.raises(ExprError) as caught:
        parse_condition(text, NAMES)
    assert fragment in caught.value.message
    assert caught.value.column == column


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(ExprError) as caught:
        parse_condition("trust.kiev > 3", NAMES)
    assert "trust.kyiv" in caught.value.hint
    assert caught.value.code == "DT121"


def test_bare_flag_name_hints_at_the_prefix() -> None:
    with pytest.raises(ExprError) as caught:
        parse_condition("leakd", NAMES)
    assert "flags." in caught.value.hint


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("turn += 1", "read-only"),
        ("visited.start = false", "read-only"),
        ("flags.leaked += 1", "can only be set with '='"),
        ("trust.kyiv = true", "is a number"),
        ("flags.leaked = 3", "is true/false"),
        ("trust.kyiv == 3", "to set a value write '='"),
        ("10 += trust.kyiv", "starts with the name"),
        ("nothing += 1", "unknown name"),
    ],
)
def test_effect_errors_are_explained(text: str, fragment: str) -> None:
    with pytest.raises(ExprError) as caught:
        parse_effect(text, NAMES)
    assert fragment in caught.value.message + " " + caught.value.hint


def test_length_limit_is_a_clear_error() -> None:
    text = " + ".join(["1"] * (MAX_LENGTH // 2))
    with pytest.raises(ExprError, match="limit"):
        parse_expression(text, NAMES)


def test_deep_nesting_is_a_clear_error_not_a_recursion_error() -> None:
    text = "(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1)
    with pytest.raises(ExprError, match="nested"):
        parse_expression(text, NAMES)
    many_nots = "not " * 100 + "true"
    with pytest.raises(ExprError, match="nested"):
        parse_expression(many_nots, NAMES)


def test_nesting_within_the_limit_works() -> None:
    text = "(" * (MAX_DEPTH - 1) + "1" + ")" * (MAX_DEPTH - 1)
    assert parse_expression(text, NAMES).evaluate(ENV) == 1


def test_overflowing_arithmetic_is_held_to_a_large_whole_number() -> None:
    huge = " * ".join(["999999999.9"] * 35)
    effect = parse_effect(f"trust.kyiv = {huge}", NAMES)
    assert round_half_away(effect.new_value(40, ENV)) == 2**53
    assert round_half_away(float("nan")) == 0
    assert round_half_away(-(10**30)) == -(2**53)


def test_effect_with_if_applies_only_when_its_condition_holds() -> None:
    effect = parse_effect("blame += 10 if flags.called and trust.kyiv < 50", NAMES)
    assert effect.value.source == "10"
    assert effect.condition is not None
    assert effect.applies(ENV) is True
    assert effect.applies({**ENV, "flags.called": False}) is False


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("blame += 10 if trust.kyiv", "after 'if' must be true or false"),
        ("blame += 10 if", "ends too early"),
        ("blame += if flags.called", "unexpected 'if'"),
        ("blame += 1 if flags.called if true", "unexpected 'if'"),
    ],
)
def test_effect_conditions_are_checked(text: str, fragment: str) -> None:
    with pytest.raises(ExprError, match=fragment):
        parse_effect(text, NAMES)


def test_only_ascii_digits_are_numbers() -> None:
    with pytest.raises(ExprError, match="unexpected character"):
        parse_condition("trust.kyiv > ５０", NAMES)


def test_numbers_beyond_a_billion_are_refused() -> None:
    with pytest.raises(ExprError, match="number too large"):
        parse_expression("9" * 400, NAMES)
    with pytest.raises(ExprError, match="number too large"):
        parse_expression("1000000000.5", NAMES)
    assert parse_expression("1000000000", NAMES).evaluate(ENV) == 1_000_000_000


def test_long_products_never_raise() -> None:
    product = " * ".join(["counters.delays"] * 25)
    value = parse_expression(product, NAMES).evaluate({**ENV, "counters.delays": 2**53})
    assert value == float("inf")
    assert round_half_away(value) == 2**53
