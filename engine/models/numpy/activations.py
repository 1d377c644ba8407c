"""Activation functions with the forward pass and the backward (chain-rule) step backprop needs.

Each activation is a tiny stateless object so a layer can hold one and call it every step with
preallocated buffers: at batch 10 the per-call overhead of NumPy matters more than the arithmetic,
so nothing here allocates when it is given buffers.

- ``forward(z, out)`` writes a = f(z) into ``out`` (which may be ``z``) and returns it.
- ``backward(g, z, a, tmp)`` turns dL/da (``g``) into dL/dz IN PLACE, given the pre-activation
  ``z``, the output ``a`` and a scratch array ``tmp`` of the same shape; it returns ``g``.
- ``derivative(z)`` is the elementwise slope da/dz, for teaching plots and tests.
"""

from __future__ import annotations

import numpy as np

LEAKY_ALPHA = 0.01
"""Slope of leaky ReLU for z < 0. 0.01 is the classic value (Maas et al. 2013) that most tutorials
use; Keras 3's own ``leaky_relu`` defaults to 0.2, so the Keras engine passes
``negative_slope=0.01`` to match this engine."""


def _float(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z)
    return z if z.dtype.kind == "f" else z.astype(np.float64)


class Activation:
    """Identity (a = z); the base class of the others."""

    name = "linear"
    trainable = True  # False when the derivative is zero everywhere (step)

    def forward(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        if out is None or out is z:
            return z
        np.copyto(out, z)
        return out

    def backward(self, g: np.ndarray, z: np.ndarray, a: np.ndarray, tmp: np.ndarray) -> np.ndarray:
        return g

    def derivative(self, z: np.ndarray) -> np.ndarray:
        return np.ones_like(_float(z))

    def __call__(self, z: np.ndarray) -> np.ndarray:
        z = _float(z)
        return self.forward(z, np.empty_like(z))


class Linear(Activation):
    """Identity: a linear output, e.g. for regression-style SSE/MSE."""


class Step(Activation):
    """Heaviside step, 1 where z >= 0 (Rosenblatt's threshold unit).

    Its derivative is zero almost everywhere, so backprop cannot train it; only the perceptron
    rule uses it. ``backward`` returns zeros, the honest gradient.
    """

    name = "step"
    trainable = False

    def forward(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        if out is None:
            out = np.empty_like(z)
        np.greater_equal(z, 0, out=out, casting="unsafe")
        return out

    def backward(self, g: np.ndarray, z: np.ndarray, a: np.ndarray, tmp: np.ndarray) -> np.ndarray:
        g.fill(0)
        return g

    def derivative(self, z: np.ndarray) -> np.ndarray:
        return np.zeros_like(_float(z))


class Sigmoid(Activation):
    """Logistic function computed as 0.5 * (1 + tanh(z / 2)).

    The identity never overflows (exp(-z) does for z < -88 in float32) and costs four cheap ufunc
    calls. Losses after a sigmoid work from the logits, so the relative precision lost for
    probabilities below ~1e-7 never reaches a loss value.
    """

    name = "sigmoid"

    def forward(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        if out is None:
            out = np.empty_like(z)
        np.multiply(z, 0.5, out=out)
        np.tanh(out, out=out)
        out += 1.0
        out *= 0.5
        return out

    def backward(self, g: np.ndarray, z: np.ndarray, a: np.ndarray, tmp: np.ndarray) -> np.ndarray:
        np.subtract(1.0, a, out=tmp)
        tmp *= a
        g *= tmp
        return g

    def derivative(self, z: np.ndarray) -> np.ndarray:
        a = self(z)
        return a * (1 - a)


class Tanh(Activation):
    """Hyperbolic tangent; the derivative 1 - a^2 reuses the output."""

    name = "tanh"

    def forward(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        return np.tanh(z, out=out) if out is not None else np.tanh(z)

    def backward(self, g: np.ndarray, z: np.ndarray, a: np.ndarray, tmp: np.ndarray) -> np.ndarray:
        np.multiply(a, a, out=tmp)
        np.subtract(1.0, tmp, out=tmp)
        g *= tmp
        return g

    def derivative(self, z: np.ndarray) -> np.ndarray:
        a = np.tanh(_float(z))
        return 1 - a * a


class ReLU(Activation):
    """max(z, 0); derivative 1 where z > 0 and 0 at the kink, as TensorFlow does."""

    name = "relu"

    def forward(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        return np.maximum(z, 0, out=out) if out is not None else np.maximum(z, 0)

    def backward(self, g: np.ndarray, z: np.ndarray, a: np.ndarray, tmp: np.ndarray) -> np.ndarray:
        np.sign(a, out=tmp)  # a >= 0, so sign(a) is exactly the 0/1 derivative
        g *= tmp
        return g

    def derivative(self, z: np.ndarray) -> np.ndarray:
        z = _float(z)
        return (z > 0).astype(z.dtype)


class LeakyReLU(Activation):
    """z for z > 0, alpha * z otherwise (alpha = LEAKY_ALPHA = 0.01)."""

    name = "leaky_relu"

    def __init__(self, alpha: float = LEAKY_ALPHA) -> None:
        self.alpha = alpha

    def forward(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        if out is None:
            out = np.empty_like(z)
        if out is z:
            np.multiply(z, self.alpha, out=z, where=z < 0)
            return z
        np.multiply(z, self.alpha, out=out)
        np.maximum(z, out, out=out)  # valid because 0 <= alpha < 1
        return out

    def backward(self, g: np.ndarray, z: np.ndarray, a: np.ndarray, tmp: np.ndarray) -> np.ndarray:
        np.greater(z, 0, out=tmp, casting="unsafe")  # 1 / 0
        tmp *= 1.0 - self.alpha
        tmp += self.alpha  # 1 / alpha
        g *= tmp
        return g

    def derivative(self, z: np.ndarray) -> np.ndarray:
        z = _float(z)
        return np.where(z > 0, 1.0, self.alpha).astype(z.dtype)


class Softmax(Activation):
    """Row-wise softmax, stabilised by subtracting the row max before exp.

    With cross-entropy the loss fuses it (dL/dz = p - onehot). ``backward`` is the general
    Jacobian-vector product p * (g - sum(g * p)), used when softmax feeds SSE/MSE.
    """

    name = "softmax"

    def forward(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        if out is None:
            out = np.empty_like(z)
        np.subtract(z, z.max(axis=1, keepdims=True), out=out)
        np.exp(out, out=out)
        out /= np.add.reduce(out, axis=1, keepdims=True)
        return out

    def backward(self, g: np.ndarray, z: np.ndarray, a: np.ndarray, tmp: np.ndarray) -> np.ndarray:
        np.multiply(g, a, out=tmp)
        g -= np.add.reduce(tmp, axis=1, keepdims=True)
        g *= a
        return g

    def derivative(self, z: np.ndarray) -> np.ndarray:
        """Diagonal of the Jacobian, p * (1 - p): each unit's slope with the others held."""
        p = self(z)
        return p * (1 - p)


_REGISTRY: dict[str, type[Activation]] = {
    "linear": Linear,
    "step": Step,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "softmax": Softmax,
}


def get_activation(name: str) -> Activation:
    """A fresh activation object for one of engine.experiment.spec.ACTIVATIONS."""
    try:
        return _REGISTRY[name]()
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; choose one of {', '.join(_REGISTRY)}"
        ) from None
