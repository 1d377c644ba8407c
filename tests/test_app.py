"""Starting the app as a user would, from a shell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_app_without_a_display_says_what_to_do_instead_of_aborting():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    out = subprocess.run(
        [sys.executable, "main.py"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 1
    assert "no display" in out.stderr and "python main.py train --help" in out.stderr
    assert "Traceback" not in out.stderr
