"""A tiny MNIST stand-in for GUI tests: real file layout, learnable in a few batches."""

from __future__ import annotations

import numpy as np


def write_tiny_mnist(path, n_train: int, n_test: int, wrong_test_labels: int = 0):
    """An engine.data.mnist-layout npz where class c lights a 10x4 bar at its own spot: learnable in
    a few batches. `wrong_test_labels` flips the first labels so even a perfect net errs."""
    rng = np.random.default_rng(0)

    def digits(n):
        y = rng.integers(0, 10, n).astype(np.uint8)
        x = rng.integers(0, 40, (n, 28, 28)).astype(np.uint8)
        for i, c in enumerate(y):
            r, col = 3 + 13 * (c // 5), 1 + 5 * (c % 5)
            x[i, r : r + 10, col : col + 4] = 230
        return x, y

    (x_train, y_train), (x_test, y_test) = digits(n_train), digits(n_test)
    y_test[:wrong_test_labels] = (y_test[:wrong_test_labels] + 1) % 10
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return path
