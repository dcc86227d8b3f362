"""Reading one YAML file safely into a node tree that keeps the line and column of every value.

Uses PyYAML's safe loader (the C one when available), refuses files over a size limit, anchors and
aliases, and reports syntax errors as Problems instead of raising.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import yaml

from .problems import Problem

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 2 * 1024 * 1024

# How the loader reads a file: its text, or None after recording why it cannot be read.
Reader = Callable[[Path, list[Problem]], "str | None"]


def _too_large(path: Path, size: int) -> Problem:
    return Problem(
        path,
        0,
        0,
        "DT101",
        f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
        "split the scenes into several files",
    )


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """The file's text, or None after recording why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(_too_large(path, size))
            return None
        data = path.read_bytes()
    except OSError as error:
        problems.append(
            Problem(
                path,
                0,
                0,
                "DT101",
                f"cannot read file: {error.strerror}",
                "check that the file exists and that you may read it",
            )
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(
            Problem(
                path,
                line,
                0,
                "DT101",
                "file is not UTF-8 text",
                "save it as UTF-8 in your editor",
            )
        )
        return None


def reader_with(overrides: Mapping[Path, str]) -> Reader:
    """A reader that takes the text of the files in ``overrides`` (an editor's unsaved buffers,
    by absolute path) instead of what is on disk, and reads every other file from disk."""
    texts = {Path(path).resolve(): text for path, text in overrides.items()}

    def read(path: Path, problems: list[Problem]) -> str | None:
        text = texts.get(path.resolve()) if texts else None
        if text is None:
            return read_text(path, problems)
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_FILE_BYTES:
            problems.append(_too_large(path, size))
            return None
        return text.removeprefix("\ufeff")

    return read


def compose(text: str, path: Path | str, problems: list[Problem]) -> yaml.Node | None:
    """The node tree of one YAML document, or None after recording a syntax problem."""
    if "&" in text and _refuse_anchors(text, path, problems):
        return None
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as error:
        problems.append(_syntax_problem(error, text, path))
        return None
    except yaml.reader.ReaderError as error:
        position = error.position
        if not (0 <= position < len(text) and ord(text[position]) == error.character):
            # libyaml counts bytes of UTF-8, the pure-Python reader characters
            position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
        line = text.count("\n", 0, position)
        col = position - (text.rfind("\n", 0, position) + 1)
        problems.append(
            Problem(
                path,
                line + 1,
                col + 1,
                "DT100",
                f"the control character U+{error.character:04X} is not allowed in a YAML file",
                "remove the invisible control character here (your editor may show it as ^[ "
                "or <1b>); to show a special character, write it out",
            )
        )
        return None
    except yaml.YAMLError as error:
        problems.append(
            Problem(path, 0, 0, "DT100", f"invalid YAML: {error}", "check the file's YAML syntax")
        )
        return None
    except RecursionError:
        problems.append(
            Problem(path, 0, 0, "DT100", "YAML is nested too deeply", "flatten the nesting")
        )
        return None
    return node


def _refuse_anchors(text: str, path: Path | str, problems: list[Problem]) -> bool:
    """Record a problem for every anchor or alias; True when there was one."""
    found = False
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            anchor = getattr(event, "anchor", None)
            if anchor is None:
                continue
            found = True
            mark = event.start_mark
            what = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
            problems.append(
                Problem(
                    path,
                    mark.line + 1,
                    mark.column + 1,
                    "DT102",
                    f"YAML {what} '{anchor}' is not allowed",
                    "write the value out in full; if '&' or '*' starts a text, put the text in quotes",
                )
            )
    except yaml.YAMLError:
        return False  # compose() reports the syntax error with its location
    return found


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: Path | str) -> Problem:
    """A YAML syntax error at the place that caused it, which is not always where the parser
    noticed it: an unclosed quote or bracket is reported where it opens."""
    mark = error.problem_mark or error.context_mark
    message = error.problem or "invalid YAML"
    if error.context:
        message = f"{message} ({error.context})"
    hint = _syntax_hint(message)
    if mark is None:
        return Problem(path, 0, 0, "DT100", message, hint or "check the file's YAML syntax")
    line, col = mark.line + 1, mark.column + 1
    context = error.context or ""
    opened = error.context_mark
    if opened is not None and context.startswith(
        ("while scanning a quoted", "while parsing a flow")
    ):
        what = "quote" if "quoted" in context else "bracket"
        message = f"this {what} is never closed ({error.problem}, line {line})"
        hint = f"add the closing {what}, or check the line it stops at"
        line, col = opened.line + 1, opened.column + 1
    else:
        lines = text.splitlines()
        before = lines[mark.line][: mark.column] if mark.line < len(lines) else ""
        if before[-1:] in ("'", '"'):
            # A quoted text ended here, on another line than it began: its own closing quote
            # is probably missing where it began.
            start = _quote_start(lines, mark.line, len(before) - 1, before[-1])
            if start is not None and start[0] < mark.line:
                message = f"this quoted text is not closed on its line (it runs on to line {line})"
                hint = "add the closing quote at the end of this line"
                line, col = start[0] + 1, start[1] + 1
    return Problem(path, line, col, "DT100", message, hint or "check the YAML syntax of this line")


def _quote_start(lines: list[str], line: int, col: int, quote: str) -> tuple[int, int] | None:
    """Where the quoted text closed at (line, col) began: the nearest earlier quote of the same
    kind (escaped or doubled quotes aside, which scenario texts rarely hold)."""
    for number in range(line, max(-1, line - 50), -1):
        text = lines[number] if number != line else lines[number][:col]
        found = text.rfind(quote)
        if found >= 0:
            return number, found
    return None


def _syntax_hint(message: str) -> str:
    if "tab" in message:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in message:
        return "a text containing ': ' must be put in quotes, or written as a block with '|'"
    if "expected <block end>" in message or "did not find expected" in message:
        return "check the indentation of this line and the one before"
    if "but found another document" in message:
        return "a scenario file holds one YAML document: remove the '---' line"
    return ""


def value_position(node: yaml.Node, offset: int, text: str | None) -> tuple[int, int]:
    """The 1-based line and column in the file of character ``offset`` of a scalar's value.

    Works for plain, quoted and block scalars on one line or several: the value and its source
    hold the same characters apart from white space (folding, indentation) and the quotes or block
    indicator, so the position is found by counting the characters that are not white space.
    Without the file's text, only one-line scalars are placed exactly.
    """
    mark = node.start_mark
    value = node.value if isinstance(node.value, str) else ""
    style = node.style or ""
    if text is None:
        if style in ("", "'", '"') and mark.line == node.end_mark.line:
            return mark.line + 1, mark.column + 1 + offset + (1 if style else 0)
        return mark.line + 1 + (style in ("|", ">")), mark.column + 1
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: mark.line]) + mark.column
    end = sum(len(line) for line in lines[: node.end_mark.line]) + node.end_mark.column
    if style in ("|", ">"):
        newline = text.find("\n", start, end)
        start = end if newline < 0 else newline + 1  # the content starts after the header line
    elif style:
        start += 1  # the opening quote
    wanted = sum(1 for char in value[:offset] if not char.isspace())
    at_end = not value[offset:].strip()
    seen = 0
    position = start
    for index in range(start, max(start, end)):
        if text[index].isspace():
            continue
        if seen == wanted and not at_end:
            position = index
            break
        seen += 1
        position = index + 1
        if seen == wanted and at_end:
            break
    line = text.count("\n", 0, position)
    line_start = text.rfind("\n", 0, position) + 1
    return line + 1, position - line_start + 1
