"""What the views draw, computed in the trainer's thread and handed over as plain arrays.

`make_snapshot` feeds the decision boundary and the network graph (throttled, many a second);
`make_evaluation` feeds the evaluation panel (once an epoch or on demand). Both return fresh
copies, so the GUI thread never reads an array the trainer may still be writing.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.data.features import feature_matrix, grid_points
from engine.introspection.activations import reads_digits
from engine.models.api import DenseWeights, HasBoundary
from engine.training.trainer import Trainer

GRID_RESOLUTION = 100  # decision-boundary cells per side
THUMB_RESOLUTION = 24  # per-neuron thumbnail cells per side
GALLERY_SIZE = 48  # misclassified test images sent to the gallery, most confident first


def _copy(value: Any) -> Any:
    """A deep copy of nested lists/tuples/dicts of arrays, safe to hand to another thread."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_copy(v) for v in value)
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def make_snapshot(trainer: Trainer, resolution: int = GRID_RESOLUTION) -> dict[str, Any]:
    """What the views draw, as plain arrays (call it in the trainer's thread).

    step, task, n_classes, extent, features; grid: float32 (res, res) P(class 1) for two
    classes, (res, res, k) for more, the predicted value (res, res) for regression, None for
    images; inputs: (n_features, t, t) feature values;
    neurons: one (units, t, t) array per dense layer, output layer last; weights: copies of
    model.dense_weights(); boundary_line: ((w1, w2), b) of a perceptron on exactly x1, x2.
    Thumbnails are t = THUMB_RESOLUTION cells a side; all grids have row = y ascending.
    """
    spec, model, dataset = trainer.spec, trainer.model, trainer.dataset
    snap: dict[str, Any] = {
        "step": trainer.step_count,
        "task": trainer.task,
        "n_classes": dataset.n_classes,
        "extent": None if dataset.is_image else tuple(float(v) for v in dataset.extent),
        "features": list(spec.data.features),
        "grid": None,
        "inputs": None,
        "neurons": [],
        "weights": _copy(model.dense_weights()) if isinstance(model, DenseWeights) else None,
        "boundary_line": None,
    }
    if dataset.is_image:
        return snap
    if trainer.task == "regression":
        snap["grid"] = np.ascontiguousarray(trainer.value_grid(resolution), dtype=np.float32)
    else:
        probs = trainer.decision_grid(resolution)
        snap["grid"] = np.ascontiguousarray(probs[..., 1] if probs.shape[-1] == 2 else probs)
    t = THUMB_RESOLUTION
    points, _, _ = grid_points(dataset.extent, t)
    snap["inputs"] = _planes(feature_matrix(points, spec.data.features), t)
    if isinstance(model, DenseWeights):
        outputs = model.hidden_outputs(trainer.inputs(points))
        snap["neurons"] = [_planes(np.asarray(a), t) for a in outputs]
    if isinstance(model, HasBoundary) and list(spec.data.features) == ["x1", "x2"]:
        w, b = model.boundary()
        w = np.asarray(w, dtype=float).ravel()
        snap["boundary_line"] = ((float(w[0]), float(w[1])), float(np.asarray(b).ravel()[0]))
    return snap


def _planes(values: np.ndarray, t: int) -> np.ndarray:
    """(t*t, units) grid values -> (units, t, t) float32 images, one per unit."""
    values = values.reshape(t * t, -1).astype(np.float32, copy=False)
    return np.ascontiguousarray(values.T.reshape(-1, t, t))


def make_evaluation(trainer: Trainer, max_images: int = GALLERY_SIZE) -> dict[str, Any]:
    """The test-set evaluation as plain data (call it in the trainer's thread).

    accuracy, n_test, confusion: int64 (k, k) rows = true class; n_mistakes; for the first
    `max_images` mistakes (most confident first): predicted, true, probabilities (m, k) and,
    for image data (is_image), images: uint8 (m, h, w) grey or (m, h, w, 3) colour, as in
    the dataset (grey: 0 = background); digits: whether the images are handwritten digits.
    Regression data (task "regression") has no classes: step, epoch, task, n_test and
    metrics {"train" | "validation" | "test": {"mse", "mae", "r2"}} instead.
    """
    if trainer.task == "regression":
        return {
            "step": trainer.step_count,
            "epoch": trainer.epochs_done,
            "task": trainer.task,
            "n_test": int(len(trainer.y_test)),
            "metrics": trainer.regression_metrics(),
        }
    ev = trainer.evaluate_test()
    wrong = ev.misclassified[:max_images]
    probs = np.ascontiguousarray(ev.probabilities[wrong], dtype=np.float32)
    images = None
    if trainer.dataset.is_image and len(wrong):
        images = gallery_images(trainer.dataset.x_test[wrong])
    return {
        "step": trainer.step_count,
        "epoch": trainer.epochs_done,
        "task": trainer.task,
        "accuracy": float(ev.accuracy),
        "n_test": int(len(trainer.y_test)),
        "confusion": ev.confusion.copy(),
        "n_mistakes": int(len(ev.misclassified)),
        "predicted": probs.argmax(axis=1).astype(np.int64) if len(wrong) else np.zeros(0, int),
        "true": np.asarray(trainer.y_test[wrong], dtype=np.int64).copy(),
        "probabilities": probs,
        "images": images,
        "is_image": bool(trainer.dataset.is_image),
        "digits": reads_digits(trainer.dataset.name),
        "class_names": list(trainer.dataset.class_names),
    }


def gallery_images(x: np.ndarray) -> np.ndarray:
    """Images (m, h, w, c) in [0, 1] as uint8 for the gallery: (m, h, w) for one channel,
    (m, h, w, 3) red, green, blue for three."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 4 and x.shape[-1] == 1:
        x = x[..., 0]
    if x.ndim not in (3, 4) or (x.ndim == 4 and x.shape[-1] != 3):
        raise ValueError(f"gallery images are (m, h, w, 1) or (m, h, w, 3), got {x.shape}")
    return np.ascontiguousarray(np.clip(np.rint(x * 255.0), 0, 255).astype(np.uint8))
