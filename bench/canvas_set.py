"""A canvas-style test set: real MNIST test digits re-drawn as if on the app's 280x280 canvas.

Each digit is scaled up so it spans 35-85 % of the canvas height, placed off-centre, given a
different stroke width (0.6-2x its own: thicker by blur + threshold of the shape at full
resolution; thinner by an erosion relative to each stroke's own ridge, which keeps strokes
connected as a finer pen would), with ~1 px antialiased edges, and drawn as dark ink on light
paper. Everything is numpy and deterministic for a given seed, so tests and benchmarks see the
same canvases.
"""

from __future__ import annotations

from math import erf, exp, pi, sqrt

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

CANVAS = 280
HEIGHT_RANGE = (0.35, 0.85)  # digit height as a fraction of the canvas height
STROKE_FACTOR = (0.6, 2.0)  # new stroke width / the digit's own, log-uniform
MARGIN = 4  # px kept free at the canvas edge


def _linear_matrix(n_in: int, n_out: int, start: float, step: float) -> np.ndarray:
    """(n_out, n_in) linear interpolation at input positions start + step * j (pixel centres)."""
    pos = start + step * np.arange(n_out)
    return np.maximum(0.0, 1.0 - np.abs(pos[:, None] - np.arange(n_in)[None, :]))


def _gauss_matrix(n: int, sigma: float) -> np.ndarray:
    d = np.arange(n)[:, None] - np.arange(n)[None, :]
    g = np.exp(-0.5 * (d / sigma) ** 2)
    return g / g.sum(axis=1, keepdims=True)


def _max_filter(img: np.ndarray, size: int) -> np.ndarray:
    """Separable max over a size x size window (numpy sliding windows, edges repeated)."""
    half = size // 2
    for axis in (0, 1):
        pad = [(0, 0), (0, 0)]
        pad[axis] = (half, half)
        img = sliding_window_view(np.pad(img, pad, mode="edge"), size, axis=axis).max(axis=-1)
    return img


def render_canvas(
    digit: np.ndarray,
    rng: np.random.Generator,
    params: list | None = None,
    heights: tuple[float, float] = HEIGHT_RANGE,
    strokes: tuple[float, float] = STROKE_FACTOR,
) -> np.ndarray:
    """One MNIST digit (28, 28) uint8 -> a (280, 280) uint8 canvas, dark ink on light.
    ``params``, if given, receives (height fraction, stroke factor)."""
    img = digit.astype(np.float64) / 255.0
    rows = np.flatnonzero((img > 0.1).any(axis=1))
    cols = np.flatnonzero((img > 0.1).any(axis=0))
    r0, r1, c0, c1 = rows[0] - 1, rows[-1] + 2, cols[0] - 1, cols[-1] + 2
    img = np.pad(img, 1)[r0 + 1 : r1 + 1, c0 + 1 : c1 + 1]  # ink box plus 1 px
    ink_h = rows[-1] - rows[0] + 1
    factor = np.exp(rng.uniform(*np.log(strokes)))
    height = rng.uniform(*heights)
    target = height * CANVAS
    if params is not None:
        params.append((height, factor))
    k = target / ink_h  # canvas px per MNIST px
    stroke = 2.3 * k  # MNIST strokes are ~2.3 px wide at 28x28
    pad = int(np.ceil(max(0.0, (factor - 1) * stroke) + 3 * k))
    h, w = int(np.ceil(img.shape[0] * k)) + 2 * pad, int(np.ceil(img.shape[1] * k)) + 2 * pad
    up = (
        _linear_matrix(img.shape[0], h, -pad / k + 0.5 / k - 0.5, 1 / k)
        @ img
        @ _linear_matrix(img.shape[1], w, -pad / k + 0.5 / k - 0.5, 1 / k).T
    )
    smooth = 0.3 * k  # round off the corners that linear interpolation leaves
    up = _gauss_matrix(h, smooth) @ up @ _gauss_matrix(w, smooth).T
    if factor >= 1.0:  # thicker: blur the shape and cut the blur where edges moved out by d
        d = (factor - 1.0) * stroke / 2.0
        sigma = max(d / 1.5, k * 0.6)
        blur = _gauss_matrix(h, sigma) @ (up > 0.5) @ _gauss_matrix(w, sigma).T
        z = -d / sigma
        level = 0.5 * (1.0 + erf(z / sqrt(2.0)))
        slope = exp(-0.5 * z * z) / (sqrt(2.0 * pi) * sigma)  # blur change per px at the edge
        alpha = np.clip((blur - level) / slope + 0.5, 0.0, 1.0)  # ~1 px antialiased edge
    else:  # thinner, like a finer pen: erode, but relative to each stroke's own ridge, so
        # thin parts thin too instead of vanishing (plain erosion breaks digits into dots)
        sigma = stroke / 4.0
        blur = _gauss_matrix(h, sigma) @ (up > 0.5) @ _gauss_matrix(w, sigma).T
        ridge = _max_filter(blur, int(stroke) | 1)
        rel = blur / np.maximum(ridge, 1e-6)
        z = (1.0 - factor) * stroke / (2.0 * sigma)  # edges move in by (1 - factor) * stroke / 2
        level = 0.5 * (1.0 + erf(z / sqrt(2.0)))
        slope = exp(-0.5 * z * z) / (sqrt(2.0 * pi) * sigma)
        alpha = np.clip((rel - level) / slope + 0.5, 0.0, 1.0)
    ys, xs = np.nonzero(alpha > 0.05)
    if len(ys) == 0:  # cannot happen for factor >= 0.6, but stay safe
        alpha = (up > 0.5).astype(np.float64)
        ys, xs = np.nonzero(alpha)
    alpha = alpha[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    ah, aw = alpha.shape
    if max(ah, aw) > CANVAS - 2 * MARGIN:  # too big for the canvas: shrink the box only
        alpha = alpha[: CANVAS - 2 * MARGIN, : CANVAS - 2 * MARGIN]
        ah, aw = alpha.shape
    top = int(rng.integers(MARGIN, CANVAS - MARGIN - ah + 1))
    left = int(rng.integers(MARGIN, CANVAS - MARGIN - aw + 1))
    paper, ink = rng.uniform(225, 255), rng.uniform(0, 50)
    canvas = np.full((CANVAS, CANVAS), paper)
    canvas[top : top + ah, left : left + aw] -= alpha * (paper - ink)
    return np.clip(np.rint(canvas), 0, 255).astype(np.uint8)


def canvas_set(
    x_test: np.ndarray,
    y_test: np.ndarray,
    n: int = 2000,
    seed: int = 0,
    heights: tuple[float, float] = HEIGHT_RANGE,
    strokes: tuple[float, float] = STROKE_FACTOR,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(canvases (n, 280, 280) uint8, labels (n,), params (n, 2)) from the first n MNIST test
    digits; params are each canvas's (height fraction, stroke factor)."""
    rng = np.random.default_rng(seed)
    params: list[tuple[float, float]] = []
    canvases = np.stack([render_canvas(d, rng, params, heights, strokes) for d in x_test[:n]])
    return canvases, np.asarray(y_test[:n]).astype(np.int64), np.asarray(params)
