"""Play a scenario automatically many times and report what happens: endings, meters, coverage.

Seeded: the same --seed, --runs and --strategy always give the same report. Strategies: random
(any enabled choice), least-used (the choice taken least so far, for coverage), greedy:METER (the
choice best for that meter). Exit status: 0, or 1 when a run got stuck or looped, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys

from game.engine.plurals import plural


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario", nargs="?", metavar="SCENARIO", help="bundled name or folder (default: summit)"
    )
    parser.add_argument("--runs", type=int, default=1000, metavar="N", help="games (default 1000)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="master seed (default 0)")
    parser.add_argument(
        "--strategy",
        default="random",
        metavar="NAME",
        help="random, least-used or greedy:METER (default: random)",
    )
    parser.add_argument(
        "--max-turns",
        type=int,
        default=200,
        metavar="N",
        help="a run longer than this counts as looping (default 200)",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")


def run(args: argparse.Namespace) -> int:
    from game.authoring.playtest import StrategyError, as_dict, make_strategy, playtest
    from game.commands import load_or_report

    if args.runs < 1 or args.max_turns < 1:
        print("error: --runs and --max-turns must be at least 1", file=sys.stderr)
        return 2
    scenario = load_or_report(args.scenario)
    if isinstance(scenario, int):
        return scenario
    try:
        make_strategy(args.strategy, scenario)
    except StrategyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if sys.stderr.isatty() and args.runs >= 2000:
        report = _with_progress(scenario, args)
    else:
        report = playtest(scenario, args.runs, args.seed, args.strategy, args.max_turns)
    if args.format == "json":
        print(json.dumps(as_dict(report, scenario), indent=2, ensure_ascii=False))
    else:
        print_report(report, scenario)
    print(
        f"{plural(report.runs, 'run')} in {report.seconds:.2f} s: {report.runs_per_second:,.0f} runs/s",
        file=sys.stderr if args.format == "json" else sys.stdout,
    )
    return 1 if report.stuck or report.looped else 0


def _with_progress(scenario, args: argparse.Namespace):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from game.authoring.playtest import playtest

    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("playing", total=args.runs)
        step = max(1, args.runs // 200)

        def advance(done: int) -> None:
            if done % step == 0 or done == args.runs:
                progress.update(task, completed=done)

        return playtest(scenario, args.runs, args.seed, args.strategy, args.max_turns, advance)


def print_report(report, scenario) -> None:
    """The report as Rich tables on standard output."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from game.engine.terminal_text import terminal_safe

    console = Console(markup=False)  # scenario text is shown as written, never read as markup
    runs = report.runs
    endings = Table(
        title=terminal_safe(
            f"{scenario.title}: {plural(runs, 'run')}, seed {report.seed}, "
            f"strategy {report.strategy}"
        )
    )
    endings.add_column("ending")
    endings.add_column("outcome")
    endings.add_column("runs", justify="right")
    endings.add_column("%", justify="right")
    for scene_id, count in sorted(report.endings.items(), key=lambda kv: -kv[1]):
        endings.add_row(
            scene_id,
            scenario.scenes[scene_id].ending.outcome,
            f"{count:,}",
            f"{100 * count / runs:.1f}",
        )
    for ending in scenario.endings:
        if ending.id not in report.endings:
            endings.add_row(ending.id, ending.ending.outcome, "0", "0.0", style="red")
    console.print(endings)
    meters = Table(title="meters at each ending")
    for name in ("ending", "meter", "min", "mean", "max"):
        meters.add_column(name, justify="left" if name in ("ending", "meter") else "right")
    for scene_id, count in sorted(report.endings.items(), key=lambda kv: -kv[1]):
        stats = report.meters[scene_id]
        for index, meter in enumerate(scenario.meters):
            s = stats[meter.id]
            meters.add_row(
                scene_id if index == 0 else "",
                meter.id,
                str(s.low),
                f"{s.total / count:.1f}",
                str(s.high),
                end_section=index == len(scenario.meters) - 1,
            )
    console.print(meters)
    traps = Table(title="traps")
    traps.add_column("trap")
    traps.add_column("sprung in % of runs", justify="right")
    for trap_id, trap in scenario.traps.items():
        traps.add_row(
            terminal_safe(f"{trap.name} ({trap_id})"),
            f"{100 * report.traps.get(trap_id, 0) / runs:.1f}",
        )
    if scenario.traps:
        console.print(traps)
    console.print(
        f"average decisions per run: {report.decisions / runs:.1f}; "
        f"traps sprung per run: {report.traps_sprung / runs:.2f}"
    )
    scenes = len(scenario.scenes) - len(report.unseen_scenes)
    choices = sum(len(s.choices) for s in scenario.scenes.values())
    console.print(
        f"coverage: {scenes}/{len(scenario.scenes)} scenes, "
        f"{choices - len(report.untaken_choices)}/{choices} choices",
        highlight=False,
    )
    if report.unseen_scenes:
        console.print("  scenes never reached: " + ", ".join(report.unseen_scenes), highlight=False)
    if report.untaken_choices:
        shown = ", ".join(f"{s}:{c}" for s, c in report.untaken_choices)
        console.print(f"  choices never taken: {shown}", highlight=False)
    for seed, scene_id, numbers in report.stuck[:5]:
        console.print(
            Text.assemble(
                ("STUCK", "bold red"),
                f" in '{scene_id}' (no choice available): seed {seed}, "
                f"choices {' '.join(map(str, numbers))}",
            ),
            highlight=False,
        )
    if report.stuck:
        console.print(f"{plural(len(report.stuck), 'run')} got stuck", highlight=False)
    if report.looped:
        console.print(
            Text.assemble(
                (
                    f"{plural(len(report.looped), 'run')} did not end within "
                    f"{plural(report.max_turns, 'turn')}",
                    "bold red",
                ),
                f" (first: seed {report.looped[0][0]})",
            ),
            highlight=False,
        )
