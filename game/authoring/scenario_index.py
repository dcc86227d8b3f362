"""What a scenario declares and where: scenes, meters, flags, counters and traps, read from the
YAML of its files even while they are being edited and hold mistakes (for an editor's completion,
go to definition and hover).

A file that does not parse keeps what it declared the last time it did.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from game.engine.loader import MANIFEST_NAMES
from game.engine.problems import Problem
from game.engine.yamlfile import Reader, compose, read_text

from .sourcemap import child

# The kinds of thing a scenario declares, and how expressions write their names.
SCENE, METER, FLAG, COUNTER, TRAP = "scene", "meter", "flag", "counter", "trap"
PREFIX = {FLAG: "flags.", COUNTER: "counters."}
SECTIONS = {"meters": METER, "flags": FLAG, "counters": COUNTER, "traps": TRAP}


@dataclass(frozen=True, slots=True)
class Declaration:
    """One declared thing: its kind, its name as written in expressions, and where its id is."""

    kind: str
    name: str
    path: Path
    line: int  # 0-based, as editors count
    col: int  # 0-based, in characters
    length: int
    fields: dict[str, str] = field(default_factory=dict, compare=False)  # its other keys


def scenario_files(manifest: Path, read: Reader = read_text) -> list[Path]:
    """The files of the scenario whose manifest is ``manifest``: the manifest, then its scene
    files (those it lists, or every other .yaml/.yml file of the folder, hidden ones aside)."""
    problems: list[Problem] = []
    text = read(manifest, problems)
    root = compose(text, manifest, problems) if text is not None else None
    listed = child(root, "scene_files")
    folder = manifest.parent
    if isinstance(listed, yaml.SequenceNode):
        names = [n.value for n in listed.value if isinstance(n, yaml.ScalarNode)]
        return [manifest, *(folder / name for name in names if (folder / name).is_file())]
    if manifest.name not in MANIFEST_NAMES:
        return [manifest]  # a single-file scenario
    found = []
    for path in sorted(p for pattern in ("*.yaml", "*.yml") for p in folder.rglob(pattern)):
        relative = path.relative_to(folder)
        if path != manifest and not any(part.startswith(".") for part in relative.parts):
            found.append(path)
    return [manifest, *found]


def manifest_for(path: Path, read: Reader = read_text, levels: int = 3) -> Path | None:
    """The manifest of the scenario a file belongs to: itself when it is one, the nearest
    scenario.yaml in its folder or the folders above, or the file itself when it is a scenario in
    one file. None for a YAML file that is no part of a scenario."""
    if path.name in MANIFEST_NAMES:
        return path
    for folder in list(path.parents)[:levels]:
        for name in MANIFEST_NAMES:
            if (folder / name).is_file():
                return folder / name
    problems: list[Problem] = []
    text = read(path, problems)
    root = compose(text, path, problems) if text is not None else None
    if child(root, "scenes") is not None and child(root, "start") is not None:
        return path
    return None


class ScenarioIndex:
    """The declarations of one scenario, rebuilt from its files' current text on demand."""

    def __init__(self, manifest: Path) -> None:
        self.manifest = manifest
        self.declarations: dict[tuple[str, str], Declaration] = {}
        self._last_good: dict[Path, list[Declaration]] = {}

    def update(self, read: Reader = read_text) -> None:
        """Read every file of the scenario again (through ``read``: unsaved text included)."""
        found: dict[tuple[str, str], Declaration] = {}
        for path in scenario_files(self.manifest, read):
            problems: list[Problem] = []
            text = read(path, problems)
            root = compose(text, path, problems) if text is not None else None
            if isinstance(root, yaml.MappingNode):
                self._last_good[path] = list(_declarations(root, path))
            for declaration in self._last_good.get(path, []):
                found.setdefault((declaration.kind, declaration.name), declaration)
        self.declarations = found

    def of_kind(self, *kinds: str) -> list[Declaration]:
        return [d for d in self.declarations.values() if d.kind in kinds]

    def find(self, name: str, kinds: tuple[str, ...]) -> Declaration | None:
        """The declaration a name written in the files refers to (``flags.x``, a meter id, ...)."""
        for kind in kinds:
            declaration = self.declarations.get((kind, name))
            if declaration is not None:
                return declaration
        if name.startswith("visited."):
            return self.declarations.get((SCENE, name.removeprefix("visited.")))
        return None


def _declarations(root: yaml.MappingNode, path: Path) -> Iterator[Declaration]:
    for key, value in root.value:
        section = getattr(key, "value", None)
        if section in SECTIONS and isinstance(value, yaml.SequenceNode):
            kind = SECTIONS[section]
            for item in value.value:
                yield from _declared(item, kind, path)
        elif section == "scenes" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                yield from _declared(item, SCENE, path)


def _declared(item: yaml.Node, kind: str, path: Path) -> Iterator[Declaration]:
    id_node = item if isinstance(item, yaml.ScalarNode) else child(item, "id")
    if not isinstance(id_node, yaml.ScalarNode) or not id_node.value:
        return
    fields = {}
    if isinstance(item, yaml.MappingNode):
        for key, value in item.value:
            if isinstance(value, yaml.ScalarNode) and isinstance(key, yaml.ScalarNode):
                fields[key.value] = value.value
    mark = id_node.start_mark
    yield Declaration(
        kind,
        PREFIX.get(kind, "") + id_node.value,
        path,
        mark.line,
        mark.column,
        len(id_node.value),
        fields,
    )
