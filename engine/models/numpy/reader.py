"""The NumPy models as the "Inside the network" views read them (see engine.introspection.probe):
dense layers' weights, gradients from the last step, and the outputs of the layers shown."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine.models.api import DenseWeights, LayerInfo


class DenseReader:
    """A `ModelReader` over a model's `DenseWeights`, with the layer names the model gives.

    `infos` names every shown layer, the weighted (dense) ones and the others (activation
    layers) in order; `outputs` gives their outputs (by default the model's hidden_outputs)."""

    def __init__(
        self,
        model: DenseWeights,
        infos: list[LayerInfo],
        outputs: Callable[[np.ndarray], list[np.ndarray]] | None = None,
    ) -> None:
        self._model = model
        self._infos = infos
        self._outputs = outputs or model.hidden_outputs

    def layers(self) -> list[LayerInfo]:
        return [info for info in self._infos if info.weighted]

    def kernels(self) -> list[np.ndarray]:
        return [np.array(w, dtype=np.float32) for w, _ in self._model.dense_weights()]

    def gradients(self, x: np.ndarray, y: np.ndarray) -> list[np.ndarray] | None:
        grads = self._model.gradients()
        return [dw for dw, _ in grads] if grads is not None else None

    def outputs(self, x: np.ndarray) -> list[tuple[LayerInfo, np.ndarray]]:
        outs = self._outputs(x)
        return list(zip(self._infos, (np.asarray(o) for o in outs), strict=False))
