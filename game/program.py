"""How the player started this program, so that every command it prints works as printed:
``diplomatic-traps ...`` when installed, ``python main.py ...`` in a clone, ``python -m game ...``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

INSTALLED_NAME = "diplomatic-traps"


def program_name(argv0: str | None = None) -> str:
    """The words that start this program the way it was started this time, ready for a shell."""
    given = sys.argv[0] if argv0 is None else argv0
    path = Path(given)
    here = Path(__file__).resolve().parent
    if path.suffix == ".py" and path.is_file():
        if path.resolve() == here / "__main__.py":
            return f"{_python()} -m game"
        if path.resolve() == here.parent / "main.py":
            return f"{_python()} {shlex.quote(given)}"
    if path.name.startswith(INSTALLED_NAME):
        found = shutil.which(path.name)
        if found is not None and os.path.abspath(found) == os.path.abspath(given):
            return path.name  # on the PATH: typed by its name
        return shlex.quote(given)
    return INSTALLED_NAME  # run from another program (tests, an embedding): the usual name


def command_line(*words: str) -> str:
    """A command of this program, quoted for a shell: ``command_line("check", folder)``."""
    return " ".join([program_name(), *(shlex.quote(str(word)) for word in words)])


def _python() -> str:
    """The interpreter running this program, as short as typing it still finds the same one."""
    executable = os.path.abspath(sys.executable)
    for name in ("python", "python3"):
        found = shutil.which(name)
        if found is not None and os.path.abspath(found) == executable:
            return name
    try:
        relative = Path(executable).relative_to(Path.cwd())
    except ValueError:
        return shlex.quote(executable)
    return shlex.quote(str(relative))
