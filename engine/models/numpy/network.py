"""The from-scratch multilayer perceptron (engine.models.api.Model).

Why it is fast: all trainable arrays are views into one flat parameter vector (kernels first,
then biases and BatchNorm gamma/beta) with a matching flat gradient vector, so the optimiser,
the L2 gradient and the L1 soft threshold are a few vectorised calls; layers and loss heads
reuse preallocated buffers; softmax + cross-entropy (and sigmoid + BCE) are fused. A step on a
tiny net is about fifty NumPy calls; on MNIST-sized nets the matrix products and the optimiser's
passes over the weights (ten for Adam) are nearly all of the time.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from engine.experiment.spec import Experiment, SpecError
from engine.messages import Text
from engine.models.api import (
    DenseWeights,
    InsideReadable,
    LayerInfo,
    Model,
    ModelInfo,
    PredictsValues,
)
from engine.models.numpy.activations import get_activation
from engine.models.numpy.architecture import make_layers
from engine.models.numpy.initializers import init_bias, init_kernel
from engine.models.numpy.layers import (
    ActivationLayer,
    BatchNorm,
    Dense,
    Dropout,
    add_l2_grad,
    kernel_penalty,
    soft_threshold,
)
from engine.models.numpy.losses import Head, make_head
from engine.models.numpy.optimizers import make_optimizer
from engine.models.numpy.persist import require, save_npz
from engine.models.numpy.reader import DenseReader

EVAL_CHUNK = 4096  # rows per inference chunk: bounds memory on MNIST-sized sets


class MLPNetwork(Model, DenseWeights, InsideReadable, PredictsValues):
    """A multilayer perceptron trained by backprop; see build_mlp for how the spec maps to it.

    On a regression data set (spec.data.task) it has one linear output unit trained on the MSE
    of float targets; n_classes is then 1 and the accuracy it returns is NaN."""

    kind = "mlp"

    def __init__(self, spec: Experiment, n_inputs: int, n_classes: int, dtype: Any = np.float32):
        self.regression = spec.data.task == "regression"
        if n_inputs < 1 or n_classes < (1 if self.regression else 2):
            raise SpecError(
                Text(
                    "an MLP needs >= 1 input and >= 2 classes, got {n_inputs}, {n_classes}",
                    n_inputs=n_inputs,
                    n_classes=n_classes,
                )
            )
        self.spec = spec
        self.n_inputs, self.n_classes = int(n_inputs), int(n_classes)
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}")
        self._rng = np.random.default_rng(spec.seed)
        self.layers, self._out_act = make_layers(
            spec, self.n_inputs, self.n_classes, self.dtype, self._rng
        )
        self.dense = [la for la in self.layers if isinstance(la, Dense)]
        self._bind_parameters()
        self.head: Head = make_head(
            spec.loss, get_activation(self._out_act), self.dense[-1].n_out, n_classes, self.dtype
        )
        self.optimizer = make_optimizer(spec.optimizer, [self._flat], [self._gflat])
        self.l1 = float(spec.training.l1)
        self.l2 = float(spec.training.l2)
        self._rev = self.layers[::-1]
        self.metadata: dict[str, Any] = {}  # what save() was given, after load_model
        self._reader: DenseReader | None = None

    # ----- construction ---------------------------------------------------------------
    def _bind_parameters(self) -> None:
        """One flat vector for all parameters (kernels first), views handed to the layers."""
        n_kernel = sum(la.n_in * la.n_out for la in self.dense)
        n_total = sum(int(np.prod(s)) for la in self.layers for s in la.shapes)
        self._flat = np.zeros(n_total, self.dtype)
        self._gflat = np.zeros(n_total, self.dtype)
        k_off, o_off = 0, n_kernel
        self._param_views: list[np.ndarray] = []
        self._grad_views: list[np.ndarray] = []
        for layer in self.layers:
            ps, gs = [], []
            for idx, shape in enumerate(layer.shapes):
                size = int(np.prod(shape))
                if isinstance(layer, Dense) and idx == 0:
                    off, k_off = k_off, k_off + size
                else:
                    off, o_off = o_off, o_off + size
                ps.append(self._flat[off : off + size].reshape(shape))
                gs.append(self._gflat[off : off + size].reshape(shape))
            layer.bind(ps, gs)
            self._param_views += ps
            self._grad_views += gs
        scheme = self.spec.training.init
        for layer in self.layers:
            if isinstance(layer, Dense):
                layer.W[...] = init_kernel(self._rng, scheme, layer.n_in, layer.n_out)
                layer.b[...] = init_bias(scheme, layer.n_out, self._rng)
            elif isinstance(layer, BatchNorm):
                layer.gamma.fill(1.0)
        self._kernels = self._flat[:n_kernel]
        self._gkernels = self._gflat[:n_kernel]
        self._gothers = self._gflat[n_kernel:]  # biases, gamma, beta
        self._ktmp = np.empty(n_kernel, self.dtype)

    # ----- input checks ---------------------------------------------------------------
    def _x(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        if x.dtype != self.dtype or not x.flags.c_contiguous:
            x = np.ascontiguousarray(x, dtype=self.dtype)
        if x.ndim != 2:
            x = x.reshape(x.shape[0] if x.ndim else 1, -1)
        if x.shape[1] != self.n_inputs:
            raise ValueError(
                Text(
                    "expected {expected} input features, got {got}",
                    expected=self.n_inputs,
                    got=x.shape[1],
                )
            )
        return x

    def _targets(self, y: np.ndarray) -> np.ndarray:
        """Class indices, or for regression the float targets in the network's dtype."""
        if self.regression:
            return np.asarray(y, dtype=self.dtype).reshape(-1)
        return self._y(y)

    @staticmethod
    def _y(y: np.ndarray) -> np.ndarray:
        y = np.asarray(y).reshape(-1)
        if y.dtype.kind not in "iu":
            y = y.astype(np.intp)
        return y

    # ----- training -------------------------------------------------------------------
    def _forward_backward(self, x: np.ndarray, y: np.ndarray) -> tuple[float, int]:
        h = x
        for layer in self.layers:
            h = layer.forward_train(h)
        loss, correct, g = self.head.train(h, y)
        rev = self._rev
        last = len(rev) - 1
        for i, layer in enumerate(rev):
            g = layer.backward(g, i != last)
        if self.l2:
            add_l2_grad(self._kernels, self._gkernels, self.l2, self._ktmp)
        return loss, correct

    def train_batch(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """One optimiser step; returns (data loss without the L1/L2 penalty, accuracy).

        L2 is in the gradient; L1 is a proximal step after the update: every kernel weight moves
        lr * l1 towards zero and stops there (w <- sign(w) max(|w| - lr l1, 0)), so weights the
        data does not hold away from zero become exactly zero. Biases are never penalised.

        A step whose loss or gradient is NaN/infinite is not applied, so the weights stay those
        of the last finite step, and a non-finite loss is returned for the trainer to report.
        """
        x = self._x(x)
        y = self._targets(y)
        with np.errstate(all="ignore"):  # divergence is reported through the loss, not warnings
            loss, correct = self._forward_backward(x, y)
            if math.isfinite(loss):
                # Any NaN/inf in a kernel gradient X.T @ d also reaches the bias gradient sum(d),
                # so checking the few non-kernel gradients guards the whole update cheaply.
                if math.isfinite(np.add.reduce(self._gothers, axis=None)):
                    self.optimizer.step()
                    if self.l1:
                        soft_threshold(self._kernels, self.optimizer.lr * self.l1, self._ktmp)
                else:
                    loss = math.inf
        return loss, (math.nan if self.regression else correct / x.shape[0])

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, list[np.ndarray]]:
        """Training-mode loss INCLUDING the L2 penalty and the gradients of params(), with no
        update (for finite-difference checks); L1 is left out of both, as it is a proximal step
        (see train_batch), not a gradient term. BatchNorm running stats still move."""
        x, y = self._x(x), self._targets(y)
        loss, _ = self._forward_backward(x, y)
        loss += kernel_penalty(self._kernels, 0.0, self.l2)
        return loss, [g.copy() for g in self._grad_views]

    def params(self) -> list[np.ndarray]:
        """Live views of every trainable array, layer by layer (W, b, gamma, beta...)."""
        return list(self._param_views)

    def penalty(self) -> float:
        """The current L1/L2 penalty on the dense kernels."""
        return kernel_penalty(self._kernels, self.l1, self.l2)

    def set_hyper(self, **values: float) -> None:
        """Change lr, momentum, l1 or l2 before the next batch, keeping all state."""
        for key, value in values.items():
            if value is None:
                continue
            if key == "lr":
                self.optimizer.set_hyper(lr=value)
            elif key == "momentum":
                self.optimizer.set_hyper(momentum=value)
            elif key == "l1":
                self.l1 = float(value)
            elif key == "l2":
                self.l2 = float(value)
            else:
                raise ValueError(f"set_hyper accepts lr, momentum, l1 and l2, not {key!r}")

    @property
    def rng(self) -> np.random.Generator:
        """The generator for dropout masks (it also drew the initial weights)."""
        return self._rng

    @rng.setter
    def rng(self, rng: np.random.Generator) -> None:
        self._rng = rng
        for layer in self.layers:
            if isinstance(layer, Dropout):
                layer.rng = rng

    # ----- inference ------------------------------------------------------------------
    def _logits(self, x: np.ndarray) -> np.ndarray:
        h = x
        for layer in self.layers[:-1]:
            h = layer.forward(h)
        return self.dense[-1].logits(h)

    def evaluate(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """(data loss, accuracy) in inference mode, in chunks of EVAL_CHUNK rows (accuracy NaN
        for regression)."""
        x, y = self._x(x), self._targets(y)
        n = x.shape[0]
        if n == 0:
            return float("nan"), float("nan")
        total, correct = 0.0, 0
        with np.errstate(all="ignore"):
            for start in range(0, n, EVAL_CHUNK):
                stop = start + EVAL_CHUNK
                s, c = self.head.total(self._logits(x[start:stop]), y[start:stop])
                total += s
                correct += c
        accuracy = math.nan if self.regression else correct / n
        return (total / n if self.head.mean_over_batch else total), accuracy

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities (n, n_classes); one-unit outputs give columns [1 - p, p]."""
        x = self._x(x)
        with np.errstate(all="ignore"):
            parts = [
                self.head.proba(self._logits(x[s : s + EVAL_CHUNK]))
                for s in range(0, len(x), EVAL_CHUNK)
            ]
        return np.concatenate(parts) if parts else np.empty((0, self.n_classes), self.dtype)

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.predict_proba(x).argmax(axis=1)

    def predict_values(self, x: np.ndarray) -> np.ndarray:
        """The first output unit's activated value per row (n,): the prediction of a regression
        network, whose single output is linear."""
        x = self._x(x)
        with np.errstate(all="ignore"):
            parts = [
                self.head.output(self._logits(x[s : s + EVAL_CHUNK]))[:, 0]
                for s in range(0, len(x), EVAL_CHUNK)
            ]
        return np.concatenate(parts) if parts else np.empty(0, self.dtype)

    # ----- teaching views -------------------------------------------------------------
    def hidden_outputs(self, x: np.ndarray) -> list[np.ndarray]:
        """Every hidden dense layer's units as the next dense layer reads them, in inference
        mode: after the BatchNorm and activation layers that follow it (so Dense(linear) ->
        BatchNorm -> ReLU shows ReLU outputs); the output layer's last (after its activation:
        sigmoid/softmax probabilities or the raw SSE/MSE outputs)."""
        h, outs = self._x(x), []
        after_dense = False
        for layer in self.layers[:-1]:
            if isinstance(layer, Dense) and after_dense:
                outs.append(h.copy())
            h = layer.forward(h)
            after_dense = after_dense or isinstance(layer, Dense)
        if after_dense:
            outs.append(h.copy())
        outs.append(self.head.output(self.dense[-1].logits(h)))
        return outs

    def shown_outputs(self, x: np.ndarray) -> list[np.ndarray]:
        """What the inside views show, in inference mode: each hidden dense layer's own output
        and each activation layer's, in order, then the output layer's (after its
        activation)."""
        h, outs = self._x(x), []
        for layer in self.layers[:-1]:
            h = layer.forward(h)  # a fresh array: no layer writes into its input at inference
            if isinstance(layer, (Dense, ActivationLayer)):
                outs.append(h)
        outs.append(self.head.output(self.dense[-1].logits(h)))
        return outs

    def dense_weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(W, b) of every dense layer, output last; live views (editing them edits the net)."""
        return [(la.W, la.b) for la in self.dense]

    def gradients(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Copies of (dW, db) of every dense layer from the last step (incl. the L2 term)."""
        return [(la.dW.copy(), la.db.copy()) for la in self.dense]

    def set_weight(self, layer_index: int, i: int, j: int, value: float) -> None:
        """Edit one weight: W[i, j] of dense layer ``layer_index`` (output layer = -1)."""
        self.dense[layer_index].W[i, j] = value

    def set_bias(self, layer_index: int, j: int, value: float) -> None:
        self.dense[layer_index].b[j] = value

    # ----- state and files ------------------------------------------------------------
    def _batchnorms(self) -> list[BatchNorm]:
        return [la for la in self.layers if isinstance(la, BatchNorm)]

    def get_state(self) -> dict[str, Any]:
        """Deep copy of parameters, BatchNorm running stats and optimiser state."""
        return {
            "params": self._flat.copy(),
            "bn": [(b.running_mean.copy(), b.running_var.copy()) for b in self._batchnorms()],
            "optimizer": self.optimizer.get_state(),
        }

    def set_state(self, state: dict[str, Any]) -> None:
        np.copyto(self._flat, state["params"])
        for bn, (mean, var) in zip(self._batchnorms(), state["bn"], strict=True):
            np.copyto(bn.running_mean, mean)
            np.copyto(bn.running_var, var)
        self.optimizer.set_state(state["optimizer"])

    def save(self, path: str | Path, metadata: dict[str, Any] | None = None) -> None:
        """Write an .npz (atomically) that `load_model` turns back into this network.

        The arrays are the flat parameter vector, BatchNorm running statistics and the
        optimiser's slots; the JSON metadata holds the spec, the input/class counts, the dtype,
        the optimiser's step count and current hyperparameters, and the caller's metadata.
        """
        arrays: dict[str, np.ndarray] = {"params": self._flat}
        for i, bn in enumerate(self._batchnorms()):
            arrays[f"bn{i}_mean"] = bn.running_mean
            arrays[f"bn{i}_var"] = bn.running_var
        opt = self.optimizer
        for k, slot in enumerate(opt.slots):
            arrays[f"opt_slot{k}"] = slot[0]
        meta = {
            "kind": self.kind,
            "spec": self.spec.to_dict(),
            "n_inputs": self.n_inputs,
            "n_classes": self.n_classes,
            "dtype": self.dtype.name,
            "optimizer": {"iterations": opt.iterations, "extra": opt._extra_state()},
            "hyper": {"lr": opt.lr, "momentum": opt.momentum, "l1": self.l1, "l2": self.l2},
            "metadata": metadata or {},
        }
        save_npz(path, arrays, meta)

    @classmethod
    def _from_file(
        cls, path: Any, arrays: dict[str, np.ndarray], meta: dict[str, Any]
    ) -> MLPNetwork:
        """Rebuild the network from the spec in `meta`, then fill it in from `arrays`."""
        net = cls(
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

    # ----- what the CLI and the views read -----------------------------------------------
    def info(self) -> ModelInfo:
        """Runs on the CPU; the parameters counted are the dense layers' weights and biases."""
        return ModelInfo("cpu", "", sum(w.size + b.size for w, b in self.dense_weights()))

    def inside_reader(self) -> DenseReader:
        """Dense layers (weighted) and activation layers (no weights, output shown only)."""
        if self._reader is None:
            infos, counts = [], {Dense: 0, ActivationLayer: 0}
            for la in self.layers[:-1]:
                if isinstance(la, Dense):
                    counts[Dense] += 1
                    name = f"Dense {counts[Dense]} · {la.n_out} {la.act.name}"
                    infos.append(LayerInfo(name, "dense", la.act.name))
                elif isinstance(la, ActivationLayer):
                    counts[ActivationLayer] += 1
                    name = f"Activation {counts[ActivationLayer]} · {la.act.name}"
                    infos.append(LayerInfo(name, "activation", la.act.name, weighted=False))
            out = self._out_act
            infos.append(LayerInfo(f"Output · {self.dense[-1].n_out} {out}", "dense", out))
            self._reader = DenseReader(self, infos, self.shown_outputs)
        return self._reader


def build_mlp(
    spec: Experiment, n_inputs: int, n_classes: int, dtype: Any = np.float32
) -> MLPNetwork:
    """An MLP for ``spec``: hidden layers from spec.layers (dense/dropout/batchnorm; flatten is a
    no-op), inverted dropout after each hidden dense layer when spec.training.dropout > 0, and an
    output layer chosen by the loss (see architecture.output_layout). Weights are drawn from
    np.random.default_rng(spec.seed), which then supplies the dropout masks."""
    return MLPNetwork(spec, n_inputs, n_classes, dtype)
