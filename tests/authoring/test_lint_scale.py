"""The linter stays fast on long scenarios with links back and forth, and its warnings stay right."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring import reach
from game.authoring.lint import lint
from game.engine.loader import load_scenario


def write_corridor(folder: Path, scenes: int) -> Path:
    """A corridor of scenes, each with a way forward and a way back (open once m > 3).

    Planted: 'orphan' is linked from nowhere (DT200); only 'orphan' opens the gate, so the last
    scene's 'secret' choice is never open (DT211) and the ending behind it is never reached (DT208).
    """
    lines = [
        "id: corridor",
        "title: Corridor",
        "start: s0",
        "meters:",
        "  - {id: m, label: Momentum, start: 0, min: 0, max: 100}",
        "  - {id: gate, label: Gate, start: 0, min: 0, max: 1}",
        "scenes:",
    ]
    for i in range(scenes):
        ahead = f"s{i + 1}" if i + 1 < scenes else "home"
        lines += [
            f"  - id: s{i}",
            f"    title: Room {i}",
            "    text: A room.",
            "    choices:",
            f"      - {{id: on, text: On, effects: m += 1, goto: {ahead}}}",
        ]
        if i > 0:
            lines.append(f"      - {{id: back, text: Back, if: m > 3, goto: s{i - 1}}}")
    lines += [
        "      - {id: secret, text: Secret, if: gate >= 1, goto: vault}",
        "  - id: orphan",
        "    title: Orphan",
        "    text: A room.",
        "    choices:",
        "      - {id: open, text: Open, effects: gate = 1, goto: s0}",
        "  - id: home",
        "    title: Home",
        "    text: Home.",
        "    ending: {outcome: success}",
        "  - id: vault",
        "    title: Vault",
        "    text: A vault.",
        "    ending: {outcome: partial}",
    ]
    path = folder / "corridor.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_long_corridor_with_back_links_lints_with_the_right_warnings(tmp_path: Path) -> None:
    path = write_corridor(tmp_path, 2000)
    warnings = [(p.code, p.message) for p in lint(load_scenario(path), path)]
    codes = sorted(code for code, _ in warnings)
    assert codes == ["DT200", "DT208", "DT211"], warnings
    assert any("'orphan'" in m for c, m in warnings if c == "DT200")
    assert any("'vault'" in m for c, m in warnings if c == "DT208")
    assert any("'secret'" in m and "'s1999'" in m for c, m in warnings if c == "DT211")


def test_each_scene_is_revisited_only_a_few_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = load_scenario(write_corridor(tmp_path, 200))
    visits = 0
    original = reach.successors

    def counting(*args, **kwargs):
        nonlocal visits
        visits += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(reach, "successors", counting)
    result = reach.analyse(scenario)
    assert result.reachable("home") and not result.reachable("vault")
    assert visits <= 10 * len(scenario.scenes)


def test_a_hub_reading_many_visited_flags_still_reaches_its_ending(tmp_path: Path) -> None:
    """Past the revisit cap a scene's state widens; the ending it leads to stays reachable."""
    spokes = 28
    lines = ["id: hub", "title: Hub", "start: hub", "scenes:"]
    lines += ["  - id: hub", "    title: Hub", "    text: The hub.", "    choices:"]
    lines += [
        f"      - {{id: go{k}, text: Go {k}, if: not visited.p{k}, goto: p{k}}}"
        for k in range(spokes)
    ]
    every = " and ".join(f"visited.p{k}" for k in range(spokes))
    lines.append(f"      - {{id: done, text: Done, if: {every}, goto: end}}")
    for k in range(spokes):
        lines += [
            f"  - id: p{k}",
            f"    title: Spoke {k}",
            "    text: A spoke.",
            "    choices:",
            "      - {id: back, text: Back, goto: hub}",
        ]
    lines += [
        "  - id: end",
        "    title: End",
        "    text: The end.",
        "    ending: {outcome: success}",
    ]
    path = tmp_path / "hub.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [p.code for p in lint(load_scenario(path), path)] == []
