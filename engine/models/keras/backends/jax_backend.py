"""JAX: devices from `jax.devices`, gradients from `jax.grad` through Keras's
`stateless_call`, several GPUs through `keras.distribution.DataParallel`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import jax
import keras
import numpy as np


class _DataParallel:
    def __init__(self, device_names: Sequence[str] | None) -> None:
        self.distribution = keras.distribution.DataParallel(
            devices=list(device_names) if device_names else None
        )
        self.num_replicas = int(np.prod(self.distribution.device_mesh.shape))

    def scope(self) -> Any:
        return self.distribution.scope()


def _gpus() -> list[Any]:
    try:
        return list(jax.devices("gpu"))
    except RuntimeError:  # no GPU platform in this jaxlib, or no GPU
        return []


class JaxAdapter:
    name = "jax"
    parallel_note = ""

    bakes_in_outside_variables = True

    def sync(self, model: Any) -> None:
        model.jax_state_sync()  # a no-op outside fit, or when already in step

    def gpu_names(self) -> list[str]:
        return [str(d.device_kind) for d in _gpus()]

    def device_name(self, kind: str, index: int = 0) -> str:
        return f"{kind}:{index}"

    def kernel_gradients(
        self, model: Any, loss_fn: Any, x: np.ndarray, y: np.ndarray, kernels: Sequence[Any]
    ) -> list[np.ndarray | None]:
        trainable = list(model.trainable_variables)
        non_trainable = [v.value for v in model.non_trainable_variables]
        wanted = [next(i for i, v in enumerate(trainable) if v is k) for k in kernels]
        x = np.asarray(x, np.float32)

        def loss_of(values: list[Any]) -> Any:
            pred, _ = model.stateless_call(values, non_trainable, x, training=False)
            return loss_fn(y, pred)

        grads = jax.grad(loss_of)([v.value for v in trainable])
        return [np.asarray(grads[i]) for i in wanted]

    def data_parallel(self, device_names: Sequence[str] | None = None) -> _DataParallel | None:
        return _DataParallel(device_names)


ADAPTER = JaxAdapter()
