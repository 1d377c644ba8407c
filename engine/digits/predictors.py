"""Where the digit panel's predictions come from: the shipped CNN, the network trained in the
window, or a model file the user opens.

Each is a `DigitPredictor`: a description for the panel and a function from MNIST-style images
(n, 28, 28) in [0, 1] to probabilities (n, 10), or to a Future of them when the model lives in
another thread. A Keras model must be loaded and run in one thread (device scopes are per
thread, and the GUI thread never imports Keras), so an opened .keras file gets a one-thread
executor of its own. Nothing here touches widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine.digits.model import load_digit_cnn, open_digit_model

PredictFn = Callable[[np.ndarray], Any]  # images -> probabilities, or a Future of them


@dataclass(frozen=True)
class DigitPredictor:
    description: str  # shown in the panel: which model is in use
    predict: PredictFn


def shipped_predictor() -> DigitPredictor:
    """The CNN in resources/, run with NumPy (loads in milliseconds, no TensorFlow)."""
    cnn = load_digit_cnn()
    return DigitPredictor(cnn.description, cnn.predict_proba)


class ModelOpener:
    """Opens model files for the panel. `.npz` files load at once (NumPy); `.keras` files load
    and predict in this object's own thread. `shutdown()` ends that thread."""

    def __init__(self) -> None:
        self._keras_thread: ThreadPoolExecutor | None = None

    def open(self, path: str | Path) -> Future:
        """A Future of a DigitPredictor; its exception is a ValueError naming the file."""
        path = Path(path)
        if path.suffix.lower() == ".keras":
            if self._keras_thread is None:
                self._keras_thread = ThreadPoolExecutor(1, thread_name_prefix="DigitKeras")
            return self._keras_thread.submit(self._load_keras, path, self._keras_thread)
        future: Future = Future()
        try:
            predict, description = open_digit_model(path)
            future.set_result(DigitPredictor(f"Opened: {description}", predict))
        except (ValueError, OSError) as exc:
            future.set_exception(exc)
        return future

    def shutdown(self) -> None:
        if self._keras_thread is not None:
            self._keras_thread.shutdown(wait=False, cancel_futures=True)
            self._keras_thread = None

    @staticmethod
    def _load_keras(path: Path, thread: ThreadPoolExecutor) -> DigitPredictor:
        """Runs in the Keras thread; so do the predictions of the model it loads."""
        predict, description = open_digit_model(path)

        def predict_there(x: np.ndarray) -> Future:
            return thread.submit(predict, x)

        return DigitPredictor(f"Opened: {description}", predict_there)
