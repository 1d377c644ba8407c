from __future__ import annotations

import numpy as np

from engine.training.history import SeriesBuffer


def test_buffer_stays_bounded_and_keeps_the_shape_of_the_series():
    buf = SeriesBuffer(capacity=64)
    for i in range(10_000):
        buf.append(i, 1000.0 - 0.1 * i)
    x, y = buf.arrays()
    assert 32 <= len(x) <= 64
    assert x[0] < 200 and x[-1] > 9000  # still spans the whole run
    assert np.all(np.diff(y) < 0)  # averaging keeps a falling loss falling
    np.testing.assert_allclose(y, 1000.0 - 0.1 * x)


def test_short_series_is_exact_and_clear_empties():
    buf = SeriesBuffer(capacity=8)
    for i in range(5):
        buf.append(i, i * i)
    x, y = buf.arrays()
    assert list(x) == [0, 1, 2, 3, 4] and list(y) == [0, 1, 4, 9, 16]
    buf.clear()
    assert len(buf) == 0
