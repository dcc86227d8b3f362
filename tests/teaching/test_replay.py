"""Replaying records: the stored records are regression tests, and tampering is caught."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from tests.teaching.playthroughs import RECORDS

STORED = sorted(RECORDS.glob("*.json"))
TUTORIAL_RECORDS = sorted(RECORDS.glob("tutorial-*.json"))


def test_there_are_stored_records_for_every_tutorial_ending() -> None:
    outcomes = {
        json.loads(p.read_text())["ending"]["outcome"]
        for p in STORED
        if "tutorial" in p.name and "unfinished" not in p.name
    }
    assert outcomes == {"success", "partial", "failure"}


@pytest.mark.parametrize("path", STORED, ids=[p.name for p in STORED])
def test_stored_record_replays_to_the_same_ending(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["replay", str(path)]) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    record = json.loads(path.read_text())
    assert out.startswith("OK ")
    if record["ending"]:
        assert f"'{record['ending']['title']}' ({record['ending']['outcome']})" in out


def _tampered(tmp_path: Path, change) -> Path:
    record = json.loads((RECORDS / "tutorial-success.json").read_text())
    change(record)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(record))
    return path


def test_changed_final_meter_is_a_mismatch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _tampered(tmp_path, lambda r: r["final_meters"].update(blame=99))
    assert main(["replay", str(path)]) == 1
    out = capsys.readouterr().out
    assert "MISMATCH" in out
    assert "final meters differ: blame recorded 99, replayed 10" in out


def test_changed_ending_is_a_mismatch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def change(record: dict) -> None:
        record["ending"].update(scene="walkout", title="Blamed for the walkout", outcome="failure")

    assert main(["replay", str(_tampered(tmp_path, change))]) == 1
    out = capsys.readouterr().out
    assert "the record says 'Blamed for the walkout' (failure)" in out
    assert "the replay reached 'A framework agreed' (success)" in out


def test_a_different_seed_takes_another_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _tampered(tmp_path, lambda r: r.update(seed=1))
    assert main(["replay", str(path)]) == 1
    assert "MISMATCH" in capsys.readouterr().out


def test_a_choice_the_scene_does_not_offer_is_a_mismatch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _tampered(tmp_path, lambda r: r["decisions"][1].update(choice="surrender"))
    assert main(["replay", str(path)]) == 1
    assert (
        "turn 2 (scene 'first_meeting'): cannot take choice 'surrender'" in capsys.readouterr().out
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "diplomatic-traps-save", "version": 1}', "not a Diplomatic Traps play record"),
    ],
)
def test_unreadable_or_foreign_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    assert main(["replay", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(tmp_path / "nope.json")]) == 2
    assert "there is no file" in capsys.readouterr().err


def test_unknown_scenario_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _tampered(tmp_path, lambda r: r["scenario"].update(id="atlantis"))
    assert main(["replay", str(path)]) == 2
    err = capsys.readouterr().err
    assert "played with the scenario 'atlantis', which is not available" in err


def test_replay_against_a_scenario_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import TUTORIAL

    path = RECORDS / "tutorial-failure.json"
    assert main(["replay", str(path), "--scenario", str(TUTORIAL)]) == 0
    assert capsys.readouterr().out.startswith("OK ")


def test_json_verdict_for_a_match_and_a_mismatch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = RECORDS / "tutorial-success.json"
    assert main(["replay", str(path), "--format", "json"]) == 0
    verdict = json.loads(capsys.readouterr().out)
    record = json.loads(path.read_text())
    assert verdict["matches"] is True and verdict["differences"] == []
    assert verdict["ending"]["outcome"] == record["ending"]["outcome"]
    assert verdict["meters"] == record["final_meters"]
    tampered = _tampered(tmp_path, lambda r: r["final_meters"].update({"blame": 99}))
    assert main(["replay", str(tampered), "--format", "json"]) == 1
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["matches"] is False and any("blame" in d for d in verdict["differences"])


def test_json_error_for_a_file_that_is_not_a_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.json"
    path.write_text("[1, 2]")
    assert main(["replay", str(path), "--format", "json"]) == 2
    assert "error" in json.loads(capsys.readouterr().out)


def test_replay_of_a_folder_checks_the_whole_class(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """replay once refused a folder; a teacher checks a class in one command."""
    for path in TUTORIAL_RECORDS:
        (tmp_path / path.name).write_text(path.read_text())
    assert main(["replay", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    count = len(TUTORIAL_RECORDS)
    assert out.count("\nOK ") + out.startswith("OK ") == count
    assert f"{count} records replayed: {count} reproduced their game, 0 differ" in out


def test_replay_of_a_folder_names_the_tampered_and_the_unreadable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in TUTORIAL_RECORDS[:3]:
        (tmp_path / path.name).write_text(path.read_text())
    _tampered(tmp_path, lambda r: r["final_meters"].update(blame=99))
    (tmp_path / "broken.json").write_text("{")
    assert main(["replay", str(tmp_path), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["matches"], report["differ"]) == (3, 1)
    mismatch = next(r for r in report["records"] if not r["matches"])
    assert mismatch["record"].endswith("tampered.json")
    assert [p["file"].endswith("broken.json") for p in report["not_checked"]] == [True]


def test_replay_of_a_folder_without_records_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["replay", str(tmp_path)]) == 2
    assert "no play records found" in capsys.readouterr().err
