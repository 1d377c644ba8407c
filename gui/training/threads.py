"""Every training thread started by a `TrainingSession`, held (with its worker and control)
until it has ended: a thread whose owner vanished without stopping it is never destroyed while
running, the application stops them all on exit, and the test suite checks that none is left
running (and stops any that is)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread

from engine.training.control import TrainingControl

_LIVE: dict[int, tuple[QThread, QObject, TrainingControl]] = {}


def register_thread(thread: QThread, worker: QObject, control: TrainingControl) -> None:
    """Hold a started thread, with its worker and control, until it has ended."""
    prune_live()
    _LIVE[id(thread)] = (thread, worker, control)


def prune_live() -> None:
    from shiboken6 import isValid

    for key, (thread, _, _) in list(_LIVE.items()):
        if not isValid(thread) or not thread.isRunning():
            del _LIVE[key]


def running_threads() -> list[QThread]:
    """Training threads started here that are still running."""
    prune_live()
    return [thread for thread, _, _ in _LIVE.values()]


def unstopped_threads() -> list[QThread]:
    """Running training threads that nobody has asked to stop: a leak, not a slow exit."""
    prune_live()
    return [thread for thread, _, control in _LIVE.values() if not control.stop_requested]


def join_all_threads(timeout_ms: int) -> bool:
    """Wait for every training thread to end (each already asked to stop); True when all did."""
    prune_live()
    for thread, _, _ in list(_LIVE.values()):
        thread.wait(timeout_ms)
    return not running_threads()


def stop_all_threads(timeout_ms: int = 2000) -> None:
    """Stop and join every training thread still running (application exit, test clean-up)."""
    prune_live()
    for thread, _, control in list(_LIVE.values()):
        control.stop()
        thread.wait(timeout_ms)
    prune_live()
