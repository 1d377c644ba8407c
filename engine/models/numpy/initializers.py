"""Weight initialisers, named as in engine.experiment.spec.INITS.

- ``he``: truncated normal, std sqrt(2 / fan_in), as keras.initializers.HeNormal (good for ReLU).
- ``glorot``: uniform in +-sqrt(6 / (fan_in + fan_out)), Keras's default GlorotUniform
  (good for tanh/sigmoid).
- ``lecun``: truncated normal, std sqrt(1 / fan_in), as keras.initializers.LecunNormal.
- ``uniform``: uniform in +-0.5 with biases 0.1, like TensorFlow Playground, so a fresh
  network looks like the one students know from the web page.
- ``normal``: N(0, 1) for weights and biases alike, as ``tf.random_normal`` in Tutorial 1
  (and keras.initializers.RandomNormal(stddev=1.0)). Far too large for a deep network; it is
  here to replay the tutorial as written.

The truncated normals follow Keras's VarianceScaling: draws beyond two standard deviations are
redrawn and the std is divided by 0.8796... so the variance after truncation is the intended one.
Other schemes' biases start at 0. Values are drawn in float64 from the given Generator and then
cast, so a float32 network and its float64 twin (for gradient checks) start from the same weights.
"""

from __future__ import annotations

import numpy as np

_TRUNC_STD_CORRECTION = 0.87962566103423978  # std of a unit normal truncated to [-2, 2]


def truncated_normal(rng: np.random.Generator, std: float, shape: tuple[int, ...]) -> np.ndarray:
    """Normal(0, std) redrawn outside two standard deviations."""
    out = rng.standard_normal(shape)
    bad = np.abs(out) > 2.0
    while bad.any():
        out[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(out) > 2.0
    return out * std


def init_kernel(rng: np.random.Generator, scheme: str, fan_in: int, fan_out: int) -> np.ndarray:
    """A (fan_in, fan_out) float64 kernel drawn from ``scheme``."""
    shape = (fan_in, fan_out)
    if scheme == "he":
        return truncated_normal(rng, np.sqrt(2.0 / fan_in) / _TRUNC_STD_CORRECTION, shape)
    if scheme == "lecun":
        return truncated_normal(rng, np.sqrt(1.0 / fan_in) / _TRUNC_STD_CORRECTION, shape)
    if scheme == "glorot":
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, shape)
    if scheme == "uniform":
        return rng.uniform(-0.5, 0.5, shape)
    if scheme == "normal":
        return rng.standard_normal(shape)
    raise ValueError(f"unknown init {scheme!r}; choose he, glorot, lecun, uniform or normal")


def init_bias(scheme: str, fan_out: int, rng: np.random.Generator | None = None) -> np.ndarray:
    """Biases: N(0, 1) for ``normal`` (drawn from ``rng``), 0.1 for the TF-Playground-style
    ``uniform`` scheme, else 0 (as Keras)."""
    if scheme == "normal":
        if rng is None:
            raise ValueError("the normal scheme draws its biases, so it needs a Generator")
        return rng.standard_normal(fan_out)
    return np.full(fan_out, 0.1 if scheme == "uniform" else 0.0)
