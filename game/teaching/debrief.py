"""A play record as a debrief report a student can hand in: Markdown (with an SVG beside it) or HTML."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from game.engine.markdown import html, html_inline
from game.engine.records import ANONYMOUS, meter_series
from game.engine.saves import write_atomic

from .charts import line_chart

MEMO_PROMPTS = (
    "Which decision mattered most for how the game ended? Why?",
    "Name one trap you met. What made it tempting at the time?",
    "What would you do differently at the point where your meters moved most?",
)

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2rem; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #ccc;
        padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } .num { text-align: right; }
.trap { color: #a40000; font-weight: bold; } .meta { color: #555; }
.outcome-success { color: #006b3c; } .outcome-partial { color: #8a5a00; }
.outcome-failure { color: #a40000; } svg { max-width: 100%; height: auto; }
.feedback { font-style: italic; } .feedback p { margin: .25rem 0; }
@media print { body { margin: 0; } h2 { break-after: avoid; } }
"""


# -- shared pieces -----------------------------------------------------------------------------


def meter_labels(record: dict[str, Any]) -> dict[str, str]:
    return {m["id"]: str(m.get("label") or m["id"]) for m in record["meters"]}


def player_of(record: dict[str, Any]) -> str:
    return record.get("player") or ANONYMOUS


def chart_svg(record: dict[str, Any]) -> str:
    """The record's meters over the game, one line each, as SVG."""
    labels = meter_labels(record)
    series = meter_series(record)
    lows = [int(m.get("min", 0)) for m in record["meters"]] or [0]
    highs = [int(m.get("max", 100)) for m in record["meters"]] or [100]
    title = f"Meters over the game: {record['scenario'].get('title', record['scenario']['id'])}"
    return line_chart(
        [(labels[m], points) for m, points in series.items()], title, min(lows), max(highs)
    )


def account_lines(step: dict[str, Any]) -> list[str]:
    """A decision's account as the game told it: each cause, why, and what it moved."""
    lines = []
    for part in step.get("account") or []:
        moves = "; ".join(f"{m['label']} {m['words']}" for m in part.get("moves") or [])
        if part.get("hidden_moved"):
            moves = f"{moves}; a hidden value moved" if moves else "a hidden value moved"
        if part.get("kind") == "choice":
            lines.append(f"{part['heading']}: {moves or 'no meter moved'}")
            continue
        text = part["heading"]
        if part.get("reasons"):
            text += " (because " + "; ".join(part["reasons"]) + ")"
        if moves:
            text += f": {moves}"
        lines.append(text)
    return lines


def _trap_name(record: dict[str, Any], trap_id: str) -> str:
    details = record["traps"].get("details", {}).get(trap_id) or {}
    return str(details.get("name") or trap_id)


def _when(record: dict[str, Any]) -> str:
    start, end = record.get("started_at"), record.get("ended_at")
    if start and end:
        return f"{start} to {end}"
    return str(end or start or "unknown time")


# -- Markdown ---------------------------------------------------------------------------------


def _md(text: Any) -> str:
    """Text for Markdown: raw HTML neutralised, so hostile text cannot inject markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _md_line(text: Any) -> str:
    return " ".join(_md(text).split())


def debrief_markdown(record: dict[str, Any], chart_file: str | None) -> str:
    """The debrief report in Markdown; ``chart_file`` is the SVG written beside it (or None)."""
    labels = meter_labels(record)
    scenario = record["scenario"]
    lines = [
        f"# Debrief: {_md_line(scenario.get('title', scenario['id']))}",
        "",
        f"Player: **{_md_line(player_of(record))}** · Seed: {record['seed']} · "
        f"Scenario version {_md_line(scenario.get('version', '?'))} · Played {_md(_when(record))}",
        "",
        "## Outcome",
        "",
    ]
    ending = record.get("ending")
    if ending:
        lines += [
            f"**{_md_line(ending.get('title', ending['scene']))}** ({_md(ending['outcome'])})"
        ]
        if ending.get("debrief"):
            lines += ["", _md(ending["debrief"]).strip()]
    else:
        lines += [
            f"The game was not finished: it stopped at **{_md_line(record['scene']['title'])}**."
        ]
    lines += ["", "## Meters", ""]
    if chart_file:
        lines += [f"![Meters over the game]({chart_file})", ""]
    lines += ["| Meter | Start | End | Change | Better when |", "|---|---:|---:|---:|---|"]
    series = meter_series(record)
    for meter in record["meters"]:
        points = series.get(meter["id"]) or [0]
        hidden = " (hidden in play)" if meter.get("hidden") else ""
        lines.append(
            f"| {_md_line(labels[meter['id']])}{hidden} | {points[0]} | {points[-1]} | "
            f"{points[-1] - points[0]:+d} | {'higher' if meter.get('good') == 'high' else 'lower'} |"
        )
    lines += ["", "## Decisions", ""]
    for step in record["decisions"]:
        trap = (
            f" **Trap: {_md_line(_trap_name(record, step['trap']))}.**" if step.get("trap") else ""
        )
        lines.append(
            f"{step['turn']}. *{_md_line(step['scene_title'])}*: {_md_line(step['text'])}{trap}"
        )
        for line in account_lines(step):
            lines.append(f"   - {_md_line(line)}")
        if step.get("feedback"):
            lines.append(f"   - {_md_line(step['feedback'])}")
    if not record["decisions"]:
        lines.append("No decisions were made.")
    lines += ["", "## Traps", ""]
    for heading, key in (("Walked into", "sprung"), ("Avoided", "avoided")):
        lines += [f"### {heading}", ""]
        ids = record["traps"][key]
        if not ids:
            lines += ["None.", ""]
            continue
        for trap_id in ids:
            details = record["traps"].get("details", {}).get(trap_id) or {}
            lines.append(
                f"- **{_md_line(details.get('name', trap_id))}**: {_md_line(details.get('lesson', ''))}"
            )
            if details.get("source"):
                lines.append(f"  *Source:* {_md_line(details['source'])}")
        lines.append("")
    lines += ["## For your memo", ""]
    lines += [f"- {prompt}" for prompt in MEMO_PROMPTS]
    return "\n".join(lines).rstrip() + "\n"


# -- HTML -------------------------------------------------------------------------------------


def page(title: str, body: list[str], style: str = "") -> str:
    """A complete, offline HTML page (no scripts, no external resources); ``style`` adds to the
    house style."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            "<html lang='en'><head><meta charset='utf-8'>",
            "<meta name='viewport' content='width=device-width, initial-scale=1'>",
            f"<title>{escape(title)}</title><style>{STYLE}{style}</style></head><body>",
            *body,
            "</body></html>",
            "",
        ]
    )


def debrief_html(record: dict[str, Any]) -> str:
    """The debrief report as one self-contained HTML page with the meter chart inline."""
    labels = meter_labels(record)
    scenario = record["scenario"]
    title = str(scenario.get("title", scenario["id"]))
    e = escape
    body = [
        f"<h1>Debrief: {e(title)}</h1>",
        f"<p class='meta'>Player: <strong>{e(player_of(record))}</strong> · Seed {record['seed']}"
        f" · Scenario version {e(str(scenario.get('version', '?')))} · Played {e(_when(record))}</p>",
        "<h2>Outcome</h2>",
    ]
    ending = record.get("ending")
    if ending:
        outcome = str(ending["outcome"])
        body.append(
            f"<p class='outcome-{e(outcome)}'><strong>{e(str(ending.get('title', ending['scene'])))}"
            f"</strong> ({e(outcome)})</p>"
        )
        body.append(html(str(ending.get("debrief") or "")))
    else:
        body.append(
            f"<p>The game was not finished: it stopped at <strong>"
            f"{e(str(record['scene']['title']))}</strong>.</p>"
        )
    body += [
        "<h2>Meters</h2>",
        chart_svg(record),
        "<table><tr><th>Meter</th><th>Start</th>"
        "<th>End</th><th>Change</th><th>Better when</th></tr>",
    ]
    series = meter_series(record)
    for meter in record["meters"]:
        points = series.get(meter["id"]) or [0]
        hidden = " (hidden in play)" if meter.get("hidden") else ""
        body.append(
            f"<tr><td>{e(labels[meter['id']])}{hidden}</td><td class='num'>{points[0]}</td>"
            f"<td class='num'>{points[-1]}</td><td class='num'>{points[-1] - points[0]:+d}</td>"
            f"<td>{'higher' if meter.get('good') == 'high' else 'lower'}</td></tr>"
        )
    body += ["</table>", "<h2>Decisions</h2>"]
    if record["decisions"]:
        body.append("<table><tr><th>#</th><th>Scene</th><th>Choice</th><th>What happened</th></tr>")
        for step in record["decisions"]:
            trap = (
                f"<br><span class='trap'>Trap: {e(_trap_name(record, step['trap']))}</span>"
                if step.get("trap")
                else ""
            )
            feedback = (
                f"<div class='feedback'>{html(str(step['feedback']))}</div>"
                if step.get("feedback")
                else ""
            )
            happened = "<br>".join(e(line) for line in account_lines(step))
            body.append(
                f"<tr><td class='num'>{step['turn']}</td><td>{e(step['scene_title'])}</td>"
                f"<td>{html_inline(str(step['text']))}{trap}{feedback}</td><td>{happened}</td></tr>"
            )
        body.append("</table>")
    else:
        body.append("<p>No decisions were made.</p>")
    body.append("<h2>Traps</h2>")
    for heading, key in (("Walked into", "sprung"), ("Avoided", "avoided")):
        body.append(f"<h3>{heading}</h3>")
        ids = record["traps"][key]
        if not ids:
            body.append("<p>None.</p>")
            continue
        body.append("<ul>")
        for trap_id in ids:
            details = record["traps"].get("details", {}).get(trap_id) or {}
            source = (
                f"<br><small>Source: {e(str(details['source']))}</small>"
                if details.get("source")
                else ""
            )
            body.append(
                f"<li><strong>{e(str(details.get('name', trap_id)))}</strong>: "
                f"{e(str(details.get('lesson', '')))}{source}</li>"
            )
        body.append("</ul>")
    body += ["<h2>For your memo</h2>", "<ul>"]
    body += [f"<li>{e(prompt)}</li>" for prompt in MEMO_PROMPTS]
    body.append("</ul>")
    return page(f"Debrief: {title}", body)


# -- files ------------------------------------------------------------------------------------


def write_debrief(record: dict[str, Any], fmt: str, out: Path) -> list[Path]:
    """Write the report (and, for Markdown, its chart as an SVG beside it); return the files."""
    if fmt == "html":
        write_atomic(out, debrief_html(record))
        return [out]
    chart = out.with_name(out.stem + "-meters.svg")
    write_atomic(chart, chart_svg(record) + "\n")
    write_atomic(out, debrief_markdown(record, chart.name))
    return [out, chart]
