"""The endings gallery: endings found per scenario, kept across games, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine.gallery import ending_ids, progress, read_gallery, record_ending
from game.engine.loader import load_scenario
from game.engine.model import Scenario
from tests.conftest import TUTORIAL


@pytest.fixture(scope="module")
def tutorial() -> Scenario:
    return load_scenario(TUTORIAL)


def test_nothing_found_yet_counts_every_ending(tutorial: Scenario, tmp_path: Path) -> None:
    found = progress(tutorial, read_gallery(tmp_path / "endings.json"))
    assert found.endings == () and found.total == len(ending_ids(tutorial)) > 1
    assert found.line == f"0 of {found.total} endings found"


def test_each_ending_counts_once_and_is_kept(tutorial: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "endings.json"
    first, second = ending_ids(tutorial)[:2]
    record_ending(tutorial, first, path)
    record_ending(tutorial, first, path)
    found = record_ending(tutorial, second, path)
    assert found.endings == (first, second)
    assert read_gallery(path)["tutorial"].line == f"2 of {found.total} endings found"


def test_one_ending_of_one_reads_as_english(tutorial: Scenario, tmp_path: Path) -> None:
    from game.engine.gallery import found_line

    assert found_line(1, 1) == "1 of 1 ending found"


@pytest.mark.parametrize(
    "damage",
    ["{not json", '{"scenarios": []}', "[]", b"\xff\xfe", '{"scenarios": {"tutorial": 3}}'],
)
def test_a_damaged_gallery_is_ignored_and_kept_aside(
    tutorial: Scenario, tmp_path: Path, damage: str | bytes
) -> None:
    path = tmp_path / "endings.json"
    if isinstance(damage, bytes):
        path.write_bytes(damage)
    else:
        path.write_text(damage)
    assert read_gallery(path).get("tutorial") is None
    ending = ending_ids(tutorial)[0]
    assert record_ending(tutorial, ending, path).endings == (ending,)
    assert read_gallery(path)["tutorial"].endings == (ending,)
    kept = path.with_name("endings.json.damaged")
    if isinstance(damage, bytes):
        assert kept.read_bytes() == damage
    elif damage != '{"scenarios": {"tutorial": 3}}':  # a readable file with one bad entry
        assert kept.read_text() == damage


def test_one_damaged_entry_spares_the_others(tutorial: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "endings.json"
    entry = {"title": "S", "endings": ["a"], "total": 3}
    path.write_text(json.dumps({"scenarios": {"summit": entry, "tutorial": {"endings": 5}}}))
    assert set(read_gallery(path)) == {"summit"}


def test_endings_a_scenario_no_longer_has_do_not_count(tutorial: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "endings.json"
    entry = {"title": "T", "endings": ["gone", ending_ids(tutorial)[0]], "total": 9}
    path.write_text(json.dumps({"scenarios": {"tutorial": entry}}))
    found = progress(tutorial, read_gallery(path))
    assert found.endings == (ending_ids(tutorial)[0],)
    assert found.total == len(ending_ids(tutorial))


def test_the_gallery_is_written_atomically(tutorial: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "endings.json"
    record_ending(tutorial, ending_ids(tutorial)[0], path)
    assert [p.name for p in tmp_path.iterdir()] == ["endings.json"]
