"""Serving the game to a class's browsers: a real server on a loopback port, real WebSocket
sessions, checked as a student, a teacher and a stranger would notice."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from game.cli import main
from game.teaching.game_process import clamp_size
from game.teaching.serving import (
    MAX_SESSIONS_CEILING,
    default_max_sessions,
    origin_allowed,
    public_url,
)
from game.teaching.students import Student, clean_name, group_seed, same_code
from tests.conftest import ROOT
from tests.teaching.serve_probe import (
    GAME_MARK,
    MENU_MARK,
    TITLE_MARK,
    browser,
    environment,
    fetch_page,
    game_processes,
    join,
    memory_kib,
    open_game,
    play_class,
    read_until,
    read_until_closed,
    running,
    serving,
    wait_until,
)

TIME_LIMIT = 120.0  # seconds for a whole browser test, start-up included (a busy machine is slow)
SCREEN = 60.0  # seconds for one screen to appear


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, TIME_LIMIT))


async def start_game(http: aiohttp.ClientSession, served, width: int = 100, height: int = 30):
    """A joined browser's game, on its title screen."""
    ws = await open_game(http, served, width, height)
    screen = await read_until(ws, (TITLE_MARK, MENU_MARK), SCREEN)
    assert TITLE_MARK in screen and MENU_MARK in screen, screen
    return ws


# -- pure parts --------------------------------------------------------------------------------


def test_public_url_for_the_local_network() -> None:
    assert public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert public_url("0.0.0.0", 8000, "http://class.local:8000/") == "http://class.local:8000"
    guessed = public_url("0.0.0.0", 8080)
    assert guessed.startswith("http://") and guessed.endswith(":8080")
    assert "0.0.0.0" not in guessed  # browsers elsewhere need a real address


def test_only_pages_of_this_server_may_open_a_game() -> None:
    public = "http://192.168.1.20:8000"
    assert origin_allowed("http://192.168.1.20:8000", "192.168.1.20:8000", public)
    assert origin_allowed("http://127.0.0.1:8000", "127.0.0.1:8000", public)
    assert origin_allowed("http://localhost:8000", "localhost:8000", public)
    assert origin_allowed("http://10.0.0.5:8000", "10.0.0.5:8000", public)  # another own address
    assert not origin_allowed("http://evil.example", "192.168.1.20:8000", public)
    assert not origin_allowed("http://evil.example:8000", "evil.example:8000", public)  # rebinding
    assert not origin_allowed("http://10.0.0.5:8000", "192.168.1.20:8000", public)
    assert not origin_allowed("null", "192.168.1.20:8000", public)
    assert origin_allowed("http://class.local", "class.local", "http://class.local:80")


def test_terminal_sizes_from_browsers_are_clamped() -> None:
    assert clamp_size(100, 30) == (100, 30)
    assert clamp_size(100000, 100000) == (400, 150)
    assert clamp_size(-5, 0) == (20, 8)
    assert clamp_size("wide", None) == (80, 24)
    assert clamp_size(True, 1e308) == (80, 150)


def test_the_session_cap_follows_the_memory_of_this_computer() -> None:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cap = default_max_sessions()
    assert 1 <= cap <= MAX_SESSIONS_CEILING
    assert cap == min(MAX_SESSIONS_CEILING, memory // 2 // (60 * 1024 * 1024))


def test_names_and_groups() -> None:
    assert clean_name("  Ana   Lima ") == "Ana Lima"
    assert clean_name("Zoë") == "Zoë"
    assert clean_name("tab\there\n") == "tab here"
    for bad in ("", "   ", "Eve\x1b[31m", "x\u202eevil", "a" * 61, "nul\x00"):
        assert clean_name(bad) is None, bad
    assert group_seed("Blue") == group_seed("  blue ") != group_seed("Red")
    assert group_seed("Blue", 7) != group_seed("Blue", 8)
    assert same_code("k7m-q2x ", "K7MQ2X") and not same_code("K7MQ2Y", "K7MQ2X")


def test_a_name_never_becomes_a_path(tmp_path: Path) -> None:
    token = "t" * 32
    escaping = Student("../../../etc/passwd", None, token)
    folder = escaping.folder(tmp_path)
    assert folder.parent == tmp_path / "students"
    assert re.fullmatch(r"[0-9a-f]{24}", folder.name)
    assert Student("Ana", None, token).key != Student("Ben", None, token).key
    assert Student("Ana", None, token).key != Student("Ana", None, "u" * 32).key
    assert Student("Ana", None, token).key == Student("ana", "Blue", token).key


# -- the command line --------------------------------------------------------------------------


def test_a_port_in_use_is_refused_clearly(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "serve",
                "tutorial",
                "--port",
                str(port),
                "--data-dir",
                ".",
            ],
            cwd=tmp_path,
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


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--port", "70000"], "--port must be between 1 and 65535"),
        (["--open", "--host", "0.0.0.0"], "--open (no class code) is only for a loopback"),
        (["--max-sessions", "0"], "--max-sessions must be at least 1"),
        (["--idle-minutes", "0"], "--idle-minutes must be more than 0"),
    ],
)
def test_impossible_options_are_refused(
    options: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "tutorial", *options]) == 2
    assert message in capsys.readouterr().err


# -- a class in browsers -----------------------------------------------------------------------


def test_a_student_joins_with_the_code_and_plays_in_their_own_folder(tmp_path: Path) -> None:
    async def session(served) -> tuple[str, str, str, dict[str, str]]:
        async with browser() as http:
            status, page = await join(http, served, "Ana")
            assert status == 200 and "textual-terminal" in page
            ws = await start_game(http, served)
            await ws.send_json(["stdin", "n"])
            game = await read_until(ws, (GAME_MARK, "Call Ostland first"), SCREEN)
            (pid,) = game_processes(served.process.pid)
            with open(f"/proc/{pid}/limits") as limits:
                address_space = next(line for line in limits if "address space" in line)
            await ws.close()
            return page, game, address_space, environment(pid)

    data = tmp_path / "class"
    with serving(data, "tutorial", "--game-memory", "700") as served:
        page, game, address_space, env = run(session(served))
    assert re.fullmatch(r"Class code: [A-Z2-9]{6}", served.banner[-1])
    assert f"ws://127.0.0.1:{served.port}/ws" in page
    assert "The briefing" in game and "Call Ostland first" in game
    assert str(700 * 1024 * 1024) in address_space.split()
    students = data.resolve() / "students"
    assert Path(env["DIPLOMATIC_TRAPS_DATA_DIR"]).parent == students
    assert env["DIPLOMATIC_TRAPS_RECORDS_DIR"] == str(data.resolve() / "records")
    assert any("Play records land in" in line for line in served.banner)


def test_strangers_wrong_codes_and_other_sites_are_refused(tmp_path: Path) -> None:
    async def attempts(served) -> None:
        async with browser() as stranger:
            page = await fetch_page(served, time.monotonic() + SCREEN, stranger)
            assert 'name="code"' in page  # the page asks for the class code
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await open_game(stranger, served)
            assert refused.value.status == 403
            status, page = await join(stranger, served, "Mallory", code="WRONG1")
            assert status == 403 and "not the class code" in page
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await open_game(stranger, served)
        async with browser() as student:
            assert (await join(student, served, "Ana"))[0] == 200
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await open_game(student, served, headers={"Origin": "http://evil.example"})
            assert refused.value.status == 403
            own = {"Origin": served.url}
            ws = await open_game(student, served, headers=own)
            screen = await read_until(ws, (TITLE_MARK,), SCREEN)
            assert TITLE_MARK in screen
            await ws.close()

    with serving(tmp_path, "tutorial") as served:
        run(attempts(served))


def test_the_session_cap_turns_away_the_extra_student(tmp_path: Path) -> None:
    async def class_of_two(served) -> None:
        async with browser() as ana, browser() as ben:
            await join(ana, served, "Ana")
            await join(ben, served, "Ben")
            ws = await start_game(ana, served)
            page = await (await ben.get(served.url + "/")).text()
            assert "The class is full (1 games are running)" in page
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await open_game(ben, served)
            assert refused.value.status == 503
            # Ana's reload is her own game again, not a second one
            again = await start_game(ana, served)
            assert await read_until_closed(ws, SCREEN), "the old tab was not closed"
            await again.close()
            await wait_until(
                lambda: not game_processes(served.process.pid), SCREEN, "Ana's game ended"
            )
            await (await start_game(ben, served)).close()  # a place is free again

    with serving(tmp_path, "tutorial", "--max-sessions", "1") as served:
        run(class_of_two(served))


def test_a_huge_terminal_size_is_clamped(tmp_path: Path) -> None:
    async def huge(served) -> int:
        async with browser() as http:
            await join(http, served, "Eve")
            ws = await start_game(http, served, width=100000, height=100000)
            await ws.send_json(["resize", {"width": 100000, "height": 100000}])
            await ws.send_json(["resize", {"width": "many", "height": None}])
            await ws.send_str("not json")
            await ws.send_json(["stdin", 5])
            await ws.send_json(["stdin", "n"])  # still answers: a new game starts
            screen = await read_until(ws, (GAME_MARK, "The briefing"), SCREEN)
            assert GAME_MARK in screen, screen
            (pid,) = game_processes(served.process.pid)
            rss_kib = memory_kib(pid)[0]
            await ws.close()
            return rss_kib

    with serving(tmp_path, "tutorial") as served:
        rss_kib = run(huge(served))
    assert rss_kib < 200 * 1024  # a 100000 x 100000 screen grew a game to 19 GB before


def test_a_game_that_does_not_answer_is_ended_when_its_tab_closes(tmp_path: Path) -> None:
    async def frozen(served) -> None:
        async with browser() as http:
            await join(http, served, "Ana")
            ws = await start_game(http, served)
            (pid,) = game_processes(served.process.pid)
            os.kill(pid, signal.SIGSTOP)  # it cannot hear the request to quit
            await ws.close()
            await wait_until(
                lambda: not game_processes(served.process.pid),
                SCREEN,
                f"the frozen game {pid} was ended and reaped",
            )

    with serving(tmp_path, "tutorial") as served:
        run(frozen(served))


def test_games_end_when_the_server_is_killed(tmp_path: Path) -> None:
    async def orphaned(served) -> None:
        async with browser() as http:
            await join(http, served, "Ana")
            ws = await start_game(http, served)
            (pid,) = game_processes(served.process.pid)
            served.process.kill()  # no chance to stop its games
            await wait_until(lambda: not running(pid), SCREEN, f"the orphaned game {pid} ended")
            await ws.close()

    with serving(tmp_path, "tutorial") as served:
        run(orphaned(served))


def test_a_student_can_join_again_under_another_name(tmp_path: Path) -> None:
    async def rejoin(served) -> str:
        async with browser() as http:
            await join(http, served, "Ana")
            page = await (await http.get(served.url + "/?join")).text()
            assert 'value="Ana"' in page  # the join page again, her name filled in
            status, _ = await join(http, served, "Ana Lima")
            assert status == 200
            await (await start_game(http, served)).close()
        return served.url

    with serving(tmp_path, "tutorial") as served:
        run(rejoin(served))
        served.process.send_signal(signal.SIGINT)
        log = served.process.communicate(timeout=30)[0]
    assert "Ana joined" in log and "Ana Lima joined" in log
    assert len(list((tmp_path / "students").iterdir())) == 1  # only Ana Lima played


def test_an_idle_game_is_saved_and_closed_and_continues_on_reload(tmp_path: Path) -> None:
    async def idle(served) -> str:
        async with browser() as http:
            await join(http, served, "Ana")
            ws = await start_game(http, served)
            await ws.send_json(["stdin", "n"])
            await read_until(ws, (GAME_MARK,), SCREEN)
            await ws.send_json(["stdin", "1"])
            await read_until(ws, ("The first meeting",), SCREEN)
            assert await read_until_closed(ws, SCREEN), "the idle game was not closed"
            await wait_until(
                lambda: not game_processes(served.process.pid), SCREEN, "the idle game ended"
            )
            back = await open_game(http, served)
            screen = await read_until(back, (GAME_MARK, "The first meeting"), SCREEN)
            await back.close()
            return screen

    with serving(tmp_path, "tutorial", "--idle-minutes", "0.1") as served:
        screen = run(idle(served))
    assert GAME_MARK in screen and "The first meeting" in screen  # went on where it stopped
    (autosave,) = (tmp_path / "students").glob("*/saves/tutorial/autosave.json")
    assert json.loads(autosave.read_text())["turn"] == 1


def test_students_are_kept_apart_and_a_reload_resumes_their_game(tmp_path: Path) -> None:
    slots = tmp_path / "students"

    async def two_students(served) -> tuple[str, str]:
        async with browser() as ana, browser() as ben:
            await join(ana, served, "Ana")
            await join(ben, served, "Ben")
            tab = await start_game(ana, served)
            await tab.send_json(["stdin", "n"])
            await read_until(tab, (GAME_MARK,), SCREEN)
            await tab.send_json(["stdin", "1"])
            await read_until(tab, ("The first meeting",), SCREEN)
            await tab.send_json(["stdin", "s"])
            await read_until(tab, ("Save the game",), SCREEN)
            await tab.send_json(["stdin", "anas-slot\r"])  # replaces the suggested name
            await wait_until(
                lambda: any(slots.glob("*/saves/tutorial/anas-slot.json")), SCREEN, "Ana saved"
            )
            await tab.close()
            other = await start_game(ben, served)
            await other.send_json(["stdin", "l"])  # Ben's load dialog
            bens = await read_until(other, ("no saved game", "There are no saved games"), SCREEN)
            await other.close()
            back = await open_game(ana, served)  # Ana reloads her page
            anas = await read_until(back, (GAME_MARK, "The first meeting"), SCREEN)
            await back.close()
            return bens, anas

    with serving(tmp_path, "tutorial") as served:
        bens, anas = run(two_students(served))
    assert "no saved game" in bens and "There are no saved games yet" in bens, bens
    assert "The first meeting" not in bens
    assert GAME_MARK in anas and "The first meeting" in anas, anas  # she goes on where she was
    folders = sorted(p.name for p in slots.iterdir())
    assert len(folders) == 2 and all(re.fullmatch(r"[0-9a-f]{24}", f) for f in folders)
    (saved,) = slots.glob("*/saves/tutorial/anas-slot.json")
    assert sorted(p.name for p in saved.parent.iterdir() if not p.name.startswith(".")) == [
        "anas-slot.json",
        "autosave.json",
    ]
    # every save of the class is in Ana's folder: Ben has none
    assert {p.parents[2] for p in slots.glob("*/saves/*/*.json")} == {saved.parents[2]}


def test_groups_share_a_seed_and_the_teacher_sees_it(tmp_path: Path) -> None:
    async def groups(served) -> None:
        for name, group in (("Ana", "Blue"), ("Ben", " blue"), ("Cy", "Red")):
            async with browser() as http:
                status, _ = await join(http, served, name, group=group)
                assert status == 200
        async with browser() as http:
            status, page = await join(http, served, "Di")
            assert status == 400 and "group" in page

    with serving(tmp_path, "tutorial", "--groups", "--seed", "7") as served:
        run(groups(served))
        served.process.send_signal(signal.SIGINT)
        log = served.process.communicate(timeout=30)[0]
    seeds = dict(re.findall(r"^(\w+) joined \(group .+?, seed (\d+)\)$", log, re.M))
    assert seeds["Ana"] == seeds["Ben"] == str(group_seed("Blue", 7))
    assert seeds["Cy"] == str(group_seed("Red", 7)) != seeds["Ana"]


def test_a_whole_game_is_played_in_the_browser_and_recorded(tmp_path: Path) -> None:
    async def play_through(served) -> str:
        async with browser() as http:
            await join(http, served, "Ana")
            ws = await start_game(http, served)
            await ws.send_json(["stdin", "n"])
            await read_until(ws, (GAME_MARK,), SCREEN)
            screen = ""
            for key, next_mark in (
                ("1", "The first meeting"),
                ("2", "Vesna replies"),
                ("1", "Read the debrief"),  # the last choice's result comes first
                ("1", "The end:"),
            ):
                await ws.send_json(["stdin", key])
                screen = await read_until(ws, (next_mark,), SCREEN)
            await ws.close()
            return screen

    with serving(tmp_path, "tutorial", "--seed", "3") as served:
        screen = run(play_through(served))
    assert "The end:" in screen
    assert "Letting the other side set the agenda" in screen  # the avoided trap, in the debrief
    (record,) = (tmp_path / "records").rglob("*.json")  # where the teacher collects them
    data = json.loads(record.read_text())
    assert (data["player"], data["seed"]) == ("Ana", 3)


def test_five_students_at_once_hold_with_bounded_memory_and_are_cleaned_up(
    tmp_path: Path,
) -> None:
    """A light version of the 50-session measurement (python -m tests.teaching.serve_probe 50)."""
    with serving(tmp_path, "tutorial") as served:
        figures = asyncio.run(play_class(served, 5, "The briefing", seconds=TIME_LIMIT))
    report = figures.report()
    assert (figures.title_screens, figures.first_scenes, figures.game_processes) == (5, 5, 5), (
        report
    )
    assert max(figures.rss_mib) < 150, report  # about 48 MiB each when measured
    assert figures.left_after_close == [], report
