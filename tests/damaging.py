"""Hypothesis strategies that damage a valid JSON document the way hand edits, broken disks and
hostile files do: a value replaced by any JSON (absurd numbers, deep nesting, control characters),
a key deleted, a list item repeated, the text cut short."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

HUGE = 10**400

json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([HUGE, -HUGE, 2**53 + 1, 2**63, -(2**64), 0]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["\x1b]0;X\x07\x1b[31m", "=HYPERLINK(1)", "", "../../etc", "\u202e"]),
)
json_values = st.recursive(
    json_leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


def similar(value: Any) -> st.SearchStrategy[Any]:
    """Another value of the same JSON type: the damage validation cannot see by type alone."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.one_of(st.integers(-(2**53), 2**53), st.sampled_from([-1, 0, 10**6]))
    if isinstance(value, float):
        return st.floats(allow_nan=False, allow_infinity=False)
    if isinstance(value, str):
        return st.one_of(st.text(max_size=20), st.sampled_from(["", "ending", "\x1b[31m"]))
    if isinstance(value, list):
        return st.just(value[:-1]) if value else st.just([])
    if isinstance(value, dict):
        return st.just(dict(list(value.items())[:-1]))
    return st.none()


def key_paths(value: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every path to a value inside a JSON document (the root excluded)."""
    if prefix:
        yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from key_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from key_paths(item, (*prefix, index))


@st.composite
def damaged(draw: st.DrawFn, documents: list[dict[str, Any]]) -> dict[str, Any]:
    """One of ``documents`` with one to three of its values replaced (by any JSON, or by a value of
    the same type), deleted or repeated."""
    document = copy.deepcopy(draw(st.sampled_from(documents)))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(key_paths(document))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "similar", "similar", "delete", "repeat"]))
        if action == "similar":
            parent[path[-1]] = draw(similar(parent[path[-1]]))
        elif action == "delete":
            del parent[path[-1]]
        elif action == "repeat" and isinstance(parent, list):
            parent.insert(path[-1], copy.deepcopy(parent[path[-1]]))
        else:
            parent[path[-1]] = draw(json_values)
    return document


@st.composite
def damaged_text(draw: st.DrawFn, documents: list[dict[str, Any]]) -> bytes:
    """A damaged document as the bytes of a file: sometimes cut short, sometimes nested absurdly
    deep, sometimes with bytes that are not UTF-8."""
    text = json.dumps(draw(damaged(documents)), ensure_ascii=False).encode()
    how = draw(st.sampled_from(["whole", "whole", "cut", "deep", "bytes"]))
    if how == "cut":
        return text[: draw(st.integers(0, len(text)))]
    if how == "deep":
        return b'{"format": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    if how == "bytes":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.binary(min_size=1, max_size=8)) + text[at:]
    return text
