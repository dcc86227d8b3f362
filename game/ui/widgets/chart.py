"""A chart of every meter over the turns, drawn with block characters so it reads without colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widget import Widget

from game.engine.plurals import plural
from game.ui.widgets.meters import MINUS, level

if TYPE_CHECKING:
    from game.engine.model import Meter
    from game.engine.session import Session

BLOCKS = "▁▂▃▄▅▆▇█"


def spark(meter: Meter, points: list[int], cell: int) -> Content:
    """One block per turn (``cell`` wide), its height the value within the meter's range."""
    span = meter.max - meter.min or 1
    parts: list[tuple[str, str]] = []
    for value in points:
        index = min(len(BLOCKS) - 1, int((value - meter.min) / span * len(BLOCKS)))
        _, colour = level(meter, value)
        parts.append((BLOCKS[index] * cell + " ", colour))
    return Content.assemble(*parts)


def net_text(meter: Meter, first: int, last: int) -> str:
    delta = last - first
    if not delta:
        return f"{first} → {last} (no change)"
    better = (delta > 0) == (meter.good == "high")
    sign = "+" if delta > 0 else MINUS
    arrow = "▲" if delta > 0 else "▼"
    return f"{first} → {last} ({arrow} {sign}{abs(delta)} {'better' if better else 'worse'})"


class MeterChart(Widget):
    """Each meter (hidden ones revealed) as a row of blocks from the start to the last turn."""

    DEFAULT_CSS = "MeterChart { height: auto; }"

    def __init__(self, session: Session, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[override]
        return 2 * len(self.session.scenario.meters) + 1

    def render(self) -> Content:
        series = self.session.meter_series()
        width = max(20, self.size.width)
        turns = max(len(p) for p in series.values()) if series else 1
        cell = max(1, min(4, (width - 4) // max(turns, 1) - 1))
        lines: list[Content] = [
            Content.styled(
                f"From the start (left) to the end (right), {plural(turns - 1, 'turn')}:", "italic"
            )
        ]
        for meter in self.session.scenario.meters:
            points = series[meter.id]
            hidden = " (hidden until now)" if meter.hidden else ""
            good = "lower is better" if meter.good == "low" else "higher is better"
            lines.append(
                Content.assemble(
                    (meter.label, "bold"),
                    f": {net_text(meter, points[0], points[-1])}",
                    (f" · {good}{hidden}", "$text-muted"),
                )
            )
            lines.append(Content.assemble("\u00a0\u00a0", spark(meter, points, cell)))
        return Content("\n").join(lines)
