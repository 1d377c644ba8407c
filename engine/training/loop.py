"""The one training loop, shared by the CLI, the window's worker thread and every engine.

`run_training(trainer, control, listener)` trains until the trainer finishes or the control
says stop. Between any two batches it serves the control (`TrainingControl.wait_for_work`):
pause, single steps, stop, a speed limit, posted tasks (a clicked weight, a save, an
evaluation) and live hyperparameters (lr, momentum, L1, L2, batch size, epochs). While it
waits with something unshown it asks the listener to flush, and a long wait is reported as
idle time so it does not count against the speed.

A model trains in one of two ways:

- one `trainer.step()` at a time (the NumPy models);
- in its own compiled loop (`FitsItself`, Keras `model.fit`), to which the loop hands a
  `FitHooks` object: the model's fit callback calls it before and after every batch and
  epoch, so the same waiting and serving happen there. A new batch size restarts fit (same
  weights, the epoch begun again); epochs added mid-run continue in a new fit; a stop, even
  while fit validates, leaves fit at once (FitStopped). Keras's logs are read at most
  REPORT_INTERVAL_S apart (reading them waits for the backend to finish the batch), except
  while paused.

Whoever keeps a record of the run (the run history: `engine.runs.recorder.RunRecorder`) is an
`observer` (`RunObserver`): the loop tells it after every epoch and once when the run ends, with
how it ended (completed, early_stopping, diverged; "stopped" by the control; "interrupted" by
Ctrl-C; "crashed" by an exception, which then goes on up) and the final metrics.

Divergence (a NaN/inf loss) is not an exception here: the weights go back to the last finite
ones (the NumPy step is not applied; a Keras epoch is rolled back to its start) and the run
ends with `trainer.stopped == "diverged"` and `trainer.message` explaining it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from engine.models.api import FitsItself, FitStopped
from engine.training.control import TrainingControl
from engine.training.trainer import (
    STOP_INTERRUPTED,
    BatchReport,
    EpochReport,
    Trainer,
    TrainingDiverged,
)

REPORT_INTERVAL_S = 1 / 30  # the GUI redraws at most 30 times a second; read Keras's logs no faster
FLUSH_AFTER_S = 0.05  # while waiting with something unshown, show it after this long
IDLE_AFTER_S = 0.02  # a wait longer than this is idle time, not training time
ENDED_STOPPED = "stopped"  # the control said stop (the window's Stop or Reset)
ENDED_CRASHED = "crashed"  # an exception ended training


class TrainingListener:
    """What the loop tells whoever runs it. Every method runs in the training thread, between
    two batches; they all do nothing here, so a listener overrides only what it needs."""

    def on_batch(self, trainer: Trainer, report: BatchReport) -> None:
        """Batches trained; `report` is the latest (a self-fitting model reports at most
        every REPORT_INTERVAL_S while running, counting every batch in `trainer.step_count`)."""

    def on_epoch(self, trainer: Trainer, report: EpochReport) -> None:
        """An epoch ended and was validated."""

    def on_finished(self, trainer: Trainer) -> None:
        """The trainer finished by itself: `trainer.stopped` is completed, early_stopping or
        diverged, and `trainer.message` may say why. Never called after a stop."""

    def on_served(self, trainer: Trainer, hyper: dict[str, float], tasks: int) -> None:
        """Between two batches, `hyper` was applied and `tasks` posted tasks ran."""

    def on_error(self, trainer: Trainer, exc: Exception) -> None:
        """Hyperparameters could not be applied. By default the error ends the run; a
        listener that reports it instead lets the run go on with the old values."""
        raise exc

    def stale(self) -> bool:
        """Whether progress was made that is not shown yet (then `flush` is asked for while
        the loop waits)."""
        return False

    def flush(self, trainer: Trainer) -> None:
        """Show whatever is not shown yet (paused, stepped, or waiting under a speed limit)."""

    def idle(self, trainer: Trainer) -> None:
        """The loop waited (paused, or a speed limit): restart any speed measurement."""


class RunObserver(Protocol):
    """Keeps a record of a run (the run history's RunRecorder). Called in the training thread;
    it must not raise into training (a failed write is its own problem to report)."""

    def on_epoch(self, trainer: Trainer) -> None:
        """An epoch ended (`trainer.history[-1]` is its report)."""

    def on_end(self, trainer: Trainer, ended_how: str, metrics: dict[str, float | None]) -> None:
        """The run ended, once: `ended_how` is completed, early_stopping, diverged, stopped,
        interrupted or crashed; `metrics` are `final_metrics(trainer)`."""


def final_metrics(trainer: Trainer) -> dict[str, float | None]:
    """The last epoch's train and validation loss and score, and the test set's (evaluated
    now); None where unknown (no epoch yet, or the model cannot be evaluated)."""
    last = trainer.history[-1] if len(trainer.history) else None
    metrics: dict[str, float | None] = {
        "train_loss": last.loss if last else None,
        "train_accuracy": last.accuracy if last else None,
        "val_loss": last.val_loss if last else None,
        "val_accuracy": last.val_accuracy if last else None,
        "test_loss": None,
        "test_accuracy": None,
    }
    try:
        metrics["test_loss"], metrics["test_accuracy"] = trainer.test_metrics()
    except Exception:  # noqa: BLE001 - a crashed run is recorded without its test score
        pass
    return metrics


def run_training(
    trainer: Trainer,
    control: TrainingControl,
    listener: TrainingListener | None = None,
    *,
    callbacks: Sequence[Any] = (),
    linger: bool = False,
    observers: Sequence[RunObserver] = (),
) -> str:
    """Train until the trainer finishes or the control says stop. Returns why it stopped:
    `trainer.stopped` (completed, early_stopping, diverged) or "interrupted".

    `callbacks` are extra callbacks for a model that runs its own fit loop (Keras:
    TensorBoard). With `linger`, a trainer that finished keeps serving posted tasks and
    hyperparameters until the control says stop, so a finished model can still be edited,
    evaluated and saved in its own thread. `observers` hear of every epoch and of the end
    (see RunObserver); the end is when the trainer finishes, not when lingering ends.
    """
    loop = _Loop(trainer, control, listener or TrainingListener(), observers)
    model = trainer.model
    try:
        if isinstance(model, FitsItself):
            stopped = loop.fit(model, callbacks)
        elif callbacks:
            raise ValueError("extra callbacks need a model that runs its own fit loop (Keras)")
        else:
            stopped = loop.steps()
    except KeyboardInterrupt:
        trainer.interrupt()
        loop.ended(STOP_INTERRUPTED)
        raise
    except Exception:
        loop.ended(ENDED_CRASHED)
        raise
    if not stopped:
        loop.listener.on_finished(trainer)
        loop.ended(trainer.stopped or STOP_INTERRUPTED)
        if linger:
            loop.wait("linger")
    else:
        loop.ended(ENDED_STOPPED)
    trainer.interrupt()  # a stop: nothing if the trainer had finished
    return trainer.stopped or STOP_INTERRUPTED


class _Loop:
    """The state of one run: the waiting and serving shared by both ways to train."""

    def __init__(
        self,
        trainer: Trainer,
        control: TrainingControl,
        listener: TrainingListener,
        observers: Sequence[RunObserver] = (),
    ):
        self.trainer = trainer
        self.control = control
        self.listener = listener
        self.observers = tuple(observers)
        self.fitting = False  # a batch size change then waits for fit to restart
        self.deferred_batch_size: int | None = None

    # ----- telling ------------------------------------------------------------------------
    def epoch_ended(self, report: EpochReport) -> None:
        self.listener.on_epoch(self.trainer, report)
        for observer in self.observers:
            observer.on_epoch(self.trainer)

    def ended(self, how: str) -> None:
        if self.observers:
            metrics = final_metrics(self.trainer)
            for observer in self.observers:
                observer.on_end(self.trainer, how, metrics)

    # ----- waiting and serving ------------------------------------------------------------
    def wait(self, mode: str = "batch") -> str:
        """Serve the control until a batch may run ("batch"), the run is to stop ("stop"),
        or the trainer has finished ("finished", never while lingering: then only a stop
        ends the wait)."""
        trainer, control, listener = self.trainer, self.control, self.listener
        while True:
            if trainer.finished and mode != "linger":
                return "finished"
            if control.paused and listener.stale():
                listener.flush(trainer)  # paused or stepped: show exactly where it is
            # a timeout while something is unshown, so a pause that lands just after the
            # check above is still flushed promptly
            started = time.perf_counter()
            what = control.wait_for_work(
                FLUSH_AFTER_S if listener.stale() else None, batches=not trainer.finished
            )
            if time.perf_counter() - started > IDLE_AFTER_S:
                listener.idle(trainer)  # idle time must not count against the speed
            if what in ("stop", "batch"):
                return what
            if what == "timeout":
                listener.flush(trainer)
            else:
                self.serve()

    def serve(self) -> None:
        """Apply the queued hyperparameters and run the posted tasks."""
        hyper = self.control.take_hyper()
        if self.fitting and "batch_size" in hyper:  # applies when fit restarts, see before_batch
            self.deferred_batch_size = int(hyper.pop("batch_size"))
        self.apply(hyper)

    def apply(self, hyper: dict[str, float]) -> None:
        trainer = self.trainer
        if hyper:
            try:
                trainer.set_hyper(**hyper)
            except Exception as exc:  # noqa: BLE001 - the listener decides (see on_error)
                self.listener.on_error(trainer, exc)
        tasks = self.control.run_posted()
        if hyper or tasks:
            self.listener.on_served(trainer, hyper, tasks)

    # ----- one step at a time -------------------------------------------------------------
    def steps(self) -> bool:
        """Train with `trainer.step()`; True when the control stopped it."""
        trainer, listener = self.trainer, self.listener
        while True:
            what = self.wait()
            if what != "batch":
                return what == "stop"
            try:
                batch, epoch = trainer.step()
            except TrainingDiverged:
                continue  # the trainer has finished; the next wait says so
            listener.on_batch(trainer, batch)
            if epoch is not None:
                self.epoch_ended(epoch)

    # ----- a model that fits itself ---------------------------------------------------------
    def fit(self, model: FitsItself, callbacks: Sequence[Any]) -> bool:
        """Train in the model's own loop; True when the control stopped it."""
        trainer, control = self.trainer, self.control
        self.fitting = True
        try:
            while not trainer.finished:
                hooks = _FitHooks(self)
                try:
                    model.fit_epochs(
                        trainer.x_train,
                        trainer.y_train,
                        (trainer.x_val, trainer.y_val),
                        batch_size=trainer.batch_size,
                        initial_epoch=trainer.epochs_done,
                        epochs=trainer.spec.training.epochs,
                        hooks=hooks,
                        callbacks=callbacks,
                    )
                except FitStopped:
                    return True
                if control.stop_requested:
                    return True
                if hooks.restart or trainer.epochs_done < trainer.spec.training.epochs:
                    continue  # a new batch size, or epochs added while fit ran
                trainer.interrupt()  # fit returned early without a reason we know of
            return False
        finally:
            self.fitting = False
            if self.deferred_batch_size is not None and not control.stop_requested:
                self.apply({"batch_size": self.deferred_batch_size})
            self.deferred_batch_size = None


class _FitHooks:
    """`engine.models.api.FitHooks` for one call of `fit_epochs`: waits and serves before
    every batch, and keeps the trainer's books from Keras's logs."""

    def __init__(self, loop: _Loop) -> None:
        self._loop = loop
        self._trainer = loop.trainer
        self.restart = False  # fit ended early for a new batch size: run it again
        self._seen = 0  # batches trained so far this epoch
        self._reported = 0  # batches already passed on to the trainer
        self._mean_loss = 0.0
        self._mean_acc = 0.0
        self._last_report = 0.0
        self._epoch_start_state: Any = None

    def before_epoch(self) -> None:
        self._trainer.begin_epoch()
        self._seen = self._reported = 0
        self._mean_loss = self._mean_acc = 0.0
        self._epoch_start_state = self._trainer.model.get_state()

    def before_batch(self) -> bool:
        loop = self._loop
        what = loop.wait()
        if what == "stop":
            raise FitStopped
        if what == "finished":
            return False
        size = loop.deferred_batch_size
        if size is not None:
            loop.deferred_batch_size = None
            before = self._trainer.batch_size
            loop.apply({"batch_size": size})
            if self._trainer.batch_size != before:
                self.restart = True  # this batch still trains; fit then starts again
                return False
        return True

    def after_batch(self, logs: Mapping[str, float]) -> bool:
        trainer = self._trainer
        if trainer.finished:
            return False
        self._seen += 1
        now = time.monotonic()
        control = self._loop.control
        if (
            now - self._last_report < REPORT_INTERVAL_S
            and self._seen != trainer.batches_per_epoch
            and not (control.paused or control.stop_requested)  # a single step shows at once
        ):
            return True  # reading the logs syncs with the backend: do it a few dozen times a second
        self._last_report = now
        return self._report(logs)

    def _report(self, logs: Mapping[str, float]) -> bool:
        """Pass the batches trained since the last report to the trainer and the listener."""
        trainer = self._trainer
        # Keras logs are running means over the epoch; recover the unreported batches' mean.
        k, j = self._seen, self._reported
        # a regression model logs no accuracy (NaN here); the trainer scores it by R²
        mean_loss, mean_acc = float(logs["loss"]), float(logs.get("accuracy", math.nan))
        loss = (k * mean_loss - j * self._mean_loss) / (k - j)
        acc = (k * mean_acc - j * self._mean_acc) / (k - j)
        self._reported, self._mean_loss, self._mean_acc = k, mean_loss, mean_acc
        size = trainer.batch_size
        n = min(k * size, len(trainer.y_train)) - j * size
        try:
            report = trainer.record_batch(loss, min(max(acc, 0.0), 1.0), max(n, 1), k, steps=k - j)
        except TrainingDiverged:
            trainer.model.set_state(self._epoch_start_state)
            return False
        self._loop.listener.on_batch(trainer, report)
        return True

    def after_epoch(self, logs: Mapping[str, float]) -> bool:
        trainer = self._trainer
        if trainer.finished:
            return False
        if self._reported < self._seen and (not self._report(logs) or trainer.finished):
            return False
        val = (float(logs["val_loss"]), float(logs.get("val_accuracy", math.nan)))
        try:
            report = trainer.end_epoch(val)
        except TrainingDiverged:
            trainer.model.set_state(self._epoch_start_state)
            return False
        self._loop.epoch_ended(report)
        return not trainer.finished

    def during_validation(self) -> None:
        if self._loop.control.stop_requested:
            raise FitStopped
