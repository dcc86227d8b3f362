"""Serving the game to browsers: a real server on a loopback port, real WebSocket sessions."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
from argparse import Namespace
from pathlib import Path

import aiohttp
import pytest

from game.cli import main
from game.teaching.serving import public_url, served_command
from tests.conftest import ROOT, TUTORIAL
from tests.teaching.serve_probe import (
    GAME_MARK,
    MENU_MARK,
    TITLE_MARK,
    environment,
    fetch_page,
    game_processes,
    read_until_shown,
    serving,
)

# Generous, for a busy machine: a passing test never waits them out.
STEP = 60.0  # seconds for the server to listen, or for one screen to arrive
TIME_LIMIT = 300.0  # seconds for a whole browser session test, start-up included


def test_each_tab_runs_a_new_game_without_shared_autosave() -> None:
    command = served_command(TUTORIAL, python="/usr/bin/python3")
    assert command.startswith("/usr/bin/python3 -m game.teaching.served_game ")
    assert str(TUTORIAL.resolve()) in command
    assert command.endswith("--no-autosave --ask-player")


def test_public_url_for_the_local_network() -> None:
    assert public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert public_url("0.0.0.0", 8000, "http://class.local:8000/") == "http://class.local:8000"
    guessed = public_url("0.0.0.0", 8080)
    assert guessed.startswith("http://") and guessed.endswith(":8080")
    assert "0.0.0.0" not in guessed  # browsers elsewhere need a real address for the WebSocket


def test_browser_session_shows_the_title_screen_then_the_game(tmp_path: Path) -> None:
    data = tmp_path / "class-data"

    async def session(served) -> tuple[str, str, str]:
        page = await fetch_page(served, time.monotonic() + STEP)
        async with aiohttp.ClientSession() as http:
            url = f"ws://127.0.0.1:{served.port}/ws?width=100&height=30"
            async with http.ws_connect(url) as ws:
                title = await read_until_shown(
                    ws, (TITLE_MARK, MENU_MARK, "Scenario: Tutorial"), STEP
                )
                await ws.send_json(["stdin", "n"])
                await read_until_shown(ws, ("Who is playing?",), STEP)
                await ws.send_json(["stdin", "\r"])  # no name: an anonymous game
                game = await read_until_shown(ws, (GAME_MARK, "Call Ostland first"), STEP)
                games = game_processes(served.process.pid)
                assert len(games) == 1
                assert environment(games[0])["DIPLOMATIC_TRAPS_DATA_DIR"] == str(data.resolve())
        return page, title, game

    with serving(data) as served:
        page, title, game = asyncio.run(asyncio.wait_for(session(served), TIME_LIMIT))
    assert f"ws://127.0.0.1:{served.port}/ws" in page
    assert TITLE_MARK in title and MENU_MARK in title
    assert "Scenario: Tutorial: the practice round" in title
    assert "The briefing" in game and "Call Ostland first" in game
    log = served.process.stdout.read() if served.process.stdout else ""
    assert f"Play records of finished games land in {data.resolve() / 'records'}" in log


def test_two_tabs_are_two_game_processes(tmp_path: Path) -> None:
    async def two(served) -> list[int]:
        await fetch_page(served, time.monotonic() + STEP)
        async with aiohttp.ClientSession() as http:
            url = f"ws://127.0.0.1:{served.port}/ws"
            async with http.ws_connect(url) as first, http.ws_connect(url) as second:
                screens = await asyncio.gather(
                    read_until_shown(first, (TITLE_MARK,), STEP),
                    read_until_shown(second, (TITLE_MARK,), STEP),
                )
                assert all(TITLE_MARK in s for s in screens)
                return game_processes(served.process.pid)

    with serving(tmp_path) as served:
        games = asyncio.run(asyncio.wait_for(two(served), TIME_LIMIT))
    assert len(set(games)) == 2


def test_a_port_in_use_is_refused_clearly(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "main.py",
                "serve",
                "tutorial",
                "--port",
                str(port),
                "--data-dir",
                str(tmp_path),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_unknown_scenario_is_refused_before_serving(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "atlantis", "--port", "8000"]) == 2
    assert "no scenario called 'atlantis'" in capsys.readouterr().err


def test_impossible_port_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    from game.teaching.serving import run_server

    args = Namespace(
        scenario="tutorial", host="127.0.0.1", port=70000, public_url=None, data_dir=None
    )
    assert run_server(args) == 2
    assert "--port must be between 1 and 65535" in capsys.readouterr().err


def test_a_whole_game_can_be_played_in_the_browser(tmp_path: Path) -> None:
    async def play_through(served) -> str:
        await fetch_page(served, time.monotonic() + STEP)
        async with aiohttp.ClientSession() as http:
            url = f"ws://127.0.0.1:{served.port}/ws?width=100&height=30"
            async with http.ws_connect(url) as ws:
                await read_until_shown(ws, (MENU_MARK, "Scenario: Tutorial"), STEP)
                await ws.send_json(["stdin", "n"])
                await read_until_shown(ws, ("Who is playing?",), STEP)
                await ws.send_json(["stdin", "Ana\r"])
                await read_until_shown(ws, (GAME_MARK,), STEP)
                # call Ostland, table the joint position, wait for Vesna's reply
                screen = ""
                for key, next_mark in (
                    ("1", "The first meeting"),
                    ("2", "Vesna replies"),
                    ("1", "The end:"),
                ):
                    await ws.send_json(["stdin", key])
                    screen = await read_until_shown(ws, (next_mark,), STEP)
                return screen

    with serving(tmp_path) as served:
        screen = asyncio.run(asyncio.wait_for(play_through(served), TIME_LIMIT))
    assert "The end:" in screen
    assert any(title in screen for title in ("A framework agreed", "Talks postponed"))
    assert "Letting the other side set the agenda" in screen  # the avoided trap, in the debrief
    (record,) = (tmp_path / "records").rglob("*.json")  # where the teacher collects them
    assert json.loads(record.read_text())["player"] == "Ana"
