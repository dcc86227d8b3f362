"""The plain game and the exported record name the same causes for the same seeded game: both
read the engine's account of each turn, so neither can move a change to another cause."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from game.engine.game_run import GameRun
from game.engine.loader import load_scenario
from game.plain import run_plain
from game.teaching.debrief import account_lines
from tests.conftest import SCENES

CHOICES = "1\n2\n1\n1\n2\n1\n1\n1\n2\n1\n1\n2\n1\n1\n1\n1\n1\n1\n1\n1\n"


def test_plain_game_and_export_agree_on_what_each_turn_did(isolated_data_dir: Path) -> None:
    scenario = load_scenario(SCENES / "summit")
    run = GameRun.new(scenario, seed=5, player="Ana")
    out = io.StringIO()
    run_plain(run, io.StringIO(CHOICES), out)
    assert run.ended, out.getvalue()[-2000:]
    record = json.loads(run.recorded.read_text(encoding="utf-8"))
    plain = out.getvalue()
    hidden = {m["id"] for m in record["meters"] if m["hidden"]}
    turns = re.split(r"\nYou chose: ", plain)[1:]
    assert len(turns) == len(record["decisions"])
    for text, decision in zip(turns, record["decisions"], strict=True):
        headings = [p["heading"] for p in decision["account"]]
        # the plain game prints each part's heading in the order of the turn's events
        positions = [text.find(heading) for heading in headings]
        assert all(p >= 0 for p in positions), (headings, text[:600])
        assert positions == sorted(positions), (headings, text[:600])
        exported = account_lines(decision)
        for part, line in zip(decision["account"], exported, strict=True):
            assert line.startswith(part["heading"])
            for move in part["moves"]:
                assert f"{move['label']} {move['words']}" in line  # the export's words
                if move["meter"] not in hidden:  # hidden ones: "a value you cannot see moved"
                    assert f"{move['label']}: {move['words']}" in text  # the plain game's words
