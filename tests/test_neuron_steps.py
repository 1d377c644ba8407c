"""One neuron by hand (Tutorial 4): the steps of the forward pass and their numbers."""

from __future__ import annotations

import math

import pytest

from engine.teaching.neuron import NEURON_ACTIVATIONS, neuron_steps


def test_the_tutorials_neuron():
    """w = [0, 1], b = 4, x = [2, 3]: w·x = 3, z = 7, σ(7) = 0.9991."""
    steps = neuron_steps([0, 1], 4, [2, 3], "sigmoid")
    assert steps.products == (0.0, 3.0)
    assert steps.weighted_sum == 3.0
    assert steps.z == 7.0
    assert round(steps.output, 4) == 0.9991
    assert steps.output == pytest.approx(1 / (1 + math.exp(-7)))


@pytest.mark.parametrize(
    ("activation", "expected"),
    [
        ("tanh", math.tanh(7)),
        ("relu", 7.0),
        ("linear", 7.0),
        ("step", 1.0),
    ],
)
def test_every_activation_applies_to_z(activation, expected):
    assert neuron_steps([0, 1], 4, [2, 3], activation).output == pytest.approx(expected)


def test_negative_z_through_each_activation():
    z = neuron_steps([1, 1], -5, [1, 1], "relu")
    assert z.z == -3.0 and z.output == 0.0
    assert neuron_steps([1, 1], -5, [1, 1], "step").output == 0.0
    assert neuron_steps([1, 1], -5, [1, 1], "linear").output == -3.0


def test_mismatched_or_unknown_inputs_are_refused():
    with pytest.raises(ValueError, match="one per input"):
        neuron_steps([0, 1], 4, [2], "sigmoid")
    with pytest.raises(ValueError, match="unknown activation"):
        neuron_steps([0, 1], 4, [2, 3], "softmax")
    assert "sigmoid" in NEURON_ACTIVATIONS
