"""Start the desktop app: `run_app(argv)` makes the QApplication and shows the main window.

Only Qt, pyqtgraph and NumPy load here; TensorFlow is never imported at start-up.
"""

from __future__ import annotations

import os
import sys


def missing_display() -> str:
    """Why Qt could not open a window here, or "" when it can. Qt itself would abort the
    process with a page of plugin errors; a learner should get one line saying what to do."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return ""
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return ""
    return (
        "error: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is "
        "set). Run it from a desktop session, under xvfb-run, or use the command line: "
        "python main.py train --help"
    )


def run_app(argv: list[str] | None = None) -> int:
    problem = missing_display()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(list(argv if argv is not None else sys.argv))
    app.setOrganizationName("NeuralPlayground")
    app.setApplicationName("NeuralPlayground")
    app.setApplicationDisplayName("Neural Playground")

    from gui.training.worker import stop_all_threads
    from gui.window.main_window import MainWindow  # after the QApplication: panels read its palette

    window = MainWindow()
    window.show()
    code = app.exec()
    stop_all_threads()  # normally a no-op: closing the window has joined its worker
    return code
