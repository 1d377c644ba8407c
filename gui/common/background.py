"""A file load that runs off the GUI thread, with a progress dialog and Cancel.

`BackgroundLoad(parent, label, load)` runs `load(progress, cancelled)` in a plain daemon thread
(NumPy and file reading release the GIL; nothing there touches a widget). A GUI-thread timer
moves the dialog's bar from the fraction the load last reported, and the result comes back as
`loaded(object)` or `failed(str)`. Cancel (or `cancel()`, e.g. when the window closes) asks
the load to stop at its next check and drops its result, so what was in use stays in use. The
dialog appears only when a load takes longer than a blink.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from gui.common.i18n import engine_message, set_ui_text

POLL_MS = 50
SHOW_AFTER_MS = 300

Load = Callable[[Callable[[float], None], Callable[[], bool]], Any]


class BackgroundLoad(QObject):
    loaded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget, label: str, load: Load) -> None:
        """`label` is shown as given: the caller translates it."""
        super().__init__(parent)
        self._load = load
        self._fraction = 0.0
        self._busy = False  # a moving bar without a fraction until the load reports one
        self._stop = threading.Event()
        self._done = threading.Event()
        self._outcome: tuple[str, Any] = ("", None)
        self.dialog = QProgressDialog(label, "", 0, 100, parent)
        set_ui_text(
            self.dialog, "Loading", QT_TRANSLATE_NOOP("Loading", "Cancel"), "setCancelButtonText"
        )
        self.dialog.setObjectName("loadProgress")
        set_ui_text(
            self.dialog, "Loading", QT_TRANSLATE_NOOP("Loading", "Loading"), "setWindowTitle"
        )
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_poll)
        self._thread = threading.Thread(target=self._run, name="BackgroundLoad", daemon=True)

    def start(self) -> None:
        self.dialog.setValue(0)
        self._thread.start()
        self._timer.start()

    def set_busy_until_progress(self) -> None:
        """Show a busy bar (no fraction) until the load first reports progress: a download
        may report none while it connects."""
        self._busy = True
        self.dialog.setRange(0, 0)

    def is_running(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def cancel(self) -> None:
        """Stop waiting for the load: its result, if it still comes, is dropped."""
        if not self._timer.isActive():
            return
        self._stop.set()
        self._finish()
        self.cancelled.emit()

    def _run(self) -> None:
        try:
            result = self._load(self._report, self._stop.is_set)
            self._outcome = ("ok", result)
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread as a message
            self._outcome = ("error", engine_message(exc) or type(exc).__name__)
        self._done.set()

    def _report(self, fraction: float) -> None:
        self._fraction = fraction  # a float store: read by the GUI thread's timer

    @Slot()
    def _on_poll(self) -> None:
        if not self._done.is_set():
            if self._busy and self._fraction > 0:
                self._busy = False
                self.dialog.setRange(0, 100)
            if not self._busy:
                self.dialog.setValue(int(self._fraction * 100))
            return
        self._finish()
        if self._stop.is_set():
            return
        kind, value = self._outcome
        if kind == "ok":
            self.loaded.emit(value)
        else:
            self.failed.emit(value)

    def _finish(self) -> None:
        self._timer.stop()
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()
        self.deleteLater()
