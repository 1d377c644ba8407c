"""What a trainable model offers the rest of the engine, as explicit protocols.

Every model implements `Model`. What only some models can do is a capability protocol that a
model DECLARES by inheriting it (`class KerasModel(Model, FitsItself, InsideReadable)`), and
callers ask with `isinstance(model, FitsItself)`, never by probing for attributes:

- `FitsItself`: runs its own compiled loop (Keras `model.fit`), calling back into a `FitHooks`
  before and after every batch and epoch, so the training loop keeps control of it;
- `InsideReadable`: hands out a `ModelReader` for the "Inside the network" views;
- `DenseWeights`: its dense layers' weights can be read and edited, and each dense layer's
  output read (the network graph, clicked weights);
- `HasBoundary`: a single unit whose decision line w.x + b = 0 can be drawn;
- `Converges`: can tell when a further epoch would change nothing (the perceptron);
- `PredictsValues`: can give its single output unit's raw value, which is the prediction when
  it was built for a regression data set (the task is the spec's, `DataSpec.task`).

The types shared by this layer and those above it (`ModelInfo`, `LayerInfo`, `ModelReader`,
`FitHooks`, `FitStopped`) live here, at the bottom, so no model imports the training loop or
the introspection that use it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np


@dataclass(frozen=True)
class ModelInfo:
    """What the CLI and the window say about a model: where it runs and how big it is."""

    device: str = "cpu"
    note: str = ""  # e.g. a GPU was asked for but none was found
    parameters: int = 0


@runtime_checkable
class Model(Protocol):
    n_classes: int

    def train_batch(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """One optimisation step on a batch of inputs and integer labels.

        Returns (data loss, accuracy) of the batch as seen by the forward pass of this step.
        A model built for regression (float targets, one linear output) has no accuracy and
        returns NaN for it; the trainer scores it by R² instead.
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

    def info(self) -> ModelInfo:
        """Device, a note for the user, and the parameter count."""


# ----- running its own fit loop ----------------------------------------------------------------
class FitStopped(Exception):
    """Raised from a `FitHooks` method to leave the model's fit loop at once: after a plain
    "stop training" flag Keras would still train one batch (tracing it, on a first batch) and
    validate before returning."""


class FitHooks(Protocol):
    """What a self-fitting model's loop calls, in the training thread (implemented by
    `engine.training.loop`). A False answer ends fit after the current step; raising
    FitStopped ends it at once."""

    def before_epoch(self) -> None: ...

    def before_batch(self) -> bool:
        """Wait until the next batch may run (serving pause, tasks, hyperparameters)."""

    def after_batch(self, logs: Mapping[str, float]) -> bool:
        """`logs` holds the epoch's running means so far: "loss" and "accuracy"."""

    def after_epoch(self, logs: Mapping[str, float]) -> bool:
        """`logs` also holds "val_loss" and "val_accuracy"."""

    def during_validation(self) -> None:
        """Called before every validation batch; raises FitStopped when asked to stop."""


@runtime_checkable
class FitsItself(Protocol):
    def fit_epochs(
        self,
        x: np.ndarray,
        y: np.ndarray,
        validation: tuple[np.ndarray, np.ndarray],
        *,
        batch_size: int,
        initial_epoch: int,
        epochs: int,
        hooks: FitHooks,
        callbacks: Sequence[Any] = (),
    ) -> None:
        """Train epochs initial_epoch+1 … epochs in the model's own loop, shuffling each
        epoch, calling `hooks` around every batch and epoch; `callbacks` are the engine's own
        extra callbacks (e.g. TensorBoard)."""


# ----- looking inside ----------------------------------------------------------------------------
@dataclass(frozen=True)
class LayerInfo:
    """One layer the views show: `kind` is dense, conv, pool or activation (a stand-alone
    activation layer, with no weights); `activation` its function."""

    name: str
    kind: str
    activation: str = "linear"
    weighted: bool = True


class ModelReader(Protocol):
    def layers(self) -> list[LayerInfo]:
        """Weighted layers (dense, conv), the output layer last."""

    def kernels(self) -> list[np.ndarray]:
        """Copies of the weighted layers' kernels, in `layers()` order."""

    def gradients(self, x: np.ndarray, y: np.ndarray) -> list[np.ndarray] | None:
        """Kernel gradients (the last step's, or of the loss on x, y); None if unknown."""

    def outputs(self, x: np.ndarray) -> list[tuple[LayerInfo, np.ndarray]]:
        """Every shown layer's output for a batch, in inference mode; the output layer last."""


@runtime_checkable
class InsideReadable(Protocol):
    def inside_reader(self) -> ModelReader:
        """The model's reader (built once and kept: it may build a sub-model)."""


@runtime_checkable
class DenseWeights(Protocol):
    def dense_weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(W (n_in, n_out), b (n_out,)) of every dense layer, the output layer last."""

    def hidden_outputs(self, x: np.ndarray) -> list[np.ndarray]:
        """Every dense layer's output in inference mode, as the next dense layer reads it
        (after any BatchNorm or activation layer in between), the output layer last."""

    def gradients(self) -> list[tuple[np.ndarray, np.ndarray]] | None:
        """(dW, db) of every dense layer from the last step; None if not kept."""

    def set_weight(self, layer_index: int, i: int, j: int, value: float) -> None:
        """Edit W[i, j] of dense layer `layer_index` (output layer = -1)."""

    def set_bias(self, layer_index: int, j: int, value: float) -> None: ...


@runtime_checkable
class HasBoundary(Protocol):
    def boundary(self) -> tuple[np.ndarray, float]:
        """(w, c): the decision line w.x + c = 0, where the predicted class flips."""


@runtime_checkable
class PredictsValues(Protocol):
    def predict_values(self, x: np.ndarray) -> np.ndarray:
        """The output unit's value for each row, shape (n,), in inference mode (one output)."""


@runtime_checkable
class Converges(Protocol):
    @property
    def converged(self) -> bool:
        """True when a further epoch would classify every training example correctly."""
