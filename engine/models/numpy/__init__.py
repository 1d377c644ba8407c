"""The from-scratch NumPy engine: perceptron and multilayer perceptron (no Qt, no TensorFlow)."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.experiment.spec import Experiment, SpecError
from engine.messages import Text
from engine.models.numpy.model_io import load_model
from engine.models.numpy.network import MLPNetwork, build_mlp
from engine.models.numpy.perceptron import Perceptron, build_perceptron
from engine.models.numpy.persist import ModelFileError

__all__ = [
    "MLPNetwork",
    "ModelFileError",
    "Perceptron",
    "build_mlp",
    "build_model",
    "build_perceptron",
    "load_model",
]


def build_model(
    spec: Experiment, n_inputs: int, n_classes: int, dtype: Any = np.float32
) -> MLPNetwork | Perceptron:
    """The model named by spec.model: 'perceptron' or 'mlp' (CNNs need the keras engine)."""
    if spec.model == "perceptron":
        return build_perceptron(spec, n_inputs, n_classes)
    if spec.model == "mlp":
        return build_mlp(spec, n_inputs, n_classes, dtype)
    if spec.model == "cnn":
        raise SpecError(Text("model cnn needs the keras engine; set engine to keras"))
    raise SpecError(
        Text("model must be perceptron, mlp or cnn; got {value}", value=repr(spec.model))
    )
