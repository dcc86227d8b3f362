"""Where a scenario reads and changes each name, and where each expression is written.

Also finds the manifest lines that declare meters, flags, counters and traps (the model does not
keep them), so that warnings about declarations point at the right line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from game.engine.expr import Effect, Expression
from game.engine.model import Scenario, Where
from game.engine.problems import Problem
from game.engine.yamlfile import compose, read_text


@dataclass(frozen=True, slots=True)
class Place:
    """One expression or effect list in the scenario, and where it was written."""

    where: Where | None
    what: str  # "choice condition", "branch condition", "news condition", "weight", ...
    scene_id: str
    condition: Expression | None = None
    effects: tuple[Effect, ...] = ()
    weight: Expression | None = None


def places(scenario: Scenario) -> Iterator[Place]:
    """Every condition, weight and list of effects, with the best location known for it."""
    for scene in scenario.scenes.values():
        yield Place(scene.where, "on_enter", scene.id, effects=scene.on_enter)
        texts = [scene.text, *(c.feedback for c in scene.choices)]
        if scene.ending is not None:
            texts.append(scene.ending.debrief)
        for prose in texts:
            for passage in prose.passages:
                if passage.condition is not None:
                    yield Place(scene.where, "passage", scene.id, passage.condition)
        for news in scene.news:
            yield Place(scene.where, "news", scene.id, news.condition, news.effects, news.weight)
        for choice in scene.choices:
            where = choice.where or scene.where
            yield Place(where, "choice", scene.id, choice.condition, choice.effects)
            if len(choice.branches) == 1 and choice.branches[0].condition is None:
                continue
            for branch in choice.branches:
                yield Place(
                    branch.where or where,
                    "branch",
                    scene.id,
                    branch.condition,
                    branch.effects,
                    branch.weight,
                )


@dataclass
class Usage:
    """For each name, the places that read it and the places that change it."""

    reads: dict[str, list[Where | None]] = field(default_factory=dict)
    writes: dict[str, list[Where | None]] = field(default_factory=dict)


def usage(scenario: Scenario) -> Usage:
    """Collect every read and write of every name."""
    found = Usage()
    for place in places(scenario):
        expressions = [e for e in (place.condition, place.weight) if e is not None]
        expressions.extend(effect.value for effect in place.effects)
        expressions.extend(e.condition for e in place.effects if e.condition is not None)
        for expression in expressions:
            for name in expression.names:
                found.reads.setdefault(name, []).append(place.where)
        for effect in place.effects:
            found.writes.setdefault(effect.target, []).append(place.where)
    return found


def manifest_path(scenario: Scenario, given: Path | None = None) -> Path | None:
    """The manifest file of a loaded scenario."""
    if given is not None and given.is_file():
        return given
    folder = scenario.folder
    if folder is None:
        return None
    for name in ("scenario.yaml", "scenario.yml"):
        if (folder / name).is_file():
            return folder / name
    return None


def declaration_lines(path: Path | None) -> dict[tuple[str, str], Where]:
    """Where each meter, flag, counter and trap is declared: (section, id) -> Where."""
    found: dict[tuple[str, str], Where] = {}
    if path is None:
        return found
    problems: list[Problem] = []
    text = read_text(path, problems)
    node = compose(text, path, problems) if text is not None else None
    if not isinstance(node, yaml.MappingNode):
        return found
    for key, value in node.value:
        section = getattr(key, "value", None)
        if section not in ("meters", "flags", "counters", "traps"):
            continue
        if not isinstance(value, yaml.SequenceNode):
            continue
        for item in value.value:
            item_id = None
            if isinstance(item, yaml.ScalarNode):
                item_id = item.value
            elif isinstance(item, yaml.MappingNode):
                for k, v in item.value:
                    if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode):
                        item_id = v.value
            if isinstance(item_id, str):
                mark = item.start_mark
                found[(section, item_id)] = Where(str(path), mark.line + 1, mark.column + 1)
    return found
