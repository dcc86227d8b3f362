"""The full-screen game names each turn's causes as the engine's account does: a move the news
made is shown under the news, never under the choice (the plain game and the export are held to
the same account in tests/cli/test_same_causes.py)."""

from __future__ import annotations

import random

from game.engine.account import account
from game.ui.screens.play import PlayScreen
from game.ui.widgets.meters import change_text
from tests.ui.conftest import (
    eventually,
    pilot_test,
    screen_content,
    squeezed,
    start_game,
    summit_app,
    wait_for,
)

TURNS = 10


def on_screen(part) -> str:
    """How the game heads a part of the turn: the choice's and a bulletin's in words of their
    own, the others as the account words them."""
    if part.kind == "choice":
        return "What your choice did"
    if part.kind == "news":
        return f"NEWS BULLETIN: {part.heading.removeprefix('News: ')}"
    return part.heading


def expected_parts(session) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Each part of the last turn that moved a meter the player can see: its heading as shown,
    and each move as (label, short label, arrow words)."""
    decision = session.history[-1]
    parts = []
    for part in account(decision.events, session):
        moves = [
            (m.meter.label, m.meter.short_label, change_text(m.meter, m.delta))
            for m in part.moves
            if m.delta
        ]
        if moves:
            parts.append((on_screen(part), moves))
    return parts


def shows_each_move_under_its_cause(text: str, parts) -> None:
    """Every heading in the account's order, and each move between its heading and the next."""
    at = 0
    spans = []
    for heading, _ in parts:
        start = text.find(heading, at)
        assert start >= 0, f"{heading!r} not after position {at} in {text[:1500]!r}"
        spans.append(start)
        at = start + len(heading)
    spans.append(len(text))
    for (heading, moves), start, end in zip(parts, spans, spans[1:], strict=False):
        section = text[start:end]
        for label, short, words in moves:
            assert f"{label} {words}" in section or f"{short} {words}" in section, (
                f"{label} {words} is not under {heading!r}: {section!r}"
            )


@pilot_test
async def test_each_move_is_shown_under_the_cause_the_engine_gives_it() -> None:
    app = summit_app(seed=5)
    pick = random.Random(5)
    news_seen = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        for _ in range(TURNS):
            if app.session.ended:
                break
            turn = app.session.turn
            number = pick.choice(app.session.enabled_options()).number
            await pilot.press(str(number))
            await wait_for(
                pilot,
                lambda app, turn=turn: (
                    app.session.turn == turn + 1 and isinstance(app.screen, PlayScreen)
                ),
                f"the result of choice {number} at turn {turn}",
            )
            parts = expected_parts(app.session)
            news_seen += sum(1 for heading, _ in parts if "news" in heading.lower())
            await eventually(
                pilot,
                lambda app, parts=parts: shows_each_move_under_its_cause(
                    squeezed(screen_content(app)), parts
                ),
            )
    assert news_seen, "no turn of this game had news that moved a meter: pick another seed"
