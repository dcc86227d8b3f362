"""The meters panel: one labelled bar per visible meter, its value, and what the last choice did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from game.engine.readings import level_word

if TYPE_CHECKING:
    from game.engine.model import Meter
    from game.engine.session import Session

MINUS = "−"


LEVEL_COLOURS = {"good": "$success", "fair": "$warning", "poor": "$error"}


def level(meter: Meter, value: float) -> tuple[str, str]:
    """A word and a theme colour for how good a meter's value is for the player."""
    word = level_word(meter, value)
    return word, LEVEL_COLOURS[word]


def change_text(meter: Meter, delta: int) -> str:
    """A change as arrow, signed number and verdict: '▲ +10 better', '▼ −5 worse'."""
    if not delta:
        return "no change"
    better = (delta > 0) == (meter.good == "high")
    arrow, sign = ("▲", "+") if delta > 0 else ("▼", MINUS)
    return f"{arrow} {sign}{abs(delta)} {'better' if better else 'worse'}"


def change_content(meter: Meter, delta: int, verdict: bool = True) -> Content:
    """The change as styled content; the words carry the meaning, colour only repeats it.

    Without ``verdict`` only the arrow and the number are given ('▲ +10'), for tight spaces.
    """
    if not delta:
        return Content.styled("· no change" if verdict else "·", "$text-muted")
    better = (delta > 0) == (meter.good == "high")
    text = change_text(meter, delta)
    if not verdict:
        text = text.rsplit(" ", 1)[0]
    return Content.styled(text, "bold $success" if better else "bold $error")


def bar(meter: Meter, value: int, width: int) -> Content:
    """A bar filled in proportion to the value, coloured by how good the value is."""
    width = max(width, 3)
    span = meter.max - meter.min
    filled = round(width * (value - meter.min) / span) if span else width
    _, colour = level(meter, value)
    return Content.assemble(("█" * filled, colour), ("░" * (width - filled), "$text-muted"))


def shorten(text: str, width: int) -> str:
    """The text cut to ``width`` cells, ending with an ellipsis when it was cut."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip() + "…"


def padded(content: Content, width: int) -> Content:
    """The content padded on the right to at least ``width`` cells."""
    return content.pad_right(max(0, width - len(content.plain)))


class MeterBar(Widget):
    """One meter: label, bar, value and the change from the last choice."""

    DEFAULT_CSS = """
    MeterBar { height: 3; width: 1fr; }
    MeterBar.-compact { height: 1; }
    """

    value: reactive[int] = reactive(0)
    delta: reactive[int] = reactive(0)
    compact: reactive[bool] = reactive(False)

    def __init__(self, meter: Meter, value: int, delta: int = 0) -> None:
        super().__init__(id=f"meter-{meter.id.replace('.', '-')}")
        self.meter = meter
        self.set_reactive(MeterBar.value, value)
        self.set_reactive(MeterBar.delta, delta)
        self.tooltip = Content(meter.description or meter.label)

    def watch_compact(self, compact: bool) -> None:
        self.set_class(compact, "-compact")

    def siblings_meters(self) -> list[Meter]:
        """The meters shown beside this one, so that compact labels line up."""
        parent = self.parent
        return [w.meter for w in parent.query(MeterBar)] if parent else [self.meter]

    def render_compact(self, word: str, colour: str, value: Content, change: Content) -> Content:
        """One line: label, bar, value, word and change, dropping the bar, then the verdict
        of the change, then the word when the line is too narrow (the label is shortened last)."""
        meter = self.meter
        width = self.size.width
        longest = max((len(m.label) for m in self.siblings_meters()), default=12)
        short_change = change_content(meter, self.delta, verdict=False)
        word_part = Content.styled(f" {word}", colour)
        tails = [
            Content.assemble(" ", value, word_part, " ", padded(change, 12)),
            Content.assemble(" ", value, word_part, " ", padded(short_change, 5)),
            Content.assemble(" ", value, " ", padded(short_change, 5)),
        ]
        tail = next((t for t in tails if width - len(t.plain) >= min(longest, 12)), tails[-1])
        room = width - len(tail.plain)
        label_width = min(longest, max(1, room))
        bar_width = room - label_width - 1
        if bar_width < 4:  # no room for a readable bar: the number and word say it
            return Content.assemble(shorten(meter.label, room).ljust(room), tail)
        bar_width = min(bar_width, 30)
        label = shorten(meter.label, label_width).ljust(room - bar_width - 1)
        return Content.assemble(label, " ", bar(meter, self.value, bar_width), tail)

    def render(self) -> Content:
        meter = self.meter
        width = self.size.width
        word, colour = level(meter, self.value)
        value = Content.styled(f"{self.value:>3}", f"bold {colour}")
        change = change_content(meter, self.delta)
        if self.compact:
            return self.render_compact(word, colour, value, change)
        direction = "lower is better" if meter.good == "low" else ""
        first = Content.assemble(("▌", colour), (meter.label, "bold"))
        if direction and width >= len(meter.label) + len(direction) + 3:
            first = Content.assemble(first, "  ", (direction, "italic $text-muted"))
        scale = f"/{meter.max} {word}"
        bar_width = max(3, width - len(scale) - 4)
        second = Content.assemble(bar(meter, self.value, bar_width), " ", value.rstrip(), scale)
        return Content("\n").join([first, second, Content.assemble("  ", change)])


class MetersPanel(Vertical):
    """Every meter the player can see: shown ones, and hidden ones once something revealed them
    (the others wait for the debrief)."""

    compact: reactive[bool] = reactive(False)

    def __init__(self, session: Session, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static("Meters", classes="panel-title")
        deltas = self.deltas()
        for meter in self.session.visible_meters():
            widget = MeterBar(meter, self.session.values[meter.id], deltas.get(meter.id, 0))
            widget.set_reactive(MeterBar.compact, self.compact)
            widget.set_class(self.compact, "-compact")
            yield widget

    def deltas(self) -> dict[str, int]:
        last = self.session.last
        return last.meter_changes(self.session.scenario) if last else {}

    def show(self, session: Session) -> None:
        """Redraw the bars from the session (after a choice, an undo or a reload)."""
        self.session = session
        visible = [m.id for m in session.visible_meters()]
        if visible != [bar.meter.id for bar in self.query(MeterBar)]:
            self.refresh(recompose=True)
            return
        deltas = self.deltas()
        for widget in self.query(MeterBar):
            meter = session.scenario.meter_by_id.get(widget.meter.id)
            if meter is None:
                continue
            widget.meter = meter
            widget.value = int(session.values[meter.id])
            widget.delta = deltas.get(meter.id, 0)
            widget.refresh()

    def watch_compact(self, compact: bool) -> None:
        self.set_class(compact, "-compact")
        for widget in self.query(MeterBar):
            widget.compact = compact
