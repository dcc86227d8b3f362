"""What a class is doing right now, from its folder: who is playing and in which scene, who has
finished or left, and where the class splits. Read-only: play records (written when a game ends
or is left part-way) and, for the games still going, the students' autosaves (a class folder of
'serve' keeps them in ``FOLDER/students/*/saves``; on a lab machine there are only records).

Each file is read once and again only when it changes, so looking every few seconds is cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from game.engine.model import Scenario
from game.engine.records import ANONYMOUS, RecordError, read_record, record_from_session
from game.engine.saves import AUTOSAVE, SaveError, read_save_data, session_from_data

from .class_results import ClassResults, aggregate, by_scenario, game_key, records_folder

IDLE_AFTER = timedelta(minutes=5)  # a game with no move for this long is shown as idle

PLAYING, IDLE, LEFT, FINISHED = "playing", "idle", "left", "finished"
STATUS_ORDER = (PLAYING, IDLE, LEFT, FINISHED)

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class StudentGame:
    """One student's game as the teacher sees it now."""

    player: str
    status: str  # PLAYING, IDLE, LEFT or FINISHED
    scene: str  # the scene they are in, or the ending they reached
    turn: int
    outcome: str  # the ending's outcome; "" until the game ends
    sprung: int  # traps walked into so far
    last_move: datetime | None


@dataclass
class ClassSnapshot:
    """The class at one moment."""

    folder: Path
    taken_at: datetime
    title: str = ""
    games: list[StudentGame] = field(default_factory=list)
    results: ClassResults | None = None  # records and games in progress pooled: splits, traps
    unreadable: int = 0  # files that are not readable records or saves

    def count(self, status: str) -> int:
        return sum(1 for game in self.games if game.status == status)


class _Cache:
    """Parsed files, kept while their size and modification time stay the same."""

    def __init__(self) -> None:
        self.entries: dict[Path, tuple[tuple[int, int], Any]] = {}

    def get(self, path: Path, read: Callable[[Path], Any]) -> Any:
        try:
            info = path.stat()
        except OSError:
            return None
        stamp = (info.st_mtime_ns, info.st_size)
        cached = self.entries.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        value = read(path)
        self.entries[path] = (stamp, value)
        return value


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ClassWatcher:
    """Looks at a class folder again and again; each look is a :class:`ClassSnapshot`."""

    def __init__(
        self,
        folder: Path,
        scenario_of: Callable[[str], Scenario | None],
        scenario_id: str | None = None,
        rename: Callable[[str | None], str] | None = None,
    ) -> None:
        self.folder = folder
        self.scenario_of = scenario_of  # a scenario id -> the scenario, when it can be loaded
        self.scenario_id = scenario_id
        self.rename = rename  # pseudonyms, for a view on a projector
        self.cache = _Cache()
        self.scenarios: dict[str, Scenario | None] = {}

    def _scenario(self, scenario_id: str) -> Scenario | None:
        if scenario_id not in self.scenarios:
            self.scenarios[scenario_id] = self.scenario_of(scenario_id)
        return self.scenarios[scenario_id]

    def _read_record(self, path: Path) -> Record | None:
        try:
            return read_record(path)
        except RecordError:
            return None

    def _read_save(self, path: Path) -> tuple[Record, datetime | None] | None:
        """A game in progress as a record (not written anywhere) and when it was saved."""
        try:
            data = read_save_data(path)
        except SaveError:
            return None
        scenario = self._scenario(data.scenario.id)
        if scenario is None:
            return None
        try:
            session = session_from_data(scenario, data)
        except SaveError:
            return None
        saved = _time(data.saved_at)
        started = _time(data.started_at)
        record = record_from_session(session, data.player, started, saved)
        return record, saved

    def look(self, now: datetime | None = None) -> ClassSnapshot:
        """The class now."""
        now = now or datetime.now(UTC)
        snapshot = ClassSnapshot(self.folder, now)
        records: list[tuple[Path, Record]] = []
        for path in sorted(records_folder(self.folder).rglob("*.json")):
            if path.name.startswith(".") or "students" in path.relative_to(self.folder).parts:
                continue
            record = self.cache.get(path, self._read_record)
            if record is None:
                snapshot.unreadable += 1
            else:
                records.append((path, record))
        saves: list[tuple[Path, Record, datetime | None]] = []
        for path in sorted(self.folder.glob(f"students/*/saves/*/{AUTOSAVE}*.json")):
            found = self.cache.get(path, self._read_save)
            if found is None:
                snapshot.unreadable += 1
            else:
                saves.append((path, *found))
        groups = by_scenario(records + [(p, r) for p, r, _ in saves])
        if not groups:
            return snapshot
        scenario_id = self.scenario_id if self.scenario_id in groups else next(iter(groups))
        scenario = self._scenario(scenario_id)
        games = self._games(
            [(p, r) for p, r in records if r["scenario"]["id"] == scenario_id],
            [(p, r, t) for p, r, t in saves if r["scenario"]["id"] == scenario_id],
            now,
        )
        pooled = [(path, record) for path, record, _ in games]
        snapshot.results = aggregate(pooled, scenario, verify=False)
        snapshot.title = snapshot.results.title
        snapshot.games = sorted(
            (game for _, _, game in games),
            key=lambda g: (STATUS_ORDER.index(g.status), g.player.casefold()),
        )
        return snapshot

    def _games(
        self,
        records: list[tuple[Path, Record]],
        saves: list[tuple[Path, Record, datetime | None]],
        now: datetime,
    ) -> list[tuple[Path, Record, StudentGame]]:
        """One entry per game: its furthest source (a record, or the autosave of a game still
        going) and how it looks to the teacher."""
        best: dict[object, tuple[Path, Record, str, datetime | None]] = {}

        def rank(record: Record, from_save: bool) -> tuple[bool, int, bool]:
            # finished first, then further on; at equal progress a record (the game was left)
            return (record["finished"], len(record["decisions"]), not from_save)

        for path, record in records:
            key = game_key(record) or path
            entry = (path, record, "record", _time(record.get("ended_at")))
            if key not in best or rank(record, False) > rank(best[key][1], best[key][2] == "save"):
                best[key] = entry
        for path, record, saved in saves:
            key = game_key(record) or path
            if key not in best or rank(record, True) > rank(best[key][1], best[key][2] == "save"):
                best[key] = (path, record, "save", saved)
        games = []
        for path, record, source, moment in best.values():
            if record["finished"]:
                status = FINISHED
            elif source == "record":
                status = LEFT
            else:
                status = IDLE if moment is not None and now - moment > IDLE_AFTER else PLAYING
            name = record.get("player")
            player = self.rename(name) if self.rename else (name or ANONYMOUS)
            ending = record.get("ending")
            games.append(
                (
                    path,
                    {**record, "player": player},
                    StudentGame(
                        player=player,
                        status=status,
                        scene=str(ending["title"]) if ending else str(record["scene"]["title"]),
                        turn=len(record["decisions"]),
                        outcome=str(ending["outcome"]) if ending else "",
                        sprung=len(record["traps"]["sprung"]),
                        last_move=moment,
                    ),
                )
            )
        return games
