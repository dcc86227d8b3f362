"""Sets of packed states: equal keys are brought together and found again, even when many
different keys share a bucket of the hash that orders them."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.authoring.packing import _grouped, best_of_each, member, sort_order, sum_of_each

keys_strategy = st.integers(1, 3).flatmap(
    lambda words: st.lists(
        st.tuples(*[st.integers(0, 5) for _ in range(words)]), min_size=1, max_size=60
    )
)


def as_keys(rows: list[tuple[int, ...]]) -> np.ndarray:
    return np.array(rows, dtype=np.uint64).T.copy()


@settings(max_examples=200, deadline=None)
@given(keys_strategy, st.sampled_from([None, 58, 62, 63]))
def test_equal_keys_are_brought_together_even_when_buckets_clash(rows, row_bits) -> None:
    keys = as_keys(rows)
    order, first = _grouped(keys, row_bits)
    assert sorted(order.tolist()) == list(range(len(rows)))
    runs = np.cumsum(first) - 1
    ordered = [rows[i] for i in order]
    for a, b, run_a, run_b in zip(ordered, ordered[1:], runs, runs[1:], strict=False):
        assert (a == b) == (run_a == run_b)
    assert runs[-1] + 1 == len(set(rows))


@settings(max_examples=200, deadline=None)
@given(keys_strategy, st.randoms(use_true_random=False), st.sampled_from([None, 62]))
def test_best_copy_sums_and_membership_agree_with_plain_python(rows, rng, row_bits) -> None:
    keys = as_keys(rows)
    score = np.array([rng.choice([0.0, -1.0, -2.5]) for _ in rows])
    chosen = best_of_each(keys, score)
    assert sorted(rows[i] for i in chosen) == sorted(set(rows))
    for i in chosen:
        assert score[i] == max(score[j] for j, r in enumerate(rows) if r == rows[i])
        assert i == min(j for j, r in enumerate(rows) if r == rows[i] and score[j] == score[i])
    distinct, sums = sum_of_each(keys, np.ones(len(rows)))
    counted = {tuple(int(w) for w in distinct[:, i]): s for i, s in enumerate(sums)}
    assert counted == {r: float(rows.count(r)) for r in set(rows)}
    table = keys[:, sort_order(keys, row_bits)]
    probes = as_keys([*rows, tuple(9 for _ in rows[0])])
    where = member(table, probes, row_bits)
    for i, probe in enumerate([*rows, None]):
        if probe is None:
            assert where[i] == -1
        else:
            assert tuple(int(w) for w in table[:, where[i]]) == probe
