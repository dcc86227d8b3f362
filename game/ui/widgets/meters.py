"""The meters: one labelled bar per visible meter, its value, what the last turn did to it, and
its marks (a tick on the bar at each line the player knows, the mark's words when the value is
beyond it, "?" for a line the player does not know yet).

Wide screens give each meter a few lines beside the story; narrow ones give each a cell of a grid
above it, one line high, and list the marks that matter under the grid.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from game.engine.readings import level_word, marks_as_seen
from game.ui.widgets.hanging import hang

if TYPE_CHECKING:
    from game.engine.model import Meter
    from game.engine.readings import MarkView
    from game.engine.session import Session

MINUS = "−"
TICK = "│"  # a mark's line on a bar
UNKNOWN = "?"  # after a bar: a line on it the player does not know yet
CELL_MIN = 18  # the narrowest cell of the grid of meters on narrow screens
GUTTER = 1  # between cells of the grid (as app.tcss has it)
BAR_MIN = 4
LABEL_MAX = 24
LABEL_MIN = 6  # a label cut shorter than this is not readable

LEVEL_COLOURS = {"good": "$success", "fair": "$warning", "poor": "$error"}


def level(meter: Meter, value: float) -> tuple[str, str]:
    """A word and a theme colour for how good a meter's value is for the player."""
    word = level_word(meter, value)
    return word, LEVEL_COLOURS[word]


def change_text(meter: Meter, delta: int, verdict: bool = True) -> str:
    """A change as arrow, signed number and verdict: '▲ +10 better', '▼ −5 worse'; without
    ``verdict`` only the arrow and the size ('▲10'), for tight spaces."""
    if not delta:
        return "no change"
    better = (delta > 0) == (meter.good == "high")
    arrow, sign = ("▲", "+") if delta > 0 else ("▼", MINUS)
    if not verdict:
        return f"{arrow}{abs(delta)}"
    return f"{arrow} {sign}{abs(delta)} {'better' if better else 'worse'}"


def change_content(meter: Meter, delta: int, verdict: bool = True, space: str = " ") -> Content:
    """The change as styled content; the words carry the meaning, colour only repeats it.
    ``space`` goes between its words (a non-breaking one keeps them on one line)."""
    if not delta:
        return Content.styled("· no change" if verdict else "·", "$text-muted")
    better = (delta > 0) == (meter.good == "high")
    text = change_text(meter, delta, verdict).replace(" ", space)
    return Content.styled(text, "bold $success" if better else "bold $error")


def tick_cells(meter: Meter, views: list[MarkView], width: int) -> set[int]:
    """The cells of a bar ``width`` wide where the lines the player knows fall."""
    span = meter.max - meter.min
    if not span:
        return set()
    return {
        min(width - 1, max(0, int(width * (view.line - meter.min) / span)))
        for view in views
        if view.line is not None
    }


def bar(
    meter: Meter, value: int, width: int, ticks: set[int] | frozenset[int] = frozenset()
) -> Content:
    """A bar filled in proportion to the value, coloured by how good the value is, with a tick
    at each cell in ``ticks``."""
    width = max(width, BAR_MIN)
    span = meter.max - meter.min
    filled = round(width * (value - meter.min) / span) if span else width
    _, colour = level(meter, value)
    parts = []
    for cell in range(width):
        if cell in ticks:
            parts.append((TICK, "bold $foreground"))
        elif cell < filled:
            parts.append(("█", colour))
        else:
            parts.append(("░", "$text-muted"))
    return Content.assemble(*parts)


def shorten(text: str, width: int) -> str:
    """The text cut to ``width`` cells, ending with an ellipsis when it was cut."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip() + "…"


def padded(content: Content, width: int) -> Content:
    """The content padded on the right to at least ``width`` cells."""
    return content.pad_right(max(0, width - len(content.plain)))


def mark_line(view: MarkView, label: str = "") -> Content:
    """A mark that matters now: '⚠ below 35: …' when the value is beyond a bad line, '✓' beyond a
    good one, '?' for a line the player does not know yet (where it is is not given away);
    ``label`` names the meter, for the narrow screens' list."""
    who = f"{label} " if label else ""
    if not view.known:
        text = f"{view.mark.side} an unknown line: {view.mark.text}"
        return Content.assemble((f"{UNKNOWN} ", "bold"), f"{who}{text}")
    if view.bad:
        return Content.styled(f"⚠ {who}{view.text}", "bold $error")
    return Content.styled(f"✓ {who}{view.text}", "$success")


def marks_that_matter(views: list[MarkView]) -> list[MarkView]:
    """The marks to spell out: lines the value is beyond (bad ones first), then unknown lines."""
    beyond = [v for v in views if v.beyond]
    return (
        [v for v in beyond if v.bad]
        + [v for v in beyond if not v.bad]
        + [v for v in views if not v.known]
    )


def cell_layout(
    meters: list[Meter], cell: int, tails: list[Callable[[bool], Content]], cut: bool = True
) -> tuple[bool, int, bool] | None:
    """How the compact cells of these meters read in ``cell`` columns: (short labels, label
    width, the level word shown). Full labels if they all fit, else the short ones, with the
    level word if there is room; with ``cut``, the longest short labels cut with an ellipsis
    last, if at least LABEL_MIN characters stay and no two meters read the same. None when the
    cell is too narrow for that."""
    for word in (True, False):
        room = cell - 1 - BAR_MIN - max(len(tail(word).plain) for tail in tails)
        for short in (False, True):
            width = max(len(m.short_label if short else m.label) for m in meters)
            if width <= min(room, LABEL_MAX):
                return short, width, word
    for word in (True, False) if cut else ():
        room = cell - 1 - BAR_MIN - max(len(tail(word).plain) for tail in tails)
        cut_labels = {shorten(m.short_label, room).rstrip("…") for m in meters}
        if room >= LABEL_MIN and len(cut_labels) == len(meters):
            return True, room, word
    return None


def grid_layout(
    meters: list[Meter], tails: list[Callable[[bool], Content]], width: int
) -> tuple[int, int, tuple[bool, int, bool]]:
    """The grid of compact meters in ``width`` columns: (columns, rows, cell layout). As many
    meters to a line as stay readable, in balanced rows. Labels are cut only when whole ones
    need more rows; a single row of cut labels is worth a second one (a long scenario's grid
    keeps its rows, so a resize keeps the reader's place and the story its lines)."""
    count = max(1, len(meters))
    most = max(1, min(count, (width + GUTTER) // (CELL_MIN + GUTTER)))
    shapes: list[tuple[int, int]] = []
    for tried in range(most, 0, -1):
        rows = -(-count // tried)
        shape = (-(-count // rows), rows)
        if shape not in shapes:
            shapes.append(shape)
    fewest = shapes[0][1]
    for cut in (False, True):
        for columns, rows in shapes:
            if not cut and rows > max(fewest, 2):
                break
            cell = (width - GUTTER * (columns - 1)) // columns
            layout = cell_layout(meters, cell, tails, cut)
            if layout is not None:
                return columns, rows, layout
    columns, rows = shapes[-1]
    return columns, rows, (True, max(1, width - 1 - BAR_MIN - 4), False)


class MeterBar(Widget):
    """One meter: label, bar with its marks, value and the change from the last turn."""

    DEFAULT_CSS = """
    MeterBar { height: auto; width: 1fr; }
    MeterBar.-compact { height: 1; }
    """

    value: reactive[int] = reactive(0)
    delta: reactive[int] = reactive(0)
    compact: reactive[bool] = reactive(False)

    def __init__(self, meter: Meter, value: int, delta: int = 0) -> None:
        super().__init__(id=f"meter-{meter.id.replace('.', '-')}")
        self.meter = meter
        self.views: list[MarkView] = []
        self.cell: tuple[bool, int, bool] = (False, len(meter.label), True)  # see render_compact
        self.set_reactive(MeterBar.value, value)
        self.set_reactive(MeterBar.delta, delta)
        self.tooltip = Content(meter.description or meter.label)

    def watch_compact(self, compact: bool) -> None:
        self.set_class(compact, "-compact")

    def tail(self, word: bool) -> Content:
        """What follows the bar on a compact line: '?' for an unknown line, the value, the
        word ('good') if asked for, and the change ('▲+10')."""
        meter = self.meter
        level_word, colour = level(meter, self.value)
        unknown = UNKNOWN if any(not v.known for v in self.views) else ""
        value = Content.styled(f"{self.value:>3}", f"bold {colour}")
        said = Content.styled(f" {level_word} ", colour) if word else Content("")
        change = padded(change_content(meter, self.delta, verdict=False), 3)
        return Content.assemble(unknown, " ", value, said, change)

    def render_compact(self) -> Content:
        """One line of the grid: label, bar with ticks, then the tail; the panel chose the
        label's form and width and whether the word fits (see MetersPanel.lay_out_grid)."""
        short, label_width, word = self.cell
        meter = self.meter
        label = shorten(meter.short_label if short else meter.label, label_width)
        tail = self.tail(word)
        bar_width = min(16, self.size.width - label_width - 1 - len(tail.plain))
        if bar_width < BAR_MIN:  # no room for a bar: the number and the tail say it
            return Content.assemble(label.ljust(label_width), tail)
        ticks = tick_cells(meter, self.views, bar_width)
        return Content.assemble(
            label.ljust(label_width), " ", bar(meter, self.value, bar_width, ticks), tail
        )

    def render(self) -> Content:
        if self.compact:
            return self.render_compact()
        return Content("\n").join(self.lines(self.size.width))

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[override]
        return 1 if self.compact else len(self.lines(width))

    def lines(self, width: int) -> list[Content]:
        """The meter on a wide screen: its label (and direction), its bar with the value, the
        change, and the marks that matter, wrapped under their own start."""
        meter = self.meter
        word, colour = level(meter, self.value)
        value = Content.styled(f"{self.value:>3}", f"bold {colour}")
        direction = "lower is better" if meter.good == "low" else ""
        first = Content.assemble(("▌", colour), (meter.label, "bold"))
        if direction and width >= len(meter.label) + len(direction) + 3:
            first = Content.assemble(first, "  ", (direction, "italic $text-muted"))
        unknown = UNKNOWN if any(not v.known for v in self.views) else ""
        scale = f"/{meter.max} {word}"
        bar_width = max(BAR_MIN, width - len(scale) - 4 - len(unknown))
        ticks = tick_cells(meter, self.views, bar_width)
        second = Content.assemble(
            bar(meter, self.value, bar_width, ticks), unknown, " ", value.rstrip(), scale
        )
        lines = [first, second, Content.assemble("  ", change_content(meter, self.delta))]
        lines += [Content.assemble("  ", mark_line(v)) for v in marks_that_matter(self.views)]
        return hang(Content("\n").join(lines), max(1, width))


class MarkAlerts(Static):
    """On narrow screens, under the grid of meters: the marks that matter now, one a line."""

    DEFAULT_CSS = """
    MarkAlerts { height: auto; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    lines_allowed: reactive[int] = reactive(2)

    def show(self, bars: list[MeterBar]) -> None:
        """The marks that matter, most pressing first; those that do not fit are counted on the
        last line, which the help (?) lists in full."""
        lines = [
            mark_line(view, bar.meter.short_label)
            for bar in bars
            for view in marks_that_matter(bar.views)
        ]
        allowed = max(1, self.lines_allowed)
        if len(lines) > allowed:
            more = len(lines) - allowed
            tail = f"  (+{more} more: ?)"
            width = (self.size.width or self.app.size.width - 2) - len(tail)
            last = lines[allowed - 1]
            if len(last.plain) > width:
                last = last[: max(1, width - 1)] + Content("…")
            lines = [*lines[: allowed - 1], Content.assemble(last, (tail, "italic"))]
        self.display = bool(lines)
        self.update(Content("\n").join(lines))


class MetersPanel(Vertical):
    """Every meter the player can see now; hidden ones wait until they are revealed or the end."""

    compact: reactive[bool] = reactive(False)

    def __init__(self, session: Session, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static("Meters", classes="panel-title")
        with Vertical(id="meter-grid"):
            deltas = self.deltas()
            for meter in self.session.visible_meters():
                yield MeterBar(meter, int(self.session.values[meter.id]), deltas.get(meter.id, 0))
        yield MarkAlerts(id="mark-alerts")

    def on_mount(self) -> None:
        self.show(self.session)

    def deltas(self) -> dict[str, int]:
        last = self.session.last
        return last.meter_changes(self.session.scenario) if last else {}

    @property
    def bars(self) -> list[MeterBar]:
        return list(self.query(MeterBar))

    def show(self, session: Session) -> None:
        """Redraw the bars from the session (after a choice, an undo or a reload)."""
        self.session = session
        visible = session.visible_meters()
        if [m.id for m in visible] != [bar.meter.id for bar in self.bars]:
            self.refresh(recompose=True)  # a meter revealed (or a reload changed them)
            self.call_after_refresh(self.show, session)
            return
        deltas = self.deltas()
        seen = {m.id for m in visible}
        for widget in self.bars:
            meter = session.scenario.meter_by_id[widget.meter.id]
            widget.meter = meter
            widget.views = marks_as_seen(meter, session.values, seen)
            widget.value = int(session.values[meter.id])
            widget.delta = deltas.get(meter.id, 0)
            widget.compact = self.compact
            widget.refresh(layout=True)  # its marks may take more lines, or fewer
        self.query_one(MarkAlerts).show(self.bars)
        self.lay_out_grid()

    def lay_out_grid(self) -> None:
        """On narrow screens, the meters in a grid (see ``grid_layout``), their labels (full,
        or the short ones when the full ones do not fit) and bars lined up."""
        grid = self.query_one("#meter-grid", Vertical)
        bars = self.bars
        alerts = self.query_one(MarkAlerts)
        if not self.compact or not bars:
            alerts.display = False
            return
        width = self.content_size.width or self.app.size.width
        columns, rows, layout = grid_layout([b.meter for b in bars], [b.tail for b in bars], width)
        grid.styles.grid_size_columns = columns
        grid.styles.height = rows
        for bar_widget in bars:
            bar_widget.cell = layout
            bar_widget.refresh()

    def watch_compact(self, compact: bool) -> None:
        self.set_class(compact, "-compact")
        for widget in self.bars:
            widget.compact = compact
        if self.is_mounted:
            self.query_one(MarkAlerts).show(self.bars)
            self.lay_out_grid()

    def on_resize(self) -> None:
        if self.compact:
            self.lay_out_grid()
