"""The architecture's import rules, checked by import-linter (contracts in pyproject.toml):
the engine never imports Qt, the layers only import downwards, and no modules form a cycle."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_every_import_contract_is_kept():
    exe = shutil.which("lint-imports")
    if exe is None:
        pytest.fail("import-linter is missing: pip install -e '.[test]'")
    out = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "3 kept, 0 broken" in out.stdout, out.stdout[-2000:]


def test_a_broken_contract_is_reported(tmp_path):
    """The contract machinery is live: a module that imports upwards fails the layers rule."""
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "engine", tmp_path / "engine", ignore=ignore)
    shutil.copytree(ROOT / "gui", tmp_path / "gui", ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "engine" / "data" / "upward.py").write_text("import engine.training.trainer\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}  # the copy, not the installed tree
    out = subprocess.run(
        [shutil.which("lint-imports") or "lint-imports", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert out.returncode != 0
    assert "engine.data is not allowed to import engine.training" in out.stdout
