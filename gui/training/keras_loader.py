"""Importing Keras on its backend in the background, once, the first time a Keras engine is
chosen.

The import takes seconds and cannot be interrupted. It runs in one plain daemon thread, so the
window keeps drawing, and the training worker waits for it in short slices (`wait_for_keras`)
so that Stop, a reset or closing the window never waits on an import. The GUI thread never
imports Keras or a backend.

Keras fixes its backend at its first import, so the first Keras experiment's backend is the
window's for the rest of its life; a later experiment on another backend gets a `BackendError`
that says to restart (`engine.keras_import`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal

from engine.keras_import import BACKEND_TITLES, BackendError, import_keras

_lock = threading.Lock()
_done = threading.Event()
_thread: threading.Thread | None = None
_backend: str | None = None  # what the import was started on
_error = ""
_listeners: list[Callable[[str], None]] = []


def start_import(backend: str, on_done: Callable[[str], None] | None = None) -> bool:
    """Start importing Keras on `backend` unless an import is under way or done; True when this
    call started it.

    `on_done(error)` runs in the import thread when it ends ("" when it worked); at once
    (in this thread) when the import had already ended.
    """
    global _thread, _backend
    with _lock:
        finished = _done.is_set()
        if not finished and on_done is not None:
            _listeners.append(on_done)
        started = _thread is None
        if started:
            _backend = backend
            _thread = threading.Thread(
                target=_import, args=(backend,), name="ImportKeras", daemon=True
            )
            _thread.start()
    if finished and on_done is not None:
        on_done(_error)
    return started


def requested_backend() -> str | None:
    """The backend the import was started on, while it runs or once it worked: the one this
    process's Keras runs on, or soon will. None before any import, or when it failed."""
    with _lock:
        if _thread is None or (_done.is_set() and _error):
            return None
        return _backend


def import_under_way() -> bool:
    """Whether the import has started and not yet ended."""
    return _thread is not None and not _done.is_set()


def wait_for_keras(backend: str, should_stop: Callable[[], bool], poll_s: float = 0.05) -> bool:
    """Start the import if needed and wait for it; False when `should_stop()` came first.

    Raises RuntimeError (with install advice) when Keras cannot be imported, and BackendError
    when Keras already runs on another backend in this process.
    """
    start_import(backend)
    while not _done.wait(poll_s):
        if should_stop():
            return False
    if _error:
        raise RuntimeError(_error)
    try:
        import_keras(backend)  # done by now: only checks that the backend is the loaded one
    except BackendError as exc:  # an experiment (e.g. an opened file) on another backend
        said = QCoreApplication.translate(
            "Training", "{error} The Backend box is in the Network panel."
        )
        raise BackendError(said.format(error=exc)) from None
    return True


def _import(backend: str) -> None:
    global _error
    try:
        import_keras(backend)
    except BackendError as exc:
        said = QCoreApplication.translate("Training", "{error} — or choose a NumPy model.")
        _error = said.format(error=exc)
    except Exception as exc:  # noqa: BLE001 - any failure becomes advice
        title = BACKEND_TITLES.get(backend, backend)
        _error = QCoreApplication.translate(
            "Training",
            "Keras on {backend} could not be loaded ({error}). "
            "Choose another backend or a NumPy model.",
        ).format(backend=title, error=f"{type(exc).__name__}: {exc}")
    with _lock:
        _done.set()
        listeners = list(_listeners)
        _listeners.clear()
    for listener in listeners:
        try:
            listener(_error)
        except RuntimeError:  # its window was closed meanwhile (a deleted QObject)
            pass


class KerasLoader(QObject):
    """`start(backend)` begins the import (once per process); `loaded(error)` follows, queued
    to the GUI thread ("" when it worked)."""

    loaded = Signal(str)

    def start(self, backend: str) -> bool:
        """True when the import is still to come (this call or another started it)."""
        if _done.is_set():
            return False
        start_import(backend, self.loaded.emit)
        return not _done.is_set()

    @property
    def ready(self) -> bool:
        return _done.is_set() and not _error
