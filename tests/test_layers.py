"""The house's layers, checked statically: engine <- front ends <- teaching <- commands <- cli.

The contracts live in pyproject.toml ([tool.importlinter]); tests/engine/test_import_hygiene.py
checks the engine's purity at run time as well.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_no_module_imports_upward_and_the_engine_imports_no_terminal_library() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout
