"""Cooperative control of a training loop from another thread (the GUI, or Ctrl-C in the CLI).

The loop asks `wait_for_batch()` before every batch, so pause, single-step, stop and
hyperparameter changes all take effect between two batches, never in the middle of one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from engine.trainer import BatchReport, EpochReport, Trainer, TrainingDiverged


class TrainingControl:
    """Thread-safe flags: the controlling thread writes, the training loop reads."""

    def __init__(self, *, paused: bool = False) -> None:
        self._cond = threading.Condition()
        self._paused = paused
        self._stop = False
        self._steps_granted = 0
        self._pending: dict[str, float] = {}

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def stop_requested(self) -> bool:
        return self._stop

    def pause(self) -> None:
        with self._cond:
            self._paused = True
            self._steps_granted = 0

    def resume(self) -> None:
        with self._cond:
            self._paused = False
            self._cond.notify_all()

    def step(self, count: int = 1) -> None:
        """While paused, let exactly `count` more batches run."""
        with self._cond:
            self._paused = True
            self._steps_granted += count
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()

    def set_hyper(self, **values: float) -> None:
        """Queue lr / momentum / l1 / l2 / batch_size for the loop to apply at the next batch."""
        with self._cond:
            self._pending.update(values)

    def take_hyper(self) -> dict[str, float]:
        with self._cond:
            pending, self._pending = self._pending, {}
            return pending

    def wait_for_batch(self, timeout: float | None = None) -> bool:
        """Block while paused. True when the next batch may run; False when stopped or timed out."""
        with self._cond:
            ready = self._cond.wait_for(
                lambda: self._stop or not self._paused or self._steps_granted > 0, timeout
            )
            if self._stop or not ready:
                return False
            if self._paused:
                self._steps_granted -= 1
            return True


def run_training(
    trainer: Trainer,
    control: TrainingControl,
    on_batch: Callable[[BatchReport], None] | None = None,
    on_epoch: Callable[[EpochReport], None] | None = None,
) -> str:
    """Train until the trainer finishes or the control says stop. Returns why it stopped.

    Divergence is not an exception here: it is one of the ways a run ends, and
    `trainer.message` explains it.
    """
    while not trainer.finished:
        if not control.wait_for_batch():
            trainer.interrupt()
            break
        changes = control.take_hyper()
        if changes:
            trainer.set_hyper(**changes)
        try:
            batch, epoch = trainer.step()
        except TrainingDiverged:
            break
        if on_batch is not None:
            on_batch(batch)
        if epoch is not None and on_epoch is not None:
            on_epoch(epoch)
    return trainer.stopped or "interrupted"
