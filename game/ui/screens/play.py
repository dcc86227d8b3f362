"""The play screen: what the last turn did, the news, the scene, the choices and the meters.

After every choice the last turn's result and the start of the new scene are both in view, at
80×24 and at 60×20: the meters take one compact line per few meters on narrow screens, the
choices take the lines they need (or, when the story needs them, fewer: they scroll then, and
say so), and notices are said in the status line, never over the choices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from game.ui.messages import ChoiceMade, MetersToggled, UndoRequested
from game.ui.widgets.choices import ChoiceList
from game.ui.widgets.footer import GameFooter
from game.ui.widgets.meters import MarkAlerts, MetersPanel
from game.ui.widgets.prose import Prose
from game.ui.widgets.story import DebugTurn, LastChoice, NewsBlock, ReloadProblems

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete

    from game.engine.session import Session

WIDE = 100  # from this width on, the meters sit beside the story; below, above it in a grid
ROOMY = 140  # from this width on, the meters panel grows
TALL = 30  # from this height on, two lines of marks may show under the meters on narrow screens
TEXT_IN_VIEW = 3  # lines of the new scene's text the choices make room for after a choice
STORY_MIN = 6  # lines the story keeps however many choices there are
CHOICES_MIN = 3  # lines of choices that stay in view however long the story is
FRAME = 1  # the choices' frame: a line above them (and one below when they scroll)
NOTICE_SECONDS = 6.0

DEBUG_MARK = "DEBUG d "  # the status line of a debug game starts with it, and names its key
CHOOSE = "Choose: 1-9"
CHOICES_HELP = "Your choices: 1-9, or ↑↓ and Enter"
NOTICE_MARKS = {"information": ("ⓘ ", ""), "warning": ("⚠ ", "$warning"), "error": ("✗ ", "$error")}


class StoryScroll(VerticalScroll):
    """The scrolling story; when its own size changes (the choices or meters around it were laid
    out again), the cues are brought up to date."""

    def on_resize(self, event: Resize) -> None:
        screen = self.screen
        if isinstance(screen, PlayScreen):
            self.call_after_refresh(screen.show_cues)


class PlayScreen(Screen):
    """One scene at a time; the app gives it the session and it redraws from what the session says."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # the choices' frame says "Choose: 1-9", so the footer keeps its room for the rest
        *(Binding(str(n), f"choose({n})", show=False) for n in range(1, 10)),
        Binding("u", "undo", "Undo"),
        Binding("h", "app.history", "History"),
        Binding("j", "app.journal", "Journal"),
        Binding("s", "app.save", "Save"),
        Binding("m", "toggle_meters", "Meters"),
        # priority: the choices list would otherwise take PgDn/PgUp to move its highlight
        Binding("pagedown,space", "scroll_story(1)", "Read on", show=False, priority=True),
        Binding("pageup,shift+space,b", "scroll_story(-1)", "Read back", show=False, priority=True),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
        # a debug game only: the status line says the key, so the footer keeps its room
        Binding("d", "app.debug", "Debug", show=False),
    ]

    meters_shown: reactive[bool] = reactive(True)

    def __init__(self, session: Session, meters_shown: bool = True, debug: bool = False) -> None:
        super().__init__()
        self.session = session
        self.debug_game = debug  # an author's debug game: marked, with its draws and changes shown
        self.set_reactive(PlayScreen.meters_shown, meters_shown)
        self.notice: Content | None = None  # said in the status line for a few seconds
        self._notice_timer: Timer | None = None
        self._anchor: tuple[Widget, float] | None = None  # where the reader is in the story
        self._placing = False  # the story is being laid out again: do not move the anchor
        self.laid_out = False  # the story and the choices are fitted to the turn on screen

    def compose(self) -> ComposeResult:
        yield Static("", id="status-line")
        with Horizontal(id="play-body"):
            with Vertical(id="story-column"):
                with StoryScroll(id="story"):
                    yield ReloadProblems("", id="reload-problems", classes="block")
                    yield LastChoice("", id="last-choice", classes="block")
                    yield NewsBlock("", id="news", classes="block")
                    yield DebugTurn("", id="debug-turn", classes="block")
                    yield Static("", id="scene-title")
                    yield Prose(id="narrative")
                yield ChoiceList(id="choices")
            meters = MetersPanel(self.session, id="meters")
            meters.display = self.meters_shown  # as the player left it last time
            yield meters
        yield GameFooter()

    def on_mount(self) -> None:
        self.show(self.session)
        self.query_one(ChoiceList).focus()
        story = self.query_one("#story", VerticalScroll)
        self.watch(story, "scroll_y", self.on_story_scrolled, init=False)
        self.watch(story, "virtual_size", self.show_cues, init=False)
        self.watch(self.query_one(ChoiceList), "scroll_y", self.show_cues, init=False)

    # -- drawing ------------------------------------------------------------------------------

    def show(self, session: Session, problems: list[str] | None = None) -> None:
        """Redraw everything from the session (a new turn, an undo, a reload)."""
        self.session = session
        scene = session.scene
        self.show_status()
        self.query_one("#scene-title", Static).update(Content(scene.title))
        narrative = self.query_one("#narrative", Prose).update(session.scene_text)
        self.show_last_turn()
        if session.ended:
            self.query_one(ChoiceList).show_ending()
        else:
            self.query_one(ChoiceList).show(session.options())
        self.refresh_bindings()
        self.query_one(MetersPanel).show(session)
        if problems is not None:
            self.show_problems(problems)
        self._anchor = None
        self.laid_out = False
        self.query_one("#story", VerticalScroll).scroll_home(animate=False)
        # Not exclusive: cancelling the previous reveal would cancel its scene's drawing too.
        self.run_worker(self.reveal_scene_after(narrative), group="reveal")

    def show_status(self) -> None:
        """The status line: a notice while there is one, else the turn, scene and scenario."""
        status = self.query_one("#status-line", Static)
        status.set_class(self.notice is not None, "-notice")
        mark = Content.styled(DEBUG_MARK, "bold reverse") if self.debug_game else Content("")
        if self.notice is not None:
            status.update(Content.assemble(mark, self.notice))
            return
        session = self.session
        where = "The end" if session.ended else f"Turn {session.turn + 1}"
        title = f"{where}  ·  {session.scene.title}  ·  {session.scenario.title}"
        status.update(Content.assemble(mark, title))

    def show_last_turn(self) -> None:
        """What the last turn did and the news it brought; meters named briefly when narrow."""
        short = self.has_class("-narrow")
        self.query_one(LastChoice).show(self.session, short)
        self.query_one(NewsBlock).show(self.session, short)
        self.query_one(DebugTurn).show(self.session, self.debug_game)

    def show_problems(self, problems: list[str]) -> None:
        """Show (or clear) the problems of a failed live reload."""
        self.query_one(ReloadProblems).show(problems)

    # -- fitting the story and the choices ----------------------------------------------------

    async def reveal_scene_after(self, narrative: AwaitComplete) -> None:
        await narrative  # the drawings finish in turn; the last reveal sees the last scene
        self.call_after_refresh(self.fit, True)

    def story_need(self, text_lines: int = TEXT_IN_VIEW) -> int:
        """Lines the story needs to show the last turn, the scene's title and ``text_lines``
        lines of its text."""
        title = self.query_one("#scene-title", Static)
        narrative = self.query_one("#narrative", Prose)
        top = title.virtual_region_with_margin.y
        return top + title.outer_size.height + min(text_lines, narrative.outer_size.height)

    def fit(self, new_turn: bool = False, passes: int = 3) -> None:
        """Give the choices the lines they need, unless the story needs them to show the last
        turn and the new scene's start: the choices then keep at least CHOICES_MIN lines and
        scroll, with a cue. Then put the reader in place (see ``place``).

        A changed height can rewrap the choices (a scroll bar comes or goes), so the fit is
        measured again after each change, a few times at most.
        """
        if not self.is_mounted:
            return
        story = self.query_one("#story", VerticalScroll)
        choices = self.query_one(ChoiceList)
        shared = story.outer_size.height + choices.outer_size.height
        need = max(STORY_MIN, self.story_need())
        natural = choices.virtual_size.height + FRAME
        room = max(CHOICES_MIN + FRAME + 1, shared - need)
        height = min(natural, room)
        scrolls = natural > height  # then a line below the choices says so
        current = choices.styles.max_height
        if passes and (
            choices.has_class("-scrolls") != scrolls or current is None or current.value != height
        ):
            self._placing = True
            choices.set_class(scrolls, "-scrolls")
            choices.styles.max_height = height
            self.call_after_refresh(self.fit, new_turn, passes - 1)
        else:
            self.place(new_turn)

    def place(self, new_turn: bool) -> None:
        """A new turn is read from the top: the last turn first, then the scene (when the two
        cannot both show, the scene's start is the first thing PgDn shows); after a resize the
        reader stays where they were."""
        story = self.query_one("#story", VerticalScroll)
        self._placing = False
        if new_turn or self._anchor is None:
            story.scroll_to(y=0, animate=False, immediate=True)
            self.keep_anchor()
        else:
            widget, fraction = self._anchor
            if widget.is_attached:
                top = self.offset_in_story(widget) + fraction * widget.outer_size.height
                story.scroll_to(y=round(top), animate=False, immediate=True)
        self.show_cues()
        self.laid_out = True

    def anchors(self) -> list[Widget]:
        """The blocks of the story a reader's place is kept by, top to bottom."""
        story = self.query_one("#story", VerticalScroll)
        narrative = self.query_one("#narrative", Prose)
        blocks = [w for w in story.children if w is not narrative and w.display]
        return blocks + list(narrative.children)

    def offset_in_story(self, widget: Widget) -> int:
        """Where a block of the story starts, in lines from the story's top."""
        story = self.query_one("#story", VerticalScroll)
        top = 0
        node: Widget | None = widget
        while node is not None and node is not story:
            top += node.virtual_region_with_margin.y
            node = node.parent if isinstance(node.parent, Widget) else None
        return top

    def keep_anchor(self) -> None:
        """Remember the block at the top of the story and how far into it the reader is."""
        story = self.query_one("#story", VerticalScroll)
        y = story.scroll_y
        anchor = None
        for widget in self.anchors():
            top = self.offset_in_story(widget)
            if top <= y:
                height = max(1, widget.outer_size.height)
                anchor = (widget, min(1.0, (y - top) / height))
        self._anchor = anchor

    def on_story_scrolled(self, *_: object) -> None:
        if not self._placing:
            self.keep_anchor()
        self.show_cues()

    def show_cues(self, *_: object) -> None:
        """Say, on the choices' frame, where the story and the choices go on and which key
        shows the rest. Words on a frame never change the layout (a cue on a line of its own
        could make itself needed, and then not, for ever)."""
        story = self.query_one("#story", VerticalScroll)
        choices = self.query_one(ChoiceList)
        cues = []
        if story.scroll_y > 0:
            panel = self.query_one(LastChoice)
            last_turn_end = self.offset_in_story(panel) + panel.outer_size.height
            if self.session.last is not None and story.scroll_y < last_turn_end:
                cues.append("▲ PgUp: last turn")
            else:
                cues.append("▲ PgUp: back")
        if story.scroll_y < story.max_scroll_y:
            cues.append("▼ PgDn: more")
        title = " · ".join([CHOOSE, *cues]) if cues else CHOICES_HELP
        choices.border_title = f" {title} "
        hidden = []
        if choices.scroll_y > 0:
            hidden.append("▲ more choices above: ↑")
        if choices.scroll_y < choices.max_scroll_y:
            hidden.append("▼ more choices: ↓")
        choices.border_subtitle = f" {'  '.join(hidden)} " if hidden else ""

    def on_resize(self, event: Resize) -> None:
        width, height = event.size
        self.set_class(width < WIDE, "-narrow")
        self.set_class(width >= ROOMY, "-roomy")
        meters = self.query_one(MetersPanel)
        meters.compact = width < WIDE
        self.query_one(MarkAlerts).lines_allowed = 2 if height >= TALL else 1
        meters.show(self.session)
        self.show_last_turn()
        self._placing = True
        self.laid_out = False
        self.call_after_refresh(self.fit, False)

    # -- notices ------------------------------------------------------------------------------

    def show_notice(
        self, message: str, severity: str = "information", timeout: float | None = None
    ) -> None:
        """Say a notice in the status line for a few seconds (never over the choices)."""
        mark, style = NOTICE_MARKS.get(severity, NOTICE_MARKS["information"])
        first_line = " ".join(message.split())
        self.notice = (
            Content.styled(f"{mark}{first_line}", style)
            if style
            else Content(f"{mark}{first_line}")
        )
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self._notice_timer = self.set_timer(timeout or NOTICE_SECONDS, self.clear_notice)
        self.show_status()

    def clear_notice(self) -> None:
        self.notice = None
        self._notice_timer = None
        self.show_status()

    # -- actions ------------------------------------------------------------------------------

    def watch_meters_shown(self, shown: bool) -> None:
        self.query_one(MetersPanel).display = shown
        if self.is_mounted:
            self.call_after_refresh(self.fit, False)

    def action_toggle_meters(self) -> None:
        self.meters_shown = not self.meters_shown
        self.post_message(MetersToggled(self.meters_shown))
        self.notify("Meters shown." if self.meters_shown else "Meters hidden: m shows them again.")

    def action_choose(self, number: int) -> None:
        if self.session.ended:
            if number == 1:
                self.post_message(ChoiceMade(1))
            return
        options = self.session.options()
        if not 1 <= number <= len(options):
            self.app.bell()
            return
        option = options[number - 1]
        if not option.enabled:
            self.notify(
                f"Choice {number} is unavailable: {option.reason}", severity="warning", markup=False
            )
            return
        self.post_message(ChoiceMade(number))

    def action_scroll_story(self, pages: int) -> None:
        """Scroll the story a page (one line less, to keep the reader's place) down or up; a
        page near either end goes all the way there."""
        story = self.query_one("#story", VerticalScroll)
        page = max(1, story.scrollable_content_region.height - 1)
        target = story.scroll_y + pages * page
        if target <= 1:
            target = 0
        elif target >= story.max_scroll_y - 1:
            target = story.max_scroll_y
        story.scroll_to(y=target, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo is offered only while there is a choice it can take back."""
        if action == "undo":
            return self.session.can_undo
        return True

    def action_undo(self) -> None:
        self.post_message(UndoRequested())
