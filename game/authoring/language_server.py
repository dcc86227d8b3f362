"""The language server: scenario mistakes as you type, completion, go to definition and hover,
over the Language Server Protocol on standard input and output (built on pygls).

Diagnostics come from the same checker as 'check' (errors and lint warnings with their codes and
hints), run on the text of the editor's buffers, saved or not, for every file of the scenario the
edited file belongs to.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from game.engine.model import Scenario
from game.engine.problems import ERROR, Problem
from game.engine.yamlfile import Reader, read_text, reader_with

from . import editing
from .lint import check
from .scenario_index import ScenarioIndex, manifest_for, scenario_files

NAME = "diplomatic-traps"
logger = logging.getLogger(__name__)
SETTLE_SECONDS = 0.15  # wait this long after a keystroke before checking again
COMPLETION_KINDS = {
    "scene": lsp.CompletionItemKind.Reference,
    "meter": lsp.CompletionItemKind.Variable,
    "flag": lsp.CompletionItemKind.Variable,
    "counter": lsp.CompletionItemKind.Variable,
    "trap": lsp.CompletionItemKind.Event,
    "turn": lsp.CompletionItemKind.Variable,
}
_WORD = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")
_OPERATORS = set("=<>!&|%+-*/")


class ScenarioServer(LanguageServer):
    """The server's state: per scenario (by manifest), its index, its last scenario that
    loaded, the files it published diagnostics for, and the check waiting to run."""

    def __init__(self, version: str) -> None:
        super().__init__(NAME, version)
        self.indexes: dict[Path, ScenarioIndex] = {}
        self.loaded: dict[Path, Scenario] = {}
        self.published: dict[Path, set[Path]] = {}
        self.waiting: dict[Path, asyncio.Task[None]] = {}

    # -- reading the editor's buffers ----------------------------------------------------------

    def reader(self) -> Reader:
        """Reads files as the editor has them: the open buffers' text, saved or not."""
        buffers = {}
        for document in list(self.workspace.text_documents.values()):
            path = to_fs_path(document.uri)
            if path is not None:
                buffers[Path(path)] = document.source
        return reader_with(buffers)

    def lines_of(self, path: Path, read: Reader) -> list[str]:
        text = read(path, [])
        return (text or "").splitlines()

    def scenario_of(self, uri: str, read: Reader) -> Path | None:
        path = to_fs_path(uri)
        return manifest_for(Path(path), read) if path is not None else None

    def index_of(self, manifest: Path, read: Reader) -> ScenarioIndex:
        index = self.indexes.setdefault(manifest, ScenarioIndex(manifest))
        index.update(read)
        return index

    # -- diagnostics ---------------------------------------------------------------------------

    def changed(self, uri: str) -> None:
        """A buffer opened, changed, was saved or closed: check its scenario once typing
        settles (a newer change cancels the wait)."""
        manifest = self.scenario_of(uri, self.reader())
        if manifest is None:
            path = to_fs_path(uri)
            if path is not None:
                self.publish(Path(path), [], read_text)  # no part of a scenario: nothing to say
            return
        waiting = self.waiting.pop(manifest, None)
        if waiting is not None:
            waiting.cancel()
        self.waiting[manifest] = asyncio.get_running_loop().create_task(self.settle(manifest))

    async def settle(self, manifest: Path) -> None:
        await asyncio.sleep(SETTLE_SECONDS)
        self.waiting.pop(manifest, None)
        try:
            self.check_now(manifest)
        except Exception:  # a bug of ours: say so in the editor's log, keep serving
            logger.exception("checking %s failed", manifest)
            self.window_log_message(
                lsp.LogMessageParams(
                    lsp.MessageType.Error, f"diplomatic-traps: checking {manifest} failed"
                )
            )

    def check_now(self, manifest: Path) -> None:
        """Check the scenario and publish the problems of each of its files (an empty list
        for files that no longer have any)."""
        read = self.reader()
        result = check(manifest, read)
        if result.scenario is not None:
            self.loaded[manifest] = result.scenario
        by_file: dict[Path, list[Problem]] = {}
        for path in scenario_files(manifest, read):
            by_file[path.resolve()] = []
        for problem in result.problems:
            by_file.setdefault(Path(problem.path).resolve(), []).append(problem)
        for path in self.published.get(manifest, set()) - set(by_file):
            self.publish(path, [], read)
        for path, problems in by_file.items():
            self.publish(path, problems, read)
        self.published[manifest] = {p for p, problems in by_file.items() if problems}

    def publish(self, path: Path, problems: list[Problem], read: Reader) -> None:
        lines = self.lines_of(path, read) if problems else []
        codec = self.workspace.position_codec
        diagnostics = []
        for problem in problems:
            start, end = _span(lines, problem)
            message = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
            diagnostics.append(
                lsp.Diagnostic(
                    range=lsp.Range(
                        codec.position_to_client_units(lines, start),
                        codec.position_to_client_units(lines, end),
                    ),
                    message=message,
                    severity=lsp.DiagnosticSeverity.Error
                    if problem.severity == ERROR
                    else lsp.DiagnosticSeverity.Warning,
                    code=problem.code,
                    source=NAME,
                )
            )
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=path.as_uri(), diagnostics=diagnostics)
        )

    # -- questions about a place ---------------------------------------------------------------

    def place(self, uri: str, position: lsp.Position) -> tuple[list[str], int, int]:
        document = self.workspace.get_text_document(uri)
        lines = document.source.splitlines()
        at = document.position_codec.position_from_client_units(document.lines, position)
        return lines, at.line, at.character

    def to_client(self, lines: Sequence[str], line: int, start: int, end: int) -> lsp.Range:
        codec = self.workspace.position_codec
        return lsp.Range(
            codec.position_to_client_units(lines, lsp.Position(line, start)),
            codec.position_to_client_units(lines, lsp.Position(line, end)),
        )


def _span(lines: list[str], problem: Problem) -> tuple[lsp.Position, lsp.Position]:
    """The stretch of text a problem is about: the name, operator or quoted text at its column
    (the whole first line for a problem of the whole file)."""
    if problem.line <= 0 or problem.line > len(lines):
        first = lines[0] if lines else ""
        return lsp.Position(0, 0), lsp.Position(0, len(first))
    line = problem.line - 1
    text = lines[line]
    start = min(max(problem.col - 1, 0), len(text))
    end = start
    if start < len(text):
        char = text[start]
        if char in _WORD:
            while end < len(text) and text[end] in _WORD:
                end += 1
        elif char in _OPERATORS:
            while end < len(text) and text[end] in _OPERATORS:
                end += 1
        elif char in "'\"" and text.find(char, start + 1) > start:
            end = text.find(char, start + 1) + 1
        else:
            end = start + 1
    return lsp.Position(line, start), lsp.Position(line, end)


def build_server() -> ScenarioServer:
    """A language server with every feature registered (not yet started)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("diplomatic-traps")
    except PackageNotFoundError:
        number = "0"
    server = ScenarioServer(number)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ScenarioServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ScenarioServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ScenarioServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ScenarioServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)  # the file on disk counts again

    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[".", " "])
    )
    def completion(ls: ScenarioServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        read = ls.reader()
        manifest = ls.scenario_of(params.text_document.uri, read)
        if manifest is None:
            return lsp.CompletionList(is_incomplete=False, items=[])
        lines, line, col = ls.place(params.text_document.uri, params.position)
        found = editing.completions(
            lines, line, col, ls.index_of(manifest, read), ls.loaded.get(manifest)
        )
        items = []
        for rank, item in enumerate(found):
            typed = item.replace
            items.append(
                lsp.CompletionItem(
                    label=item.label,
                    kind=COMPLETION_KINDS.get(item.kind),
                    detail=item.detail or None,
                    filter_text=item.label,
                    sort_text=f"{rank:05d}",
                    text_edit=lsp.TextEdit(
                        ls.to_client(lines, typed.line, typed.start, typed.end), item.label
                    ),
                )
            )
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: ScenarioServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        read = ls.reader()
        manifest = ls.scenario_of(params.text_document.uri, read)
        if manifest is None:
            return None
        lines, line, col = ls.place(params.text_document.uri, params.position)
        found = editing.definition(lines, line, col, ls.index_of(manifest, read))
        if found is None:
            return None
        target = ls.lines_of(found.path, read)
        return lsp.Location(
            uri=found.path.resolve().as_uri(),
            range=ls.to_client(target, found.line, found.col, found.col + found.length),
        )

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: ScenarioServer, params: lsp.HoverParams) -> lsp.Hover | None:
        read = ls.reader()
        manifest = ls.scenario_of(params.text_document.uri, read)
        if manifest is None:
            return None
        lines, line, col = ls.place(params.text_document.uri, params.position)
        if manifest not in ls.loaded:
            result = check(manifest, read, with_lint=False)
            if result.scenario is not None:
                ls.loaded[manifest] = result.scenario
        found = editing.hover(
            lines, line, col, ls.index_of(manifest, read), ls.loaded.get(manifest)
        )
        if found is None:
            return None
        text, word = found
        return lsp.Hover(
            contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text),
            range=ls.to_client(lines, word.line, word.start, word.end),
        )

    return server


def serve_stdio() -> None:
    """Run the language server on standard input and output until the editor stops it."""
    build_server().start_io()
