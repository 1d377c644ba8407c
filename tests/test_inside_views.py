"""Inside the network: the numbers behind the views (no Qt), and the dock in the window for a
2-D MLP, an image MLP and a Keras CNN, rendered offscreen.

The lessons are checked where they are computed: a deep sigmoid net's first layer gets
gradients orders of magnitude smaller than its last (ReLU + He does not), a ReLU layer pushed
far negative is 100 % dead, sigmoid's slope peaks at 0.25.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from engine.data.datasets import load_dataset
from engine.experiment.spec import Experiment, LayerSpec
from engine.introspection import arithmetic as ix
from engine.introspection.probe import InsideProbe
from engine.training.trainer import Trainer
from gui.experiment.spec_model import STRUCTURE
from tests.fake_mnist import write_tiny_mnist  # noqa: E402
from tests.keras_backend import needs_keras  # noqa: E402

TF_TIMEOUT = 90_000  # ms: the first TensorFlow import and trace take seconds on 2 shared cores

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning"),  # Keras
]


# ----- engine: no Qt -------------------------------------------------------------------------
def deep_xor(activation: str, init: str, steps: int = 300) -> Trainer:
    exp = Experiment()
    exp.data.name = "xor"
    exp.layers = [LayerSpec(units=8, activation=activation) for _ in range(6)]
    exp.training.init = init
    exp.optimizer.name, exp.optimizer.lr = "sgd", 0.1
    trainer = Trainer(exp, load_dataset(exp.data))
    for _ in range(steps):
        trainer.step()
    return trainer


def test_a_deep_sigmoid_net_has_vanishing_gradients_and_relu_with_he_does_not():
    sigmoid = InsideProbe().collect(deep_xor("sigmoid", "glorot"))
    relu = InsideProbe().collect(deep_xor("relu", "he"))
    assert len(sigmoid["grad_rms"]) == 7  # six hidden layers and the output
    first, last = sigmoid["grad_rms"][0], sigmoid["grad_rms"][-1]
    assert 0 < first < last / 10  # in practice about 1e-4 of it
    assert relu["grad_rms"][0] > relu["grad_rms"][-1] / 10
    # the gradient histograms tell the same story: the first layer's mass sits further left
    centres = np.linspace(*ix.GRAD_LOG_RANGE, ix.HIST_BINS)
    mean_log = sigmoid["grad_hist"] @ centres
    assert mean_log[0] < mean_log[-1] - 1


def test_a_relu_layer_with_a_huge_negative_bias_is_all_dead_and_passes_no_gradient():
    exp = Experiment()
    exp.data.name = "xor"
    exp.layers = [LayerSpec(units=8, activation="relu"), LayerSpec(units=8, activation="tanh")]
    trainer = Trainer(exp, load_dataset(exp.data))
    trainer.model.dense_weights()[0][1][...] = -1e3
    trainer.step()
    payload = InsideProbe().collect(trainer)
    dead, tanh = payload["inactive"]
    assert dead["share"] == 1.0 and dead["word"] == "dead"
    assert tanh["share"] == 0.0 and tanh["word"] == "saturated"  # zero inputs: tanh(0) = 0
    assert payload["grad_rms"][0] == 0.0


def test_inactive_share_reads_relu_zeros_and_saturated_sigmoids():
    outputs = np.zeros((5, 4), np.float32)
    outputs[:, 0] = 1.0  # one live ReLU unit out of four
    assert ix.inactive_share(outputs, "relu") == 0.75
    assert ix.inactive_share(outputs, "leaky_relu") == 0.0
    sig = np.array([[0.999, 0.5, 0.001], [0.995, 0.999, 0.002]])
    assert ix.inactive_share(sig, "sigmoid") == pytest.approx(2 / 3)
    maps = np.zeros((2, 5, 5, 3), np.float32)
    maps[1, 2, 2, 1] = 0.3  # a conv channel alive at one place for one example
    assert ix.inactive_share(maps, "relu") == pytest.approx(2 / 3)


def test_first_layer_tiles_are_each_units_weights_as_an_image():
    kernel = np.random.default_rng(0).normal(size=(784, 100)).astype(np.float32)
    tiles = ix.first_layer_tiles(kernel)
    assert tiles.shape == (ix.MAX_TILES, 28, 28)
    np.testing.assert_array_equal(tiles[5], kernel[:, 5].reshape(28, 28))
    mosaic = ix.tile_mosaic(ix.scale_each(tiles))
    assert mosaic.shape == (8 * 29 - 1, 8 * 29 - 1)
    assert np.nanmax(np.abs(mosaic)) == pytest.approx(1.0) and np.isnan(mosaic[28, 0])
    with pytest.raises(ValueError):
        ix.first_layer_tiles(kernel[:100])


def test_a_doubled_weight_range_rebins_old_histograms_exactly():
    values = np.random.default_rng(1).uniform(-0.99, 0.99, 5000)
    np.testing.assert_allclose(
        ix.widen_histogram(ix.histogram(values, -1.0, 1.0), 1),
        ix.histogram(values, -2.0, 2.0),
        atol=1e-6,
    )
    assert ix.widen_range(values, -1.0, 1.0) == 0
    assert ix.widen_range(values * 10, -1.0, 1.0) == 4  # 9.9 needs 16 = 2^4


# ----- the dock in the window ----------------------------------------------------------------
@pytest.fixture
def make_inside_window(make_window):
    """A shown window with the "Inside the network" dock in front."""

    def make(experiment: Experiment):
        win = make_window(experiment)
        win.resize(1300, 900)
        win.show()
        win.docks["insideNetworkDock"].raise_()
        return win

    return make


@pytest.fixture
def tiny_mnist(tmp_path) -> Path:
    return write_tiny_mnist(tmp_path / "tiny_mnist.npz", 200, 50)


def show_tab(qtbot, win, index: int) -> None:
    win.inside.panel.tabs.setCurrentIndex(index)
    qtbot.waitUntil(win.inside.panel.isVisible, timeout=2000)


def grab_all(win) -> None:
    for index in range(win.inside.panel.tabs.count()):
        win.inside.panel.tabs.setCurrentIndex(index)
        win.inside.panel.refresh()
        assert not win.docks["insideNetworkDock"].grab().isNull()


def draw_stroke(canvas) -> None:
    """A vertical stroke with real mouse events, like a drawn 1."""
    points = [QPoint(140 + (y - 40) // 20, y) for y in range(40, 241, 10)]
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for point in points[1:]:
        QTest.mouseMove(canvas, point)
    QTest.mouseRelease(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1]
    )


def test_the_activation_plot_shows_each_function_and_its_derivative(qtbot):
    from gui.inside.activation_plot import ActivationPlot

    plot = ActivationPlot()
    qtbot.addWidget(plot)
    plot.set_activation("sigmoid")
    (z, f), (_, slope) = plot.curves()
    peak = int(np.argmax(slope))
    assert slope[peak] == pytest.approx(0.25, abs=1e-4) and abs(z[peak]) < 0.05
    assert f[peak] == pytest.approx(0.5, abs=0.01) and "0.25" in plot.peak.toPlainText()
    plot.combo.setCurrentText("relu")  # the user's choice redraws
    (z, f), (_, slope) = plot.curves()
    assert set(np.unique(slope)) == {0.0, 1.0} and f.min() == 0.0
    plot.set_activation("step")
    assert not plot.curves()[1][1].any()  # no gradient anywhere: why backprop cannot use it
    plot.set_activation("softmax")
    np.testing.assert_allclose(plot.curves()[0][1], 1 / (1 + np.exp(-z)), atol=1e-6)
    plot.set_activation("no such thing")  # ignored, no traceback
    assert plot.activation() == "softmax" and not plot.grab().isNull()


def test_a_2d_mlp_shows_histograms_the_shipped_cnn_and_follows_the_designer(
    qtbot, make_inside_window
):
    exp = Experiment()
    exp.data.name = "xor"
    exp.layers = [LayerSpec(units=6, activation="sigmoid") for _ in range(3)]
    win = make_inside_window(exp)
    show_tab(qtbot, win, 2)
    win.session.step(5)
    history = win.inside.panel.histograms.history
    qtbot.waitUntil(
        lambda: bool(history.payloads) and history.payloads[-1]["step"] == 5, timeout=5000
    )
    qtbot.waitUntil(lambda: len(win.inside.panel.histograms.gradient_curves()) == 4, timeout=2000)
    steps, log_rms = win.inside.panel.histograms.gradient_curves()["Dense 1 · 6 sigmoid"]
    assert steps[-1] == 5 and np.isfinite(log_rms[-1])
    assert len(win.inside.panel.histograms.inactive_shares()) == 3
    show_tab(qtbot, win, 0)
    qtbot.waitUntil(lambda: "network graph" in win.inside.panel.weights.note.text(), timeout=2000)
    assert win.inside.panel.weights.views() == []
    # the canvas digit goes through the shipped digit CNN: no network here reads digits
    show_tab(qtbot, win, 1)
    draw_stroke(win.digits.panel.canvas)
    qtbot.waitUntil(lambda: len(win.inside.panel.activations.views()) > 3, timeout=3000)
    names = [v["name"] for v in win.inside.panel.activations.views()]
    assert names[0].startswith("Input") and names[1].startswith("Conv 1")
    assert (
        "shipped" in win.inside.panel.source.text() and not win.inside.panel.show_test.isVisible()
    )
    grab_all(win)
    win.spec_model.edit(STRUCTURE, lambda e: setattr(e.layers[1], "activation", "relu"))
    assert win.inside.panel.activation_plot.activation() == "relu"


def test_an_image_mlp_shows_its_weights_changing_and_every_layer_for_a_digit(
    qtbot, make_inside_window, tiny_mnist
):
    exp = Experiment(engine="numpy", model="mlp")
    exp.data.name, exp.data.path = "mnist", str(tiny_mnist)
    exp.layers = [LayerSpec(units=16, activation="relu")]
    exp.optimizer.lr, exp.training.batch_size, exp.training.epochs = 0.01, 20, 20
    win = make_inside_window(exp)
    show_tab(qtbot, win, 0)
    weights = win.inside.panel.weights
    qtbot.waitUntil(lambda: len(weights.views()) == 1, timeout=5000)
    before = weights.views()[0]["image"].copy()
    assert before.shape == (4 * 29 - 1, 4 * 29 - 1)  # 16 units: 4 x 4 tiles of 28 x 28
    assert "all 16 units" in weights.items[0].title.text()
    win.session.resume()
    qtbot.waitUntil(lambda: win.trainer.step_count >= 30, timeout=10_000)
    qtbot.waitUntil(
        lambda: not np.allclose(weights.views()[0]["image"], before, equal_nan=True),
        timeout=5000,
    )
    win.session.pause()
    show_tab(qtbot, win, 1)
    draw_stroke(win.digits.panel.canvas)
    acts = win.inside.panel.activations
    qtbot.waitUntil(lambda: len(acts.views()) == 3, timeout=5000)
    names = [v["name"] for v in acts.views()]
    assert names[1] == "Dense 1 · 16 relu" and names[2].startswith("Output · 10 softmax → ")
    assert acts.views()[1]["image"].shape == (1, 16) and "canvas" in win.inside.panel.source.text()
    win.inside.panel.test_index.setValue(3)
    win.inside.panel.show_test.click()
    qtbot.waitUntil(lambda: "test digit #3" in win.inside.panel.source.text(), timeout=5000)
    grab_all(win)


@needs_keras
def test_a_keras_cnn_shows_its_filters_and_feature_maps(qtbot, make_inside_window, tiny_mnist):
    exp = Experiment(engine="keras", model="cnn")
    exp.data.name, exp.data.path = "mnist", str(tiny_mnist)
    exp.layers = [
        LayerSpec(type="conv2d", filters=4, kernel_size=3, activation="relu"),
        LayerSpec(type="maxpool", pool_size=2, stride=2),
        LayerSpec(type="dense", units=16, activation="relu"),
    ]
    exp.optimizer.lr, exp.training.batch_size, exp.training.epochs = 0.01, 20, 1
    win = make_inside_window(exp)
    show_tab(qtbot, win, 0)
    weights = win.inside.panel.weights
    qtbot.waitUntil(lambda: len(weights.views()) == 1, timeout=TF_TIMEOUT)
    assert weights.views()[0]["image"].shape == (7, 7)  # 4 filters 3x3 in a 2 x 2 grid
    assert "4 filters 3×3" in weights.items[0].title.text()
    win.session.resume()
    qtbot.waitUntil(lambda: win.session.state == "finished", timeout=TF_TIMEOUT)
    show_tab(qtbot, win, 1)
    win.inside.panel.show_test.click()
    acts = win.inside.panel.activations
    qtbot.waitUntil(lambda: len(acts.views()) == 5, timeout=TF_TIMEOUT)
    names = [v["name"] for v in acts.views()]
    assert names[1:4] == ["Conv 1 · 4 relu", "Max pool 1 · 4", "Dense 1 · 16 relu"]
    assert acts.views()[1]["image"].shape == (53, 53)  # 4 maps 26 x 26 in a 2 x 2 grid
    show_tab(qtbot, win, 2)
    qtbot.waitUntil(lambda: len(win.inside.panel.histograms.gradient_curves()) == 3, timeout=5000)
    assert len(win.inside.panel.histograms.inactive_shares()) == 2  # conv and dense, not the output
    grab_all(win)
