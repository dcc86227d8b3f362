"""What an editor asks about a place in a scenario file: what may be typed there, what a name
refers to, and what to show about it. Plain functions over the file's text, the scenario's
declarations and (when it loads) the model; the language server turns them into LSP messages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass

from game.engine.model import Scenario

from .scenario_index import COUNTER, FLAG, METER, SCENE, TRAP, Declaration, ScenarioIndex

NAMES = "names"  # a place that takes an expression: meters, flags, counters, visited., turn

# The key a value belongs to -> what may be written there.
KEY_TAKES = {
    "goto": SCENE,
    "scene": SCENE,
    "start": SCENE,
    "trap": TRAP,
    "if": NAMES,
    "effects": NAMES,
    "on_enter": NAMES,
    "weight": NAMES,
}
KINDS_FOR = {
    SCENE: (SCENE,),
    TRAP: (TRAP,),
    NAMES: (METER, FLAG, COUNTER),
    None: (METER, FLAG, COUNTER, SCENE, TRAP),
}
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?=\s|$)")
_NAME_CHARS = re.compile(r"[A-Za-z0-9_.]*")


@dataclass(frozen=True, slots=True)
class Word:
    """A name in the text: where it starts and ends on its line (0-based characters)."""

    text: str
    line: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Completion:
    label: str
    kind: str  # scene, meter, flag, counter, trap, or "turn"
    detail: str
    replace: Word  # the part already typed, which the completion replaces


def key_at(lines: Sequence[str], line: int, col: int) -> str | None:
    """The YAML key whose value holds the place (line, col): ``goto`` in ``goto: ta``, and
    ``effects`` on a ``- trust += 1`` line below ``effects:``."""
    if line >= len(lines):
        return None
    before = lines[line][:col]
    if _in_comment(before):
        return None
    keys = list(_KEY.finditer(before))
    if keys:
        return keys[-1].group(1)
    indent = _indent(lines[line])
    item = lines[line].lstrip().startswith("-")
    for number in range(line - 1, -1, -1):
        text = lines[number]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        above = _indent(text)
        sibling = text.lstrip().startswith("-")
        if above > indent or (above == indent and item and sibling):
            continue  # deeper lines, or an earlier item of the same list
        if above == indent and not item:
            return None  # the place is in a key being typed
        found = list(_KEY.finditer(text))  # the key this value or list belongs to
        return found[-1].group(1) if found else None
    return None


def word_at(lines: Sequence[str], line: int, col: int) -> Word | None:
    """The name (letters, digits, '_' and '.') at or just before the place."""
    if line >= len(lines):
        return None
    text = lines[line]
    start = col
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1
    end = col + len(_NAME_CHARS.match(text, col).group()) if col < len(text) else col
    name = text[start:end].strip(".")
    if not name:
        return None
    return Word(name, line, start, start + len(name))


def completions(
    lines: Sequence[str], line: int, col: int, index: ScenarioIndex, scenario: Scenario | None
) -> list[Completion]:
    """What may be typed at the place: scene ids after goto:/scene:/start:, trap ids after
    trap:, and names in conditions, effects and weights."""
    takes = KEY_TAKES.get(key_at(lines, line, col) or "")
    if takes is None:
        return []
    text = lines[line] if line < len(lines) else ""
    start = col
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1
    typed = Word(text[start:col], line, start, col)
    found = [
        Completion(d.name, d.kind, _detail(d, scenario), typed)
        for d in index.of_kind(*KINDS_FOR[takes])
    ]
    if takes == NAMES:
        found.append(Completion("turn", "turn", "decisions taken so far", typed))
        found += [
            Completion(f"visited.{d.name}", SCENE, f"true once '{d.name}' was entered", typed)
            for d in index.of_kind(SCENE)
        ]
    return found


def definition(
    lines: Sequence[str], line: int, col: int, index: ScenarioIndex
) -> Declaration | None:
    """Where the scene, meter, flag, counter or trap named at the place is declared."""
    word = word_at(lines, line, col)
    if word is None:
        return None
    takes = KEY_TAKES.get(key_at(lines, line, col) or "")
    return index.find(word.text, KINDS_FOR[takes])


def hover(
    lines: Sequence[str], line: int, col: int, index: ScenarioIndex, scenario: Scenario | None
) -> tuple[str, Word] | None:
    """Markdown about the name at the place (a meter's range and marks, a trap's lesson, ...)
    and the word it is about. Read from the model when the scenario loads."""
    word = word_at(lines, line, col)
    if word is None:
        return None
    takes = KEY_TAKES.get(key_at(lines, line, col) or "")
    declaration = index.find(word.text, KINDS_FOR[takes])
    if declaration is None:
        return None
    return describe(declaration, scenario), word


def describe(declaration: Declaration, scenario: Scenario | None) -> str:
    """Markdown describing a declaration, from the model when there is one."""
    kind, name, raw = declaration.kind, declaration.name, declaration.fields
    if kind == METER:
        meter = scenario.meter_by_id.get(name) if scenario is not None else None
        if meter is not None:
            return _meter_text(meter)
        low, high = raw.get("min", "0"), raw.get("max", "100")
        better = "lower" if raw.get("good") == "low" else "higher"
        return (
            f"**{raw.get('label', name)}** · meter `{name}`\n\n"
            f"range {low}–{high}, starts at {raw.get('start', '50')}; {better} is better"
        )
    if kind == TRAP:
        trap = scenario.traps.get(name) if scenario is not None else None
        title, lesson = (trap.name, trap.lesson) if trap else (raw.get("name"), raw.get("lesson"))
        source = (trap.source if trap else raw.get("source")) or ""
        text = f"**{title or name}** · trap `{name}`\n\n{lesson or ''}"
        return text + (f"\n\n*Source:* {source}" if source else "")
    if kind == SCENE:
        scene = scenario.scenes.get(name) if scenario is not None else None
        title = scene.title if scene else raw.get("title", name)
        text = f"**{title}** · scene `{name}`"
        if scene is not None and scene.ending is not None:
            text += f" · ending ({scene.ending.outcome})"
        body = scene.text if scene else raw.get("text", "")
        return text + (f"\n\n{_shorten(body)}" if body else "")
    what = "flag" if kind == FLAG else "counter"
    start = raw.get("start", "false" if kind == FLAG else "0")
    text = f"{what} `{name}`, starts {start}"
    return text + (f"\n\n{raw['description']}" if raw.get("description") else "")


def _meter_text(meter: object) -> str:
    """A meter from the model: the usual facts first, then every other field it has (marks,
    and whatever the format grows later), so the hover never lags behind the model."""
    values = {f.name: getattr(meter, f.name) for f in fields(meter)}  # type: ignore[arg-type]
    better = "lower" if values.get("good") == "low" else "higher"
    lines = [
        f"**{values.get('label')}** · meter `{values.get('id')}`",
        f"range {values.get('min')}–{values.get('max')}, starts at "
        f"{_plain(values.get('start'))}; {better} is better",
    ]
    shown = {"id", "label", "min", "max", "start", "good", "description", "marks", "start_values"}
    if values.get("start_values"):
        drawn = values["start_values"]
        lines[-1] += f" (drawn by chance: {drawn[0]}–{drawn[-1]})"
    marks = values.get("marks") or ()
    if marks:
        lines.append("marks: " + "; ".join(_mark_text(m) for m in marks))
    extra = [
        f"{name}: {_plain(value)}"
        for name, value in values.items()
        if name not in shown and value not in ("", None, (), [], {}, False)
    ]
    if extra:
        lines.append(" · ".join(extra))
    if values.get("description"):
        lines.append(str(values["description"]))
    return "\n\n".join(lines)


def _mark_text(mark: object) -> str:
    describe = getattr(mark, "describe", None)
    return describe() if callable(describe) else _plain(mark, True)


def _plain(value: object, inner: bool = False) -> str:
    """A model value as words: a list of marks (30, 'wary') reads '30 wary, 70 close'."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if is_dataclass(value) and not isinstance(value, type):
        parts = [_plain(getattr(value, f.name), True) for f in fields(value)]
        return " ".join(p for p in parts if p)
    if isinstance(value, dict):
        return ", ".join(f"{_plain(k, True)} {_plain(v, True)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return (" " if inner else ", ").join(_plain(v, True) for v in value)
    return str(value)


def _detail(declaration: Declaration, scenario: Scenario | None) -> str:
    raw = declaration.fields
    if declaration.kind == METER:
        meter = scenario.meter_by_id.get(declaration.name) if scenario is not None else None
        if meter is not None:
            return f"{meter.label} ({meter.min}–{meter.max})"
        return f"{raw.get('label', '')} ({raw.get('min', '0')}–{raw.get('max', '100')})"
    if declaration.kind == SCENE:
        return raw.get("title", "")
    if declaration.kind == TRAP:
        return raw.get("name", "")
    return raw.get("description", "")


def _shorten(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _in_comment(before: str) -> bool:
    quote = ""
    for index, char in enumerate(before):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or before[index - 1] in " \t"):
            return True
    return False
