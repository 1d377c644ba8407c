"""The NumPy models as the "Inside the network" views read them (see engine.introspection.probe):
dense layers only, gradients from the last step."""

from __future__ import annotations

import numpy as np

from engine.models.api import DenseWeights, LayerInfo


class DenseReader:
    """A `ModelReader` over a model's `DenseWeights`, with the layer names the model gives."""

    def __init__(self, model: DenseWeights, infos: list[LayerInfo]) -> None:
        self._model = model
        self._infos = infos

    def layers(self) -> list[LayerInfo]:
        return list(self._infos)

    def kernels(self) -> list[np.ndarray]:
        return [np.array(w, dtype=np.float32) for w, _ in self._model.dense_weights()]

    def gradients(self, x: np.ndarray, y: np.ndarray) -> list[np.ndarray] | None:
        grads = self._model.gradients()
        return [dw for dw, _ in grads] if grads is not None else None

    def outputs(self, x: np.ndarray) -> list[tuple[LayerInfo, np.ndarray]]:
        outs = self._model.hidden_outputs(x)
        return list(zip(self._infos, (np.asarray(o) for o in outs), strict=False))
