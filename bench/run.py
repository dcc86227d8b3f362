"""Engine benchmarks, each against a baseline measured in the same run.

- load + validate of each bundled scenario, and of generated scenarios of 5,000 and 10,000
  scenes, as a ratio to a bare YAML parse of the same files with the same (C) loader;
- how the cost grows from 5,000 to 10,000 scenes (linear is 2.0);
- memory per loaded scene (tracemalloc, 10,000 generated scenes);
- ``check`` with the linter on 10,000 and 50,000 generated scenes: min and median of the
  repeats in CPU seconds (other work on a shared machine does not count), and the growth
  (linear is 5.0);
- random playthroughs of the summit: playthroughs and choices per second, and the cost of a
  choice as a ratio to a choice in a trivial scenario through the same Session API (one scene
  whose only choice leads back to it: no conditions, effects, chance or news);
- ``explore`` of the summit and of Reykjavik with the default limit: the time, the states
  visited, whether the search was complete, how many endings it decided and, when the limit
  stopped it, the scene that overran it and a lower bound on that scene's states.

Usage: python bench/run.py [--repeat N] [--skip-large]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.engine.catalog import bundled_scenarios  # noqa: E402
from game.engine.loader import check_scenario, load_scenario  # noqa: E402
from game.engine.session import Session  # noqa: E402
from game.engine.yamlfile import SafeLoader  # noqa: E402

SCENES_PER_FILE = 250


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The fastest of ``repeat`` timings, in seconds (the least disturbed by a noisy machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_parse(folder: Path) -> None:
    """The baseline: PyYAML's own load of every file, with the cyclic GC paused as the loader does,
    so that the ratio compares parsing work and not garbage-collector luck."""
    gc.disable()
    try:
        for path in sorted(folder.rglob("*.yaml")):
            yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    finally:
        gc.enable()


def load_checked(folder: Path) -> None:
    result = check_scenario(folder)
    if result.scenario is None:
        raise SystemExit(
            "benchmark scenario failed to load:\n" + "\n".join(p.format() for p in result.problems)
        )


def generate(folder: Path, scenes: int) -> Path:
    """A scenario of ``scenes`` scenes, each with three choices, conditions, effects and chance."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.yaml").write_text(
        "id: generated\ntitle: Generated\nstart: s0\n"
        "meters:\n  - {id: trust.kyiv, label: Kyiv}\n  - {id: trust.moscow, label: Moscow}\n"
        "  - {id: blame, label: Blame, good: low}\nflags: [leaked, briefed]\n"
        "counters: [{id: delays}]\n"
        "traps:\n  - {id: format, name: Format trap, lesson: Mind the format., source: quoted}\n",
        encoding="utf-8",
    )
    for first in range(0, scenes, SCENES_PER_FILE):
        lines = ["scenes:"]
        for n in range(first, min(first + SCENES_PER_FILE, scenes)):
            nxt, jump = (n + 1) % scenes, (n * 7 + 3) % scenes
            if n == scenes - 1:
                lines += [
                    f"  - id: s{n}",
                    "    title: The end",
                    "    text: It ends.",
                    "    ending: {outcome: partial, debrief: Done.}",
                ]
                continue
            lines += [
                f"  - id: s{n}",
                f"    title: Scene number {n}",
                "    text: |",
                "      The negotiator weighs the **options** while the press waits outside.",
                "      Every choice moves the meters; some lead to traps.",
                "    on_enter: counters.delays += 1",
                "    choices:",
                "      - text: Coordinate with Kyiv and the European capitals first.",
                "        effects: [trust.kyiv += 5, trust.moscow -= 3, flags.briefed = true]",
                f"        goto: s{nxt}",
                "        feedback: Allies appreciate it.",
                "      - text: Accept the bilateral format.",
                "        if: trust.moscow < 80 and not flags.leaked",
                "        disabled_reason: Moscow already has what it wants.",
                "        effects: [trust.moscow %+ 10, blame %+ 15]",
                "        trap: format",
                "        goto:",
                f"          - {{scene: s{nxt}, weight: 3}}",
                f"          - {{scene: s{jump}, weight: 1 + counters.delays * 0, headline: A leak}}",
                "      - text: Stall for time.",
                "        effects: blame -= 2",
                f"        goto: s{nxt}",
            ]
        (folder / f"scenes_{first:06d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


TRIVIAL = """id: trivial
title: Trivial
start: here
scenes:
  - id: here
    title: Here
    choices:
      - {id: again, text: Again, goto: here}
      - {id: stop, text: Stop, goto: end}
  - {id: end, title: End, ending: {outcome: partial}}
"""


def choices_per_second(scenario_path: Path, runs: int) -> tuple[float, float]:
    """Seeded random playthroughs through the Session API, as ``playtest`` plays them:
    (playthroughs per second, choices per second)."""
    scenario = load_scenario(scenario_path)
    rng = random.Random(1)
    choices = 0
    start = time.perf_counter()
    for seed in range(runs):
        session = Session(scenario, seed=seed, explain=False)
        while not session.ended and session.turn < 200:
            options = session.enabled_options()
            session.choose(rng.choice(options).number)
            choices += 1
    seconds = time.perf_counter() - start
    return runs / seconds, choices / seconds


def memory_per_scene(folder: Path, scenes: int) -> float:
    """Bytes held per scene by a loaded scenario (tracemalloc, after loading)."""
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    result = check_scenario(folder)
    gc.collect()
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.scenario is not None
    return held / scenes


def check_with_lint(folder: Path) -> None:
    from game.authoring.lint import lint

    result = check_scenario(folder)
    assert result.scenario is not None
    lint(result.scenario, folder)


def cpu_timings(repeat: int, work: Callable[[], object]) -> list[float]:
    """The CPU seconds of each of ``repeat`` runs of ``work`` in this process."""
    found = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        found.append(time.process_time() - start)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="timings per measurement")
    parser.add_argument(
        "--skip-large", action="store_true", help="skip check with lint at 10,000 and 50,000 scenes"
    )
    args = parser.parse_args()
    repeat = args.repeat
    print(f"Python {sys.version.split()[0]}, YAML loader {SafeLoader.__name__}; best of {repeat}")
    print()
    print(f"{'load + validate':<34}{'bare parse':>12}{'load':>12}{'ratio':>8}")
    for info in bundled_scenarios():
        if check_scenario(info.path).scenario is None:
            print(f"{'bundled: ' + info.name:<34}  skipped: it does not load (run check)")
            continue
        bare = best_of(repeat, lambda p=info.path: bare_parse(p))
        full = best_of(repeat, lambda p=info.path: load_checked(p))
        print(
            f"{'bundled: ' + info.name:<34}{bare * 1000:>10.1f}ms{full * 1000:>10.1f}ms{full / bare:>7.2f}x"
        )
    loads = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scenes in (5_000, 10_000):
            folder = generate(Path(tmp) / str(scenes), scenes)
            bare = best_of(max(2, repeat // 2), lambda f=folder: bare_parse(f))
            full = best_of(max(2, repeat // 2), lambda f=folder: load_checked(f))
            loads[scenes] = full
            label = f"generated: {scenes:,} scenes"
            print(f"{label:<34}{bare * 1000:>10.0f}ms{full * 1000:>10.0f}ms{full / bare:>7.2f}x")
    print(
        f"{'growth 5,000 -> 10,000 scenes':<34}{'':>24}{loads[10_000] / loads[5_000]:>7.2f}x  (linear: 2.00x, target <= 2.2x)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = generate(Path(tmp) / "memory", 10_000)
        print(
            f"{'memory per loaded scene':<34}{memory_per_scene(folder, 10_000) / 1024:>22.1f} KiB"
        )
    print()
    if not args.skip_large:
        print(f"check with lint ({repeat} runs each, CPU){'min':>12}{'median':>12}")
        found = {}
        with tempfile.TemporaryDirectory() as tmp:
            for scenes in (10_000, 50_000):
                folder = generate(Path(tmp) / str(scenes), scenes)
                times = cpu_timings(repeat, lambda f=folder: check_with_lint(f))
                found[scenes] = min(times)
                label = f"generated: {scenes:,} scenes"
                print(f"{label:<34}{min(times):>10.1f}s{statistics.median(times):>11.1f}s")
        growth = found[50_000] / found[10_000]
        print(
            f"{'growth 10,000 -> 50,000 (min)':<34}{growth:>11.2f}x  (linear: 5.00x, target <= 5.5x)"
        )
        print()
    summit = ROOT / "scenes" / "summit"
    with tempfile.TemporaryDirectory() as tmp:
        trivial = Path(tmp) / "trivial.yaml"
        trivial.write_text(TRIVIAL, encoding="utf-8")
        _, base_choices = choices_per_second(trivial, 20_000)
    runs, choices = choices_per_second(summit, 2000)
    print(f"summit: {runs:,.0f} random playthroughs/s, {choices:,.0f} choices/s")
    print(
        f"        a summit choice costs {base_choices / choices:.1f}x a choice in a trivial "
        f"scenario ({base_choices:,.0f} choices/s through the same Session API)"
    )
    print()
    from game.authoring.explore import UNDECIDED, explore

    for name in ("summit", "reykjavik"):
        report = explore(load_scenario(summit.parent / name))
        decided = sum(e.verdict != UNDECIDED for e in report.endings)
        status = "complete" if report.complete else f"NOT exhaustive (limit {report.max_states:,})"
        print(
            f"explore {name}: {report.seconds:.1f}s, {report.states:,} states, {status}; "
            f"{decided}/{len(report.endings)} endings decided"
        )
        if report.overrun is not None:
            scene, waiting = report.overrun
            print(f"        stopped when scene '{scene}' alone had at least {waiting:,} states")


if __name__ == "__main__":
    main()
