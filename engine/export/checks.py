"""What an exported script can and cannot express, said before any code is written."""

from __future__ import annotations

from engine.experiment.spec import Experiment
from engine.messages import Text

FRAMEWORKS = ("keras", "numpy")


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
    data = spec.data
    if data.name == "cifar10" and data.path and not data.path.lower().endswith(".npz"):
        raise ExportError(
            Text(
                "data.path {path}: the script reads CIFAR-10 from an .npz file (x_train, "
                "y_train, x_test, y_test) or downloads it through keras.datasets.cifar10; "
                "leave data.path empty, or name an .npz",
                path=data.path,
            )
        )
    if framework == "keras" and spec.augment and data.name == "folder" and spec.model != "cnn":
        raise ExportError(
            Text(
                "augment on an MLP needs the pictures' shape, which a folder only gives once "
                "read; use model cnn, or turn augment off"
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
