"""The scenario file format: one schema definition, used to validate files and exported as JSON Schema.

These structs describe what an author may write. The loader walks the YAML node tree against them
(so that every problem has a line and column, and all problems are reported, not just the first);
``python -m game.engine.schema`` writes ``schema/scenario.schema.json`` for editors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta, field

ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
METER_ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"

Id = Annotated[str, Meta(pattern=ID_PATTERN, description="letters, digits and _; no spaces")]
MeterId = Annotated[
    str,
    Meta(pattern=METER_ID_PATTERN, description="a name, optionally grouped with dots: trust.kyiv"),
]
Text = Annotated[str, Meta(description="text; Markdown where it is shown as narrative")]
Expr = Annotated[str, Meta(description="an expression, e.g. trust.kyiv > 50 and not flags.leaked")]
EffectText = Annotated[
    str,
    Meta(description="an effect, e.g. trust.kyiv += 10, flags.leaked = true, or x += 5 if flags.y"),
]
Effects = EffectText | list[EffectText]
Weight = Annotated[float, Meta(ge=0)] | Expr


class PassageDef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A paragraph shown only while its condition holds."""

    text: Text
    if_: Expr | None = field(default=None, name="if")


Prose = Text | list[Text | PassageDef]
Reveals = MeterId | list[MeterId]


class Source(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The text a scenario is based on."""

    title: Text
    publisher: Text = ""
    note: Text = ""


class MarkDef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A value on a meter where something happens: shown to players, used by debriefs."""

    below: int | MeterId | None = None
    above: int | MeterId | None = None
    text: Text
    bad: bool | None = None  # default: beyond the mark on the meter's bad side


class StartRange(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A starting value drawn by the game's seeded chance: min to max, in steps."""

    min: int
    max: int
    step: Annotated[int, Meta(ge=1)] = 1


class MeterDef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A meter: a number the player watches, such as trust with a party or the risk of blame."""

    id: MeterId
    label: Text
    short: Text = ""
    kind: Literal["trust", "blame", "standing", "other"] = "other"
    party: Text = ""
    start: int | StartRange = 50
    min: int = 0
    max: int = 100
    good: Literal["high", "low"] = "high"
    hidden: bool = False
    description: Text = ""
    marks: list[MarkDef] = field(default_factory=list)


class FlagDef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A true/false fact about the story so far, read as flags.ID."""

    id: Id
    description: Text = ""
    start: bool = False


class CounterDef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A whole number with no fixed range, read as counters.ID."""

    id: Id
    description: Text = ""
    start: int = 0


class TrapDef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A diplomatic trap: named once, tagged on the choices that spring it."""

    id: Id
    name: Text
    lesson: Text
    source: Text = field(default="")


class GlossaryEntry(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A term the game uses, explained for players."""

    term: Text
    definition: Text


class NewsDef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One possible bulletin drawn by chance when a scene is entered (no headline: no news)."""

    headline: Text = ""
    text: Text = ""
    weight: Weight = 1
    if_: Expr | None = field(default=None, name="if")
    effects: Effects = field(default_factory=list)
    reveal: Reveals = field(default_factory=list)


class BranchDef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One weighted possibility where a choice leads by chance."""

    scene: Id
    weight: Weight = 1
    if_: Expr | None = field(default=None, name="if")
    effects: Effects = field(default_factory=list)
    reveal: Reveals = field(default_factory=list)
    headline: Text = ""
    text: Text = ""


class ChoiceDef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """An option the player may take."""

    text: Text
    goto: Id | list[BranchDef]
    pick: Literal["chance", "first"] = "chance"
    id: Id | None = None
    if_: Expr | None = field(default=None, name="if")
    disabled_reason: Text = ""
    effects: Effects = field(default_factory=list)
    reveal: Reveals = field(default_factory=list)
    feedback: Prose = ""
    trap: Id | None = None


class EndingDef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Marks a scene as an ending."""

    outcome: Literal["success", "partial", "failure"]
    debrief: Prose = ""


class SceneDef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A scene: narrative, then choices (or an ending)."""

    id: Id
    title: Text
    text: Prose = ""
    on_enter: Effects = field(default_factory=list)
    reveal: Reveals = field(default_factory=list)
    news: list[NewsDef] = field(default_factory=list)
    choices: list[ChoiceDef] = field(default_factory=list)
    ending: EndingDef | None = None


class SceneFile(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A file of scenes."""

    scenes: list[SceneDef]


class Manifest(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The scenario manifest (scenario.yaml): what the scenario is and what it measures."""

    id: Id
    title: Text
    start: Id
    description: Text = ""
    version: str | int = "1"
    authors: list[Text] = field(default_factory=list)
    source: Source | None = None
    meters: list[MeterDef] = field(default_factory=list)
    flags: list[Id | FlagDef] = field(default_factory=list)
    counters: list[Id | CounterDef] = field(default_factory=list)
    traps: list[TrapDef] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    scene_files: list[str] | None = None
    scenes: list[SceneDef] = field(default_factory=list)


SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"
SCHEMA_FILES = {"manifest.schema.json": Manifest, "scenes.schema.json": SceneFile}


def json_schemas() -> dict[str, str]:
    """The JSON Schema texts for editors, by file name: one for manifests, one for scene files."""
    types = list(SCHEMA_FILES.values())
    schemas, components = msgspec.json.schema_components(types, ref_template="#/$defs/{name}")
    texts = {}
    for (name, struct), schema in zip(SCHEMA_FILES.items(), schemas, strict=True):
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"Diplomatic Traps {struct.__name__.lower()} file",
            **schema,
            "$defs": components,
        }
        texts[name] = json.dumps(document, indent=2, sort_keys=True) + "\n"
    return texts


def write_json_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    """Write the editor schemas into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in json_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_json_schemas(Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_DIR):
        print(f"wrote {path}")
