"""The shipped digit recogniser: a small CNN trained with Keras (tools/train_digit_model.py),
stored as plain arrays and run here with NumPy only.

Recognition on the canvas must work at first launch, offline, and without waiting seconds for
TensorFlow to import, so inference is a few matrix products: convolution as im2col
(`sliding_window_view`) times the kernel, max-pooling as a reshape, then dense layers. The
layout follows Keras (NHWC, kernels (kh, kw, in, out), flatten in NHWC order), so the arrays
are Keras's own weights and the outputs agree with Keras to float32 rounding.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from engine.messages import Text
from engine.models.numpy.blas import matmul_small as _matmul
from engine.models.numpy.persist import ModelFileError, read_npz, require, save_npz
from engine.models.registry import load_model

KIND = "cnn"
SHIPPED_MODEL = Path(__file__).resolve().parents[2] / "resources" / "digit_cnn.npz"

# A predictor maps a batch of MNIST-style images (n, 28, 28) in [0, 1] to probabilities (n, 10).
Predictor = Callable[[np.ndarray], np.ndarray]


@dataclass
class DigitCNN:
    """Keras-layout CNN: ``layers`` are dicts with "type" (conv2d, maxpool, flatten, dense) and
    their settings; ``weights[i]`` holds (kernel, bias) of layer i when it has any."""

    layers: list[dict[str, Any]]
    weights: dict[int, tuple[np.ndarray, np.ndarray]]
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def description(self) -> str:
        acc = self.metadata.get("test_accuracy")
        return f"Shipped model ({acc * 100:.1f} %)" if acc else "Shipped model"

    def predict_proba(self, images: np.ndarray) -> np.ndarray:
        """(n, 10) float32 probabilities for images (n, 28, 28[, 1]) or one (28, 28)."""
        ((_, probabilities),) = deque(self.layer_outputs(images), maxlen=1)  # keep only the last
        return probabilities

    def layer_outputs(self, images: np.ndarray) -> Iterator[tuple[dict[str, Any], np.ndarray]]:
        """Each layer with its output, in order: the forward pass, open to inspection (the
        "Inside the network" view shows these feature maps)."""
        x = np.asarray(images, dtype=np.float32)
        if x.ndim == 2:
            x = x[None]
        if x.ndim == 3:
            x = x[..., None]
        for i, layer in enumerate(self.layers):
            kind = layer["type"]
            if kind == "conv2d":
                x = _activate(_conv2d(x, *self.weights[i], layer.get("padding", "valid")), layer)
            elif kind == "maxpool":
                x = _maxpool(x, int(layer.get("size", 2)))
            elif kind == "flatten":
                x = x.reshape(len(x), -1)
            elif kind == "dense":
                kernel, bias = self.weights[i]
                x = _activate(_matmul(x, kernel) + bias, layer)
            else:
                raise ValueError(f"unknown layer type {kind!r}")
            yield layer, x

    def save(self, path: str | Path) -> None:
        arrays: dict[str, np.ndarray] = {}
        for i, (kernel, bias) in self.weights.items():
            arrays[f"kernel{i}"] = kernel.astype(np.float32)
            arrays[f"bias{i}"] = bias.astype(np.float32)
        save_npz(path, arrays, {"kind": KIND, "layers": self.layers, "metadata": self.metadata})


def load_digit_cnn(path: str | Path = SHIPPED_MODEL) -> DigitCNN:
    """The CNN in ``path`` (default: the shipped one), or ModelFileError naming the file."""
    arrays, meta = read_npz(path)
    if meta.get("kind") != KIND:
        raise ModelFileError(
            Text(
                "{path} holds a {kind} model, not a digit CNN",
                path=path,
                kind=repr(meta.get("kind")),
            )
        )
    try:
        layers = list(meta["layers"])
        weights = {}
        for i, layer in enumerate(layers):
            if layer["type"] in ("conv2d", "dense"):
                kernel = arrays[f"kernel{i}"]
                bias = require(arrays, f"bias{i}", (kernel.shape[-1],), path)
                weights[i] = (kernel.astype(np.float32), bias.astype(np.float32))
    except (KeyError, TypeError) as exc:
        raise ModelFileError(
            Text("{path} holds an incomplete digit CNN: {problem}", path=path, problem=exc)
        ) from None
    metadata = meta.get("metadata", {})
    cnn = DigitCNN(layers, weights, dict(metadata) if isinstance(metadata, dict) else {})
    _check_digit_cnn(path, cnn)
    return cnn


LAYER_TYPES = ("conv2d", "maxpool", "flatten", "dense")
_ACTIVATIONS = ("linear", "relu", "tanh", "sigmoid", "softmax")


def _check_digit_cnn(path: str | Path, cnn: DigitCNN) -> None:
    """Every layer known and sane, then one blank digit through the whole network: shapes that
    do not chain, a pool of size 0 or a wrong output fail here, naming the file, never later
    at predict time."""
    for i, layer in enumerate(cnn.layers):
        kind = layer.get("type") if isinstance(layer, dict) else None
        if kind not in LAYER_TYPES:
            raise ModelFileError(
                Text(
                    "{path}: layer {i} has unknown type {kind}; a digit CNN uses {types}",
                    path=path,
                    i=i,
                    kind=repr(kind),
                    types=", ".join(LAYER_TYPES),
                )
            )
        size = layer.get("size", 2)
        whole = isinstance(size, int) and not isinstance(size, bool)
        if kind == "maxpool" and not (whole and 1 <= size <= 28):
            raise ModelFileError(
                Text(
                    "{path}: layer {i} pools by {size}; use 1 to 28",
                    path=path,
                    i=i,
                    size=repr(size),
                )
            )
        activation = layer.get("activation", "linear")
        if activation not in _ACTIVATIONS:
            raise ModelFileError(
                Text(
                    "{path}: layer {i} has unknown activation {activation}",
                    path=path,
                    i=i,
                    activation=repr(activation),
                )
            )
    try:
        with np.errstate(all="ignore"):
            out = cnn.predict_proba(np.zeros((1, 28, 28), np.float32))
    except (ValueError, IndexError, KeyError, TypeError, ZeroDivisionError) as exc:
        raise ModelFileError(
            Text("{path}: its layers do not fit together ({problem})", path=path, problem=exc)
        ) from None
    if out.shape != (1, 10) or not np.isfinite(out).all():
        raise ModelFileError(
            Text(
                "{path}: its output has shape {shape}, not 10 digit probabilities",
                path=path,
                shape=out.shape[1:],
            )
            if out.shape != (1, 10)
            else Text(
                "{path}: it predicts NaN for a blank digit (are its weights broken?)", path=path
            )
        )


def open_digit_model(path: str | Path | None = None) -> tuple[Predictor, str]:
    """(predict function, description) for a digit model file: None or "default" for the
    shipped CNN, a digit-CNN or NumPy-MLP .npz (784 inputs, 10 classes), or a .keras file.

    A Keras model's function must be called in the thread that called this (the backend's
    rule); the NumPy ones may be called anywhere. Errors are ValueErrors naming the file.
    """
    if path is None or str(path) == "default":
        cnn = load_digit_cnn()
        return cnn.predict_proba, cnn.description
    path = Path(path)
    if path.suffix.lower() == ".keras":
        keras_model = load_model(path)
        shape = tuple(keras_model.input_shape)
        _check_digit_model(path, keras_model.n_classes, shape)
        return (lambda x: keras_model.predict_proba(as_model_input(x, shape))), (
            f"{path.name} (Keras)"
        )
    _, meta = read_npz(path)  # checks the container; names the file on errors
    if meta.get("kind") == KIND:
        cnn = load_digit_cnn(path)
        return cnn.predict_proba, f"{path.name} (CNN)"
    net = load_model(path)
    _check_digit_model(path, net.n_classes, (net.n_inputs,))
    return (lambda x: net.predict_proba(as_model_input(x, (784,)))), f"{path.name} (NumPy MLP)"


def as_model_input(x: np.ndarray, input_shape: tuple[int, ...]) -> np.ndarray:
    """Images (n, 28, 28) reshaped for a model that takes (784,), (28, 28) or (28, 28, 1)."""
    return np.ascontiguousarray(x.reshape((len(x), *input_shape)), dtype=np.float32)


def _check_digit_model(path: Path, n_classes: int, input_shape: tuple[int, ...]) -> None:
    size = int(np.prod([int(d) for d in input_shape]))
    if size != 28 * 28:
        raise ModelFileError(
            Text(
                "{name} takes inputs of shape {shape}; digit recognition needs "
                "a model trained on 28x28 images (MNIST)",
                name=path.name,
                shape=tuple(input_shape),
            )
        )
    if n_classes != 10:
        raise ModelFileError(
            Text(
                "{name} has {n_classes} classes; a digit model needs 10",
                name=path.name,
                n_classes=n_classes,
            )
        )


def from_keras(model: Any, metadata: dict[str, Any] | None = None) -> DigitCNN:
    """Copy a Keras Sequential of Conv2D/MaxPooling2D/Flatten/Dense/Dropout into a DigitCNN."""
    layers: list[dict[str, Any]] = []
    weights: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for layer in model.layers:
        name = type(layer).__name__
        config = layer.get_config()
        if name == "Conv2D":
            if tuple(config["strides"]) != (1, 1) or tuple(config["dilation_rate"]) != (1, 1):
                raise ValueError("only stride-1, undilated convolutions are supported")
            weights[len(layers)] = tuple(np.asarray(w) for w in layer.get_weights())
            layers.append(
                {"type": "conv2d", "activation": config["activation"], "padding": config["padding"]}
            )
        elif name == "MaxPooling2D":
            layers.append({"type": "maxpool", "size": int(config["pool_size"][0])})
        elif name == "Flatten":
            layers.append({"type": "flatten"})
        elif name == "Dense":
            weights[len(layers)] = tuple(np.asarray(w) for w in layer.get_weights())
            layers.append({"type": "dense", "activation": config["activation"]})
        elif name in ("Dropout", "InputLayer", "RandomRotation", "RandomTranslation"):
            continue  # inactive at inference
        else:
            raise ValueError(f"layer {name} is not supported by the NumPy digit CNN")
    return DigitCNN(layers, weights, dict(metadata or {}))


def to_keras(cnn: DigitCNN) -> Any:
    """The same network as a Keras model (imports Keras): for checks and comparisons."""
    from engine.keras_import import import_keras

    keras = import_keras()

    layers: list[Any] = [keras.Input((28, 28, 1))]
    for i, spec in enumerate(cnn.layers):
        kind = spec["type"]
        if kind == "conv2d":
            kernel = cnn.weights[i][0]
            layers.append(
                keras.layers.Conv2D(
                    kernel.shape[-1],
                    kernel.shape[:2],
                    activation=spec.get("activation"),
                    padding=spec.get("padding", "valid"),
                )
            )
        elif kind == "maxpool":
            layers.append(keras.layers.MaxPooling2D(int(spec.get("size", 2))))
        elif kind == "flatten":
            layers.append(keras.layers.Flatten())
        elif kind == "dense":
            layers.append(
                keras.layers.Dense(cnn.weights[i][0].shape[-1], activation=spec.get("activation"))
            )
    model = keras.Sequential(layers)
    weighted = [layer for layer in model.layers if layer.weights]
    for layer, i in zip(weighted, sorted(cnn.weights), strict=True):
        layer.set_weights(list(cnn.weights[i]))
    return model


# ----- layers (NHWC) -----------------------------------------------------------------------
def _conv2d(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray, padding: str) -> np.ndarray:
    kh, kw, cin, cout = kernel.shape
    if padding == "same":  # Keras pads the extra row/column at the bottom/right
        ph, pw = kh - 1, kw - 1
        x = np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))
    n, h, w, _ = x.shape
    ho, wo = h - kh + 1, w - kw + 1
    # windows: (n, ho, wo, cin, kh, kw) -> rows of (kh, kw, cin) patches, Keras's kernel order
    windows = sliding_window_view(x, (kh, kw), axis=(1, 2)).transpose(0, 1, 2, 4, 5, 3)
    cols = windows.reshape(n * ho * wo, kh * kw * cin)
    out = _matmul(cols, kernel.reshape(kh * kw * cin, cout)) + bias
    return out.reshape(n, ho, wo, cout)


def _maxpool(x: np.ndarray, size: int) -> np.ndarray:
    n, h, w, c = x.shape
    h2, w2 = h // size, w // size  # Keras "valid" pooling drops the remainder
    x = x[:, : h2 * size, : w2 * size]
    return x.reshape(n, h2, size, w2, size, c).max(axis=(2, 4))


def _activate(x: np.ndarray, layer: dict[str, Any]) -> np.ndarray:
    act = layer.get("activation", "linear")
    if act == "relu":
        return np.maximum(x, 0.0)
    if act == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    if act == "tanh":
        return np.tanh(x)
    if act == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    if act == "linear":
        return x
    raise ValueError(f"activation {act!r} is not supported by the NumPy digit CNN")
