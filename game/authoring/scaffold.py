"""Creating a new scenario folder from the commented template in ``template/``."""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from game.engine.catalog import bundled_scenarios
from game.engine.loader import find_manifest
from game.engine.problems import Problem
from game.engine.yamlfile import compose, read_text
from game.locations import schema_dir
from game.program import command_line

TEMPLATE = Path(__file__).parent / "template"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class ScaffoldError(Exception):
    """A name or place where a scenario cannot be created; the message says why."""


def repository_root() -> Path | None:
    """The source checkout this game runs from, when it runs from one."""
    root = Path(__file__).resolve().parents[2]
    if (root / "scenes").is_dir() and (root / "pyproject.toml").is_file():
        return root
    return None


def default_parent(cwd: Path | None = None) -> Path:
    """scenes/ when working inside the repository, otherwise the current folder."""
    cwd = (cwd or Path.cwd()).resolve()
    root = repository_root()
    if root is not None and cwd.is_relative_to(root):
        return root / "scenes"
    return cwd


def bundled_ids() -> set[str]:
    """The folder names and ids of the bundled scenarios (saves are kept by scenario id)."""
    taken = set()
    for info in bundled_scenarios():
        taken.add(info.name)
        manifest = find_manifest(info.path)
        problems: list[Problem] = []
        text = read_text(manifest, problems) if manifest is not None else None
        node = compose(text, manifest, problems) if text is not None else None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if getattr(key, "value", None) == "id" and isinstance(value, yaml.ScalarNode):
                    taken.add(value.value)
    return taken


def _inside_repository(folder: Path) -> bool:
    root = repository_root()
    return root is not None and folder.resolve().is_relative_to(root)


def _schema_reference(folder: Path) -> str:
    """Where the modeline finds the schemas: relative inside a clone (the same on every machine
    with the clone), otherwise the installed game's schemas as an absolute file address, which
    works wherever the scenario folder is and without a network."""
    schemas = schema_dir()
    if _inside_repository(folder) and _inside_repository(schemas):
        return Path(os.path.relpath(schemas, folder.resolve())).as_posix()
    return schemas.as_uri()


def _check_command(name: str, folder: Path) -> str:
    """The command that checks the new scenario, to be typed from anywhere."""
    if _inside_repository(folder) and folder.resolve().parent == repository_root() / "scenes":
        return command_line("check", name, "--strict")  # a bundled name
    return command_line("check", str(folder.resolve()), "--strict")


def create_scenario(name: str, parent: Path) -> Path:
    """Write a new scenario folder ``parent/name`` from the template; return its path."""
    if not NAME_PATTERN.match(name):
        raise ScaffoldError(
            f"'{name}' is not a usable scenario name: use lowercase letters, digits and '_', "
            "starting with a letter (at most 40 characters), e.g. 'border_talks'"
        )
    if name in bundled_ids():
        raise ScaffoldError(
            f"'{name}' is the name of a scenario that comes with the game; games are saved "
            "under the scenario's name, so a copy would overwrite its saves: choose another name"
        )
    folder = parent / name
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists; choose another name or remove it first")
    if not parent.is_dir():
        raise ScaffoldError(f"{parent} is not a folder")
    title = name.replace("_", " ").capitalize()
    folder.mkdir()
    words = {
        "@SCHEMA@": _schema_reference(folder),
        "@CHECK@": _check_command(name, folder),
        "@NAME@": name,
        "@TITLE@": title,
    }
    for template in sorted(TEMPLATE.glob("*.yaml")):
        text = template.read_text(encoding="utf-8")
        for word, value in words.items():
            text = text.replace(word, value)
        (folder / template.name).write_text(text, encoding="utf-8")
    return folder
