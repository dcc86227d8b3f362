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


def test_the_guide_keeps_the_modeline_new_wrote_instead_of_one_that_works_in_one_place() -> None:
    """A relative modeline only resolves in the clone's scenes/: the files to copy carry none."""
    for block in yaml_blocks():
        assert "# yaml-language-server:" not in block, block[:80]
    assert "keep the first line of each file `new` wrote" in GUIDE.read_text(encoding="utf-8")
