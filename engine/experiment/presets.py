"""Named experiments that replay the tutorials' models exactly, on MNIST with Keras.

Each preset is a function returning a fresh Experiment, so callers can tweak it freely.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.experiment.spec import (
    DataSpec,
    Experiment,
    LayerSpec,
    OptimizerSpec,
    SpecError,
    TrainingSpec,
)


def _dense(units: int, activation: str = "relu") -> LayerSpec:
    return LayerSpec(type="dense", units=units, activation=activation)


def _conv(filters: int, kernel: int, activation: str, padding: str = "valid") -> LayerSpec:
    return LayerSpec(
        type="conv2d", filters=filters, kernel_size=kernel, activation=activation, padding=padding
    )


def _bn() -> LayerSpec:
    return LayerSpec(type="batchnorm")


def _pool(kind: str = "maxpool", size: int = 2) -> LayerSpec:
    return LayerSpec(type=kind, pool_size=size, stride=size)


def _mnist(
    model: str,
    layers: list[LayerSpec],
    optimizer: OptimizerSpec,
    batch: int,
    epochs: int,
    *,
    validation: float = 0.0,
    preset: str,
) -> Experiment:
    return Experiment(
        engine="keras",
        model=model,
        data=DataSpec(name="mnist", validation_split=validation),
        layers=layers,
        loss="categorical_crossentropy",
        optimizer=optimizer,
        training=TrainingSpec(batch_size=batch, epochs=epochs, init="glorot"),
        preset=preset,
    )


def seed0_mlp() -> Experiment:
    """Tutorial 1: MLP 784-256-256-10, ReLU, softmax cross-entropy, Adam 1e-3, batch 100."""
    return _mnist(
        "mlp",
        [_dense(256), _dense(256)],
        OptimizerSpec("adam", lr=0.001),
        100,
        15,
        preset="seed0-mlp",
    )


def seed1_cnn() -> Experiment:
    """Tutorial 2: a small tanh/ReLU CNN, SGD+Nesterov, validation split 0.2, augmentation."""
    exp = _mnist(
        "cnn",
        [
            _conv(4, 5, "tanh"),
            _conv(8, 3, "tanh"),
            _pool(),
            _conv(16, 3, "relu"),
            _pool(),
            _dense(128, "tanh"),
        ],
        OptimizerSpec("nesterov", lr=0.05, momentum=0.9),
        100,
        10,
        validation=0.2,
        preset="seed1-cnn",
    )
    exp.augment = True
    return exp


def seed2_cnn() -> Experiment:
    """Tutorial 3: conv 32@5x5 → pool → conv 64@3x3 → pool → dense 1024 → dropout → 10."""
    return _mnist(
        "cnn",
        [
            _conv(32, 5, "relu"),
            _pool(),
            _conv(64, 3, "relu"),
            _pool(),
            _dense(1024),
            LayerSpec(type="dropout", rate=0.5),
        ],
        OptimizerSpec("adam", lr=0.001),
        128,
        3,
        preset="seed2-cnn",
    )


def lenet5() -> Experiment:
    """LeCun et al. 1998: 6@5x5 (same) → avgpool → 16@5x5 → avgpool → 120 → 84 → 10, tanh."""
    return _mnist(
        "cnn",
        [
            _conv(6, 5, "tanh", "same"),
            _pool("avgpool"),
            _conv(16, 5, "tanh"),
            _pool("avgpool"),
            _dense(120, "tanh"),
            _dense(84, "tanh"),
        ],
        OptimizerSpec("adam", lr=0.001),
        128,
        10,
        preset="lenet5",
    )


def best_cnn() -> Experiment:
    """Our design for >= 99.5 %: three convolutions each followed by BatchNorm, augmentation
    (rotation, shift, zoom), dropout, and an Adam rate decaying 15 % per epoch over 24.
    Measured: 99.52 % in 14 minutes on two CPU cores (BENCHMARKS.md)."""
    exp = _mnist(
        "cnn",
        [
            _conv(32, 5, "relu"),
            _bn(),
            _pool(),
            _conv(64, 3, "relu"),
            _bn(),
            _conv(64, 3, "relu"),
            _bn(),
            _pool(),
            _dense(128),
            _bn(),
            LayerSpec(type="dropout", rate=0.4),
        ],
        OptimizerSpec("adam", lr=0.003),
        128,
        24,
        preset="best-cnn",
    )
    exp.augment = True
    exp.training.lr_decay = 0.85
    return exp


PRESETS: dict[str, Callable[[], Experiment]] = {
    "seed0-mlp": seed0_mlp,
    "seed1-cnn": seed1_cnn,
    "seed2-cnn": seed2_cnn,
    "lenet5": lenet5,
    "best-cnn": best_cnn,
}


def preset(name: str) -> Experiment:
    try:
        return PRESETS[name]()
    except KeyError:
        raise SpecError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}") from None
