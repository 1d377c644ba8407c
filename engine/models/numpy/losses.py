"""Loss functions fused with the output activation, as Keras defines them.

The output layer of the network is a linear Dense layer producing logits ``z``; one of the heads
below applies the output activation and the loss together, because the fused forms are both
cheaper and numerically safer:

- ``sse``: sum over batch AND outputs of (p - t)^2, with no 0.5 factor (so dL/dp = 2 (p - t)).
  It is the classic perceptron-tutorial loss; note it grows with the batch size.
- ``mse``: mean over batch and outputs of (p - t)^2, as keras.losses.MeanSquaredError.
- ``binary_crossentropy``: one sigmoid unit, computed from the logit as
  softplus(z) - t z (the form TensorFlow uses), so no log(0); dL/dz = (p - t) / n.
- ``categorical_crossentropy``: softmax + CE via log-sum-exp; dL/dz = (p - onehot) / n.

The cross-entropies are means over the batch. Keras evaluates them from the logits as well when
its last Dense layer carries the sigmoid/softmax (TensorFlow backend), so values agree to float
rounding; on probabilities it would clip with epsilon 1e-7, which only matters for saturated
outputs. Targets are integer class labels: 0/1 for one output unit, one-hot otherwise.

Each head owns train-time buffers sized for the last batch size, so a step allocates nothing big.
"""

from __future__ import annotations

import numpy as np

from engine.models.numpy.activations import Activation, Sigmoid, Softmax


class Head:
    """Output activation + loss. ``train`` returns (loss, n_correct, dL/dz) for one batch."""

    name = ""
    mean_over_batch = True  # False for SSE: the evaluation sum is not divided by n

    def __init__(self, activation: Activation, n_out: int, n_classes: int, dtype: type) -> None:
        self.act = activation
        self.n_out = n_out
        self.n_classes = n_classes
        self.dtype = np.dtype(dtype)
        self._n = -1

    def _alloc(self, n: int) -> None:
        self._n = n
        shape = (n, self.n_out)
        self._a = np.empty(shape, self.dtype)
        self._t = np.zeros(shape, self.dtype)
        self._tmp = np.empty(shape, self.dtype)
        self._d = np.empty(shape, self.dtype)
        self._rows = np.arange(n)

    # ----- overridden -------------------------------------------------------------------
    def train(self, z: np.ndarray, y: np.ndarray) -> tuple[float, int, np.ndarray]:
        raise NotImplementedError

    def total(self, z: np.ndarray, y: np.ndarray) -> tuple[float, int]:
        """(sum of the per-example loss terms, n_correct) for chunked evaluation."""
        raise NotImplementedError

    def output(self, z: np.ndarray) -> np.ndarray:
        """The activated output units (what the output neurons show)."""
        return self.act.forward(z, np.empty_like(z))

    def proba(self, z: np.ndarray) -> np.ndarray:
        """Class probabilities (n, n_classes)."""
        a = self.output(z)
        if self.n_out == 1:
            p = np.clip(a[:, 0], 0.0, 1.0)
            return np.stack([1.0 - p, p], axis=1)
        np.clip(a, 0.0, 1.0, out=a)
        s = a.sum(axis=1, keepdims=True)
        empty = s[:, 0] <= 0
        if empty.any():  # e.g. every ReLU output at 0: nothing to prefer
            a[empty] = 1.0
            s[empty] = a.shape[1]
        a /= s
        return a

    def _correct(self, a: np.ndarray, y: np.ndarray) -> int:
        """Hits of argmax(proba): p > 0.5 for one unit, else the argmax of the outputs clipped
        to [0, 1] as proba() clips them (ties go to the lower class, as argmax does)."""
        if self.n_out == 1:
            return int(np.count_nonzero((a[:, 0] > 0.5) == (y != 0)))
        if not isinstance(self.act, (Sigmoid, Softmax)):
            a = np.clip(a, 0.0, 1.0)
        return int(np.count_nonzero(a.argmax(axis=1) == y))

    def _targets(self, t: np.ndarray, y: np.ndarray, rows: np.ndarray) -> np.ndarray:
        if self.n_out == 1:
            np.copyto(t[:, 0], y, casting="unsafe")
        else:
            t.fill(0)
            t[rows, y] = 1
        return t


class SquaredErrorHead(Head):
    """SSE or MSE on any output activation (dL/dz via the activation's backward)."""

    def __init__(self, name: str, activation: Activation, n_out: int, n_classes: int, dtype: type):
        super().__init__(activation, n_out, n_classes, dtype)
        self.name = name
        self.mean_over_batch = name == "mse"

    def train(self, z: np.ndarray, y: np.ndarray) -> tuple[float, int, np.ndarray]:
        n = z.shape[0]
        if n != self._n:
            self._alloc(n)
        a = self.act.forward(z, self._a)
        d = self._d
        np.subtract(a, self._targets(self._t, y, self._rows), out=d)
        flat = d.reshape(-1)
        loss = float(np.dot(flat, flat))
        scale = 2.0
        if self.mean_over_batch:
            loss /= d.size
            scale /= d.size
        correct = self._correct(a, y)
        d *= scale
        return loss, correct, self.act.backward(d, z, a, self._tmp)

    def total(self, z: np.ndarray, y: np.ndarray) -> tuple[float, int]:
        a = self.output(z)
        t = self._targets(np.zeros_like(a), y, np.arange(len(a)))
        d = (a - t).reshape(-1)
        s = float(np.dot(d, d))
        return (s / self.n_out if self.mean_over_batch else s), self._correct(a, y)


class BinaryCrossentropyHead(Head):
    """One sigmoid unit; loss mean(softplus(z) - t z), dL/dz = (sigmoid(z) - t) / n."""

    name = "binary_crossentropy"

    def __init__(self, n_classes: int, dtype: type) -> None:
        super().__init__(Sigmoid(), 1, n_classes, dtype)

    def train(self, z: np.ndarray, y: np.ndarray) -> tuple[float, int, np.ndarray]:
        n = z.shape[0]
        if n != self._n:
            self._alloc(n)
        t = self._targets(self._t, y, self._rows)
        a, tmp = self._a, self._tmp
        np.logaddexp(0.0, z, out=tmp)  # softplus, never overflows
        np.multiply(z, t, out=a)
        tmp -= a
        loss = float(np.add.reduce(tmp, axis=None)) / n
        correct = int(np.count_nonzero((z[:, 0] > 0) == (y != 0)))
        self.act.forward(z, a)
        a -= t
        a *= 1.0 / n
        return loss, correct, a

    def total(self, z: np.ndarray, y: np.ndarray) -> tuple[float, int]:
        t = np.asarray(y, dtype=z.dtype).reshape(-1, 1)
        s = float(np.add.reduce(np.logaddexp(0.0, z) - z * t, axis=None))
        return s, int(np.count_nonzero((z[:, 0] > 0) == (y != 0)))


class CategoricalCrossentropyHead(Head):
    """Softmax + CE from the logits: loss mean(logsumexp(z) - z_y), dL/dz = (p - onehot) / n."""

    name = "categorical_crossentropy"

    def __init__(self, n_classes: int, dtype: type) -> None:
        super().__init__(Softmax(), n_classes, n_classes, dtype)

    def _alloc(self, n: int) -> None:
        super()._alloc(n)
        self._m = np.empty((n, 1), self.dtype)
        self._s = np.empty((n, 1), self.dtype)

    def train(self, z: np.ndarray, y: np.ndarray) -> tuple[float, int, np.ndarray]:
        n = z.shape[0]
        if n != self._n:
            self._alloc(n)
        p, m, s, rows = self._a, self._m, self._s, self._rows
        np.maximum.reduce(z, axis=1, keepdims=True, out=m)
        np.subtract(z, m, out=p)
        zy = float(np.add.reduce(p[rows, y]))
        np.exp(p, out=p)
        np.add.reduce(p, axis=1, keepdims=True, out=s)
        p /= s
        np.log(s, out=s)
        loss = (float(np.add.reduce(s, axis=None)) - zy) / n
        correct = int(np.count_nonzero(z.argmax(axis=1) == y))
        p[rows, y] -= 1.0
        p *= 1.0 / n
        return loss, correct, p

    def total(self, z: np.ndarray, y: np.ndarray) -> tuple[float, int]:
        zs = z - z.max(axis=1, keepdims=True)
        lse = np.log(np.exp(zs).sum(axis=1))
        s = float(lse.sum() - zs[np.arange(len(z)), y].sum())
        return s, int(np.count_nonzero(z.argmax(axis=1) == y))

    def proba(self, z: np.ndarray) -> np.ndarray:
        return self.output(z)


def make_head(loss: str, activation: Activation, n_out: int, n_classes: int, dtype: type) -> Head:
    """The head for one of engine.experiment.spec.LOSSES (the network has checked the pairing)."""
    if loss == "categorical_crossentropy":
        return CategoricalCrossentropyHead(n_classes, dtype)
    if loss == "binary_crossentropy":
        return BinaryCrossentropyHead(n_classes, dtype)
    if loss in ("sse", "mse"):
        return SquaredErrorHead(loss, activation, n_out, n_classes, dtype)
    raise ValueError(f"unknown loss {loss!r}")


# ----- plain functions, for teaching and tests ----------------------------------------------
def sse(p: np.ndarray, t: np.ndarray) -> float:
    """Sum over batch and outputs of (p - t)^2 (no 0.5 factor)."""
    return float(np.sum((np.asarray(p) - t) ** 2))


def mse(p: np.ndarray, t: np.ndarray) -> float:
    """Mean over batch and outputs of (p - t)^2, as keras.losses.MeanSquaredError."""
    return float(np.mean((np.asarray(p) - t) ** 2))


def binary_crossentropy(z: np.ndarray, t: np.ndarray) -> float:
    """Mean BCE of sigmoid(z) against 0/1 targets, from the logits."""
    z = np.asarray(z, dtype=np.float64)
    return float(np.mean(np.logaddexp(0.0, z) - z * t))


def categorical_crossentropy(z: np.ndarray, y: np.ndarray) -> float:
    """Mean CE of softmax(z) against integer labels, from the logits."""
    z = np.asarray(z, dtype=np.float64)
    zs = z - z.max(axis=1, keepdims=True)
    return float(np.mean(np.log(np.exp(zs).sum(axis=1)) - zs[np.arange(len(z)), y]))
