"""The plain-text front end: numbered choices on stdin, plain text on stdout, no colour or cursor."""

from __future__ import annotations

import sys
import textwrap
from typing import TextIO

from game.engine.markdown import inline_plain, parse_inline, plain
from game.engine.model import Scenario
from game.engine.plurals import plural
from game.engine.readings import change_in_words, level_word
from game.engine.records import now, write_record
from game.engine.saves import AUTOSAVE, SaveError, slot_name, write_save
from game.engine.session import Decision, Session

HELP = """Type the number of a choice and press Enter. Other commands:
  m       the meters              h  history of your decisions
  j       traps met so far        u  undo the last choice
  s NAME  save to a named slot    ?  this help
  q       quit (progress is kept when autosave is on)"""

WIDTH = 78
OUTCOME_WORDS = {"success": "success", "partial": "partial success", "failure": "failure"}


def scene_heading(session: Session) -> str:
    """A heading that reads well aloud: "Scene 2: Cautious words", "The end: Blamed"."""
    scene = session.scene
    if scene.ending:
        return f"The end: {scene.title}"
    return f"Scene {session.turn + 1}: {scene.title}"


def plain_inline(text: str) -> str:
    """A one-line author text (a choice, a headline) without its Markdown marks."""
    return inline_plain(parse_inline(text))


def plain_markdown(text: str) -> str:
    """Author Markdown as plain text wrapped for the terminal: no marks left to read aloud."""
    return plain(text, WIDTH)


def format_value(scenario: Scenario, name: str, value: int | bool) -> str:
    meter = scenario.meter_by_id.get(name)
    if meter is not None:
        return f"{value}/{meter.max}"
    return str(value).lower() if isinstance(value, bool) else str(value)


def label_of(scenario: Scenario, name: str) -> str:
    meter = scenario.meter_by_id.get(name)
    return meter.label if meter else name


class PlainGame:
    """One plain-text game on a pair of text streams."""

    def __init__(
        self, session: Session, out: TextIO, autosave: bool, player: str | None = None
    ) -> None:
        self.session = session
        self.out = out
        self.autosave = autosave
        self.player = player
        self.started_at = now() if not session.history else None
        self.saved = False  # whether the last autosave succeeded

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def show_meters(self, reveal_hidden: bool = False) -> None:
        scenario = self.session.scenario
        meters = [m for m in scenario.meters if reveal_hidden or not m.hidden]
        width = max((len(m.label) for m in meters), default=0)
        self.say("Meters:")
        for meter in meters:
            value = self.session.values[meter.id]
            direction = "higher is better" if meter.good == "high" else "lower is better"
            reading = f"{value:>3} of {meter.max}, {level_word(meter, value)}"
            self.say(f"  {meter.label:<{width}}  {reading}  ({direction})")

    def show_changes(self, decision: Decision) -> None:
        scenario = self.session.scenario
        moved = decision.meter_changes(scenario)
        for name, delta in moved.items():
            meter = scenario.meter_by_id[name]
            if meter.hidden:
                continue
            after = self.session.values[name] if decision is self.session.last else None
            tail = f" (now {after})" if after is not None else ""
            self.say(f"  {meter.label}: {change_in_words(meter, delta)}{tail}")
        if not any(not scenario.meter_by_id[n].hidden for n in moved):
            self.say("  (no meter moved)")

    def show_history(self) -> None:
        """Every decision so far with what it did to the meters."""
        history = self.session.history
        if not history:
            self.say("No decisions yet.")
            return
        for decision in history:
            self.say(f"Turn {decision.turn}: {plain_inline(decision.choice_text)}")
            self.show_changes(decision)

    def show_journal(self) -> None:
        """The traps met so far: walked into or stepped around, with their lessons."""
        session = self.session
        if not session.sprung and not session.avoided:
            self.say("No traps met yet.")
            return
        for heading, traps in (
            ("Walked into:", session.sprung),
            ("Stepped around:", session.avoided),
        ):
            if traps:
                self.say(heading)
                for trap_id in traps:
                    trap = session.scenario.traps[trap_id]
                    lesson = " ".join(trap.lesson.split())
                    self.say(
                        textwrap.fill(
                            f"- {trap.name}: {lesson}",
                            WIDTH,
                            initial_indent="  ",
                            subsequent_indent="    ",
                        )
                    )

    def show_scene(self) -> None:
        session = self.session
        scene = session.scene
        self.say()
        self.say(scene_heading(session))
        for bulletin in session.bulletins:
            self.say()
            self.say(f"News bulletin: {plain_inline(bulletin.headline)}")
            if bulletin.text:
                self.say(plain_markdown(bulletin.text))
        if scene.text:
            self.say()
            self.say(plain_markdown(scene.text))
        self.say()

    def show_options(self) -> None:
        self.say("Choices:")
        for option in self.session.options():
            text = plain_inline(option.text)
            if not option.enabled:
                text += f" (unavailable: {plain_inline(option.reason)})"
            self.say(
                textwrap.fill(
                    f"{option.number}. {text}",
                    WIDTH,
                    initial_indent="  ",
                    subsequent_indent="     ",
                )
            )

    def show_ending(self) -> None:
        session = self.session
        scenario = session.scenario
        ending = session.ending
        assert ending is not None
        self.show_scene()
        self.say(f"Outcome: {OUTCOME_WORDS.get(ending.outcome, ending.outcome)}.")
        self.say()
        if ending.debrief:
            self.say("Debrief:")
            self.say(plain_markdown(ending.debrief))
            self.say()
        self.show_meters(reveal_hidden=True)
        for title, traps in (
            ("Traps you walked into:", session.sprung),
            ("Traps you avoided:", session.avoided),
        ):
            if traps:
                self.say()
                self.say(title)
                for trap_id in traps:
                    trap = scenario.traps[trap_id]
                    self.say(
                        textwrap.fill(
                            f"- {trap.name}: {' '.join(trap.lesson.split())}",
                            WIDTH,
                            initial_indent="  ",
                            subsequent_indent="    ",
                        )
                    )
                    if trap.source:
                        self.say(
                            textwrap.fill(
                                f"Source: {' '.join(trap.source.split())}",
                                WIDTH,
                                initial_indent="    ",
                                subsequent_indent="    ",
                            )
                        )
        self.say()
        self.say(
            f"You made {plural(session.turn, 'decision')}. Seed {session.seed} replays this game."
        )

    def show_endings_found(self) -> None:
        """Add this ending to the endings gallery and say how many of the scenario's are found."""
        from game.engine.gallery import record_ending

        try:
            found = record_ending(self.session.scenario, self.session.scene_id)
        except OSError as error:
            self.say(f"(the endings gallery could not be updated: {error.strerror or error})")
            return
        self.say(f"{found.line} in this scenario.")

    def save(self, slot: str) -> None:
        try:
            path = write_save(self.session, slot)
        except OSError as error:
            self.say(f"Could not save: {error.strerror or error}")
            return
        self.say(f"Saved to slot '{path.stem}'.")

    def write_record(self) -> None:
        """Keep the finished game as a play record for the debrief and the class report."""
        try:
            path = write_record(self.session, self.player, self.started_at)
        except OSError as error:
            self.say(f"(could not write the play record: {error.strerror or error})")
            return
        self.say(f"A play record of this game is in {path.parent}")

    def do_autosave(self) -> None:
        if not self.autosave:
            return
        try:
            write_save(self.session, AUTOSAVE)
        except (OSError, SaveError) as error:
            self.saved = False
            self.say(f"(autosave failed: {getattr(error, 'strerror', None) or error})")
        else:
            self.saved = True

    @property
    def progress_is_saved(self) -> bool:
        """Whether the latest position is in the autosave (said only when it is true)."""
        return self.autosave and self.saved and self.session.turn > 0

    def play(self, source: TextIO) -> int:
        session = self.session
        scenario = session.scenario
        self.say(f"Diplomatic Traps: {scenario.title}")
        self.say(f"(seed {session.seed}; type ? for help)")
        shown = False
        played = False  # whether a choice was made in this run (a finished save is not re-recorded)
        while True:
            if session.ended:
                self.show_ending()
                self.show_endings_found()
                self.do_autosave()
                if played:
                    self.write_record()
                return 0
            if not shown:
                self.show_scene()
                self.show_options()
                shown = True
            if session.stuck:
                self.say(
                    "No choice can be taken here: the scenario has a dead end. Please tell its author."
                )
                return 1
            self.out.write("> ")
            self.out.flush()
            line = source.readline()
            if not line:
                self.say()
                where = (
                    "Progress is saved; continue with --continue." if self.progress_is_saved else ""
                )
                self.say(f"End of input: the game stops here. {where}".rstrip())
                return 0
            turn = session.turn
            shown = self.handle(line.strip())
            played = played or session.turn > turn

    def handle(self, command: str) -> bool:
        """Act on one line of input; return whether the scene is still on screen."""
        session = self.session
        if not command:
            return True
        word, _, rest = command.partition(" ")
        word = word.lower()
        if word.isdigit():
            options = session.options()
            number = int(word)
            if not 1 <= number <= len(options):
                self.say(f"Please type a number from 1 to {len(options)} (? for help).")
                return True
            option = options[number - 1]
            if not option.enabled:
                self.say(f"That choice is unavailable: {option.reason}")
                return True
            decision = session.choose(number)
            self.say()
            self.say(f"You chose: {plain_inline(decision.choice_text)}")
            if decision.feedback:
                self.say(plain_markdown(decision.feedback))
            if decision.trap_id:
                trap = session.scenario.traps[decision.trap_id]
                self.say(f"Trap sprung: {trap.name}.")
            self.say("What it did:")
            self.show_changes(decision)
            self.do_autosave()
            return False
        if word in ("?", "help"):
            self.say(HELP)
        elif word in ("h", "history"):
            self.show_history()
        elif word in ("j", "journal"):
            self.show_journal()
        elif word in ("m", "meters"):
            self.show_meters()
        elif word in ("u", "undo"):
            undone = session.undo()
            if undone is None:
                self.say("Nothing to undo.")
                return True
            self.say(f"Undone: {undone.choice_text}")
            self.do_autosave()
            return False
        elif word in ("s", "save"):
            self.save(slot_name(rest) if rest else "quicksave")
        elif word in ("q", "quit", "exit"):
            self.say("Goodbye." + (" Your progress is saved." if self.progress_is_saved else ""))
            raise SystemExit(0)
        else:
            self.say(f"Unknown command '{command}'. Type a choice number, or ? for help.")
        return True


def run_plain(
    session: Session,
    source: TextIO | None = None,
    out: TextIO | None = None,
    autosave: bool = True,
    player: str | None = None,
) -> int:
    """Play a game on standard input and output (or the given streams); return the exit code."""
    game = PlainGame(session, out or sys.stdout, autosave, player)
    try:
        return game.play(source or sys.stdin)
    except SystemExit as stop:
        return int(stop.code or 0)
