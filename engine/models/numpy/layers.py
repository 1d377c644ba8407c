"""Layers of the MLP: Dense, Dropout, BatchNorm and a stand-alone Activation, with preallocated
train-time buffers.

Trainable arrays are NOT owned by the layers: the network allocates one flat parameter vector and
one flat gradient vector and hands each layer views into them (``bind``), so the optimiser can
update everything with a handful of vectorised calls. Layers keep per-batch-size buffers for
the training pass (reallocated only when the batch size changes, e.g. the last batch of an
epoch); the inference pass (``forward``) allocates, since it is not on the hot path.

``backward(g, need_dx)`` receives dL/d(output) and may overwrite ``g``; it fills the layer's
gradient views and returns dL/d(input), or None when ``need_dx`` is false (the first layer).
"""

from __future__ import annotations

import numpy as np

from engine.models.numpy.activations import Activation, Linear

BN_MOMENTUM = 0.99  # Keras BatchNormalization defaults
BN_EPSILON = 1e-3


class Layer:
    """Base: no parameters, identity."""

    kind = "layer"
    shapes: tuple[tuple[int, ...], ...] = ()  # trainable arrays, in bind() order

    def bind(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        pass

    def forward_train(self, x: np.ndarray) -> np.ndarray:
        return x

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x

    def backward(self, g: np.ndarray, need_dx: bool) -> np.ndarray | None:
        return g


class Dense(Layer):
    """a = act(x W + b), W of shape (n_in, n_out) like a Keras kernel, b of shape (n_out,)."""

    kind = "dense"

    def __init__(self, n_in: int, n_out: int, activation: Activation) -> None:
        self.n_in, self.n_out = n_in, n_out
        self.act = activation
        self.linear = isinstance(activation, Linear)
        self.shapes = ((n_in, n_out), (n_out,))
        self._n = -1

    def bind(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.W, self.b = params
        self.dW, self.db = grads

    def _alloc(self, n: int) -> None:
        self._n = n
        dtype = self.W.dtype
        self._z = np.empty((n, self.n_out), dtype)
        self._a = self._z if self.linear else np.empty((n, self.n_out), dtype)
        self._tmp = np.empty((n, self.n_out), dtype)
        self._dx = np.empty((n, self.n_in), dtype)

    def forward_train(self, x: np.ndarray) -> np.ndarray:
        if x.shape[0] != self._n:
            self._alloc(x.shape[0])
        z = self._z
        np.dot(x, self.W, out=z)
        z += self.b
        self._x = x
        return self.act.forward(z, self._a)

    def forward(self, x: np.ndarray) -> np.ndarray:
        z = np.dot(x, self.W)
        z += self.b
        return self.act.forward(z, z)

    def logits(self, x: np.ndarray) -> np.ndarray:
        """The pre-activation x W + b (inference)."""
        z = np.dot(x, self.W)
        z += self.b
        return z

    def backward(self, g: np.ndarray, need_dx: bool) -> np.ndarray | None:
        dz = self.act.backward(g, self._z, self._a, self._tmp)
        np.dot(self._x.T, dz, out=self.dW)
        np.add.reduce(dz, axis=0, out=self.db)
        if not need_dx:
            return None
        np.dot(dz, self.W.T, out=self._dx)
        return self._dx


class Dropout(Layer):
    """Inverted dropout: in training, zero each unit with probability ``rate`` and scale the
    survivors by 1 / (1 - rate), so inference needs no rescaling (Keras semantics). The mask
    comes from ``self.rng``, which the network points at its own seeded generator."""

    kind = "dropout"

    def __init__(self, rate: float, rng: np.random.Generator) -> None:
        self.rate = float(rate)
        self.scale = 1.0 / (1.0 - self.rate)
        self.rng = rng
        self._shape: tuple[int, ...] = ()

    def forward_train(self, x: np.ndarray) -> np.ndarray:
        if x.shape != self._shape:
            self._shape = x.shape
            self._r = np.empty(x.shape, x.dtype)
            self._keep = np.empty(x.shape, bool)
            self._mask = np.empty(x.shape, x.dtype)
            self._out = np.empty(x.shape, x.dtype)
        self.rng.random(dtype=x.dtype, out=self._r)
        np.greater_equal(self._r, self.rate, out=self._keep)
        np.multiply(self._keep, self.scale, out=self._mask)
        return np.multiply(x, self._mask, out=self._out)

    def backward(self, g: np.ndarray, need_dx: bool) -> np.ndarray | None:
        g *= self._mask
        return g


class ActivationLayer(Layer):
    """An activation function as a layer of its own, a = f(x), with no weights.

    Dense layers apply their activation themselves; this layer lets one come later, e.g.
    Dense(linear) -> BatchNorm -> ReLU, the order tutorial 002 recommends. As
    keras.layers.Activation.
    """

    kind = "activation"

    def __init__(self, activation: Activation) -> None:
        self.act = activation
        self._shape: tuple[int, ...] = ()

    def forward_train(self, x: np.ndarray) -> np.ndarray:
        if x.shape != self._shape:
            self._shape = x.shape
            self._a = np.empty(x.shape, x.dtype)
            self._tmp = np.empty(x.shape, x.dtype)
        self._x = x  # the previous layer's buffer: unchanged until the next forward pass
        return self.act.forward(x, self._a)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return self.act.forward(x, np.empty_like(x))  # never in place: x may be the caller's

    def backward(self, g: np.ndarray, need_dx: bool) -> np.ndarray | None:
        return self.act.backward(g, self._x, self._a, self._tmp)


class BatchNorm(Layer):
    """Batch normalisation over the feature axis, as keras.layers.BatchNormalization.

    Training normalises with the batch mean and (biased) variance and moves the running
    statistics by ``running = 0.99 * running + 0.01 * batch``; inference uses the running
    statistics. gamma (start 1) and beta (start 0) are trainable.
    """

    kind = "batchnorm"

    def __init__(self, width: int, dtype: type) -> None:
        self.width = width
        self.shapes = ((width,), (width,))
        self.running_mean = np.zeros(width, dtype)
        self.running_var = np.ones(width, dtype)
        self.momentum = BN_MOMENTUM
        self.epsilon = BN_EPSILON
        self._v = [np.empty(width, dtype) for _ in range(4)]  # mean, var, inv std, scratch
        self._n = -1

    def bind(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        self.gamma, self.beta = params
        self.dgamma, self.dbeta = grads

    def _alloc(self, n: int) -> None:
        self._n = n
        dtype = self.running_mean.dtype
        self._xhat = np.empty((n, self.width), dtype)
        self._out = np.empty((n, self.width), dtype)
        self._dx = np.empty((n, self.width), dtype)

    def forward_train(self, x: np.ndarray) -> np.ndarray:
        n = x.shape[0]
        if n != self._n:
            self._alloc(n)
        mean, var, inv, tmp = self._v
        xc, out = self._xhat, self._out
        np.add.reduce(x, axis=0, out=mean)
        mean *= 1.0 / n
        np.subtract(x, mean, out=xc)
        np.multiply(xc, xc, out=out)
        np.add.reduce(out, axis=0, out=var)
        var *= 1.0 / n
        for running, batch in ((self.running_mean, mean), (self.running_var, var)):
            np.multiply(batch, 1.0 - self.momentum, out=tmp)
            running *= self.momentum
            running += tmp
        np.add(var, self.epsilon, out=inv)
        np.sqrt(inv, out=inv)
        np.divide(1.0, inv, out=inv)
        xc *= inv  # now x-hat
        np.multiply(xc, self.gamma, out=out)
        out += self.beta
        return out

    def forward(self, x: np.ndarray) -> np.ndarray:
        scale = self.gamma / np.sqrt(self.running_var + self.epsilon)
        return x * scale + (self.beta - self.running_mean * scale)

    def backward(self, g: np.ndarray, need_dx: bool) -> np.ndarray | None:
        # dx = gamma * inv * (g - mean(g) - xhat * mean(g * xhat)), using
        # dbeta = sum(g) and dgamma = sum(g * xhat).
        xhat, dx = self._xhat, self._dx
        np.add.reduce(g, axis=0, out=self.dbeta)
        np.multiply(g, xhat, out=dx)
        np.add.reduce(dx, axis=0, out=self.dgamma)
        if not need_dx:
            return None
        n = g.shape[0]
        _, _, inv, tmp = self._v
        np.multiply(self.dgamma, 1.0 / n, out=tmp)
        np.multiply(xhat, tmp, out=dx)
        np.subtract(g, dx, out=dx)
        np.multiply(self.dbeta, 1.0 / n, out=tmp)
        dx -= tmp
        np.multiply(self.gamma, inv, out=tmp)
        dx *= tmp
        return dx


def kernel_penalty(kernels: np.ndarray, l1: float, l2: float) -> float:
    """The penalty l1 * sum|W| + l2 * sum W^2 over all dense kernels (Keras's L1L2 formula)."""
    value = 0.0
    if l1:
        value += l1 * float(np.add.reduce(np.abs(kernels), axis=None))
    if l2:
        value += l2 * float(np.dot(kernels, kernels))
    return value


def add_l2_grad(kernels: np.ndarray, grads: np.ndarray, l2: float, tmp: np.ndarray) -> None:
    """grads += 2 * l2 * W, in place (kernels, grads, tmp: flat vectors). L1 is not a gradient
    term here: it is the proximal step `soft_threshold`, applied after the optimiser's update."""
    np.multiply(kernels, 2.0 * l2, out=tmp)
    grads += tmp


def soft_threshold(kernels: np.ndarray, threshold: float, tmp: np.ndarray) -> None:
    """L1's proximal step, in place: w <- sign(w) * max(|w| - threshold, 0).

    Weights within `threshold` of zero become exactly zero (a subgradient step sign(w) * l1
    would only make them jump back and forth across zero)."""
    np.abs(kernels, out=tmp)
    tmp -= threshold
    np.maximum(tmp, 0.0, out=tmp)
    np.copysign(tmp, kernels, out=kernels)
    kernels += 0.0  # -0.0 -> +0.0
