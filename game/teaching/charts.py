"""Small self-made SVG charts (line and bar), safe to inline in HTML: every label is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
FONT = "font-family='system-ui, sans-serif'"


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _open(width: int, height: int, title: str) -> list[str]:
    return [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' "
        f"width='{width}' height='{height}' role='img' aria-label='{escape(title)}'>",
        f"<title>{escape(title)}</title>",
        f"<rect width='{width}' height='{height}' fill='#ffffff'/>",
        f"<text x='{width / 2:.0f}' y='18' text-anchor='middle' font-size='14' "
        f"font-weight='bold' {FONT}>{escape(title)}</text>",
    ]


def line_chart(
    series: Sequence[tuple[str, Sequence[int]]],
    title: str,
    low: int = 0,
    high: int = 100,
    x_label: str = "decision",
    width: int = 720,
    height: int = 300,
) -> str:
    """One line per (label, points); x is the step (0 = start), y runs from ``low`` to ``high``."""
    left, right, top = 44, 250, 30
    bottom = height - 36
    steps = max((len(points) for _, points in series), default=1)
    span_x = max(steps - 1, 1)
    span_y = (high - low) or 1
    plot_w = width - left - right

    def x(step: int) -> float:
        return left + plot_w * step / span_x

    def y(value: float) -> float:
        return bottom - (bottom - top) * (value - low) / span_y

    parts = _open(width, height, title)
    for tick in range(5):
        value = low + span_y * tick / 4
        parts.append(
            f"<line x1='{left}' y1='{y(value):.1f}' x2='{left + plot_w}' y2='{y(value):.1f}' "
            "stroke='#dddddd'/>"
            f"<text x='{left - 6}' y='{y(value) + 4:.1f}' text-anchor='end' font-size='11' "
            f"{FONT}>{value:.0f}</text>"
        )
    for step in range(steps):
        label = "start" if step == 0 else str(step)
        parts.append(
            f"<text x='{x(step):.1f}' y='{bottom + 16}' text-anchor='middle' font-size='11' "
            f"{FONT}>{label}</text>"
        )
    parts.append(
        f"<text x='{left + plot_w / 2:.0f}' y='{height - 6}' text-anchor='middle' "
        f"font-size='11' fill='#555555' {FONT}>{escape(x_label)}</text>"
    )
    for index, (label, points) in enumerate(series):
        if not points:
            continue
        stroke = colour(index)
        dash = "" if index < len(PALETTE) else " stroke-dasharray='6 3'"
        coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(points))
        parts.append(
            f"<polyline points='{coords}' fill='none' stroke='{stroke}' stroke-width='2.5'{dash}/>"
        )
        for i, value in enumerate(points):
            parts.append(
                f"<circle cx='{x(i):.1f}' cy='{y(value):.1f}' r='3' fill='{stroke}'>"
                f"<title>{escape(label)}: {value}</title></circle>"
            )
        legend_y = top + 8 + index * 20
        legend_x = width - right + 14
        parts.append(
            f"<line x1='{legend_x}' y1='{legend_y}' x2='{legend_x + 18}' y2='{legend_y}' "
            f"stroke='{stroke}' stroke-width='3'/>"
            f"<text x='{legend_x + 24}' y='{legend_y + 4}' font-size='12' {FONT}>"
            f"{escape(shorten(label, 28))} ({points[-1]})</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def bar_chart(
    bars: Sequence[tuple[str, float]],
    title: str,
    maximum: float | None = None,
    unit: str = "",
    width: int = 640,
    colours: Sequence[str] | None = None,
) -> str:
    """Horizontal bars, one per (label, value), longest scale ``maximum`` (default: largest value).
    Labels wrap onto up to three lines instead of being cut; ``colours`` colours each bar (the
    label must then say what the colour means)."""
    label_w, top, line_h = 250, 32, 14
    wrapped = [wrap(label, 38, 3) for label, _ in bars]
    rows = [max(24, 10 + line_h * len(lines)) for lines in wrapped]
    height = top + sum(rows) + 12
    most = maximum if maximum is not None else max((v for _, v in bars), default=0)
    scale = (width - label_w - 70) / most if most else 0
    parts = _open(width, height, title)
    y = top
    for index, ((label, value), lines, row) in enumerate(zip(bars, wrapped, rows, strict=True)):
        length = max(value * scale, 0)
        shown = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
        fill = colours[index] if colours else colour(index)
        middle = y + row / 2
        first = middle - line_h * (len(lines) - 1) / 2 + 4
        spans = "".join(
            f"<tspan x='{label_w - 8}' y='{first + n * line_h:.1f}'>{escape(line)}</tspan>"
            for n, line in enumerate(lines)
        )
        parts.append(
            f"<text text-anchor='end' font-size='12' {FONT}><title>{escape(label)}</title>"
            f"{spans}</text>"
            f"<rect x='{label_w}' y='{middle - 8:.1f}' width='{length:.1f}' height='16' "
            f"fill='{fill}'/>"
            f"<text x='{label_w + length + 6:.1f}' y='{middle + 4:.1f}' font-size='12' {FONT}>"
            f"{shown}{escape(unit)}</text>"
        )
        y += row
    parts.append("</svg>")
    return "\n".join(parts)


def share_bar(shares: Sequence[tuple[str, int]], title: str, width: int = 640) -> str:
    """One stacked bar of how a group divided between options, with a legend below it (each
    option's words in full, wrapped)."""
    total = sum(count for _, count in shares) or 1
    left, top, bar_h, line_h = 10, 30, 26, 15
    wrapped = [
        wrap(f"{count} ({100 * count / total:.0f}%): {label}", 88, 3) for label, count in shares
    ]
    height = top + bar_h + 12 + sum(line_h * len(lines) + 5 for lines in wrapped) + 6
    usable = width - 2 * left
    parts = _open(width, height, title)
    x = float(left)
    for index, (label, count) in enumerate(shares):
        length = usable * count / total
        parts.append(
            f"<rect x='{x:.1f}' y='{top}' width='{length:.1f}' height='{bar_h}' "
            f"fill='{colour(index)}'><title>{escape(label)}: {count}</title></rect>"
        )
        x += length
    y = top + bar_h + 12
    for index, lines in enumerate(wrapped):
        spans = "".join(
            f"<tspan x='{left + 18}' y='{y + 11 + n * line_h}'>{escape(line)}</tspan>"
            for n, line in enumerate(lines)
        )
        parts.append(
            f"<rect x='{left}' y='{y}' width='12' height='12' fill='{colour(index)}'/>"
            f"<text font-size='12' {FONT}>{spans}</text>"
        )
        y += line_h * len(lines) + 5
    parts.append("</svg>")
    return "\n".join(parts)


def outcome_bars(
    groups: Sequence[tuple[str, dict[str, int]]],
    title: str,
    order: Sequence[str],
    colours: dict[str, str],
    width: int = 640,
) -> str:
    """One 100% bar per group (the class, random play, careful play...), split by outcome. Each
    part is labelled with its outcome and share in words where it is wide enough, and the legend
    names every colour, so the chart reads without colour too."""
    label_w, top, bar_h, gap = 170, 32, 28, 14
    usable = width - label_w - 10
    legend_y = top + len(groups) * (bar_h + gap) + 4
    height = legend_y + 24
    parts = _open(width, height, title)
    for row, (name, counts) in enumerate(groups):
        y = top + row * (bar_h + gap)
        total = sum(counts.values()) or 1
        lines = wrap(name, 26, 2)
        spans = "".join(
            f"<tspan x='{label_w - 8}' y='{y + bar_h / 2 + 4 - 7 * (len(lines) - 1) + 14 * n:.1f}'>"
            f"{escape(line)}</tspan>"
            for n, line in enumerate(lines)
        )
        parts.append(f"<text text-anchor='end' font-size='12' {FONT}>{spans}</text>")
        x = float(label_w)
        for outcome in order:
            count = counts.get(outcome, 0)
            if not count:
                continue
            length = usable * count / total
            share = f"{100 * count / total:.0f}%"
            parts.append(
                f"<rect x='{x:.1f}' y='{y}' width='{length:.1f}' height='{bar_h}' "
                f"fill='{colours.get(outcome, '#777777')}' stroke='#ffffff'>"
                f"<title>{escape(name)}: {escape(outcome)} {count} of {total} ({share})</title>"
                "</rect>"
            )
            words = f"{outcome} {share}" if length > 9 * (len(outcome) + 5) else share
            if length > 8 * len(words):
                parts.append(
                    f"<text x='{x + length / 2:.1f}' y='{y + bar_h / 2 + 4}' text-anchor='middle' "
                    f"font-size='12' fill='#000000' {FONT}>{escape(words)}</text>"
                )
            x += length
    x = float(label_w)
    for outcome in order:
        parts.append(
            f"<rect x='{x:.0f}' y='{legend_y}' width='12' height='12' "
            f"fill='{colours.get(outcome, '#777777')}'/>"
            f"<text x='{x + 16:.0f}' y='{legend_y + 11}' font-size='12' {FONT}>"
            f"{escape(outcome)}</text>"
        )
        x += 24 + 8 * len(outcome)
    parts.append("</svg>")
    return "\n".join(parts)


def wrap(text: str, width: int, lines: int) -> list[str]:
    """Text on at most ``lines`` lines of about ``width`` characters, broken between words; an
    ellipsis only when even that is too short."""
    words = " ".join(text.split()).split(" ")
    result: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            result.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    result.append(current)
    if len(result) > lines:
        result = [*result[: lines - 1], shorten(" ".join(result[lines - 1 :]), width)]
    return [shorten(line, width) if len(line) > width else line for line in result]


def shorten(text: str, limit: int) -> str:
    """Text on one line, cut with an ellipsis past ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
