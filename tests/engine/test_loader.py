"""Loading scenarios: every class of mistake is reported with its file, line and column."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from game.engine.loader import check_scenario, load_scenario
from game.engine.problems import ScenarioError
from game.engine.yamlfile import MAX_FILE_BYTES
from tests.conftest import TUTORIAL

GOOD = """\
id: mini
title: Mini
start: one
meters:
  - id: trust.kyiv
    label: Trust in Kyiv
    kind: trust
flags: [leaked]
traps:
  - id: t
    name: A trap
    lesson: Do not.
scenes:
  - id: one
    title: One
    text: Hello
    choices:
      - text: Go
        effects: trust.kyiv += 5
        trap: t
        goto: two
  - id: two
    title: Two
    ending:
      outcome: success
"""


def write(tmp_path: Path, text: str, name: str = "mini.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[tuple[int, int, str, str]]:
    result = check_scenario(path)
    return [(p.line, p.col, p.code, p.message) for p in result.problems]


def only(path: Path) -> tuple[int, int, str, str]:
    found = problems_of(path)
    assert len(found) == 1, found
    return found[0]


def test_good_single_file_scenario_loads(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, GOOD))
    assert scenario.id == "mini"
    assert list(scenario.scenes) == ["one", "two"]
    assert scenario.meters[0].min == 0 and scenario.meters[0].max == 100
    assert scenario.scenes["two"].ending is not None


def test_tutorial_loads_without_problems() -> None:
    result = check_scenario(TUTORIAL)
    assert result.problems == []
    assert result.scenario is not None
    assert len(result.scenario.scenes) >= 5


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    text: Hello", "    text: Hello: there"))
    line, col, code, _ = only(path)
    assert (line, code) == (16, "DT100")
    assert col > 0


def test_tab_indentation_gets_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    text: Hello", "\ttext: Hello"))
    result = check_scenario(path)
    assert result.problems[0].code == "DT100"
    assert "tabs" in result.problems[0].hint


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    text: Hello", "    txt: Hello"))
    result = check_scenario(path)
    (problem,) = result.problems
    assert (problem.line, problem.col, problem.code) == (16, 5, "DT110")
    assert "'text'" in problem.hint


def test_missing_required_key_is_reported_at_its_block(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("      - text: Go\n", "      - feedback: Gone\n"))
    line, col, code, message = only(path)
    assert (line, col, code) == (18, 9, "DT111")
    assert "'text'" in message


def test_wrong_type_says_what_was_expected(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    kind: trust", "    kind: [trust]"))
    result = check_scenario(path)
    (problem,) = result.problems
    assert (problem.line, problem.col, problem.code) == (7, 11, "DT112")
    assert problem.message.startswith("expected one of ")
    assert "'trust'" in problem.message and problem.message.endswith("found a list")


def test_bad_enum_value_suggests_the_closest(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("outcome: success", "outcome: sucess"))
    result = check_scenario(path)
    (problem,) = result.problems
    assert problem.code == "DT113" and "success" in problem.hint


def test_number_expected_but_text_found(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    kind: trust", "    kind: trust\n    start: high"))
    line, col, code, message = only(path)
    assert (line, col, code) == (8, 12, "DT112")
    assert (
        "expected a whole number or a block of keys (a range: min, max, step), found the text 'high'"
        in message
    )


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    text = GOOD.replace("    text: Hello", "    txt: Hello").replace(
        "outcome: success", "outcome: great"
    )
    text = text.replace("    kind: trust", "    kind: trusting")
    codes = [p[2] for p in problems_of(write(tmp_path, text))]
    assert sorted(codes) == ["DT110", "DT113", "DT113"]


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    text: Hello", "    text: Hello\n    text: Again"))
    line, _, code, message = only(path)
    assert (line, code) == (17, "DT103")
    assert "first on line 16" in message


def test_anchors_and_aliases_are_refused(tmp_path: Path) -> None:
    text = GOOD.replace("    text: Hello", "    text: &greeting Hello").replace(
        "    title: Two", "    title: *greeting"
    )
    found = problems_of(write(tmp_path, text))
    assert {code for _, _, code, _ in found} == {"DT102"}
    assert [line for line, *_ in found] == [16, 23]


def test_an_ampersand_in_quoted_text_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    text: Hello", '    text: "Q&A with *the* press"'))
    assert problems_of(path) == []


def test_python_tags_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path, GOOD.replace("    text: Hello", "    text: !!python/object/apply:os.system [ls]")
    )
    line, _, code, message = only(path)
    assert (line, code) == (16, "DT104")
    assert "python" in message


def test_files_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "#" * (MAX_FILE_BYTES + 1))
    _, _, code, message = only(path)
    assert code == "DT101" and "limit" in message


def test_non_utf8_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(GOOD.replace("Hello", "Caf\xe9").encode("latin-1"))
    line, _, code, message = only(path)
    assert (line, code) == (16, "DT101") and "UTF-8" in message


def test_unknown_scene_target_lists_close_ids(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("goto: two", "goto: tow"))
    result = check_scenario(path)
    (problem,) = result.problems
    assert (problem.line, problem.col, problem.code) == (21, 15, "DT130")
    assert "'two'" in problem.hint


def test_unknown_meter_in_effect_points_into_the_text(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("effects: trust.kyiv += 5", "effects: trust.kiev += 5"))
    result = check_scenario(path)
    (problem,) = result.problems
    assert (problem.line, problem.col, problem.code) == (19, 18, "DT121")
    assert "trust.kyiv" in problem.hint


def test_expression_column_inside_quoted_condition(tmp_path: Path) -> None:
    text = GOOD.replace(
        "      - text: Go\n", '      - text: Go\n        if: "flags.leaked and >"\n'
    )
    result = check_scenario(write(tmp_path, text))
    (problem,) = result.problems
    assert problem.code == "DT120"
    assert (problem.line, problem.col) == (19, 31)  # the '>'


def test_type_mistake_in_condition(tmp_path: Path) -> None:
    text = GOOD.replace("      - text: Go\n", "      - text: Go\n        if: trust.kyiv\n")
    (_, _, code, message) = only(write(tmp_path, text))
    assert code == "DT122" and "true or false" in message


def test_fairmath_on_a_counter_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("flags: [leaked]", "flags: [leaked]\ncounters:\n  - id: n").replace(
        "effects: trust.kyiv += 5", "effects: counters.n %+ 5"
    )
    (_, _, code, message) = only(write(tmp_path, text))
    assert code == "DT122" and "fairmath" in message


def test_duplicate_scene_ids_are_reported_with_the_first(tmp_path: Path) -> None:
    text = GOOD + "  - id: two\n    title: Again\n    ending: {outcome: failure}\n"
    line, _, code, message = only(write(tmp_path, text))
    assert (line, code) == (26, "DT131") and "'two'" in message


def test_missing_start_scene(tmp_path: Path) -> None:
    result = check_scenario(write(tmp_path, GOOD.replace("start: one", "start: once")))
    (problem,) = result.problems
    assert (problem.line, problem.code) == (3, "DT132")
    assert "'one'" in problem.hint


def test_no_ending_is_an_error(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    ending:\n      outcome: success\n", "    choices:\n      - {text: Back, goto: one}\n"
    )
    codes = [code for _, _, code, _ in problems_of(write(tmp_path, text))]
    assert codes == ["DT133"]


def test_unknown_trap_tag(tmp_path: Path) -> None:
    (line, _, code, _) = only(write(tmp_path, GOOD.replace("trap: t", "trap: x")))
    assert (line, code) == (20, "DT134")


def test_ending_with_choices_is_an_error(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    ending:\n      outcome: success\n",
        "    ending:\n      outcome: success\n    choices:\n      - {text: Back, goto: one}\n",
    )
    (_, _, code, _) = only(write(tmp_path, text))
    assert code == "DT135"


def test_meter_start_outside_range(tmp_path: Path) -> None:
    text = GOOD.replace("    kind: trust", "    kind: trust\n    start: 150")
    (line, _, code, message) = only(write(tmp_path, text))
    assert (line, code) == (8, "DT136") and "150" in message


def test_reserved_meter_names_are_refused(tmp_path: Path) -> None:
    text = GOOD.replace("  - id: trust.kyiv", "  - id: flags.kyiv").replace(
        "trust.kyiv += 5", "flags.leaked = true"
    )
    (_, _, code, message) = only(write(tmp_path, text))
    assert code == "DT113" and "reserved" in message


def test_plain_scalars_that_look_like_booleans_stay_text(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, GOOD.replace("title: Two", "title: no")))
    assert scenario.scenes["two"].title == "no"


def test_folder_without_manifest(tmp_path: Path) -> None:
    (tmp_path / "scenes.yaml").write_text("scenes: []\n")
    (_, _, code, message) = only(tmp_path)
    assert code == "DT137" and "scenario.yaml" in message


def test_scene_files_in_a_folder_are_all_loaded(tmp_path: Path) -> None:
    manifest, scenes = GOOD.split("scenes:\n")
    (tmp_path / "scenario.yaml").write_text(manifest)
    (tmp_path / "b.yaml").write_text("scenes:\n" + scenes)
    scenario = load_scenario(tmp_path)
    assert set(scenario.scenes) == {"one", "two"}


def test_problems_in_scene_files_name_that_file(tmp_path: Path) -> None:
    manifest, scenes = GOOD.split("scenes:\n")
    (tmp_path / "scenario.yaml").write_text(manifest)
    (tmp_path / "b.yaml").write_text("scenes:\n" + scenes.replace("goto: two", "goto: nowhere"))
    result = check_scenario(tmp_path)
    (problem,) = result.problems
    assert Path(problem.path).name == "b.yaml" and problem.line == 9


def test_scene_files_outside_the_folder_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "scenario.yaml").write_text(GOOD + "scene_files: [../../etc/passwd]\n")
    (_, _, code, message) = only(folder)
    assert code == "DT101" and "outside" in message


def test_empty_file_is_reported(tmp_path: Path) -> None:
    (_, _, code, _) = only(write(tmp_path, ""))
    assert code in ("DT112", "DT111")


def test_load_scenario_raises_with_all_problems(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("goto: two", "goto: tow").replace("start: one", "start: x"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert [p.code for p in caught.value.problems] == ["DT130", "DT132"]


def test_problem_format_is_path_line_col(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("goto: two", "goto: tow"))
    text = check_scenario(path).problems[0].format()
    assert text.startswith(f"{path}:21:15: error: no scene with id 'tow' [DT130]")
    assert "\n    hint: did you mean 'two'?" in text


def test_numbers_in_yaml_beyond_a_billion_are_refused(tmp_path: Path) -> None:
    text = GOOD.replace("    kind: trust", "    kind: trust\n    max: " + "9" * 400)
    (line, _, code, message) = only(write(tmp_path, text))
    assert (line, code) == (8, "DT113") and "too large" in message


def test_counters_may_be_bare_ids_like_flags(tmp_path: Path) -> None:
    text = GOOD.replace("flags: [leaked]", "flags: [leaked]\ncounters: [rounds]").replace(
        "effects: trust.kyiv += 5", "effects: [trust.kyiv += 5, counters.rounds += 1]"
    )
    scenario = load_scenario(write(tmp_path, text))
    assert scenario.initial_values()["counters.rounds"] == 0


def scenario_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "scenario"
    folder.mkdir()
    manifest, scenes = GOOD.split("scenes:\n")
    (folder / "scenario.yaml").write_text(manifest)
    (folder / "scenes.yaml").write_text("scenes:\n" + scenes)
    return folder


def test_links_to_files_outside_the_folder_are_refused_unread(tmp_path: Path) -> None:
    folder = scenario_folder(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n")
    (folder / "evil.yaml").symlink_to(secret)
    result = check_scenario(folder)
    (problem,) = result.problems
    assert problem.code == "DT101" and "outside the scenario folder" in problem.message
    assert "hunter2" not in problem.format()


def test_hidden_files_and_folders_are_not_scene_files(tmp_path: Path) -> None:
    folder = scenario_folder(tmp_path)
    (folder / ".backup").mkdir()
    (folder / ".backup" / "scenes.yaml").write_text((folder / "scenes.yaml").read_text())
    (folder / ".#scenes.yaml").write_text("not: [valid")
    assert check_scenario(folder).problems == []


def test_a_folder_that_cannot_be_read_is_a_problem_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = scenario_folder(tmp_path)
    real_is_dir = Path.is_dir

    def refuse(self: Path) -> bool:
        if self == folder:
            raise PermissionError(13, "Permission denied")
        return real_is_dir(self)

    monkeypatch.setattr(Path, "is_dir", refuse)
    (_, _, code, message) = only(folder)
    assert code == "DT137" and "Permission denied" in message


def test_an_empty_effect_is_an_error(tmp_path: Path) -> None:
    (line, _, code, message) = only(
        write(tmp_path, GOOD.replace("effects: trust.kyiv += 5", 'effects: ""'))
    )
    assert (line, code) == (19, "DT120") and "empty" in message


@pytest.mark.parametrize(
    ("condition", "line", "col", "token"),
    [
        ("if: flags.leaked = true", 19, 26, "'=' after 'flags.leaked'"),
        ("if: 'flags.leaked and and true'", 19, 31, "'and' after 'and'"),
        ("if: |\n          flags.leaked\n            and trust.kyiv >> 3", 21, 29, "'>' after '>'"),
        ("if: >-\n          flags.leaked and\n          (trust.kyiv > 3", 21, 26, "end"),
        ("if: flags.leaked and\n          trust.kyiv => 3", 20, 22, "'=' after 'trust.kyiv'"),
    ],
    ids=["plain", "quoted", "literal-block", "folded-block", "plain-two-lines"],
)
def test_expression_error_points_at_the_offending_token_and_names_it(
    tmp_path: Path, condition: str, line: int, col: int, token: str
) -> None:
    text = GOOD.replace("      - text: Go\n", f"      - text: Go\n        {condition}\n")
    result = check_scenario(write(tmp_path, text))
    (problem,) = result.problems
    assert problem.code == "DT120"
    assert (problem.line, problem.col) == (line, col), problem.format()
    assert token in problem.message
    assert problem.hint


def test_effect_error_in_a_list_points_at_the_token(tmp_path: Path) -> None:
    text = GOOD.replace("effects: trust.kyiv += 5", "effects:\n          - trust.kyiv += = 5")
    (line, col, code, message) = only(write(tmp_path, text))
    assert (line, col, code) == (20, 27, "DT120")
    assert message == "unexpected '=' after '+='"


def test_the_loader_reads_unsaved_text_through_the_reader(tmp_path: Path) -> None:
    from game.engine.yamlfile import reader_with

    path = write(tmp_path, GOOD)
    edited = GOOD.replace("goto: two", "goto: tow")
    result = check_scenario(path, reader_with({path: edited}))
    assert [p.code for p in result.problems] == ["DT130"]
    assert check_scenario(path).problems == []  # the file on disk is untouched
