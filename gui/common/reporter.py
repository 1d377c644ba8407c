"""How a feature tells the user something: a status-bar line, or a message box for a failure.

Features get a `StatusReporter` in their constructor instead of reaching for the window.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

PROBLEM_MS = 15_000  # long enough to read a validation message
ERROR_MS = 10_000


class StatusReporter:
    """Writes to one status bar; error boxes are window-modal over `parent`."""

    def __init__(self, status_bar: QStatusBar, parent: QWidget) -> None:
        self._bar = status_bar
        self._parent = parent

    def show_message(self, text: str, timeout_ms: int = 0) -> None:
        """A status-bar line (0: until the next one). Texts come translated by the feature."""
        self._bar.showMessage(text, timeout_ms)

    def show_problem(self, text: str) -> None:
        """Something the user asked for could not be done; nothing else changed."""
        self._bar.showMessage(text, PROBLEM_MS)

    def show_error(self, title: str, text: str) -> QMessageBox:
        """A window-modal message that does not block the event loop (training keeps drawing)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self._parent
        )
        box.setObjectName("errorMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        line = QCoreApplication.translate("Status", "{title}: {text}")
        self._bar.showMessage(line.format(title=title, text=text), ERROR_MS)
        return box
