"""Synthetic digit drawings for tests: round-capped antialiased strokes, drawn with numpy."""

from __future__ import annotations

import numpy as np


def stroke_canvas(
    segments: list[tuple[float, float, float, float]],
    width: float,
    size: tuple[int, int] = (280, 280),
    ink: float = 0.0,
    paper: float = 1.0,
) -> np.ndarray:
    """A float canvas with round-capped line segments of ``width`` px (vectorised distances)."""
    yy, xx = np.mgrid[0 : size[0], 0 : size[1]].astype(np.float64) + 0.5
    dist = np.full(size, np.inf)
    for y0, x0, y1, x1 in segments:
        dy, dx = y1 - y0, x1 - x0
        t = ((yy - y0) * dy + (xx - x0) * dx) / max(dy * dy + dx * dx, 1e-9)
        t = np.clip(t, 0.0, 1.0)
        dist = np.minimum(dist, np.hypot(yy - (y0 + t * dy), xx - (x0 + t * dx)))
    coverage = np.clip(width / 2 - dist + 0.5, 0.0, 1.0)  # ~1 px antialiased edge
    return paper + (ink - paper) * coverage


def seven(top: float = 40, left: float = 60, scale: float = 1.0, width: float = 16) -> np.ndarray:
    s = scale
    return stroke_canvas(
        [(top, left, top, left + 120 * s), (top, left + 120 * s, top + 180 * s, left + 40 * s)],
        width,
    )
