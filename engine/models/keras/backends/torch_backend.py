"""PyTorch: CUDA devices (or Apple's MPS) from `torch`, gradients from autograd. Keras 3 has no
data parallelism of its own on PyTorch, so one model trains on one device."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch


class TorchAdapter:
    name = "torch"
    parallel_note = (
        "Keras has no multi-device training on PyTorch, so the model uses the first GPU only."
    )

    bakes_in_outside_variables = False

    def sync(self, model: Any) -> None:
        pass

    def gpu_names(self) -> list[str]:
        if torch.cuda.is_available():
            return [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return ["Apple MPS"]
        return []

    def device_name(self, kind: str, index: int = 0) -> str:
        # Plain "cpu" / "cuda": Keras's torch backend creates variables that are no longer
        # leaf tensors (so get no gradients) under a scope spelled "cpu:0".
        if kind == "cpu":
            return "cpu"
        if not torch.cuda.is_available():
            return "mps"
        return "cuda" if index == 0 else f"cuda:{index}"

    def kernel_gradients(
        self, model: Any, loss_fn: Any, x: np.ndarray, y: np.ndarray, kernels: Sequence[Any]
    ) -> list[np.ndarray | None]:
        params = [k.value for k in kernels]
        loss = loss_fn(y, model(np.asarray(x, np.float32), training=False))
        grads = torch.autograd.grad(loss, params, allow_unused=True)
        return [None if g is None else g.detach().cpu().numpy() for g in grads]

    def data_parallel(self, device_names: Sequence[str] | None = None) -> None:
        return None


ADAPTER = TorchAdapter()
