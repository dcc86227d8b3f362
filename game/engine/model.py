"""The scenario as the engine uses it: frozen dataclasses with compiled expressions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .expr import BOOL, NUM, Effect, Expression, round_half_away

OUTCOMES = ("success", "partial", "failure")


@dataclass(frozen=True, slots=True)
class Where:
    """Where something was written: file, line and column (1-based)."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Mark:
    """A value on a meter where something happens: ``below`` 35 means values under 35.

    The line may be another meter's value (``ref``), such as a bottom line drawn by chance and
    hidden until the player finds it out; ``value`` is then unused.
    """

    side: str  # "below" or "above"
    value: int
    text: str
    ref: str = ""  # the id of the meter whose value is the line, if it is not a number
    bad: bool | None = None  # None: bad when it is on the meter's bad side

    def line(self, values: Mapping[str, int | bool] | None = None) -> int | None:
        """Where the line is now (None when it is another meter's value and none is given)."""
        if not self.ref:
            return self.value
        if values is None or self.ref not in values:
            return None
        return int(values[self.ref])

    def holds(self, value: float, values: Mapping[str, int | bool] | None = None) -> bool:
        """Whether ``value`` is beyond the mark (on its side)."""
        line = self.line(values)
        if line is None:
            return False
        return value < line if self.side == "below" else value > line

    def describe(self, values: Mapping[str, int | bool] | None = None, unknown: str = "") -> str:
        """The mark as players read it: 'below 35: the White House loses patience'; a line that
        is another meter's value is named by ``unknown`` when it is not to be shown."""
        line = self.line(values)
        where = unknown if (unknown or line is None) else str(line)
        return f"{self.side} {where or self.ref}: {self.text}"


@dataclass(frozen=True, slots=True)
class Meter:
    id: str
    label: str
    kind: str  # trust, blame, standing, other
    party: str
    start: int
    min: int
    max: int
    good: str  # "high" or "low"
    hidden: bool
    description: str
    marks: tuple[Mark, ...] = ()
    short: str = ""  # a label for narrow screens; the label when empty
    start_values: tuple[int, ...] = ()  # when set, the start is drawn from these by chance

    @property
    def short_label(self) -> str:
        return self.short or self.label

    @property
    def drawn(self) -> bool:
        """Whether the starting value is drawn by chance (from ``start_values``)."""
        return len(self.start_values) > 1

    def is_bad(self, mark: Mark) -> bool:
        """Whether being beyond this mark is bad for the player: as the mark says, or else by
        the meter's direction (below, for a meter where high is good)."""
        if mark.bad is not None:
            return mark.bad
        return (mark.side == "below") == (self.good == "high")

    def marks_passed(
        self, value: float, values: Mapping[str, int | bool] | None = None
    ) -> tuple[Mark, ...]:
        """The marks the value is beyond now (``values`` give the lines set by other meters)."""
        return tuple(mark for mark in self.marks if mark.holds(value, values))

    def clamp(self, value: float) -> int:
        """The value kept inside the meter's range, as a whole number."""
        return max(self.min, min(self.max, round_half_away(value)))

    def goodness(self, value: float) -> float:
        """0.0 (worst for the player) to 1.0 (best), whatever the meter's direction."""
        span = self.max - self.min
        share = (value - self.min) / span if span else 1.0
        return share if self.good == "high" else 1.0 - share


@dataclass(frozen=True, slots=True)
class Flag:
    id: str
    description: str
    start: bool


@dataclass(frozen=True, slots=True)
class Counter:
    id: str
    description: str
    start: int


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph of narrative, shown only while its condition holds (always without one)."""

    text: str
    condition: Expression | None = None


@dataclass(frozen=True, slots=True)
class Prose:
    """Narrative made of passages, some of them conditional; rendered for the values of a game."""

    passages: tuple[Passage, ...] = ()

    @classmethod
    def plain(cls, text: str) -> Prose:
        return cls((Passage(text),) if text else ())

    def render(self, values: Mapping[str, int | bool]) -> str:
        """The text the player reads with these values: the passages that hold, in order."""
        return "\n\n".join(
            p.text.strip()
            for p in self.passages
            if p.condition is None or p.condition.evaluate(values)
        )

    @property
    def source(self) -> str:
        """Every passage, conditional or not (for tools that read all the text)."""
        return "\n\n".join(p.text.strip() for p in self.passages)

    def __bool__(self) -> bool:
        return bool(self.passages)


@dataclass(frozen=True, slots=True)
class Trap:
    id: str
    name: str
    lesson: str
    source: str


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    term: str
    definition: str


@dataclass(frozen=True, slots=True)
class News:
    """A bulletin that may be drawn when a scene is entered; empty headline means no news."""

    headline: str
    text: str
    weight: Expression
    condition: Expression | None
    effects: tuple[Effect, ...]
    reveals: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Branch:
    """One place a choice may lead, with its chance weight (a plain goto is a single branch)."""

    scene_id: str
    weight: Expression
    condition: Expression | None
    effects: tuple[Effect, ...]
    headline: str = ""
    text: str = ""
    where: Where | None = None
    reveals: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    text: str
    condition: Expression | None
    disabled_reason: str
    effects: tuple[Effect, ...]
    branches: tuple[Branch, ...]
    feedback: Prose
    trap_id: str | None
    where: Where | None = None
    reveals: tuple[str, ...] = ()
    pick: str = "chance"  # "chance": weighted among the branches that hold; "first": the first

    @property
    def is_chance(self) -> bool:
        return len(self.branches) > 1 or self.branches[0].condition is not None


@dataclass(frozen=True, slots=True)
class Ending:
    outcome: str  # success, partial, failure
    debrief: Prose


@dataclass(frozen=True, slots=True)
class Scene:
    id: str
    title: str
    text: Prose
    on_enter: tuple[Effect, ...]
    news: tuple[News, ...]
    choices: tuple[Choice, ...]
    ending: Ending | None
    where: Where | None = None
    reveals: tuple[str, ...] = ()

    @property
    def is_ending(self) -> bool:
        return self.ending is not None


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    publisher: str
    note: str


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    description: str
    version: str
    start: str
    authors: tuple[str, ...]
    source: Source | None
    meters: tuple[Meter, ...]
    flags: tuple[Flag, ...]
    counters: tuple[Counter, ...]
    traps: dict[str, Trap]
    glossary: tuple[GlossaryEntry, ...]
    scenes: dict[str, Scene]
    folder: Path | None = None
    meter_by_id: dict[str, Meter] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.meter_by_id.update({m.id: m for m in self.meters})

    def apply_effect(
        self, effect: Effect, values: dict[str, int | bool]
    ) -> tuple[int | bool, int | bool | None] | None:
        """Apply one effect to ``values``: meters are rounded and clamped to their range,
        counters rounded, flags set. Return ``(old value, wanted value)`` if the value changed
        or a meter's bound stopped it (``wanted`` is then the unclamped value, else None); None
        when the effect did nothing."""
        if not effect.applies(values):
            return None
        target = effect.target
        old = values[target]
        meter = self.meter_by_id.get(target)
        wanted: int | bool | None = None
        if meter is not None:
            aimed = round_half_away(effect.new_value(old, values, meter.min, meter.max))
            new: int | bool = max(meter.min, min(meter.max, aimed))
            if aimed != new:
                wanted = aimed
        elif target.startswith("counters."):
            new = round_half_away(effect.new_value(old, values))
        else:
            new = bool(effect.new_value(old, values))
        if new == old and wanted is None:
            return None
        values[target] = new
        return old, wanted

    @property
    def lines(self) -> frozenset[str]:
        """Meters that set the line of another meter's mark (such as a price drawn by chance):
        information for the player rather than stakes, so no good/fair/poor applies to them."""
        return frozenset(mark.ref for meter in self.meters for mark in meter.marks if mark.ref)

    @property
    def endings(self) -> list[Scene]:
        return [s for s in self.scenes.values() if s.ending is not None]

    def initial_values(self) -> dict[str, int | bool]:
        """The value of every meter, flag and counter at the start of a game (a meter whose
        start is drawn by chance has its declared ``start`` here; the session draws it)."""
        values: dict[str, int | bool] = {m.id: m.start for m in self.meters}
        values.update({f"flags.{f.id}": f.start for f in self.flags})
        values.update({f"counters.{c.id}": c.start for c in self.counters})
        values["turn"] = 0
        return values

    def starting_values(self) -> list[dict[str, int | bool]]:
        """Every way a game can start: one set of values per combination of the starting values
        chance may draw (a single set when nothing is drawn)."""
        variants = [self.initial_values()]
        for meter in self.meters:
            if meter.drawn:
                variants = [
                    {**v, meter.id: start} for v in variants for start in meter.start_values
                ]
        return variants


class ScenarioNames:
    """The names a scenario declares, as the expression parser sees them."""

    def __init__(
        self, meters: list[str], flags: list[str], counters: list[str], scenes: list[str]
    ) -> None:
        self.kinds: dict[str, str] = {m: NUM for m in meters}
        self.kinds.update({f"flags.{f}": BOOL for f in flags})
        self.kinds.update({f"counters.{c}": NUM for c in counters})
        self.readonly = {"turn"} | {f"visited.{s}" for s in scenes}
        self.kinds["turn"] = NUM
        self.kinds.update({f"visited.{s}": BOOL for s in scenes})

    def kind_of(self, name: str) -> str | None:
        return self.kinds.get(name)

    def can_assign(self, name: str) -> bool:
        return name not in self.readonly

    def known_names(self) -> list[str]:
        return list(self.kinds)
