"""Keras callbacks: the bridge from `model.fit` to the training loop's `FitHooks`, and the
TensorBoard logger the CLI's --tensorboard flag adds."""

from __future__ import annotations

from typing import Any

from engine.keras_import import import_keras
from engine.models.api import FitHooks

keras = import_keras()


class HooksCallback(keras.callbacks.Callback):
    """Calls the loop's hooks around every batch and epoch of fit, and before every validation
    batch (so a stop while fit validates leaves at once). A False answer sets `stop_training`;
    a FitStopped raised by a hook leaves fit at once."""

    def __init__(self, hooks: FitHooks) -> None:
        super().__init__()
        self.hooks = hooks

    def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
        self.hooks.before_epoch()

    def on_train_batch_begin(self, batch: int, logs: Any = None) -> None:
        if not self.hooks.before_batch():
            self.model.stop_training = True

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        if not self.hooks.after_batch(logs or {}):
            self.model.stop_training = True

    def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
        if self.model.stop_training:
            return  # fit was told to end mid-epoch: that epoch is not closed
        if not self.hooks.after_epoch(logs or {}):
            self.model.stop_training = True

    def on_test_batch_begin(self, batch: int, logs: Any = None) -> None:
        self.hooks.during_validation()


def tensorboard_callback(log_dir: str) -> keras.callbacks.Callback:
    return keras.callbacks.TensorBoard(log_dir=log_dir, update_freq="epoch")
