"""Installed from a wheel into a fresh environment and run from another folder, the tool works,
and every command it prints works as printed.

The heavy part (building the wheel, making the environment: about ten seconds) runs once for the
module. The game comes only from the wheel; its dependencies are lent by the test environment
through a path file, so that the test needs no network.
"""

from __future__ import annotations

import os
import queue
import re
import shlex
import socket
import subprocess
import sys
import sysconfig
import threading
import time
import venv
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

from tests.authoring.lsp_client import LspClient
from tests.conftest import ROOT

DEADLINE = 300


class Installed:
    """A fresh environment with the wheel installed, and a folder outside the clone to work in."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.home = base / "elsewhere"
        self.home.mkdir()
        self.bin = base / "env" / "bin"
        self.env = {
            **os.environ,
            "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
            "DIPLOMATIC_TRAPS_DATA_DIR": str(base / "data"),
            "VIRTUAL_ENV": str(base / "env"),
            "TERM": "dumb",
        }
        self.env.pop("PYTHONPATH", None)

    def run(self, line: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        """Run a shell line as the user would type it, in the folder outside the clone."""
        return subprocess.run(
            ["bash", "-c", line],
            cwd=self.home,
            env=self.env,
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            timeout=DEADLINE,
        )

    def ok(self, line: str) -> str:
        done = self.run(line)
        assert done.returncode == 0, f"{line!r} failed:\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr, done.stderr
        return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("installed")
    wheels = base / "wheels"
    pip = [sys.executable, "-m", "pip"]
    subprocess.run(
        [
            *pip,
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        timeout=DEADLINE,
        capture_output=True,
    )
    (wheel,) = wheels.glob("diplomatic_traps-*.whl")
    venv.EnvBuilder(with_pip=False).create(base / "env")
    python = base / "env" / "bin" / "python"
    subprocess.run(
        [*pip, "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        timeout=DEADLINE,
        capture_output=True,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    lent = sysconfig.get_paths()["purelib"]  # this environment's packages: the dependencies
    (Path(site) / "lent_dependencies.pth").write_text(lent + "\n", encoding="utf-8")
    tool = Installed(base)
    where = tool.ok("python -c 'import game; print(game.__file__)'")
    assert Path(where.strip()).is_relative_to(base / "env"), "the game must come from the wheel"
    return tool


def test_the_installed_tool_answers_from_another_folder(installed: Installed) -> None:
    assert installed.ok("diplomatic-traps --version").startswith("diplomatic-traps 0.")
    listed = installed.ok("diplomatic-traps list")
    assert "summit" in listed and "tutorial" in listed
    assert "0 errors" in installed.ok("diplomatic-traps check tutorial --strict")
    usage = installed.ok("diplomatic-traps check --help")
    assert usage.startswith("usage: diplomatic-traps check")


def test_the_installed_tool_writes_the_teachers_package(installed: Installed) -> None:
    """The package's pages come with the wheel, not only with a clone."""
    out = installed.ok("diplomatic-traps teaching-package -o handouts")
    assert "wrote 13 pages" in out
    brief = (installed.home / "handouts" / "student-brief.html").read_text()
    assert "Possible Trump-Putin Summit: Key Aspects and Diplomatic Traps" in brief


def test_new_prints_commands_that_work_and_a_modeline_that_resolves(installed: Installed) -> None:
    out = installed.ok("diplomatic-traps new talks")
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("next: "))
    check = lines[start].removeprefix("next: ")
    play = lines[start + 1].strip()
    assert check.startswith("diplomatic-traps check ") and play.startswith("diplomatic-traps play ")
    assert "0 errors, 0 warnings" in installed.ok(check)
    played = installed.run(play, stdin="1\n1\n")
    assert played.returncode == 0 and "Traceback" not in played.stderr, played.stderr
    assert "The talks" in played.stdout  # the second scene of the template
    manifest = (installed.home / "talks" / "scenario.yaml").read_text(encoding="utf-8")
    (written,) = re.findall(r"^#   (diplomatic-traps check .*)$", manifest, re.MULTILINE)
    assert "0 errors, 0 warnings" in installed.ok(written)
    for path in (installed.home / "talks").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        address = first.removeprefix("# yaml-language-server: $schema=")
        schema = Path(url2pathname(urlparse(address).path))
        assert schema.is_file(), f"{path.name}: the modeline points at {address}"
        assert schema.is_relative_to(installed.base / "env")  # the installed game's schema


def test_explore_prints_replay_lines_that_replay(installed: Installed) -> None:
    installed.ok("diplomatic-traps new replayed")
    report = installed.ok("diplomatic-traps explore replayed")
    replays = [line.split("replay: ", 1)[1] for line in report.splitlines() if "replay: " in line]
    assert len(replays) == 2
    for line in replays:
        assert "| diplomatic-traps play replayed --plain" in line
        played = installed.ok(line)
        assert "debrief" in played.lower() or "ending" in played.lower(), played[-500:]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_prints_a_class_report_command_that_works(installed: Installed) -> None:
    installed.ok("diplomatic-traps new served")
    installed.ok("printf '1\\n1\\n' | diplomatic-traps play served --plain")  # one finished game
    server = subprocess.Popen(
        ["diplomatic-traps", "serve", "tutorial", "--port", str(free_port())],
        cwd=installed.home,
        env=installed.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in server.stdout], daemon=True).start()
    shown: list[str] = []
    try:
        end = time.monotonic() + DEADLINE
        while not (shown and shown[-1].startswith("Class report: ")):
            try:
                shown.append(lines.get(timeout=max(0.1, end - time.monotonic())))
            except queue.Empty:
                raise AssertionError(f"serve printed no class report line: {shown}") from None
    finally:
        server.terminate()
        server.wait(timeout=DEADLINE)
    line = shown[-1]
    command = line.removeprefix("Class report: ").strip()
    assert command.startswith("diplomatic-traps class "), line
    report = installed.ok(command)
    assert "served" in report or "Served" in report


def test_the_installed_language_server_reports_a_mistake(installed: Installed) -> None:
    installed.ok("diplomatic-traps new edited")
    scenes = installed.home / "edited" / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8").replace("goto: agreement", "goto: agreemnt", 1)
    client = LspClient([str(installed.bin / "diplomatic-traps"), "lsp"], cwd=installed.home)
    try:
        client.initialize(installed.home)
        uri = client.open(scenes, text)
        found = client.diagnostics(uri, lambda d: bool(d), "the unknown scene")
        assert [d["code"] for d in found] == ["DT130"]
    finally:
        client.stop()


def test_bash_completes_the_installed_command(installed: Installed) -> None:
    line = "diplomatic-traps pla"
    script = (
        'eval "$(diplomatic-traps completion bash)"\n'
        f"COMP_LINE={shlex.quote(line)}; COMP_POINT=${{#COMP_LINE}}\n"
        "COMP_WORDS=(diplomatic-traps pla); COMP_CWORD=1\n"
        "_python_argcomplete diplomatic-traps pla diplomatic-traps\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    assert installed.ok(script).split() == ["play", "playtest"]
