"""The engine is pure Python: importing it must not load Textual or Rich."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_engine_imports_no_terminal_libraries() -> None:
    code = (
        "import json, sys; import game.engine, game.engine.saves, game.engine.catalog, "
        'game.engine.markdown; game.engine.markdown.parse("*x*"); '
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    modules = json.loads(out)
    assert "game.engine.session" in modules  # the import really happened
    leaked = [m for m in modules if m.split(".")[0] in ("textual", "rich")]
    assert leaked == []
