"""The window's run history, used off the GUI thread.

`StoreLink(home)` opens `engine.runs.store.RunStore` in a thread of its own and runs every
call the dock makes (list, rename, pin, notes, delete, export, import) there, one at a time,
in the order asked: the GUI thread never waits on the disk. A result comes back to the GUI
thread through a queued signal and is handed to the `done` callback given with the call. The
training thread writes its run through the same store (`store_future`), which serialises the
two threads with its own lock.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from engine.runs.store import RunStore

OPEN_WAIT_S = 10.0  # how long the training thread waits for the store to open
CLOSE_WAIT_S = 5.0


class StoreLink(QObject):
    """One background thread that owns the calls to the store (see the module docstring)."""

    _finished = Signal(object, object)  # (done callback, Future): queued to the GUI thread

    def __init__(self, home: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.home = Path(home)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="RunStore")
        self.store_future: Future = self._executor.submit(RunStore.open, self.home)
        self._closed = False
        self._finished.connect(self._on_finished)

    def call(
        self,
        work: Callable[[RunStore], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
    ) -> Future | None:
        """Run `work(store)` in the store's thread; then, in the GUI thread, `done(result)`
        (or `failed(exception)`). None once the link is closed."""
        if self._closed:
            return None
        future = self._executor.submit(self._run, work)
        future.add_done_callback(lambda f: self._hand_back((done, failed), f))
        return future

    def _hand_back(self, callbacks: tuple, future: Future) -> None:
        try:
            self._finished.emit(callbacks, future)
        except RuntimeError:  # the window (and this object) went while the call ran
            pass

    def _run(self, work: Callable[[RunStore], Any]) -> Any:
        return work(self.store_future.result())

    @Slot(object, object)
    def _on_finished(self, callbacks: tuple, future: Future) -> None:
        done, failed = callbacks
        error = future.exception()
        if error is not None:
            if failed is not None:
                failed(error)
            return
        if done is not None:
            done(future.result())

    def close(self) -> None:
        """Close the store (in its thread) and end that thread; later calls do nothing."""
        if self._closed:
            return
        self._closed = True
        closing = self._executor.submit(lambda: self.store_future.result().close())
        try:
            closing.result(timeout=CLOSE_WAIT_S)
        except Exception:  # noqa: BLE001, S110 - nothing more to do with a store that is going
            pass
        self._executor.shutdown(wait=False)
