"""The expression language of conditions and effects: text -> tokens -> tree -> compiled closures.

A hand-written recursive-descent parser with limits on length and nesting, a static type check
(numbers versus true/false) and a compiler to plain Python closures. Nothing here uses ``eval``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any, Protocol

MAX_LENGTH = 500
MAX_DEPTH = 32
MAX_NUMBER = 1_000_000_000  # the largest number an author may write

NUM = "number"
BOOL = "true/false"

Value = int | float | bool
Env = Mapping[str, Value]

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>[0-9]+(?:\.[0-9]+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<op>%\+|%-|\+=|-=|==|!=|<=|>=|[-+*<>=()])
    """,
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "true", "false", "if"}
_COMPARE = {"==", "!=", "<", "<=", ">", ">="}


@dataclass(frozen=True, slots=True)
class EffectOp:
    """One way an effect changes a value: the single definition every tool reads.

    ``apply(old, amount, low, high)`` is the new value before rounding and clamping (``low`` and
    ``high`` are the meter's range). It is written with ``+ - * /`` only, so the same formula
    serves single values, numpy arrays of states and the corners of intervals. Every operator's
    result is linear in ``old`` for a fixed ``amount`` and in ``amount`` for a fixed ``old``, so
    over ranges of both it is smallest and largest at the corners: interval analysis relies on
    that, and a new operator must keep it.
    """

    symbol: str
    meaning: str
    apply: Callable[[Any, Any, Any, Any], Any]
    reads_old: bool  # whether the result depends on the value before (all but '=')
    needs_range: bool  # fairmath: only for meters, which have a range


EFFECT_OPS: dict[str, EffectOp] = {
    op.symbol: op
    for op in (
        EffectOp("=", "set", lambda old, amount, low, high: amount, False, False),
        EffectOp("+=", "add", lambda old, amount, low, high: old + amount, True, False),
        EffectOp("-=", "subtract", lambda old, amount, low, high: old - amount, True, False),
        EffectOp(
            "%+",
            "fairmath increase: that percentage of the way to the top",
            lambda old, amount, low, high: old + (high - old) * amount / 100,
            True,
            True,
        ),
        EffectOp(
            "%-",
            "fairmath decrease: that percentage of the way to the bottom",
            lambda old, amount, low, high: old - (old - low) * amount / 100,
            True,
            True,
        ),
    )
}
ASSIGN_OPS = tuple(EFFECT_OPS)


class ExprError(Exception):
    """A mistake in an author's expression, with the 0-based column where it was found."""

    def __init__(self, message: str, column: int = 0, hint: str = "", code: str = "DT120") -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint
        self.code = code  # DT120 syntax, DT121 unknown name, DT122 type mistake


class NameTable(Protocol):
    """What the parser needs to know about the names a scenario declares."""

    def kind_of(self, name: str) -> str | None:
        """NUM or BOOL for a known name, None for an unknown one."""

    def can_assign(self, name: str) -> bool:
        """Whether effects may change this name."""

    def known_names(self) -> list[str]:
        """Every name, for "did you mean" hints."""


# --- the tree -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Literal:
    value: Value
    pos: int


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    pos: int


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-" or "not"
    operand: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # + - * == != < <= > >= and or
    left: Node
    right: Node
    pos: int


Node = Literal | Name | Unary | Binary


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # number, name, keyword, op, end
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    """Split an expression into tokens; raise ExprError on a character we do not know."""
    if len(text) > MAX_LENGTH:
        raise ExprError(
            f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}",
            MAX_LENGTH,
            "split it into several effects or simpler conditions",
        )
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            char = text[pos]
            hint = ""
            if char == "&":
                hint = "write 'and' instead of '&&'"
            elif char == "|":
                hint = "write 'or' instead of '||'"
            elif char == "!":
                hint = "write 'not' instead of '!'"
            elif char == "/":
                hint = "division is not supported; use * with a decimal, e.g. x * 0.5"
            elif char in "'\"":
                hint = "expressions have no text values; compare numbers or true/false"
            else:
                hint = "expressions use names, numbers, + - * ( ), comparisons and and/or/not"
            raise ExprError(f"unexpected character {char!r}", pos, hint)
        kind = match.lastgroup or ""
        if kind != "space":
            word = match.group()
            if kind == "name" and word in _KEYWORDS:
                kind = "keyword"
            tokens.append(Token(kind, word, pos))
        pos = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at(self, *texts: str) -> bool:
        token = self.current
        return token.kind in ("op", "keyword") and token.text in texts

    def deeper(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(
                f"expression is nested more than {MAX_DEPTH} levels deep", pos, "simplify it"
            )

    def expect_end(self) -> None:
        token = self.current
        if token.kind != "end":
            hint = "join conditions with 'and' or 'or', and numbers with '+', '-' or '*'"
            following = self.tokens[self.index + 1].text
            if token.text == "=" and following in ("<", ">"):
                hint = f"write '{following}=' (the '=' comes second)"
            elif token.text == "=":
                hint = "to compare, write '=='; to change a value, write an effect"
            elif token.text in ASSIGN_OPS:
                hint = "changes like '+=' belong in effects, not in conditions"
            elif token.text == ")":
                hint = "this ')' closes no '('"
            raise ExprError(self.unexpected(token), token.pos, hint)

    def unexpected(self, token: Token) -> str:
        """``unexpected '=' after 'flags.x'``: the token, and where it stands."""
        index = self.tokens.index(token)
        where = f"after '{self.tokens[index - 1].text}'" if index else "at the start"
        return f"unexpected {_describe(token)} {where}"

    def expression(self) -> Node:
        return self.or_()

    def or_(self) -> Node:
        left = self.and_()
        while self.at("or"):
            token = self.advance()
            left = Binary("or", left, self.and_(), token.pos)
        return left

    def and_(self) -> Node:
        left = self.not_()
        while self.at("and"):
            token = self.advance()
            left = Binary("and", left, self.not_(), token.pos)
        return left

    def not_(self) -> Node:
        if self.at("not"):
            token = self.advance()
            self.deeper(token.pos)
            node = Unary("not", self.not_(), token.pos)
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        left = self.sum()
        if self.current.kind == "op" and self.current.text in _COMPARE:
            token = self.advance()
            left = Binary(token.text, left, self.sum(), token.pos)
            if self.current.kind == "op" and self.current.text in _COMPARE:
                raise ExprError(
                    "comparisons cannot be chained",
                    self.current.pos,
                    "write 'a < b and b < c' instead of 'a < b < c'",
                )
        return left

    def sum(self) -> Node:
        left = self.product()
        while self.at("+", "-"):
            token = self.advance()
            left = Binary(token.text, left, self.product(), token.pos)
        return left

    def product(self) -> Node:
        left = self.unary()
        while self.at("*"):
            token = self.advance()
            left = Binary("*", left, self.unary(), token.pos)
        return left

    def unary(self) -> Node:
        if self.at("-"):
            token = self.advance()
            self.deeper(token.pos)
            node = Unary("-", self.unary(), token.pos)
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.advance()
            if len(token.text.partition(".")[0].lstrip("0")) > len(str(MAX_NUMBER)):
                raise ExprError(
                    "number too large",
                    token.pos,
                    f"numbers in expressions go up to {MAX_NUMBER:,}",
                    "DT120",
                )
            number = float(token.text) if "." in token.text else int(token.text)
            if abs(number) > MAX_NUMBER:
                raise ExprError(
                    "number too large", token.pos, f"numbers go up to {MAX_NUMBER:,}", "DT120"
                )
            return Literal(number, token.pos)
        if token.kind == "keyword" and token.text in ("true", "false"):
            self.advance()
            return Literal(token.text == "true", token.pos)
        if token.kind == "name":
            self.advance()
            return Name(token.text, token.pos)
        if self.at("("):
            self.advance()
            self.deeper(token.pos)
            node = self.expression()
            self.depth -= 1
            if not self.at(")"):
                raise ExprError(
                    f"expected ')' but found {_describe(self.current)}",
                    self.current.pos,
                    f"add the ')' that closes '({self.text[token.pos + 1 :].split()[0]}'",
                )
            self.advance()
            return node
        if token.kind == "end":
            last = self.tokens[-2].text if len(self.tokens) > 1 else ""
            raise ExprError(
                f"expression ends too early, after '{last}'" if last else "expression is empty",
                token.pos,
                "something is missing here: a name or a number",
            )
        hint = "a name, a number, 'not', '-' or '(' must come here"
        if token.kind == "keyword":
            hint = f"'{token.text}' needs something before it" if token.text != "if" else hint
        raise ExprError(self.unexpected(token), token.pos, hint)


def _describe(token: Token) -> str:
    if token.kind == "end":
        return "end of expression"
    return f"'{token.text}'"


# --- checking -------------------------------------------------------------------------------


def check_types(node: Node, names: NameTable) -> str:
    """Return NUM or BOOL for a tree, raising ExprError for unknown names and type mistakes."""
    if isinstance(node, Literal):
        return BOOL if isinstance(node.value, bool) else NUM
    if isinstance(node, Name):
        kind = names.kind_of(node.name)
        if kind is None:
            raise ExprError(
                f"unknown name '{node.name}'", node.pos, _did_you_mean(node.name, names), "DT121"
            )
        return kind
    if isinstance(node, Unary):
        operand = check_types(node.operand, names)
        wanted = BOOL if node.op == "not" else NUM
        if operand != wanted:
            raise ExprError(
                f"'{node.op}' needs a {wanted} value, not a {operand}",
                node.pos,
                "for example 'not flags.leak' or '-5'",
                "DT122",
            )
        return wanted
    left = check_types(node.left, names)
    right = check_types(node.right, names)
    if node.op in ("and", "or"):
        if left != BOOL or right != BOOL:
            raise ExprError(
                f"'{node.op}' joins true/false conditions, not numbers",
                node.pos,
                "compare the number first, e.g. 'trust.kyiv > 50'",
                "DT122",
            )
        return BOOL
    if node.op in ("==", "!="):
        if left != right:
            raise ExprError(
                f"cannot compare a {left} with a {right} using '{node.op}'",
                node.pos,
                "compare numbers with numbers ('trust.kyiv == 50') and true/false with "
                "true/false ('flags.leak == false')",
                "DT122",
            )
        return BOOL
    if left != NUM or right != NUM:
        raise ExprError(
            f"'{node.op}' needs numbers on both sides",
            node.pos,
            "flags are true or false: test them with 'flags.x' or 'not flags.x'",
            "DT122",
        )
    return BOOL if node.op in _COMPARE else NUM


def _did_you_mean(name: str, names: NameTable) -> str:
    close = get_close_matches(name, names.known_names(), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if "." not in name:
        return "flags are written 'flags.NAME' and counters 'counters.NAME'"
    return "declare it in the scenario manifest (meters, flags or counters)"


# --- compiling ------------------------------------------------------------------------------

Evaluator = Callable[[Env], Value]

_BINARY: dict[str, Callable[[Value, Value], Value]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    # Products are taken in floating point so that no chain of them builds an integer too
    # large to convert (overflow gives infinity, which clamping and weights handle).
    "*": lambda a, b: float(a) * b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def compile_tree(node: Node) -> Evaluator:
    """Turn a checked tree into a closure over the game's values."""
    if isinstance(node, Literal):
        value = node.value
        return lambda env: value
    if isinstance(node, Name):
        key = node.name
        if key.startswith("visited."):
            return lambda env: env.get(key, False)
        return lambda env: env[key]
    if isinstance(node, Unary):
        operand = compile_tree(node.operand)
        if node.op == "not":
            return lambda env: not operand(env)
        return lambda env: -operand(env)
    left = compile_tree(node.left)
    right = compile_tree(node.right)
    if node.op == "and":
        return lambda env: left(env) and right(env)
    if node.op == "or":
        return lambda env: left(env) or right(env)
    op = _BINARY[node.op]
    return lambda env: op(left(env), right(env))


def names_in(node: Node) -> frozenset[str]:
    """Every name a tree reads."""
    if isinstance(node, Name):
        return frozenset((node.name,))
    if isinstance(node, Unary):
        return names_in(node.operand)
    if isinstance(node, Binary):
        return names_in(node.left) | names_in(node.right)
    return frozenset()


# --- the public forms -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed, checked and compiled expression."""

    source: str
    tree: Node
    kind: str
    evaluate: Evaluator = field(repr=False, compare=False)

    @property
    def names(self) -> frozenset[str]:
        return names_in(self.tree)


@dataclass(frozen=True, slots=True)
class Effect:
    """A change to one value: ``target op value`` such as ``trust.kyiv %+ 20``."""

    source: str
    target: str
    op: str
    value: Expression
    condition: Expression | None = None  # ``... if CONDITION``: applied only when it holds

    def applies(self, env: Env) -> bool:
        """Whether the effect takes place now (always, unless it has an ``if``)."""
        return self.condition is None or bool(self.condition.evaluate(env))

    def new_value(self, old: Value, env: Env, low: float = 0, high: float = 100) -> Value:
        """The target's value after this effect (before clamping and rounding)."""
        return EFFECT_OPS[self.op].apply(old, self.value.evaluate(env), low, high)


def constant(value: int | float) -> Expression:
    """An expression that is always the number ``value``."""
    return Expression(str(value), Literal(value, 0), NUM, lambda env: value)


def parse_expression(text: str, names: NameTable, want: str | None = None) -> Expression:
    """Parse, check and compile an expression; ``want`` is NUM or BOOL when the type matters."""
    parser = _Parser(text)
    tree = parser.expression()
    parser.expect_end()
    kind = check_types(tree, names)
    if want is not None and kind != want:
        if want == BOOL:
            raise ExprError(
                "a condition must be true or false, but this is a number",
                0,
                "compare it, e.g. 'trust.kyiv > 50'",
                "DT122",
            )
        raise ExprError(
            "expected a number, but this is true/false",
            0,
            "a weight is a number, e.g. '2' or '1 + counters.delays'",
            "DT122",
        )
    return Expression(text, tree, kind, compile_tree(tree))


def parse_condition(text: str, names: NameTable) -> Expression:
    """Parse a condition (an ``if:``): it must be true or false."""
    return parse_expression(text, names, BOOL)


def parse_effect(text: str, names: NameTable) -> Effect:
    """Parse an effect such as ``trust.kyiv += 10`` or ``flags.leaked = true``."""
    parser = _Parser(text)
    first = parser.current
    if first.kind != "name":
        raise ExprError(
            f"an effect starts with the name of what it changes, not {_describe(first)}",
            first.pos,
            "for example 'trust.kyiv += 10'",
        )
    parser.advance()
    target = first.text
    op_token = parser.current
    if op_token.kind != "op" or op_token.text not in ASSIGN_OPS:
        hint = "use one of: = += -= %+ %-"
        if op_token.text == "==":
            hint = "to set a value write '=', not '=='"
        raise ExprError(f"expected a change such as '+=' after '{target}'", op_token.pos, hint)
    parser.advance()
    kind = names.kind_of(target)
    if kind is None:
        raise ExprError(
            f"unknown name '{target}'", first.pos, _did_you_mean(target, names), "DT121"
        )
    if not names.can_assign(target):
        raise ExprError(
            f"'{target}' is read-only; effects cannot change it",
            first.pos,
            "the game keeps 'turn' and 'visited.SCENE'; declare a counter to count things yourself",
        )
    value_start = parser.current.pos
    tree = parser.expression()
    value_end = parser.current.pos
    condition = None
    if parser.at("if"):
        parser.advance()
        condition_start = parser.current.pos
        condition_tree = parser.expression()
        parser.expect_end()
        if check_types(condition_tree, names) != BOOL:
            raise ExprError(
                "the condition after 'if' must be true or false, but this is a number",
                condition_start,
                "compare it, e.g. 'trust.kyiv > 50'",
                "DT122",
            )
        condition = Expression(
            text[condition_start:], condition_tree, BOOL, compile_tree(condition_tree)
        )
    parser.expect_end()
    value_kind = check_types(tree, names)
    op = op_token.text
    if kind == BOOL:
        if op != "=":
            raise ExprError(
                f"'{target}' is true/false; it can only be set with '='",
                op_token.pos,
                f"write '{target} = true' or '{target} = false'",
                "DT122",
            )
        if value_kind != BOOL:
            raise ExprError(
                f"'{target}' is true/false but this value is a number",
                value_start,
                f"write '{target} = true' or '{target} = false'",
                "DT122",
            )
    elif value_kind != NUM:
        raise ExprError(
            f"'{target}' is a number but this value is true/false",
            value_start,
            f"give it a number, e.g. '{target} += 10'",
            "DT122",
        )
    value_text = text[value_start:value_end].strip()
    value = Expression(value_text, tree, value_kind, compile_tree(tree))
    return Effect(text, target, op, value, condition)


def round_half_away(value: float) -> int:
    """Round to the nearest whole number, halves away from zero (2.5 -> 3, -2.5 -> -3).

    Values beyond what a game needs (overflowing arithmetic) are held at +/- 2**53.
    """
    if isinstance(value, int):
        return max(-LARGEST, min(LARGEST, value))
    if value != value:  # NaN, e.g. from inf - inf
        return 0
    if abs(value) >= LARGEST:
        return LARGEST if value > 0 else -LARGEST
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


LARGEST = 2**53
