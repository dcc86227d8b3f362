"""Where a scenario reads and changes each name, and where each expression is written.

With a source map, a read or write is placed at the line of its condition, weight or effect.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from game.engine.expr import Effect, Expression
from game.engine.model import Scenario, Where

from .sourcemap import SourceMap


@dataclass(frozen=True, slots=True)
class Place:
    """One expression or effect list in the scenario, and where it was written.

    ``where`` is the block of keys (scene, choice or branch) the model remembers; ``keys`` lead
    from it to the place's own block (a news item is ``("news", 2)`` below its scene).
    """

    where: Where | None
    what: str  # "choice condition", "branch condition", "news condition", "weight", ...
    scene_id: str
    condition: Expression | None = None
    effects: tuple[Effect, ...] = ()
    weight: Expression | None = None
    keys: tuple[str | int, ...] = ()
    effects_key: str = "effects"

    def locate(self, sources: SourceMap | None, *keys: str | int) -> Where | None:
        """Where a key of this place is written (the place itself without a source map)."""
        if sources is None:
            return self.where
        return sources.at(self.where, *self.keys, *keys)

    def effect_at(self, sources: SourceMap | None, index: int) -> Where | None:
        """Where the effect at ``index`` is written."""
        return self.locate(sources, self.effects_key, index)


def places(scenario: Scenario) -> Iterator[Place]:
    """Every condition, weight and list of effects, with the best location known for it."""
    for scene in scenario.scenes.values():
        yield Place(
            scene.where, "on_enter", scene.id, effects=scene.on_enter, effects_key="on_enter"
        )
        texts = [(scene.where, ("text",), scene.text)]
        texts += [(c.where or scene.where, ("feedback",), c.feedback) for c in scene.choices]
        if scene.ending is not None:
            texts.append((scene.where, ("ending", "debrief"), scene.ending.debrief))
        for where, keys, prose in texts:
            for index, passage in enumerate(prose.passages):
                if passage.condition is not None:
                    yield Place(where, "passage", scene.id, passage.condition, keys=(*keys, index))
        for index, news in enumerate(scene.news):
            yield Place(
                scene.where,
                "news",
                scene.id,
                news.condition,
                news.effects,
                news.weight,
                keys=("news", index),
            )
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


@dataclass(frozen=True, slots=True)
class Use:
    """One read or write of a name: the place, and the key below it (``if``, ``weight``, an
    effect) that holds it."""

    place: Place
    keys: tuple[str | int, ...]

    def located(self, sources: SourceMap | None) -> Where | None:
        """Where it is written (the place itself without a source map)."""
        return self.place.locate(sources, *self.keys)


@dataclass
class Usage:
    """For each name, the places that read it and the places that change it, in the order they
    are written; ``Use.located`` finds the line of one when a warning needs it."""

    reads: dict[str, list[Use]] = field(default_factory=dict)
    writes: dict[str, list[Use]] = field(default_factory=dict)


def usage(scenario: Scenario) -> Usage:
    """Collect every read and write of every name.

    Lines are found only for the uses a warning points at (``Use.located``): finding them all
    would mean reading every file's YAML again.
    """
    found = Usage()

    def read(expression: Expression | None, use: Use) -> None:
        if expression is None:
            return
        for name in expression.names:
            found.reads.setdefault(name, []).append(use)

    for place in places(scenario):
        if place.condition is not None:
            read(place.condition, Use(place, ("if",)))
        if place.weight is not None:
            read(place.weight, Use(place, ("weight",)))
        for index, effect in enumerate(place.effects):
            use = Use(place, (place.effects_key, index))
            read(effect.value, use)
            read(effect.condition, use)
            found.writes.setdefault(effect.target, []).append(use)
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
