"""The "other writers" digit set (bench/other_writers.py): generated from stroke skeletons,
never from MNIST, drawn as the Qt canvas draws, and read by the shipped model."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from bench.other_writers import (  # noqa: E402
    ROUGH,
    STYLES,
    canvas_path,
    other_writers_set,
    render_strokes,
    write_digit,
)
from engine.digits.model import load_digit_cnn  # noqa: E402
from engine.digits.preprocess import to_mnist  # noqa: E402

# bench/bench_digits.py measured the shipped model at 98.9 % on 3,000 of these digits (seed 0,
# BENCHMARKS.md). A working model clears this floor easily on 60 digits; a model that guesses,
# or that lost a digit class, cannot.
RECOGNITION_FLOOR = 0.85


def test_the_set_is_deterministic_and_balanced():
    a, labels, styles = other_writers_set(20, seed=3)
    b, labels_b, styles_b = other_writers_set(20, seed=3)
    assert np.array_equal(a, b) and np.array_equal(labels, labels_b)
    assert np.array_equal(styles, styles_b)
    assert not np.array_equal(a, other_writers_set(20, seed=4)[0])
    assert np.array_equal(np.bincount(labels), [2] * 10)
    assert a.dtype == np.uint8 and a.shape == (20, 280, 280)
    # dark ink on white paper, as on the canvas, and every digit has ink
    assert (a[:, 0, :] == 255).all() and (a.min(axis=(1, 2)) == 0).all()


def test_the_set_never_reads_mnist(monkeypatch):
    """No file is opened while the set is made: it is not derived from MNIST's digits."""
    import builtins

    import engine.data.mnist as mnist

    def refuse(*args, **kwargs):
        raise AssertionError("the other-writers set must not read any file")

    monkeypatch.setattr(np, "load", refuse)
    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(mnist, "load_mnist", refuse)
    canvases, _, _ = other_writers_set(10, seed=0)
    assert canvases.shape == (10, 280, 280)


def test_every_style_of_every_digit_can_be_written():
    rng = np.random.default_rng(0)
    for digit, styles in STYLES.items():
        assert len(styles) >= 2, digit
        for style in range(len(styles)):
            strokes, pen = write_digit(digit, rng, style)
            assert 8 <= pen <= 32
            for points in strokes:
                assert points.shape[1] == 2 and len(points) >= 2
                assert points.min() >= 0 and points.max() <= 280


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_stroke_drawn_here_looks_like_the_same_mouse_drag_on_the_qt_canvas(qtbot):
    from gui.digits.canvas import DigitCanvas

    canvas = DigitCanvas()
    qtbot.addWidget(canvas)
    canvas.show()
    qtbot.waitExposed(canvas)
    strokes, pen = write_digit(4, np.random.default_rng(6), style=1)  # 3 strokes, a 17 px pen
    strokes = [np.rint(points).astype(int) for points in strokes]  # mouse events are whole px
    canvas.pen_slider.setValue(int(pen))
    for points in strokes:
        QTest.mousePress(
            canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[0])
        )
        for x, y in points[1:]:
            QTest.mouseMove(canvas, QPoint(int(x), int(y)))
        QTest.mouseRelease(
            canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[-1])
        )
    qt_ink = 1.0 - canvas.image_array() / 255.0
    ours = 1.0 - render_strokes([p.astype(float) for p in strokes], pen) / 255.0
    assert qt_ink.sum() > 1000  # the drag drew
    assert abs(ours.sum() - qt_ink.sum()) / qt_ink.sum() < 0.01  # the same amount of ink
    assert np.abs(ours - qt_ink).mean() < 0.003  # in the same places
    assert np.abs(ours - qt_ink).max() < 0.7  # edges differ by antialiasing only
    # and both become the same MNIST input
    assert np.abs(to_mnist(ours) - to_mnist(qt_ink)).max() < 0.08


def test_the_path_goes_through_the_midpoints_like_the_canvas():
    pts = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 10.0]])
    line = canvas_path(pts)
    assert np.allclose(line[0], pts[0]) and np.allclose(line[-1], pts[-1])
    assert any(np.allclose(p, [5.0, 0.0]) for p in line)  # the first midpoint
    assert not any(np.allclose(p, [10.0, 0.0]) for p in line)  # the corner is rounded off


def test_the_shipped_model_reads_other_writers_digits():
    canvases, labels, _ = other_writers_set(60, seed=11)
    x = np.stack([to_mnist(c) for c in canvases])
    predicted = load_digit_cnn().predict_proba(x).argmax(axis=1)
    assert (predicted == labels).mean() >= RECOGNITION_FLOOR
    assert len(np.unique(predicted)) == 10  # no digit is missing from its answers


@pytest.mark.parametrize("digit", [1, 4, 7])
def test_a_broken_stroke_leaves_two_strokes(digit):
    """GAP_PROBABILITY splits one stroke in two: over many writers, some digits have more
    strokes than their style."""
    rng = np.random.default_rng(1)
    style = 0
    counts = [len(write_digit(digit, rng, style)[0]) for _ in range(60)]
    base = len(STYLES[digit][style])
    assert min(counts) == base and max(counts) == base + 1


def test_the_rough_hand_breaks_more_strokes_and_samples_more_sparsely():
    tidy_rng, rough_rng = np.random.default_rng(2), np.random.default_rng(2)
    tidy = [write_digit(7, tidy_rng, 0) for _ in range(80)]
    rough = [write_digit(7, rough_rng, 0, ROUGH) for _ in range(80)]

    def broken(digits):
        return sum(len(strokes) > 1 for strokes, _ in digits)

    def spacing(digits):
        return np.median([np.hypot(*np.diff(s, axis=0).T).mean() for d, _ in digits for s in d])

    assert broken(rough) > 2 * broken(tidy)
    assert spacing(rough) > 1.5 * spacing(tidy)
