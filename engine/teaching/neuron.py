"""One neuron by hand: every step of its forward pass, with the numbers (Tutorial 4).

Tutorial 4 computes sigmoid(w·x + b) for w = [0, 1], b = 4, x = [2, 3] and prints 0.9991.
`neuron_steps` returns each intermediate value so a learner can follow the arithmetic; the
activation is the engine's own (`engine.models.numpy.activations`), so the number shown is
the number a trained network computes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.messages import Text
from engine.models.numpy.activations import get_activation

NEURON_ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear", "step")


@dataclass(frozen=True)
class NeuronSteps:
    """The forward pass of one neuron, step by step: products wᵢxᵢ, their sum w·x,
    z = w·x + b and the output f(z)."""

    w: tuple[float, ...]
    x: tuple[float, ...]
    b: float
    activation: str
    products: tuple[float, ...]
    weighted_sum: float
    z: float
    output: float


def neuron_steps(
    w: Sequence[float], b: float, x: Sequence[float], activation: str = "sigmoid"
) -> NeuronSteps:
    """Each step of f(w·x + b) for one neuron; `activation` is one of NEURON_ACTIVATIONS."""
    if len(w) != len(x):
        raise ValueError(
            Text(
                "{weights} weights for {inputs} inputs: a neuron needs one per input",
                weights=len(w),
                inputs=len(x),
            )
        )
    if activation not in NEURON_ACTIVATIONS:
        raise ValueError(
            Text(
                "unknown activation {activation}; choose one of {choices}",
                activation=repr(activation),
                choices=", ".join(NEURON_ACTIVATIONS),
            )
        )
    ws = tuple(float(v) for v in w)
    xs = tuple(float(v) for v in x)
    products = tuple(wi * xi for wi, xi in zip(ws, xs, strict=True))
    weighted_sum = float(sum(products))
    z = weighted_sum + float(b)
    output = float(get_activation(activation)(np.array([z], dtype=np.float64))[0])
    return NeuronSteps(ws, xs, float(b), activation, products, weighted_sum, z, output)
