"""One game as a front end runs it: new, continue, load, play, undo, autosave, the play record at
the end (or on abandon) and live reload. The policy is here once; the full-screen game, the plain
game and the browser game only present it.

The policy:
- Progress is autosaved after every turn. A save that failed is never reported as saved.
- Only one game at a time writes a scenario's autosave: a second game started meanwhile (another
  terminal, another tab on the same data folder) autosaves to a slot of its own and says so.
- A new game never destroys an unfinished one: the unfinished autosave is kept in a slot of its
  own first, and the front end tells the player which.
- Continue offers only unfinished games; a finished one offers its debrief.
- A game that ends writes its play record once. A game left part-way (quit, end of input, closed
  terminal or tab) writes a record marked unfinished, so a class report counts it.
- An author's debug game (``debug``; always one that opens in another scene than the start)
  keeps nothing: no autosave, no save, no play record, no endings-gallery entry. Only a debug
  game may have its values set or jump between scenes.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO

from .debug import DebugError, Setting, jump, set_value, start_session
from .files import make_folder
from .gallery import Found, record_ending
from .model import Scenario
from .records import now, write_record
from .saves import (
    AUTOSAVE,
    SaveError,
    SaveInfo,
    carry_over,
    keep_unfinished_autosave,
    list_saves,
    read_save_data,
    save_path,
    session_from_data,
    write_save,
)
from .session import ChoiceUnavailable, Decision, GameOver, Session

__all__ = [
    "ChoiceUnavailable",
    "DebugError",
    "GameOver",
    "GameRun",
    "SaveError",
    "continuable",
    "unfinished_autosave",
]


def unfinished_autosave(scenario_id: str, folder: Path | None = None) -> SaveInfo | None:
    """The autosave of an unfinished game of this scenario, if there is one."""
    return next(
        (s for s in list_saves(folder, scenario_id) if s.slot == AUTOSAVE and not s.ended), None
    )


def continuable(scenario_id: str | None = None, folder: Path | None = None) -> list[SaveInfo]:
    """The saves Continue may offer: unfinished games, newest first (of one scenario, or all)."""
    return [s for s in list_saves(folder, scenario_id) if not s.ended]


class _SlotLock:
    """An advisory lock on a save slot, held while a game writes it (POSIX; elsewhere a no-op)."""

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(f".{path.name}.lock")
        self.handle: IO[str] | None = None

    def acquire(self) -> bool:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return True
        try:
            make_folder(self.path.parent)
            handle = self.path.open("a")
        except OSError:
            return True  # a folder we cannot lock in; saving will report its own trouble
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self.handle = handle
        return True

    def release(self) -> None:
        if self.handle is not None:
            with contextlib.suppress(OSError):
                self.handle.close()
            self.handle = None


@dataclass
class GameRun:
    """A game being played by one front end, with the files that keep it."""

    session: Session
    player: str | None = None
    started_at: datetime | None = None
    autosave_enabled: bool = True
    saves_folder: Path | None = None
    records_folder: Path | None = None
    record_enabled: bool = True  # off for authors' debug games
    debug: bool = False  # an author's debug game: nothing kept, values and scenes open
    autosave_slot: str = AUTOSAVE
    kept: SaveInfo | None = None  # an unfinished game this one's start moved to its own slot
    notices: list[str] = field(default_factory=list)  # what the front end should tell the player
    saved: bool = False  # whether the latest position is in the autosave
    recorded: Path | None = None  # the play record written, once written
    played: bool = False  # whether a choice was made in this run
    _lock: _SlotLock | None = field(default=None, repr=False)

    # -- starting ---------------------------------------------------------------------------

    @classmethod
    def new(
        cls,
        scenario: Scenario,
        seed: int | None = None,
        player: str | None = None,
        autosave: bool = True,
        saves_folder: Path | None = None,
        records_folder: Path | None = None,
        record: bool = True,
        debug: bool = False,
        start: str | None = None,
    ) -> GameRun:
        """A fresh game. An unfinished autosave of the scenario is first kept in its own slot.

        ``start`` opens it in that scene (DebugError for an unknown one), which makes it a debug
        game like ``debug``: nothing of it is kept.
        """
        debug = debug or start is not None
        run = cls(
            start_session(scenario, seed, start),
            player=player,
            started_at=now(),
            autosave_enabled=autosave and not debug,
            saves_folder=saves_folder,
            records_folder=records_folder,
            record_enabled=record and not debug,
            debug=debug,
        )
        if debug:
            return run
        run._claim_autosave()
        if autosave and run.autosave_slot == AUTOSAVE:
            try:
                run.kept = keep_unfinished_autosave(scenario.id, saves_folder)
            except OSError as error:
                run.notices.append(f"Could not keep the unfinished game aside: {_reason(error)}")
            if run.kept is not None:
                run.notices.append(
                    f"Your unfinished game is kept in the save slot '{run.kept.slot}'."
                )
        return run

    @classmethod
    def load(
        cls,
        scenario: Scenario,
        slot: str = AUTOSAVE,
        autosave: bool = True,
        saves_folder: Path | None = None,
        records_folder: Path | None = None,
        player: str | None = None,
        debug: bool = False,
    ) -> GameRun:
        """The game saved in a slot (SaveError with a reason when it cannot be loaded)."""
        return cls.open(
            save_path(scenario.id, slot, saves_folder),
            scenario,
            autosave,
            saves_folder,
            records_folder,
            player,
            debug,
        )

    @classmethod
    def open(
        cls,
        path: Path,
        scenario: Scenario,
        autosave: bool = True,
        saves_folder: Path | None = None,
        records_folder: Path | None = None,
        player: str | None = None,
        debug: bool = False,
    ) -> GameRun:
        """The game saved in a file (SaveError with a reason when it cannot be loaded). As a
        debug game it plays on from the save and leaves the save as it was."""
        data = read_save_data(path)
        session = session_from_data(scenario, data)
        started = _parse_time(data.started_at)
        run = cls(
            session,
            player=player or data.player,
            started_at=started,
            autosave_enabled=autosave and not debug,
            saves_folder=saves_folder,
            records_folder=records_folder,
            record_enabled=not debug,
            debug=debug,
            saved=True,
        )
        if data.recorded and session.ended:
            run.recorded = Path(data.recorded)
        run._claim_autosave()
        return run

    def _claim_autosave(self) -> None:
        """Take the scenario's autosave slot, or a slot of this game's own when another running
        game holds it."""
        if not self.autosave_enabled:
            return
        scenario_id = self.session.scenario.id
        for number in range(1, 100):
            slot = AUTOSAVE if number == 1 else f"{AUTOSAVE}-{number}"
            lock = _SlotLock(save_path(scenario_id, slot, self.saves_folder))
            if lock.acquire():
                self._lock = lock
                self.autosave_slot = slot
                if number > 1:
                    self.notices.append(
                        "Another game of this scenario is running on this computer: this one "
                        f"saves its progress in the slot '{slot}'."
                    )
                return
        self.autosave_enabled = False
        self.notices.append("Too many games are running at once: progress is not autosaved.")

    # -- reading ----------------------------------------------------------------------------

    @property
    def scenario(self) -> Scenario:
        return self.session.scenario

    @property
    def ended(self) -> bool:
        return self.session.ended

    @property
    def progress_is_saved(self) -> bool:
        """Whether the latest position is in the autosave (say so only when it is true)."""
        return self.autosave_enabled and self.saved and self.session.turn > 0

    @property
    def dirty(self) -> bool:
        """Whether there is progress no save holds (a debug game keeps nothing anyway)."""
        return self.played and not self.saved and not self.debug

    # -- playing ----------------------------------------------------------------------------

    def choose(self, number: int) -> Decision:
        """Take a choice (ChoiceUnavailable, GameOver as the session raises them); autosave; write
        the play record when the game has ended."""
        decision = self.session.choose(number)
        self.played = True
        self.saved = False
        if self.session.ended:
            self.write_record()
        self.autosave()
        return decision

    def set_value(self, assignment: str) -> Setting:
        """Set a meter, flag or counter from 'name = value' (debug games only; DebugError with
        a message when it cannot be done)."""
        self._debug_only()
        setting = set_value(self.session, assignment)
        self.played = True
        return setting

    def jump(self, scene_id: str) -> Decision:
        """Go straight to a scene by id (debug games only; DebugError for an unknown id)."""
        self._debug_only()
        decision = jump(self.session, scene_id)
        self.played = True
        return decision

    def _debug_only(self) -> None:
        if not self.debug:
            raise DebugError("only a debug game (play --debug) can change values or jump")

    def undo(self) -> Decision | None:
        """Take back the last choice of a game not yet over; None when there is nothing to undo."""
        if not self.session.can_undo:
            return None
        undone = self.session.undo()
        self.saved = False
        self.autosave()
        return undone

    # -- files ------------------------------------------------------------------------------

    def autosave(self) -> bool:
        """Save the position in the autosave slot; False (with a notice) when it failed."""
        if not self.autosave_enabled:
            return False
        try:
            write_save(
                self.session,
                self.autosave_slot,
                self.saves_folder,
                self.player,
                self.started_at,
                self.recorded,
            )
        except (OSError, SaveError) as error:
            self.saved = False
            self.notices.append(f"Autosave failed: {_reason(error)}")
            return False
        self.saved = True
        return True

    def save(self, slot: str) -> Path:
        """Save into a named slot; OSError or SaveError when it failed (or it is a debug game)."""
        if self.debug:
            raise SaveError("a debug game is not saved: nothing of it is kept")
        path = write_save(
            self.session, slot, self.saves_folder, self.player, self.started_at, self.recorded
        )
        self.saved = True
        return path

    def write_record(self, finished_only: bool = False) -> Path | None:
        """Write the play record of this game (once); None when there is nothing to record.

        A finished game is recorded when it ends; an unfinished one when it is abandoned with
        progress made in this run.
        """
        if not self.record_enabled or self.recorded is not None:
            return self.recorded
        if finished_only and not self.session.ended:
            return None
        try:
            self.recorded = write_record(
                self.session, self.player, self.started_at, self.records_folder
            )
        except OSError as error:
            self.notices.append(f"The play record could not be written: {_reason(error)}")
            return None
        return self.recorded

    def record_ending(self, gallery: Path | None = None) -> Found | None:
        """Count the ending reached in the endings gallery; the scenario's progress then, or
        None for a debug game or when the gallery could not be written (with a notice)."""
        if self.debug or not self.session.ended:
            return None
        try:
            return record_ending(self.scenario, self.session.scene_id, gallery)
        except OSError as error:
            self.notices.append(f"The endings gallery could not be updated: {_reason(error)}")
            return None

    def abandon(self) -> Path | None:
        """The player is leaving (quit, end of input, closed terminal or tab): keep the
        position, and record an unfinished game that made progress in this run."""
        if self.played and not self.session.ended:
            self.autosave()
            path = self.write_record()
        else:
            path = None
        self.close()
        return path

    def close(self) -> None:
        """Let go of the autosave slot."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def reload(self, scenario: Scenario) -> None:
        """The same game on a changed scenario (live reload); SaveError when it cannot carry."""
        self.session = carry_over(self.session, scenario)

    def take_notices(self) -> list[str]:
        """The notices for the player since the last call."""
        notices, self.notices = self.notices, []
        return notices


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
