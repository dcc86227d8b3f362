"""The teacher's package: one consistent set of lesson plans, a brief that cites its source, fair
role sheets, and printable pages that name the mechanics of the scenario as it is now."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from game.cli import main
from game.engine.loader import load_scenario
from game.locations import teachers_package_dir
from game.teaching.printable import PAGES, render_body
from tests.conftest import ROOT, SCENES

PACKAGE = teachers_package_dir()
ROLES = ("role-kyiv.md", "role-europe.md", "role-moscow.md", "role-washington.md")
SOURCE_TITLE = "Possible Trump-Putin Summit: Key Aspects and Diplomatic Traps"


def plan_rows(markdown: str, heading: str) -> list[tuple[int, int]]:
    """The minute ranges of the timetable under ``heading``."""
    section = markdown.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return [
        (int(start), int(end)) for start, end in re.findall(r"^\| (\d+)–(\d+) \|", section, re.M)
    ]


@pytest.mark.parametrize(
    ("heading", "minutes"), [("The 50-minute class", 50), ("The 90-minute class", 90)]
)
def test_each_plan_fills_its_time_without_gaps(heading: str, minutes: int) -> None:
    rows = plan_rows((PACKAGE / "lesson-plans.md").read_text(), heading)
    assert rows[0][0] == 0 and rows[-1][1] == minutes
    assert all(end == next_start for (_, end), (next_start, _) in pairwise(rows))


def test_the_plans_live_in_one_place() -> None:
    """teaching.md and teaching-notes.md once gave two different 45-minute plans."""
    for doc in ("teaching.md", "teaching-notes.md"):
        text = (ROOT / "docs" / doc).read_text()
        assert "| Minutes |" not in text and "45 minutes" not in text, doc
        assert "teachers-package/" in text, doc


def test_the_student_brief_cites_the_source_as_far_as_it_is_known() -> None:
    brief = (PACKAGE / "student-brief.md").read_text()
    summit = load_scenario(SCENES / "summit")
    assert summit.source is not None and summit.source.title == SOURCE_TITLE
    assert f"*{SOURCE_TITLE}.* News analysis." in brief
    assert "not recorded" in brief  # no invented author, publisher or date


def test_every_party_gets_the_same_kind_of_sheet() -> None:
    headings = [re.findall(r"^## (.+)$", (PACKAGE / role).read_text(), re.M) for role in ROLES]
    assert all(h == headings[0] for h in headings), headings
    for role in ROLES:
        text = (PACKAGE / role).read_text()
        assert "*Confidential" in text and "*Assumptions of this exercise" in text
        assert len(text.split()) < 650, role  # one printed page


def test_the_quiz_answers_cover_every_question_and_objective() -> None:
    quiz = (PACKAGE / "quiz.md").read_text()
    questions = re.findall(r"^\*\*(\d+)\.\*\*", quiz, re.M)
    answers = re.findall(r"^\| (\d+) \| [^|]+ \| ([^|]+) \|", quiz, re.M)
    assert [a for a, _ in answers] == questions
    covered = {int(n) for _, cell in answers for n in re.findall(r"\d", cell)}
    assert covered >= {1, 2, 3, 4, 5, 6}
    letters = re.findall(r"^\| \d+ \| \((\w)\) \|", quiz, re.M)
    assert len(set(letters)) == 4  # the right answer is not always in the same place


def test_the_package_builds_printable_pages(tmp_path: Path, capsys) -> None:
    out = tmp_path / "handouts"
    assert main(["teaching-package", "-o", str(out)]) == 0
    assert "wrote 13 pages" in capsys.readouterr().out
    for page in PAGES:
        html = (out / page.html_name).read_text()
        assert "@page { size: A4" in html and f"<body class='{page.kind}'>" in html
        assert "<script" not in html and "src=" not in html
    assert "@page projector { size: A4 landscape" in (out / "debrief.html").read_text()
    index = (out / "index.html").read_text()
    assert all(page.html_name in index for page in PAGES)
    readme = (out / "README.html").read_text()
    assert '<a href="role-kyiv.html">' in readme
    assert "../teaching-notes.md" not in readme  # outside the package: words, not a dead link


def test_the_mechanics_page_names_what_the_scenario_has_now(tmp_path: Path) -> None:
    out = tmp_path / "handouts"
    assert main(["teaching-package", "-o", str(out), "--scenario", "tutorial"]) == 0
    html = (out / "mechanics.html").read_text()
    tutorial = load_scenario(SCENES / "tutorial")
    for meter in tutorial.meters:
        assert meter.label in html
    for trap in tutorial.traps.values():
        assert trap.name.replace('"', "&quot;") in html
    for scene in tutorial.scenes.values():
        if scene.ending:
            assert scene.title in html
    assert "scenario:" not in html  # every marker replaced


def test_raw_html_in_a_page_is_shown_not_run() -> None:
    html = render_body("# Title\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))", None)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html


def test_an_unwritable_folder_exits_1(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["teaching-package", "-o", str(blocker / "pages")]) == 1
    assert "cannot write" in capsys.readouterr().err
