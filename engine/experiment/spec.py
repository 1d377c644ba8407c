"""The experiment spec: the single source of truth read by the GUI, the CLI and both engines.

Plain dataclasses that round-trip through JSON and validate themselves, so a bad value is
reported once, by field name and allowed range, before any numpy code runs.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

# The Keras engine's backend is recorded in every experiment; KERAS_BACKEND sets the default.
from engine.keras_import import BACKENDS, default_backend
from engine.messages import Text

DATASETS_2D = ("circle", "xor", "gaussian", "spiral", "moons")
GATES = ("gate-or", "gate-and", "gate-xor")
# TensorFlow Playground's two regression problems: each point's target is a number, not a class
REGRESSION_DATASETS = ("plane", "multi-gaussian")
# Image data sets: MNIST digits, Fashion-MNIST clothes (28×28 grey), CIFAR-10 photos (32×32
# colour) and a folder of the user's own images, one sub-folder per class
# (engine/data/image_sets.py describes each; engine/data/image_folder.py reads a folder).
IMAGE_DATASETS = ("mnist", "fashion_mnist", "cifar10", "folder")
DATASETS = (*GATES, *DATASETS_2D, *REGRESSION_DATASETS, "csv", *IMAGE_DATASETS)
COLOR_MODES = ("auto", "grayscale", "rgb")  # data.color_mode of an image folder
# What a data set asks of the network: a class per point, or a number per point. The one place
# the task is declared; everything else asks `task_of` (or DataSpec.task).
TASKS = ("classification", "regression")
REGRESSION_LOSSES = ("mse",)  # a linear output unit trained on the mean squared error
SCORE_NAMES = {"classification": "accuracy", "regression": "R²"}  # the curves' second metric
SCORE_KEYS = {"classification": "accuracy", "regression": "r2"}  # its name in JSON and CSV
# as Keras's validation_split: a fifth of the training rows validates; the test set stays unseen
DEFAULT_VALIDATION_SPLIT = 0.2
SCALINGS = ("none", "standardize")  # data.scale: how the inputs are scaled before the network
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2")
ACTIVATIONS = ("linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "softmax")
HIDDEN_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "leaky_relu")
ACTIVATION_TITLES = {  # how people write them
    "linear": "Linear",
    "step": "Step",
    "sigmoid": "Sigmoid",
    "tanh": "Tanh",
    "relu": "ReLU",
    "leaky_relu": "Leaky ReLU",
    "softmax": "Softmax",
}
LOSSES = ("sse", "mse", "binary_crossentropy", "categorical_crossentropy")
OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "nadam")
OPTIMIZER_TITLES = {  # how people write them
    "sgd": "SGD",
    "momentum": "Momentum",
    "nesterov": "Nesterov",
    "adagrad": "Adagrad",
    "rmsprop": "RMSprop",
    "adam": "Adam",
    "nadam": "Nadam",
}
INITS = ("he", "glorot", "lecun", "uniform", "normal")
LAYER_TYPES = (
    "dense",
    "dropout",
    "batchnorm",
    "activation",  # an activation function on its own, e.g. after a BatchNorm
    "conv2d",
    "maxpool",
    "avgpool",
    "flatten",
)
ENGINES = ("numpy", "keras")
MODELS = ("perceptron", "mlp", "cnn")
DEVICES = ("auto", "cpu", "gpu")
PERCEPTRON_RULES = ("rosenblatt", "delta")


class SpecError(ValueError):
    """A spec value is out of range; the message names the field and what is allowed."""


def task_of(dataset: str) -> str:
    """The task of data set `dataset`: "regression" for TensorFlow Playground's plane and
    multi-Gaussian, whose targets are numbers; "classification" for every other data set."""
    return "regression" if dataset in REGRESSION_DATASETS else "classification"


def _check_range(name: str, value: float, lo: float, hi: float, *, lo_open: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        template = "{field} must be a number in {range}, got {value}"
        raise SpecError(
            Text(template, field=name, range=_range_text(lo, hi, lo_open), value=repr(value))
        )
    if value < lo or value > hi or (lo_open and value == lo):
        template = "{field} must be in {range}, got {value}"
        raise SpecError(
            Text(template, field=name, range=_range_text(lo, hi, lo_open), value=repr(value))
        )


def _check_int(name: str, value: int, lo: int, hi: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        template = "{field} must be a whole number in [{lo}, {hi}], got {value}"
        raise SpecError(Text(template, field=name, lo=lo, hi=hi, value=repr(value)))
    _check_range(name, value, lo, hi)


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        template = "{field} must be one of {choices}; got {value}"
        raise SpecError(Text(template, field=name, choices=", ".join(choices), value=repr(value)))


def _range_text(lo: float, hi: float, lo_open: bool) -> str:
    return f"{'(' if lo_open else '['}{lo:g}, {hi:g}]"


MAX_FILE_BYTES = 1_000_000  # an experiment is a few kB; a bigger file is not one
MAX_TEXT = {"path": 4096, "preset": 100}  # free strings; choices are checked against lists
MAX_LIST = 10_000  # layers, features, added points


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


# What each annotation in the dataclasses below accepts (annotations are strings here).
_TYPES: dict[str, tuple[str, Any]] = {
    "str": ("a string", _is_text),
    "str | None": ("a string or null", lambda v: v is None or _is_text(v)),
    "int": ("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "float": ("a number", _is_number),
    "bool": ("true or false", lambda v: isinstance(v, bool)),
    "list[str]": (
        "a list of strings",
        lambda v: isinstance(v, list) and len(v) <= MAX_LIST and all(_is_text(s) for s in v),
    ),
    "list[list[float]]": (
        "a list of [x, y, label] lists",
        lambda v: isinstance(v, list) and len(v) <= MAX_LIST,  # each point: DataSpec.validate
    ),
}


def _check_types(obj: Any, prefix: str) -> None:
    """Every plain field holds its declared type, and free strings have a sane length, so a
    hand-edited file fails here with the field's name instead of deep inside numpy."""
    for f in fields(obj):
        value = getattr(obj, f.name)
        expected = _TYPES.get(str(f.type))
        if expected is None:  # a nested spec or the layer list: checked by its own validate
            continue
        what, ok = expected
        if not ok(value):
            shown = repr(value) if len(repr(value)) <= 60 else f"a {type(value).__name__}"
            raise SpecError(
                Text(
                    "{field} must be {what}, got {value}",
                    field=prefix + f.name,
                    what=what,
                    value=shown,
                )
            )
        limit = MAX_TEXT.get(f.name)
        if limit and isinstance(value, str) and len(value) > limit:
            raise SpecError(
                Text(
                    "{field} is {length:,} characters long; at most {limit} are allowed",
                    field=prefix + f.name,
                    length=len(value),
                    limit=limit,
                )
            )


@dataclass
class DataSpec:
    """Which data to train on and how to generate or find it."""

    name: str = "circle"
    points: int = 500
    noise: float = 0.0  # 0..50, percent, as TensorFlow Playground's slider
    train_ratio: float = 50.0  # percent of the points used for training
    seed: int = 0
    features: list[str] = field(default_factory=lambda: ["x1", "x2"])
    # Share of the training rows held out to validate (the validation curves, early stopping's
    # best epoch); 0, or too few rows to carve (a gate), validates on the training rows. The
    # test set is never used before the final evaluation.
    validation_split: float = DEFAULT_VALIDATION_SPLIT
    # CSV file for "csv"; an image set's file or folder (mnist.npz / IDX folder, CIFAR-10's
    # batches); the class-per-sub-folder folder for "folder" (required there)
    path: str | None = None
    limit: int = 0  # image sets: use only the first N training images (0 = all)
    # An image folder's pictures are resized to image_size × image_size (0: the most common
    # size among its files) and read in color_mode ("auto": colour if any picture has colour);
    # test_split of each class is set aside, stratified, as the test set.
    image_size: int = 0
    color_mode: str = "auto"
    test_split: float = 0.2
    added_points: list[list[float]] = field(default_factory=list)  # [x, y, label] clicked in
    # "standardize": each input column (one mean and std over all pixels for images) is shifted
    # and divided by the mean and standard deviation of the TRAINING rows; "none" leaves them.
    scale: str = "none"
    # 2-D points: the network sees the coordinates multiplied by this (as if in other units);
    # the plots keep the original ones. 1 = as generated.
    input_scale: float = 1.0

    def validate(self) -> None:
        _check_types(self, "data.")
        _check_choice("data.name", self.name, DATASETS)
        _check_int("data.points", self.points, 4, 100_000)
        _check_range("data.noise", self.noise, 0, 50)
        _check_range("data.train_ratio", self.train_ratio, 10, 90)
        _check_int("data.seed", self.seed, 0, 2**31 - 1)
        _check_range("data.validation_split", self.validation_split, 0, 0.5)
        _check_int("data.limit", self.limit, 0, 60_000)
        _check_int("data.image_size", self.image_size, 0, 256)
        if 0 < self.image_size < 8:
            raise SpecError(
                Text(
                    "data.image_size must be 0 (the most common size) or 8..256 pixels, got {n}",
                    n=self.image_size,
                )
            )
        _check_choice("data.color_mode", self.color_mode, COLOR_MODES)
        _check_range("data.test_split", self.test_split, 0.05, 0.5)
        _check_choice("data.scale", self.scale, SCALINGS)
        _check_range("data.input_scale", self.input_scale, 0.001, 1000)
        if not self.features:
            raise SpecError(
                Text("data.features needs at least one of {choices}", choices=", ".join(FEATURES))
            )
        for feat in self.features:
            _check_choice("data.features", feat, FEATURES)
        if len(set(self.features)) != len(self.features):
            raise SpecError(
                Text("data.features lists a feature twice: {features}", features=self.features)
            )
        for i, point in enumerate(self.added_points):
            ok = isinstance(point, list) and len(point) == 3
            ok = ok and all(isinstance(v, (int, float)) and math.isfinite(v) for v in point)
            if not ok or point[2] != int(point[2]) or point[2] < 0:
                raise SpecError(
                    Text(
                        "data.added_points[{i}] must be [x, y, label] with a whole label >= 0, "
                        "got {point}",
                        i=i,
                        point=repr(point),
                    )
                )
        if self.added_points and self.is_image:
            raise SpecError(Text("data.added_points are 2-D points; an image set takes none"))
        if self.added_points and self.task == "regression":
            raise SpecError(
                Text(
                    "data.added_points are points of a class; {name} is a regression problem "
                    "(a number per point) and takes none",
                    name=self.name,
                )
            )
        if self.name == "folder" and not (self.path or "").strip():
            raise SpecError(
                Text(
                    "data.path must name a folder with one sub-folder of images per class "
                    "when data.name is folder"
                )
            )
        if self.name == "csv" and not self.path:
            raise SpecError(
                Text("data.path must name a CSV file (x, y, label) when data.name is csv")
            )

    @property
    def is_image(self) -> bool:
        return self.name in IMAGE_DATASETS

    @property
    def task(self) -> str:
        """The data's task, "classification" or "regression" (see `task_of`)."""
        return task_of(self.name)


@dataclass
class LayerSpec:
    """One layer. Only the fields that matter for its type are read."""

    type: str = "dense"
    units: int = 4
    activation: str = "tanh"
    filters: int = 8
    kernel_size: int = 3
    stride: int = 1
    padding: str = "valid"
    pool_size: int = 2
    rate: float = 0.5  # dropout rate

    def validate(self, where: str) -> None:
        _check_types(self, f"{where}.")
        _check_choice(f"{where}.type", self.type, LAYER_TYPES)
        if self.type == "dense":
            _check_int(f"{where}.units", self.units, 1, 4096)
            _check_choice(f"{where}.activation", self.activation, ACTIVATIONS)
        elif self.type == "conv2d":
            _check_int(f"{where}.filters", self.filters, 1, 1024)
            _check_int(f"{where}.kernel_size", self.kernel_size, 1, 15)
            _check_int(f"{where}.stride", self.stride, 1, 8)
            _check_choice(f"{where}.padding", self.padding, ("same", "valid"))
            _check_choice(f"{where}.activation", self.activation, ACTIVATIONS)
        elif self.type in ("maxpool", "avgpool"):
            _check_int(f"{where}.pool_size", self.pool_size, 1, 8)
            _check_int(f"{where}.stride", self.stride, 1, 8)
        elif self.type == "dropout":
            _check_range(f"{where}.rate", self.rate, 0, 0.95)
        elif self.type == "activation":
            if self.activation not in HIDDEN_ACTIVATIONS:
                template = {
                    "softmax": "{field} of an activation layer must be one of {choices}; got "
                    "{value} (softmax is only for the output layer: see output_activation)",
                    "step": "{field} of an activation layer must be one of {choices}; got "
                    "{value} (step has zero gradient, so backprop cannot train through it)",
                }.get(
                    self.activation,
                    "{field} of an activation layer must be one of {choices}; got {value}",
                )
                raise SpecError(
                    Text(
                        template,
                        field=f"{where}.activation",
                        choices=", ".join(HIDDEN_ACTIVATIONS),
                        value=repr(self.activation),
                    )
                )


@dataclass
class OptimizerSpec:
    name: str = "adam"
    lr: float = 0.03
    momentum: float = 0.9  # for momentum / nesterov (and SGD when > 0 in Keras terms)
    beta1: float = 0.9
    beta2: float = 0.999
    rho: float = 0.9  # RMSprop decay
    epsilon: float = 1e-7

    def validate(self) -> None:
        _check_types(self, "optimizer.")
        _check_choice("optimizer.name", self.name, OPTIMIZERS)
        _check_range("optimizer.lr", self.lr, 0, 10, lo_open=True)
        _check_range("optimizer.momentum", self.momentum, 0, 0.999)
        _check_range("optimizer.beta1", self.beta1, 0, 0.9999)
        _check_range("optimizer.beta2", self.beta2, 0, 0.99999)
        _check_range("optimizer.rho", self.rho, 0, 0.9999)
        _check_range("optimizer.epsilon", self.epsilon, 0, 1, lo_open=True)


@dataclass
class TrainingSpec:
    batch_size: int = 10
    epochs: int = 100
    l1: float = 0.0
    l2: float = 0.0
    dropout: float = 0.0  # inverted dropout after every hidden dense layer
    early_stopping: int = 0  # patience in epochs on validation loss; 0 = off
    init: str = "glorot"
    perceptron_rule: str = "rosenblatt"  # or "delta": ReLU/linear unit trained by gradient descent
    lr_decay: float = 1.0  # the learning rate is multiplied by this after every epoch
    stop_when_separated: bool = True  # perceptron: stop once every training point is right

    def validate(self) -> None:
        _check_types(self, "training.")
        _check_int("training.batch_size", self.batch_size, 1, 65_536)
        _check_int("training.epochs", self.epochs, 1, 100_000)
        _check_range("training.l1", self.l1, 0, 10)
        _check_range("training.l2", self.l2, 0, 10)
        _check_range("training.dropout", self.dropout, 0, 0.95)
        _check_int("training.early_stopping", self.early_stopping, 0, 10_000)
        _check_choice("training.init", self.init, INITS)
        _check_choice("training.perceptron_rule", self.perceptron_rule, PERCEPTRON_RULES)
        _check_range("training.lr_decay", self.lr_decay, 0.5, 1.0)


def _default_layers() -> list[LayerSpec]:
    return [LayerSpec(units=4, activation="tanh"), LayerSpec(units=2, activation="tanh")]


@dataclass
class Experiment:
    """A whole experiment. `layers` are the hidden layers; the output layer follows the loss."""

    engine: str = "numpy"
    model: str = "mlp"
    data: DataSpec = field(default_factory=DataSpec)
    layers: list[LayerSpec] = field(default_factory=_default_layers)
    loss: str = "categorical_crossentropy"
    # auto: softmax for CE, sigmoid for BCE/SSE/MSE on classes, linear for regression
    output_activation: str = "auto"
    optimizer: OptimizerSpec = field(default_factory=OptimizerSpec)
    training: TrainingSpec = field(default_factory=TrainingSpec)
    device: str = "auto"
    backend: str = field(default_factory=default_backend)  # Keras: tensorflow, jax or torch
    seed: int = 0  # weight init and shuffling
    preset: str | None = None
    augment: bool = False

    # ----- validation -------------------------------------------------------------------
    def validate(self) -> Experiment:
        _check_types(self, "")
        for name, kind in (("data", DataSpec), ("optimizer", OptimizerSpec)):
            if not isinstance(getattr(self, name), kind):
                raise SpecError(Text("{field} must be a JSON object", field=name))
        if not isinstance(self.training, TrainingSpec):
            raise SpecError(Text("{field} must be a JSON object", field="training"))
        if not isinstance(self.layers, list) or len(self.layers) > MAX_LIST:
            raise SpecError(Text("layers must be a list of layer objects"))
        _check_choice("engine", self.engine, ENGINES)
        _check_choice("model", self.model, MODELS)
        _check_choice("loss", self.loss, LOSSES)
        _check_choice("output_activation", self.output_activation, ("auto", *ACTIVATIONS))
        _check_choice("device", self.device, DEVICES)
        _check_choice("backend", self.backend, BACKENDS)
        _check_int("seed", self.seed, 0, 2**31 - 1)
        self.data.validate()
        self.optimizer.validate()
        self.training.validate()
        for i, layer in enumerate(self.layers):
            layer.validate(f"layers[{i}]")
            if layer.type == "dense" and layer.activation == "step" and self.model != "perceptron":
                raise SpecError(
                    Text(
                        "layers[{i}].activation step has zero gradient everywhere, so backprop "
                        "cannot train it; use the perceptron model, or sigmoid/tanh/relu",
                        i=i,
                    )
                )
            if layer.type == "dense" and layer.activation == "softmax":
                raise SpecError(
                    Text("layers[{i}].activation softmax is only for the output layer", i=i)
                )
        image_layers = [
            la.type for la in self.layers if la.type in ("conv2d", "maxpool", "avgpool")
        ]
        if image_layers and not self.data.is_image:
            raise SpecError(
                Text(
                    "layers use {layer}, which needs image data; choose data.name mnist",
                    layer=image_layers[0],
                )
            )
        if image_layers and self.model != "cnn":
            raise SpecError(
                Text(
                    "layers use {layer}; set model to cnn, not {model}",
                    layer=image_layers[0],
                    model=self.model,
                )
            )
        if self.model == "cnn" and self.engine != "keras":
            raise SpecError(Text("model cnn runs on the keras engine; set engine to keras"))
        if self.model == "cnn" and not self.data.is_image:
            raise SpecError(
                Text(
                    "model cnn needs image data, and {name} is 2-D points; choose "
                    "data.name mnist, or model mlp",
                    name=self.data.name,
                )
            )
        if self.model == "perceptron" and self.engine != "numpy":
            raise SpecError(Text("model perceptron runs on the numpy engine; set engine to numpy"))
        if self.data.task == "regression":
            self._check_regression()
        if self.output_activation == "step" or (
            self.output_activation != "auto" and self.loss.endswith("crossentropy")
        ):
            if self.output_activation not in ("auto", "softmax", "sigmoid"):
                raise SpecError(
                    Text(
                        "output_activation {activation} cannot feed {loss}; "
                        "use auto, softmax or sigmoid",
                        activation=self.output_activation,
                        loss=self.loss,
                    )
                )
        return self

    def _check_regression(self) -> None:
        """A number per point: one linear output unit trained on the MSE (TensorFlow
        Playground's regression); class losses and the perceptron need classes."""
        name = self.data.name
        if self.loss not in REGRESSION_LOSSES:
            raise SpecError(
                Text(
                    "loss {loss} needs classes, but {name} is a regression problem (a number "
                    "per point); use loss {losses}",
                    loss=self.loss,
                    name=name,
                    losses=" or ".join(REGRESSION_LOSSES),
                )
            )
        if self.output_activation not in ("auto", "linear"):
            raise SpecError(
                Text(
                    "output_activation {activation} squashes the output, but {name} "
                    "is a regression problem; use auto or linear (a linear output)",
                    activation=self.output_activation,
                    name=name,
                )
            )
        if self.model != "mlp":
            raise SpecError(
                Text(
                    "model {model} classifies, but {name} is a regression problem; use model "
                    "mlp (with no hidden layers it is a linear model)",
                    model=self.model,
                    name=name,
                )
            )

    def train_count(self) -> int | None:
        """How many training examples the data spec yields, where it is known without loading."""
        if self.data.name in GATES:
            return 4
        if self.data.name in DATASETS_2D or self.data.name in REGRESSION_DATASETS:
            n = self.data.points
            n_fit = min(max(1, round(n * self.data.train_ratio / 100)), n - 1)
            n_val = min(int(n_fit * self.data.validation_split), n_fit - 1)
            return n_fit - n_val + len(self.data.added_points)
        if self.data.is_image and self.data.limit:
            return self.data.limit - int(self.data.limit * self.data.validation_split)
        return None

    # ----- JSON -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Experiment:
        if not isinstance(raw, dict):
            raise SpecError(Text("an experiment must be a JSON object"))
        kwargs = _known_fields(cls, raw, "")
        if "data" in kwargs:
            kwargs["data"] = DataSpec(**_known_fields(DataSpec, kwargs["data"], "data."))
        if "optimizer" in kwargs:
            kwargs["optimizer"] = OptimizerSpec(
                **_known_fields(OptimizerSpec, kwargs["optimizer"], "optimizer.")
            )
        if "training" in kwargs:
            kwargs["training"] = TrainingSpec(
                **_known_fields(TrainingSpec, kwargs["training"], "training.")
            )
        if "layers" in kwargs:
            if not isinstance(kwargs["layers"], list):
                raise SpecError(Text("layers must be a list of layer objects"))
            kwargs["layers"] = [
                LayerSpec(**_known_fields(LayerSpec, la, f"layers[{i}]."))
                for i, la in enumerate(kwargs["layers"])
            ]
        return cls(**kwargs)

    @classmethod
    def from_json(cls, text: str) -> Experiment:
        if len(text) > MAX_FILE_BYTES:
            raise SpecError(
                Text(
                    "is {length:,} characters long; an experiment is at most "
                    "{limit:,} (a few kB is usual)",
                    length=len(text),
                    limit=MAX_FILE_BYTES,
                )
            )
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(Text("not valid JSON: {reason}", reason=exc)) from None
        except RecursionError:
            raise SpecError(Text("is nested too deeply to be an experiment")) from None
        return cls.from_dict(raw)

    @classmethod
    def load(cls, path: str | Path) -> Experiment:
        try:
            size = Path(path).stat().st_size
            if size > MAX_FILE_BYTES:
                raise SpecError(
                    Text(
                        "{path}: the file is {size:,} bytes; an experiment is at most "
                        "{limit:,} bytes. Choose an experiment .json file.",
                        path=path,
                        size=size,
                        limit=MAX_FILE_BYTES,
                    )
                )
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(
                Text("cannot read experiment file {path}: {reason}", path=path, reason=exc)
            ) from None
        try:
            return cls.from_json(text).validate()
        except SpecError as exc:
            problem = exc.args[0] if exc.args else str(exc)
            raise SpecError(Text("{path}: {problem}", path=path, problem=problem)) from None

    def save(self, path: str | Path) -> None:
        from engine.atomic import write_text_atomic

        write_text_atomic(path, self.to_json() + "\n")

    def copy(self) -> Experiment:
        return dataclasses.replace(
            self,
            data=dataclasses.replace(
                self.data,
                features=list(self.data.features),
                added_points=[list(p) for p in self.data.added_points],
            ),
            layers=[dataclasses.replace(la) for la in self.layers],
            optimizer=dataclasses.replace(self.optimizer),
            training=dataclasses.replace(self.training),
        )

    @property
    def hidden_dense(self) -> list[LayerSpec]:
        return [la for la in self.layers if la.type == "dense"]


def switch_dataset(
    exp: Experiment, name: str, classification_loss: str = "categorical_crossentropy"
) -> None:
    """Point `exp` at data set `name` and make the loss fit its task, as TensorFlow Playground
    switches its output when the problem type changes: regression data gets loss mse on a linear
    output (auto) and the mlp model (a perceptron has no hidden layers, so it becomes the
    linear model); leaving regression for classes restores `classification_loss`. A setting
    that already fits the task is kept."""
    before = exp.data.task
    exp.data.name = name
    if exp.data.task == "regression":
        if exp.loss not in REGRESSION_LOSSES:
            exp.loss = REGRESSION_LOSSES[0]
        if exp.output_activation not in ("auto", "linear"):
            exp.output_activation = "auto"
        if exp.model == "perceptron":
            exp.model, exp.layers = "mlp", []
        exp.data.added_points = []
    elif before == "regression":
        exp.loss = classification_loss


def _known_fields(cls: type, raw: Any, prefix: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise SpecError(
            Text("{field} must be a JSON object", field=prefix.rstrip(".") or "experiment")
        )
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(raw) - names)
    if unknown:
        raise SpecError(
            Text(
                "unknown field {field}; known fields: {known}",
                field=prefix + unknown[0],
                known=", ".join(sorted(names)),
            )
        )
    return dict(raw)
