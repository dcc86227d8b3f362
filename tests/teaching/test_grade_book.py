"""What the teacher takes away from a class: the grade book, a report under pseudonyms, the HTML
report beside random and careful play, and each game counted once."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest

from game.cli import main
from game.engine.loader import load_scenario
from game.engine.records import record_from_session
from game.engine.session import Session
from game.teaching.class_report import OUTCOME_COLOURS
from tests.conftest import TUTORIAL
from tests.teaching.playthroughs import STARTED, play, play_randomly

TUTORIAL_GAME = load_scenario(TUTORIAL)
NAMES = ("Ana", "Ben", "Chloé", "Dmytro", "Ewa", "Farid")


def write(folder: Path, name: str, record: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(record))


@pytest.fixture
def class_records(tmp_path: Path) -> tuple[Path, dict[str, Session]]:
    """Six students' games with start and end times; the last one left part-way."""
    sessions = {}
    for index, name in enumerate(NAMES):
        turns = 1 if name == "Farid" else 200
        session = play_randomly(TUTORIAL_GAME, 10 + index, max_turns=turns)
        start = STARTED + timedelta(minutes=index)
        end = start + timedelta(minutes=12, seconds=30)
        write(tmp_path, f"{name}.json", record_from_session(session, name, start, end))
        sessions[name] = session
    return tmp_path, sessions


def grade_book(folder: Path, *options: str) -> list[dict[str, str]]:
    out = folder.parent / "grades.csv"
    assert main(["class", str(folder), "--format", "csv", "-o", str(out), *options]) == 0
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))


def test_the_grade_book_has_times_finished_verified_and_choices_in_game_order(
    class_records: tuple[Path, dict[str, Session]],
) -> None:
    folder, sessions = class_records
    rows = {row["student"]: row for row in grade_book(folder)}
    assert set(rows) == set(NAMES)
    for name, session in sessions.items():
        row = rows[name]
        start = STARTED + timedelta(minutes=NAMES.index(name))
        assert row["start"] == start.astimezone().strftime("%Y-%m-%d %H:%M")
        assert row["minutes"] == "12.5"
        assert row["finished"] == ("yes" if session.ended else "no")
        assert row["verified"] == "yes"
        choices = [row[f"choice {n}"] for n in range(1, len(session.history) + 1)]
        assert choices == [d.choice_text for d in session.history]  # in the order played
    assert rows["Farid"]["outcome"] == "unfinished"
    header = next(csv.reader(io.StringIO((folder.parent / "grades.csv").read_text())))
    assert header[:10] == [
        "student",
        "start",
        "end",
        "minutes",
        "finished",
        "verified",
        "ending",
        "outcome",
        "turns",
        "traps",
    ]


def test_a_record_edited_by_hand_is_not_verified(
    class_records: tuple[Path, dict[str, Session]],
) -> None:
    folder, _ = class_records
    record = json.loads((folder / "Ana.json").read_text())
    record["final_meters"]["blame"] = 0 if record["final_meters"]["blame"] else 1
    write(folder, "Ana.json", record)
    rows = {row["student"]: row["verified"] for row in grade_book(folder)}
    assert rows["Ana"] == "no" and rows["Ben"] == "yes"


def test_a_game_left_and_finished_later_counts_once(tmp_path: Path) -> None:
    """A game left part-way writes an unfinished record; finished later, a second one."""
    start = STARTED
    left = play(TUTORIAL_GAME, 0, ("call_ally",))
    finished = play(TUTORIAL_GAME, 0, ("call_ally", "joint_position", "wait"))
    write(tmp_path, "a-unfinished.json", record_from_session(left, "Ana", start))
    write(tmp_path, "a.json", record_from_session(finished, "Ana", start))
    write(tmp_path, "b.json", record_from_session(left, "Ben", start))
    rows = {row["student"]: row for row in grade_book(tmp_path)}
    assert len(rows) == 2
    assert rows["Ana"]["finished"] == "yes" and rows["Ben"]["finished"] == "no"


def test_the_anonymised_report_shows_no_name_and_the_same_pseudonyms_every_time(
    class_records: tuple[Path, dict[str, Session]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, _ = class_records
    first = grade_book(folder, "--anonymise")
    second = grade_book(folder, "--anonymise")
    assert [r["student"] for r in first] == [r["student"] for r in second]
    assert len({r["student"] for r in first}) == len(NAMES)
    assert all(re.fullmatch(r"Student [A-Z2-9]{5}", r["student"]) for r in first)
    for fmt in ("table", "csv", "html", "json"):
        assert main(["class", str(folder), "--anonymise", "--format", fmt]) == 0
        shown = capsys.readouterr().out
        for name in NAMES:
            assert name not in shown, (fmt, name)


def test_the_html_report_colours_outcomes_with_words_and_fits_a_page(
    class_records: tuple[Path, dict[str, Session]],
) -> None:
    folder, _ = class_records
    out = folder.parent / "class.html"
    assert main(["class", str(folder), "--format", "html", "-o", str(out)]) == 0
    html = out.read_text()
    assert "@page { size: A4" in html and "max-width: 72rem" in html
    charts = [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", html, re.S)]
    assert all(int(chart.get("width")) <= 660 for chart in charts)  # 1,200 px hold them
    endings = next(c for c in charts if "How the class's games ended" in c.findtext("{*}title"))
    labels = [" ".join(t.itertext()) for t in endings.iter("{http://www.w3.org/2000/svg}text")]
    fills = [r.get("fill") for r in endings.iter("{http://www.w3.org/2000/svg}rect")][1:]
    words = {colour: outcome for outcome, colour in OUTCOME_COLOURS.items()}
    bar_labels = [label for label in labels[1:] if not label.strip().isdigit()]
    for fill, label in zip(fills, bar_labels, strict=True):
        outcome = words[fill]
        assert f"({outcome})" in label or (outcome == "unfinished" and "left unfinished" in label)


def test_the_html_report_sets_the_class_beside_random_and_careful_play(
    class_records: tuple[Path, dict[str, Session]],
) -> None:
    folder, _ = class_records
    out = folder.parent / "class.json"
    assert main(["class", str(folder), "--format", "json", "-o", str(out)]) == 0
    (report,) = json.loads(out.read_text())["scenarios"]
    baselines = {b["name"]: b for b in report["baselines"]}
    assert set(baselines) == {"Random play", "Careful play"}
    share = {n: b["outcomes"].get("success", 0) / b["games"] for n, b in baselines.items()}
    assert share["Careful play"] > share["Random play"]
    html_out = folder.parent / "class.html"
    assert main(["class", str(folder), "--format", "html", "-o", str(html_out)]) == 0
    html = html_out.read_text()
    assert "Outcomes beside random and careful play" in html
    assert "This class (6 games)" in html and "Random play (200 games)" in html


def test_long_chart_labels_wrap_instead_of_being_cut() -> None:
    """Ending and trap names were once cut to 34 characters in the charts."""
    from game.teaching.charts import bar_chart, share_bar

    label = "A coordinated trilateral track, with Kyiv and Europe in step (success)"
    for chart in (bar_chart([(label, 3)], "Endings"), share_bar([(label, 3)], "Split")):
        lines = ET.fromstring(chart).iter("{http://www.w3.org/2000/svg}tspan")
        shown = " ".join(line.text or "" for line in lines)  # what is drawn, not the tooltip
        assert all(word in shown.split() for word in label.split()), shown
        assert "…" not in shown
