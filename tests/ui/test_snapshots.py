"""Snapshots of each screen (fixed seed, saves in a temporary folder, no live time stamps)."""

from __future__ import annotations

from pathlib import Path

from game.engine.gallery import ending_ids, record_ending
from game.engine.loader import load_scenario
from game.ui.app import DiplomaticTrapsApp
from tests.conftest import TUTORIAL
from tests.ui.conftest import tutorial_app

FIXTURES = Path(__file__).parent / "fixtures"

# The tutorial played by keys: Enter starts; 2 = confirm Vesna's framing (a trap), 1 = concede.
START = ["enter"]
ONE_TURN = [*START, "2"]
TO_ENDING = [*START, "1", "2", "1", "1"]


class TestAt80x24:
    def test_title(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), press=["_"])

    def test_play_after_a_choice(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), press=ONE_TURN)

    def test_history(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), press=[*ONE_TURN, "1", "h"])

    def test_journal(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), press=[*ONE_TURN, "1", "j"])

    def test_debrief(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), press=TO_ENDING)

    def test_scenario_list_with_the_endings_found(self, snap_compare) -> None:
        tutorial = load_scenario(TUTORIAL)
        record_ending(tutorial, ending_ids(tutorial)[0])
        assert snap_compare(DiplomaticTrapsApp(seed=7), press=["n", "down"])

    def test_narrative_with_lists_quotes_and_links(self, snap_compare) -> None:
        app = DiplomaticTrapsApp(str(FIXTURES / "markdown_narrative.yaml"), seed=1)
        assert snap_compare(app, press=START)


class TestAt120x40:
    def test_play_with_meters_beside_the_story(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), press=[*ONE_TURN, "1"], terminal_size=(120, 40))


async def light(pilot) -> None:
    pilot.app.theme = "diplomatic-light"


class TestThemes:
    def test_light_title(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), press=["_"], run_before=light)

    def test_light_play_after_a_choice(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), press=ONE_TURN, run_before=light)

    def test_no_color_play_after_a_choice(self, snap_compare, monkeypatch) -> None:
        monkeypatch.setenv("NO_COLOR", "1")
        assert snap_compare(tutorial_app(), press=ONE_TURN)
