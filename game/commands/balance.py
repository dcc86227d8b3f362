"""Measure whether a scenario's mechanics teach its lessons: the best state-blind script, an
attentive player, the cost of each trap, success by traps walked into, and random play.

Seeded: the same --runs and --seed always give the same report. Exit status: 0 when every target
is met, 1 when one is not (so a test or CI can hold a scenario to them), 2 for bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario", nargs="?", metavar="SCENARIO", help="bundled name or folder (default: summit)"
    )
    parser.add_argument(
        "--runs", type=int, default=400, metavar="N", help="games per player (default 400)"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="master seed (default 0)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    targets = parser.add_argument_group("targets (defaults: the bundled campaigns')")
    targets.add_argument("--max-script", type=float, default=50.0, metavar="PCT")
    targets.add_argument("--min-trap-cost", type=float, default=15.0, metavar="POINTS")
    targets.add_argument("--max-two-traps", type=float, default=20.0, metavar="PCT")
    targets.add_argument(
        "--random", nargs=2, type=float, default=(1.0, 20.0), metavar=("LOW", "HIGH")
    )
    targets.add_argument("--min-attentive", type=float, default=70.0, metavar="PCT")


def run(args: argparse.Namespace) -> int:
    from game.authoring.balance import Targets, as_dict, balance, verdicts
    from game.commands import load_or_report

    if args.runs < 10:
        print("error: --runs must be at least 10", file=sys.stderr)
        return 2
    scenario = load_or_report(args.scenario)
    if isinstance(scenario, int):
        return scenario
    targets = Targets(
        args.max_script, args.min_trap_cost, args.max_two_traps, *args.random, args.min_attentive
    )

    def progress(step: str) -> None:
        if sys.stderr.isatty():
            print(f"  {step}…", file=sys.stderr)

    report = balance(scenario, args.runs, args.seed, progress)
    checks = verdicts(report, targets)
    if args.format == "json":
        print(json.dumps(as_dict(report, targets), indent=2, ensure_ascii=False))
    else:
        print_report(report, checks, scenario)
    return 0 if all(met for _, met, _ in checks) else 1


def print_report(report, checks, scenario) -> None:
    from game.engine.terminal_text import terminal_safe

    def say(text: str = "") -> None:
        print(terminal_safe(text))

    say(f"Balance of '{scenario.title}' over {report.seeds} seeded games per player")
    say()
    say(f"  random play        {report.random.success:5.1f}% success")
    say(f"  attentive player   {report.attentive.success:5.1f}% success")
    say(f"  best fixed script  {report.script_rate:5.1f}% success")
    say(f"  best trap-free one {report.careful_script_rate:5.1f}% success")
    say()
    say("Success by traps walked into (random and slipping attentive players):")
    for count, (games, rate) in report.by_traps.items():
        say(f"  {count} trap{'' if count == 1 else 's'}: {rate:5.1f}% of {games} games")
    say()
    say("Targets:")
    for what, met, figure in checks:
        say(f"  {'met    ' if met else 'NOT MET'}  {what}: {figure}")
    say()
    say("What decides each ending:")
    for ending, conditions in report.endings.items():
        title = scenario.scenes[ending].title
        say(f"  {title}:")
        for condition in conditions:
            say(f"    {' '.join(condition.split())}")
    say()
    say("The best fixed script (scene: choice):")
    for scene_id, choice_id in sorted(report.script.items()):
        say(f"  {scene_id}: {choice_id}")
