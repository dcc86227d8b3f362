"""The debrief of a finished game, composed from what happened in it: the traps walked into and
stepped around (turn, choice, lesson, source), the facts that decided the ending, the better
endings missed and why, hidden values, and the marks the meters ended beyond.

One composition for every front end and report; they render it (``as_markdown``) or read its parts.
Nothing here is fixed text per ending: a debrief cannot claim what the game did not do.
"""

from __future__ import annotations

from dataclasses import dataclass

from .explain import describe
from .model import OUTCOMES, Scenario, Trap
from .session import ROUTE, START, Decision, Draw, Session

OUTCOME_WORDS = {"success": "Success", "partial": "Partial success", "failure": "Failure"}


@dataclass(frozen=True, slots=True)
class TrapMet:
    """A trap in this game: the turn and choice that sprang it, or the choice taken instead."""

    trap: Trap
    turn: int
    choice: str
    scene_title: str


@dataclass(frozen=True, slots=True)
class Missed:
    """A better ending that was within reach of the last decision, and why it was not reached."""

    title: str
    outcome: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Debrief:
    ending_id: str
    title: str
    outcome: str
    story: str  # the ending scene's narrative
    paragraphs: str  # the author's debrief, with the passages that hold for this game
    last_choice: str
    last_feedback: str
    decided: str  # how the ending was decided, in one sentence
    reasons: tuple[str, ...]  # the facts that chose this ending
    missed: tuple[Missed, ...]
    cleared: tuple[str, ...]  # the lines above this ending that the game stayed clear of
    sprung: tuple[TrapMet, ...]
    avoided: tuple[TrapMet, ...]
    hidden: tuple[str, ...]  # values the player could not see, now shown
    marks: tuple[str, ...]  # the meters' final values beyond their marks
    turns: int
    seed: int


def compose(session: Session) -> Debrief:
    """The debrief of a game that has ended."""
    scenario = session.scenario
    ending = session.ending
    if ending is None:
        raise ValueError("the game has not ended")
    last = session.last
    decided, reasons, missed, cleared = _decision(last, scenario, ending.outcome)
    return Debrief(
        ending_id=session.scene_id,
        title=session.scene.title,
        outcome=ending.outcome,
        story=session.scene_text,
        paragraphs=ending.debrief.render(session.values),
        last_choice=last.choice_text if last else "",
        last_feedback=last.feedback if last else "",
        decided=decided,
        reasons=reasons,
        missed=missed,
        cleared=cleared,
        sprung=_sprung(session),
        avoided=_avoided(session),
        hidden=_hidden(session),
        marks=_marks(session),
        turns=session.turn,
        seed=session.seed,
    )


def _decision(
    last: Decision | None, scenario: Scenario, outcome: str
) -> tuple[str, tuple[str, ...], tuple[Missed, ...], tuple[str, ...]]:
    """How the ending was decided: the sentence, the facts that chose it, the better endings
    missed with why, and the lines above it (on a first-match ladder) the game stayed clear of."""
    if last is None:
        return "The game began at this ending.", (), (), ()
    route = next((e for e in last.events if e.kind == ROUTE and e.draw is not None), None)
    choice = f"'{last.choice_text}'"
    if route is None or route.draw is None:
        return f"Your last choice, {choice}, leads straight to this ending.", (), (), ()
    draw: Draw = route.draw
    picked = draw.possibilities[draw.picked]
    if draw.by == "chance":
        odds = _percent(draw.probability)
        others = [
            p.label
            for i, p in enumerate(draw.possibilities)
            if i != draw.picked and p.held and p.weight > 0
        ]
        tail = f"; it could also have led to {_join(others)}" if others else ""
        return (
            f"After {choice}, chance decided: this ending had a {odds} chance{tail}.",
            (),
            (),
            (),
        )
    reasons = tuple(describe(r, scenario) for r in picked.reasons)
    rank = OUTCOMES.index(outcome) if outcome in OUTCOMES else len(OUTCOMES)
    missed = []
    cleared: list[str] = []
    for possibility in draw.possibilities[: draw.picked]:
        target = scenario.scenes.get(possibility.scene_id)
        if target is None or target.ending is None or not possibility.reasons:
            continue
        facts = tuple(describe(r, scenario) for r in possibility.reasons)
        if OUTCOMES.index(target.ending.outcome) < rank:
            missed.append(Missed(target.title, target.ending.outcome, facts))
        else:
            cleared.extend(f for f in facts if f not in cleared)
    sentence = f"After {choice}, the state of your game decided the ending"
    return sentence + (":" if reasons else "."), reasons, tuple(missed), tuple(cleared)


def _percent(share: float) -> str:
    value = 100 * share
    return f"{value:.0f}%" if value >= 1 else f"{value:.1f}%"


def _join(words: list[str]) -> str:
    quoted = [f"'{w}'" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _sprung(session: Session) -> tuple[TrapMet, ...]:
    scenario = session.scenario
    met: dict[str, TrapMet] = {}
    for decision in session.history:
        trap = scenario.traps.get(decision.trap_id or "")
        if trap is not None and trap.id not in met:
            title = scenario.scenes[decision.scene_id].title
            met[trap.id] = TrapMet(trap, decision.turn, decision.choice_text, title)
    return tuple(met.values())


def _avoided(session: Session) -> tuple[TrapMet, ...]:
    scenario = session.scenario
    sprung = {d.trap_id for d in session.history if d.trap_id}
    met: dict[str, TrapMet] = {}
    for decision in session.history:
        for trap_id in decision.declined:
            trap = scenario.traps.get(trap_id)
            if trap is None or trap_id in sprung or trap_id in met:
                continue
            title = scenario.scenes[decision.scene_id].title
            met[trap_id] = TrapMet(trap, decision.turn, decision.choice_text, title)
    return tuple(met.values())


def _hidden(session: Session) -> tuple[str, ...]:
    scenario = session.scenario
    lines = []
    drawn = {c.name: c.after for e in session.opening if e.kind == START for c in e.changes}
    for meter in scenario.meters:
        if meter.id in drawn:
            values = meter.start_values
            span = f"{values[0]}–{values[-1]}"
            seen = (
                "you found it out during the game"
                if meter.id in session.revealed
                else ("hidden during play" if meter.hidden else "shown from the start")
            )
            lines.append(
                f"{meter.label} was drawn by chance at the start: {drawn[meter.id]} "
                f"(any of {span}; {seen})."
            )
        if meter.hidden and meter.id not in session.revealed:
            lines.append(f"{meter.label} (hidden during play) ended at {session.values[meter.id]}.")
    return tuple(lines)


def _marks(session: Session) -> tuple[str, ...]:
    lines = []
    values = session.values
    for meter in session.scenario.meters:
        value = int(values[meter.id])
        for mark in meter.marks_passed(value, values):
            if meter.is_bad(mark):
                lines.append(f"{meter.label} ended at {value}: {mark.describe(values)}.")
    return tuple(lines)


def as_markdown(debrief: Debrief) -> str:
    """The debrief as Markdown (the allowed subset), for every front end and report."""
    parts = []
    if debrief.last_choice:
        parts.append(f"**Your last decision.** {debrief.last_choice}")
        if debrief.last_feedback:
            parts.append(debrief.last_feedback)
    parts.append(f"**Why this ending.** {debrief.decided}")
    if debrief.reasons:
        parts.append("\n".join(f"- {r}" for r in debrief.reasons))
    if debrief.cleared:
        parts.append("**Lines you stayed clear of** (each would have led to a worse ending):")
        parts.append("\n".join(f"- {c}" for c in debrief.cleared))
    for missed in debrief.missed:
        word = OUTCOME_WORDS.get(missed.outcome, missed.outcome).lower()
        parts.append(f"**Why not '{missed.title}'** ({word}):")
        parts.append("\n".join(f"- {r}" for r in missed.reasons))
    if debrief.marks:
        parts.append("**Where the meters ended.**")
        parts.append("\n".join(f"- {m}" for m in debrief.marks))
    if debrief.hidden:
        parts.append("**What you could not see.**")
        parts.append("\n".join(f"- {h}" for h in debrief.hidden))
    if debrief.paragraphs:
        parts.append(debrief.paragraphs)
    parts.append(traps_markdown(debrief))
    return "\n\n".join(p for p in parts if p)


def traps_markdown(debrief: Debrief) -> str:
    """The traps of this game: walked into (with turn and choice) and stepped around."""
    parts = []
    if debrief.sprung:
        parts.append("**Traps you walked into.**")
        for met in debrief.sprung:
            parts.append(_trap_item(met, f"turn {met.turn}, '{met.choice}'"))
    else:
        parts.append("**Traps you walked into.** None.")
    if debrief.avoided:
        parts.append("**Traps you stepped around** (their lessons are in the traps journal).")
        parts.append(
            "\n".join(
                f"- *{met.trap.name}*: turn {met.turn}, you chose '{met.choice}' instead"
                for met in debrief.avoided
            )
        )
    return "\n\n".join(parts)


def _trap_item(met: TrapMet, when: str) -> str:
    lesson = " ".join(met.trap.lesson.split())
    text = f"- *{met.trap.name}* ({when}). {lesson}"
    if met.trap.source:
        text += f"\n  Source: “{' '.join(met.trap.source.split())}”"
    return text
