"""The class report on 200 games played through the engine with random choices."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from game.cli import main
from game.engine.loader import load_scenario
from game.engine.records import record_from_session, write_record
from game.teaching.class_results import aggregate, entropy, load_records
from tests.conftest import TUTORIAL
from tests.teaching.playthroughs import RECORDS, play_randomly

CLASS_SIZE = 200


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """200 records of the tutorial, 40 players with 5 games each, and the sessions behind them."""
    folder = tmp_path_factory.mktemp("class")
    scenario = load_scenario(TUTORIAL)
    sessions = []
    for seed in range(CLASS_SIZE):
        session = play_randomly(scenario, seed)
        write_record(session, player=f"student-{seed % 40:02d}", folder=folder)
        sessions.append(session)
    return folder / "tutorial", sessions


def count_calls(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Count the calls of ``module.name`` from now on; the count is the list's one item."""
    calls = [0]
    function = getattr(module, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return function(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_the_report_counts_what_the_class_did(class_folder) -> None:
    folder, sessions = class_folder
    records, skipped = load_records(folder)
    assert (len(records), skipped) == (CLASS_SIZE, [])
    results = aggregate(records)
    endings = Counter((s.scene.title, s.ending.outcome) for s in sessions)
    assert results.endings == [(t, o, n) for (t, o), n in endings.most_common()]
    assert results.players == 40 and results.records == CLASS_SIZE
    sprung = Counter(trap for s in sessions for trap in s.sprung)
    assert {t.trap_id: t.sprung for t in results.traps} == dict(sprung)
    assert [t.sprung for t in results.traps] == sorted(sprung.values(), reverse=True)
    for meter_id, average in results.average_meters.items():
        expected = sum(s.meters()[meter_id] for s in sessions) / CLASS_SIZE
        assert average == pytest.approx(expected)


def test_the_class_split_most_where_choices_were_spread(class_folder) -> None:
    folder, sessions = class_folder
    results = aggregate(load_records(folder)[0])
    by_scene = {split.scene_id: split for split in results.splits}
    # every game waits once for Vesna's reply: nobody split there
    assert by_scene["the_reply"].entropy == 0
    assert by_scene["the_reply"].reached == CLASS_SIZE
    briefing = Counter(s.history[0].choice_id for s in sessions)
    assert by_scene["briefing"].entropy == pytest.approx(entropy(list(briefing.values())))
    assert by_scene["briefing"].entropy > 1.4  # three choices taken about equally at random
    assert results.splits[0].entropy == max(s.entropy for s in results.splits)


def test_entropy_is_zero_for_unanimity_and_one_bit_for_an_even_pair() -> None:
    assert entropy([30]) == 0
    assert entropy([15, 15]) == pytest.approx(1.0)
    assert entropy([10, 10, 10]) == pytest.approx(math.log2(3))


def test_table_in_the_terminal(
    class_folder, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.teaching import class_report, class_results

    folder, _ = class_folder
    reads = count_calls(monkeypatch, class_results, "read_record")
    pools = count_calls(monkeypatch, class_report, "aggregate")
    assert main(["class", str(folder)]) == 0
    assert (reads, pools) == ([CLASS_SIZE], [1])  # each record read once, the class pooled once
    out = capsys.readouterr().out
    assert "Tutorial: the practice round" in out and "200 games, 40 players" in out
    assert "200 finished, 0 left unfinished" in " ".join(out.split())
    for heading in (
        "Endings",
        "Traps, most often sprung first",
        "Average meters at the end",
        "Where the class split most",
        "Each player's outcome",
    ):
        assert heading in out
    assert "student-39" in out


def test_csv_has_one_row_per_record(class_folder, tmp_path: Path) -> None:
    folder, sessions = class_folder
    out = tmp_path / "class.csv"
    assert main(["class", str(folder), "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == CLASS_SIZE
    seed_0 = next(r for r in rows if r["seed"] == "0")
    assert seed_0["choice 1"] == sessions[0].history[0].choice_text
    assert int(seed_0["blame"]) == sessions[0].meters()["blame"]
    assert seed_0["outcome"] == sessions[0].ending.outcome
    assert {r["verified"] for r in rows} == {"yes"}


def test_html_report_has_charts_and_works_offline(class_folder, tmp_path: Path) -> None:
    folder, _ = class_folder
    out = tmp_path / "class.html"
    assert main(["class", str(folder), "--format", "html", "-o", str(out)]) == 0
    html = out.read_text()
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(charts) >= 4  # endings, traps, meters, and at least one split
    for chart in charts:
        ET.fromstring(chart)
    assert "<script" not in html and "src=" not in html and "href=" not in html
    assert "Share of games caught by each trap" in html


def test_hostile_player_names_are_escaped(tmp_path: Path) -> None:
    record = json.loads((RECORDS / "tutorial-failure.json").read_text())
    record["player"] = "<script>alert(1)</script>"
    (tmp_path / "r.json").write_text(json.dumps(record))
    out = tmp_path / "class.html"
    assert main(["class", str(tmp_path), "--format", "html", "-o", str(out)]) == 0
    assert "<script" not in out.read_text()
    csv_out = tmp_path / "class.csv"
    record["player"] = '=HYPERLINK("http://x")'
    (tmp_path / "r.json").write_text(json.dumps(record))
    assert main(["class", str(tmp_path), "--format", "csv", "-o", str(csv_out)]) == 0
    player = next(csv.DictReader(io.StringIO(csv_out.read_text())))["student"]
    assert player.startswith("'=")  # a spreadsheet shows it as text instead of running it


def test_mixed_scenarios_are_reported_separately_or_refused_for_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "practice2"
    shutil.copytree(TUTORIAL, other)
    manifest = other / "scenario.yaml"
    manifest.write_text(manifest.read_text().replace("id: tutorial", "id: practice2"))
    folder = tmp_path / "records"
    write_record(play_randomly(load_scenario(TUTORIAL), 1), "a", folder=folder)
    write_record(play_randomly(load_scenario(TUTORIAL), 2), "b", folder=folder)
    write_record(play_randomly(load_scenario(other), 3), "c", folder=folder)
    assert main(["class", str(folder), "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert "several scenarios: tutorial (2 records), practice2 (1 record)" in err
    assert "--scenario" in err
    assert main(["class", str(folder), "--format", "csv", "--scenario", "practice2"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 2
    assert main(["class", str(folder)]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("Endings") == 2
    assert "reported one after another" in captured.err


def test_files_that_are_not_records_are_skipped_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(RECORDS / "tutorial-success.json", tmp_path / "ok.json")
    (tmp_path / "notes.json").write_text('{"hello": 1}')
    assert main(["class", str(tmp_path), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert "skipped" in captured.err and "notes.json" in captured.err
    assert "Ada" in captured.out


def test_unfinished_games_are_counted_as_such(tmp_path: Path) -> None:
    shutil.copy(RECORDS / "tutorial-unfinished.json", tmp_path / "a.json")
    shutil.copy(RECORDS / "tutorial-success.json", tmp_path / "b.json")
    results = aggregate(load_records(tmp_path)[0])
    assert ("(did not finish)", "unfinished", 1) in results.endings
    assert results.finished == 1


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: None, "no play records found"),
        (lambda p: (p / "x.json").write_text("[]"), "no play records found"),
    ],
)
def test_empty_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup, message: str
) -> None:
    setup(tmp_path)
    assert main(["class", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err


def test_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["class", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_record_from_session_round_trips_through_the_report(tmp_path: Path) -> None:
    session = play_randomly(load_scenario(TUTORIAL), 5)
    (tmp_path / "one.json").write_text(json.dumps(record_from_session(session, "Zoë")))
    results = aggregate(load_records(tmp_path)[0])
    assert results.outcomes_by_player[0].player == "Zoë"
    assert results.outcomes_by_player[0].final_meters == session.meters()


def test_class_table_shows_markup_like_names_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.engine.loader import load_scenario
    from game.engine.records import write_record
    from game.engine.session import Session
    from tests.conftest import TUTORIAL

    session = Session(load_scenario(TUTORIAL), seed=3)
    for choice_id in ("call_ally", "joint_position", "wait"):
        session.choose_id(choice_id)
    write_record(session, player="[/]evil[bold]", folder=tmp_path)
    assert main(["class", str(tmp_path)]) == 0
    assert "[/]evil[bold]" in capsys.readouterr().out


def test_csv_header_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    record = json.loads((RECORDS / "tutorial-failure.json").read_text())
    record["scenario"]["id"] = "homework"  # not a bundled scenario: the record names the meters
    formula = '=HYPERLINK("http://x","y")'
    record["meters"][0]["id"] = formula
    record["final_meters"][formula] = 1
    (tmp_path / "r.json").write_text(json.dumps(record))
    out = tmp_path / "class.csv"
    assert main(["class", str(tmp_path), "--format", "csv", "-o", str(out)]) == 0
    header = next(csv.reader(io.StringIO(out.read_text())))
    assert "'" + formula in header
    assert not [cell for cell in header if cell[:1] in ("=", "+", "-", "@")]


def test_report_titles_and_meters_come_from_the_scenario_not_the_newest_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(RECORDS / "tutorial-success.json", tmp_path / "a.json")
    newest = json.loads((RECORDS / "tutorial-failure.json").read_text())
    newest["ended_at"] = "2099-01-01T00:00:00+00:00"
    newest["scenario"]["title"] = "Sign up at evil.example"
    newest["meters"][0]["label"] = "Click here"
    newest["meters"].append(dict(newest["meters"][0], id="=cmd|' /C calc'!A0"))
    (tmp_path / "b.json").write_text(json.dumps(newest))
    out = tmp_path / "class.csv"
    assert main(["class", str(tmp_path), "--format", "csv", "-o", str(out)]) == 0
    header = next(csv.reader(io.StringIO(out.read_text())))
    tutorial = load_scenario(TUTORIAL)
    first = header.index("traps avoided") + 1
    assert [m.id for m in tutorial.meters] == header[first : first + len(tutorial.meters)]
    assert not any("calc" in cell for cell in header)
    assert main(["class", str(tmp_path), "--format", "html", "-o", str(tmp_path / "c.html")]) == 0
    html = (tmp_path / "c.html").read_text()
    assert tutorial.title in html and tutorial.meters[0].label in html
    assert "evil.example" not in html and "Click here" not in html


def test_json_report_holds_the_same_figures_for_other_programs(
    class_folder, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, sessions = class_folder
    assert main(["class", str(folder), "--format", "json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)["scenarios"]
    assert report["scenario_id"] == "tutorial" and report["records"] == CLASS_SIZE
    endings = Counter((s.scene.title, s.ending.outcome) for s in sessions)
    assert report["endings"] == [[t, o, n] for (t, o), n in endings.most_common()]
    assert len(report["outcomes_by_player"]) == CLASS_SIZE
