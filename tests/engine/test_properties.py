"""Property-based tests: whatever an author types, the parser and loader answer with our own errors."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.expr import ExprError, parse_condition, parse_effect, parse_expression
from game.engine.loader import check_scenario
from game.engine.model import ScenarioNames
from game.engine.problems import CODES

NAMES = ScenarioNames(["trust.kyiv", "blame"], ["leaked"], ["delays"], ["start"])
ENV = {"trust.kyiv": 50, "blame": 10, "flags.leaked": False, "counters.delays": 0, "turn": 0}

EXPR_ALPHABET = "0123456789.+-*()<>=!% abcnotrufalsdkyivbme_&|'\"\t\n"
expr_texts = st.text(alphabet=EXPR_ALPHABET, max_size=80) | st.text(max_size=40)
tokens = st.sampled_from(
    [
        "trust.kyiv",
        "blame",
        "flags.leaked",
        "counters.delays",
        "1",
        "2.5",
        "(",
        ")",
        "+",
        "-",
        "*",
        "<",
        ">=",
        "==",
        "!=",
        "and",
        "or",
        "not",
        "true",
        "false",
        "%+",
        "+=",
        "=",
    ]
)
token_texts = st.lists(tokens, max_size=30).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(expr_texts, token_texts))
def test_parser_only_raises_expr_error(text: str) -> None:
    for parse in (parse_condition, parse_effect, parse_expression):
        try:
            parsed = parse(text, NAMES)
        except ExprError as error:
            assert error.message
            assert 0 <= error.column <= len(text)
            assert error.code in CODES
        else:
            # whatever parses also evaluates without surprises
            if parse is parse_effect:
                parsed.new_value(ENV[parsed.target], ENV)
            else:
                parsed.evaluate(ENV)


SCHEMA_WORDS = [
    "id",
    "title",
    "start",
    "meters",
    "scenes",
    "choices",
    "text",
    "goto",
    "if",
    "effects",
    "ending",
    "outcome",
    "success",
    "weight",
    "scene",
    "news",
    "headline",
    "traps",
    "trap",
    "flags",
    "counters",
    "label",
    "min",
    "max",
    "good",
    "kind",
    "trust",
    "on_enter",
    "disabled_reason",
    "feedback",
    "lesson",
    "name",
    "glossary",
    "term",
    "definition",
]
scalars = st.one_of(
    st.sampled_from(SCHEMA_WORDS),
    st.integers(-1000, 1000),
    st.booleans(),
    st.none(),
    st.text(max_size=20),
    st.sampled_from(["trust.kyiv += 5", "flags.x = true", "blame > 3", "((", "a.b.c"]),
)
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(SCHEMA_WORDS), children, max_size=6)
    ),
    max_leaves=30,
)


def _check_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = check_scenario(path)
    if result.scenario is None:
        assert result.errors, "a scenario that fails to load must say why"
    for problem in result.problems:
        assert problem.code in CODES
        assert problem.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_loader_reports_problems_for_any_structure(document: object) -> None:
    _check_text(yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abc:-[]{}&*!|>'\" \n\t#%@`,?01", max_size=120))
def test_loader_reports_problems_for_any_text(text: str) -> None:
    _check_text(text)


TEMPLATE = """\
id: p
title: P
start: a
meters: [{{id: trust.kyiv, label: T, min: {low}, max: {high}, start: {start}}}]
flags: [leaked]
scenes:
  - id: a
    title: A
    choices:
      - text: Go
        if: {condition}
        effects: [{effect}]
        goto:
          - {{scene: {target}, weight: {weight}}}
          - {{scene: b}}
  - id: b
    title: B
    ending: {{outcome: success}}
"""


@settings(max_examples=300, deadline=None)
@given(
    low=st.integers(-5, 5),
    high=st.integers(-5, 200),
    start=st.integers(-10, 210),
    condition=st.one_of(token_texts, st.just("true")),
    effect=st.one_of(token_texts, st.just("trust.kyiv %+ 10")),
    target=st.sampled_from(["a", "b", "c", "A", "1x"]),
    weight=st.one_of(st.integers(-3, 5), st.floats(allow_nan=True), token_texts),
)
def test_loader_checks_names_links_and_ranges_without_crashing(**parts: object) -> None:
    text = TEMPLATE.format(
        **{k: yaml.safe_dump(v).strip().removesuffix("...").strip() for k, v in parts.items()}
    )
    _check_text(text)
