"""How an experiment spec becomes the NumPy MLP's layer stack (hidden layers + output layer).

Kept apart from the network so the rules a teacher may ask about ("why does BCE give one output
unit?", "where does dropout go?") sit in one short file.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.experiment.spec import Experiment, SpecError
from engine.messages import Text
from engine.models.numpy.activations import Linear, get_activation
from engine.models.numpy.layers import ActivationLayer, BatchNorm, Dense, Dropout, Layer


def output_layout(spec: Experiment, n_classes: int) -> tuple[int, str]:
    """(units, activation) of the output layer implied by the loss and output_activation; one
    linear unit for a regression data set (the spec has checked its loss is the MSE)."""
    loss, out_act = spec.loss, spec.output_activation
    if spec.data.task == "regression":
        return 1, "linear"
    if loss == "categorical_crossentropy":
        if out_act not in ("auto", "softmax"):
            raise SpecError(
                Text(
                    "output_activation {activation} cannot feed categorical_crossentropy, which "
                    "needs softmax; use auto",
                    activation=out_act,
                )
            )
        return n_classes, "softmax"
    if loss == "binary_crossentropy":
        if out_act not in ("auto", "sigmoid"):
            raise SpecError(
                Text(
                    "output_activation {activation} cannot feed binary_crossentropy, which needs "
                    "one sigmoid unit; use auto",
                    activation=out_act,
                )
            )
        if n_classes > 2:
            raise SpecError(
                Text(
                    "binary_crossentropy has one sigmoid output for two classes, but the data has "
                    "{n_classes} classes; use categorical_crossentropy",
                    n_classes=n_classes,
                )
            )
        return 1, "sigmoid"
    act = "sigmoid" if out_act == "auto" else out_act
    if act == "step":
        raise SpecError(Text("output_activation step cannot be trained by backprop; use sigmoid"))
    # A softmax over one unit is constantly 1, so a two-class softmax output gets two units.
    return (n_classes if n_classes > 2 or act == "softmax" else 1), act


def make_layers(
    spec: Experiment, n_inputs: int, n_classes: int, dtype: Any, rng: np.random.Generator
) -> tuple[list[Layer], str]:
    """(layers, output activation name). Hidden layers follow spec.layers (dense, dropout,
    batchnorm, activation; flatten is a no-op on flat inputs; image layers raise SpecError),
    with inverted dropout after each hidden dense layer when spec.training.dropout > 0; the
    last layer is a linear Dense producing the logits that the loss head turns into outputs."""
    layers: list[Layer] = []
    width = n_inputs
    dropout = float(spec.training.dropout)
    for i, ls in enumerate(spec.layers):
        where = f"layers[{i}]"
        if ls.type == "dense":
            _check_trainable(where, ls.activation)
            layers.append(Dense(width, ls.units, get_activation(ls.activation)))
            width = ls.units
            if dropout > 0:
                layers.append(Dropout(dropout, rng))
        elif ls.type == "dropout":
            if ls.rate > 0:
                layers.append(Dropout(ls.rate, rng))
        elif ls.type == "batchnorm":
            layers.append(BatchNorm(width, dtype))
        elif ls.type == "activation":
            _check_trainable(where, ls.activation)
            layers.append(ActivationLayer(get_activation(ls.activation)))
        elif ls.type == "flatten":
            pass  # inputs are already flat vectors
        else:
            raise SpecError(
                Text(
                    "{field} {layer} needs image tensors, which only the keras engine handles; "
                    "set engine to keras or remove the layer",
                    field=f"{where}.type",
                    layer=ls.type,
                )
            )
    units, out_act = output_layout(spec, n_classes)
    layers.append(Dense(width, units, Linear()))  # logits; the head applies the activation
    return layers, out_act


def _check_trainable(where: str, activation: str) -> None:
    """A hidden activation must have a useful derivative: not the step, not softmax."""
    if activation in ("step", "softmax"):
        raise SpecError(
            Text(
                "{field} {activation} cannot be a hidden layer trained by backprop; use "
                "sigmoid, tanh, relu, leaky_relu or linear",
                field=f"{where}.activation",
                activation=activation,
            )
        )
