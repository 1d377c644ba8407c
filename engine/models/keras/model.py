"""A Keras 3 model built from the experiment spec, behind the same Model interface as the
NumPy networks, so the trainer, the CLI and the GUI drive both the same way.

It runs on whichever Keras backend this process loaded (TensorFlow, JAX or PyTorch; see
`engine.keras_import`): the model is written with `keras.layers` and `keras.ops`, placed with
`keras.device`, and the few backend-specific pieces come from its adapter
(`engine.models.keras.backends`). Build, fit and predict must all happen in one thread (device
scopes are per-thread), which is the trainer's thread.
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.atomic import write_atomic, write_text_atomic
from engine.experiment.spec import Experiment, SpecError
from engine.keras_import import import_keras
from engine.messages import Text
from engine.models.api import (
    FitHooks,
    FitsItself,
    InsideReadable,
    Model,
    ModelInfo,
    PredictsValues,
)

keras = import_keras()  # the backend already loaded, else KERAS_BACKEND's, else TensorFlow

from engine.models.keras.backends import adapter  # noqa: E402
from engine.models.keras.callbacks import HooksCallback  # noqa: E402
from engine.models.keras.devices import parallel_for, resolve_device  # noqa: E402
from engine.models.keras.introspection import KerasReader  # noqa: E402


@keras.saving.register_keras_serializable(package="neural_playground")
def leaky_relu(x):
    """Slope 0.01 as in the NumPy engine (Keras's own default is 0.2)."""
    return keras.activations.leaky_relu(x, negative_slope=0.01)


ACTIVATION_NAMES = {
    "leaky_relu": leaky_relu,
    "linear": "linear",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "relu",
    "softmax": "softmax",
}


@keras.saving.register_keras_serializable(package="neural_playground")
class LiveL1L2(keras.regularizers.Regularizer):
    """L1/L2 whose rates live in variables, so a slider can change them mid-run without a
    retrace of the compiled training step."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        self.l1 = keras.Variable(float(l1), trainable=False, dtype="float32", name="l1")
        self.l2 = keras.Variable(float(l2), trainable=False, dtype="float32", name="l2")

    def __call__(self, x):
        ops = keras.ops
        return self.l1 * ops.sum(ops.abs(x)) + self.l2 * ops.sum(ops.square(x))

    def get_config(self) -> dict[str, float]:
        return {
            "l1": float(keras.ops.convert_to_numpy(self.l1)),
            "l2": float(keras.ops.convert_to_numpy(self.l2)),
        }


def _output(spec: Experiment, n_classes: int) -> tuple[int, str, Any, str]:
    """(units, activation, loss, target kind) of the output layer, as in the NumPy engine: one
    linear unit on the MSE for a regression data set."""
    act = spec.output_activation
    if spec.data.task == "regression":
        return 1, "linear", keras.losses.MeanSquaredError(), "value"
    if spec.loss == "categorical_crossentropy":
        return n_classes, "softmax", keras.losses.SparseCategoricalCrossentropy(), "index"
    if spec.loss == "binary_crossentropy":
        if n_classes > 2:
            raise SpecError(Text("loss binary_crossentropy needs two classes; use categorical"))
        return 1, "sigmoid", keras.losses.BinaryCrossentropy(), "binary"
    units = 1 if n_classes == 2 else n_classes
    act = "sigmoid" if act == "auto" else act
    reduction = "sum" if spec.loss == "sse" else "sum_over_batch_size"
    loss = keras.losses.MeanSquaredError(reduction=reduction)
    return units, act, loss, "binary" if units == 1 else "onehot"


def _optimizer(spec: Experiment) -> keras.optimizers.Optimizer:
    o = spec.optimizer
    name = o.name
    if name in ("sgd", "momentum", "nesterov"):
        return keras.optimizers.SGD(
            o.lr, momentum=0.0 if name == "sgd" else o.momentum, nesterov=name == "nesterov"
        )
    if name == "adagrad":
        return keras.optimizers.Adagrad(o.lr, epsilon=o.epsilon)
    if name == "rmsprop":
        return keras.optimizers.RMSprop(o.lr, rho=o.rho, epsilon=o.epsilon)
    cls = keras.optimizers.Adam if name == "adam" else keras.optimizers.Nadam
    return cls(o.lr, beta_1=o.beta1, beta_2=o.beta2, epsilon=o.epsilon)


def _initializer(spec: Experiment, seed: int):
    name = spec.training.init
    if name == "uniform":
        return keras.initializers.RandomUniform(-0.5, 0.5, seed=seed)
    if name == "normal":  # tf.random_normal, as Tutorial 1 draws its weights
        return keras.initializers.RandomNormal(stddev=1.0, seed=seed)
    return {
        "he": keras.initializers.HeNormal,
        "glorot": keras.initializers.GlorotUniform,
        "lecun": keras.initializers.LecunNormal,
    }[name](seed=seed)


def _bias_initializer(spec: Experiment, seed: int):
    """N(0, 1) biases for the ``normal`` scheme (Tutorial 1 draws them so); else Keras's
    zeros."""
    if spec.training.init == "normal":
        return keras.initializers.RandomNormal(stddev=1.0, seed=seed + 1000)
    return "zeros"


# Sets whose pictures mean the same mirrored left to right: a shirt, a shoe or a ship.
# Never digits (a mirrored 2 or 7 is not a digit), and not a user's folder, which may hold
# letters, arrows or anything else whose mirror image is another class.
MIRRORED_SETS = ("fashion_mnist", "cifar10")


def augmentation_layers(seed: int, data_name: str = "mnist") -> list[keras.layers.Layer]:
    """Small random rotations, shifts and zooms (tutorial 001 wrote augmentation that never ran),
    plus a random left-right flip for the sets in MIRRORED_SETS; active only in training.

    No flips for digits: a mirrored 2 or 7 is not a digit.
    """
    layers = [
        keras.layers.RandomRotation(0.05, fill_mode="constant", seed=seed),
        keras.layers.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=seed + 1),
        keras.layers.RandomZoom(0.1, fill_mode="constant", seed=seed + 2),
    ]
    if data_name in MIRRORED_SETS:
        layers.append(keras.layers.RandomFlip("horizontal", seed=seed + 3))
    return layers


def image_shape(spec: Experiment, n_inputs: int) -> tuple[int, int, int]:
    """(height, width, channels) of the pictures behind `n_inputs` flattened pixels: the set's
    own shape, or for a folder (whose pictures are square) the side and channels that give
    n_inputs (s² grey or 3·s² colour; no number is both)."""
    from engine.data.image_sets import image_set

    known = image_set(spec.data.name).shape
    if known is not None:
        return known
    for channels in (1, 3):
        side = math.isqrt(n_inputs // channels)
        if side * side * channels == n_inputs:
            return (side, side, channels)
    raise SpecError(Text("{n} inputs are not the pixels of a square picture", n=n_inputs))


def _hidden_layers(
    spec: Experiment, input_shape: tuple[int, ...], reg: LiveL1L2
) -> list[keras.layers.Layer]:
    """Keras layers for spec.layers, with Flatten inserted where images meet dense layers."""
    layers: list[keras.layers.Layer] = []
    spatial = len(input_shape) > 1  # the tensor still has (height, width, channels)
    if spec.augment and spec.data.is_image:
        if not spatial:  # an MLP's flattened pixels: augment the picture, then flatten again
            layers.append(keras.layers.Reshape(image_shape(spec, math.prod(input_shape))))
            spatial = True
        layers.extend(augmentation_layers(spec.seed, spec.data.name))
    for i, la in enumerate(spec.layers):
        init = _initializer(spec, spec.seed + i)
        if la.type in ("dense", "flatten") and spatial:
            layers.append(keras.layers.Flatten())
            spatial = False
        if la.type == "dense":
            act = ACTIVATION_NAMES[la.activation]
            layers.append(
                keras.layers.Dense(
                    la.units,
                    act,
                    kernel_initializer=init,
                    bias_initializer=_bias_initializer(spec, spec.seed + i),
                    kernel_regularizer=reg,
                )
            )
            if spec.training.dropout:
                layers.append(keras.layers.Dropout(spec.training.dropout, seed=spec.seed + i))
        elif la.type == "conv2d":
            layers.append(
                keras.layers.Conv2D(
                    la.filters,
                    la.kernel_size,
                    la.stride,
                    la.padding,
                    activation=ACTIVATION_NAMES[la.activation],
                    kernel_initializer=init,
                    bias_initializer=_bias_initializer(spec, spec.seed + i),
                    kernel_regularizer=reg,
                )
            )
        elif la.type in ("maxpool", "avgpool"):
            pool = (
                keras.layers.MaxPooling2D if la.type == "maxpool" else keras.layers.AveragePooling2D
            )
            layers.append(pool(la.pool_size, la.stride))
        elif la.type == "dropout":
            layers.append(keras.layers.Dropout(la.rate, seed=spec.seed + i))
        elif la.type == "batchnorm":
            layers.append(keras.layers.BatchNormalization())
        elif la.type == "activation":
            layers.append(keras.layers.Activation(ACTIVATION_NAMES[la.activation]))
    if spatial:
        layers.append(keras.layers.Flatten())
    return layers


class KerasModel(Model, FitsItself, InsideReadable, PredictsValues):
    """The Model protocol over a compiled Keras model: one `train_on_batch` per step, or
    Keras's own compiled loop (`fit_epochs`) under the training loop's hooks. On regression
    data it tracks the mean absolute error ("mae") instead of an accuracy, which is NaN."""

    def __init__(
        self,
        spec: Experiment,
        input_shape: tuple[int, ...],
        n_classes: int,
        model: keras.Model | None = None,
    ) -> None:
        self.spec = spec
        self.n_classes = n_classes
        self.input_shape = tuple(input_shape)
        import_keras(spec.backend)  # refuses, with advice, a backend other than the loaded one
        self.backend = adapter(keras.backend.backend())
        placement = resolve_device(spec.device, self.backend)
        self.device_name, self.device, self.note = placement.device_name, placement.label, ""
        # Several GPUs: variables are mirrored and each batch is split across them.
        self.parallel, parallel_note = (
            parallel_for(placement, self.backend) if model is None else (None, "")
        )
        notes = [n for n in (placement.note, parallel_note) if n]
        # one note stays a Text, so a front end can show it in its language
        self.note = notes[0] if len(notes) == 1 else " ".join(notes)
        units, act, loss, self._target = _output(spec, n_classes)
        with self._on_device():
            keras.utils.set_random_seed(spec.seed)
            if model is None:
                self.reg = LiveL1L2(spec.training.l1, spec.training.l2)
                layers = _hidden_layers(spec, self.input_shape, self.reg)
                out = keras.layers.Dense(
                    units,
                    act,
                    kernel_initializer=_initializer(spec, 99),
                    bias_initializer=_bias_initializer(spec, 99),
                )
                model = keras.Sequential([keras.Input(self.input_shape), *layers, out])
                model.compile(optimizer=_optimizer(spec), loss=loss, metrics=[self._metric()])
            else:
                self.reg = _find_regularizer(model)
            self.model = model
        self._reader: KerasReader | None = None

    def _on_device(self):
        """The chosen device (or devices, when data parallel) for one build or call."""
        return self.parallel.scope() if self.parallel else keras.device(self.device_name)

    def _live(self):
        """`_on_device()` for a call that reads the weights, which may come in the middle of a
        fit (from the loop's hooks): the backend first brings the variables up to date."""
        self.backend.sync(self.model)
        return self._on_device()

    def _metric(self) -> keras.metrics.Metric:
        if self._target == "value":
            return keras.metrics.MeanAbsoluteError(name="mae")
        return {
            "index": keras.metrics.SparseCategoricalAccuracy(name="accuracy"),
            "binary": keras.metrics.BinaryAccuracy(name="accuracy"),
            "onehot": keras.metrics.CategoricalAccuracy(name="accuracy"),
        }[self._target]

    def _targets(self, y: np.ndarray) -> np.ndarray:
        if self._target == "value":
            return np.asarray(y, dtype=np.float32).reshape(-1, 1)
        if self._target == "index":
            return y
        if self._target == "binary":
            return y.astype(np.float32).reshape(-1, 1)
        return np.eye(self.n_classes, dtype=np.float32)[y]

    # ----- Model protocol ------------------------------------------------------------------
    def train_batch(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        with self._on_device():
            logs = self.model.train_on_batch(x, self._targets(y), return_dict=True)
        return float(logs["loss"]), float(logs.get("accuracy", math.nan))

    def fit_epochs(
        self,
        x: np.ndarray,
        y: np.ndarray,
        validation: tuple[np.ndarray, np.ndarray],
        *,
        batch_size: int,
        initial_epoch: int,
        epochs: int,
        hooks: FitHooks,
        callbacks: Sequence[Any] = (),
    ) -> None:
        """Keras's own compiled loop, reporting to the training loop through `hooks`."""
        val = validation
        callbacks = [HooksCallback(hooks), *callbacks]
        with self._on_device():
            self.model.fit(
                x,
                self._targets(y),
                batch_size=batch_size,
                epochs=epochs,
                initial_epoch=initial_epoch,
                validation_data=(val[0], self._targets(val[1])),
                callbacks=callbacks,
                shuffle=True,
                verbose=0,
            )

    def evaluate(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        with self._live():
            logs = self.model.evaluate(
                x, self._targets(y), batch_size=1024, verbose=0, return_dict=True
            )
        return float(logs["loss"]), float(logs.get("accuracy", math.nan))

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        with self._live():
            out = (
                np.concatenate(
                    [
                        np.asarray(self.model.predict_on_batch(x[i : i + 8192]))
                        for i in range(0, max(len(x), 1), 8192)
                    ]
                )
                if len(x)
                else np.zeros((0, self.n_classes), np.float32)
            )
        if out.shape[1] == 1:
            p = np.clip(out[:, 0], 0.0, 1.0)
            return np.stack([1.0 - p, p], axis=1).astype(np.float32)
        if out.shape[1] == self.n_classes and self._target == "onehot":
            out = np.clip(out, 0.0, None)
            out /= np.maximum(out.sum(axis=1, keepdims=True), 1e-12)
        return out.astype(np.float32, copy=False)

    def predict_values(self, x: np.ndarray) -> np.ndarray:
        """The first output unit per row (n,): a regression model's linear prediction."""
        with self._live():
            parts = [
                np.asarray(self.model.predict_on_batch(x[i : i + 8192]))[:, 0]
                for i in range(0, len(x), 8192)
            ]
        return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)

    def set_hyper(self, **values: float) -> None:
        self.backend.sync(self.model)  # assign to up-to-date variables, also mid-fit
        opt = self.model.optimizer
        retrace = False
        if "lr" in values:
            opt.learning_rate.assign(values["lr"])
        for name in ("l1", "l2"):
            if name in values and self.reg is not None:
                getattr(self.reg, name).assign(values[name])
                retrace = retrace or self.backend.bakes_in_outside_variables
        if "momentum" in values and hasattr(opt, "momentum"):
            opt.momentum = float(values["momentum"])
            retrace = True  # momentum is a Python number, baked into the traced step
        if retrace:
            self.model.make_train_function(force=True)

    def info(self) -> ModelInfo:
        return ModelInfo(str(self.device), self.note, int(self.model.count_params()))

    def inside_reader(self) -> KerasReader:
        """Built on first use, in the model's thread: it builds a sub-model of every layer."""
        if self._reader is None:
            self._reader = KerasReader(self.model, self.backend, self._live)
        return self._reader

    def get_state(self) -> list[np.ndarray]:
        self.backend.sync(self.model)
        return [np.array(w) for w in self.model.get_weights()]

    def set_state(self, state: list[np.ndarray]) -> None:
        self.backend.sync(self.model)
        self.model.set_weights(state)

    def save(self, path: str, metadata: dict[str, Any]) -> None:
        if not str(path).endswith(".keras"):
            raise ValueError(Text("Keras models are saved as .keras files, not {path}", path=path))
        meta = {"experiment": self.spec.to_dict(), "n_classes": self.n_classes, **metadata}
        self.backend.sync(self.model)
        write_atomic(path, self.model.save)
        write_text_atomic(str(path) + ".json", json.dumps(meta, indent=2))

    @classmethod
    def load(cls, path: str) -> KerasModel:
        """The model in a .keras file (and its .keras.json sidecar, when there is one), checked
        before any prediction; every problem is one ValueError sentence naming the file."""
        if not os.path.isfile(path):
            raise ValueError(Text("model file {path} does not exist", path=path))
        if not zipfile.is_zipfile(path):
            raise ValueError(
                Text(
                    "{path} is not a .keras model (a .keras file is a zip archive; this one is "
                    "truncated, corrupt or of another kind)",
                    path=path,
                )
            )
        try:
            model = keras.saving.load_model(path, safe_mode=True)
        except Exception as exc:  # Keras raises many types for a bad file
            raise ValueError(_load_problem(path, exc)) from None
        output_units = int(model.output_shape[-1])
        n_classes = output_units if output_units > 1 else 2
        spec = Experiment(engine="keras")
        sidecar = f"{path}.json"
        if os.path.exists(sidecar):
            spec, n_classes = _read_sidecar(sidecar)
        spec.backend = str(keras.backend.backend())  # a .keras file runs on any backend
        if not all(np.isfinite(w).all() for w in model.get_weights()):
            raise ValueError(
                Text("{path} holds NaN or infinite weights (did its run diverge?)", path=path)
            )
        return cls(spec, tuple(model.input_shape[1:]), n_classes, model=model)


def _load_problem(path: str, exc: BaseException) -> Text:
    """Keras's error for an unloadable file, as one sentence naming the file."""
    text = str(exc)
    if "Lambda" in text or "safe_mode" in text:
        return Text(
            "{path} contains a Lambda layer, whose code could run on load; it is refused for "
            "safety. Rebuild the model without Lambda layers.",
            path=path,
        )
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return Text("{path} is not a readable .keras model: {problem}", path=path, problem=first[:200])


_N_CLASSES = "{path}: n_classes must be a whole number from 2, got {value}"


def _read_sidecar(sidecar: str) -> tuple[Experiment, int]:
    """The experiment and class count saved next to a .keras model, checked."""
    try:
        with open(sidecar, encoding="utf-8") as fh:
            meta = json.load(fh)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ValueError(
            Text("{path} is not readable JSON: {problem}", path=sidecar, problem=exc)
        ) from None
    if not isinstance(meta, dict):
        raise ValueError(Text("{path} must hold a JSON object", path=sidecar))
    n_classes = meta.get("n_classes")
    if (
        isinstance(n_classes, bool)
        or not isinstance(n_classes, int)
        or not 1 <= n_classes <= 10_000
    ):
        raise ValueError(Text(_N_CLASSES, path=sidecar, value=repr(n_classes)))
    try:
        spec = Experiment.from_dict(meta.get("experiment", {})).validate()
    except SpecError as exc:
        problem = exc.args[0] if len(exc.args) == 1 else str(exc)
        raise ValueError(Text("{path}: {problem}", path=sidecar, problem=problem)) from None
    if n_classes == 1 and spec.data.task != "regression":  # one output value: regression only
        raise ValueError(Text(_N_CLASSES, path=sidecar, value="1"))
    return spec, n_classes


def _find_regularizer(model: keras.Model) -> LiveL1L2 | None:
    for layer in model.layers:
        reg = getattr(layer, "kernel_regularizer", None)
        if isinstance(reg, LiveL1L2):
            return reg
    return None
