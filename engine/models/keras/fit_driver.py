"""Training a Keras model from the worker thread through `model.fit`, Keras's fast compiled loop.

`engine.models.keras.fit_loop.fit_run` already bridges fit to the trainer and asks the control
for leave before every batch. The worker needs more from that moment than a yes or no: while
paused, posted edits, saves and evaluations must still run, unshown progress must be flushed,
and idle time must not count against the speed. `ServingControl` is the control as fit sees
it, and does those things while it waits.

Imported only by the worker thread, after the trainer has built its Keras model, so it never
brings TensorFlow into the GUI thread.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

import keras

from engine.models.keras.fit_loop import fit_run
from engine.training.control import TrainingControl
from engine.training.trainer import STOP_INTERRUPTED, BatchReport, EpochReport, Trainer

FLUSH_AFTER_S = 0.05  # while paused with something unshown, show it after this long


class FitListener(Protocol):
    """What the worker offers the fit loop; every method runs in the training thread."""

    def on_batch(self, trainer: Trainer, report: BatchReport) -> None: ...

    def on_epoch(self, trainer: Trainer, report: EpochReport) -> None: ...

    def serve(self, trainer: Trainer, hyper: dict[str, float]) -> None:
        """Apply hyperparameters (never the batch size) and run the posted tasks."""

    def flush(self, trainer: Trainer) -> None:
        """Emit whatever progress or snapshot is not shown yet."""

    def stale(self) -> bool: ...

    def idle(self, trainer: Trainer) -> None:
        """The loop waited: restart the speed measurement."""


class FitStopped(Exception):
    """Raised from a callback to leave fit at once: after a plain `stop_training` Keras would
    still train one batch (tracing it, on a first batch) and validate before returning."""


class ServingControl:
    """A TrainingControl for fit's bridge that serves the window while it waits for a batch.

    A new batch size cannot apply mid-fit (the bridge restarts fit for it), so it is held back
    until the bridge asks for the hyperparameters just before the next batch. A stop raises
    FitStopped out of fit.
    """

    def __init__(self, control: TrainingControl, trainer: Trainer, listener: FitListener):
        self._control = control
        self._trainer = trainer
        self._listener = listener
        self._deferred: dict[str, float] = {}

    @property
    def paused(self) -> bool:
        return self._control.paused

    @property
    def stop_requested(self) -> bool:
        return self._control.stop_requested

    def take_hyper(self) -> dict[str, float]:
        changes, self._deferred = {**self._deferred, **self._control.take_hyper()}, {}
        return changes

    def wait_for_batch(self, timeout: float | None = None) -> bool:
        """True when the next batch may run; raises FitStopped when the run is to stop."""
        while True:
            started = time.perf_counter()
            wait = FLUSH_AFTER_S if self._listener.stale() else None
            what = self._control.wait_for_work(wait)
            if time.perf_counter() - started > 0.02:
                self._listener.idle(self._trainer)
            if what == "stop":
                raise FitStopped
            if what == "batch":
                return True
            if what == "timeout":
                self._listener.flush(self._trainer)
                continue
            hyper = self._control.take_hyper()
            if "batch_size" in hyper:
                self._deferred["batch_size"] = hyper.pop("batch_size")
            self._listener.serve(self._trainer, hyper)


class _StopValidating(keras.callbacks.Callback):
    """A stop that arrives while fit validates leaves at the next validation batch."""

    def __init__(self, control: TrainingControl) -> None:
        super().__init__()
        self._control = control

    def on_test_batch_begin(self, batch: int, logs: Any = None) -> None:
        if self._control.stop_requested:
            raise FitStopped


def fit_in_worker(trainer: Trainer, control: TrainingControl, listener: FitListener) -> str:
    """Fit until the trainer finishes or the control stops it; returns why it stopped."""
    serving = ServingControl(control, trainer, listener)
    stopper = _StopValidating(control)
    while True:
        try:
            fit_run(
                trainer,
                serving,  # type: ignore[arg-type] - the same interface, see ServingControl
                on_batch=lambda report: listener.on_batch(trainer, report),
                on_epoch=lambda report: listener.on_epoch(trainer, report),
                extra_callbacks=[stopper],
            )
        except FitStopped:
            trainer.interrupt()
            return STOP_INTERRUPTED
        # fit runs to the epoch count it started with; a longer one set meanwhile goes on
        more = trainer.epochs_done < trainer.spec.training.epochs
        if trainer.stopped == STOP_INTERRUPTED and more and not control.stop_requested:
            trainer.stopped = None
            continue
        return trainer.stopped or STOP_INTERRUPTED
