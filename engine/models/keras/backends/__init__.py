"""The few backend-specific pieces of the Keras engine, one small adapter module per backend.

Everything else in `engine.models.keras` is written with `keras.layers`, `keras.ops` and
`keras.device`, and runs unchanged on TensorFlow, JAX and PyTorch. An adapter answers three
questions for its backend: which GPUs there are (with their names), the gradients of the loss
with respect to given kernels (the inside views' gradient histograms), and how to train one
model on several devices at once.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np


class Parallel(Protocol):
    """Several devices training one model: `scope()` is entered around building it and around
    every fit, evaluate and predict call."""

    num_replicas: int

    def scope(self) -> Any: ...


class BackendAdapter(Protocol):
    name: str
    # Said in the README and the status bar when several GPUs cannot be used together.
    parallel_note: str
    # True where the compiled training step bakes in the value of a variable the model does not
    # own (our live L1/L2 rates), so changing one needs the step traced again.
    bakes_in_outside_variables: bool

    def sync(self, model: Any) -> None:
        """Bring the model's variables up to date in the middle of a fit, before they are read
        or assigned (JAX carries them outside the model while it fits); else nothing."""
        ...

    def gpu_names(self) -> list[str]:
        """One plain name per GPU this backend can use (CUDA, or Apple's MPS on PyTorch)."""
        ...

    def device_name(self, kind: str, index: int = 0) -> str:
        """The `keras.device` name of the `index`-th "cpu" or "gpu" device."""
        ...

    def kernel_gradients(
        self, model: Any, loss_fn: Any, x: np.ndarray, y: np.ndarray, kernels: Sequence[Any]
    ) -> list[np.ndarray | None]:
        """d loss / d kernel for each kernel variable, with the model in inference mode."""
        ...

    def data_parallel(self, device_names: Sequence[str] | None = None) -> Parallel | None:
        """Data parallelism over every GPU (or the named devices), or None where the backend
        has none at the Keras level."""
        ...


def adapter(name: str) -> BackendAdapter:
    """The adapter for backend `name` (imports that backend, so call it once Keras is in)."""
    module = importlib.import_module(f"engine.models.keras.backends.{name}_backend")
    return module.ADAPTER
