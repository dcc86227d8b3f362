"""Typical author mistakes, planted one at a time into the tutorial: each is caught in its place.

Each row changes one thing in a copy of scenes/tutorial and names the code `check` must report.
A ``▸`` in the replacement (or in ``at``, a snippet of the changed file) marks the exact line and
column the problem must point at. Every problem must come with a hint, and `check` must answer
with its report (no traceback) and the right exit status.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.cli import main

from .conftest import TUTORIAL

MARK = "▸"
MANIFEST = "scenario.yaml"
SCENES = "scenes.yaml"


@dataclass(frozen=True)
class Mistake:
    file: str
    old: str
    new: str
    code: str
    at: str = ""  # a snippet of the changed file holding the mark, when ``new`` does not
    at_file: str = ""  # the file ``at`` is in, when it is not the changed one
    also: tuple[tuple[str, str], ...] = ()  # more changes in the same file, for one mistake


MISTAKES: dict[str, Mistake] = {
    # --- YAML itself ------------------------------------------------------------------------
    "tab indentation": Mistake(
        SCENES, "    title: The briefing\n", "\ttitle: The briefing\n", "DT100", at="▸\ttitle"
    ),
    "colon in unquoted text": Mistake(
        SCENES,
        "text: Say nothing for now.",
        "text: Say nothing for now▸: wait",
        "DT100",
    ),
    "unclosed quote": Mistake(
        MANIFEST,
        'title: "Tutorial: the practice round"',
        'title: ▸"Tutorial: the practice round',
        "DT100",
    ),
    "unclosed flow list": Mistake(
        MANIFEST,
        "authors: [Diplomatic Traps team]",
        "authors: ▸[Diplomatic Traps team",
        "DT100",
    ),
    "second document": Mistake(SCENES, "  - id: deal\n", "▸---\n  - id: deal\n", "DT100"),
    "anchor and alias": Mistake(
        SCENES,
        "effects: standing -= 10",
        "effects: ▸&calm standing -= 10",
        "DT102",
    ),
    "python tag": Mistake(
        SCENES, "text: Say nothing for now.", "text: ▸!!python/object:os.system x", "DT104"
    ),
    "key written twice": Mistake(
        SCENES,
        "        text: Say nothing for now.\n",
        "        text: Say nothing for now.\n        ▸text: Keep quiet.\n",
        "DT103",
    ),
    "control character in the file": Mistake(
        SCENES,
        "text: Say nothing for now.",
        "text: Say nothing\x1b▸ for now.",
        "DT100",
        at="Say nothing▸\x1b",
    ),
    # --- keys and values --------------------------------------------------------------------
    "misspelt key": Mistake(
        SCENES, "    title: The briefing", "    ▸tittle: The briefing", "DT110"
    ),
    "scene instead of goto": Mistake(
        SCENES,
        "        goto: first_meeting\n      - id: accept_framing",
        "        ▸scene: first_meeting\n      - id: accept_framing",
        "DT110",
    ),
    "debrief outside the ending": Mistake(
        SCENES,
        "    title: Talks postponed\n",
        "    title: Talks postponed\n    ▸debrief: Nothing happened.\n",
        "DT110",
    ),
    "misspelt manifest section": Mistake(MANIFEST, "\nflags:\n", "\n▸flag:\n", "DT110"),
    "choice without goto": Mistake(
        SCENES,
        "        feedback: Silence buys time, but your capital wonders whether you have a plan.\n"
        "        goto: first_meeting\n",
        "        feedback: Silence buys time, but your capital wonders whether you have a plan.\n",
        "DT111",
        at="      - ▸id: stall",
    ),
    "scene without title": Mistake(
        SCENES, "    title: The first meeting\n", "", "DT111", at="  - ▸id: first_meeting"
    ),
    "ending without outcome": Mistake(
        SCENES,
        "      outcome: success\n",
        "",
        "DT111",
        at="    ending:\n      ▸debrief: |\n        You agreed",
    ),
    "trap without lesson": Mistake(
        MANIFEST,
        "    lesson: >-\n      A concession offered before talks start is pocketed, not matched. "
        "It lowers your floor and\n      signals that more will follow.\n",
        "",
        "DT111",
        at="  - ▸id: early_concession",
    ),
    "effects as a block of keys": Mistake(
        SCENES, "effects: standing -= 10", "effects: ▸{standing: -10}", "DT112"
    ),
    "meter start as words": Mistake(MANIFEST, "start: 30", "start: ▸thirty", "DT112"),
    "empty goto list": Mistake(
        SCENES,
        "        goto: first_meeting\n      - id: accept_framing",
        "        goto: ▸[]\n      - id: accept_framing",
        "DT112",
    ),
    "outcome not allowed": Mistake(SCENES, "outcome: success", "outcome: ▸win", "DT113"),
    "kind not allowed": Mistake(MANIFEST, "kind: standing", "kind: ▸reputation", "DT113"),
    "good not allowed": Mistake(
        MANIFEST, "start: 20\n    good: low", "start: 20\n    good: ▸lower", "DT113"
    ),
    "id with a space": Mistake(SCENES, "id: call_ally", "id: ▸call ally", "DT113"),
    "negative weight": Mistake(SCENES, "      - weight: 2", "      - weight: ▸-2", "DT113"),
    "reserved meter id": Mistake(MANIFEST, "id: standing", "id: ▸turn", "DT113"),
    # --- expressions ------------------------------------------------------------------------
    "= in a condition": Mistake(
        SCENES, "if: flags.ally_consulted\n", "if: flags.ally_consulted ▸= true\n", "DT120"
    ),
    "&& for and": Mistake(
        SCENES, "if: blame > 35 or flags.leak", "if: blame > 35 ▸&& flags.leak", "DT120"
    ),
    "|| for or": Mistake(
        SCENES, "if: blame > 35 or flags.leak", "if: blame > 35 ▸|| flags.leak", "DT120"
    ),
    "! for not": Mistake(
        SCENES, "if: flags.ally_consulted\n", "if: ▸!flags.ally_consulted\n", "DT104"
    ),
    "=> for >=": Mistake(SCENES, "if: trust.rival >= 40", "if: trust.rival ▸=> 40", "DT120"),
    "chained comparison": Mistake(
        SCENES, "if: blame > 35 or flags.leak", "if: 10 < blame ▸< 35", "DT120"
    ),
    "unclosed parenthesis": Mistake(
        SCENES, "if: blame > 35 or flags.leak", "if: (blame > 35 or flags.leak▸", "DT120"
    ),
    "condition cut short": Mistake(SCENES, "if: trust.rival >= 40", "if: trust.rival >=▸", "DT120"),
    "text value in a condition": Mistake(
        SCENES, "if: trust.rival >= 40", "if: trust.rival == ▸'high'", "DT120"
    ),
    "division": Mistake(SCENES, "weight: 3 + counters.concessions", "weight: 3 ▸/ 2", "DT120"),
    "percent sign": Mistake(SCENES, "- trust.ally += 15", "- trust.ally += 15▸%", "DT120"),
    "== in an effect": Mistake(
        SCENES, "effects: standing -= 10", "effects: standing ▸== 10", "DT120"
    ),
    "double operator in an effect": Mistake(
        SCENES, "- standing -= 5", "- standing -= ▸= 5", "DT120"
    ),
    "changing turn": Mistake(SCENES, "effects: standing -= 10", "effects: ▸turn += 1", "DT120"),
    "empty effect": Mistake(SCENES, "effects: standing -= 10", "effects: ▸''", "DT120"),
    "empty condition": Mistake(
        SCENES, "if: trust.rival >= 40", "if:▸", "DT120", at="        if:▸\n        effects: flags"
    ),
    "multi-line condition with a mistake": Mistake(
        SCENES,
        "if: blame <= 35 and not flags.leak and trust.ally >= 50 and trust.rival >= vesna.line",
        "if: >-\n              blame < 35 and not flags.leak\n              and trust.ally ▸=< 50",
        "DT120",
    ),
    "misspelt flag": Mistake(
        SCENES, "if: flags.ally_consulted\n", "if: ▸flags.ally_consult\n", "DT121"
    ),
    "flag without flags.": Mistake(
        SCENES, "if: flags.ally_consulted\n", "if: ▸ally_consulted\n", "DT121"
    ),
    "misspelt meter in an effect": Mistake(
        SCENES, "- trust.ally += 15", "- ▸trust.allies += 15", "DT121"
    ),
    "meter in the wrong case": Mistake(
        SCENES, "if: trust.rival >= 40", "if: ▸Trust.rival >= 40", "DT121"
    ),
    "visited with an unknown scene": Mistake(
        SCENES, "if: trust.rival >= 40", "if: trust.rival >= 40 or ▸visited.breifing", "DT121"
    ),
    "word as a weight": Mistake(SCENES, "      - weight: 2", "      - weight: ▸often", "DT121"),
    "meter as a condition": Mistake(SCENES, "if: trust.rival >= 40", "if: ▸trust.rival", "DT122"),
    "adding to a flag": Mistake(
        SCENES, "effects: flags.leak = true", "effects: flags.leak ▸+= 1", "DT122"
    ),
    "number into a flag": Mistake(
        SCENES, "effects: flags.leak = true", "effects: flags.leak = ▸1", "DT122"
    ),
    "flag in arithmetic": Mistake(
        SCENES,
        "if: trust.rival >= 40",
        "if: trust.rival + flags.leak ▸> 40",
        "DT122",
        at="if: trust.rival ▸+ flags.leak > 40",
    ),
    "fairmath on a counter": Mistake(
        SCENES, "- counters.concessions += 1", "- ▸counters.concessions %+ 10", "DT122"
    ),
    # --- references ----------------------------------------------------------------------------
    "goto a misspelt scene": Mistake(
        SCENES,
        "        goto: the_reply\n      - id: joint_position",
        "        goto: ▸the_replay\n      - id: joint_position",
        "DT130",
    ),
    "branch to a missing scene": Mistake(SCENES, "- scene: deal", "- scene: ▸agreement", "DT130"),
    "scene id twice": Mistake(
        SCENES,
        "  - id: stalemate",
        "  - ▸id: deal",
        "DT131",
        at="  - ▸id: deal\n    title: Talks postponed",
    ),
    "choice id twice": Mistake(
        SCENES,
        "      - id: stall",
        "      - id: call_ally",
        "DT131",
        at="      - ▸id: call_ally\n        text: Say nothing",
    ),
    "meter id twice": Mistake(
        MANIFEST,
        "  - id: standing",
        "  - id: blame",
        "DT131",
        at="  - id: ▸blame\n    label: Risk of blame",
    ),
    "flag id twice": Mistake(MANIFEST, "  - leak\n", "  - leak\n  - ▸leak\n", "DT131"),
    "missing start scene": Mistake(MANIFEST, "start: briefing", "start: ▸breifing", "DT132"),
    "misspelt trap": Mistake(SCENES, "trap: agenda", "trap: ▸agendas", "DT134"),
    "ending with choices": Mistake(
        SCENES,
        "    title: Blamed for the walkout\n",
        "    title: Blamed for the walkout\n    choices:\n      ▸- {text: Again, goto: briefing}\n",
        "DT135",
    ),
    "meter starting outside its range": Mistake(MANIFEST, "start: 20", "start: ▸120", "DT136"),
    "meter range upside down": Mistake(
        MANIFEST, "    start: 30\n", "    start: 30\n    min: 50\n    max: ▸10\n", "DT136"
    ),
    "scene file that is not there": Mistake(
        MANIFEST, "start: briefing\n", "start: briefing\nscene_files: [▸scene.yaml]\n", "DT101"
    ),
    # --- things that load but are wrong ----------------------------------------------------------
    "never-true condition": Mistake(
        SCENES, "if: trust.rival >= 40", "if: ▸trust.rival >= 140", "DT204"
    ),
    "always-true condition": Mistake(SCENES, "if: trust.rival >= 40", "if: ▸blame >= 0", "DT205"),
    "change past the range": Mistake(SCENES, "- standing -= 5", "- ▸standing -= 150", "DT206"),
    "fairmath over 100 percent": Mistake(
        SCENES, "- trust.rival %+ 20", "- ▸trust.rival %+ 120", "DT206"
    ),
    "orphan scene": Mistake(
        SCENES,
        "  - id: stalemate\n",
        "  - ▸id: orphan\n    title: Orphan\n    text: Nobody comes here.\n"
        "    choices:\n      - {text: Leave, goto: deal}\n  - id: stalemate\n",
        "DT200",
    ),
    "scene with no way out": Mistake(
        SCENES, "    ending:\n      outcome: partial\n", "", "DT201", at="  - ▸id: stalemate"
    ),
    "flag set but never read": Mistake(
        SCENES,
        "        if: flags.ally_consulted\n",
        "        if: trust.ally > 55\n",
        "DT202",
        at="          - ▸flags.ally_consulted = true",
        also=(  # the stalemate's debrief reads the flag too
            ("- if: not flags.ally_consulted", "- if: trust.ally <= 55"),
            ("if: flags.ally_consulted and trust.ally >= 50", "if: trust.ally >= 50"),
            ("if: flags.ally_consulted and (trust.ally < 50", "if: (trust.ally < 50"),
        ),
    ),
    "flag read but never set": Mistake(
        SCENES,
        "          - flags.ally_consulted = true\n",
        "",
        "DT203",
        at="        if: ▸flags.ally_consulted",
    ),
    "trap never sprung": Mistake(
        SCENES, "        trap: agenda\n", "", "DT207", at="  - ▸id: agenda", at_file=MANIFEST
    ),
    "ending behind an impossible threshold": Mistake(
        SCENES,
        "not flags.leak and trust.ally >= 50 and trust.rival >= vesna.line",
        "not flags.leak and trust.ally >= 50 and trust.rival >= 95",
        "DT208",
        at="  - ▸id: deal",
    ),
    "choice text far too long": Mistake(
        SCENES, "text: Say nothing for now.", "text: ▸" + "Say nothing. " * 25, "DT209"
    ),
    "counter declared but never used": Mistake(
        MANIFEST, "counters:\n", "counters:\n  - ▸delays\n", "DT210"
    ),
    "choice never open where it is offered": Mistake(
        SCENES, "if: trust.rival >= 40", "if: ▸trust.rival >= 45", "DT211"
    ),
    "all news of weight 0": Mistake(
        SCENES,
        "      - weight: 2\n      - headline: Ostland's parliament debates the talks\n"
        "        text: A loud debate in Ostland puts pressure on its government to stay firm.\n"
        "        weight: 1\n",
        "      - weight: 0\n      - headline: Ostland's parliament debates the talks\n"
        "        text: A loud debate in Ostland puts pressure on its government to stay firm.\n"
        "        weight: ▸0\n",
        "DT212",
    ),
    "news that is never drawn": Mistake(
        SCENES,
        "        weight: 1\n        effects: trust.ally -= 5",
        "        weight: ▸0\n        effects: trust.ally -= 5",
        "DT212",
    ),
    "a loop with no way out": Mistake(
        SCENES,
        "          - scene: walkout\n",
        "          - scene: first_meeting\n",
        "DT213",
        at="  - ▸id: briefing",
        also=(
            ("- scene: deal", "- scene: first_meeting"),
            ("- scene: stalemate", "- scene: briefing"),
        ),
    ),
    "a scene that only leads back to itself": Mistake(
        SCENES,
        "          - scene: walkout\n",
        "          - scene: the_reply\n",
        "DT213",
        at="  - ▸id: the_reply",
        also=(
            ("- scene: deal", "- scene: the_reply"),
            ("- scene: stalemate", "- scene: the_reply"),
        ),
    ),
    "scene text left empty": Mistake(
        SCENES,
        "    text: |\n      Nobody walks out and nobody agrees. The talks are "
        '"postponed until conditions are right".\n',
        "    text:▸\n",
        "DT214",
        at="    text:▸\n    ending",
    ),
    "empty choice text": Mistake(SCENES, "text: Say nothing for now.", "text: ▸''", "DT214"),
    "glossary term twice": Mistake(
        MANIFEST,
        "  - term: Trap\n",
        "  - term: Meter\n    definition: Again.\n  - term: Trap\n",
        "DT215",
        at="  - term: ▸Meter\n    definition: Again.",
    ),
    "reason without a condition": Mistake(
        SCENES,
        "        if: flags.ally_consulted\n",
        "",
        "DT216",
        at="        disabled_reason: ▸You have not agreed",
    ),
    "blame meter without a direction": Mistake(
        MANIFEST,
        "    start: 20\n    good: low\n",
        "    start: 20\n",
        "DT217",
        at="    kind: ▸blame",
    ),
    "escape code in a text": Mistake(
        SCENES, "text: Say nothing for now.", 'text: "Say nothing ▸\\e[31mnow."', "DT218"
    ),
    "direction override in a text": Mistake(
        MANIFEST, "name: The pre-emptive concession", 'name: "The ▸\\u202Econcession"', "DT218"
    ),
    "direction override written as it is, not escaped": Mistake(
        SCENES, "text: Say nothing for now.", "text: Say nothing ▸\u202enow.", "DT218"
    ),
}


def plant(tmp_path: Path, mistake: Mistake) -> tuple[Path, Path, int, int]:
    """A copy of the tutorial with the mistake in it; the changed file and the marked place."""
    folder = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, folder)
    path = folder / mistake.file
    text = path.read_text(encoding="utf-8")
    assert text.count(mistake.old) == 1, f"the tutorial no longer holds {mistake.old!r}"
    changed = text.replace(mistake.old, mistake.new.replace(MARK, ""))
    for old, new in mistake.also:
        assert changed.count(old) == 1, f"the tutorial no longer holds {old!r}"
        changed = changed.replace(old, new)
    path.write_text(changed, encoding="utf-8")
    snippet = mistake.at or mistake.new
    assert snippet.count(MARK) == 1, "mark the expected place with one ▸"
    if mistake.at_file:
        path = folder / mistake.at_file
        changed = path.read_text(encoding="utf-8")
    plain = snippet.replace(MARK, "")
    assert changed.count(plain) == 1, f"{plain!r} is not once in {path.name}"
    offset = changed.index(plain) + snippet.index(MARK)
    line = changed.count("\n", 0, offset) + 1
    col = offset - (changed.rfind("\n", 0, offset) + 1) + 1
    return folder, path, line, col


def test_at_least_46_typical_mistakes_are_planted() -> None:
    assert len(MISTAKES) >= 46
    assert len({m.code for m in MISTAKES.values()}) >= 36  # across the classes of mistake


@pytest.mark.parametrize("name", MISTAKES, ids=list(MISTAKES))
def test_planted_mistake_is_caught_in_its_place_with_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    mistake = MISTAKES[name]
    folder, path, line, col = plant(tmp_path, mistake)
    status = main(["check", "--strict", "--format", "json", str(folder)])
    report = json.loads(capsys.readouterr().out)
    problems = report["problems"]
    assert status == 1, problems
    shown = [(p["code"], p["line"], p["col"], p["message"]) for p in problems]
    matching = [
        p
        for p in problems
        if p["code"] == mistake.code and Path(p["path"]) == path and p["line"] == line
    ]
    assert matching, f"expected {mistake.code} at {path.name}:{line}:{col}, got {shown}"
    assert any(p["col"] == col for p in matching), (
        f"expected {mistake.code} at column {col}, got {shown}"
    )
    for problem in problems:
        assert problem["hint"], f"no hint for {problem}"
        assert problem["line"] > 0, f"no line for {problem}"
