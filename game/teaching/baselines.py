"""What automatic players reach in a scenario, to set beside a class's results: random play (any
choice, with equal odds) and careful play (a player who reads the screen and avoids what it
shows to be bad). They come from the balance tool's players, over the same seeds every time."""

from __future__ import annotations

from dataclasses import dataclass

from game.authoring.balance import attentive_choice, measure, random_choice, seeds_for
from game.engine.model import Scenario

BASELINE_GAMES = 200


@dataclass(frozen=True, slots=True)
class Baseline:
    """How the games of one automatic player ended."""

    name: str
    about: str
    games: int
    outcomes: dict[str, int]


def baselines(scenario: Scenario, games: int = BASELINE_GAMES) -> list[Baseline]:
    """Random and careful play of ``scenario``, ``games`` seeded games each."""
    seeds = seeds_for(games)
    players = (
        ("Random play", "any choice, with equal odds", random_choice),
        (
            "Careful play",
            "reads the meters and their marks, and tries each choice and takes it back "
            "before choosing, as the game allows",
            attentive_choice,
        ),
    )
    return [
        Baseline(name, about, games, dict(measure(scenario, player, seeds).outcomes))
        for name, about, player in players
    ]
