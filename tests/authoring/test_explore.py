"""explore proves which endings are reachable, and its paths replay in the plain game."""

from __future__ import annotations

import io
import json
import random
import shlex

import pytest

from game.authoring import exhaustive
from game.authoring.exhaustive import Search
from game.authoring.explore import REACHABLE, UNDECIDED, UNREACHABLE, explore
from game.authoring.statespace import StateSpace
from game.cli import main
from game.commands import explore as explore_command
from game.engine.game_run import GameRun
from game.engine.loader import load_scenario
from game.engine.session import Session
from game.plain import run_plain

from .conftest import FIXTURES, TUTORIAL

KNOWN = FIXTURES / "explore" / "known_endings.yaml"
EXPECTED = {
    "combo": REACHABLE,
    "high_a": REACHABLE,
    "plain": REACHABLE,
    "lucky": REACHABLE,
    "impossible": UNREACHABLE,
    "orphan": UNREACHABLE,
}


def verdicts(report) -> dict[str, str]:
    return {e.scene_id: e.verdict for e in report.endings}


def replay_plain(path, witness) -> str:
    """Type the witness's numbers into the plain game and return the scene it ends in."""
    scenario = load_scenario(path)
    session = Session(scenario, witness.seed if witness.seed is not None else 12345)
    typed = io.StringIO("".join(f"{n}\n" for n in witness.numbers))
    run_plain(GameRun(session, autosave_enabled=False, record_enabled=False), typed, io.StringIO())
    return session.scene_id


def test_exhaustive_search_decides_every_known_ending() -> None:
    report = explore(load_scenario(KNOWN))
    assert report.complete
    assert verdicts(report) == EXPECTED
    combo = next(e for e in report.endings if e.scene_id == "combo")
    assert combo.meters == {"a": (70, 70), "b": (70, 70)}
    assert len(combo.witness.steps) == 3  # shortest: push one meter, then the other, then hear


def test_every_witness_replays_in_the_plain_game() -> None:
    report = explore(load_scenario(KNOWN))
    for ending in report.endings:
        if ending.verdict == REACHABLE:
            assert replay_plain(KNOWN, ending.witness) == ending.scene_id


def test_chance_path_comes_with_a_seed_that_reproduces_it() -> None:
    report = explore(load_scenario(KNOWN))
    lucky = next(e for e in report.endings if e.scene_id == "lucky")
    assert lucky.witness.chance and lucky.witness.seed is not None
    plain = next(e for e in report.endings if e.scene_id == "plain")
    assert not plain.witness.chance


def test_over_the_limit_it_proves_what_it_can_and_says_what_is_undecided() -> None:
    report = explore(load_scenario(KNOWN), max_states=8)
    assert not report.complete
    found = verdicts(report)
    assert found["orphan"] == UNREACHABLE  # proved by the interval analysis
    assert found["impossible"] == UNDECIDED  # linked, so only the exact search can rule it out
    assert {k for k, v in found.items() if v == REACHABLE} <= {"combo", "high_a", "plain", "lucky"}


def test_tutorial_every_ending_reachable_and_replayable() -> None:
    report = explore(load_scenario(TUTORIAL))
    assert report.complete and report.decided and not report.stuck
    for ending in report.endings:
        assert ending.verdict == REACHABLE
        assert replay_plain(TUTORIAL, ending.witness) == ending.scene_id


def test_state_space_matches_the_session_on_random_games() -> None:
    """Every move a real Session makes is among the successors explore considers."""
    scenario = load_scenario(TUTORIAL)
    space = StateSpace(scenario)
    rng = random.Random(4)
    for seed in range(200):
        session = Session(scenario, seed)
        state = space.state(session.scene_id, session.values)
        assert state in space.starts()
        while not session.ended:
            options = session.enabled_options()
            session.choose(rng.choice(options).number)
            following = space.state(session.scene_id, session.values)
            assert following in [s for _, s in space.successors(state)]
            state = following


def test_explore_command_text_and_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explore", str(KNOWN)]) == 1  # two endings are unreachable
    out = capsys.readouterr().out
    assert "ending 'impossible' (failure): UNREACHABLE" in out
    assert "replay: printf" in out and "--seed" in out
    assert main(["explore", str(TUTORIAL)]) == 0


def test_explore_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    main(["explore", str(KNOWN), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert {e["scene"]: e["verdict"] for e in report["endings"]} == EXPECTED
    assert report["decided"] is True


def test_explore_rejects_a_bad_limit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explore", str(KNOWN), "--max-states", "0"]) == 2


def test_conditional_effects_are_followed_exactly() -> None:
    path = FIXTURES / "explore" / "conditional_effects.yaml"
    report = explore(load_scenario(path))
    assert verdicts(report) == {"won": REACHABLE, "lost": REACHABLE, "never": UNREACHABLE}
    won = next(e for e in report.endings if e.scene_id == "won")
    assert won.witness is not None and won.witness.numbers[0] == 1  # the promise is needed
    assert replay_plain(path, won.witness) == "won"


def test_summit_within_a_limit_says_so_and_every_path_it_found_replays() -> None:
    from .conftest import REPO

    path = REPO / "scenes" / "summit"
    report = explore(load_scenario(path), max_states=20_000)
    assert not report.complete
    found = [e for e in report.endings if e.verdict == REACHABLE]
    assert found
    for ending in found:
        witness = ending.witness
        assert witness is not None
        assert not witness.chance or witness.seed is not None, ending.scene_id
        assert replay_plain(path, witness) == ending.scene_id
        assert not ending.meters_exact


def test_replay_line_quotes_a_scenario_path_with_a_space(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "with space"
    folder.mkdir()
    path = folder / "known endings.yaml"
    path.write_text(KNOWN.read_text(encoding="utf-8"), encoding="utf-8")
    main(["explore", str(path)])
    replays = [
        line.split("replay: ", 1)[1]
        for line in capsys.readouterr().out.splitlines()
        if "replay: " in line
    ]
    assert replays
    for line in replays:
        command = shlex.split(line.split(" | ", 1)[1])
        assert command[:3] == ["diplomatic-traps", "play", str(path)]  # as run here, in-process


def test_a_search_stopped_by_its_limit_says_so_in_text_json_and_exit_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["explore", str(KNOWN), "--max-states", "3"]) == 3
    out = capsys.readouterr().out
    assert "NOT exhaustive: stopped at" in out
    assert "every ending decided:" not in out
    assert main(["explore", str(KNOWN), "--max-states", "3", "--format", "json"]) == 3
    stopped = json.loads(capsys.readouterr().out)
    assert stopped["complete"] is False
    assert main(["explore", str(KNOWN), "--format", "json"]) == 1  # complete, two unreachable
    complete = json.loads(capsys.readouterr().out)
    assert complete["complete"] is True
    combo = next(e for e in complete["endings"] if e["scene"] == "combo")
    assert combo["meters"] == {"a": [70, 70], "b": [70, 70]} and combo["meters_exact"]


def test_progress_bar_goes_to_standard_error_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explore", str(TUTORIAL), "--progress", "always", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "exploring tutorial [" in captured.err
    assert json.loads(captured.out)["complete"] is True


def test_a_loop_with_no_way_out_is_reported(tmp_path) -> None:
    path = tmp_path / "trap.yaml"
    path.write_text(
        """id: trap
title: Trap
start: hall
counters: [spins]
scenes:
  - id: hall
    title: Hall
    choices:
      - {id: out, text: Out, goto: done}
      - {id: spin, text: Spin, goto: spin}
  - id: spin
    title: Spin
    choices:
      - {id: round, text: Round, effects: counters.spins = 1 - counters.spins, goto: spin}
  - {id: done, title: Done, ending: {outcome: success}}
""",
        encoding="utf-8",
    )
    report = explore(load_scenario(path))
    assert report.complete and not report.stuck
    # nothing reads the counter, so the two values it takes there are one state
    assert [(n.scene_id, n.states) for n in report.no_way_out] == [("spin", 1)]
    assert report.no_way_out[0].witness.numbers == [2]


def test_a_stopped_search_names_the_scene_that_overran_its_limit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    scenario = load_scenario(TUTORIAL)
    full = Search(scenario, observed=tuple(m.id for m in scenario.meters)).run()  # as explore
    assert full.complete
    assert main(["explore", str(TUTORIAL), "--max-states", "10", "--format", "json"]) == 3
    overrun = json.loads(capsys.readouterr().out)["overrun"]
    scene = full.moves.index[overrun["scene"]]
    assert 10 < overrun["states_at_least"] <= len(full.settled(scene))  # a true lower bound
    assert main(["explore", str(TUTORIAL), "--max-states", "10"]) == 3
    assert f"it stopped when scene '{overrun['scene']}' alone could be entered" in (
        capsys.readouterr().out
    )


def test_once_waiting_states_overrun_the_limit_only_a_sample_is_kept(monkeypatch) -> None:
    """Gathering every waiting state of a scene past the limit, only to sample it, cost minutes
    and gigabytes on the summit; a search that knows early keeps a sample as it goes, and what
    it finds is still real."""
    monkeypatch.setattr(exhaustive, "COMPACT_AT", 2)  # compact (and so count) at once
    monkeypatch.setattr(exhaustive, "TRIM_AT", 8)
    monkeypatch.setattr(exhaustive, "MIN_SAMPLE", 2)  # and keep a sample of 2
    monkeypatch.setattr(exhaustive, "SAMPLE_PER_SCENE", 2)
    scenario = load_scenario(TUTORIAL)
    full = Search(scenario).run()
    gathered: list[int] = []
    check = Search._check_waiting

    def watched(search: Search, store: exhaustive.SceneStore) -> None:
        check(search, store)
        if not search.complete:
            gathered.append(store.pending_size)

    monkeypatch.setattr(Search, "_check_waiting", watched)
    limited = Search(scenario, max_states=12).run()
    assert not limited.complete and limited.overrun is not None
    assert gathered and max(gathered) <= exhaustive.TRIM_AT, gathered
    for index, store in enumerate(limited.stores):
        if store.settled is not None and len(store.settled):
            seen = limited.values(index)
            every = full.values(index)
            for name, values in seen.items():  # every state kept is one the game can reach
                assert values.min() >= every[name].min() and values.max() <= every[name].max()
    report = explore(scenario, max_states=12)
    for ending in report.endings:
        if ending.verdict == REACHABLE:
            assert replay_plain(TUTORIAL, ending.witness) == ending.scene_id


def test_the_progress_bar_says_not_exhaustive_and_fits_a_narrow_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    assert main(["explore", str(TUTORIAL), "--progress", "always", "--max-states", "10"]) == 3
    assert "NOT exhaustive" in capsys.readouterr().err.split("\r")[-1]
    monkeypatch.setattr(explore_command, "_stderr_columns", lambda: 44)
    bar = explore_command.ProgressBar("reykjavik")
    bar(41, 41, 11_627_372, False)
    line = capsys.readouterr().err.lstrip("\r")
    assert len(line) <= 43 and "NOT exhaustive" in line, line
    whole = {"NOT exhaustive", "41/41 scenes", "11,627,372 states"}
    assert set(line.split("] ", 1)[1].split(", ")) <= whole, line  # whole parts, never cut short
