"""Start the desktop app: `run_app(argv)` makes the QApplication and shows the main window.

Only Qt, pyqtgraph and NumPy load here; neither Keras nor any backend of it loads at start-up.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


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


# Qt's xcb platform plugin loads these when it opens a window on X11. A minimal desktop install
# can lack them, and then Qt aborts the process with a page of plugin errors that a learner
# cannot act on. Debian/Ubuntu package names; other distributions name them alike.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-image": "libxcb-image0",
}


def missing_system_libraries(find_library: Callable[[str], str | None] | None = None) -> str:
    """One line naming the system packages Qt's X11 plugin needs and cannot find, or ""."""
    if not sys.platform.startswith("linux") or not os.environ.get("DISPLAY"):
        return ""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if (platform and not platform.startswith("xcb")) or os.environ.get("WAYLAND_DISPLAY"):
        return ""
    if find_library is None:
        from ctypes.util import find_library
    missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if not find_library(lib)]
    if not missing:
        return ""
    return (
        f"error: Qt needs system libraries that are not installed ({', '.join(missing)}). "
        f"Install them and start again: sudo apt-get install {' '.join(missing)}"
    )


def run_app(argv: list[str] | None = None, home: str | None = None) -> int:
    """Open the window; `home` (--home DIR) is where its run history is kept."""
    problem = missing_display() or missing_system_libraries()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(list(argv if argv is not None else sys.argv))
    app.setOrganizationName("NeuralPlayground")
    app.setApplicationName("NeuralPlayground")
    app.setApplicationDisplayName("Neural Playground")

    from gui.common.i18n import chosen_language, install_language
    from gui.common.settings import app_settings
    from gui.experiment.backend_choice import default_to_remembered

    install_language(chosen_language(app_settings()))  # before any widget sets its texts
    default_to_remembered(app_settings())  # before any experiment takes its default backend
    from gui.training.threads import stop_all_threads
    from gui.window.main_window import MainWindow  # after the QApplication: panels read its palette

    window = MainWindow(home=home)
    window.show()
    code = app.exec()
    stop_all_threads()  # normally a no-op: closing the window has joined its worker
    return code
