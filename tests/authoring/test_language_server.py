"""The language server, driven by a real LSP client over standard input and output, as an
editor drives it: diagnostics of unsaved text as you type, completion, definitions and hover."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.authoring import editing
from game.authoring.scenario_index import ScenarioIndex
from game.engine.loader import load_scenario

from .conftest import REPO, TUTORIAL
from .lsp_client import LspClient


@pytest.fixture
def tutorial(tmp_path: Path) -> Path:
    folder = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, folder)
    return folder


@pytest.fixture
def client(tutorial: Path) -> Iterator[LspClient]:
    server = LspClient([sys.executable, "main.py", "lsp"], cwd=REPO)
    try:
        capabilities = server.initialize(tutorial)["capabilities"]
        assert capabilities["completionProvider"] and capabilities["hoverProvider"]
        assert capabilities["definitionProvider"]
        yield server
    finally:
        server.stop()


def position_of(text: str, snippet: str, offset: int = 0) -> dict[str, int]:
    """The 0-based LSP position of ``snippet`` (plus ``offset`` characters) in ``text``."""
    assert text.count(snippet) == 1, snippet
    at = text.index(snippet) + offset
    line = text.count("\n", 0, at)
    return {"line": line, "character": at - (text.rfind("\n", 0, at) + 1)}


def codes(found: list[dict]) -> list[str]:
    return [d["code"] for d in found]


def test_opening_unsaved_text_shows_its_mistake_at_the_token(
    client: LspClient, tutorial: Path
) -> None:
    scenes = tutorial / "scenes.yaml"
    on_disk = scenes.read_text(encoding="utf-8")
    edited = on_disk.replace("if: flags.ally_consulted\n", "if: flags.ally_consulted = true\n")
    uri = client.open(scenes, edited)
    (found,) = client.diagnostics(uri, lambda d: len(d) == 1, "one error")
    assert found["code"] == "DT120" and found["severity"] == 1
    assert found["source"] == "diplomatic-traps"
    assert "unexpected '=' after 'flags.ally_consulted'" in found["message"]
    assert "hint: to compare, write '=='" in found["message"]
    start = position_of(edited, "if: flags.ally_consulted = true", 25)
    assert found["range"]["start"] == start
    assert found["range"]["end"] == {"line": start["line"], "character": start["character"] + 1}
    assert scenes.read_text(encoding="utf-8") == on_disk  # the server never writes


def test_typing_updates_the_diagnostics_and_fixing_clears_them(
    client: LspClient, tutorial: Path
) -> None:
    scenes = tutorial / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    uri = client.open(scenes)
    client.diagnostics(uri, lambda d: d == [], "none for the clean tutorial")
    never = text.replace("if: trust.rival >= 40", "if: trust.rival >= 140")
    client.change(uri, never)
    found = client.diagnostics(uri, lambda d: "DT204" in codes(d), "the never-true warning")
    (warning,) = [d for d in found if d["code"] == "DT204"]
    assert warning["severity"] == 2
    assert warning["range"]["start"] == position_of(never, "trust.rival >= 140")
    client.change(uri, text)
    client.diagnostics(uri, lambda d: d == [], "none once fixed")


def test_a_change_in_one_file_shows_problems_in_the_others(
    client: LspClient, tutorial: Path
) -> None:
    manifest = tutorial / "scenario.yaml"
    text = manifest.read_text(encoding="utf-8")
    uri = client.open(manifest)
    scenes_uri = (tutorial / "scenes.yaml").resolve().as_uri()
    client.diagnostics(scenes_uri, lambda d: d == [], "none at first")
    client.change(uri, text.replace("  - id: early_concession", "  - id: late_concession"))
    found = client.diagnostics(scenes_uri, lambda d: bool(d), "the unknown trap")
    assert codes(found) == ["DT134"]
    assert "early_concession" in found[0]["message"]
    client.change(uri, text)
    client.diagnostics(scenes_uri, lambda d: d == [], "none once the manifest is fixed")


def test_rapid_typing_ends_with_the_diagnostics_of_the_last_text(
    client: LspClient, tutorial: Path
) -> None:
    scenes = tutorial / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    uri = client.open(scenes)
    condition = "if: trust.rival >= 40"
    typed = "if: trust.rival >= 40 or flags.lea"
    for end in range(len(condition), len(typed) + 1):
        client.change(uri, text.replace(condition, typed[:end]))
    found = client.diagnostics(
        uri, lambda d: codes(d) == ["DT121"] and "'flags.lea'" in d[0]["message"], "the last"
    )
    assert "did you mean 'flags.leak'" in found[0]["message"]
    client.change(uri, text.replace(condition, typed + "k"))
    client.diagnostics(uri, lambda d: d == [], "none once the name is complete")


def test_columns_count_as_the_editor_counts_past_wide_characters(
    client: LspClient, tutorial: Path
) -> None:
    """LSP columns are UTF-16 units: an emoji before the mistake counts twice."""
    scenes = tutorial / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8").replace(
        "      - id: stall\n        text: Say nothing for now.\n",
        '      - {id: stall, text: "Wait 😀", if: flags.leak = true,\n'
        "         goto: first_meeting}\n      - id: stall2\n        text: Say nothing for now.\n",
    )
    uri = client.open(scenes, text)
    (found,) = client.diagnostics(uri, lambda d: codes(d) == ["DT120"], "the '=' mistake")
    at = position_of(text, "leak = true,", 5)  # in characters
    assert found["range"]["start"] == {"line": at["line"], "character": at["character"] + 1}


def test_a_yaml_file_outside_any_scenario_gets_no_diagnostics(
    client: LspClient, tmp_path: Path
) -> None:
    other = tmp_path / "elsewhere" / "workflow.yaml"
    other.parent.mkdir()
    other.write_text("on: [push]\njobs: {}\n", encoding="utf-8")
    uri = client.open(other)
    assert client.diagnostics(uri, lambda d: True, "an empty list") == []


def completion_labels(client: LspClient, uri: str, position: dict[str, int]) -> list[str]:
    result = client.request(
        "textDocument/completion", {"textDocument": {"uri": uri}, "position": position}
    )
    return [item["label"] for item in result["items"]]


def test_completion_offers_what_fits_where_the_cursor_is(client: LspClient, tutorial: Path) -> None:
    scenes = tutorial / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    text = text.replace(
        "        goto: the_reply\n      - id: hold_firm", "        goto: th\n      - id: hold_firm"
    )
    text = text.replace("if: trust.rival >= 40", "if: flags.")
    text = text.replace("        trap: early_concession", "        trap: ")
    uri = client.open(scenes, text)
    scenes_found = completion_labels(client, uri, position_of(text, "goto: th\n", 8))
    assert {"briefing", "the_reply", "deal", "walkout"} <= set(scenes_found)
    names = completion_labels(client, uri, position_of(text, "if: flags.\n", 10))
    assert {"flags.ally_consulted", "flags.leak", "trust.ally", "counters.concessions"} <= set(
        names
    )
    assert "visited.briefing" in names and "briefing" not in names
    effect = position_of(text, "- counters.concessions += 1", 2)
    assert "trust.rival" in completion_labels(client, uri, effect)
    traps = completion_labels(client, uri, position_of(text, "        trap: \n", 14))
    assert set(traps) == {"agenda", "early_concession"}
    assert completion_labels(client, uri, position_of(text, "title: The briefing", 12)) == []


def test_completion_replaces_the_dotted_name_typed_so_far(
    client: LspClient, tutorial: Path
) -> None:
    scenes = tutorial / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8").replace("if: trust.rival >= 40", "if: trust.ri")
    uri = client.open(scenes, text)
    at = position_of(text, "if: trust.ri", 12)
    result = client.request(
        "textDocument/completion", {"textDocument": {"uri": uri}, "position": at}
    )
    (rival,) = [i for i in result["items"] if i["label"] == "trust.rival"]
    edit = rival["textEdit"]
    assert edit["newText"] == "trust.rival"
    assert edit["range"]["start"] == {"line": at["line"], "character": at["character"] - 8}
    assert "Trust in Vesna" in rival["detail"]


def definition_of(client: LspClient, uri: str, position: dict[str, int]) -> dict:
    return client.request(
        "textDocument/definition", {"textDocument": {"uri": uri}, "position": position}
    )


def test_go_to_definition_of_scenes_meters_flags_and_traps(
    client: LspClient, tutorial: Path
) -> None:
    scenes = tutorial / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    manifest_text = (tutorial / "scenario.yaml").read_text(encoding="utf-8")
    uri = client.open(scenes)
    manifest_uri = (tutorial / "scenario.yaml").resolve().as_uri()
    cases = [
        (position_of(text, "- scene: stalemate", 11), uri, text, "id: stalemate", 4),
        (
            position_of(text, "- trust.ally += 15", 4),
            manifest_uri,
            manifest_text,
            "id: trust.ally",
            4,
        ),
        (
            position_of(text, "if: flags.ally_consulted\n", 12),
            manifest_uri,
            manifest_text,
            "id: ally_consulted",
            4,
        ),
        (
            position_of(
                text, "not flags.leak and trust.ally >= 50 and trust.rival >= vesna.line", 57
            ),
            manifest_uri,
            manifest_text,
            "id: vesna.line",
            4,
        ),
        (position_of(text, "trap: agenda", 8), manifest_uri, manifest_text, "id: agenda", 4),
    ]
    for position, target_uri, target_text, snippet, offset in cases:
        location = definition_of(client, uri, position)
        assert location["uri"] == target_uri, snippet
        assert location["range"]["start"] == position_of(target_text, snippet, offset), snippet


def hover_text(client: LspClient, uri: str, position: dict[str, int]) -> str:
    result = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": position}
    )
    assert result["contents"]["kind"] == "markdown"
    return result["contents"]["value"]


def test_hover_shows_a_meters_range_and_a_traps_lesson(client: LspClient, tutorial: Path) -> None:
    scenes = tutorial / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    uri = client.open(scenes)
    blame = hover_text(client, uri, position_of(text, "- blame += 20", 3))
    assert "Risk of blame" in blame and "range 0–100" in blame
    assert "starts at 20" in blame and "lower is better" in blame
    trap = hover_text(client, uri, position_of(text, "trap: early_concession", 10))
    assert "The pre-emptive concession" in trap and "pocketed, not matched" in trap


def test_hover_shows_a_meters_marks_and_every_other_field() -> None:
    scenario = load_scenario(TUTORIAL)
    index = ScenarioIndex(TUTORIAL / "scenario.yaml")
    index.update()
    lines = (TUTORIAL / "scenes.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines) if "- trust.ally += 15" in text)
    text, word = editing.hover(lines, line, lines[line].index("trust.ally") + 2, index, scenario)
    assert word.text == "trust.ally"
    assert "marks: below 50: Ostland will not stand behind a deal" in text
    assert "range 0–100, starts at 50" in text
    assert "kind: trust" in text  # the fields the hover does not name specially are listed too


def test_incremental_edits_as_editors_send_them(client: LspClient, tutorial: Path) -> None:
    scenes = tutorial / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    uri = client.open(scenes)
    at = position_of(text, "goto: the_reply\n      - id: hold_firm", 15)
    client.versions[uri] += 1
    client.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": client.versions[uri]},
            "contentChanges": [{"range": {"start": at, "end": at}, "text": "s"}],
        },
    )
    (found,) = client.diagnostics(uri, lambda d: bool(d), "the misspelt scene")
    assert found["code"] == "DT130" and "'the_replys'" in found["message"]
    assert found["range"]["start"] == {"line": at["line"], "character": at["character"] - 9}
