"""Start the desktop app: `run_app(argv)` makes the QApplication and shows the main window.

Only Qt, pyqtgraph and NumPy load here; TensorFlow is never imported at start-up.
"""

from __future__ import annotations

import sys


def run_app(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(list(argv if argv is not None else sys.argv))
    app.setOrganizationName("NeuralPlayground")
    app.setApplicationName("NeuralPlayground")
    app.setApplicationDisplayName("Neural Playground")

    from gui.main_window import MainWindow  # after the QApplication: panels read its palette
    from gui.worker import stop_all_threads

    window = MainWindow()
    window.show()
    code = app.exec()
    stop_all_threads()  # normally a no-op: closing the window has joined its worker
    return code
