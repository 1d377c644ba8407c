"""Shared test setup: offscreen Qt, isolated settings, and no training thread left running."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import pytest


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Point the app's QSettings at a file under tmp_path: tests never touch the user's."""
    path = tmp_path / "settings" / "NeuralPlayground.ini"
    path.parent.mkdir()
    monkeypatch.setenv("NEURAL_PLAYGROUND_SETTINGS", str(path))
    yield path


@pytest.fixture(autouse=True)
def _dangling_qthreads():
    """Fail a test that leaves a training QThread running (napari's `_dangling_qthreads`).

    pytest-qt closes the widgets added with qtbot.addWidget before this check runs, so a
    window's closeEvent must have stopped and joined its worker by then.
    """
    yield
    import sys

    worker = sys.modules.get("gui.worker")
    if worker is None:  # no GUI test ran: nothing could have started a thread
        return
    running = worker.running_threads()
    worker.stop_all_threads()  # so one failure does not cascade into the next tests
    assert not running, f"the test left {len(running)} QThread(s) running"
