"""Balance: does the scenario teach what its lessons say? Seeded automatic players measure it.

- the best **state-blind script** (one choice per scene, whatever the state; found by local search):
  if it wins often, players can win without reading the game;
- an **attentive player** who uses only what the screen shows (visible meters and their marks,
  revealed values, and, by trying a choice and undoing it, whether it springs a trap): careful play
  should win;
- each **trap choice** forced into the attentive player's game: what it costs;
- success by the number of traps walked into, and random play;
- the conditions that decide each ending.

Every figure is a share of games over the same seeds, so two reports on the same scenario and seeds
are identical.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from game.engine.chance import Dice
from game.engine.model import Scenario
from game.engine.session import CHOICE, Option, Session

Chooser = Callable[[Session, list[Option], Dice], Option]
Script = dict[str, str]  # scene id -> choice id

MAX_TURNS = 200
_CHOOSER_SALT = 0x2545F4914F6CDD1D

# The attentive player's sense of a position (see attentive_choice).
BAD_MARK = 10.0  # per meter beyond a mark on its bad side
TRAP = 25.0  # for a choice that turns out to spring a trap (an attentive player takes none)
REVEAL = 0.5  # per hidden value a choice lets the player see


@dataclass(frozen=True, slots=True)
class Game:
    """How one automatic game ended."""

    ending: str | None  # None when it did not end (stuck or looping)
    outcome: str | None
    traps: tuple[str, ...]
    taken: frozenset[tuple[str, str]]  # (scene, choice) pairs played


@dataclass
class Rates:
    """Outcomes over a set of games."""

    games: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    endings: Counter[str] = field(default_factory=Counter)
    traps: Counter[str] = field(default_factory=Counter)
    trap_total: int = 0

    def add(self, game: Game) -> None:
        self.games += 1
        self.outcomes[game.outcome or "unfinished"] += 1
        if game.ending:
            self.endings[game.ending] += 1
        self.traps.update(game.traps)
        self.trap_total += len(game.traps)

    def share(self, outcome: str = "success") -> float:
        """The percentage of games with this outcome."""
        return 100 * self.outcomes[outcome] / self.games if self.games else 0.0

    @property
    def success(self) -> float:
        return self.share("success")


def seeds_for(count: int, master: int = 0) -> list[int]:
    """``count`` game seeds drawn from a master seed."""
    dice = Dice(master)
    return [int(dice.random() * 2**53) for _ in range(count)]


def play(scenario: Scenario, choose: Chooser, seed: int) -> Game:
    """One game played by ``choose`` with this seed."""
    session = Session(scenario, seed, explain=False)
    dice = Dice(seed ^ _CHOOSER_SALT)
    taken: set[tuple[str, str]] = set()
    while not session.ended and session.turn < MAX_TURNS:
        options = session.enabled_options()
        if not options:
            break
        option = choose(session, options, dice)
        taken.add((session.scene_id, option.choice.id))
        session.choose(option.number)
    ending = session.scene_id if session.ended else None
    outcome = session.ending.outcome if session.ending else None
    return Game(ending, outcome, tuple(session.sprung), frozenset(taken))


def measure(scenario: Scenario, choose: Chooser, seeds: Iterable[int]) -> Rates:
    rates = Rates()
    for seed in seeds:
        rates.add(play(scenario, choose, seed))
    return rates


# -- players -------------------------------------------------------------------------------------


def random_choice(session: Session, options: list[Option], dice: Dice) -> Option:
    """Any enabled choice, with equal odds."""
    return options[int(dice.random() * len(options))]


def scripted(script: Script) -> Chooser:
    """A state-blind player: the scripted choice of the scene when it is offered, else the first
    enabled option."""

    def choose(session: Session, options: list[Option], dice: Dice) -> Option:
        wanted = script.get(session.scene_id)
        for option in options:
            if option.choice.id == wanted:
                return option
        return options[0]

    return choose


def position_score(scenario: Scenario, values: dict, visible: set[str]) -> float:
    """How an attentive player judges a position from what the screen shows: no meter beyond a
    mark on its bad side (and if beyond, as little as possible), then the worst visible meter as
    good as possible, then the average."""
    goodness = []
    beyond = 0.0
    lines = scenario.lines
    for meter in scenario.meters:
        if meter.id not in visible or meter.id in lines:
            continue
        value = int(values[meter.id])
        goodness.append(meter.goodness(value))
        for mark in meter.marks:
            if mark.ref and mark.ref not in visible:
                continue  # a line the player does not know yet
            if meter.is_bad(mark) and mark.holds(value, values):
                line = mark.line(values) or 0
                span = (meter.max - meter.min) or 1
                beyond += 1 + 5 * abs(value - line) / span  # the further beyond, the worse
    if not goodness:
        return -BAD_MARK * beyond
    return -BAD_MARK * beyond + min(goodness) + 0.25 * sum(goodness) / len(goodness)


def attentive_choice(session: Session, options: list[Option], dice: Dice) -> Option:
    """The attentive player: tries each choice and undoes it, as the game allows, and judges only
    what the screen showed: the choice's own moves of the meters it can see, the marks, whether the
    choice sprang a trap, and what it revealed. It never looks at chance's outcome or the next
    scene (it reads the position right after the choice's own effects)."""
    best: Option | None = None
    best_score = float("-inf")
    visible = {m.id for m in session.visible_meters()}
    before = dict(session.values)
    for option in options:
        decision = session.choose(option.number)
        session.undo()
        own = next(e for e in decision.events if e.kind == CHOICE)
        after = dict(before)
        after.update((c.name, c.after) for c in own.changes)
        # judged with what the player knows once the choice has shown it: finding out that
        # things stand worse than hoped is not a worse position, only a better-known one
        seen = visible | set(own.revealed)
        score = position_score(session.scenario, after, seen) - position_score(
            session.scenario, before, seen
        )
        score += REVEAL * len(own.revealed) - (TRAP if decision.trap_id else 0.0)
        if score > best_score + 1e-9:
            best, best_score = option, score
    assert best is not None
    return best


def forced(choose: Chooser, scene_id: str, choice_id: str) -> Chooser:
    """``choose``, except that in ``scene_id`` it takes ``choice_id`` whenever it is offered."""

    def forced_choose(session: Session, options: list[Option], dice: Dice) -> Option:
        if session.scene_id == scene_id:
            for option in options:
                if option.choice.id == choice_id:
                    return option
        return choose(session, options, dice)

    return forced_choose


def slipping(choose: Chooser, chance: float) -> Chooser:
    """``choose``, except that with this chance each decision is a random one (a careless moment)."""

    def slip(session: Session, options: list[Option], dice: Dice) -> Option:
        if dice.random() < chance:
            return random_choice(session, options, dice)
        return choose(session, options, dice)

    return slip


# -- searching for the best script ---------------------------------------------------------------


def decision_scenes(scenario: Scenario) -> list[str]:
    """Scenes with at least two choices: where a script has something to decide."""
    return [s.id for s in scenario.scenes.values() if len(s.choices) >= 2 and not s.ending]


def script_from_games(scenario: Scenario, choose: Chooser, seeds: list[int]) -> Script:
    """The choice a player made most often in each scene, as a script."""
    counts: dict[str, Counter[str]] = {}
    for seed in seeds:
        for scene_id, choice_id in play(scenario, choose, seed).taken:
            counts.setdefault(scene_id, Counter())[choice_id] += 1
    script = {s: c.most_common(1)[0][0] for s, c in counts.items()}
    for scene_id in decision_scenes(scenario):
        script.setdefault(scene_id, scenario.scenes[scene_id].choices[0].id)
    return script


def best_script(
    scenario: Scenario,
    seeds: list[int],
    starts: list[Script],
    trap_free: bool = False,
    passes: int = 4,
) -> tuple[Script, float]:
    """Local search for the state-blind script that succeeds most often over ``seeds``: from each
    start, change one scene's choice at a time while that raises success. With ``trap_free``, only
    choices that spring no trap are tried."""
    scenes = decision_scenes(scenario)
    cache: dict[tuple[tuple[str, str], ...], float] = {}

    def score(script: Script) -> float:
        key = tuple(sorted(script.items()))
        if key not in cache:
            cache[key] = measure(scenario, scripted(script), seeds).success
        return cache[key]

    def allowed(scene_id: str) -> list[str]:
        return [c.id for c in scenario.scenes[scene_id].choices if not (trap_free and c.trap_id)]

    best: Script = {}
    best_rate = -1.0
    for start in starts:
        script = {s: c for s, c in start.items() if s in scenes}
        for scene_id in scenes:
            if script.get(scene_id) not in allowed(scene_id):
                script[scene_id] = (allowed(scene_id) or [scenario.scenes[scene_id].choices[0].id])[
                    0
                ]
        rate = score(script)
        for _ in range(passes):
            improved = False
            for scene_id in scenes:
                for choice_id in allowed(scene_id):
                    if choice_id == script[scene_id]:
                        continue
                    trial = {**script, scene_id: choice_id}
                    trial_rate = score(trial)
                    if trial_rate > rate + 1e-9:
                        script, rate, improved = trial, trial_rate, True
            if not improved:
                break
        if rate > best_rate:
            best, best_rate = script, rate
    return best, best_rate


# -- the report ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrapCost:
    scene_id: str
    choice_id: str
    trap_id: str
    success: float  # attentive play with this trap choice forced in
    taken_in: int  # games in which the forced choice was reached and taken
    success_when_taken: float

    def cost(self, baseline: float) -> float:
        return baseline - self.success_when_taken


@dataclass
class BalanceReport:
    scenario_id: str
    seeds: int
    master_seed: int
    random: Rates
    attentive: Rates
    script: Script
    script_rate: float
    script_traps: tuple[str, ...]
    careful_script: Script
    careful_script_rate: float
    trap_costs: list[TrapCost]
    by_traps: dict[int, tuple[int, float]]  # traps walked into -> (games, success %)
    endings: dict[str, list[str]]  # ending -> the conditions that lead there


def trap_choices(scenario: Scenario) -> list[tuple[str, str, str]]:
    return [
        (scene.id, choice.id, choice.trap_id)
        for scene in scenario.scenes.values()
        for choice in scene.choices
        if choice.trap_id
    ]


def ending_conditions(scenario: Scenario) -> dict[str, list[str]]:
    """For each ending: the conditions of the routes into it, as written."""
    found: dict[str, list[str]] = {e.id: [] for e in scenario.endings}
    for scene in scenario.scenes.values():
        for choice in scene.choices:
            for branch in choice.branches:
                if branch.scene_id in found:
                    where = f"{scene.id}.{choice.id}"
                    condition = branch.condition.source if branch.condition else "always"
                    mode = " (first match)" if choice.pick == "first" else ""
                    found[branch.scene_id].append(f"{where}{mode}: {condition}")
    return found


def balance(
    scenario: Scenario,
    runs: int = 400,
    master_seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> BalanceReport:
    """Measure the scenario's balance over ``runs`` seeded games per player."""
    say = progress or (lambda _: None)
    seeds = seeds_for(runs, master_seed)
    say("random play")
    # random play is cheap and its rate is small: measure it over ten times the games
    random_rates = measure(scenario, random_choice, seeds_for(runs * 10, master_seed + 1))
    say("the attentive player")
    attentive = measure(scenario, attentive_choice, seeds)
    say("the best state-blind script")
    sample = seeds[: max(50, runs // 4)]
    starts = [
        script_from_games(scenario, attentive_choice, sample),
        script_from_games(scenario, random_choice, sample),
        {s: scenario.scenes[s].choices[0].id for s in decision_scenes(scenario)},
    ]
    script, script_rate = best_script(scenario, seeds, starts)
    script_games = [play(scenario, scripted(script), seed) for seed in seeds[:50]]
    script_traps = tuple(sorted({t for g in script_games for t in g.traps}))
    say("the best trap-free script")
    careful, careful_rate = best_script(scenario, seeds, starts, trap_free=True)
    say("the cost of each trap")
    costs = []
    for scene_id, choice_id, trap_id in trap_choices(scenario):
        rates = Rates()
        taken = Rates()
        for seed in seeds:
            game = play(scenario, forced(attentive_choice, scene_id, choice_id), seed)
            rates.add(game)
            if (scene_id, choice_id) in game.taken:
                taken.add(game)
        costs.append(
            TrapCost(scene_id, choice_id, trap_id, rates.success, taken.games, taken.success)
        )
    say("success by traps walked into")
    pool: dict[int, list[bool]] = {}
    for chooser in (
        random_choice,
        slipping(attentive_choice, 0.15),
        slipping(attentive_choice, 0.35),
        slipping(attentive_choice, 0.6),
    ):
        for seed in seeds:
            game = play(scenario, chooser, seed)
            pool.setdefault(len(game.traps), []).append(game.outcome == "success")
    by_traps = {
        count: (len(wins), 100 * sum(wins) / len(wins)) for count, wins in sorted(pool.items())
    }
    return BalanceReport(
        scenario_id=scenario.id,
        seeds=runs,
        master_seed=master_seed,
        random=random_rates,
        attentive=attentive,
        script=script,
        script_rate=script_rate,
        script_traps=script_traps,
        careful_script=careful,
        careful_script_rate=careful_rate,
        trap_costs=costs,
        by_traps=by_traps,
        endings=ending_conditions(scenario),
    )


@dataclass(frozen=True, slots=True)
class Targets:
    """What a balanced scenario achieves (the defaults are the bundled campaigns' targets)."""

    max_script: float = 50.0  # no state-blind script succeeds more often (percent)
    min_trap_cost: float = 15.0  # each trap choice costs at least this many points
    max_two_traps: float = 20.0  # games with two or more traps succeed at most this often
    random_low: float = 1.0  # random play succeeds between these
    random_high: float = 20.0
    min_attentive: float = 70.0  # the attentive player succeeds at least this often


def verdicts(report: BalanceReport, targets: Targets) -> list[tuple[str, bool, str]]:
    """Each target: (what, met?, the figure)."""
    baseline = report.attentive.success
    two_plus = [(n, rate) for count, (n, rate) in report.by_traps.items() if count >= 2]
    games = sum(n for n, _ in two_plus)
    two_rate = sum(n * rate for n, rate in two_plus) / games if games else 0.0
    checks = [
        (
            f"no state-blind script above {targets.max_script:g}%",
            report.script_rate <= targets.max_script,
            f"best script {report.script_rate:.1f}%",
        ),
        (
            "the best script walks into no trap",
            not report.script_traps,
            ", ".join(report.script_traps) or "none",
        ),
        (
            f"attentive play at least {targets.min_attentive:g}%",
            baseline >= targets.min_attentive,
            f"{baseline:.1f}%",
        ),
        (
            f"random play {targets.random_low:g}–{targets.random_high:g}%",
            targets.random_low <= report.random.success <= targets.random_high,
            f"{report.random.success:.1f}%",
        ),
        (
            f"two or more traps succeed at most {targets.max_two_traps:g}%",
            two_rate <= targets.max_two_traps,
            f"{two_rate:.1f}% of {games} games",
        ),
    ]
    for cost in report.trap_costs:
        if cost.taken_in == 0:
            # careful play never meets this choice (it is offered only after earlier mistakes),
            # so there is no careful game to swap it into: reported, not counted
            checks.append(
                (
                    f"trap choice {cost.scene_id}.{cost.choice_id} ({cost.trap_id}): not measured",
                    True,
                    "careful play never reaches it (offered only after earlier mistakes)",
                )
            )
            continue
        points = cost.cost(baseline)
        checks.append(
            (
                f"trap choice {cost.scene_id}.{cost.choice_id} ({cost.trap_id}) costs at least "
                f"{targets.min_trap_cost:g} points",
                points >= targets.min_trap_cost,
                f"{points:.1f} points ({cost.success_when_taken:.1f}% in {cost.taken_in} games)",
            )
        )
    return checks


def as_dict(report: BalanceReport, targets: Targets) -> dict:
    """The report as plain data (for --format json)."""
    baseline = report.attentive.success
    return {
        "scenario": report.scenario_id,
        "seeds": report.seeds,
        "master_seed": report.master_seed,
        "random": _rates(report.random),
        "attentive": _rates(report.attentive),
        "best_script": {
            "success": round(report.script_rate, 2),
            "traps": list(report.script_traps),
            "choices": report.script,
        },
        "best_trap_free_script": {
            "success": round(report.careful_script_rate, 2),
            "choices": report.careful_script,
        },
        "trap_costs": [
            {
                "scene": c.scene_id,
                "choice": c.choice_id,
                "trap": c.trap_id,
                "success": round(c.success, 2),
                "games_taken": c.taken_in,
                "success_when_taken": round(c.success_when_taken, 2) if c.taken_in else None,
                "cost": round(c.cost(baseline), 2) if c.taken_in else None,
            }
            for c in report.trap_costs
        ],
        "success_by_traps": {
            str(count): {"games": n, "success": round(rate, 2)}
            for count, (n, rate) in report.by_traps.items()
        },
        "endings": report.endings,
        "targets": [
            {"target": what, "met": met, "figure": figure}
            for what, met, figure in verdicts(report, targets)
        ],
    }


def _rates(rates: Rates) -> dict:
    return {
        "games": rates.games,
        "success": round(rates.share("success"), 2),
        "partial": round(rates.share("partial"), 2),
        "failure": round(rates.share("failure"), 2),
        "unfinished": round(rates.share("unfinished"), 2),
        "endings": dict(rates.endings.most_common()),
        "traps_per_game": round(rates.trap_total / rates.games, 3) if rates.games else 0.0,
    }
