"""The "Draw a digit" panel: drawing with the mouse gives a live prediction."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from concurrent.futures import Future  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from gui.digits.panel import DigitPanel  # noqa: E402
from tests.digit_drawings import seven  # noqa: E402
from tests.keras_backend import needs_keras  # noqa: E402

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
MNIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist.npz"


@pytest.fixture
def panel(qtbot):
    widget = DigitPanel()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def draw(canvas: QWidget, points: list[tuple[int, int]]) -> None:
    """One stroke with real mouse events: press, moves, release."""
    QTest.mousePress(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[0])
    )
    for x, y in points[1:]:
        QTest.mouseMove(canvas, QPoint(x, y))
    QTest.mouseRelease(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[-1])
    )


def vertical_stroke(x: int = 140, top: int = 40, bottom: int = 240) -> list[tuple[int, int]]:
    return [(x + (y - top) // 20, y) for y in range(top, bottom + 1, 10)]


def test_an_empty_canvas_shows_no_guess(panel):
    prediction = panel.findChild(QWidget, "digitPrediction")
    assert prediction is panel.prediction and prediction.probabilities is None
    assert prediction.digit_label.text() == "–"
    assert "draw" in prediction.confidence_label.text().lower()
    assert "Shipped model (99." in panel.model_label.text()


def test_a_drawn_stroke_is_recognised(qtbot, panel):
    canvas = panel.findChild(QWidget, "digitCanvas")
    draw(canvas, vertical_stroke())
    qtbot.waitUntil(lambda: panel.prediction.probabilities is not None, timeout=2000)
    probs = panel.prediction.probabilities
    assert probs.shape == (10,) and probs.sum() == pytest.approx(1.0, abs=1e-4)
    assert panel.prediction.digit_label.text() == "1"
    assert "%" in panel.prediction.confidence_label.text()
    assert panel.last_input.shape == (28, 28)


def test_predictions_follow_the_pen_before_it_lifts(qtbot, panel):
    canvas = panel.canvas
    points = vertical_stroke()
    QTest.mousePress(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[0])
    )
    for x, y in points[1:]:
        QTest.mouseMove(canvas, QPoint(x, y))
    qtbot.waitUntil(lambda: panel.prediction.probabilities is not None, timeout=2000)
    QTest.mouseRelease(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[-1])
    )


def test_escape_clears_and_ctrl_z_undoes_a_stroke(qtbot, panel):
    canvas = panel.canvas
    draw(canvas, vertical_stroke(100))
    draw(canvas, vertical_stroke(180))
    assert canvas.stroke_count() == 2
    ink_two = (canvas.image_array() < 128).sum()
    QTest.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.stroke_count() == 1
    assert 0 < (canvas.image_array() < 128).sum() < ink_two
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.is_empty() and (canvas.image_array() == 255).all()
    qtbot.waitUntil(lambda: panel.prediction.probabilities is None, timeout=1000)
    assert panel.prediction.digit_label.text() == "–"


def test_a_bad_image_file_gives_a_message_not_a_traceback(qtbot, panel, tmp_path):
    bad = tmp_path / "holiday.png"
    bad.write_text("this is not a picture")
    assert panel.load_image(str(bad)) is False
    box = panel.problem_box
    assert box is not None and box.isVisible()
    assert "holiday.png" in box.text()
    box.close()
    assert panel.canvas.is_empty()


def test_an_image_file_is_put_on_the_canvas_and_recognised(qtbot, panel, tmp_path):
    path = tmp_path / "seven.png"
    Image.fromarray(np.rint(seven() * 255).astype(np.uint8)).save(path)
    assert panel.load_image(str(path))
    assert not panel.canvas.is_empty()
    assert panel.prediction.digit_label.text() == "7"


@pytest.mark.skipif(not MNIST.is_file(), reason=f"real MNIST not found at {MNIST}")
def test_random_test_digit_comes_from_mnist(qtbot, panel):
    panel.set_mnist_path(str(MNIST))
    QTest.mouseClick(panel.canvas.random_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.prediction.probabilities is not None, timeout=10_000)
    assert "MNIST test image" in panel.canvas.toolTip()


def test_random_test_digit_without_mnist_says_so(qtbot, panel, tmp_path):
    panel.set_mnist_path(str(tmp_path / "nowhere.npz"))
    QTest.mouseClick(panel.canvas.random_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.problem_box is not None, timeout=5000)
    assert "MNIST" in panel.problem_box.windowTitle()
    assert "nowhere.npz" in panel.problem_box.text()
    panel.problem_box.close()


def test_a_model_trained_in_the_window_answers_through_a_future(qtbot, panel):
    def predict(images: np.ndarray) -> Future:
        future: Future = Future()
        probs = np.full((len(images), 10), 0.02)
        probs[:, 3] = 0.82
        future.set_result(probs)
        return future

    panel.set_trained_model(predict, "Trained in this window: NumPy MLP")
    panel.choose_model("trained")
    assert "NumPy MLP" in panel.model_label.text()
    draw(panel.canvas, vertical_stroke())
    qtbot.waitUntil(lambda: panel.prediction.digit_label.text() == "3", timeout=2000)
    panel.set_trained_model(None)
    assert "Shipped model" in panel.model_label.text()


def test_the_window_has_the_digit_dock_and_it_predicts(qtbot, make_window):
    win = make_window()
    canvas = win.findChild(QWidget, "digitCanvas")
    prediction = win.findChild(QWidget, "digitPrediction")
    assert canvas is not None and prediction is not None
    assert canvas.accessibleName() == "digitCanvas"
    draw(canvas, vertical_stroke())
    qtbot.waitUntil(lambda: prediction.probabilities is not None, timeout=2000)
    assert prediction.digit_label.text() == "1"
    combo = win.digits.panel.model_combo
    trained = combo.model().item(combo.findData("trained"))
    assert not trained.isEnabled()  # the window trains a 2-D classifier, not digits


@pytest.mark.skipif(not MNIST.is_file(), reason=f"real MNIST not found at {MNIST}")
def test_an_mnist_network_in_the_window_can_read_the_canvas(qtbot, make_window):
    from engine.experiment.presets import preset

    exp = preset("seed0-mlp")
    exp.engine, exp.data.path, exp.data.limit = "numpy", str(MNIST), 1000
    win = make_window(exp)
    panel = win.digits.panel
    combo = panel.model_combo
    qtbot.waitUntil(
        lambda: combo.model().item(combo.findData("trained")).isEnabled(), timeout=10_000
    )
    panel.choose_model("trained")
    assert "NumPy MLP" in panel.model_label.text()
    draw(panel.canvas, vertical_stroke())
    qtbot.waitUntil(lambda: panel.prediction.probabilities is not None, timeout=5000)
    assert panel.prediction.probabilities.shape == (10,)


def test_opening_a_bad_model_file_says_why(qtbot, panel, tmp_path):
    bad = tmp_path / "weights.npz"
    bad.write_bytes(b"not a model")
    panel.open_model(str(bad))
    qtbot.waitUntil(lambda: panel.problem_box is not None, timeout=2000)
    assert "weights.npz" in panel.problem_box.text()
    assert "Shipped model" in panel.model_label.text()
    panel.problem_box.close()


@needs_keras
def test_a_keras_model_file_loads_and_predicts_in_its_own_thread(qtbot, panel, tmp_path):
    import threading

    from engine.digits.model import load_digit_cnn, to_keras

    path = tmp_path / "digits.keras"
    to_keras(load_digit_cnn()).save(path)
    gui_thread = threading.current_thread()
    panel.open_model(str(path))
    qtbot.waitUntil(lambda: "digits.keras" in panel.model_label.text(), timeout=30_000)
    draw(panel.canvas, vertical_stroke())
    qtbot.waitUntil(lambda: panel.prediction.probabilities is not None, timeout=10_000)
    assert panel.prediction.digit_label.text() == "1"
    assert threading.current_thread() is gui_thread
