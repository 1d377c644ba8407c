"""What a network sees of a 2-D point: TensorFlow Playground's input features, and the grid
of points the decision boundary is drawn from."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine.messages import Text

Extent = tuple[float, float, float, float]

FEATURE_FUNCS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sin_x1": lambda x1, x2: np.sin(x1),
    "sin_x2": lambda x1, x2: np.sin(x2),
}


def feature_matrix(x: np.ndarray, names: list[str]) -> np.ndarray:
    """Playground's input features of raw points, (n, len(names)) float32, in `names` order."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"feature_matrix needs points of shape (n, 2), got {x.shape}")
    out = np.empty((len(x), len(names)), dtype=np.float32)
    x1, x2 = x[:, 0], x[:, 1]
    for j, name in enumerate(names):
        func = FEATURE_FUNCS.get(name)
        if func is None:
            raise ValueError(
                Text(
                    "unknown feature {name}; known: {known}",
                    name=repr(name),
                    known=", ".join(FEATURE_FUNCS),
                )
            )
        out[:, j] = func(x1, x2)
    return out


def grid_points(
    extent: Extent | float, resolution: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(points (res*res, 2) float32, xs, ys) for drawing the decision boundary.

    Row-major: point k is at row k // res (y index, ys ascending) and column k % res (x index),
    so `predictions.reshape(res, res)` is an image with y increasing downwards.
    A bare number e means the square (-e, e, -e, e).
    """
    if isinstance(extent, (int, float)):
        extent = (-float(extent), float(extent), -float(extent), float(extent))
    xmin, xmax, ymin, ymax = extent
    xs = np.linspace(xmin, xmax, resolution, dtype=np.float32)
    ys = np.linspace(ymin, ymax, resolution, dtype=np.float32)
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1), xs, ys
