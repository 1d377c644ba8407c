"""The arithmetic behind the "Inside the network" views: tile mosaics of weights and feature
maps, fixed-bin histograms, gradient sizes per layer and the share of inactive units.

Plain NumPy on plain arrays, so the views' numbers can be tested without Qt or TensorFlow and
computed in the training thread. Every image returned is float32, C-contiguous, row 0 at the
top, with NaN in the gaps between tiles (the views draw NaN as transparent). A colour picture
is (h, w, 3), red, green and blue in [0, 1]; any other is (h, w), drawn through a colour map.
"""

from __future__ import annotations

import math

import numpy as np

HIST_BINS = 48  # a multiple of 4, so a doubled range re-bins exactly
HIST_SAMPLE = 100_000  # at most this many values per histogram
GRAD_LOG_RANGE = (-12.0, 2.0)  # log10 |gradient|: wide enough for a 6-layer sigmoid net
MAX_TILES = 64  # tiles per mosaic: more would be too small to read
UNITS_PER_ROW = 32  # a dense layer's activations wrap into rows of this many units
SATURATED = 0.98  # a sigmoid/tanh output this close to its bound has a slope near zero


def tile_mosaic(tiles: np.ndarray, cols: int | None = None, gap: int = 1) -> np.ndarray:
    """(n, h, w) tiles, or (n, h, w, 3) colour tiles, laid out on a near-square grid, NaN
    between and after them; the mosaic is (H, W) or (H, W, 3)."""
    tiles = np.asarray(tiles, dtype=np.float32)
    if tiles.ndim not in (3, 4) or tiles.shape[0] == 0:
        return np.full((1, 1), np.nan, np.float32)
    n, h, w = tiles.shape[:3]
    cols = max(1, min(n, cols or math.ceil(math.sqrt(n))))
    rows = math.ceil(n / cols)
    size = (rows * (h + gap) - gap, cols * (w + gap) - gap, *tiles.shape[3:])
    out = np.full(size, np.nan, np.float32)
    for i in range(n):
        r, c = divmod(i, cols)
        out[r * (h + gap) : r * (h + gap) + h, c * (w + gap) : c * (w + gap) + w] = tiles[i]
    return out


def scale_each(tiles: np.ndarray) -> np.ndarray:
    """Each tile divided by its own largest |value|, into [-1, 1]: a weight pattern's shape
    matters, not its size, and one big tile must not wash out the rest."""
    tiles = np.asarray(tiles, dtype=np.float32)
    peak = np.abs(tiles).reshape(len(tiles), -1).max(axis=1, initial=0.0)
    peak[~np.isfinite(peak) | (peak == 0)] = 1.0
    return tiles / peak.reshape(-1, *[1] * (tiles.ndim - 1))


def colour_tiles(tiles: np.ndarray) -> np.ndarray:
    """Signed (n, h, w, 3) weights as colour pictures in [0, 1]: each tile divided by its own
    largest |weight| over all three channels, then 0.5 + 0.5 * that, so a weight of 0 is mid
    grey and a channel above 0.5 is a positive weight on that colour (below, a negative one)."""
    tiles = np.asarray(tiles, dtype=np.float32)
    if tiles.ndim != 4 or tiles.shape[-1] != 3:
        raise ValueError(f"colour tiles have shape (n, h, w, 3), got {tiles.shape}")
    return np.ascontiguousarray(0.5 + 0.5 * scale_each(tiles), dtype=np.float32)


def first_layer_tiles(
    kernel: np.ndarray,
    image_shape: tuple[int, ...] = (28, 28),
    max_tiles: int = MAX_TILES,
) -> np.ndarray:
    """A dense kernel (pixels, units) as one image per hidden unit: what each unit looks for.

    `image_shape` is (h, w) or (h, w, channels), the shape the rows were flattened from (C
    order, channels last): one grey channel gives (n, h, w) tiles, three (red, green, blue)
    give (n, h, w, 3) colour tiles, any other count their mean over the channels."""
    kernel = np.asarray(kernel, dtype=np.float32)
    h, w, c = (*image_shape, 1)[:3]
    if kernel.ndim != 2 or kernel.shape[0] != h * w * c:
        raise ValueError(
            f"a first-layer kernel over {h}x{w}x{c} images needs {h * w * c} rows, "
            f"got shape {kernel.shape}"
        )
    tiles = kernel[:, :max_tiles].T.reshape(-1, h, w, c)
    if c == 3:
        return np.ascontiguousarray(tiles)
    return np.ascontiguousarray(tiles[..., 0] if c == 1 else tiles.mean(axis=-1))


def conv_filter_tiles(
    kernel: np.ndarray, max_tiles: int = MAX_TILES, *, colour: bool = False
) -> np.ndarray:
    """A Keras conv kernel (kh, kw, in, out) as one (kh, kw) tile per filter. Deeper layers
    see many input channels; the tile is their mean, a rough picture of the filter. With
    `colour` and exactly three input channels (a first layer on red, green and blue) each
    filter is a (kh, kw, 3) colour tile instead."""
    kernel = np.asarray(kernel, dtype=np.float32)
    if kernel.ndim != 4:
        raise ValueError(f"a conv kernel has shape (kh, kw, in, out), got {kernel.shape}")
    if colour and kernel.shape[2] == 3:
        return np.ascontiguousarray(np.moveaxis(kernel, -1, 0)[:max_tiles])
    flat = kernel[..., 0, :] if kernel.shape[2] == 1 else kernel.mean(axis=2)
    return np.ascontiguousarray(np.moveaxis(flat, -1, 0)[:max_tiles])


def feature_map_tiles(maps: np.ndarray, max_tiles: int = MAX_TILES) -> np.ndarray:
    """Feature maps (h, w, channels) of one input as (channels, h, w) tiles."""
    maps = np.asarray(maps, dtype=np.float32)
    if maps.ndim != 3:
        raise ValueError(f"feature maps have shape (h, w, channels), got {maps.shape}")
    return np.ascontiguousarray(np.moveaxis(maps, -1, 0)[:max_tiles])


def unit_rows(values: np.ndarray, width: int = UNITS_PER_ROW) -> np.ndarray:
    """A dense layer's activations (units,) wrapped into rows of `width`, NaN after the end."""
    values = np.asarray(values, dtype=np.float32).ravel()
    width = max(1, min(width, values.size))
    rows = math.ceil(values.size / width) if values.size else 1
    out = np.full(rows * width, np.nan, np.float32)
    out[: values.size] = values
    return out.reshape(rows, width)


def levels_for(image: np.ndarray) -> tuple[float, float]:
    """Colour levels: symmetric around 0 when the data has both signs, else [0, max]."""
    finite = image[np.isfinite(image)]
    if finite.size == 0:
        return (0.0, 1.0)
    lo, hi = float(finite.min()), float(finite.max())
    if lo < 0:
        peak = max(-lo, hi, 1e-6)
        return (-peak, peak)
    return (0.0, max(hi, 1e-6))


# ----- histograms and gradient sizes ---------------------------------------------------------
def sample(values: np.ndarray) -> np.ndarray:
    """At most HIST_SAMPLE evenly strided values, flat: a big layer's distribution shows as
    well in a sample, and a probe must stay cheap next to a training step."""
    values = np.asarray(values).ravel()
    return values[:: values.size // HIST_SAMPLE + 1] if values.size > HIST_SAMPLE else values


def rms(values: np.ndarray) -> float:
    """Root mean square: a layer's typical |value| per weight, comparable across layer sizes."""
    # float64: the gradients of a diverging step overflow a float32 sum of squares
    values = np.asarray(values, dtype=np.float64).ravel()
    return float(np.sqrt(np.dot(values, values) / values.size)) if values.size else math.nan


def gradient_rms(gradients: list[np.ndarray]) -> np.ndarray:
    """Per-layer RMS of the kernel gradients. With deep sigmoid nets the first layers' values
    are orders of magnitude below the last's: the vanishing gradient."""
    return np.array([rms(g) for g in gradients], dtype=np.float64)


def weight_range(weights: np.ndarray) -> tuple[float, float]:
    """Symmetric histogram range for a layer, set at the start so columns over time line up:
    1.5x the largest |w|. Weights that outgrow it double it (`widen_range`)."""
    peak = float(np.abs(np.asarray(weights)).max(initial=0.0))
    peak = 1.5 * peak if math.isfinite(peak) and peak > 0 else 1.0
    return (-peak, peak)


def widen_range(values: np.ndarray, lo: float, hi: float, spill: float = 0.01) -> int:
    """How many times [lo, hi] (symmetric) must double so that at most `spill` of the values
    fall outside. Doubling keeps old histograms exact: see `widen_histogram`."""
    values = np.abs(sample(values).astype(np.float64))
    values = values[np.isfinite(values)]
    times = 0
    while values.size and np.mean(values > hi * 2**times) > spill and times < 30:
        times += 1
    return times


def widen_histogram(counts: np.ndarray, times: int) -> np.ndarray:
    """A histogram over [lo, hi] re-binned onto [2^t lo, 2^t hi] with the same bin count:
    neighbouring bins merge and zeros pad both sides (exact when bins is a multiple of 4)."""
    out = np.asarray(counts, dtype=np.float32)
    for _ in range(max(int(times), 0)):
        half = out.reshape(-1, 2).sum(axis=1)
        pad = (len(out) - len(half)) // 2
        out = np.concatenate([np.zeros(pad, np.float32), half, np.zeros(pad, np.float32)])
    return out


def histogram(values: np.ndarray, lo: float, hi: float, bins: int = HIST_BINS) -> np.ndarray:
    """Share of values per bin over [lo, hi] (values outside go to the end bins)."""
    values = sample(values)
    values = values[np.isfinite(values)].astype(np.float64)
    if values.size == 0:
        return np.zeros(bins, np.float32)
    idx = np.clip(((values - lo) / (hi - lo) * bins).astype(np.int64), 0, bins - 1)
    return (np.bincount(idx, minlength=bins) / values.size).astype(np.float32)


def log_gradient_histogram(gradient: np.ndarray, bins: int = HIST_BINS) -> np.ndarray:
    """Histogram of log10 |g| over GRAD_LOG_RANGE: vanishing gradients shift it to the left.
    Exact zeros (dead units) fall into the lowest bin."""
    g = np.abs(sample(gradient).astype(np.float64))
    with np.errstate(divide="ignore"):
        logs = np.log10(np.maximum(g, 10.0 ** GRAD_LOG_RANGE[0]))
    return histogram(logs, *GRAD_LOG_RANGE, bins=bins)


# ----- inactive units ------------------------------------------------------------------------
def inactive_mask(outputs: np.ndarray, activation: str) -> np.ndarray:
    """Which units (last axis) pass no gradient for any example in `outputs` (examples first,
    then any spatial axes, units last): a ReLU that outputs 0 everywhere is dead; a sigmoid or
    tanh pinned at its bounds is saturated. Other activations always pass a gradient."""
    a = np.asarray(outputs, dtype=np.float32)
    a = a.reshape(-1, a.shape[-1]) if a.ndim > 1 else a.reshape(-1, 1)
    if activation == "relu":
        stuck = a <= 0.0
    elif activation == "leaky_relu":
        stuck = np.zeros_like(a, dtype=bool)  # its slope is never zero: it cannot die
    elif activation == "sigmoid":
        stuck = (a < 1.0 - SATURATED) | (a > SATURATED)
    elif activation == "tanh":
        stuck = np.abs(a) > SATURATED
    else:
        stuck = np.zeros_like(a, dtype=bool)
    return stuck.all(axis=0)


def inactive_share(outputs: np.ndarray, activation: str) -> float:
    """Fraction of the layer's units that are dead (ReLU) or saturated (sigmoid/tanh)."""
    mask = inactive_mask(outputs, activation)
    return float(mask.mean()) if mask.size else 0.0


INACTIVE_WORD = {"relu": "dead", "sigmoid": "saturated", "tanh": "saturated"}
