"""The teacher's package as printable HTML pages (A4, one role sheet to a page, the debrief in
large type for a projector), made from the Markdown in docs/teachers-package.

The Markdown is read with markdown-it-py, the library of the game's Markdown pipeline. The
game's own renderer (game/engine/markdown.py) keeps to the small subset scenario authors may use
and shows headings and tables as plain text; these are documents, so the same library runs here
with the document rules (CommonMark and tables). Raw HTML in a page is never passed through.
Two markers are read before parsing: ``<!-- page-break -->`` starts a new printed page, and
``<!-- scenario: meters|traps|endings -->`` is replaced by a table made from the scenario, so
the package always names the mechanics of the version being played.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from game.engine.files import write_atomic
from game.engine.model import Scenario

PAGE_BREAK = "<!-- page-break -->"
SCENARIO_MARKER = re.compile(r"^<!-- scenario: (meters|traps|endings) -->[ \t]*$", re.M)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the package: its Markdown file and how it prints."""

    source: str
    kind: str  # "handout", "role" (one A4 page) or "projector" (large type, landscape)

    @property
    def html_name(self) -> str:
        return Path(self.source).with_suffix(".html").name


PAGES = (
    Page("README.md", "handout"),
    Page("lesson-plans.md", "handout"),
    Page("student-brief.md", "handout"),
    Page("role-kyiv.md", "role"),
    Page("role-europe.md", "role"),
    Page("role-moscow.md", "role"),
    Page("role-washington.md", "role"),
    Page("quiz.md", "handout"),
    Page("memo-rubric.md", "handout"),
    Page("debrief.md", "projector"),
    Page("mechanics.md", "handout"),
)

STYLE = """
body { font: 11pt/1.45 system-ui, sans-serif; color: #1a1a1a; max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.55rem; margin: 0 0 .6rem; }
h2 { font-size: 1.15rem; margin: 1.2rem 0 .4rem; border-bottom: 1px solid #bbb; }
h3 { font-size: 1rem; }
p, li { margin: .3rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .92em; margin: .6rem 0; }
th, td { border: 1px solid #bbb; padding: .25rem .45rem; vertical-align: top; text-align: left; }
th { background: #f0f0f0; }
blockquote { border-left: 4px solid #888; margin: .8rem 0; padding: .1rem .8rem; color: #333; }
code, pre { font-family: ui-monospace, monospace; font-size: .9em; }
pre { background: #f4f4f4; padding: .5rem .7rem; white-space: pre-wrap; }
em { color: #333; }
nav.package { font-size: .9em; color: #555; margin-bottom: 1rem; }
.page-break { break-after: page; height: 0; }
section.document { break-after: page; }
section.document + section.document { margin-top: 3rem; border-top: 3px double #bbb; }
.role h2 { font-size: 1.05rem; margin-top: .8rem; }
.role p, .role li { margin: .15rem 0; }
.projector { font-size: 26px; max-width: 62rem; }
.projector h1 { font-size: 1.8em; } .projector h2 { font-size: 1.5em; border: 0; }
.projector section.part { min-height: 90vh; }
@page { size: A4; margin: 15mm 16mm; }
@page projector { size: A4 landscape; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  nav.package { display: none; }
  a { color: inherit; text-decoration: none; }
  tr, blockquote, pre, li { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  section.document + section.document { margin-top: 0; border: 0; }
  .role { font-size: 9.5pt; }
  .projector { page: projector; font-size: 24pt; }
  .projector section.part { min-height: 0; }
}
"""


class PackageMissing(Exception):
    """The package's Markdown pages are not where the game expects them."""


def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _cell(text: str) -> str:
    """Text for a Markdown table cell: on one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def scenario_tables(scenario: Scenario | None) -> dict[str, str]:
    """The Markdown tables the markers stand for, made from the scenario."""
    if scenario is None:
        missing = "*(The scenario could not be loaded when this page was built.)*"
        return dict.fromkeys(("meters", "traps", "endings"), missing)
    meters = ["| Meter | Better when | Shown | What it measures |", "|---|---|---|---|"]
    for meter in scenario.meters:
        meters.append(
            f"| {_cell(meter.label)} | {'higher' if meter.good == 'high' else 'lower'} "
            f"| {'hidden' if meter.hidden else 'on screen'} | {_cell(meter.description or '')} |"
        )
    traps = ["| Trap | Its lesson | The source's words |", "|---|---|---|"]
    for trap in scenario.traps.values():
        traps.append(f"| {_cell(trap.name)} | {_cell(trap.lesson)} | {_cell(trap.source)} |")
    endings = ["| Ending | Outcome |", "|---|---|"]
    for scene in scenario.scenes.values():
        if scene.ending is not None:
            endings.append(f"| {_cell(scene.title)} | {scene.ending.outcome} |")
    about = f"\n\n*From {_cell(scenario.title)}, version {_cell(scenario.version)}.*"
    return {
        "meters": "\n".join(meters) + about,
        "traps": "\n".join(traps),
        "endings": "\n".join(endings),
    }


def _links(html: str, names: set[str]) -> str:
    """Links to other pages of the package point at their HTML; links out of the package (to
    the rest of the documentation) keep their words and lose the link."""

    def relink(match: re.Match[str]) -> str:
        target, words = match.group(1), match.group(2)
        page, _, anchor = target.partition("#")
        if re.match(r"[a-z]+:", target):
            return match.group(0)
        if page in names:
            new = Path(page).with_suffix(".html").name + (f"#{anchor}" if anchor else "")
            return f'<a href="{new}">{words}</a>'
        if not page and anchor:
            return match.group(0)
        return words

    return re.sub(r'<a href="([^"]*)">(.*?)</a>', relink, html, flags=re.S)


def _anchored(html: str) -> str:
    """Headings with ids as GitHub makes them, so that #links between pages work."""

    def anchor(match: re.Match[str]) -> str:
        level, text = match.group(1), match.group(2)
        plain = re.sub(r"<[^>]+>", "", text)
        slug = re.sub(r"[^\w\- ]", "", plain.lower()).strip().replace(" ", "-")
        return f'<h{level} id="{slug}">{text}</h{level}>'

    return re.sub(r"<h([1-6])>(.*?)</h\1>", anchor, html, flags=re.S)


def render_body(markdown: str, scenario: Scenario | None) -> str:
    """One page's Markdown as HTML, its markers replaced, its parts as sections."""
    tables = scenario_tables(scenario)
    markdown = SCENARIO_MARKER.sub(lambda m: tables[m.group(1)], markdown)
    parser = _parser()
    parts = [part for part in markdown.split(PAGE_BREAK) if part.strip()]
    names = {page.source for page in PAGES}
    rendered = [_anchored(_links(parser.render(part), names)) for part in parts]
    return "\n<div class='page-break'></div>\n".join(
        f"<section class='part'>\n{html}</section>" for html in rendered
    )


def title_of(markdown: str, fallback: str) -> str:
    match = re.search(r"^# (.+)$", markdown, re.M)
    return match.group(1).strip() if match else fallback


def _document(title: str, body: str, body_class: str = "") -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            "<html lang='en'><head><meta charset='utf-8'>",
            "<meta name='viewport' content='width=device-width, initial-scale=1'>",
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>",
            f"<body class='{body_class}'>",
            body,
            "</body></html>",
            "",
        ]
    )


def build(source: Path, out: Path, scenario: Scenario | None) -> list[Path]:
    """Write every page as HTML into ``out``, with ``index.html`` and ``all.html`` (the whole
    package in one document, for printing at once); return the files written."""
    missing = [page.source for page in PAGES if not (source / page.source).is_file()]
    if missing:
        raise PackageMissing(f"{source} lacks {', '.join(missing)}")
    written: list[Path] = []
    sections: list[str] = []
    contents: list[tuple[Page, str]] = []
    nav = "<nav class='package'><a href='index.html'>The teacher's package</a></nav>"
    for page in PAGES:
        markdown = (source / page.source).read_text(encoding="utf-8")
        title = title_of(markdown, page.source)
        body = render_body(markdown, scenario)
        path = out / page.html_name
        write_atomic(path, _document(title, f"{nav}\n{body}", page.kind))
        written.append(path)
        sections.append(f"<section class='document {page.kind}'>\n{body}\n</section>")
        contents.append((page, title))
    items = "\n".join(
        f"<li><a href='{page.html_name}'>{escape(title)}</a></li>" for page, title in contents
    )
    index = (
        "<h1>The teacher's package</h1>\n<p>Open a page and print it (Print → Save as PDF for a "
        "PDF). <a href='all.html'>All pages in one document</a>.</p>\n"
        f"<ul>\n{items}\n</ul>"
    )
    write_atomic(out / "index.html", _document("The teacher's package", index, "handout"))
    write_atomic(out / "all.html", _document("The teacher's package", "\n".join(sections)))
    return [*written, out / "index.html", out / "all.html"]
