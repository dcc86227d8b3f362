"""The class report in four forms: a Rich table for the terminal, csv for spreadsheets, HTML charts,
and JSON for other programs."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import asdict
from datetime import datetime
from html import escape
from pathlib import Path

from game.engine.catalog import CatalogError, resolve
from game.engine.loader import check_scenario
from game.engine.model import Scenario
from game.engine.plurals import plural
from game.engine.saves import write_atomic
from game.engine.terminal_text import terminal_safe

from .baselines import Baseline, baselines
from .charts import bar_chart, outcome_bars, share_bar, shorten
from .class_results import (
    ClassResults,
    Skipped,
    aggregate,
    by_scenario,
    latest_games,
    load_records,
)
from .debrief import page
from .pseudonyms import Pseudonyms, anonymised, teacher_key

TOP_SPLITS = 5


def _meter_label(results: ClassResults, meter_id: str) -> str:
    for meter in results.meters:
        if meter["id"] == meter_id:
            return str(meter.get("label") or meter_id)
    return meter_id


def _better(results: ClassResults, meter_id: str) -> str:
    for meter in results.meters:
        if meter["id"] == meter_id:
            return "higher" if meter.get("good") == "high" else "lower"
    return "?"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


# -- terminal ---------------------------------------------------------------------------------


def render_table(results: ClassResults, console) -> None:
    """Print the class report as Rich tables (every name and title from the records shown with
    its control characters written out)."""
    from rich.table import Table
    from rich.text import Text

    s = terminal_safe
    versions = s(", ".join(results.versions))
    console.print(
        Text.assemble(
            (s(results.title), "bold"),
            f" ({s(results.scenario_id)}, version {versions}): "
            f"{plural(results.records, 'game')}, {plural(results.players, 'player')}, "
            f"{results.finished} finished, {results.unfinished} left unfinished",
        )
    )
    endings = Table(title="Endings", title_justify="left")
    endings.add_column("Ending")
    endings.add_column("Outcome")
    endings.add_column("Players", justify="right")
    endings.add_column("Share", justify="right")
    for title, outcome, count in results.endings:
        endings.add_row(s(title), s(outcome), str(count), _percent(count, results.records))
    console.print(endings)

    traps = Table(title="Traps, most often sprung first", title_justify="left")
    traps.add_column("Trap")
    traps.add_column("Sprung", justify="right")
    traps.add_column("Avoided", justify="right")
    traps.add_column("Caught", justify="right")
    for trap in results.traps:
        traps.add_row(
            s(trap.name),
            str(trap.sprung),
            str(trap.avoided),
            _percent(trap.sprung, results.records),
        )
    if not results.traps:
        traps.add_row("(no trap was met)", "", "", "")
    console.print(traps)

    meters = Table(title="Average meters at the end", title_justify="left")
    meters.add_column("Meter")
    meters.add_column("Average", justify="right")
    meters.add_column("Better when")
    for meter_id, average in results.average_meters.items():
        meters.add_row(
            s(_meter_label(results, meter_id)), f"{average:.1f}", _better(results, meter_id)
        )
    console.print(meters)

    splits = Table(title="Where the class split most", title_justify="left")
    splits.add_column("Scene")
    splits.add_column("Reached", justify="right")
    splits.add_column("Split (bits)", justify="right")
    splits.add_column("Choices taken")
    for split in results.splits[: TOP_SPLITS * 2]:
        choices = "\n".join(
            f"{_percent(n, split.reached):>4} {s(shorten(text, 60))}"
            for _, text, n in split.choices
        )
        splits.add_row(s(split.scene_title), str(split.reached), f"{split.entropy:.2f}", choices)
    console.print(splits)

    players = Table(title="Each player's outcome", title_justify="left")
    players.add_column("Player")
    players.add_column("Ending")
    players.add_column("Outcome")
    players.add_column("Turns", justify="right")
    players.add_column("Verified")
    players.add_column("Traps sprung")
    for row in results.outcomes_by_player:
        players.add_row(
            s(row.player),
            s(row.ending),
            s(row.outcome),
            str(row.turns),
            _yes_no(row.verified) or "-",
            s(", ".join(row.sprung)) or "-",
        )
    console.print(players)


# -- csv --------------------------------------------------------------------------------------


def _cell(value: object) -> object:
    """A csv cell that a spreadsheet will not run as a formula (header cells too: a meter or
    scene id is as untrusted as a player name)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _local(text: str | None) -> str:
    """An ISO time from a record as the teacher's clock shows it: 2025-03-03 10:00."""
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def render_csv(results: ClassResults) -> str:
    """The grade book: one row per game, in the order of the students' names, with when it was
    played, whether it was finished and whether a replay reproduced it, the ending, the traps,
    the final meters and every choice in the order made."""
    meter_ids = [m["id"] for m in results.meters]
    names = {t.trap_id: t.name for t in results.traps}
    longest = max((len(row.choices) for row in results.outcomes_by_player), default=0)
    header = [
        "student",
        "start",
        "end",
        "minutes",
        "finished",
        "verified",
        "ending",
        "outcome",
        "turns",
        "traps",
        "traps avoided",
        *meter_ids,
        "seed",
        "file",
        *(f"choice {n}" for n in range(1, longest + 1)),
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_cell(name) for name in header])
    for row in results.outcomes_by_player:
        minutes = row.minutes
        writer.writerow(
            [
                _cell(v)
                for v in [
                    row.player,
                    _local(row.started_at),
                    _local(row.ended_at),
                    "" if minutes is None else f"{minutes:.1f}",
                    _yes_no(row.finished),
                    _yes_no(row.verified),
                    row.ending,
                    row.outcome,
                    row.turns,
                    "; ".join(names.get(t, t) for t in row.sprung),
                    "; ".join(names.get(t, t) for t in row.avoided),
                    *(row.final_meters.get(m, "") for m in meter_ids),
                    row.seed,
                    row.file,
                    *row.choices,
                ]
            ]
        )
    return out.getvalue()


# -- HTML -------------------------------------------------------------------------------------


OUTCOMES = ("success", "partial", "failure", "unfinished")
OUTCOME_COLOURS = {  # Okabe-Ito, told apart with the common colour-vision deficiencies
    "success": "#009E73",
    "partial": "#E69F00",
    "failure": "#D55E00",
    "unfinished": "#BBBBBB",
}
OUTCOME_WORDS = {"unfinished": "left unfinished"}

REPORT_STYLE = """
body { max-width: 72rem; }
table { width: 100%; font-size: .9rem; } td { overflow-wrap: break-word; }
.chart { margin: .5rem 0 1rem; } .chart svg { width: 40rem; }
.outcome { font-weight: bold; } .outcome-unfinished { color: #555; }
.note { color: #444; font-size: .9rem; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; font-size: 10pt; }
  table { font-size: 7.5pt; } th, td { padding: .1rem .25rem; } .chart svg { width: 100%; }
  .chart, tr, h2 + p { break-inside: avoid; } h1, h2 { break-after: avoid; }
}
"""


def _outcome_cell(outcome: str) -> str:
    word = OUTCOME_WORDS.get(outcome, outcome)
    return f"<td class='outcome outcome-{escape(outcome)}'>{escape(word)}</td>"


def _short_label(results: ClassResults, meter_id: str) -> str:
    for meter in results.meters:
        if meter["id"] == meter_id:
            return str(meter.get("short") or meter.get("label") or meter_id)
    return meter_id


def html_section(results: ClassResults, baselines: list[Baseline] | None = None) -> list[str]:
    """The report of one scenario as HTML with inline SVG charts: fits a 1,200-pixel screen and
    an A4 page; every colour that means an outcome is named in words beside it."""
    e = escape
    verified = sum(1 for row in results.outcomes_by_player if row.verified)
    checked = sum(1 for row in results.outcomes_by_player if row.verified is not None)
    meta = (
        f"Scenario {e(results.scenario_id)}, version {e(', '.join(results.versions))}"
        f" · {plural(results.records, 'game')} · {plural(results.players, 'player')}"
        f" · {results.finished} finished · {results.unfinished} left unfinished"
    )
    if checked:
        meta += f" · {verified} of {checked} verified by replay"
    body = [
        f"<h1>Class results: {e(results.title)}</h1>",
        f"<p class='meta'>{meta}</p>",
        "<h2>Endings</h2>",
        "<div class='chart'>",
        bar_chart(
            [
                (f"{t} ({o})" if o != "unfinished" else "Games left unfinished", n)
                for t, o, n in results.endings
            ],
            "How the class's games ended (games)",
            colours=[OUTCOME_COLOURS.get(o, "#777777") for _, o, _ in results.endings],
        ),
        "</div>",
    ]
    class_outcomes = {o: results.outcomes.get(o, 0) for o in OUTCOMES}
    groups = [(f"This class ({plural(results.records, 'game')})", class_outcomes)]
    groups += [(f"{b.name} ({plural(b.games, 'game')})", b.outcomes) for b in baselines or []]
    body += [
        "<h2>Outcomes beside random and careful play</h2>" if baselines else "<h2>Outcomes</h2>",
        "<div class='chart'>",
        outcome_bars(groups, "Share of games by outcome", OUTCOMES, OUTCOME_COLOURS),
        "</div>",
    ]
    if baselines:
        body.append(
            "<p class='note'>"
            + " ".join(
                f"<strong>{e(b.name)}</strong>: {e(b.about)}; {plural(b.games, 'game')} played by the "
                "computer with fixed seeds."
                for b in baselines
            )
            + " A class near random play chose without reading the situation; a class near "
            "careful play read it well.</p>"
        )
    body.append("<h2>Traps most often sprung</h2>")
    if results.traps:
        body += [
            "<div class='chart'>",
            bar_chart(
                [(t.name, 100 * t.sprung / results.records) for t in results.traps],
                "Share of games caught by each trap",
                maximum=100,
                unit="%",
            ),
            "</div>",
            "<table><tr><th>Trap</th><th>Sprung</th><th>Avoided</th><th>Lesson</th></tr>",
        ]
        for trap in results.traps:
            body.append(
                f"<tr><td>{e(trap.name)}</td><td class='num'>{trap.sprung}</td>"
                f"<td class='num'>{trap.avoided}</td><td>{e(trap.lesson)}</td></tr>"
            )
        body.append("</table>")
    else:
        body.append("<p>No trap was met.</p>")
    top = max((int(m.get("max", 100)) for m in results.meters), default=100)
    body += [
        "<h2>Average meters at the end</h2>",
        "<div class='chart'>",
        bar_chart(
            [
                (f"{_meter_label(results, m)} ({_better(results, m)} is better)", v)
                for m, v in results.average_meters.items()
            ],
            "Average final value of each meter",
            maximum=top,
        ),
        "</div>",
        "<h2>Where the class split most</h2>",
        "<p>Split is the entropy of the choices among the players who reached a scene: "
        "0 bits when everyone chose alike, 1 bit for an even split between two choices.</p>",
    ]
    for split in results.splits[:TOP_SPLITS]:
        if split.entropy <= 0:
            continue
        body += [
            "<div class='chart'>",
            share_bar(
                [(text, n) for _, text, n in split.choices],
                f"{split.scene_title}: {plural(split.reached, 'player')}, "
                f"split {split.entropy:.2f} bits",
            ),
            "</div>",
        ]
    body.append("<table><tr><th>Scene</th><th>Reached</th><th>Split (bits)</th></tr>")
    for split in results.splits:
        body.append(
            f"<tr><td>{e(split.scene_title)}</td><td class='num'>{split.reached}</td>"
            f"<td class='num'>{split.entropy:.2f}</td></tr>"
        )
    body.append("</table>")
    meter_ids = [m["id"] for m in results.meters]
    body += [
        "<h2 id='players'>Each player's outcome</h2>",
        "<table><tr><th>Player</th><th>Ending</th><th>Outcome</th><th>Turns</th>"
        "<th>Verified</th><th>Traps sprung</th>"
        + "".join(
            f"<th title='{e(_meter_label(results, m))}'>{e(_short_label(results, m))}</th>"
            for m in meter_ids
        )
        + "</tr>",
    ]
    names = {t.trap_id: t.name for t in results.traps}
    for row in results.outcomes_by_player:
        sprung = ", ".join(names.get(t, t) for t in row.sprung)
        body.append(
            f"<tr><td>{e(row.player)}</td><td>{e(row.ending)}</td>{_outcome_cell(row.outcome)}"
            f"<td class='num'>{row.turns}</td><td>{e(_yes_no(row.verified) or '-')}</td>"
            f"<td class='num' title='{e(sprung)}'>{len(row.sprung)}</td>"
            + "".join(f"<td class='num'>{row.final_meters.get(m, '')}</td>" for m in meter_ids)
            + "</tr>"
        )
    body.append("</table>")
    return body


def render_json(
    all_results: list[ClassResults], baselines: dict[str, list[Baseline]] | None = None
) -> str:
    """Every figure of the report, one object per scenario, for other programs."""
    scenarios = []
    for results in all_results:
        data = asdict(results)
        data["unfinished"] = results.unfinished
        data["baselines"] = [asdict(b) for b in (baselines or {}).get(results.scenario_id, [])]
        scenarios.append(data)
    return json.dumps({"scenarios": scenarios}, indent=2) + "\n"


def render_html(
    all_results: list[ClassResults], baselines: dict[str, list[Baseline]] | None = None
) -> str:
    """The whole HTML report: one section per scenario, with the baselines of those that have
    them (by scenario id)."""
    body: list[str] = []
    for results in all_results:
        body += html_section(results, (baselines or {}).get(results.scenario_id))
    title = "Class results: " + ", ".join(r.title for r in all_results)
    return page(title, body, REPORT_STYLE)


# -- command ----------------------------------------------------------------------------------


def scenario_named(scenario_id: str) -> Scenario | None:
    """The bundled scenario with this id, which names the report's meters and traps; None when
    there is none (or it does not load), and then the newest record names them."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", scenario_id):
        return None  # an id from a record is never taken as a path
    try:
        path = resolve(scenario_id)
    except CatalogError:
        return None
    scenario = check_scenario(path).scenario
    return scenario if scenario is not None and scenario.id == scenario_id else None


def _warn_skipped(skipped: list[Skipped]) -> None:
    for item in skipped[:10]:
        print(terminal_safe(f"skipped {item.path}: {item.reason}"), file=sys.stderr)
    if len(skipped) > 10:
        more = len(skipped) - 10
        print(f"... and {plural(more, 'more file')} that are not play records", file=sys.stderr)


def run_report(
    folder: Path,
    fmt: str,
    output: str | None,
    scenario_id: str | None,
    anonymise: bool = False,
) -> int:
    """The 'class' command: load, aggregate, render, write; return the exit code."""
    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=sys.stderr)
        return 2
    records, skipped = load_records(folder)
    _warn_skipped(skipped)
    if not records:
        print(f"error: no play records found in {folder}", file=sys.stderr)
        return 2
    records = latest_games(records)
    if anonymise:
        records = anonymised(records, Pseudonyms(teacher_key()))
    groups = by_scenario(records)
    if scenario_id is not None:
        if scenario_id not in groups:
            print(
                terminal_safe(
                    f"error: no records of the scenario '{scenario_id}' in {folder}; "
                    f"found: {', '.join(groups)}"
                ),
                file=sys.stderr,
            )
            return 2
        groups = {scenario_id: groups[scenario_id]}
    if len(groups) > 1:
        found = ", ".join(
            f"{name} ({plural(len(items), 'record')})" for name, items in groups.items()
        )
        if fmt == "csv":
            print(
                terminal_safe(
                    f"error: {folder} holds records of several scenarios: {found}. "
                    "A csv file covers one scenario: choose it with --scenario ID."
                ),
                file=sys.stderr,
            )
            return 2
        note = f"note: several scenarios, reported one after another: {found}"
        print(terminal_safe(note), file=sys.stderr)
    scenarios = {name: scenario_named(name) for name in groups}
    all_results = [aggregate(items, scenarios[name]) for name, items in groups.items()]
    compared = {}
    if fmt in ("html", "json"):
        compared = {name: baselines(sc) for name, sc in scenarios.items() if sc is not None}
    if fmt == "csv":
        text = render_csv(all_results[0])
    elif fmt == "html":
        text = render_html(all_results, compared)
    elif fmt == "json":
        text = render_json(all_results, compared)
    else:
        text = None
    if text is None:
        from rich.console import Console

        if output:
            buffer = io.StringIO()
            console = Console(
                file=buffer, width=120, no_color=True, force_terminal=False, markup=False
            )
        else:
            console = Console(markup=False)  # names and titles are shown as written
        for results in all_results:
            render_table(results, console)
        if not output:
            return 0
        text = buffer.getvalue()
    if output and output != "-":
        try:
            write_atomic(Path(output), text)
        except OSError as error:
            print(f"error: cannot write {output}: {error.strerror or error}", file=sys.stderr)
            return 1
        print(f"wrote {output}")
        return 0
    sys.stdout.write(terminal_safe(text, multiline=True) if sys.stdout.isatty() else text)
    return 0
