"""An author's debug mode: every value shown (hidden ones too), a value set within its bounds, a
jump to any scene, and each chance draw and change of a turn in words.

The rules are here once; the full-screen game and the plain game only present them. Whether a
game is a debug game (and so keeps no save, record or gallery entry) is decided by
:class:`game.engine.game_run.GameRun`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Scenario
from .session import NEWS, ROUTE, START, Decision, Draw, Event, Session

Value = int | bool

BANNER = "DEBUG"
JUMP_LABEL = "Debug: jump to '{scene}'"
TRUE_WORDS = frozenset({"true", "yes", "on", "1"})
FALSE_WORDS = frozenset({"false", "no", "off", "0"})


class DebugError(ValueError):
    """An author's debug command that cannot be done, with a message saying why."""


@dataclass(frozen=True, slots=True)
class Reading:
    """One value of the game as the debug view shows it."""

    name: str  # as conditions and effects write it: "blame", "flags.leak", "counters.x"
    kind: str  # "meter", "flag", "counter" or "turn"
    value: Value
    note: str = ""  # a meter's range and label, "hidden"; a flag's or counter's description

    @property
    def shown(self) -> str:
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        return str(self.value)

    @property
    def line(self) -> str:
        """'blame = 40  (0-100, hidden: Risk of blame)'."""
        return f"{self.name} = {self.shown}" + (f"  ({self.note})" if self.note else "")


def readings(session: Session) -> list[Reading]:
    """Every meter, flag and counter with its value now, hidden ones included, then the turn."""
    scenario = session.scenario
    values = session.values
    found: list[Reading] = []
    for meter in scenario.meters:
        seen = "" if session.is_visible(meter) else ", hidden"
        note = f"{meter.min}-{meter.max}{seen}: {meter.label}"
        found.append(Reading(meter.id, "meter", int(values[meter.id]), note))
    for flag in scenario.flags:
        name = f"flags.{flag.id}"
        found.append(Reading(name, "flag", bool(values[name]), flag.description))
    for counter in scenario.counters:
        name = f"counters.{counter.id}"
        found.append(Reading(name, "counter", int(values[name]), counter.description))
    found.append(Reading("turn", "turn", int(values.get("turn", 0)), "read only"))
    return found


def value_lines(session: Session) -> list[str]:
    """The scene and every value, one a line, for the debug view."""
    scene = session.scene
    lines = [f"scene = {scene.id}  ({scene.title})"]
    lines.extend(reading.line for reading in readings(session))
    return lines


# -- setting a value ---------------------------------------------------------------------------


def settable_names(scenario: Scenario) -> list[str]:
    """The names a debug command may set: meters, flags and counters."""
    names = [m.id for m in scenario.meters]
    names += [f"flags.{f.id}" for f in scenario.flags]
    names += [f"counters.{c.id}" for c in scenario.counters]
    return names


def _close(word: str, names: Iterable[str]) -> str:
    """' (did you mean a, b?)' for names close to ``word`` (whole, or a flag's or counter's
    bare id), or ''."""
    by_word = {n: n for n in names}
    by_word.update({n.partition(".")[2]: n for n in by_word if "." in n})
    near = difflib.get_close_matches(word, list(by_word), n=3, cutoff=0.6)
    found = list(dict.fromkeys(by_word[n] for n in near))
    return f" (did you mean {', '.join(found)}?)" if found else ""


def value_name(scenario: Scenario, name: str) -> str:
    """The full name of a settable value: as written, or a flag or counter by its bare id
    when only one has it; DebugError when there is none."""
    names = settable_names(scenario)
    if name in names:
        return name
    if name == "turn" or name.startswith("visited."):
        raise DebugError(f"'{name}' is kept by the game and cannot be set")
    bare = [n for n in names if n.partition(".")[2] == name]
    if len(bare) == 1:
        return bare[0]
    if bare:
        raise DebugError(f"'{name}' could be {' or '.join(bare)}: write the whole name")
    raise DebugError(f"there is no meter, flag or counter called '{name}'{_close(name, names)}")


def parse_value(scenario: Scenario, name: str, text: str) -> Value:
    """The value ``text`` means for ``name``, checked against its kind and range; DebugError
    saying what it may be when it does not fit."""
    word = text.strip().lower()
    if name.startswith("flags."):
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise DebugError(f"{name} is a flag: set it to true or false, not '{text.strip()}'")
    try:
        number = int(word)
    except ValueError:
        raise DebugError(f"{name} takes a whole number, not '{text.strip()}'") from None
    meter = scenario.meter_by_id.get(name)
    if meter is not None and not meter.min <= number <= meter.max:
        raise DebugError(
            f"{name} goes from {meter.min} to {meter.max}; {number} is out of its range"
        )
    return number


def parse_assignment(text: str) -> tuple[str, str]:
    """'name = value' (or 'name value') as its two halves; DebugError when one is missing."""
    name, equals, value = text.partition("=")
    if not equals:
        name, _, value = text.strip().partition(" ")
    name, value = name.strip(), value.strip()
    if not name or not value:
        raise DebugError("write it as: NAME = VALUE (for example: blame = 40)")
    return name, value


@dataclass(frozen=True, slots=True)
class Setting:
    """A value a debug command set: from ``before`` to ``after``."""

    name: str
    before: Value
    after: Value

    @property
    def words(self) -> str:
        return f"Set {self.name} from {_shown(self.before)} to {_shown(self.after)}."


def set_value(session: Session, assignment: str) -> Setting:
    """Set one meter, flag or counter from 'name = value', within its range; DebugError with a
    message when the name or the value does not fit."""
    name, text = parse_assignment(assignment)
    name = value_name(session.scenario, name)
    value = parse_value(session.scenario, name, text)
    before = session.values[name]
    session.values[name] = value
    return Setting(name, before, value)


# -- scenes ------------------------------------------------------------------------------------


def scene_id(scenario: Scenario, wanted: str) -> str:
    """The scene called ``wanted``; DebugError naming close ones when there is none."""
    wanted = wanted.strip()
    if wanted in scenario.scenes:
        return wanted
    if not wanted:
        raise DebugError("say which scene: its id, as in the scenario's files")
    return _no_scene(scenario, wanted)


def _no_scene(scenario: Scenario, wanted: str) -> str:
    near = difflib.get_close_matches(wanted, list(scenario.scenes), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise DebugError(f"there is no scene '{wanted}' in {scenario.id}{hint}")


def jump(session: Session, wanted: str) -> Decision:
    """Go straight to a scene by id (its arrival effects and news happen; undo takes it back);
    DebugError for an unknown id."""
    target = scene_id(session.scenario, wanted)
    return session.jump(target, JUMP_LABEL.format(scene=target))


def start_session(scenario: Scenario, seed: int | None, start: str | None) -> Session:
    """A new game, opening in ``start`` when given (DebugError for an unknown scene)."""
    if start is None:
        return Session(scenario, seed)
    return Session(scenario, seed, start=scene_id(scenario, start))


# -- what a turn did ---------------------------------------------------------------------------


def _shown(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _percent(share: float) -> str:
    value = 100 * share
    return f"{value:.0f}%" if value >= 1 or value == 0 else f"{value:.1f}%"


def draw_words(event: Event, draw: Draw) -> str:
    """A draw in words: what was picked, how, and from what ('chance drew ... among ...')."""
    picked = draw.possibilities[draw.picked]
    what = {
        START: f"starting value of {event.label}",
        ROUTE: "route",
        NEWS: "news",
    }.get(event.kind, event.kind)
    if draw.by == "chance":
        total = sum(p.weight for p in draw.possibilities if p.held)
        among = "; ".join(
            f"'{p.label}' weight {p.weight:g}" if p.held else f"'{p.label}' (its if failed)"
            for p in draw.possibilities
        )
        return (
            f"Chance drew the {what}: '{picked.label}', weight {picked.weight:g} of "
            f"{total:g} ({_percent(draw.probability)}), among: {among}"
        )
    reasons = "; ".join(
        f"{r.source} {'held' if r.holds else 'failed'}"
        + (f" ({', '.join(f'{n} = {_shown(v)}' for n, v in r.values)})" if r.values else "")
        for r in draw.reasons
    )
    because = f", because {reasons}" if reasons else " (the only possibility with weight)"
    return f"The state decided the {what}: '{picked.label}'{because}"


def turn_lines(events: Iterable[Event]) -> list[str]:
    """Every chance draw and every change of values in a turn (or the opening), hidden ones
    included, in the order they happened."""
    lines: list[str] = []
    for event in events:
        if event.draw is not None:
            lines.append(draw_words(event, event.draw))
        for change in event.changes:
            line = f"{change.name}: {_shown(change.before)} -> {_shown(change.after)}"
            if change.cut_short:
                line += f" (aimed at {_shown(change.wanted if change.wanted is not None else change.after)}, held by its range)"
            lines.append(f"{line} [{change.cause}]")
    return lines
