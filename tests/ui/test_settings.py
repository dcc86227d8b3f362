"""The player's settings: theme and meters panel kept for the next game; a damaged file is ignored
with a notice, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.settings import Settings, read_settings, write_settings
from game.ui.screens.play import PlayScreen
from game.ui.widgets.meters import MetersPanel
from tests.ui.conftest import pilot_test, tutorial_app, visible_text
from tests.ui.waiting import wait_for, wait_for_notice, wait_for_texts

SIZE = (80, 24)


def test_no_settings_file_means_the_defaults_without_a_word(tmp_path: Path) -> None:
    assert read_settings(tmp_path / "settings.json") == (Settings(), None)


def test_settings_are_kept_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "settings.json"
    write_settings(Settings(theme="diplomatic-light", meters_shown=False), path)
    assert read_settings(path) == (Settings(theme="diplomatic-light", meters_shown=False), None)
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary file left


def test_the_default_theme_is_kept_as_no_theme(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    write_settings(Settings(meters_shown=False), path)
    assert read_settings(path) == (Settings(meters_shown=False), None)
    path.write_text('{"theme": null}')
    assert read_settings(path) == (Settings(), None)


def test_unknown_keys_are_left_for_newer_versions(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"meters_shown": False, "font": "large"}))
    assert read_settings(path) == (Settings(meters_shown=False), None)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "it is not valid JSON"),
        ("[1, 2]", "it is not a JSON object"),
        ('{"meters_shown": "no"}', "'meters_shown' should be true or false"),
        ('{"theme": 7}', "'theme' should be a theme name in quotes"),
        (b"\xff\xfe{", "it cannot be read"),
        ("{" + " " * 70_000 + "}", "it is too large to be a settings file"),
    ],
)
def test_a_damaged_settings_file_is_ignored_with_the_reason(
    tmp_path: Path, content: str | bytes, reason: str
) -> None:
    path = tmp_path / "settings.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    settings, notice = read_settings(path)
    assert settings == Settings()
    assert notice is not None and reason in notice and str(path) in notice


def test_a_folder_where_the_settings_file_should_be_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.mkdir()
    settings, notice = read_settings(path)
    assert settings == Settings() and notice is not None and "cannot be read" in notice


@pilot_test
async def test_the_theme_chosen_is_the_theme_next_time(isolated_data_dir: Path) -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_texts(pilot, "New game")
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.theme == "diplomatic-light", "the light theme")
        await wait_for(
            pilot,
            lambda: read_settings()[0].theme == "diplomatic-light",
            "the theme in the settings file",
        )
    again = tutorial_app()
    async with again.run_test(size=SIZE) as pilot:
        await wait_for_texts(pilot, "New game")
        assert again.current_theme.name == "diplomatic-light"


@pilot_test
async def test_hidden_meters_stay_hidden_in_the_next_game() -> None:
    app = tutorial_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_for_texts(pilot, "The briefing", "Trust in Ostland")
        await pilot.press("m")
        await wait_for(pilot, lambda: "Trust in Ostland" not in visible_text(app), "no meters")
        await wait_for(pilot, lambda: read_settings()[0].meters_shown is False, "the setting")
    again = tutorial_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("enter")

        def without_meters() -> bool:
            screen = again.screen
            return (
                isinstance(screen, PlayScreen)
                and not screen.meters_shown
                and not screen.query_one(MetersPanel).display
                and "The briefing" in visible_text(again)
                and "Trust in Ostland" not in visible_text(again)
            )

        await wait_for(pilot, without_meters, "the game without its meters")
        await pilot.press("m")
        await wait_for_texts(pilot, "Trust in Ostland")
        await wait_for(pilot, lambda: read_settings()[0].meters_shown is True, "the setting")


@pilot_test
async def test_a_damaged_settings_file_is_a_notice_and_the_game_goes_on(
    isolated_data_dir: Path,
) -> None:
    (isolated_data_dir / "settings.json").write_text('{"theme": "neon", "meters_shown": true}')
    app = tutorial_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_notice(pilot, "The theme 'neon' in your settings is not one of this game's")
        assert app.current_theme.name == "diplomatic-dark"
        await pilot.press("enter")
        await wait_for_texts(pilot, "The briefing")
    (isolated_data_dir / "settings.json").write_text("{damaged")
    app = tutorial_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_notice(pilot, "was ignored: it is not valid JSON")
        await pilot.press("f2")  # changing a setting writes a sound file again
        await wait_for(pilot, lambda: read_settings()[1] is None, "a readable settings file")
    assert app.return_code in (None, 0)


@pilot_test
async def test_a_game_served_to_a_class_leaves_the_settings_alone(isolated_data_dir: Path) -> None:
    path = isolated_data_dir / "settings.json"
    path.write_text('{"theme": "diplomatic-light"}')
    app = tutorial_app(personal_files=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_texts(pilot, "New game")
        assert app.current_theme.name == "diplomatic-dark"
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.current_theme.name == "diplomatic-light", "the theme")
    assert path.read_text() == '{"theme": "diplomatic-light"}'


def test_served_games_are_started_without_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    import game.ui.app
    from game.teaching import served_game

    started = {}
    monkeypatch.setattr(game.ui.app, "run_app", lambda args, **options: started.update(options))
    # this process is the test run: keep its error output and let it outlive no server
    monkeypatch.setattr(served_game, "keep_errors_in_data_folder", lambda: None)
    monkeypatch.setattr(served_game, "end_with_the_server", lambda: None)
    served_game.main(["tutorial", "--scenario-id", "tutorial", "--player", "Ana"])
    assert started == {"personal_files": False}
