"""Shared test setup: offscreen Qt, isolated settings, and no training thread left running."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt
# A run recorded before the per-test home below exists (at collection, in a module-scoped
# fixture) still never lands in the user's run history; each test then gets its own.
os.environ["NEURAL_PLAYGROUND_HOME"] = tempfile.mkdtemp(prefix="neural-playground-tests-")

import pytest


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Point the app's QSettings and run history at tmp_path: tests never touch the user's. Tests
    run in English whatever the machine's locale, and a test that switched language leaves
    English behind."""
    path = tmp_path / "settings" / "NeuralPlayground.ini"
    path.parent.mkdir()
    monkeypatch.setenv("NEURAL_PLAYGROUND_SETTINGS", str(path))
    monkeypatch.setenv("NEURAL_PLAYGROUND_LANG", "en")  # the system locale, for gui.common.i18n
    # the run history (engine/runs): every run a test trains is recorded under tmp_path,
    # never in the user's data folder or the repository
    monkeypatch.setenv("NEURAL_PLAYGROUND_HOME", str(tmp_path / "home"))
    yield path
    import sys

    i18n = sys.modules.get("gui.common.i18n")
    if i18n is not None and i18n.current_language() != i18n.ENGLISH:
        i18n.install_language(i18n.ENGLISH)


@pytest.fixture(autouse=True)
def _collect_garbage_between_tests():
    """Once a window has turned automatic collection off (gui.common.gui_gc), tests that never
    spin the event loop would never collect: let the collector look after each test."""
    yield
    import sys

    gui_gc = sys.modules.get("gui.common.gui_gc")
    if gui_gc is not None and gui_gc._collector is not None:
        gui_gc._collector.check()


@pytest.fixture(autouse=True)
def _dangling_qthreads():
    """Fail a test that leaves a training QThread running (napari's `_dangling_qthreads`).

    pytest-qt closes the widgets added with qtbot.addWidget before this check runs, so a
    window's closeEvent must have stopped and joined its worker by then.
    """
    yield
    import sys

    threads = sys.modules.get("gui.training.threads")
    if threads is None:  # no GUI test ran: nothing could have started a thread
        return
    # A window's close asks its run to stop and joins it for a second; on a busy machine a
    # Keras thread may need longer to leave a trace or TensorFlow's import. Wait for those
    # to end rather than race them. A thread nobody asked to stop is a leak: fail at once.
    leaked = threads.unstopped_threads()
    threads.stop_all_threads()  # so one failure does not cascade into the next tests
    assert not leaked, f"the test left {len(leaked)} QThread(s) running, never asked to stop"
    assert threads.join_all_threads(THREAD_EXIT_MS), (
        f"a stopped QThread was still running {THREAD_EXIT_MS / 1000:.0f} s after the test"
    )


THREAD_EXIT_MS = 60_000  # how long a stopped training thread may take to end at teardown
WINDOW_READY_MS = 90_000  # the first TensorFlow import and trace take seconds on 2 busy cores


@pytest.fixture
def make_window(qtbot):
    """Build MainWindows that wait until their trainer exists. They are held until teardown
    (pytest-qt keeps only weak references), where pytest-qt closes them and closeEvent joins
    the worker."""
    from gui.window.main_window import MainWindow

    windows = []

    def make(experiment=None):
        win = MainWindow(experiment)
        qtbot.addWidget(win)
        windows.append(win)
        qtbot.waitUntil(lambda: win.trainer is not None, timeout=WINDOW_READY_MS)
        return win

    yield make
