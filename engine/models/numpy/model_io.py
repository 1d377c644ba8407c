"""Saving and loading NumPy-engine models (MLP and perceptron) as .npz files.

The file layout (see persist.py) is: the flat parameter vector, BatchNorm running statistics,
the optimiser's slots, and JSON metadata with the spec, the input/class counts, the dtype, the
optimiser's step count and current hyperparameters, and the caller's own metadata. Loading
rebuilds the network from the spec and then fills it in, so predictions are identical and
training can continue exactly where it stopped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from engine.experiment.spec import Experiment
from engine.models.numpy.network import MLPNetwork
from engine.models.numpy.perceptron import Perceptron
from engine.models.numpy.persist import ModelFileError, read_npz, require, save_npz


def save_mlp(net: MLPNetwork, path: str | Path, metadata: dict[str, Any] | None) -> None:
    """Write ``net`` to ``path`` atomically."""
    arrays: dict[str, np.ndarray] = {"params": net._flat}
    for i, bn in enumerate(net._batchnorms()):
        arrays[f"bn{i}_mean"] = bn.running_mean
        arrays[f"bn{i}_var"] = bn.running_var
    opt = net.optimizer
    for k, slot in enumerate(opt.slots):
        arrays[f"opt_slot{k}"] = slot[0]
    meta = {
        "kind": net.kind,
        "spec": net.spec.to_dict(),
        "n_inputs": net.n_inputs,
        "n_classes": net.n_classes,
        "dtype": net.dtype.name,
        "optimizer": {"iterations": opt.iterations, "extra": opt._extra_state()},
        "hyper": {"lr": opt.lr, "momentum": opt.momentum, "l1": net.l1, "l2": net.l2},
        "metadata": metadata or {},
    }
    save_npz(path, arrays, meta)


def _restore_mlp(path: Any, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> MLPNetwork:
    net = MLPNetwork(
        Experiment.from_dict(meta["spec"]),
        meta["n_inputs"],
        meta["n_classes"],
        np.dtype(meta.get("dtype", "float32")),
    )
    np.copyto(net._flat, require(arrays, "params", net._flat.shape, path))
    for i, bn in enumerate(net._batchnorms()):
        np.copyto(bn.running_mean, require(arrays, f"bn{i}_mean", bn.running_mean.shape, path))
        np.copyto(bn.running_var, require(arrays, f"bn{i}_var", bn.running_var.shape, path))
    opt = net.optimizer
    for k, slot in enumerate(opt.slots):
        np.copyto(slot[0], require(arrays, f"opt_slot{k}", slot[0].shape, path))
    opt_meta = meta.get("optimizer", {})
    opt.iterations = int(opt_meta.get("iterations", 0))
    opt._set_extra_state(opt_meta.get("extra", {}))
    net.set_hyper(**meta.get("hyper", {}))
    net.metadata = meta.get("metadata", {})
    return net


def load_model(path: str | Path) -> MLPNetwork | Perceptron:
    """Rebuild a model saved by MLPNetwork.save or Perceptron.save.

    Raises ModelFileError (a ValueError naming the file) for anything that is not a complete
    model file of this engine: random bytes, a truncated archive, another program's .npz...
    """
    arrays, meta = read_npz(path)
    kind = meta.get("kind")
    try:
        if kind == "mlp":
            return _restore_mlp(path, arrays, meta)
        if kind == "perceptron":
            return Perceptron._from_file(path, arrays, meta)
    except ModelFileError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(f"{path} holds an unusable model description: {exc}") from None
    raise ModelFileError(f"{path} holds a model of unknown kind {kind!r}")
