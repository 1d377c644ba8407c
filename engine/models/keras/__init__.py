"""The Keras engine. Importing this package is free: Keras and its backend load only when a model is
built, so the NumPy path and the window's start-up never pay for it."""

from __future__ import annotations

from typing import Any


def build_keras_model(spec: Any, input_shape: tuple[int, ...], n_classes: int) -> Any:
    from engine.models.keras.model import KerasModel

    return KerasModel(spec, input_shape, n_classes)


def load_keras_model(path: str) -> Any:
    from engine.models.keras.model import KerasModel

    return KerasModel.load(path)
