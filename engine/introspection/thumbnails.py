"""Small RGB pictures of each dataset for the GUI's picker, drawn with numpy only."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from engine.data.datasets import (
    BLUE,
    CLOUD_EXTENT,
    CLOUD_GENERATORS,
    GATE_INPUTS,
    GATE_LABELS,
    GATES,
    ORANGE,
    REGRESSION_GENERATORS,
    Extent,
)

GREY = (0xE8, 0xEA, 0xEB)  # Playground's colour for 0 between orange (-1) and blue (+1)


def dataset_thumbnail(name: str, size: int = 48) -> np.ndarray:
    """An RGB (size, size, 3) uint8 picture of a dataset for the GUI's picker.

    Clouds and gates show their points in Playground's colours; the regression sets colour
    each point by its target, orange (-1) through grey (0) to blue (+1); csv and the image sets,
    which have no fixed points, get a simple icon (a table, a digit, a T-shirt, a landscape
    photo, a folder) so every picker entry has one.
    """
    if size < 8:
        raise ValueError(f"thumbnail size must be at least 8 pixels, got {size}")
    return _thumbnail(name, int(size)).copy()


@lru_cache(maxsize=64)
def _thumbnail(name: str, size: int) -> np.ndarray:
    img = np.full((size, size, 3), 255, np.uint8)
    if name in CLOUD_GENERATORS:
        x, y = CLOUD_GENERATORS[name](200, 0.0, np.random.default_rng(0))
        extent: Extent = (-CLOUD_EXTENT, CLOUD_EXTENT, -CLOUD_EXTENT, CLOUD_EXTENT)
        _draw_points(img, x, y, extent, max(1, size // 48))
    elif name in REGRESSION_GENERATORS:
        x, t = REGRESSION_GENERATORS[name](400, 0.0, np.random.default_rng(0))
        extent = (-CLOUD_EXTENT, CLOUD_EXTENT, -CLOUD_EXTENT, CLOUD_EXTENT)
        _draw_points(img, x, value_colors(t), extent, max(1, size // 48))
    elif name in GATES:
        _draw_points(
            img,
            GATE_INPUTS,
            np.array(GATE_LABELS[name]),
            (-0.5, 1.5, -0.5, 1.5),
            max(2, size // 10),
        )
    elif name == "csv":
        grey = np.array([150, 150, 150], np.uint8)
        lo, hi = size // 6, size - size // 6
        for r in np.linspace(lo, hi, 5).astype(int):
            img[r, lo : hi + 1] = grey
        for c in np.linspace(lo, hi, 4).astype(int):
            img[lo : hi + 1, c] = grey
    elif name == "mnist":
        _draw_seven(img)
    elif name == "fashion_mnist":
        _draw_shirt(img)
    elif name == "cifar10":
        _draw_photo(img)
    elif name == "folder":
        _draw_folder(img)
    else:
        raise ValueError(f"no thumbnail for dataset {name!r}")
    img.flags.writeable = False
    return img


def value_colors(values: np.ndarray) -> np.ndarray:
    """(n,) numbers -> (n, 3) uint8: orange at -1, grey at 0, blue at +1 (clipped beyond)."""
    v = np.clip(np.asarray(values, dtype=np.float32), -1.0, 1.0)[:, None]
    grey, orange, blue = (np.array(c, np.float32) for c in (GREY, ORANGE, BLUE))
    rgb = np.where(v < 0, grey + (orange - grey) * -v, grey + (blue - grey) * v)
    return np.rint(rgb).astype(np.uint8)


def _draw_points(img: np.ndarray, x: np.ndarray, y: np.ndarray, extent: Extent, r: int) -> None:
    """Square dots of half-width r; y axis up, like the plot. `y` holds class labels (0
    orange, 1 blue) or, as (n, 3) uint8, the dots' own colours."""
    size = img.shape[0]
    xmin, xmax, ymin, ymax = extent
    cols = np.round((x[:, 0] - xmin) / (xmax - xmin) * (size - 1)).astype(int)
    rows = np.round((ymax - x[:, 1]) / (ymax - ymin) * (size - 1)).astype(int)
    y = np.asarray(y)
    colours = y if y.ndim == 2 else np.array([ORANGE, BLUE], np.uint8)[y.astype(int)]
    for dr in range(-r + 1, r):
        for dc in range(-r + 1, r):
            rr, cc = rows + dr, cols + dc
            ok = (rr >= 0) & (rr < size) & (cc >= 0) & (cc < size)
            img[rr[ok], cc[ok]] = colours[ok]


def _draw_seven(img: np.ndarray) -> None:
    """A thick '7', white on black, like an MNIST digit."""
    size = img.shape[0]
    img[:] = 0
    w = max(2, size // 12)
    top, left, right = size // 5, size // 4, size - size // 4
    img[top : top + w, left:right] = 255
    for row in range(top, size - size // 6):
        frac = (row - top) / max(1, size - size // 6 - top)
        col = int(right - 1 - frac * (right - left) * 0.6)
        img[row, max(0, col - w + 1) : col + 1] = 255


def _draw_shirt(img: np.ndarray) -> None:
    """A grey T-shirt on black, like a Fashion-MNIST picture."""
    size = img.shape[0]
    img[:] = 0
    body = slice(size // 4, size - size // 8), slice(size * 5 // 16, size - size * 5 // 16)
    img[body] = 200
    sleeves = slice(size // 4, size // 2)
    img[sleeves, size // 8 : size * 5 // 16] = 170
    img[sleeves, size - size * 5 // 16 : size - size // 8] = 170
    img[size // 4 : size // 3, size * 7 // 16 : size - size * 7 // 16] = 0  # the neck


def _draw_photo(img: np.ndarray) -> None:
    """A tiny colour landscape (sky, sun, grass), like a CIFAR-10 photo."""
    size = img.shape[0]
    img[: size * 3 // 5] = (110, 170, 230)
    img[size * 3 // 5 :] = (70, 150, 60)
    rows, cols = np.ogrid[:size, :size]
    sun = (rows - size // 4) ** 2 + (cols - size * 3 // 4) ** 2 <= (size // 8) ** 2
    img[sun] = (250, 210, 60)


def _draw_folder(img: np.ndarray) -> None:
    """A yellow folder: the user's own pictures."""
    size = img.shape[0]
    top, bottom, left, right = size // 4, size - size // 5, size // 8, size - size // 8
    img[top - size // 10 : top, left : left + size // 3] = (220, 170, 40)  # the tab
    img[top:bottom, left:right] = (240, 195, 70)
