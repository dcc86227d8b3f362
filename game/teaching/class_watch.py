"""The teacher's live view of a class (``class --watch FOLDER``): who is playing and in which
scene, who has finished or left, the endings so far and where the class splits, refreshed as
saves and records arrive. It only reads the folder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Static

from game.engine.terminal_text import terminal_safe

from .charts import shorten
from .class_view import FINISHED, IDLE, LEFT, PLAYING, ClassSnapshot, ClassWatcher

LOOK_EVERY = 2.0  # seconds between looks at the folder
TOP_SPLITS = 3
NAME_WIDTH = 13  # "Student K7MQ2"
SCENE_WIDTH = 26
COLUMNS = (
    ("Student", NAME_WIDTH),
    ("Status", 8),
    ("Scene now, or ending", SCENE_WIDTH),
    ("Turn", 4),
    ("Moved", 6),
)
STATUS_STYLE = {PLAYING: "bold", IDLE: "italic", LEFT: "dim", FINISHED: ""}
OUTCOME_STYLE = {"success": "green", "partial": "yellow", "failure": "red"}


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "-"
    seconds = max(int((now - moment).total_seconds()), 0)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    return moment.astimezone().strftime("%H:%M")


def share_line(share: float, text: str, width: int = 5) -> Text:
    """A choice's share: the percentage, a bar of blocks, and the choice in words."""
    filled = round(share * width)
    line = Text(f"{100 * share:3.0f}% ")
    line.append("█" * filled + "·" * (width - filled), style="bold")
    line.append(" " + terminal_safe(text))
    return line


class ClassWatchApp(App[None]):
    """The live view of one class folder."""

    CSS_PATH = "class_watch.tcss"
    TITLE = "Diplomatic Traps: the class"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("r", "look", "Look now"),
        Binding("a", "toggle_names", "Names / pseudonyms"),
    ]

    def __init__(
        self,
        watcher: ClassWatcher,
        pseudonyms: Callable[[str | None], str] | None = None,
        look_every: float = LOOK_EVERY,
    ) -> None:
        super().__init__()
        self.watcher = watcher
        self.pseudonyms = pseudonyms  # switched on and off with 'a'
        self.look_every = look_every
        self.snapshot: ClassSnapshot | None = None

    def compose(self) -> ComposeResult:
        yield Static("Reading the class folder…", id="class-line")
        with Horizontal(id="class-body"):
            yield DataTable(id="students", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="class-summary"):
                yield Static(id="endings")
                yield Static(id="splits")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#students", DataTable)
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        self.action_look()
        self.set_interval(self.look_every, self.action_look)

    def action_look(self) -> None:
        self.look()

    def action_toggle_names(self) -> None:
        if self.pseudonyms is None:
            self.notify("Start with --anonymise to switch to pseudonyms", timeout=4)
            return
        self.watcher.rename = None if self.watcher.rename else self.pseudonyms
        self.look()

    @work(thread=True, exclusive=True, group="look")
    def look(self) -> None:
        """Read the folder away from the screen's thread, then show what was found."""
        snapshot = self.watcher.look()
        self.call_from_thread(self.show, snapshot)

    def show(self, snapshot: ClassSnapshot) -> None:
        self.snapshot = snapshot
        now = snapshot.taken_at
        counts = " · ".join(
            f"{snapshot.count(status)} {status}" for status in (PLAYING, IDLE, LEFT, FINISHED)
        )
        title = terminal_safe(snapshot.title) or "no games yet"
        line = Text.assemble(
            (title, "bold"),
            f": {len(snapshot.games)} students: {counts}",
            (f"  (looked at {now.astimezone().strftime('%H:%M:%S')})", "dim"),
        )
        if snapshot.unreadable:
            line.append(f"  {snapshot.unreadable} unreadable files", style="italic")
        self.query_one("#class-line", Static).update(line)
        self._show_students(snapshot, now)
        self._show_summary(snapshot)

    def _show_students(self, snapshot: ClassSnapshot, now: datetime) -> None:
        table = self.query_one("#students", DataTable)
        row = table.cursor_row
        table.clear()
        for game in snapshot.games:
            status = Text(game.status, style=STATUS_STYLE.get(game.status, ""))
            outcome = f" ({game.outcome})" if game.outcome else ""
            scene = Text(terminal_safe(shorten(game.scene, SCENE_WIDTH - len(outcome))))
            scene.append(outcome, style=OUTCOME_STYLE.get(game.outcome, ""))
            table.add_row(
                Text(terminal_safe(shorten(game.player, NAME_WIDTH))),
                status,
                scene,
                str(game.turn),
                _ago(game.last_move, now),
            )
        if snapshot.games:
            table.move_cursor(row=min(row, len(snapshot.games) - 1))

    def _show_summary(self, snapshot: ClassSnapshot) -> None:
        results = snapshot.results
        endings = Text("Endings so far\n", style="bold underline")
        splits = Text("\nWhere the class splits\n", style="bold underline")
        if results is None:
            endings.append("none yet\n")
        else:
            reached = [(t, o, n) for t, o, n in results.endings if o != "unfinished"]
            for title, outcome, count in reached:
                endings.append(f"{count:3} ")
                endings.append(terminal_safe(shorten(title, 34)))
                endings.append(f" ({outcome})\n", style=OUTCOME_STYLE.get(outcome, ""))
            if not reached:
                endings.append("none yet\n")
            # the most disagreement: an even split among many beats one among two or three
            split_by = sorted(results.splits, key=lambda s: -s.entropy * s.reached)
            shown = [s for s in split_by if s.entropy > 0][:TOP_SPLITS]
            for split in shown:
                splits.append(f"{terminal_safe(split.scene_title)}", style="bold")
                splits.append(f" ({split.reached} reached)\n")
                for _, text, count in split.choices:
                    splits.append_text(share_line(count / split.reached, shorten(text, 56)))
                    splits.append("\n")
            if not shown:
                splits.append("everyone has chosen alike so far\n")
        self.query_one("#endings", Static).update(endings)
        self.query_one("#splits", Static).update(splits)


def watch(folder: Path, scenario_id: str | None = None, anonymise: bool = False) -> int:
    """The 'class --watch' command: the live view until the teacher presses q."""
    import sys

    from .class_report import scenario_named
    from .pseudonyms import Pseudonyms, teacher_key

    if not folder.is_dir():
        print(terminal_safe(f"error: {folder} is not a folder"), file=sys.stderr)
        return 2
    pseudonyms = Pseudonyms(teacher_key()) if anonymise else None
    watcher = ClassWatcher(folder, scenario_named, scenario_id, pseudonyms)
    ClassWatchApp(watcher, pseudonyms).run()
    return 0


__all__ = ["ClassWatchApp", "watch"]
