"""What a trainable model offers the trainer. The NumPy networks, the perceptron and the Keras
wrapper all implement it, so the trainer, the CLI and the GUI never care which engine runs."""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np


class Model(Protocol):
    n_classes: int

    def train_batch(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """One optimisation step on a batch of inputs and integer labels.

        Returns (data loss, accuracy) of the batch as seen by the forward pass of this step.
        """

    def evaluate(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """(data loss, accuracy) in inference mode (no dropout, BatchNorm running stats)."""

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, shape (n, n_classes), in inference mode."""

    def set_hyper(self, **values: float) -> None:
        """Change lr, momentum, l1 or l2 before the next batch, without a reset."""

    def get_state(self) -> Any:
        """A deep copy of everything needed to restore the weights (best-weights, divergence)."""

    def set_state(self, state: Any) -> None: ...

    def save(self, path: str, metadata: dict[str, Any]) -> None:
        """Write the trained model (atomically) with the experiment spec as metadata."""
