"""Debrief exports: what a student hands in, in Markdown or HTML, safe against hostile text."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from game.cli import main
from tests.teaching.playthroughs import RECORDS

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)


def test_markdown_export_writes_report_and_chart_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ada.md"
    assert (
        main(["export", str(RECORDS / "tutorial-success.json"), "--format", "md", "-o", str(out)])
        == 0
    )
    text = out.read_text()
    chart = tmp_path / "ada-meters.svg"
    assert "![Meters over the game](ada-meters.svg)" in text
    assert "# Debrief: Tutorial: the practice round" in text
    assert "Player: **Ada**" in text
    assert "1. *The briefing*: Call Ostland first and agree what you will ask for." in text
    assert "News: Ostland's parliament debates the talks" in text
    assert "Chance decided (a 75% chance): Vesna agrees to a framework" in text
    # the hidden red line, drawn at the start, is shown in the report with its draw
    assert "Vesna's red line was drawn by chance at the start: 25 (any of 15–30" in text
    assert "**A framework agreed** (success)" in text
    assert "You agreed your position with your ally first" in text
    assert "**Letting the other side set the agenda**" in text  # an avoided trap, with its lesson
    assert "*Source:* Tutorial fiction" in text
    tree = ET.fromstring(chart.read_text())
    assert len(tree.findall(f"{SVG}polyline")) == 5  # one line per meter, the hidden one too
    assert str(chart) in capsys.readouterr().out


def test_chart_follows_the_meters_of_the_game(tmp_path: Path) -> None:
    out = tmp_path / "chloe.md"
    main(["export", str(RECORDS / "tutorial-failure.json"), "--format", "md", "-o", str(out)])
    tree = ET.fromstring((tmp_path / "chloe-meters.svg").read_text())
    record = json.loads((RECORDS / "tutorial-failure.json").read_text())
    for line in tree.findall(f"{SVG}polyline"):
        assert len(line.get("points", "").split()) == len(record["decisions"]) + 1
    legend = " ".join(t.text or "" for t in tree.iter(f"{SVG}text"))
    final = record["final_meters"]["blame"]
    assert f"Risk of blame ({final})" in legend  # the last value of each meter is in the legend


def test_html_export_is_one_page_with_the_chart_inline(tmp_path: Path) -> None:
    out = tmp_path / "ben.html"
    assert main(["export", str(RECORDS / "tutorial-failure.json"), "-o", str(out)]) == 0
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>")
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None
    ET.fromstring(svg.group(0))  # the inline chart is well-formed
    assert "Trap: The pre-emptive concession" in html
    assert "Blamed for the walkout" in html
    assert "<script" not in html and "http" not in html.replace("http://www.w3.org/2000/svg", "")


def test_hostile_text_does_not_inject_markup(tmp_path: Path) -> None:
    record = json.loads((RECORDS / "tutorial-failure.json").read_text())
    record["player"] = HOSTILE
    record["scenario"]["title"] = HOSTILE
    record["decisions"][0]["text"] = HOSTILE
    record["meters"][0]["label"] = HOSTILE
    record["ending"]["debrief"] = f"**bold** {HOSTILE}"
    record["traps"]["details"]["agenda"]["lesson"] = HOSTILE
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(record))
    out = tmp_path / "hostile.html"
    assert main(["export", str(source), "-o", str(out)]) == 0
    collector = TagCollector()
    collector.feed(out.read_text())
    assert "script" not in collector.tags and "img" not in collector.tags
    assert "onerror" not in collector.attributes
    assert "&lt;script&gt;" in out.read_text()
    assert "<strong>bold</strong>" in out.read_text()  # the scenario's own emphasis still shows
    md = tmp_path / "hostile.md"
    assert main(["export", str(source), "--format", "md", "-o", str(md)]) == 0
    assert "<script" not in md.read_text() and "<img" not in md.read_text()
    assert "<script" not in (tmp_path / "hostile-meters.svg").read_text()


def test_default_output_is_beside_the_record(tmp_path: Path) -> None:
    record = tmp_path / "game.json"
    record.write_text((RECORDS / "tutorial-partial.json").read_text())
    assert main(["export", str(record), "--format", "html"]) == 0
    assert (tmp_path / "game.html").is_file()


def test_unfinished_game_exports_where_it_stopped(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["export", str(RECORDS / "tutorial-unfinished.json"), "--format", "md", "-o", "-"])
        == 0
    )
    out = capsys.readouterr().out
    assert "The game was not finished: it stopped at **The first meeting**." in out
    assert "Player: **anonymous**" in out


def test_export_of_a_bad_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{}")
    assert main(["export", str(path)]) == 2
    assert "not a Diplomatic Traps play record" in capsys.readouterr().err


def test_export_to_an_unwritable_place_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    out = blocker / "report.html"  # a folder that cannot exist: its parent is a file
    assert main(["export", str(RECORDS / "tutorial-partial.json"), "-o", str(out)]) == 1
    assert "cannot write" in capsys.readouterr().err
