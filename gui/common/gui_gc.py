"""Python's garbage collector runs only in the GUI thread.

Left automatic, a collection runs in whichever thread happens to allocate - often the training
thread, in the middle of a Keras trace. If the garbage holds a Qt object (a closed window's
menu, a panel from a previous run), Qt then destroys it in that thread: its destructor takes a
Qt lock and waits for the GIL while the GUI thread holds the GIL and waits for that lock. The
window freezes for good. This was seen in the test suite on a busy machine.

pyqtgraph's `GarbageCollector` is the tool made for this: it turns automatic collection off
and collects on a GUI-thread timer instead (reference counting still frees almost everything
at once; only cycles wait for the timer).
"""

from __future__ import annotations

from pyqtgraph.util.garbage_collector import GarbageCollector

COLLECT_EVERY_S = 0.5

_collector: GarbageCollector | None = None


def collect_garbage_in_gui_thread() -> GarbageCollector:
    """Start collecting on the GUI thread's timer (once per process; call from that thread)."""
    global _collector
    if _collector is None:
        _collector = GarbageCollector(interval=COLLECT_EVERY_S)
    return _collector
