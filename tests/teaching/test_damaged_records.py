"""Hand-edited or damaged records never crash replay, export or class: a message and an exit code."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from game.cli import main
from game.engine.loader import load_scenario
from game.engine.records import RecordError, validate_record
from game.teaching.class_report import render_csv, render_html, render_table
from game.teaching.class_results import aggregate
from game.teaching.debrief import debrief_html, debrief_markdown
from game.teaching.replay import replay
from tests.conftest import TUTORIAL
from tests.teaching.playthroughs import RECORDS

ODD_VALUES = (None, "x", -1, 1.5, True, [], {}, [1], {"a": [1]})


def paths(value: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every key path in a JSON value (lists: their first two items)."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):
            yield from paths(item, (*prefix, index))


def replaced(record: dict, path: tuple, value: Any) -> dict:
    copied = copy.deepcopy(record)
    target = copied
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copied


@pytest.mark.parametrize("name", ["tutorial-success.json", "tutorial-failure.json"])
def test_every_damaged_field_is_refused_or_handled(name: str) -> None:
    """Each field replaced by each odd value: either refused with a RecordError, or every
    command's work (replay, both exports, the class report in all forms) runs without an error."""
    tutorial = load_scenario(TUTORIAL)
    record = json.loads((RECORDS / name).read_text())
    refused = accepted = 0
    for path in filter(None, paths(record)):
        for value in ODD_VALUES:
            damaged = replaced(record, path, value)
            try:
                validate_record(json.loads(json.dumps(damaged)))
            except RecordError:
                refused += 1
                continue
            accepted += 1
            replay(damaged, tutorial)
            debrief_html(damaged)
            debrief_markdown(damaged, "chart.svg")
            results = aggregate([(Path("r.json"), damaged)])
            render_csv(results)
            render_html([results])
            render_table(results, Console(file=io.StringIO(), width=100))
    assert refused > 200 and accepted > 20  # both kinds of damage were really tried


def test_damaged_file_through_the_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = json.loads((RECORDS / "tutorial-success.json").read_text())
    path = tmp_path / "r.json"
    path.write_text(json.dumps(replaced(record, ("decisions", 0, "choice"), ["oops"])))
    assert main(["replay", str(path)]) == 2
    assert main(["export", str(path), "-o", str(tmp_path / "o.html")]) == 2
    assert main(["class", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "'decisions[0].choice' should be text, not a list" in err
