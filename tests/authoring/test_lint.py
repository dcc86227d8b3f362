"""The linter finds every planted defect, points at its line, and stays quiet on clean scenarios."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game.authoring.lint import lint
from game.cli import main
from game.engine.catalog import bundled_scenarios
from game.engine.loader import check_scenario, load_scenario
from game.engine.problems import CODES, WARNING

from .conftest import FIXTURES, REPO

LINT = FIXTURES / "lint"
DEFECTS = sorted(p for p in LINT.glob("DT2*.yaml"))


def codes_of(path: Path) -> list[str]:
    return [p.code for p in lint(load_scenario(path), path)]


@pytest.mark.parametrize("fixture", DEFECTS, ids=lambda p: p.stem)
def test_each_planted_defect_is_found_with_its_code_and_line(fixture: Path) -> None:
    code = fixture.stem.split("_")[0]
    warnings = [p for p in lint(load_scenario(fixture), fixture) if p.code == code]
    assert warnings, f"{code} not reported for {fixture.name}"
    for warning in warnings:
        assert warning.severity == WARNING
        assert warning.line > 0 and warning.col > 0
        assert Path(warning.path).name == fixture.name
        assert warning.hint


def test_every_warning_code_has_a_fixture_and_a_description() -> None:
    planted = {p.stem.split("_")[0] for p in DEFECTS}
    warning_codes = {code for code in CODES if code.startswith("DT2")}
    assert planted == warning_codes


def test_clean_fixture_triggers_no_warning_of_any_class() -> None:
    assert codes_of(LINT / "clean.yaml") == []


def test_bundled_scenarios_lint_clean() -> None:
    """Every bundled scenario that loads has no warning (one still being written may not load)."""
    linted = []
    for info in bundled_scenarios():
        scenario = check_scenario(info.path).scenario
        if scenario is not None:
            assert [p.format() for p in lint(scenario)] == [], info.name
            linted.append(info.name)
    assert "tutorial" in linted


def test_warning_points_at_the_condition_of_the_blocked_choice() -> None:
    fixture = LINT / "DT211_choice_never_offered.yaml"
    (warning,) = lint(load_scenario(fixture), fixture)
    assert (warning.line, warning.col) == (17, 34)  # 'if: trust >= 45'

    assert "trust is 30–40" in warning.hint


def test_linked_but_blocked_ending_says_so() -> None:
    fixture = LINT / "DT208_unreachable_ending.yaml"
    (warning,) = lint(load_scenario(fixture), fixture)
    assert "triumph" in warning.message and "linked" in warning.message


def test_check_prints_warning_lines_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    fixture = LINT / "DT207_trap_untagged.yaml"
    assert main(["check", str(fixture)]) == 0
    out = capsys.readouterr().out
    assert (
        f"{fixture}:7:5: warning: trap 'bait' is declared but no choice springs it [DT207]" in out
    )
    assert "hint: add 'trap: bait'" in out
    assert "0 errors, 1 warning" in out


def test_check_strict_turns_warnings_into_errors(capsys: pytest.CaptureFixture[str]) -> None:
    fixture = LINT / "DT207_trap_untagged.yaml"
    assert main(["check", "--strict", str(fixture)]) == 1
    assert ": error: trap 'bait'" in capsys.readouterr().out
    assert main(["check", "--strict", str(LINT / "clean.yaml")]) == 0


def test_check_json_lists_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    fixture = LINT / "DT204_never_true.yaml"
    assert main(["check", "--format", "json", str(fixture)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["warnings"] == 1 and report["errors"] == 0
    (problem,) = report["problems"]
    assert problem["code"] == "DT204" and problem["severity"] == "warning"
    assert (problem["line"], problem["col"]) == (11, 32)  # the condition after 'if:'


def test_check_no_lint_skips_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-lint", "--strict", str(LINT / "DT207_trap_untagged.yaml")]) == 0


def test_the_format_reference_example_passes_strict_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its hidden meter is only shown in the debrief: players read meters, so no DT202."""
    reference = (REPO / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    example = re.search(r"^```yaml\n(.*?)^```", reference, re.MULTILINE | re.DOTALL)
    assert example is not None
    path = tmp_path / "example.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    assert any(m.hidden for m in load_scenario(path).meters)
    assert main(["check", "--strict", str(path)]) == 0, capsys.readouterr().out


def test_a_hidden_meter_set_but_never_read_is_not_warned(tmp_path: Path) -> None:
    text = (LINT / "clean.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - {id: trust, label: Trust, start: 50}\n",
        "  - {id: trust, label: Trust, start: 50}\n"
        "  - {id: rival.gains, label: Rival gains, hidden: true}\n",
    ).replace("effects: trust -= 20,", "effects: [trust -= 20, rival.gains += 10],")
    path = tmp_path / "hidden.yaml"
    path.write_text(text, encoding="utf-8")
    assert codes_of(path) == []


def warnings_of(fixture_name: str, code: str) -> list:
    fixture = LINT / fixture_name
    return [p for p in lint(load_scenario(fixture), fixture) if p.code == code]


def test_a_loop_without_an_ending_names_its_scenes_at_the_first_one() -> None:
    (warning,) = warnings_of("DT213_loop_without_ending.yaml", "DT213")
    assert "'lobby', 'corridor'" in warning.message
    assert (warning.line, warning.col) == (12, 5)  # the lobby, the first scene of the loop


def test_a_loop_with_a_way_out_is_not_warned(tmp_path: Path) -> None:
    text = (LINT / "DT213_loop_without_ending.yaml").read_text(encoding="utf-8")
    path = tmp_path / "loop.yaml"
    path.write_text(
        text.replace(
            "      - {text: Round again, goto: corridor}", "      - {text: Out, goto: done}"
        ),
        encoding="utf-8",
    )
    assert codes_of(path) == []


def test_a_loop_whose_exit_is_never_open_is_warned(tmp_path: Path) -> None:
    """The way out exists on paper, but its condition never holds: the game still loops."""
    text = (LINT / "DT213_loop_without_ending.yaml").read_text(encoding="utf-8")
    text = text.replace("scenes:", "flags: [key]\nscenes:", 1).replace(
        "      - {text: Round again, goto: corridor}",
        "      - {text: Round again, goto: corridor}\n"
        "      - {text: Out, if: flags.key, goto: done}\n"
        "      - {text: Find the key, if: flags.key, effects: flags.key = true, goto: lobby}",
    )
    path = tmp_path / "locked.yaml"
    path.write_text(text, encoding="utf-8")
    assert "DT213" in codes_of(path)


def test_empty_scene_and_choice_texts_point_at_the_text() -> None:
    found = [(p.line, p.col) for p in warnings_of("DT214_empty_texts.yaml", "DT214")]
    assert found == [(8, 11), (10, 16)]


def test_a_glossary_term_twice_points_at_the_second_and_names_the_first() -> None:
    (warning,) = warnings_of("DT215_glossary_twice.yaml", "DT215")
    assert warning.line == 8 and "line 6" in warning.hint


def test_a_disabled_reason_without_if_points_at_the_reason() -> None:
    (warning,) = warnings_of("DT216_reason_without_if.yaml", "DT216")
    assert warning.line == 11


def test_a_blame_meter_with_an_explicit_direction_is_not_warned(tmp_path: Path) -> None:
    (warning,) = warnings_of("DT217_blame_direction.yaml", "DT217")
    assert warning.line == 8  # its 'kind: blame'
    text = (LINT / "DT217_blame_direction.yaml").read_text(encoding="utf-8")
    for good in ("low", "high"):
        path = tmp_path / f"{good}.yaml"
        path.write_text(text.replace("    start: 20", f"    start: 20\n    good: {good}"))
        assert codes_of(path) == []


def test_a_control_character_is_placed_at_its_escape_and_named() -> None:
    (warning,) = warnings_of("DT218_control_character.yaml", "DT218")
    assert (warning.line, warning.col) == (10, 22)  # the '\e'
    assert "U+001B (escape)" in warning.message


def test_a_raw_control_character_is_a_yaml_error_with_a_hint(tmp_path: Path) -> None:
    text = (LINT / "clean.yaml").read_text(encoding="utf-8")
    path = tmp_path / "raw.yaml"
    path.write_text(text.replace("The talks begin.", "The talks\x07 begin."), encoding="utf-8")
    (problem,) = check_scenario(path).problems
    assert problem.code == "DT100" and problem.line == 13 and "control character" in problem.hint
