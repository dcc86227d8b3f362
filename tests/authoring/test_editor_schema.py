"""Editors get autocompletion: the JSON Schema files are current and scenario files point at them."""

from __future__ import annotations

from game.engine.schema import SCHEMA_DIR, json_schemas

from .conftest import REPO

MODELINE = "# yaml-language-server: $schema="


def test_schema_files_match_the_schema_definition() -> None:
    for name, text in json_schemas().items():
        path = SCHEMA_DIR / name
        assert path.is_file(), f"{path} is missing: run python -m game.engine.schema"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is stale: run python -m game.engine.schema"
        )


def test_bundled_scenario_files_carry_the_modeline() -> None:
    files = sorted((REPO / "scenes").rglob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(MODELINE), f"{path} does not start with the schema modeline"
        target = (path.parent / first.removeprefix(MODELINE)).resolve()
        assert target.is_file(), f"{path}: the modeline points at {target}, which does not exist"
        expected = "manifest" if path.name in ("scenario.yaml", "scenario.yml") else "scenes"
        assert target.name == f"{expected}.schema.json", path
