"""Snapshots of each screen (fixed seed, saves in a temporary folder, no live time stamps)."""

from __future__ import annotations

from tests.ui.conftest import tutorial_app

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


class TestAt120x40:
    def test_play_with_meters_beside_the_story(self, snap_compare) -> None:
        assert snap_compare(tutorial_app(), press=[*ONE_TURN, "1"], terminal_size=(120, 40))
