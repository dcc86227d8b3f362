"""The command line: check, list, help and exit codes, whatever the input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import COMMANDS, main
from tests.conftest import ROOT


def test_check_bundled_scenarios_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "0 errors" in out.splitlines()[-1]


def test_check_reports_errors_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: X\nstart: nowhere\nscenes: []\n")
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:3:8: error: the start scene 'nowhere' does not exist [DT132]" in out
    assert "1 scenario: 2 errors" in out


def test_check_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "/no/such/place"]) == 2
    assert "no scenario called" in capsys.readouterr().err


def test_check_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n")
    assert main(["check", str(bad), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 2
    assert {p["code"] for p in data["problems"]} == {"DT111"}


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02",
        b"- [",
        b"{",
        b"a: b: c",
        b"*alias",
        b"!!python/name:os.system",
        b"[" * 5000,
        b"",
    ],
)
def test_check_never_tracebacks_on_garbage(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "scenario.yaml"
    bad.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "main.py", "check", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "error:" in result.stdout


def test_list_shows_titles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "tutorial" in out and "Tutorial: the practice round" in out


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["fly"])
    assert stop.value.code == 2


def test_python_dash_m_game_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "game", "list"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "tutorial" in result.stdout


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "diplomatic-traps"
    assert script.exists(), "install the project (pip install -e .) to get the console script"
    result = subprocess.run([str(script), "list"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "summit" in result.stdout


def test_check_folder_without_manifest_is_a_located_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "scenes.yaml").write_text("scenes: []\n")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path}: error: no scenario.yaml in this folder [DT137]" in out


def test_check_json_reports_a_missing_path_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["check", "/no/such/place", "--format", "json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert "no scenario called" in data["error"]


def test_check_lists_problems_in_reading_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: x\ntitle: X\nstart: a\nscenes:\n  - id: a\n    title: A\n    choices:\n"
        "      - {text: Go, goto: nowhere}\n      - {text: Stay, goto: a, if: flags.none}\n"
        "  - id: e\n    title: E\n    ending: {outcome: success}\n"
    )
    main(["check", str(bad)])
    lines = [line for line in capsys.readouterr().out.splitlines() if ": error:" in line]
    positions = [tuple(int(n) for n in line.split(":")[1:3]) for line in lines]
    assert len(positions) == 2 and positions == sorted(positions)


def test_single_file_scenarios_in_the_scenes_folder_are_found_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.engine import catalog

    (tmp_path / "example.yaml").write_text(
        "id: example\ntitle: An example\nstart: a\nscenes:\n"
        "  - {id: a, title: A, ending: {outcome: success}}\n"
    )
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "scenario.yaml").write_bytes(b"\xff\xfe: [")
    monkeypatch.setattr(catalog, "bundled_dir", lambda: tmp_path)
    assert catalog.resolve("example") == tmp_path / "example.yaml"
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "example  An example" in out
    assert "broken   (cannot be read: run 'diplomatic-traps check broken')" in out


def test_running_outside_the_environment_says_how_to_set_it_up() -> None:
    # a Python where the game's packages cannot be imported, as with a system interpreter
    blocker = "import sys; sys.modules['msgspec'] = None; sys.argv = ['main.py', 'check']; "
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            blocker + "import runpy; runpy.run_path('main.py', run_name='__main__')",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "the package 'msgspec' is not installed" in result.stderr
    assert "Traceback" not in result.stderr


def test_single_file_bundled_names_go_to_the_full_screen_game(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import game.locations
    from game.commands.play import looks_like_scenario

    (tmp_path / "example.yaml").write_text("id: example\n")
    monkeypatch.setattr(game.locations, "bundled_scenes_dir", lambda: tmp_path)
    assert looks_like_scenario("example")
    assert not looks_like_scenario("nowhere")


def test_list_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--format", "json"]) == 0
    listed = {s["name"]: s for s in json.loads(capsys.readouterr().out)["scenarios"]}
    assert {"summit", "tutorial"} <= set(listed)
    assert listed["tutorial"]["title"].startswith("Tutorial") and listed["tutorial"]["readable"]
