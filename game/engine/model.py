"""The scenario as the engine uses it: frozen dataclasses with compiled expressions."""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    text: str
    condition: Expression | None
    disabled_reason: str
    effects: tuple[Effect, ...]
    branches: tuple[Branch, ...]
    feedback: str
    trap_id: str | None
    where: Where | None = None

    @property
    def is_chance(self) -> bool:
        return len(self.branches) > 1 or self.branches[0].condition is not None


@dataclass(frozen=True, slots=True)
class Ending:
    outcome: str  # success, partial, failure
    debrief: str


@dataclass(frozen=True, slots=True)
class Scene:
    id: str
    title: str
    text: str
    on_enter: tuple[Effect, ...]
    news: tuple[News, ...]
    choices: tuple[Choice, ...]
    ending: Ending | None
    where: Where | None = None

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

    def apply_effect(self, effect: Effect, values: dict[str, int | bool]) -> int | bool | None:
        """Apply one effect to ``values``: meters are rounded and clamped to their range,
        counters rounded, flags set. Return the old value if it changed, else None."""
        if not effect.applies(values):
            return None
        target = effect.target
        old = values[target]
        meter = self.meter_by_id.get(target)
        if meter is not None:
            new: int | bool = meter.clamp(effect.new_value(old, values, meter.min, meter.max))
        elif target.startswith("counters."):
            new = round_half_away(effect.new_value(old, values))
        else:
            new = bool(effect.new_value(old, values))
        if new == old:
            return None
        values[target] = new
        return old

    @property
    def endings(self) -> list[Scene]:
        return [s for s in self.scenes.values() if s.ending is not None]

    def initial_values(self) -> dict[str, int | bool]:
        """The value of every meter, flag and counter at the start of a game."""
        values: dict[str, int | bool] = {m.id: m.start for m in self.meters}
        values.update({f"flags.{f.id}": f.start for f in self.flags})
        values.update({f"counters.{c.id}": c.start for c in self.counters})
        values["turn"] = 0
        return values


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
