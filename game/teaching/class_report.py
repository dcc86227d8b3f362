"""The class report in four forms: a Rich table for the terminal, csv for spreadsheets, HTML charts,
and JSON for other programs."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import asdict
from html import escape
from pathlib import Path

from game.engine.catalog import CatalogError, resolve
from game.engine.loader import check_scenario
from game.engine.model import Scenario
from game.engine.plurals import plural
from game.engine.saves import write_atomic
from game.engine.terminal_text import terminal_safe

from .charts import bar_chart, share_bar, shorten
from .class_results import ClassResults, Skipped, aggregate, by_scenario, load_records
from .debrief import page

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
            f"{plural(results.records, 'record')}, {plural(results.players, 'player')}, "
            f"{results.finished} finished",
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
    players.add_column("Traps sprung")
    for row in results.outcomes_by_player:
        players.add_row(
            s(row.player),
            s(row.ending),
            s(row.outcome),
            str(row.turns),
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


def render_csv(results: ClassResults, records_by_file: dict[str, dict]) -> str:
    """One row per record: player, ending, traps, final meters and the choice made in each scene."""
    meter_ids = [m["id"] for m in results.meters]
    scenes = [s.scene_id for s in results.splits]
    out = io.StringIO()
    writer = csv.writer(out)
    header = [
        "player",
        "file",
        "seed",
        "scenario",
        "ending",
        "outcome",
        "turns",
        "traps_sprung",
        *meter_ids,
        *(f"choice:{scene}" for scene in scenes),
    ]
    writer.writerow([_cell(name) for name in header])
    for row in results.outcomes_by_player:
        record = records_by_file.get(row.file, {})
        chosen: dict[str, str] = {}
        for step in record.get("decisions", []):
            chosen.setdefault(step["scene"], step["choice"])
        writer.writerow(
            [
                _cell(v)
                for v in [
                    row.player,
                    row.file,
                    row.seed,
                    results.scenario_id,
                    row.ending,
                    row.outcome,
                    row.turns,
                    ";".join(row.sprung),
                    *(row.final_meters.get(m, "") for m in meter_ids),
                    *(chosen.get(scene, "") for scene in scenes),
                ]
            ]
        )
    return out.getvalue()


# -- HTML -------------------------------------------------------------------------------------


def html_section(results: ClassResults) -> list[str]:
    """The report of one scenario as HTML with inline SVG charts."""
    e = escape
    body = [
        f"<h1>Class results: {e(results.title)}</h1>",
        f"<p class='meta'>Scenario {e(results.scenario_id)}, version {e(', '.join(results.versions))}"
        f" · {plural(results.records, 'record')} · {plural(results.players, 'player')}"
        f" · {results.finished} finished</p>",
        "<h2>Endings</h2>",
        bar_chart(
            [(f"{t} ({o})", n) for t, o, n in results.endings],
            "How the class's games ended (players)",
        ),
        "<h2>Traps most often sprung</h2>",
    ]
    if results.traps:
        body.append(
            bar_chart(
                [(t.name, 100 * t.sprung / results.records) for t in results.traps],
                "Share of players caught by each trap",
                maximum=100,
                unit="%",
            )
        )
        body.append("<table><tr><th>Trap</th><th>Sprung</th><th>Avoided</th><th>Lesson</th></tr>")
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
        bar_chart(
            [
                (f"{_meter_label(results, m)} ({_better(results, m)} is better)", v)
                for m, v in results.average_meters.items()
            ],
            "Average final value of each meter",
            maximum=top,
        ),
        "<h2>Where the class split most</h2>",
        "<p>Split is the entropy of the choices among the players who reached a scene: "
        "0 bits when everyone chose alike, 1 bit for an even split between two choices.</p>",
    ]
    for split in results.splits[:TOP_SPLITS]:
        if split.entropy <= 0:
            continue
        body.append(
            share_bar(
                [(text, n) for _, text, n in split.choices],
                f"{split.scene_title}: {plural(split.reached, 'player')}, split {split.entropy:.2f} bits",
            )
        )
    body.append("<table><tr><th>Scene</th><th>Reached</th><th>Split (bits)</th></tr>")
    for split in results.splits:
        body.append(
            f"<tr><td>{e(split.scene_title)}</td><td class='num'>{split.reached}</td>"
            f"<td class='num'>{split.entropy:.2f}</td></tr>"
        )
    body.append("</table>")
    meter_ids = [m["id"] for m in results.meters]
    body += [
        "<h2>Each player's outcome</h2>",
        "<table><tr><th>Player</th><th>Ending</th><th>Outcome</th><th>Turns</th>"
        "<th>Traps sprung</th>"
        + "".join(f"<th>{e(_meter_label(results, m))}</th>" for m in meter_ids)
        + "</tr>",
    ]
    for row in results.outcomes_by_player:
        body.append(
            f"<tr><td>{e(row.player)}</td><td>{e(row.ending)}</td>"
            f"<td class='outcome-{e(row.outcome)}'>{e(row.outcome)}</td>"
            f"<td class='num'>{row.turns}</td><td>{e(', '.join(row.sprung) or '-')}</td>"
            + "".join(f"<td class='num'>{row.final_meters.get(m, '')}</td>" for m in meter_ids)
            + "</tr>"
        )
    body.append("</table>")
    return body


def render_json(all_results: list[ClassResults]) -> str:
    """Every figure of the report, one object per scenario, for other programs."""
    return json.dumps({"scenarios": [asdict(r) for r in all_results]}, indent=2) + "\n"


def render_html(all_results: list[ClassResults]) -> str:
    body: list[str] = []
    for results in all_results:
        body += html_section(results)
    title = "Class results: " + ", ".join(r.title for r in all_results)
    return page(title, body)


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


def run_report(folder: Path, fmt: str, output: str | None, scenario_id: str | None) -> int:
    """The 'class' command: load, aggregate, render, write; return the exit code."""
    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=sys.stderr)
        return 2
    records, skipped = load_records(folder)
    _warn_skipped(skipped)
    if not records:
        print(f"error: no play records found in {folder}", file=sys.stderr)
        return 2
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
    all_results = [aggregate(items, scenario_named(name)) for name, items in groups.items()]
    if fmt == "csv":
        items = next(iter(groups.values()))
        text = render_csv(all_results[0], {p.name: r for p, r in items})
    elif fmt == "html":
        text = render_html(all_results)
    elif fmt == "json":
        text = render_json(all_results)
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
