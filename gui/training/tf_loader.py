"""Importing TensorFlow in the background, once, the first time a Keras engine is chosen.

The import takes seconds and cannot be interrupted. It runs in one plain daemon thread, so the
window keeps drawing, and the training worker waits for it in short slices
(`wait_for_tensorflow`) so that Stop, a reset or closing the window never waits on an import.
The GUI thread never imports TensorFlow.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

_lock = threading.Lock()
_done = threading.Event()
_thread: threading.Thread | None = None
_error = ""
_listeners: list[Callable[[str], None]] = []


def start_import(on_done: Callable[[str], None] | None = None) -> bool:
    """Start the import unless it is under way or done; True when this call started it.

    `on_done(error)` runs in the import thread when it ends ("" when it worked); at once
    (in this thread) when the import had already ended.
    """
    global _thread
    with _lock:
        finished = _done.is_set()
        if not finished and on_done is not None:
            _listeners.append(on_done)
        started = _thread is None
        if started:
            _thread = threading.Thread(target=_import, name="ImportTensorFlow", daemon=True)
            _thread.start()
    if finished and on_done is not None:
        on_done(_error)
    return started


def wait_for_tensorflow(should_stop: Callable[[], bool], poll_s: float = 0.05) -> bool:
    """Start the import if needed and wait for it; False when `should_stop()` came first.

    Raises RuntimeError (with install advice) when TensorFlow cannot be imported.
    """
    start_import()
    while not _done.wait(poll_s):
        if should_stop():
            return False
    if _error:
        raise RuntimeError(_error)
    return True


def _import() -> None:
    global _error
    try:
        from engine.keras_import import import_tensorflow

        import_tensorflow()
        import keras  # noqa: F401 - the worker needs it next
    except Exception as exc:  # noqa: BLE001 - any failure becomes advice
        _error = (
            f"TensorFlow could not be loaded ({type(exc).__name__}: {exc}). "
            "Install it with: pip install tensorflow — or choose a NumPy model."
        )
    with _lock:
        _done.set()
        listeners = list(_listeners)
        _listeners.clear()
    for listener in listeners:
        try:
            listener(_error)
        except RuntimeError:  # its window was closed meanwhile (a deleted QObject)
            pass


class TensorFlowLoader(QObject):
    """`start()` begins the import (once per process); `loaded(error)` follows, queued to the
    GUI thread ("" when it worked)."""

    loaded = Signal(str)

    def start(self) -> bool:
        """True when the import is still to come (this call or another started it)."""
        if _done.is_set():
            return False
        start_import(self.loaded.emit)
        return not _done.is_set()

    @property
    def ready(self) -> bool:
        return _done.is_set() and not _error
