"""The linter: warnings about a scenario that loads but has likely mistakes (codes DT2xx).

Each warning class has one stable code; see ``WARNINGS`` and docs/authoring.md.
"""

from __future__ import annotations

from pathlib import Path

from game.engine.explain import comparisons, threshold_of, unparse
from game.engine.model import Scenario, Where
from game.engine.problems import WARNING, Problem

from .graph import links
from .intervals import Interval, declared_ranges, effect_result, evaluate, truth
from .reach import analyse, outweighed
from .usage import declaration_lines, manifest_path, places, usage

# Longest texts before a warning, in characters, by what the text is.
TEXT_LIMITS = {
    "scene text": 2500,
    "debrief": 2500,
    "choice text": 240,
    "feedback": 800,
    "news text": 800,
    "branch text": 800,
}


def _problem(where: Where | None, fallback: Path | str, code: str, message: str, hint: str):
    if where is None:
        return Problem(fallback, 0, 0, code, message, hint, WARNING)
    return Problem(where.path, where.line, where.col, code, message, hint, WARNING)


def lint(scenario: Scenario, manifest: Path | None = None) -> list[Problem]:
    """Every warning for a loaded scenario, sorted by file and line."""
    manifest = manifest_path(scenario, manifest)
    fallback: Path | str = manifest or scenario.folder or scenario.id
    declared = declaration_lines(manifest)
    problems: list[Problem] = []
    problems += _reachability(scenario, fallback)
    problems += _names(scenario, declared, fallback)
    problems += _conditions(scenario, fallback)
    problems += _overshoots(scenario, fallback)
    problems += _traps(scenario, declared, fallback)
    problems += _zero_weights(scenario, fallback)
    problems += _long_texts(scenario, fallback)
    problems += _unmarked_thresholds(scenario, fallback)
    unique = {(p.path, p.line, p.col, p.code, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (str(p.path), p.line, p.col, p.code))


def _reachability(scenario: Scenario, fallback: Path | str) -> list[Problem]:
    found = []
    reach = analyse(scenario)
    linked = _linked_from_start(scenario)
    for scene in scenario.scenes.values():
        if reach.reachable(scene.id):
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
        found.append(_problem(scene.where, fallback, code, message, hint))
    declared = declared_ranges(scenario)
    for scene in scenario.scenes.values():
        if scene.is_ending:
            continue
        env = reach.entry.get(scene.id, declared)
        open_choices = [
            c for c in scene.choices if c.condition is None or True in truth(c.condition.tree, env)
        ]
        if scene.id in reach.entry and open_choices:
            for choice in scene.choices:
                if choice in open_choices or choice.condition is None:
                    continue
                if True not in truth(choice.condition.tree, declared):
                    continue  # reported as DT204
                found.append(
                    _problem(
                        choice.where or scene.where,
                        fallback,
                        "DT211",
                        f"choice '{choice.id}' can never be taken: its condition "
                        f"'{choice.condition.source}' never holds when a game reaches "
                        f"'{scene.id}'",
                        "on arrival here: "
                        + _ranges_text(env, choice.condition.names)
                        + "; change the condition, or the effects before this scene",
                    )
                )
        if open_choices:
            continue
        if scene.choices:
            message = f"scene '{scene.id}' is a dead end: no choice here can ever be taken"
            hint = "give at least one choice a condition that can hold, or no condition"
        else:
            message = f"scene '{scene.id}' has no choices and is not an ending"
            hint = "add choices, or mark it as an ending with 'ending: {outcome: partial}'"
        found.append(_problem(scene.where, fallback, "DT201", message, hint))
    return found


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


def _names(
    scenario: Scenario, declared: dict[tuple[str, str], Where], fallback: Path | str
) -> list[Problem]:
    found = []
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
        if meter is not None and meter.drawn:
            writes = [*writes, None]  # chance sets its start: a value that differs game to game
        where = declared.get((section, name.split(".", 1)[1] if section != "meters" else name))
        if not reads and not writes and (must_be_read or section == "meters"):
            extra = "" if must_be_read else " (a meter that never moves)"
            found.append(
                _problem(
                    where,
                    fallback,
                    "DT210",
                    f"{what} '{name}' is declared but never used{extra}",
                    "use it in an effect or a condition, or remove the declaration",
                )
            )
        elif writes and not reads and must_be_read:
            found.append(
                _problem(
                    writes[0] or where,
                    fallback,
                    "DT202",
                    f"{what} '{name}' is set but never read",
                    f"read it in a condition such as 'if: {name}"
                    + (" > 0'" if what != "flag" else "'")
                    + ", or remove it",
                )
            )
        elif reads and not writes:
            found.append(
                _problem(
                    reads[0] or where,
                    fallback,
                    "DT203",
                    f"{what} '{name}' is read but never set: it always keeps its start value",
                    f"set it in an effect, e.g. '{name} = true'"
                    if what == "flag"
                    else f"change it in an effect, e.g. '{name} += 1'",
                )
            )
    return found


def _conditions(scenario: Scenario, fallback: Path | str) -> list[Problem]:
    found = []
    env = declared_ranges(scenario)
    for place in places(scenario):
        if place.condition is None:
            continue
        possible = truth(place.condition.tree, env)
        source = place.condition.source
        if True not in possible:
            found.append(
                _problem(
                    place.where,
                    fallback,
                    "DT204",
                    f"{place.what} condition '{source}' can never be true",
                    "compare against values inside the meters' ranges (see their min and max)",
                )
            )
        elif False not in possible:
            found.append(
                _problem(
                    place.where,
                    fallback,
                    "DT205",
                    f"{place.what} condition '{source}' is always true",
                    "remove the condition, or compare against a value inside the meter's range",
                )
            )
    return found


def _overshoots(scenario: Scenario, fallback: Path | str) -> list[Problem]:
    found = []
    env = declared_ranges(scenario)
    for place in places(scenario):
        for effect in place.effects:
            meter = scenario.meter_by_id.get(effect.target)
            if meter is None:
                continue
            if effect.op in ("%+", "%-"):
                percent = evaluate(effect.value.tree, env)
                if isinstance(percent, Interval) and (percent.lo > 100 or percent.hi < 0):
                    found.append(
                        _problem(
                            place.where,
                            fallback,
                            "DT206",
                            f"'{effect.source}': a fairmath change takes a percentage from 0 "
                            f"to 100, not {percent}",
                            f"use a value between 0 and 100, e.g. '{effect.target} {effect.op} 20'",
                        )
                    )
                continue
            result = effect_result(effect, env, meter.min, meter.max)
            if not isinstance(result, Interval):
                continue
            side = "above its maximum" if result.lo > meter.max else ""
            side = side or ("below its minimum" if result.hi < meter.min else "")
            if side:
                found.append(
                    _problem(
                        place.where,
                        fallback,
                        "DT206",
                        f"'{effect.source}' always pushes '{meter.id}' {side} "
                        f"({meter.min}–{meter.max}); the change is cut off every time",
                        "use a smaller change, or %+ / %- for changes that slow near the ends",
                    )
                )
    return found


def _traps(
    scenario: Scenario, declared: dict[tuple[str, str], Where], fallback: Path | str
) -> list[Problem]:
    tagged = {c.trap_id for s in scenario.scenes.values() for c in s.choices if c.trap_id}
    return [
        _problem(
            declared.get(("traps", trap_id)),
            fallback,
            "DT207",
            f"trap '{trap_id}' is declared but no choice springs it",
            f"add 'trap: {trap_id}' to the tempting choice, or remove the trap",
        )
        for trap_id in scenario.traps
        if trap_id not in tagged
    ]


def _zero_weights(scenario: Scenario, fallback: Path | str) -> list[Problem]:
    """News items and branches that chance never draws: their weight is never above 0."""
    found = []
    env = declared_ranges(scenario)
    for scene in scenario.scenes.values():
        for news in scene.news:
            weight = evaluate(news.weight.tree, env)
            if isinstance(weight, Interval) and weight.hi <= 0:
                what = f"news '{news.headline}'" if news.headline else "the 'no news' item"
                found.append(
                    _problem(
                        scene.where,
                        fallback,
                        "DT212",
                        f"{what} in scene '{scene.id}' has weight "
                        f"'{news.weight.source}', never above 0: it is never drawn",
                        "give it a weight above 0, or remove it",
                    )
                )
        for choice in scene.choices:
            if choice.pick == "first":
                continue  # weights do not count there
            for index in sorted(outweighed(choice, env)):
                branch = choice.branches[index]
                found.append(
                    _problem(
                        branch.where or choice.where or scene.where,
                        fallback,
                        "DT212",
                        f"the branch of '{choice.id}' to '{branch.scene_id}' has weight "
                        f"'{branch.weight.source}', never above 0, and another branch is always "
                        "possible: it is never taken",
                        "give it a weight above 0, or remove it",
                    )
                )
    return found


def _unmarked_thresholds(scenario: Scenario, fallback: Path | str) -> list[Problem]:
    """Routes (and endings) that turn on a line the player cannot see on the meter."""
    found = []
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
                    found.append(
                        _problem(
                            branch.where or choice.where or scene.where,
                            fallback,
                            "DT230",
                            f"where '{choice.id}' leads turns on '{unparse(node)}', but "
                            f"'{meter.label}' has no mark there: players cannot see this line",
                            f"add a mark to meter '{meter.id}' (below/above with a text), or "
                            "hide the meter if the line is meant to be found out",
                        )
                    )
    return found


def _long_texts(scenario: Scenario, fallback: Path | str) -> list[Problem]:
    found = []

    def check(text: str, what: str, where: Where | None) -> None:
        limit = TEXT_LIMITS[what]
        if len(text) > limit:
            found.append(
                _problem(
                    where,
                    fallback,
                    "DT209",
                    f"{what} is {len(text)} characters long (more than {limit})",
                    "players read on a terminal: split it over two scenes or shorten it",
                )
            )

    for scene in scenario.scenes.values():
        check(scene.text.source, "scene text", scene.where)
        if scene.ending is not None:
            check(scene.ending.debrief.source, "debrief", scene.where)
        for news in scene.news:
            check(news.text, "news text", scene.where)
        for choice in scene.choices:
            where = choice.where or scene.where
            check(choice.text, "choice text", where)
            check(choice.feedback.source, "feedback", where)
            for branch in choice.branches:
                check(branch.text, "branch text", branch.where or where)
    return found
