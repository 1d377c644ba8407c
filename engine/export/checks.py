"""What an exported script can and cannot express, said before any code is written."""

from __future__ import annotations

from engine.experiment.spec import Experiment
from engine.messages import Text

FRAMEWORKS = ("keras", "numpy")
# The image sets the app may know beyond MNIST; a script cannot rebuild them (yet).
UNSUPPORTED_DATASETS = ("fashion_mnist", "cifar10", "folder")


class ExportError(ValueError):
    """The experiment cannot be written as a script for this framework; the message says
    why and what to choose instead."""


def default_framework(spec: Experiment) -> str:
    """The experiment's own engine: a Keras experiment becomes a Keras script."""
    return "keras" if spec.engine == "keras" else "numpy"


def check_exportable(spec: Experiment, framework: str) -> None:
    """Raise ExportError naming the setting a `framework` script cannot rebuild."""
    if framework not in FRAMEWORKS:
        raise ExportError(
            Text(
                "framework must be one of {choices}; got {value}",
                choices=", ".join(FRAMEWORKS),
                value=repr(framework),
            )
        )
    if spec.data.name in UNSUPPORTED_DATASETS:
        raise ExportError(
            Text(
                "data set {name} cannot be exported as a script yet; the exporter rebuilds "
                "the 2-D sets, logic gates, CSV points and MNIST",
                name=spec.data.name,
            )
        )
    if framework == "numpy":
        for i, layer in enumerate(spec.layers):
            if layer.type in ("conv2d", "maxpool", "avgpool"):
                raise ExportError(
                    Text(
                        "layers[{i}] is a {layer} layer, which the NumPy script cannot write out "
                        "(the NumPy engine has dense, dropout, BatchNorm and activation layers "
                        "only); export it for Keras instead (--framework keras)",
                        i=i,
                        layer=layer.type,
                    )
                )
    if framework == "keras" and spec.model == "perceptron":
        raise ExportError(
            Text(
                "the perceptron learns by the perceptron rule, which Keras does not have; "
                "export it for NumPy instead (--framework numpy)"
            )
        )
