"""Bounded training histories: per-batch series that never grow without limit.

When a series fills up it halves its resolution (averaging neighbouring pairs), so a run of
a million batches still plots its whole shape from a few thousand points.
"""

from __future__ import annotations

import numpy as np


class SeriesBuffer:
    """An (x, y) series of at most `capacity` points, decimated by averaging when full."""

    def __init__(self, capacity: int = 4096) -> None:
        if capacity < 2 or capacity % 2:
            raise ValueError("capacity must be an even number >= 2")
        self._x = np.empty(capacity, dtype=np.float64)
        self._y = np.empty(capacity, dtype=np.float64)
        self._n = 0
        self._stride = 1  # how many raw samples one stored point averages
        self._acc = [0.0, 0.0, 0]  # partial average of the incoming samples

    def __len__(self) -> int:
        return self._n

    def append(self, x: float, y: float) -> None:
        acc = self._acc
        acc[0] += x
        acc[1] += y
        acc[2] += 1
        if acc[2] < self._stride:
            return
        if self._n == len(self._x):
            self._halve()
        self._x[self._n] = acc[0] / acc[2]
        self._y[self._n] = acc[1] / acc[2]
        self._n += 1
        self._acc = [0.0, 0.0, 0]

    def _halve(self) -> None:
        half = self._n // 2
        self._x[:half] = self._x[: 2 * half].reshape(half, 2).mean(axis=1)
        self._y[:half] = self._y[: 2 * half].reshape(half, 2).mean(axis=1)
        self._n = half
        self._stride *= 2

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Copies of the stored points, safe to hand to another thread."""
        return self._x[: self._n].copy(), self._y[: self._n].copy()

    def clear(self) -> None:
        self._n = 0
        self._stride = 1
        self._acc = [0.0, 0.0, 0]
