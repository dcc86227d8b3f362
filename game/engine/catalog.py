"""Finding scenarios: the bundled ones by name, or any folder or manifest by path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .loader import MANIFEST_NAMES, find_manifest
from .problems import Problem
from .yamlfile import compose, read_text

DEFAULT_SCENARIOS = ("summit", "tutorial")


class CatalogError(Exception):
    """A scenario name or path that leads nowhere; the message says what exists instead."""


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    """A scenario's name, folder, title and one-line description, read from its manifest only."""

    name: str
    path: Path
    title: str
    description: str
    readable: bool = True  # False when the manifest itself cannot be read or parsed
    scenario_id: str = ""  # the manifest's id (saves and the endings gallery use it)


def bundled_dir() -> Path:
    from ..locations import bundled_scenes_dir

    return bundled_scenes_dir()


def bundled_scenarios(folder: Path | None = None) -> list[ScenarioInfo]:
    """Every scenario folder under ``scenes/``, default ones first."""
    root = folder or bundled_dir()
    if not root.is_dir():
        return []
    candidates = [
        p
        for p in sorted(root.iterdir())
        if not p.name.startswith(".")
        and ((p.is_dir() and find_manifest(p)) or (p.is_file() and p.suffix in (".yaml", ".yml")))
    ]
    infos = [describe(p) for p in candidates]
    order = {name: i for i, name in enumerate(DEFAULT_SCENARIOS)}
    return sorted(infos, key=lambda i: (order.get(i.name, len(order)), i.name))


def describe(path: Path) -> ScenarioInfo:
    """Title and description from a scenario's manifest (without loading its scenes)."""
    manifest = find_manifest(path)
    name = path.stem if path.is_file() else path.name
    title, description, readable, scenario_id = name, "", False, ""
    if manifest is not None:
        problems: list[Problem] = []
        text = read_text(manifest, problems)
        node = compose(text, manifest, problems) if text is not None else None
        if node is not None and hasattr(node, "value") and isinstance(node.value, list):
            fields = {
                k.value: v.value
                for k, v in node.value
                if hasattr(k, "value") and isinstance(getattr(v, "value", None), str)
            }
            title = fields.get("title", title)
            description = fields.get("description", "")
            scenario_id = fields.get("id", "")
            readable = True
    return ScenarioInfo(name, path, title, description, readable, scenario_id)


def resolve(ref: str | None, folder: Path | None = None) -> Path:
    """The folder or manifest of a scenario given by bundled name or by path."""
    root = folder or bundled_dir()
    if ref is None:
        available = bundled_scenarios(root)
        if not available:
            raise CatalogError(f"no scenarios found in {root}")
        return available[0].path
    path = Path(ref).expanduser()
    if find_manifest(path) is not None:
        return path
    if "/" not in ref:
        for candidate in (root / ref, root / f"{ref}.yaml", root / f"{ref}.yml"):
            if find_manifest(candidate) is not None:
                return candidate
    names = [i.name for i in bundled_scenarios(root)]
    if path.is_dir():
        raise CatalogError(f"{ref} has no {MANIFEST_NAMES[0]}: it is not a scenario folder")
    raise CatalogError(
        f"no scenario called '{ref}'"
        + (f"; bundled scenarios: {', '.join(names)}" if names else "")
    )


__all__ = ["CatalogError", "ScenarioInfo", "bundled_scenarios", "describe", "resolve"]
