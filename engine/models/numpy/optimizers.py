"""Optimisers that update parameter arrays in place, with Keras 3's exact update formulas.

Every optimiser is bound at construction to a list of parameter arrays and the list of their
gradient arrays (which the network refills each step), and preallocates its state and two
scratch arrays per parameter, so ``step()`` allocates nothing. The MLP passes ONE flat parameter
vector and ONE flat gradient vector (all weights are views into them), so an Adam step is a dozen
ufunc calls whatever the depth of the network: that is what keeps tiny nets fast.

Formulas (g gradient, w parameter, t step number from 1), from keras/src/optimizers/*.py:

- sgd:      w -= lr g
- momentum: v = m v - lr g;  w += v                      (Keras SGD(momentum=m))
- nesterov: v = m v - lr g;  w += m v - lr g             (Keras SGD(momentum=m, nesterov=True))
- adagrad:  a += g^2 (a starts at 0.1);  w -= lr g / sqrt(a + eps)
- rmsprop:  s = rho s + (1 - rho) g^2;  w -= lr g / sqrt(s + eps)   (no momentum, not centered)
- adam:     m += (g - m)(1 - b1);  v += (g^2 - v)(1 - b2);
            w -= m alpha / (sqrt(v) + eps),  alpha = lr sqrt(1 - b2^t) / (1 - b1^t)
            (computed on pre-scaled moments, see Adam)
- nadam:    Keras's momentum-cache schedule u_t = b1 (1 - 0.5 * 0.96^t), u_prod = prod u_1..u_t;
            m_hat = u_{t+1} m / (1 - u_prod u_{t+1}) + (1 - u_t) g / (1 - u_prod);
            v_hat = v / (1 - b2^t);  w -= lr m_hat / (sqrt(v_hat) + eps)

Scalars such as alpha are computed in float64 and applied to float32 arrays; Keras computes them
in float32, a difference far below the 1e-5 parity tolerance.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from engine.experiment.spec import OPTIMIZERS, OptimizerSpec


class Optimizer:
    """Base: holds params, grads, per-param slots and scratch, and the step count."""

    n_slots = 0
    slot_init = 0.0
    needs_tmp2 = True  # a second scratch array per parameter

    def __init__(self, params: list[np.ndarray], grads: list[np.ndarray], spec: OptimizerSpec):
        if len(params) != len(grads) or any(
            p.shape != g.shape for p, g in zip(params, grads, strict=True)
        ):
            raise ValueError("optimizer needs one gradient array per parameter, same shapes")
        self.params = params
        self.grads = grads
        self.lr = float(spec.lr)
        self.momentum = float(spec.momentum)
        self.beta1 = float(spec.beta1)
        self.beta2 = float(spec.beta2)
        self.rho = float(spec.rho)
        self.epsilon = float(spec.epsilon)
        self.iterations = 0
        self.slots = [
            [np.full_like(p, self.slot_init) for p in params] for _ in range(self.n_slots)
        ]
        self._tmp = [np.empty_like(p) for p in params]
        self._tmp2 = [np.empty_like(p) for p in params] if self.needs_tmp2 else []

    def set_hyper(self, lr: float | None = None, momentum: float | None = None) -> None:
        """Change the learning rate or momentum between steps; the state is kept."""
        if lr is not None:
            self.lr = float(lr)
        if momentum is not None:
            self.momentum = float(momentum)

    def step(self) -> None:
        """Apply one update to every parameter, in place."""
        self.iterations += 1
        for w, d in zip(self.params, self._step(), strict=True):
            w += d

    def _step(self) -> list[np.ndarray]:
        """Update the state and return the increments to ADD to each parameter."""
        raise NotImplementedError

    def get_state(self) -> dict[str, Any]:
        return {
            "iterations": self.iterations,
            "slots": [[s.copy() for s in slot] for slot in self.slots],
            "extra": self._extra_state(),
        }

    def set_state(self, state: dict[str, Any]) -> None:
        self.iterations = int(state["iterations"])
        for slot, saved in zip(self.slots, state["slots"], strict=True):
            for s, v in zip(slot, saved, strict=True):
                np.copyto(s, v)
        self._set_extra_state(state.get("extra", {}))

    def _extra_state(self) -> dict[str, float]:
        return {}

    def _set_extra_state(self, extra: dict[str, float]) -> None:
        pass


class SGD(Optimizer):
    needs_tmp2 = False

    def _step(self) -> list[np.ndarray]:
        for g, tmp in zip(self.grads, self._tmp, strict=True):
            np.multiply(g, -self.lr, out=tmp)
        return self._tmp


class Momentum(Optimizer):
    n_slots = 1
    nesterov = False

    def _step(self) -> list[np.ndarray]:
        lr, m = self.lr, self.momentum
        for g, v, tmp, tmp2 in zip(self.grads, self.slots[0], self._tmp, self._tmp2, strict=True):
            np.multiply(g, lr, out=tmp)
            v *= m
            v -= tmp
            if self.nesterov:
                np.multiply(v, m, out=tmp2)
                tmp2 -= tmp
        return self._tmp2 if self.nesterov else self.slots[0]


class Nesterov(Momentum):
    nesterov = True


class Adagrad(Optimizer):
    n_slots = 1
    slot_init = 0.1  # Keras's initial_accumulator_value

    def _step(self) -> list[np.ndarray]:
        lr, eps = self.lr, self.epsilon
        for g, acc, tmp, tmp2 in zip(self.grads, self.slots[0], self._tmp, self._tmp2, strict=True):
            np.multiply(g, g, out=tmp)
            acc += tmp
            np.add(acc, eps, out=tmp)
            np.sqrt(tmp, out=tmp)
            np.multiply(g, -lr, out=tmp2)
            tmp2 /= tmp
        return self._tmp2


class RMSprop(Optimizer):
    n_slots = 1

    def _step(self) -> list[np.ndarray]:
        lr, eps, rho = self.lr, self.epsilon, self.rho
        for g, s, tmp, tmp2 in zip(self.grads, self.slots[0], self._tmp, self._tmp2, strict=True):
            s *= rho
            np.multiply(g, g, out=tmp)
            tmp *= 1.0 - rho
            s += tmp
            np.add(s, eps, out=tmp)
            np.sqrt(tmp, out=tmp)
            np.multiply(g, -lr, out=tmp2)
            tmp2 /= tmp
        return self._tmp2


class Adam(Optimizer):
    """Keras Adam, with the moments stored pre-scaled to save passes over memory.

    With m' = m / (1 - b1) and v' = v / (1 - b2) the recurrences become m' = b1 m' + g and
    v' = b2 v' + g^2, and the step alpha m / (sqrt(v) + eps) equals
    alpha' m' / (sqrt(v') + eps') with alpha' = alpha (1 - b1) / sqrt(1 - b2) and
    eps' = eps / sqrt(1 - b2). Ten ufunc passes instead of twelve: on MNIST-sized nets the
    optimiser, not the arithmetic, is what costs beyond the matrix products.
    """

    n_slots = 2
    needs_tmp2 = False

    def _step(self) -> list[np.ndarray]:
        t, b1, b2 = self.iterations, self.beta1, self.beta2
        root = math.sqrt(1.0 - b2)
        alpha = self.lr * math.sqrt(1.0 - b2**t) / (1.0 - b1**t) * (1.0 - b1) / root
        eps = self.epsilon / root
        for g, m, v, tmp in zip(self.grads, self.slots[0], self.slots[1], self._tmp, strict=True):
            m *= b1
            m += g
            np.multiply(g, g, out=tmp)
            v *= b2
            v += tmp
            np.sqrt(v, out=tmp)
            tmp += eps
            np.divide(m, tmp, out=tmp)
            tmp *= -alpha
        return self._tmp


class Nadam(Optimizer):
    """Keras Nadam (unscaled moments, Keras's momentum-cache schedule)."""

    n_slots = 2

    def __init__(self, params: list[np.ndarray], grads: list[np.ndarray], spec: OptimizerSpec):
        super().__init__(params, grads, spec)
        self.u_product = 1.0

    def _step(self) -> list[np.ndarray]:
        t, b1, b2 = self.iterations, self.beta1, self.beta2
        u_t = b1 * (1.0 - 0.5 * 0.96**t)
        u_next = b1 * (1.0 - 0.5 * 0.96 ** (t + 1))
        self.u_product *= u_t
        c_m = u_next / (1.0 - self.u_product * u_next)
        c_g = (1.0 - u_t) / (1.0 - self.u_product)
        c_v = 1.0 / (1.0 - b2**t)
        lr, eps = self.lr, self.epsilon
        for g, m, v, tmp, tmp2 in zip(
            self.grads, self.slots[0], self.slots[1], self._tmp, self._tmp2, strict=True
        ):
            np.subtract(g, m, out=tmp)
            tmp *= 1.0 - b1
            m += tmp
            np.multiply(g, g, out=tmp)
            tmp -= v
            tmp *= 1.0 - b2
            v += tmp
            np.multiply(m, c_m, out=tmp2)
            np.multiply(g, c_g, out=tmp)
            tmp2 += tmp  # m_hat
            np.multiply(v, c_v, out=tmp)
            np.sqrt(tmp, out=tmp)
            tmp += eps
            tmp2 *= -lr
            tmp2 /= tmp
        return self._tmp2

    def _extra_state(self) -> dict[str, float]:
        return {"u_product": self.u_product}

    def _set_extra_state(self, extra: dict[str, float]) -> None:
        self.u_product = float(extra.get("u_product", 1.0))


_OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": Nesterov,
    "adagrad": Adagrad,
    "rmsprop": RMSprop,
    "adam": Adam,
    "nadam": Nadam,
}
assert tuple(_OPTIMIZERS) == OPTIMIZERS


def make_optimizer(
    spec: OptimizerSpec, params: list[np.ndarray], grads: list[np.ndarray]
) -> Optimizer:
    """The optimiser named by ``spec.name``, bound to ``params`` and their ``grads``."""
    try:
        cls = _OPTIMIZERS[spec.name]
    except KeyError:
        raise ValueError(
            f"unknown optimizer {spec.name!r}; choose one of {', '.join(OPTIMIZERS)}"
        ) from None
    return cls(params, grads, spec)
