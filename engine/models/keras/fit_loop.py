"""Training a Keras model with `model.fit` (its fast compiled loop) while keeping the playground's
contract: pause, single-step and stop between any two batches, live lr/L1/L2 changes, and the
same batch/epoch reports as the NumPy engine. A callback bridges the two."""

from __future__ import annotations

import time
from collections.abc import Callable

import keras

from engine.training.control import TrainingControl
from engine.training.trainer import BatchReport, EpochReport, Trainer, TrainingDiverged

REPORT_INTERVAL_S = 1 / 30  # the GUI redraws at most 30 times a second; report no faster


class TrainerBridge(keras.callbacks.Callback):
    """Forwards Keras's per-batch and per-epoch logs into the Trainer's books and listeners."""

    def __init__(
        self,
        trainer: Trainer,
        control: TrainingControl,
        on_batch: Callable[[BatchReport], None] | None,
        on_epoch: Callable[[EpochReport], None] | None,
    ) -> None:
        super().__init__()
        self.trainer = trainer
        self.control = control
        self.on_batch = on_batch
        self.on_epoch = on_epoch
        self.restart = False
        self._seen = 0  # batches trained so far this epoch
        self._reported = 0  # batches already passed on to the trainer
        self._mean_loss = 0.0
        self._mean_acc = 0.0
        self._last_report = 0.0
        self._epoch_start_state = None

    def on_epoch_begin(self, epoch, logs=None):
        self.trainer.begin_epoch()
        self._seen = self._reported = 0
        self._mean_loss = self._mean_acc = 0.0
        self._epoch_start_state = self.trainer.model.get_state()

    def on_train_batch_begin(self, batch, logs=None):
        if not self.control.wait_for_batch():
            self.trainer.interrupt()
            self.model.stop_training = True
            return
        changes = self.control.take_hyper()
        if changes:
            new_size = changes.get("batch_size")
            self.trainer.set_hyper(**changes)
            if new_size is not None:
                self.restart = True
                self.model.stop_training = True

    def on_train_batch_end(self, batch, logs=None):
        if self.trainer.finished:
            return
        self._seen += 1
        now = time.monotonic()
        last_batch = self._seen == self.trainer.batches_per_epoch
        if (
            now - self._last_report < REPORT_INTERVAL_S
            and not last_batch
            and not self._must_report()
        ):
            return  # reading the logs syncs with TensorFlow: do it a few dozen times a second
        self._last_report = now
        self._report(logs)

    def _must_report(self) -> bool:
        """Paused or stepping: every batch is reported so a single step shows at once."""
        return self.control.paused or self.control.stop_requested

    def _report(self, logs) -> None:
        # Keras logs are running means over the epoch; recover the unreported batches' mean.
        k, j = self._seen, self._reported
        mean_loss, mean_acc = float(logs["loss"]), float(logs["accuracy"])
        loss = (k * mean_loss - j * self._mean_loss) / (k - j)
        acc = (k * mean_acc - j * self._mean_acc) / (k - j)
        self._reported, self._mean_loss, self._mean_acc = k, mean_loss, mean_acc
        size = self.trainer.batch_size
        n = min(k * size, len(self.trainer.y_train)) - j * size
        try:
            report = self.trainer.record_batch(
                loss, min(max(acc, 0.0), 1.0), max(n, 1), k, steps=k - j
            )
        except TrainingDiverged:
            self.trainer.model.set_state(self._epoch_start_state)
            self.model.stop_training = True
            return
        if self.on_batch is not None:
            self.on_batch(report)

    def on_epoch_end(self, epoch, logs=None):
        if self.trainer.finished or self.model.stop_training:
            return
        if self._reported < self._seen:
            self._report(logs)
            if self.trainer.finished:
                return
        val = (float(logs["val_loss"]), float(logs["val_accuracy"]))
        try:
            report = self.trainer.end_epoch(val)
        except TrainingDiverged:
            self.trainer.model.set_state(self._epoch_start_state)
            self.model.stop_training = True
            return
        if self.on_epoch is not None:
            self.on_epoch(report)
        if self.trainer.finished:
            self.model.stop_training = True


def tensorboard_callback(log_dir: str) -> keras.callbacks.Callback:
    return keras.callbacks.TensorBoard(log_dir=log_dir, update_freq="epoch")


def fit_run(
    trainer: Trainer,
    control: TrainingControl,
    on_batch: Callable[[BatchReport], None] | None = None,
    on_epoch: Callable[[EpochReport], None] | None = None,
    extra_callbacks: list[keras.callbacks.Callback] | None = None,
) -> str:
    """Fit until the trainer finishes or the control stops it. Returns why it stopped."""
    model = trainer.model
    while not trainer.finished:
        bridge = TrainerBridge(trainer, control, on_batch, on_epoch)
        model.fit_epochs(
            trainer.x_train,
            trainer.y_train,
            (trainer.x_val, trainer.y_val),
            batch_size=trainer.batch_size,
            initial_epoch=trainer.epochs_done,
            epochs=trainer.spec.training.epochs,
            callbacks=[bridge, *(extra_callbacks or [])],
        )
        if not bridge.restart and not trainer.finished:
            trainer.interrupt()  # fit returned early without a reason we know of
    return trainer.stopped or "interrupted"
