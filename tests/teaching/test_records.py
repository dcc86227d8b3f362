"""Play records: what a finished or stopped game writes, where, and how damaged files are refused."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from game.engine.loader import load_scenario
from game.engine.records import (
    RecordError,
    read_record,
    record_from_session,
    write_record,
)
from game.engine.saves import write_save
from tests.conftest import ROOT, TUTORIAL
from tests.teaching.playthroughs import play

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario(TUTORIAL)


def test_finished_game_record_holds_every_decision_and_the_ending(tutorial) -> None:
    session = play(tutorial, 2, ("call_ally", "joint_position", "wait"))
    record = record_from_session(session, "Ada", START)
    assert record["scenario"] == {"id": "tutorial", "version": "1", "title": tutorial.title}
    assert (record["seed"], record["player"], record["finished"]) == (2, "Ada", True)
    assert record["started_at"] == "2025-03-03T09:00:00+00:00"
    assert datetime.fromisoformat(record["ended_at"]) >= START
    first = record["decisions"][0]
    assert (first["scene"], first["choice"], first["scene_title"]) == (
        "briefing",
        "call_ally",
        "The briefing",
    )
    assert first["text"] == "Call Ostland first and agree what you will ask for."
    # the choice moved two meters, and the news drawn on arrival moved one of them again:
    # the choice's own changes and the turn's are told apart
    assert first["meter_changes"] == {"trust.ally": 15, "standing": -5}
    assert first["turn_changes"] == {"trust.ally": 10, "standing": -5}
    news = [p for p in first["account"] if p["kind"] == "news"]
    assert news == [
        {
            "kind": "news",
            "heading": "News: Ostland's parliament debates the talks",
            "text": "A loud debate in Ostland puts pressure on its government to stay firm.",
            "moves": [
                {
                    "meter": "trust.ally",
                    "label": "Trust in Ostland",
                    "delta": -5,
                    "words": "down 5, worse (now 60)",
                    "before": 65,
                    "after": 60,
                }
            ],
            "hidden_moved": False,
            "reasons": [],
        }
    ]
    last = record["decisions"][-1]
    route = next(e for e in last["events"] if e["kind"] == "route")
    assert route["draw"]["by"] == "chance"
    assert route["headline"] == "Vesna agrees to a framework"
    assert record["ending"]["outcome"] == "success"
    assert (
        "**Why this ending.** After 'Wait for the reply.', chance decided"
        in record["ending"]["debrief"]
    )
    assert "You agreed your position" in record["ending"]["debrief"]
    assert record["debrief"]["decided"].startswith("After 'Wait for the reply.', chance decided")
    assert record["traps"]["sprung"] == []
    assert record["traps"]["avoided"] == ["agenda", "early_concession"]
    assert record["traps"]["details"]["agenda"]["lesson"].startswith("When the other side")
    assert record["final_meters"] == session.meters()
    assert record["decisions"][-1]["meters_after"] == session.meters()


def test_unfinished_game_records_where_it_stopped(tutorial) -> None:
    record = record_from_session(play(tutorial, 11, ("call_ally",)))
    assert record["finished"] is False
    assert record["ending"] is None
    assert record["scene"] == {"id": "first_meeting", "title": "The first meeting"}
    assert record["player"] is None


def test_undone_choices_are_not_in_the_record(tutorial) -> None:
    session = play(tutorial, 3, ("accept_framing",))
    session.undo()
    session.choose_id("call_ally")
    record = record_from_session(session)
    assert [d["choice"] for d in record["decisions"]] == ["call_ally"]
    assert record["traps"]["sprung"] == []


def test_write_record_lands_in_the_records_folder(tutorial, isolated_data_dir: Path) -> None:
    session = play(tutorial, 3, ("stall", "hold_firm", "wait"))
    first = write_record(session, player="Ben Ö/../x", started_at=START)
    second = write_record(session, player="Ben Ö/../x", started_at=START)
    assert first.parent == isolated_data_dir / "records" / "tutorial"
    assert first != second  # two records in the same second do not overwrite each other
    assert ".." not in first.name and "/" not in first.name
    assert read_record(first)["player"] == "Ben Ö/../x"
    assert [p.name for p in first.parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "not valid JSON"),
        ("[1, 2]", "not a Diplomatic Traps play record"),
        ('{"format": "diplomatic-traps-record"}', "no valid format version"),
        ('{"format": "diplomatic-traps-record", "version": 99}', "newer version of the game"),
        ('{"seed": ' + "9" * 5000 + "}", "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "r.json"
    path.write_text(content)
    with pytest.raises(RecordError, match=message):
        read_record(path)


def test_a_save_file_is_not_a_record(tutorial) -> None:
    path = write_save(play(tutorial, 1, ("stall",)))
    with pytest.raises(RecordError, match="not a Diplomatic Traps play record"):
        read_record(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.pop("seed"), "'seed' is missing"),
        (lambda r: r["decisions"][0].update(choice=3), r"'decisions\[0\].choice' should be text"),
        (lambda r: r.update(finished=False), "'finished' disagrees"),
        (
            lambda r: r["final_meters"].update(blame="high"),
            "'final_meters\\[...\\]' should be a whole number",
        ),
        (lambda r: r["traps"].update(sprung="agenda"), "'traps.sprung' should be a list"),
    ],
)
def test_damaged_records_are_refused(tutorial, tmp_path: Path, change, message: str) -> None:
    record = record_from_session(play(tutorial, 0, ("call_ally", "joint_position", "wait")))
    change(record)
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(record))
    with pytest.raises(RecordError, match=message):
        read_record(path)


def test_records_module_imports_no_terminal_libraries() -> None:
    code = "import json, sys; import game.engine.records; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert [m for m in json.loads(out) if m.split(".")[0] in ("textual", "rich")] == []
