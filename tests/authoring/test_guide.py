"""Every YAML example in docs/authoring.md is extracted and loaded, and every code is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.authoring.explore import REACHABLE, explore
from game.authoring.lint import lint
from game.engine.loader import check_scenario, load_scenario
from game.engine.problems import CODES

from .conftest import REPO

GUIDE = REPO / "docs" / "authoring.md"
BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)


def yaml_blocks() -> list[str]:
    return BLOCK.findall(GUIDE.read_text(encoding="utf-8"))


def build_tutorial(folder: Path) -> Path:
    """Write the guide's '# file:' blocks into a scenario folder placed like scenes/NAME."""
    scenario = folder / "scenes" / "first_talks"
    scenario.mkdir(parents=True)
    for block in yaml_blocks():
        first = block.splitlines()[0]
        if first.startswith("# file: "):
            (scenario / first.removeprefix("# file: ")).write_text(block, encoding="utf-8")
    return scenario


def test_every_yaml_block_is_marked_as_a_file_or_an_example() -> None:
    blocks = yaml_blocks()
    assert len(blocks) >= 3
    for block in blocks:
        assert block.startswith(("# file: ", "# example: scenes")), block[:60]


def test_the_tutorial_scenario_passes_strict_check_and_every_ending_is_reachable(
    tmp_path: Path,
) -> None:
    folder = build_tutorial(tmp_path)
    scenario = load_scenario(folder)
    assert lint(scenario) == []
    assert len(scenario.scenes) >= 3 and len(scenario.endings) == 2
    assert scenario.traps and scenario.meters
    assert any(c.condition for s in scenario.scenes.values() for c in s.choices)
    report = explore(scenario)
    assert report.complete and all(e.verdict == REACHABLE for e in report.endings)


@pytest.mark.parametrize(
    "block",
    [b for b in yaml_blocks() if b.startswith("# example: scenes")],
    ids=lambda b: b.splitlines()[3].strip(),
)
def test_reference_examples_load_into_the_tutorial_scenario(tmp_path: Path, block: str) -> None:
    folder = build_tutorial(tmp_path)
    (folder / "example.yaml").write_text(block, encoding="utf-8")
    result = check_scenario(folder)
    assert [p.format() for p in result.errors] == []


def test_every_error_and_warning_code_is_documented() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for code in CODES:
        assert f"| {code} |" in text, f"{code} is missing from docs/authoring.md"


def test_modelines_in_the_guide_point_at_real_schemas(tmp_path: Path) -> None:
    folder = build_tutorial(tmp_path)
    for block in yaml_blocks():
        for line in block.splitlines():
            if line.startswith("# yaml-language-server: $schema="):
                relative = line.split("=", 1)[1]
                assert (REPO / "scenes" / "x" / relative).resolve().is_file(), relative
    assert folder.is_dir()


def test_guide_says_how_to_run_commands_and_what_dot_needs() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    top = text[: text.index("## 1.")]
    assert ".venv/bin/python main.py" in top and "source .venv/bin/activate" in top
    assert "needs [Graphviz]" in text


def test_guide_rules_on_counters_and_reserved_words_match_the_loader(tmp_path: Path) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert "| `counters` | whole numbers with no range: an id, or `id`" in text
    assert "`turn` and `turn.x` are\nrefused, while `turnout`" in text
    scenario = """id: rules
title: Rules
start: a
counters: [offers]
meters:
  - {id: METER, label: M}
scenes:
  - id: a
    title: A
    choices:
      - {text: Go, effects: [counters.offers += 1, METER += 1], goto: e}
  - id: e
    title: E
    ending: {outcome: success}
"""
    for meter, loads in (
        ("turnout", True),
        ("trust.turn", True),
        ("turn", False),
        ("turn.x", False),
    ):
        path = tmp_path / f"{meter}.yaml"
        path.write_text(scenario.replace("METER", meter), encoding="utf-8")
        assert (check_scenario(path).scenario is not None) is loads, meter
