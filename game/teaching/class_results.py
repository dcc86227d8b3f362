"""A class's play records pooled: endings, traps, average final meters, where the class split."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.engine.model import Scenario
from game.engine.records import ANONYMOUS, RecordError, read_record

from .replay import replay

UNFINISHED = "(did not finish)"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file in the records folder that is not a readable play record, and why."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class Split:
    """How the players who reached one scene divided between its choices."""

    scene_id: str
    scene_title: str
    reached: int
    choices: tuple[tuple[str, str, int], ...]  # (choice id, text, players), most taken first
    entropy: float  # bits: 0 = everyone chose alike; log2(n) = evenly split between n choices


@dataclass(frozen=True, slots=True)
class TrapTally:
    trap_id: str
    name: str
    lesson: str
    sprung: int
    avoided: int


@dataclass(frozen=True, slots=True)
class PlayerOutcome:
    """One game of the class: who, when, how it ended, and the choices in the order made."""

    player: str
    seed: int
    ending: str
    outcome: str
    turns: int
    sprung: tuple[str, ...]
    final_meters: dict[str, int]
    file: str
    finished: bool = True
    started_at: str | None = None
    ended_at: str | None = None
    avoided: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()  # the text of each choice, in the order made
    verified: bool | None = None  # whether a replay reproduced it; None without the scenario

    @property
    def minutes(self) -> float | None:
        """How long the game took, from its start to its record; None when a time is missing."""
        start, end = _time(self.started_at), _time(self.ended_at)
        if start is None or end is None:
            return None
        return max((end - start).total_seconds(), 0) / 60


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class ClassResults:
    """Everything the class report shows, for the records of one scenario."""

    scenario_id: str
    title: str
    versions: list[str]
    records: int
    finished: int
    players: int
    meters: list[dict[str, Any]]
    endings: list[tuple[str, str, int]]  # (ending title, outcome, count), most common first
    outcomes: dict[str, int]
    traps: list[TrapTally]
    average_meters: dict[str, float]
    splits: list[Split]
    outcomes_by_player: list[PlayerOutcome] = field(default_factory=list)

    @property
    def unfinished(self) -> int:
        """Games left part-way (quit, closed, stopped): each has a record marked unfinished."""
        return self.records - self.finished


def entropy(counts: list[int]) -> float:
    """Shannon entropy in bits of a distribution given by counts."""
    total = sum(counts)
    if total == 0:
        return 0.0
    return -sum(c / total * math.log2(c / total) for c in counts if c) + 0.0


def records_folder(folder: Path) -> Path:
    """Where a folder keeps its play records: ``FOLDER/records`` for a class folder of 'serve'
    (students' saves beside it), otherwise the folder itself."""
    if (folder / "records").is_dir() and (folder / "students").is_dir():
        return folder / "records"
    return folder


def load_records(folder: Path) -> tuple[list[tuple[Path, dict[str, Any]]], list[Skipped]]:
    """Every play record under a folder (sub-folders too), and the files that are not records."""
    found: list[tuple[Path, dict[str, Any]]] = []
    skipped: list[Skipped] = []
    for path in sorted(records_folder(folder).rglob("*.json")):
        if path.name.startswith(".") or not path.is_file():
            continue
        try:
            found.append((path, read_record(path)))
        except RecordError as error:
            skipped.append(Skipped(path, str(error)))
    return found, skipped


def game_key(record: dict[str, Any]) -> tuple[str, str, int, str] | None:
    """What tells one game from another across its records: scenario, player, seed and start
    (None for a record without a start time, which is then a game of its own)."""
    if not record.get("started_at"):
        return None
    player = record.get("player") or ""
    return (record["scenario"]["id"], player, record["seed"], record["started_at"])


def latest_games(
    records: list[tuple[Path, dict[str, Any]]],
) -> list[tuple[Path, dict[str, Any]]]:
    """One record per game. A game left part-way writes a record marked unfinished; continued
    later, it writes another: the game counts once, as its furthest record (finished first, then
    the most decisions, then the latest)."""
    best: dict[object, tuple[Path, dict[str, Any]]] = {}

    def rank(item: tuple[Path, dict[str, Any]]) -> tuple[bool, int, str]:
        record = item[1]
        return (record["finished"], len(record["decisions"]), str(record.get("ended_at") or ""))

    for path, record in records:
        key = game_key(record) or path
        if key not in best or rank((path, record)) > rank(best[key]):
            best[key] = (path, record)
    return sorted(best.values(), key=lambda item: item[0])


def by_scenario(
    records: list[tuple[Path, dict[str, Any]]],
) -> dict[str, list[tuple[Path, dict[str, Any]]]]:
    """Records grouped by scenario id, the largest group first."""
    groups: dict[str, list[tuple[Path, dict[str, Any]]]] = {}
    for path, record in records:
        groups.setdefault(record["scenario"]["id"], []).append((path, record))
    return dict(sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])))


def _ending_of(record: dict[str, Any]) -> tuple[str, str]:
    ending = record.get("ending")
    if not ending:
        return UNFINISHED, "unfinished"
    return str(ending.get("title") or ending["scene"]), str(ending["outcome"])


def meters_of(scenario: Scenario) -> list[dict[str, Any]]:
    """The scenario's meters in the shape play records give them."""
    return [
        {"id": m.id, "label": m.label, "min": m.min, "max": m.max, "good": m.good}
        for m in scenario.meters
    ]


def aggregate(
    records: list[tuple[Path, dict[str, Any]]],
    scenario: Scenario | None = None,
    verify: bool = True,
) -> ClassResults:
    """Pool the records of one scenario into class results.

    The report's title, meters and trap names come from ``scenario`` when it could be loaded,
    so that no single record decides them; otherwise from the newest record. With the scenario
    (and ``verify``), each record is replayed too, and its row says whether the replay
    reproduced it.
    """
    if not records:
        raise ValueError("no records to aggregate")
    newest = max(records, key=lambda item: str(item[1].get("ended_at") or ""))[1]
    if scenario is not None:
        about = {"id": scenario.id, "title": scenario.title}
        meters = meters_of(scenario)
    else:
        about = newest["scenario"]
        meters = [m for m in newest["meters"] if isinstance(m, dict)]
    endings: Counter[tuple[str, str]] = Counter()
    outcomes: Counter[str] = Counter()
    sprung: Counter[str] = Counter()
    avoided: Counter[str] = Counter()
    trap_details: dict[str, dict[str, Any]] = {}
    totals: dict[str, float] = {m["id"]: 0.0 for m in meters}
    counted: dict[str, int] = dict.fromkeys(totals, 0)
    reached: dict[str, Counter[str]] = {}
    scene_titles: dict[str, str] = {}
    choice_texts: dict[tuple[str, str], str] = {}
    rows: list[PlayerOutcome] = []
    for path, record in records:
        title, outcome = _ending_of(record)
        endings[(title, outcome)] += 1
        outcomes[outcome] += 1
        sprung.update(set(record["traps"]["sprung"]))
        avoided.update(set(record["traps"]["avoided"]))
        for trap_id, details in (record["traps"].get("details") or {}).items():
            if isinstance(details, dict):
                trap_details.setdefault(trap_id, details)
        for meter_id, value in record["final_meters"].items():
            if meter_id in totals:
                totals[meter_id] += value
                counted[meter_id] += 1
        seen: set[str] = set()
        for step in record["decisions"]:
            scene = step["scene"]
            if scene in seen:  # a player who comes back counts once, with the first choice
                continue
            seen.add(scene)
            scene_titles.setdefault(scene, step["scene_title"])
            choice_texts.setdefault((scene, step["choice"]), step["text"])
            reached.setdefault(scene, Counter())[step["choice"]] += 1
        rows.append(
            PlayerOutcome(
                player=record.get("player") or ANONYMOUS,
                seed=record["seed"],
                ending=title,
                outcome=outcome,
                turns=len(record["decisions"]),
                sprung=tuple(record["traps"]["sprung"]),
                final_meters=dict(record["final_meters"]),
                file=path.name,
                finished=bool(record["finished"]),
                started_at=record.get("started_at"),
                ended_at=record.get("ended_at"),
                avoided=tuple(record["traps"]["avoided"]),
                choices=tuple(str(step["text"]) for step in record["decisions"]),
                verified=replay(record, scenario).matches if scenario and verify else None,
            )
        )
    if scenario is not None:
        trap_details.update(
            {t.id: {"name": t.name, "lesson": t.lesson} for t in scenario.traps.values()}
        )
        scene_titles.update({sc.id: sc.title for sc in scenario.scenes.values()})
    splits = [
        Split(
            scene_id=scene,
            scene_title=scene_titles[scene],
            reached=sum(counts.values()),
            choices=tuple(
                (choice, choice_texts[(scene, choice)], n) for choice, n in counts.most_common()
            ),
            entropy=entropy(list(counts.values())),
        )
        for scene, counts in reached.items()
    ]
    splits.sort(key=lambda s: (-s.entropy, -s.reached, s.scene_id))
    traps = [
        TrapTally(
            trap_id=trap_id,
            name=str(trap_details.get(trap_id, {}).get("name") or trap_id),
            lesson=str(trap_details.get(trap_id, {}).get("lesson") or ""),
            sprung=sprung[trap_id],
            avoided=avoided[trap_id],
        )
        for trap_id in set(sprung) | set(avoided)
    ]
    traps.sort(key=lambda t: (-t.sprung, t.avoided, t.trap_id))
    rows.sort(key=lambda r: (r.player.casefold(), r.file))
    versions = sorted({str(r["scenario"].get("version", "?")) for _, r in records})
    return ClassResults(
        scenario_id=str(about["id"]),
        title=str(about.get("title") or about["id"]),
        versions=versions,
        records=len(records),
        finished=sum(1 for _, r in records if r["finished"]),
        players=len({(r.get("player") or f"{ANONYMOUS}-{p.name}") for p, r in records}),
        meters=meters,
        endings=[(t, o, n) for (t, o), n in endings.most_common()],
        outcomes=dict(outcomes.most_common()),
        traps=traps,
        average_meters={m: totals[m] / counted[m] for m in totals if counted[m]},
        splits=splits,
        outcomes_by_player=rows,
    )
