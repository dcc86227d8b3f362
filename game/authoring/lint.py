"""The linter: warnings about a scenario that loads but has likely mistakes (codes DT2xx).

Each warning class has one stable code (see ``problems.CODES`` and docs/authoring.md) and one rule
in ``RULES``; each warning points at the line of its cause (the ``if:``, the weight, the effect).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from game.engine.explain import comparisons, threshold_of, unparse
from game.engine.loader import LoadResult, check_scenario, collector_paused, find_manifest
from game.engine.model import Scenario, Where
from game.engine.problems import WARNING, Problem
from game.engine.yamlfile import Reader, read_text

from .graph import links
from .intervals import Abstract, Interval, declared_ranges, effect_result, evaluate, truth
from .reach import Reach, analyse, outweighed
from .sourcemap import SourceMap, child
from .usage import manifest_path, places, usage

# Longest texts before a warning, in characters, by what the text is.
TEXT_LIMITS = {
    "scene text": 2500,
    "debrief": 2500,
    "choice text": 240,
    "feedback": 800,
    "news text": 800,
    "branch text": 800,
}

# Characters that move the cursor, ring the bell or reorder text on a terminal; YAML lets them in
# through escapes in double quotes ("\e", "\x07", "\u202e"). New lines and tabs are fine.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
CONTROL_NAMES = {"\x00": "null", "\x07": "bell", "\x08": "backspace", "\r": "carriage return"}
CONTROL_NAMES["\x1b"] = "escape"
# What DT218 flags: the Unicode control characters (category Cc: U+0000-001F and U+007F-009F)
# other than tab and newline, and the direction controls.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")


@dataclass
class Lint:
    """What the rules share: the scenario, where its parts are written, and the analyses."""

    scenario: Scenario
    sources: SourceMap
    manifest: Path | None
    fallback: Path | str
    found: list[Problem] = field(default_factory=list)

    def warn(self, where: Where | None, code: str, message: str, hint: str) -> None:
        if where is None:
            self.found.append(Problem(self.fallback, 0, 0, code, message, hint, WARNING))
        else:
            self.found.append(
                Problem(where.path, where.line, where.col, code, message, hint, WARNING)
            )

    @cached_property
    def reach(self) -> Reach:
        return analyse(self.scenario)

    @cached_property
    def declared(self) -> dict[str, Abstract]:
        return declared_ranges(self.scenario)

    @cached_property
    def declarations(self) -> dict[tuple[str, str], yaml.Node]:
        return self.sources.declarations(self.manifest)

    def declared_at(self, section: str, name: str) -> Where | None:
        return self.in_manifest(self.declarations.get((section, name)))

    def in_manifest(self, node: yaml.Node | None) -> Where | None:
        """Where a node of the manifest is written."""
        if node is None or self.manifest is None:
            return None
        return self.sources.where(str(self.manifest), node)


def check(path: Path, read: Reader = read_text, with_lint: bool = True) -> LoadResult:
    """Load and validate a scenario, then lint it when it loads: what 'check' reports, and
    what an editor shows as you type (it passes a reader with its unsaved text)."""
    result = check_scenario(path, read)
    if result.scenario is not None and with_lint:
        result.problems.extend(lint(result.scenario, find_manifest(path), read))
    result.problems.sort(key=lambda p: (str(p.path), p.line, p.col))  # reading order
    return result


def lint(
    scenario: Scenario, manifest: Path | None = None, read: Reader = read_text
) -> list[Problem]:
    """Every warning for a loaded scenario, sorted by file and line.

    ``read`` reads the files (the loader's reader: an editor's unsaved text included).
    """
    manifest = manifest_path(scenario, manifest)
    context = Lint(scenario, SourceMap(read), manifest, manifest or scenario.folder or scenario.id)
    # The analyses keep an abstract state for every scene and a record of every use of a name,
    # none of them in a reference cycle: collecting would only rescan them and the scenario.
    with collector_paused():
        for rule in RULES:
            rule(context)
    unique = {(p.path, p.line, p.col, p.code, p.message): p for p in context.found}
    return sorted(unique.values(), key=lambda p: (str(p.path), p.line, p.col, p.code))


# --- reachability ---------------------------------------------------------------------------


def unreachable_scenes(lint: Lint) -> None:
    """DT200, DT208: scenes and endings no game reaches."""
    scenario = lint.scenario
    linked = _linked_from_start(scenario)
    for scene in scenario.scenes.values():
        if lint.reach.reachable(scene.id):
            continue
        code = "DT208" if scene.is_ending else "DT200"
        what = "ending" if scene.is_ending else "scene"
        if scene.id not in linked:
            message = f"no path from the start leads to {what} '{scene.id}'"
            hint = "add a choice with 'goto: " + scene.id + "', or remove the scene"
        else:
            message = (
                f"{what} '{scene.id}' is linked but can never be reached: "
                "the conditions or chance weights on every way there never let a game through"
            )
            hint = (
                "check the 'if:' conditions, meter ranges and weights of 0 on the choices "
                "that lead here"
            )
        lint.warn(scene.where, code, message, hint)


def blocked_choices(lint: Lint) -> None:
    """DT201, DT211: scenes with no way out, and choices never open where they are offered."""
    reach = lint.reach
    for scene in lint.scenario.scenes.values():
        if scene.is_ending:
            continue
        env = reach.entry.get(scene.id, lint.declared)
        open_choices = [
            c for c in scene.choices if c.condition is None or True in truth(c.condition.tree, env)
        ]
        if scene.id in reach.entry and open_choices:
            for choice in scene.choices:
                if choice in open_choices or choice.condition is None:
                    continue
                if True not in truth(choice.condition.tree, lint.declared):
                    continue  # reported as DT204
                lint.warn(
                    lint.sources.at(choice.where or scene.where, "if"),
                    "DT211",
                    f"choice '{choice.id}' can never be taken: its condition "
                    f"'{choice.condition.source}' never holds when a game reaches "
                    f"'{scene.id}'",
                    "on arrival here: "
                    + _ranges_text(env, choice.condition.names)
                    + "; change the condition, or the effects before this scene",
                )
        if open_choices:
            continue
        if scene.choices:
            message = f"scene '{scene.id}' is a dead end: no choice here can ever be taken"
            hint = "give at least one choice a condition that can hold, or no condition"
        else:
            message = f"scene '{scene.id}' has no choices and is not an ending"
            hint = "add choices, or mark it as an ending with 'ending: {outcome: partial}'"
        lint.warn(scene.where, "DT201", message, hint)


def loops_without_ending(lint: Lint) -> None:
    """DT213: scenes a game can enter but never leave for an ending, because every way out leads
    back among them. One warning per such loop, at its first scene, naming all its scenes."""
    scenario, exits = lint.scenario, lint.reach.exits
    can_end = {s.id for s in scenario.endings if lint.reach.reachable(s.id)}
    into: dict[str, set[str]] = {}
    for source, targets in exits.items():
        for target in targets:
            into.setdefault(target, set()).add(source)
    stack = list(can_end)
    while stack:
        for source in into.get(stack.pop(), ()):
            if source not in can_end:
                can_end.add(source)
                stack.append(source)
    trapped = [s for s in scenario.scenes if s in exits and s not in can_end]
    order = {scene_id: index for index, scene_id in enumerate(scenario.scenes)}
    for loop in _closed_loops(trapped, exits):
        names = sorted(loop, key=order.__getitem__)
        first = scenario.scenes[names[0]]
        if len(names) == 1:
            message = f"scene '{names[0]}' only ever leads back to itself: no ending can follow"
        else:
            shown = ", ".join(f"'{n}'" for n in names[:8]) + (" …" if len(names) > 8 else "")
            message = (
                f"no ending can be reached from the loop {shown}: every way out of these "
                f"{len(names)} scenes leads back among them"
            )
        lint.warn(
            first.where,
            "DT213",
            message,
            "give one of these scenes a choice that leads towards an ending, or loosen the "
            "conditions that keep the way out closed",
        )


def _closed_loops(nodes: list[str], exits: dict[str, set[str]]) -> Iterator[set[str]]:
    """The strongly connected groups of ``nodes`` that no edge leaves and that hold a cycle."""
    members = set(nodes)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(exits.get(root, ()) & members)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for target in children:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(exits.get(target, ()) & members))))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                groups.append(group)
    for group in groups:
        leaves = any(t not in group for s in group for t in exits.get(s, ()))
        cycle = len(group) > 1 or any(s in exits.get(s, ()) for s in group)
        if cycle and not leaves:
            yield group


def _ranges_text(env, names) -> str:
    shown = []
    for name in sorted(names):
        value = env.get(name)
        if isinstance(value, Interval):
            shown.append(f"{name} is {value}")
        elif value is not None:
            shown.append(f"{name} is " + " or ".join(sorted(str(v).lower() for v in value)))
    return ", ".join(shown) or "no value read here changes"


def _linked_from_start(scenario: Scenario) -> set[str]:
    seen = {scenario.start}
    stack = [scenario.start]
    edges = links(scenario)
    while stack:
        for target in edges.get(stack.pop(), ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


# --- names ----------------------------------------------------------------------------------


def names(lint: Lint) -> None:
    """DT202, DT203, DT210: names set but never read, read but never set, or never used."""
    scenario = lint.scenario
    used = usage(scenario)
    # Players read every meter (hidden ones in the debrief), so only flags and counters must be
    # read by a condition.
    entries = [(m.id, "meters", "meter", False) for m in scenario.meters]
    entries += [(f"flags.{f.id}", "flags", "flag", True) for f in scenario.flags]
    entries += [(f"counters.{c.id}", "counters", "counter", True) for c in scenario.counters]
    for name, section, what, must_be_read in entries:
        reads = used.reads.get(name, [])
        writes = used.writes.get(name, [])
        meter = scenario.meter_by_id.get(name)
        # chance sets a drawn meter's start: a value that differs game to game
        written = bool(writes) or (meter is not None and meter.drawn)
        where = lint.declared_at(section, name.split(".", 1)[1] if section != "meters" else name)
        if not reads and not written and (must_be_read or section == "meters"):
            extra = "" if must_be_read else " (a meter that never moves)"
            lint.warn(
                where,
                "DT210",
                f"{what} '{name}' is declared but never used{extra}",
                "use it in an effect or a condition, or remove the declaration",
            )
        elif written and not reads and must_be_read:
            lint.warn(
                (writes[0].located(lint.sources) if writes else None) or where,
                "DT202",
                f"{what} '{name}' is set but never read",
                f"read it in a condition such as 'if: {name}"
                + (" > 0'" if what != "flag" else "'")
                + ", or remove it",
            )
        elif reads and not written:
            lint.warn(
                reads[0].located(lint.sources) or where,
                "DT203",
                f"{what} '{name}' is read but never set: it always keeps its start value",
                f"set it in an effect, e.g. '{name} = true'"
                if what == "flag"
                else f"change it in an effect, e.g. '{name} += 1'",
            )


def blame_direction(lint: Lint) -> None:
    """DT217: a blame meter that does not say lower is better is shown as 'higher is better'."""
    for meter in lint.scenario.meters:
        if meter.kind != "blame" or meter.good == "low":
            continue
        node = lint.declarations.get(("meters", meter.id))
        if child(node, "good") is not None:
            continue  # the author wrote 'good: high' on purpose
        lint.warn(
            lint.in_manifest(child(node, "kind")) or lint.declared_at("meters", meter.id),
            "DT217",
            f"meter '{meter.id}' measures blame but does not say that lower is better: "
            "players will see a rise as good news",
            "add 'good: low' to the meter (or 'good: high' if more of it really is better)",
        )


def glossary_twice(lint: Lint) -> None:
    """DT215: the same glossary term (ignoring case) defined twice."""
    root = lint.sources.root(lint.manifest) if lint.manifest is not None else None
    entries = child(root, "glossary")
    first: dict[str, Where | None] = {}
    for index, entry in enumerate(lint.scenario.glossary):
        term = " ".join(entry.term.split()).casefold()
        where = lint.in_manifest(child(child(entries, index), "term"))
        if term not in first:
            first[term] = where
            continue
        earlier = first[term]
        lint.warn(
            where,
            "DT215",
            f"glossary term '{entry.term}' is defined twice",
            "merge the two definitions into one"
            + (f" (the first is on line {earlier.line})" if earlier else ""),
        )


# --- conditions, effects and weights ------------------------------------------------------------


def conditions(lint: Lint) -> None:
    """DT204, DT205: conditions that can never be true, or are always true."""
    for place in places(lint.scenario):
        if place.condition is None:
            continue
        possible = truth(place.condition.tree, lint.declared)
        source = place.condition.source
        if True not in possible:
            lint.warn(
                place.locate(lint.sources, "if"),
                "DT204",
                f"{place.what} condition '{source}' can never be true",
                "compare against values inside the meters' ranges (see their min and max)",
            )
        elif False not in possible:
            lint.warn(
                place.locate(lint.sources, "if"),
                "DT205",
                f"{place.what} condition '{source}' is always true",
                "remove the condition, or compare against a value inside the meter's range",
            )


def overshoots(lint: Lint) -> None:
    """DT206: effects that push a meter past its range every time."""
    env = lint.declared
    for place in places(lint.scenario):
        for index, effect in enumerate(place.effects):
            meter = lint.scenario.meter_by_id.get(effect.target)
            if meter is None:
                continue
            if effect.op in ("%+", "%-"):
                percent = evaluate(effect.value.tree, env)
                if isinstance(percent, Interval) and (percent.lo > 100 or percent.hi < 0):
                    lint.warn(
                        place.effect_at(lint.sources, index),
                        "DT206",
                        f"'{effect.source}': a fairmath change takes a percentage from 0 "
                        f"to 100, not {percent}",
                        f"use a value between 0 and 100, e.g. '{effect.target} {effect.op} 20'",
                    )
                continue
            result = effect_result(effect, env, meter.min, meter.max)
            if not isinstance(result, Interval):
                continue
            side = "above its maximum" if result.lo > meter.max else ""
            side = side or ("below its minimum" if result.hi < meter.min else "")
            if side:
                lint.warn(
                    place.effect_at(lint.sources, index),
                    "DT206",
                    f"'{effect.source}' always pushes '{meter.id}' {side} "
                    f"({meter.min}–{meter.max}); the change is cut off every time",
                    "use a smaller change, or %+ / %- for changes that slow near the ends",
                )


def traps(lint: Lint) -> None:
    """DT207: traps no choice springs."""
    scenes = lint.scenario.scenes.values()
    tagged = {c.trap_id for s in scenes for c in s.choices if c.trap_id}
    for trap_id in lint.scenario.traps:
        if trap_id not in tagged:
            lint.warn(
                lint.declared_at("traps", trap_id),
                "DT207",
                f"trap '{trap_id}' is declared but no choice springs it",
                f"add 'trap: {trap_id}' to the tempting choice, or remove the trap",
            )


def zero_weights(lint: Lint) -> None:
    """DT212: news items and branches that chance never draws (weight never above 0)."""
    env = lint.declared
    for scene in lint.scenario.scenes.values():
        for index, news in enumerate(scene.news):
            weight = evaluate(news.weight.tree, env)
            if isinstance(weight, Interval) and weight.hi <= 0:
                what = f"news '{news.headline}'" if news.headline else "the 'no news' item"
                lint.warn(
                    lint.sources.at(scene.where, "news", index, "weight"),
                    "DT212",
                    f"{what} in scene '{scene.id}' has weight "
                    f"'{news.weight.source}', never above 0: it is never drawn",
                    "give it a weight above 0, or remove it",
                )
        for choice in scene.choices:
            if choice.pick == "first":
                continue  # weights do not count there
            for index in sorted(outweighed(choice, env)):
                branch = choice.branches[index]
                lint.warn(
                    lint.sources.at(branch.where or choice.where or scene.where, "weight"),
                    "DT212",
                    f"the branch of '{choice.id}' to '{branch.scene_id}' has weight "
                    f"'{branch.weight.source}', never above 0, and another branch is always "
                    "possible: it is never taken",
                    "give it a weight above 0, or remove it",
                )


def unmarked_thresholds(lint: Lint) -> None:
    """DT230: routes (and endings) that turn on a line the player cannot see on the meter."""
    scenario = lint.scenario
    for scene in scenario.scenes.values():
        for choice in scene.choices:
            if len(choice.branches) < 2:
                continue
            for branch in choice.branches:
                if branch.condition is None:
                    continue
                for node in comparisons(branch.condition.tree):
                    meter, mark = threshold_of(node, scenario)
                    if meter is None or meter.hidden or mark is not None:
                        continue
                    lint.warn(
                        lint.sources.at(branch.where or choice.where or scene.where, "if"),
                        "DT230",
                        f"where '{choice.id}' leads turns on '{unparse(node)}', but "
                        f"'{meter.label}' has no mark there: players cannot see this line",
                        f"add a mark to meter '{meter.id}' (below/above with a text), or "
                        "hide the meter if the line is meant to be found out",
                    )


def reasons_without_condition(lint: Lint) -> None:
    """DT216: a disabled_reason on a choice that has no 'if', so it is never shown."""
    for scene in lint.scenario.scenes.values():
        for choice in scene.choices:
            if choice.disabled_reason and choice.condition is None:
                lint.warn(
                    lint.sources.at(choice.where or scene.where, "disabled_reason"),
                    "DT216",
                    f"choice '{choice.id}' has a disabled_reason but no 'if': it is always "
                    "offered, so the reason is never shown",
                    "add the 'if:' that decides when the choice is greyed out, or remove "
                    "disabled_reason",
                )


# --- texts ----------------------------------------------------------------------------------


def texts(lint: Lint) -> None:
    """DT209, DT214: texts far too long for a terminal, and scenes or choices with no text."""
    sources = lint.sources

    def check(text: str, what: str, where: Where | None, *keys: str | int) -> None:
        limit = TEXT_LIMITS[what]
        if len(text) > limit:
            lint.warn(
                sources.at(where, *keys),
                "DT209",
                f"{what} is {len(text)} characters long (more than {limit})",
                "players read on a terminal: split it over two scenes or shorten it",
            )

    for scene in lint.scenario.scenes.values():
        if not scene.text.source.strip():
            lint.warn(
                sources.at(scene.where, "text"),
                "DT214",
                f"scene '{scene.id}' has no text: the player sees only its title",
                "write what happens in this scene under 'text:'",
            )
        check(scene.text.source, "scene text", scene.where, "text")
        if scene.ending is not None:
            check(scene.ending.debrief.source, "debrief", scene.where, "ending", "debrief")
        for index, news in enumerate(scene.news):
            check(news.text, "news text", scene.where, "news", index, "text")
        for choice in scene.choices:
            where = choice.where or scene.where
            if not choice.text.strip():
                lint.warn(
                    sources.at(where, "text"),
                    "DT214",
                    f"choice '{choice.id}' in scene '{scene.id}' has no text: the player sees "
                    "an empty option",
                    "write what the player does under 'text:'",
                )
            check(choice.text, "choice text", where, "text")
            check(choice.feedback.source, "feedback", where, "feedback")
            for branch in choice.branches:
                check(branch.text, "branch text", branch.where or where, "text")


def control_characters(lint: Lint) -> None:
    """DT218: control characters (escape codes, bells, direction overrides) in any text."""
    paths = [str(lint.manifest)] if lint.manifest is not None else []
    for scene in lint.scenario.scenes.values():
        if scene.where is not None and scene.where.path not in paths:
            paths.append(scene.where.path)
    for path in paths:
        text = lint.sources.text(path)
        if text is None or ("\\" not in text and not CONTROL.search(text)):
            continue  # a value holds one only as it is or as an escape: no need to read the YAML
        stack = [lint.sources.root(path)]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.MappingNode):
                stack.extend(value for _, value in reversed(node.value))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
                offset = _first_control(node.value)
                if offset is None:
                    continue
                char = node.value[offset]
                lint.warn(
                    lint.sources.where(path, node, offset),
                    "DT218",
                    f"this text holds the control character U+{ord(char):04X} "
                    f"({CONTROL_NAMES.get(char) or unicodedata.name(char, 'control').lower()})",
                    "remove it: it can garble the player's terminal (look for an escape such "
                    "as '\\e', '\\x1b' or '\\u' in double quotes)",
                )


def _first_control(text: str) -> int | None:
    found = CONTROL.search(text)
    return None if found is None else found.start()


# Every rule, in the order its warnings are found; adding a rule is adding a row.
RULES: tuple[Callable[[Lint], None], ...] = (
    unreachable_scenes,
    blocked_choices,
    loops_without_ending,
    names,
    blame_direction,
    glossary_twice,
    conditions,
    overshoots,
    traps,
    zero_weights,
    reasons_without_condition,
    texts,
    control_characters,
    unmarked_thresholds,
)
