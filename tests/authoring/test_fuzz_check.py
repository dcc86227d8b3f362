"""check on damaged scenario files: every problem reported with an exit code, never a traceback."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from tests.conftest import TUTORIAL

FILES = {path.name: path.read_text(encoding="utf-8") for path in sorted(TUTORIAL.glob("*.yaml"))}


@st.composite
def damaged_scenario(draw: st.DrawFn) -> tuple[str, bytes]:
    """One of the tutorial's files with lines dropped, repeated, cut, re-indented or spliced
    with arbitrary bytes."""
    name = draw(st.sampled_from(sorted(FILES)))
    lines = FILES[name].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        action = draw(st.sampled_from(["drop", "repeat", "cut", "indent", "bytes", "value"]))
        if not lines:
            break
        if action == "drop":
            del lines[at]
        elif action == "repeat":
            lines.insert(at, lines[at])
        elif action == "cut":
            lines = lines[:at]
        elif action == "indent":
            lines[at] = " " * draw(st.integers(1, 5)) + lines[at]
        elif action == "value" and ":" in lines[at]:
            key = lines[at].split(":", 1)[0]
            value = draw(st.sampled_from(["", "[", "1e400", "-1", "~", "&a *a", "{}", "\x1b[31m"]))
            lines[at] = f"{key}: {value}\n"
    text = "".join(lines).encode()
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.binary(min_size=1, max_size=6)) + text[at:]
    return name, text


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(damaged_scenario())
def test_check_reports_a_damaged_scenario_with_an_exit_code(damage: tuple[str, bytes]) -> None:
    name, content = damage
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "tutorial"
        shutil.copytree(TUTORIAL, copy)
        (copy / name).write_bytes(content)
        assert main(["check", str(copy)]) in (0, 1)
        assert main(["check", str(copy), "--strict", "--format", "json"]) in (0, 1)


def test_check_json_names_the_file_of_a_damaged_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, copy)
    (copy / "scenes.yaml").write_bytes(FILES["scenes.yaml"].encode()[:300] + b"\xff\xfe[")
    assert main(["check", str(copy), "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert problems and all(p["path"].endswith("scenes.yaml") for p in problems)
