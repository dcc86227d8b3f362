"""States packed into whole numbers: one key per state, so that sets of states are sorted arrays.

A layout gives each name a range (its lowest value and how many values it spans) and packs a
state as a mixed-radix number. Keys are held as a (words, states) array of 64-bit words: one word
in most scenes, more when the values need more than 63 bits. Keys are put in order by a hash of
their words, with the row number in the same 64-bit word, so that one plain sort (several times
faster than numpy's indirect sort) brings equal keys together, however many words they have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

WORD_LIMIT = 1 << 63  # the product of a word's radices stays below this


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    low: int
    span: int  # how many values, from ``low`` (or how many blocks)
    truth: bool  # a true/false value
    starts: tuple[int, ...] = ()  # for a number kept by blocks: where each block starts

    def digit(self, values: np.ndarray) -> np.ndarray:
        if self.truth:
            return values.astype(np.uint64)
        if self.starts:
            return np.searchsorted(np.asarray(self.starts[1:]), values, side="right").astype(
                np.uint64
            )
        return (values - self.low).astype(np.uint64)

    def value(self, digits: np.ndarray) -> np.ndarray:
        if self.truth:
            return digits.astype(np.bool_)
        if self.starts:
            return np.asarray(self.starts, dtype=np.int64)[digits.astype(np.int64)]
        return digits.astype(np.int64) + self.low


@dataclass(frozen=True, slots=True)
class Layout:
    """How the values of some names pack into a key (fields grouped into 64-bit words)."""

    fields: tuple[Field, ...]
    words: tuple[tuple[int, ...], ...]  # field indexes per word

    @classmethod
    def fit(
        cls,
        names: Sequence[str],
        cols: Mapping[str, np.ndarray],
        old: Layout | None = None,
        fixed: Mapping[str, tuple[int, int]] | None = None,
        room: bool = False,
        blocks: Mapping[str, tuple[int, ...]] | None = None,
    ) -> Layout:
        """A layout holding every value in ``cols`` and every value ``old`` held. ``fixed``
        gives some names a known range (low, high); ``blocks`` keeps some numbers only by the
        block they are in (where each block starts); with ``room`` the other numbers get twice
        the span they need, so that refitting is rare."""
        previous = {f.name: f for f in old.fields} if old is not None else {}
        fixed = fixed or {}
        blocks = blocks or {}
        fields = []
        for name in names:
            values = cols[name]
            if values.dtype == np.bool_:
                fields.append(Field(name, 0, 2, True))
                continue
            if name in blocks:
                starts = blocks[name]
                fields.append(Field(name, starts[0], len(starts), False, starts))
                continue
            if name in fixed:
                low, high = fixed[name]
                fields.append(Field(name, low, high - low + 1, False))
                continue
            low = int(values.min()) if len(values) else 0
            high = int(values.max()) if len(values) else 0
            before = previous.get(name)
            if before is not None:
                if low >= before.low and high < before.low + before.span:
                    fields.append(before)
                    continue
                low, high = min(low, before.low), max(high, before.low + before.span - 1)
            span = high - low + 1
            fields.append(Field(name, low, 2 * span if room else span, False))
        words: list[tuple[int, ...]] = []
        current: list[int] = []
        product = 1
        for index, field in enumerate(fields):
            if current and product * field.span >= WORD_LIMIT:
                words.append(tuple(current))
                current, product = [], 1
            current.append(index)
            product *= field.span
        words.append(tuple(current))
        return cls(tuple(fields), tuple(words))

    def holds(self, cols: Mapping[str, np.ndarray]) -> bool:
        """Whether every value in ``cols`` fits this layout."""
        for field in self.fields:
            if field.truth or field.starts:
                continue
            values = cols[field.name]
            if len(values) and (
                int(values.min()) < field.low or int(values.max()) >= field.low + field.span
            ):
                return False
        return True

    def fits(self, cols: Mapping[str, np.ndarray]) -> np.ndarray:
        """Where the values fit this layout (per state)."""
        size = len(next(iter(cols.values()))) if cols else 0
        inside = np.ones(size, dtype=np.bool_)
        for field in self.fields:
            if not field.truth and not field.starts:
                values = cols[field.name]
                inside &= (values >= field.low) & (values < field.low + field.span)
        return inside

    def pack(self, cols: Mapping[str, np.ndarray], size: int) -> np.ndarray:
        """One key per state: a (words, size) array."""
        keys = np.zeros((len(self.words), size), dtype=np.uint64)
        for row, word in enumerate(self.words):
            key = keys[row]
            for index in word:
                field = self.fields[index]
                key *= np.uint64(field.span)
                key += field.digit(cols[field.name])
        return keys

    def unpack(self, keys: np.ndarray) -> dict[str, np.ndarray]:
        """The values of each name, from keys."""
        cols: dict[str, np.ndarray] = {}
        for row, word in enumerate(self.words):
            key = keys[row].copy()
            for index in reversed(word):
                field = self.fields[index]
                key, digit = np.divmod(key, np.uint64(field.span))
                cols[field.name] = field.value(digit)
        return cols

    def repack(self, keys: np.ndarray, old: Layout, chunk: int = 1 << 20) -> np.ndarray:
        """Keys packed by ``old``, packed by this layout instead (a chunk at a time)."""
        count = keys.shape[1]
        result = np.empty((len(self.words), count), dtype=np.uint64)
        for begin in range(0, count, chunk):
            part = keys[:, begin : begin + chunk]
            result[:, begin : begin + chunk] = self.pack(old.unpack(part), part.shape[1])
        return result

    def ranges(self, keys: np.ndarray, chunk: int = 1 << 20) -> dict[str, np.ndarray]:
        """The lowest and highest value of each name over some keys (a few values per name,
        computed a chunk at a time)."""
        found: dict[str, np.ndarray] = {}
        for begin in range(0, keys.shape[1], chunk):
            for name, values in self.unpack(keys[:, begin : begin + chunk]).items():
                ends = np.array([values.min(), values.max()], dtype=values.dtype)
                if name in found:
                    ends = np.array([min(found[name][0], ends[0]), max(found[name][1], ends[1])])
                found[name] = ends
        return found


def no_keys(words: int = 1) -> np.ndarray:
    return np.zeros((words, 0), dtype=np.uint64)


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _hash(keys: np.ndarray) -> np.ndarray:
    """One word per key, well mixed (for a one-word key, a one-to-one function of it)."""
    mixed = np.zeros(keys.shape[1], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for word in keys:
            mixed ^= word
            mixed += _GOLDEN
            mixed ^= mixed >> np.uint64(30)
            mixed *= np.uint64(0xBF58476D1CE4E5B9)
            mixed ^= mixed >> np.uint64(27)
            mixed *= np.uint64(0x94D049BB133111EB)
            mixed ^= mixed >> np.uint64(31)
    return mixed


def _row_bits(count: int) -> int:
    """The bits a row number needs, among ``count`` rows."""
    return max(1, (count - 1).bit_length())


def _buckets(keys: np.ndarray, count: int, row_bits: int | None = None) -> np.ndarray:
    """Each key's bucket: the top bits of its hash, leaving room for a row number among
    ``count`` rows in the rest of a 64-bit word."""
    shift = _row_bits(count) if row_bits is None else row_bits
    return _hash(keys) >> np.uint64(shift)


def _same_as_next(keys: np.ndarray) -> np.ndarray:
    """For keys in order: whether each equals the next (one shorter than the keys)."""
    same = np.ones(max(keys.shape[1] - 1, 0), dtype=np.bool_)
    for word in keys:
        same &= word[1:] == word[:-1]
    return same


def _grouped(keys: np.ndarray, row_bits: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """An order that puts equal keys next to each other, and where each run of equal keys
    starts in it (a boolean mask over the ordered keys).

    Keys are ordered by bucket (see :func:`_buckets`), then by row: bucket and row share one
    64-bit word, so that one plain sort (much faster than an indirect one) does the work.
    Different keys that share a bucket are rare; their buckets are ordered by the whole key.
    ``row_bits`` (more than the rows need) makes buckets coarser, for tests.
    """
    count = keys.shape[1]
    bits = _row_bits(count) if row_bits is None else row_bits
    combined = _buckets(keys, count, bits) << np.uint64(bits)
    combined |= np.arange(count, dtype=np.uint64)
    combined.sort()
    bucket = combined >> np.uint64(bits)
    combined &= np.uint64((1 << bits) - 1)
    order = combined.view(np.int64)
    same_key = _same_as_next(keys[:, order])
    clash = np.nonzero(~same_key)[0]
    clash = clash[bucket[clash] == bucket[clash + 1]]  # two keys in one bucket
    if len(clash):
        shared = np.unique(bucket[clash])
        low = np.searchsorted(bucket, shared, side="left")
        high = np.searchsorted(bucket, shared, side="right")
        mixed = np.concatenate([np.arange(a, b) for a, b in zip(low, high, strict=True)])
        rows = order[mixed]
        order[mixed] = rows[np.lexsort((*keys[::-1, rows], bucket[mixed]))]
        same_key = _same_as_next(keys[:, order])
    first = np.ones(count, dtype=np.bool_)
    first[1:] = ~same_key
    return order, first


def sort_order(keys: np.ndarray, row_bits: int | None = None) -> np.ndarray:
    """The order that sorts keys: equal keys together, in bucket order (as :func:`member`
    expects of the keys it searches, given the same ``row_bits``)."""
    return _grouped(keys, row_bits)[0]


def first_of_runs(sorted_keys: np.ndarray) -> np.ndarray:
    """Where each run of equal keys starts, in sorted keys (a boolean mask)."""
    first = np.ones(sorted_keys.shape[1], dtype=np.bool_)
    if sorted_keys.shape[1] > 1:
        first[1:] = ~_same_as_next(sorted_keys)
    return first


def best_of_each(keys: np.ndarray, score: np.ndarray) -> np.ndarray:
    """For each distinct key, the position of its copy with the highest score (the first such
    copy); in key order."""
    if keys.shape[1] == 0:
        return np.zeros(0, dtype=np.int64)
    order, first = _grouped(keys)
    starts = np.nonzero(first)[0]
    ranked = score[order]
    best = np.maximum.reduceat(ranked, starts)
    winners = np.nonzero(ranked == np.repeat(best, np.diff(starts, append=len(ranked))))[0]
    run = np.searchsorted(starts, winners, side="right")  # one more than the run's number
    keep = np.ones(len(winners), dtype=np.bool_)  # the first winner of each run
    keep[1:] = run[1:] != run[:-1]
    return order[winners[keep]]


def sum_of_each(keys: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys (in key order) and, for each, the sum of its copies' weights."""
    if keys.shape[1] == 0:
        return keys, weight
    order, first = _grouped(keys)
    starts = np.nonzero(first)[0]
    return keys[:, order[starts]], np.add.reduceat(weight[order], starts)


def member(sorted_keys: np.ndarray, keys: np.ndarray, row_bits: int | None = None) -> np.ndarray:
    """Where each of ``keys`` is in ``sorted_keys`` (ordered by :func:`sort_order`; -1 when
    absent)."""
    count = sorted_keys.shape[1]
    if count == 0:
        return np.full(keys.shape[1], -1, dtype=np.int64)
    table = _buckets(sorted_keys, count, row_bits)
    wanted = _buckets(keys, count, row_bits)
    where = np.minimum(np.searchsorted(table, wanted), count - 1)
    equal = np.ones(keys.shape[1], dtype=np.bool_)
    for have, want in zip(sorted_keys, keys, strict=True):
        equal &= have[where] == want
    found = np.where(equal, where, -1)
    for i in np.nonzero(~equal & (table[where] == wanted))[0]:  # a bucket of several keys
        j = int(where[i])
        while j < count and table[j] == wanted[i]:
            if (sorted_keys[:, j] == keys[:, i]).all():
                found[i] = j
                break
            j += 1
    return found
