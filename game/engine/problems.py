"""Problems found in scenario files: values with a location, a stable code, a message and a hint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .plurals import plural

ERROR = "error"
WARNING = "warning"

# Stable codes. Errors stop a scenario from loading; warnings come from the linter.
CODES: dict[str, str] = {
    "DT100": "the file is not valid YAML",
    "DT101": "the file cannot be read (missing, too large, not UTF-8)",
    "DT102": "YAML anchors and aliases are not allowed",
    "DT103": "a key appears twice in the same block",
    "DT104": "YAML tags such as !!python/object are not allowed",
    "DT110": "unknown key",
    "DT111": "a required key is missing",
    "DT112": "a value has the wrong type",
    "DT113": "a value is not one of those allowed",
    "DT120": "an expression cannot be parsed",
    "DT121": "an expression names something the scenario does not declare",
    "DT122": "an expression mixes numbers and true/false",
    "DT130": "a link points to a scene that does not exist",
    "DT131": "an id is used twice",
    "DT132": "the start scene does not exist",
    "DT133": "the scenario has no ending",
    "DT134": "a choice names a trap that is not declared",
    "DT135": "an ending scene also has choices",
    "DT136": "a meter's range or starting value is impossible",
    "DT137": "the scenario folder has no manifest",
    # Warnings from the linter (game/authoring/lint.py): the scenario loads but looks wrong.
    "DT200": "a scene no path from the start can reach",
    "DT201": "a scene with no way out that is not an ending",
    "DT202": "a flag or counter is set but never read",
    "DT203": "a meter, flag or counter is read but never set",
    "DT204": "a condition can never be true",
    "DT205": "a condition is always true",
    "DT206": "an effect pushes a meter past its range every time",
    "DT207": "a trap is declared but no choice springs it",
    "DT208": "an ending no path from the start can reach",
    "DT209": "a very long text block",
    "DT210": "a meter, flag or counter is declared but never used",
    "DT211": "a choice that can never be taken where it is offered",
    "DT212": "a chance branch or news item whose weight is always 0 (never drawn)",
    "DT213": "a loop of scenes from which no ending can be reached",
    "DT214": "a scene or choice with no text",
    "DT215": "a glossary term defined twice",
    "DT216": "a disabled_reason on a choice without 'if' (never shown)",
    "DT217": "a blame meter that does not say lower is better ('good: low')",
    "DT218": "a control character (escape code, bell, direction override) in a text",
    "DT230": "a route turns on a threshold of a visible meter that is not one of its marks",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or suspicious) in a scenario file."""

    path: Path | str
    line: int  # 1-based; 0 when the problem has no line
    col: int  # 1-based; 0 when the problem has no column
    code: str
    message: str
    hint: str = ""
    severity: str = ERROR

    def format(self) -> str:
        """``path:line:col: error: message [DT123]`` and, on the next line, the hint."""
        where = str(self.path)
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        text = f"{where}: {self.severity}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        """A plain dictionary for machine-readable output."""
        return {
            "path": str(self.path),
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


class ScenarioError(Exception):
    """Raised when a scenario cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == ERROR]
        first = errors[0].format() if errors else "unknown problem"
        super().__init__(f"{plural(len(errors), 'error')} in scenario; first: {first}")
