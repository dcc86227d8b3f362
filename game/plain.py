"""The plain-text front end: numbered choices on stdin, plain text on stdout, no colour or cursor.

Written to be read aloud by a screen reader as well as piped: headings are words ("Turn 2. The
Hill"), changes are spelled out ("up 5 to 55, better"), nothing is said only by a symbol. The
game itself runs in :class:`game.engine.game_run.GameRun`; this module only presents it.
"""

from __future__ import annotations

import sys
import textwrap
from typing import TextIO

from game.engine.account import Part, account
from game.engine.debrief import as_markdown, compose
from game.engine.debug import DebugError, turn_lines, value_lines
from game.engine.game_run import GameRun
from game.engine.markdown import inline_plain, parse_inline, plain
from game.engine.plurals import plural
from game.engine.readings import level_word, marks_as_seen
from game.engine.saves import SaveError, slot_name
from game.engine.session import ChoiceUnavailable, Decision, Session
from game.engine.terminal_text import terminal_safe

HELP = """Type the number of a choice and press Enter. Other commands:
  m       the meters, with their marks     h  history of your decisions
  j       traps met so far                 u  undo the last choice
  s NAME  save to a named slot             ?  this help
  q       quit (progress is kept when autosave is on)"""

DEBUG_HELP = """Debug commands (for authors; this game keeps nothing):
  v              every value, hidden ones too
  NAME = VALUE   set a meter, flag or counter (set NAME = VALUE works too)
  goto SCENE     jump to a scene by its id      scenes  every scene's id
  d              the chance draws and changes of the last turn again"""

DEBUG_BANNER = (
    "DEBUG MODE, for authors: every value, chance draw and change is shown; nothing is saved "
    "or recorded. Type ? for the debug commands."
)
DEBUG_WORDS = ("v", "values", "set", "goto", "g", "scenes", "d", "draws")

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


def wrapped(text: str, indent: str = "  ", more: str = "    ") -> str:
    return textwrap.fill(
        " ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=more
    )


class PlainGame:
    """One plain-text game on a pair of text streams."""

    def __init__(self, run: GameRun, out: TextIO) -> None:
        self.run = run
        self.out = out

    @property
    def session(self):
        return self.run.session

    def say(self, text: str = "") -> None:
        """Write a line; author text's control characters are shown, never sent raw."""
        self.out.write(terminal_safe(text, multiline=True) + "\n")

    def say_notices(self) -> None:
        for notice in self.run.take_notices():
            self.say(f"Note: {notice}")

    # -- what the player reads --------------------------------------------------------------

    def show_meters(self) -> None:
        session = self.session
        meters = session.visible_meters()
        width = max((len(m.label) for m in meters), default=0)
        self.say("Meters:")
        for meter in meters:
            value = int(session.values[meter.id])
            direction = "higher is better" if meter.good == "high" else "lower is better"
            reading = f"{value:>3} of {meter.max}, {level_word(meter, value)}"
            self.say(f"  {meter.label:<{width}}  {reading}  ({direction})")
            for view in marks_as_seen(meter, session.values, {m.id for m in meters}):
                state = "now" if view.beyond else "mark"
                self.say(wrapped(f"{state}: {view.text}", "      ", "        "))

    def show_parts(self, parts: list[Part]) -> None:
        """What happened, cause by cause, each with its visible moves spelled out."""
        for part in parts:
            self.say(
                f"{part.heading}:"
                if part.moves or part.hidden_moved or part.reasons
                else part.heading
            )
            if part.text:
                self.say(wrapped(plain_markdown(part.text), "  ", "  "))
            for reason in part.reasons:
                self.say(wrapped(f"because {reason}"))
            for move in part.moves:
                self.say(f"  {move.meter.label}: {move.words()}")
            if part.note:
                self.say(f"  {part.note[0].upper()}{part.note[1:]}.")
            for meter in part.revealed:
                self.say(f"  You can now see {meter.label}: {self.session.values[meter.id]}.")

    def show_debug_lines(self, events) -> None:  # type: ignore[no-untyped-def]
        """In a debug game: every chance draw and change of values, hidden ones too."""
        if not self.run.debug:
            return
        lines = turn_lines(events)
        for line in lines or ["nothing was drawn and no value changed"]:
            self.say(wrapped(f"Debug: {line}", "", "  "))

    def show_values(self) -> None:
        self.say("Debug: every value now:")
        for line in value_lines(self.session):
            self.say(f"  {line}")

    def show_decision(self, decision: Decision) -> None:
        session = self.session
        self.say()
        if not decision.choice_id:  # a debug jump
            self.say(f"{decision.choice_text}.")
            self.show_parts(account(decision.events, session))
            self.show_debug_lines(decision.events)
            return
        self.say(f"You chose: {plain_inline(decision.choice_text)}")
        if decision.feedback:
            self.say(plain_markdown(decision.feedback))
        if decision.trap_id and decision.trap_id in session.scenario.traps:
            trap = session.scenario.traps[decision.trap_id]
            self.say(f"Trap sprung: {trap.name}. Type j to read about it.")
        self.show_parts(account(decision.events, session))
        self.show_debug_lines(decision.events)

    def show_history(self) -> None:
        """Every decision so far with what it did."""
        history = self.session.history
        if not history:
            self.say("No decisions yet.")
            return
        for decision in history:
            self.say(f"Turn {decision.turn}: {plain_inline(decision.choice_text)}")
            self.show_parts(account(decision.events, self.session))

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
                    self.say(wrapped(f"{trap.name}. {trap.lesson}"))

    def show_scene(self) -> None:
        session = self.session
        self.say()
        self.say(scene_heading(session))
        if not session.history:
            self.show_parts([p for p in account(session.opening, session) if p.kind != "choice"])
            self.show_debug_lines(session.opening)
        text = session.scene_text
        if text:
            self.say()
            self.say(plain_markdown(text))
        self.say()

    def show_options(self) -> None:
        self.say("Choices:")
        for option in self.session.options():
            text = plain_inline(option.text)
            if not option.enabled:
                text += f" (unavailable: {plain_inline(option.reason)})"
            self.say(wrapped(f"{option.number}. {text}", "  ", "     "))

    def show_ending(self) -> None:
        session = self.session
        ending = session.ending
        assert ending is not None
        self.show_scene()
        debrief = compose(session)
        self.say(f"Outcome: {OUTCOME_WORDS.get(ending.outcome, ending.outcome)}.")
        self.say()
        self.say("Debrief.")
        self.say(plain_markdown(as_markdown(debrief)))
        self.say()
        self.show_meters()
        self.say()
        self.say(
            f"You made {plural(session.turn, 'decision')}. Seed {session.seed} replays this game."
        )
        if self.run.recorded is not None:
            self.say(f"A play record of this game is in {self.run.recorded.parent}")

    def show_endings_found(self) -> None:
        """Add this ending to the endings gallery and say how many of the scenario's are found."""
        if self.run.debug:
            self.say("Debug game: this ending is not counted in your endings gallery.")
            return
        found = self.run.record_ending()
        if found is not None:
            self.say(f"{found.line} in this scenario.")

    # -- playing ----------------------------------------------------------------------------

    def save(self, slot: str) -> None:
        try:
            path = self.run.save(slot)
        except (OSError, SaveError) as error:
            self.say(f"Could not save: {getattr(error, 'strerror', None) or error}")
            return
        self.say(f"Saved to slot '{path.stem}'.")

    def play(self, source: TextIO) -> int:
        session = self.session
        self.say(f"Diplomatic Traps: {session.scenario.title}")
        if self.run.debug:
            self.say(DEBUG_BANNER)
        self.say(f"Seed {session.seed}. Type the number of a choice, or ? for help.")
        self.say_notices()
        shown = False
        while True:
            if session.ended:
                self.show_ending()
                self.show_endings_found()
                self.say_notices()
                self.run.close()
                return 0
            if not shown:
                self.show_scene()
                self.show_options()
                shown = True
            if session.stuck:
                self.say(
                    "No choice can be taken here: the scenario has a dead end. Please tell its author."
                )
                self.run.abandon()
                return 1
            self.out.write("debug> " if self.run.debug else "> ")
            self.out.flush()
            line = source.readline()
            if not line:
                self.say()
                self.run.abandon()
                where = (
                    "Progress is saved; continue with --continue."
                    if self.run.progress_is_saved
                    else ""
                )
                self.say(f"End of input: the game stops here. {where}".rstrip())
                return 0
            shown = self.handle(line.strip())
            session = self.session

    def handle(self, command: str) -> bool:
        """Act on one line of input; return whether the scene is still on screen."""
        session = self.session
        if not command:
            return True
        word, _, rest = command.partition(" ")
        word = word.lower()
        if "=" in command or word in DEBUG_WORDS:
            return self.handle_debug(word, rest.strip(), command)
        if word.isdigit():
            options = session.options()
            number = int(word)
            if not 1 <= number <= len(options):
                self.say(f"Please type a number from 1 to {len(options)} (? for help).")
                return True
            try:
                decision = self.run.choose(number)
            except ChoiceUnavailable as error:
                self.say(f"That choice is unavailable: {error}")
                return True
            self.show_decision(decision)
            self.say_notices()
            return False
        if word in ("?", "help"):
            self.say(HELP)
            if self.run.debug:
                self.say(DEBUG_HELP)
        elif word in ("h", "history"):
            self.show_history()
        elif word in ("j", "journal"):
            self.show_journal()
        elif word in ("m", "meters"):
            self.show_meters()
        elif word in ("u", "undo"):
            undone = self.run.undo()
            if undone is None:
                self.say("Nothing to undo.")
                return True
            self.say(f"Undone: {undone.choice_text}")
            self.say_notices()
            return False
        elif word in ("s", "save"):
            self.save(slot_name(rest) if rest else "quicksave")
        elif word in ("q", "quit", "exit"):
            self.run.abandon()
            self.say(
                "Goodbye." + (" Your progress is saved." if self.run.progress_is_saved else "")
            )
            raise SystemExit(0)
        else:
            self.say(f"Unknown command '{command}'. Type a choice number, or ? for help.")
        return True

    def handle_debug(self, word: str, rest: str, command: str) -> bool:
        """Act on a debug command; return whether the scene is still on screen."""
        if not self.run.debug:
            self.say(f"'{command}' is a debug command: start the game with --debug to use it.")
            return True
        try:
            if word in ("v", "values"):
                self.show_values()
            elif word in ("d", "draws"):
                self.show_debug_lines(self.session.events)
            elif word == "scenes":
                self.say("Scenes: " + ", ".join(self.session.scenario.scenes))
            elif word in ("goto", "g"):
                self.show_decision(self.run.jump(rest))
                return False
            else:
                assignment = rest if word == "set" else command
                self.say(f"Debug: {self.run.set_value(assignment).words}")
        except DebugError as error:
            self.say(f"Debug: cannot do that: {error}")
        return True


def run_plain(run: GameRun, source: TextIO | None = None, out: TextIO | None = None) -> int:
    """Play a game on standard input and output (or the given streams); return the exit code."""
    game = PlainGame(run, out or sys.stdout)
    try:
        return game.play(source or sys.stdin)
    except SystemExit as stop:
        return int(stop.code or 0)
    except KeyboardInterrupt:
        run.abandon()
        raise
