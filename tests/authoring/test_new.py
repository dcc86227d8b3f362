"""new creates a commented scenario that passes check --strict, and never overwrites anything."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

from game.authoring.scaffold import default_parent, repository_root
from game.cli import main

from .conftest import REPO


def test_new_scenario_passes_strict_check_and_plays(tmp_path: Path, capsys) -> None:
    assert main(["new", "border_talks", "--dir", str(tmp_path)]) == 0
    folder = tmp_path / "border_talks"
    assert sorted(p.name for p in folder.iterdir()) == ["scenario.yaml", "scenes.yaml"]
    assert main(["check", "--strict", str(folder)]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out
    assert main(["explore", str(folder)]) == 0  # both endings reachable, no dead end


def test_new_files_outside_the_clone_point_at_the_schema_by_absolute_address(
    tmp_path: Path,
) -> None:
    """A file:// address works wherever the folder lives (and offline)."""
    main(["new", "talks", "--dir", str(tmp_path)])
    for name, schema in (("scenario.yaml", "manifest"), ("scenes.yaml", "scenes")):
        first = (tmp_path / "talks" / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=file:///")
        target = Path(url2pathname(urlparse(first.split("=", 1)[1]).path))
        assert target == (REPO / "schema" / f"{schema}.schema.json").resolve()


def test_new_files_inside_the_clone_point_at_the_schema_by_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same line on every machine with the clone: scenes/NAME -> ../../schema."""
    from game.authoring import scaffold

    (tmp_path / "scenes").mkdir()
    (tmp_path / "schema").mkdir()
    monkeypatch.setattr(scaffold, "repository_root", lambda: tmp_path)
    monkeypatch.setattr(scaffold, "schema_dir", lambda: tmp_path / "schema")
    assert main(["new", "talks", "--dir", str(tmp_path / "scenes")]) == 0
    text = (tmp_path / "scenes" / "talks" / "scenario.yaml").read_text(encoding="utf-8")
    assert (
        text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/manifest.schema.json"
    )
    assert "#   diplomatic-traps check talks --strict" in text  # a bundled name there


def test_new_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    (tmp_path / "talks").mkdir()
    (tmp_path / "talks" / "mine.txt").write_text("keep me")
    assert main(["new", "talks", "--dir", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "talks" / "mine.txt").read_text() == "keep me"


@pytest.mark.parametrize("name", ["Talks", "1talks", "my talks", "../escape", "a" * 41, ""])
def test_new_rejects_bad_names(tmp_path: Path, name: str, capsys) -> None:
    assert main(["new", name, "--dir", str(tmp_path)]) == 2
    assert "not a usable scenario name" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_default_location_is_scenes_inside_the_repository(tmp_path: Path) -> None:
    assert repository_root() == REPO
    assert default_parent(REPO / "game") == REPO / "scenes"
    assert default_parent(tmp_path) == tmp_path.resolve()


@pytest.mark.parametrize("name", ["summit", "tutorial"])
def test_new_refuses_the_name_of_a_bundled_scenario(tmp_path: Path, name: str, capsys) -> None:
    """Saves are kept by scenario id: a copy named like a bundled game would overwrite its saves."""
    assert main(["new", name, "--dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"'{name}' is the name of a scenario that comes with the game" in err
    assert "choose another name" in err
    assert list(tmp_path.iterdir()) == []


def test_next_steps_quote_a_folder_with_a_space(tmp_path: Path, capsys) -> None:
    parent = tmp_path / "my scenarios"
    parent.mkdir()
    assert main(["new", "talks", "--dir", str(parent)]) == 0
    out = capsys.readouterr().out
    assert f"diplomatic-traps check '{parent / 'talks'}' --strict" in out
