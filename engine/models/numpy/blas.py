"""Matrix products for interactive work (one canvas at a time) that stay fast on a busy CPU."""

from __future__ import annotations

import numpy as np

# OpenBLAS multithreads a product above 65536 * 4 multiply-adds. For one canvas that buys
# nothing, and while the CPU is busy (a training thread) the hand-offs between its threads
# turn a 0.3 ms prediction into 30 ms. So small batches run in row blocks below that size,
# single-threaded; big batches (evaluation) still use every core.
_SINGLE_THREAD_MACS = 200_000
_BIG_BATCH_MACS = 50_000_000


def matmul_small(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b`` for 2-D arrays, single-threaded unless the product is big."""
    m, k = a.shape
    n = b.shape[1]
    if m * k * n <= _SINGLE_THREAD_MACS or m * k * n >= _BIG_BATCH_MACS:
        return a @ b
    rows = max(1, _SINGLE_THREAD_MACS // (k * n))
    out = np.empty((m, n), dtype=np.result_type(a, b))
    for start in range(0, m, rows):  # a loop over row blocks, not pixels
        np.matmul(a[start : start + rows], b, out=out[start : start + rows])
    return out
