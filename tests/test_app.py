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


def test_a_missing_qt_system_library_is_named_with_the_apt_line(monkeypatch):
    from gui.window import app

    monkeypatch.setattr(app.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    line = app.missing_system_libraries(lambda lib: None if lib == "xcb-cursor" else "/lib/x.so")
    assert line.startswith("error:") and "\n" not in line
    assert "sudo apt-get install libxcb-cursor0" in line
    assert app.missing_system_libraries(lambda lib: "/lib/x.so") == ""
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # no X11 plugin: nothing to check
    assert app.missing_system_libraries(lambda lib: None) == ""
