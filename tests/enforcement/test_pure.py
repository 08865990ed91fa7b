"""The enforcement engines are pure: importing them loads no Django module (DESIGN.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["lantian.enforcement.rating", "lantian.enforcement.deadlines"])
def test_engine_imports_no_django(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
