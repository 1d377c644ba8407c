"""TensorFlow: devices from `tf.config`, gradients from a GradientTape, several GPUs through
`tf.distribute.MirroredStrategy`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import tensorflow as tf

from engine.keras_import import native_stderr_filtered


class _Mirrored:
    def __init__(self, device_names: Sequence[str] | None) -> None:
        self.strategy = tf.distribute.MirroredStrategy(list(device_names) if device_names else None)
        self.num_replicas = int(self.strategy.num_replicas_in_sync)

    def scope(self) -> Any:
        return self.strategy.scope()


class TensorFlowAdapter:
    name = "tensorflow"
    parallel_note = ""

    bakes_in_outside_variables = False

    def sync(self, model: Any) -> None:
        pass

    def gpu_names(self) -> list[str]:
        with native_stderr_filtered():  # cuInit's chatter
            gpus = tf.config.list_physical_devices("GPU")
        names = []
        for gpu in gpus:
            details = tf.config.experimental.get_device_details(gpu)
            names.append(str(details.get("device_name") or gpu.name))
        return names

    def device_name(self, kind: str, index: int = 0) -> str:
        return f"/{kind.upper()}:{index}"

    def kernel_gradients(
        self, model: Any, loss_fn: Any, x: np.ndarray, y: np.ndarray, kernels: Sequence[Any]
    ) -> list[np.ndarray | None]:
        x = tf.convert_to_tensor(np.asarray(x, np.float32))
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=False))
        grads = tape.gradient(loss, [k.value for k in kernels])
        return [None if g is None else np.asarray(g) for g in grads]

    def data_parallel(self, device_names: Sequence[str] | None = None) -> _Mirrored | None:
        return _Mirrored(device_names)


ADAPTER = TensorFlowAdapter()
