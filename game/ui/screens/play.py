"""The play screen: the scene's narrative, the news, what the last choice did, choices and meters."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.ui.messages import ChoiceMade, MetersToggled, UndoRequested
from game.ui.widgets.choices import ChoiceList
from game.ui.widgets.meters import MetersPanel
from game.ui.widgets.prose import Prose
from game.ui.widgets.story import LastChoice, NewsBlock, ReloadProblems

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete

    from game.engine.session import Session

WIDE = 100  # from this width on, the meters sit beside the story; below, above it in one-line rows
ROOMY = 140  # from this width on, the meters panel grows
SHORT = 32  # below this height, narrow screens show the meters two to a line
TEXT_IN_VIEW = 3  # lines of the new scene's text that must show under its title after a choice


class StoryScroll(VerticalScroll):
    """The scrolling story; when its own size changes (the choices or meters around it were laid
    out again), the cues above and below are brought up to date."""

    def on_resize(self, event: Resize) -> None:
        screen = self.screen
        if isinstance(screen, PlayScreen):
            self.call_after_refresh(screen.show_cues)


class PlayScreen(Screen):
    """One scene at a time; the app gives it the session and it redraws from what the session says."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "choose(1)", "Choose", key_display="1-9"),
        *(Binding(str(n), f"choose({n})", show=False) for n in range(2, 10)),
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
    ]

    meters_shown: reactive[bool] = reactive(True)

    def __init__(self, session: Session, meters_shown: bool = True) -> None:
        super().__init__()
        self.session = session
        self.set_reactive(PlayScreen.meters_shown, meters_shown)

    def compose(self) -> ComposeResult:
        yield Static("", id="status-line")
        with Horizontal(id="play-body"):
            with Vertical(id="story-column"):
                yield Static("", id="more-above", classes="cue")
                with StoryScroll(id="story"):
                    yield ReloadProblems("", id="reload-problems", classes="block")
                    yield LastChoice("", id="last-choice", classes="block")
                    yield NewsBlock("", id="news", classes="block")
                    yield Static("", id="scene-title")
                    yield Prose(id="narrative")
                yield Static("▼ more: PgDn or Space", id="more-below", classes="cue")
                yield ChoiceList(id="choices")
            meters = MetersPanel(self.session, id="meters")
            meters.display = self.meters_shown  # as the player left it last time
            yield meters
        yield Footer()

    def on_mount(self) -> None:
        self.show(self.session)
        choices = self.query_one(ChoiceList)
        choices.border_title = (
            "Your choices: 1-9, or arrows and Enter · PgDn/PgUp: scroll the story"
        )
        choices.focus()
        story = self.query_one("#story", VerticalScroll)
        self.watch(story, "scroll_y", self.show_cues, init=False)
        self.watch(story, "virtual_size", self.show_cues, init=False)

    def show(self, session: Session, problems: list[str] | None = None) -> None:
        """Redraw everything from the session."""
        self.session = session
        scene = session.scene
        scenario = session.scenario
        where = "The end" if session.ended else f"Turn {session.turn + 1}"
        self.query_one("#status-line", Static).update(
            Content(f"{where}  ·  {scene.title}  ·  {scenario.title}")
        )
        self.query_one("#scene-title", Static).update(Content(scene.title))
        narrative = self.query_one("#narrative", Prose).update(session.scene_text)
        self.show_last_choice()
        self.query_one(NewsBlock).show(session)
        if session.ended:
            self.query_one(ChoiceList).show_ending()
        else:
            self.query_one(ChoiceList).show(session.options())
        self.refresh_bindings()
        self.query_one(MetersPanel).show(session)
        if problems is not None:
            self.show_problems(problems)
        self.query_one("#story", VerticalScroll).scroll_home(animate=False)
        # Not exclusive: cancelling the previous reveal would cancel its scene's drawing too.
        self.run_worker(self.reveal_scene_after(narrative), group="reveal")

    async def reveal_scene_after(self, narrative: AwaitComplete) -> None:
        await narrative  # the drawings finish in turn; the last reveal sees the last scene
        self.call_after_refresh(self.reveal_scene)

    def reveal_scene(self) -> None:
        """Scroll the new scene's title to the top when what happened before it (the last
        choice, the news) would otherwise push the scene's first lines out of view."""
        story = self.query_one("#story", VerticalScroll)
        title = self.query_one("#scene-title", Static)
        top = title.virtual_region.y
        if top and top + 1 + TEXT_IN_VIEW > story.scrollable_content_region.height - 1:
            story.scroll_to(y=top, animate=False, immediate=True)
        self.show_cues()

    def show_cues(self, *_: object) -> None:
        """Say when the story goes on above or below what is on screen, and which key shows it."""
        story = self.query_one("#story", VerticalScroll)
        above = self.query_one("#more-above", Static)
        below = self.query_one("#more-below", Static)
        below.display = story.scroll_y < story.max_scroll_y
        above.display = story.scroll_y > 0
        title_top = self.query_one("#scene-title", Static).virtual_region.y
        if self.session.last is not None and 0 < story.scroll_y <= title_top:
            above.update("▲ above: what your last choice did · PgUp or b")
        else:
            above.update("▲ more above: PgUp or b")

    @property
    def brief(self) -> bool:
        """Narrow and with the meters on screen: their arrows show the moves, so say them once."""
        return self.has_class("-narrow") and self.meters_shown

    def show_last_choice(self) -> None:
        self.query_one(LastChoice).show(self.session, brief=self.brief)

    def show_problems(self, problems: list[str]) -> None:
        """Show (or clear) the problems of a failed live reload."""
        self.query_one(ReloadProblems).show(problems)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < WIDE, "-narrow")
        self.set_class(event.size.width >= ROOMY, "-roomy")
        self.set_class(event.size.height < SHORT, "-short")
        self.query_one(MetersPanel).compact = event.size.width < WIDE
        self.show_last_choice()

    def watch_meters_shown(self, shown: bool) -> None:
        self.query_one(MetersPanel).display = shown
        if self.is_mounted:
            self.show_last_choice()

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
        """Scroll the story a page (one line less, to keep the reader's place) down or up.

        The cues above and below take a line when they show, so a page near either end goes
        all the way there: PgUp from the second page always gets back to the top.
        """
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
