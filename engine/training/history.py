"""Bounded training histories: series that never grow without limit, so an hour-long session
uses the memory of a minute-long one.

- `SeriesBuffer` (per-batch points for the plots): when full it halves its resolution,
  averaging neighbouring pairs, so a run of a million batches still plots its whole shape
  from a few thousand points.
- `EpochHistory` (the trainer's per-epoch reports): when full it keeps every other older
  epoch, plus always the first, the latest and the one with the lowest validation loss.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

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


class EpochHistory(Sequence):
    """The trainer's epoch reports, at most `capacity` of them (oldest thinned first).

    Reads like a list (len, index, iterate); each report keeps its own `epoch` number, so a
    thinned history still plots at the right x and `[-1]` is always the latest epoch.
    """

    def __init__(self, capacity: int = 2048) -> None:
        if capacity < 4:
            raise ValueError("capacity must be at least 4")
        self.capacity = capacity
        self._items: list[Any] = []

    def append(self, report: Any) -> None:
        if len(self._items) >= self.capacity:
            self._thin()
        self._items.append(report)

    def _thin(self) -> None:
        items = self._items
        best = min(range(len(items)), key=lambda i: items[i].val_loss)
        keep = set(range(0, len(items) - 1, 2)) | {best, len(items) - 1}
        self._items = [items[i] for i in sorted(keep)]

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        return self._items[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __repr__(self) -> str:
        return f"EpochHistory({len(self)} of capacity {self.capacity})"
