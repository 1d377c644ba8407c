"""Reading a Keras model for the "Inside the network" views (see engine.introspection.probe).

Everything here runs in the thread that owns the model (device scopes are per-thread): the
sub-model that returns every layer's output is built on first use, and gradients come from
one pass of the backend's own differentiation (a GradientTape, `jax.grad` or torch autograd;
see `engine.models.keras.backends`) over a small batch, in inference mode so BatchNorm's
statistics and the random augmentation are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import numpy as np

from engine.keras_import import import_keras
from engine.models.api import LayerInfo
from engine.models.keras.backends import BackendAdapter

keras = import_keras()

_SHOWN = {
    "Conv2D": ("conv", "Conv"),
    "Dense": ("dense", "Dense"),
    "MaxPooling2D": ("pool", "Max pool"),
    "AveragePooling2D": ("pool", "Avg pool"),
    "Activation": ("activation", "Activation"),  # no weights: its output is shown
}


def _activation_name(layer: Any) -> str:
    return str(getattr(getattr(layer, "activation", None), "__name__", "linear"))


class KerasReader:
    """Reads a keras.Model for `engine.models.keras.model.KerasModel.inside_reader`; its work
    runs inside `on_device()` (the model's device scope), with `backend`'s gradients."""

    def __init__(
        self,
        model: keras.Model,
        backend: BackendAdapter,
        on_device: Callable[[], AbstractContextManager[Any]],
    ) -> None:
        self._model = model
        self._backend = backend
        self._on_device = on_device
        self._shown = [la for la in model.layers if type(la).__name__ in _SHOWN]
        self._weighted = [la for la in self._shown if hasattr(la, "kernel")]
        counts: dict[str, int] = {}
        self._infos: dict[int, LayerInfo] = {}
        last = self._shown[-1] if self._shown else None
        for la in self._shown:
            kind, label = _SHOWN[type(la).__name__]
            counts[label] = counts.get(label, 0) + 1
            act = _activation_name(la) if kind != "pool" else "linear"
            size = la.output.shape[-1]
            if la is last and kind == "dense":
                name = f"Output · {size} {act}"
            elif kind == "activation":
                name = f"{label} {counts[label]} · {act}"
            else:
                name = f"{label} {counts[label]} · {size} {act if kind != 'pool' else ''}"
            weighted = kind in ("dense", "conv")
            self._infos[id(la)] = LayerInfo(name.rstrip(), kind, act, weighted)
        self._sub: keras.Model | None = None

    def layers(self) -> list[LayerInfo]:
        return [self._infos[id(la)] for la in self._weighted]

    def kernels(self) -> list[np.ndarray]:
        with self._on_device():  # brings the variables up to date first, also mid-fit (JAX)
            return [
                np.array(keras.ops.convert_to_numpy(la.kernel), np.float32) for la in self._weighted
            ]

    def outputs(self, x: np.ndarray) -> list[tuple[LayerInfo, np.ndarray]]:
        if not self._shown:
            return []
        if self._sub is None:
            model = self._model
            inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
            self._sub = keras.Model(inputs, [la.output for la in self._shown])
        with self._on_device():
            outs = self._sub(np.asarray(x, np.float32), training=False)
        outs = outs if isinstance(outs, (list, tuple)) else [outs]
        return [
            (self._infos[id(la)], keras.ops.convert_to_numpy(o))
            for la, o in zip(self._shown, outs, strict=True)
        ]

    def gradients(self, x: np.ndarray, y: np.ndarray) -> list[np.ndarray] | None:
        model = self._model
        loss_fn = getattr(model, "loss", None)
        if not callable(loss_fn) or not self._weighted:
            return None
        units = int(model.output_shape[-1])
        targets = _targets(loss_fn, np.asarray(y), units)
        with self._on_device():
            grads = self._backend.kernel_gradients(
                model,
                loss_fn,
                np.asarray(x, np.float32),
                targets,
                [la.kernel for la in self._weighted],
            )
        return [
            np.zeros(la.kernel.shape, np.float32) if g is None else np.asarray(g)
            for la, g in zip(self._weighted, grads, strict=True)
        ]


def _targets(loss_fn: Any, y: np.ndarray, units: int) -> np.ndarray:
    """Labels in the form the compiled loss expects (as KerasModel feeds fit)."""
    if isinstance(loss_fn, keras.losses.SparseCategoricalCrossentropy):
        return y
    if units == 1:
        return y.astype(np.float32).reshape(-1, 1)
    return np.eye(units, dtype=np.float32)[y]
