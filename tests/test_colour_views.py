"""Colour images through the views (#15): the first layer's weights of a colour data set drawn
as red-green-blue pictures, feature maps of a colour input, colour thumbnails with class-name
captions in the evaluation gallery, long class names on the confusion matrix, and the Draw
dock refusing a network that was never trained on digits.

Small generated data only: a NumPy MLP on 8×8×3 images in the engine tests, a tiny CIFAR-10
npz (read by the real loader) in the window, a tiny Keras CNN on 32×32×3 for one step.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QFontMetrics

from engine.data.datasets import Dataset
from engine.data.image_sets import IMAGE_SETS
from engine.experiment.spec import Experiment, LayerSpec
from engine.introspection import arithmetic as ix
from engine.introspection.activations import (
    activations_of_test_digit,
    layer_activations,
    reads_digits,
)
from engine.introspection.probe import COLOUR_WEIGHTS_TIP, InsideProbe
from engine.introspection.snapshots import make_evaluation
from engine.training.trainer import Trainer
from gui.digits.panel import (
    NOT_DIGITS,
    OPENED,
    POINTS,
    TRAINED,
    DigitPanel,
    trained_digit_model,
    window_model_data,
)
from gui.evaluation.gallery import MisclassifiedGallery
from gui.evaluation.panel import ConfusionMatrixView
from gui.inside.mosaics import rgba_picture
from tests.keras_backend import needs_keras
from tests.test_inside_views import draw_stroke

CIFAR = list(IMAGE_SETS["cifar10"].class_names)
FASHION = list(IMAGE_SETS["fashion_mnist"].class_names)
RED, GREEN, BLUE = (255, 0, 0), (0, 255, 0), (0, 0, 255)

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning"),  # Keras
]


def colour_dataset(side: int = 8, n_train: int = 60, n_test: int = 30) -> Dataset:
    """Class c's images are tinted by channel c (of three); labels of the test set are random,
    so an untrained network makes mistakes."""
    rng = np.random.default_rng(0)

    def images(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = rng.integers(0, 3, n).astype(np.int64)
        x = rng.uniform(0.0, 0.2, (n, side, side, 3)).astype(np.float32)
        x[np.arange(n), :, :, y] += 0.7
        return x, y

    (x, y), (xt, yt) = images(n_train), images(n_test)
    return Dataset("cifar10", x, y, x[:0], y[:0], xt, yt, 3, CIFAR[:3], "image")


def colour_mlp(units: int = 4) -> Trainer:
    exp = Experiment(engine="numpy", model="mlp")
    exp.data.name = "cifar10"
    exp.layers = [LayerSpec(units=units, activation="relu")]
    return Trainer(exp, colour_dataset())


def tile(mosaic: np.ndarray, index: int, side: int, cols: int) -> np.ndarray:
    """Tile `index` of a mosaic of side×side tiles in `cols` columns, one pixel apart."""
    r, c = divmod(index, cols)
    return mosaic[r * (side + 1) : r * (side + 1) + side, c * (side + 1) : c * (side + 1) + side]


# ----- engine: no Qt -------------------------------------------------------------------------
def test_colour_tiles_keep_the_channels_of_the_flattened_pixels():
    kernel = np.arange(4 * 5 * 3 * 2, dtype=np.float32).reshape(60, 2)
    tiles = ix.first_layer_tiles(kernel, (4, 5, 3))
    assert tiles.shape == (2, 4, 5, 3)
    # pixel (i, j), channel c was row (i * w + j) * 3 + c of the kernel (C order, channels last)
    assert tiles[1, 2, 3, 1] == kernel[(2 * 5 + 3) * 3 + 1, 1]
    assert ix.first_layer_tiles(kernel[:20], (4, 5)).shape == (2, 4, 5)  # grey stays (h, w)
    mosaic = ix.tile_mosaic(ix.colour_tiles(tiles))
    assert mosaic.shape == (4, 11, 3) and np.isnan(mosaic[0, 5]).all()
    assert np.nanmin(mosaic) >= 0.0 and np.nanmax(mosaic) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="4x5x3"):
        ix.first_layer_tiles(kernel[:59], (4, 5, 3))
    conv = np.zeros((3, 3, 3, 5), np.float32)
    assert ix.conv_filter_tiles(conv, colour=True).shape == (5, 3, 3, 3)
    assert ix.conv_filter_tiles(conv).shape == (5, 3, 3)  # not asked: the channels' mean


def test_an_mlp_on_colour_images_draws_each_units_weights_as_a_colour_picture():
    trainer = colour_mlp()
    kernel = trainer.model.dense_weights()[0][0]  # (8*8*3, 4), the model's own array
    weights = kernel.reshape(8, 8, 3, 4)
    weights[...] = 0.0
    weights[..., 0] = (1.0, -1.0, -1.0)  # unit 0: red, against green and blue
    weights[..., 1] = (0.0, 0.5, 0.0)  # unit 1: some green, indifferent to red and blue
    weights[..., 2] = -0.3  # unit 2: against every colour, i.e. likes dark pixels
    view = InsideProbe().collect(trainer)["weight_views"][0]
    assert "all 4 units" in view["name"] and "192 input weights" in view["name"]
    assert "in colour" in view["name"] and view["tooltip"] == COLOUR_WEIGHTS_TIP
    mosaic = view["image"]
    assert mosaic.shape == (17, 17, 3) and view["levels"] == (0.0, 1.0)  # 2 x 2 tiles of 8 x 8
    np.testing.assert_allclose(tile(mosaic, 0, 8, 2), np.broadcast_to([1.0, 0.0, 0.0], (8, 8, 3)))
    np.testing.assert_allclose(tile(mosaic, 1, 8, 2), np.broadcast_to([0.5, 1.0, 0.5], (8, 8, 3)))
    np.testing.assert_allclose(tile(mosaic, 2, 8, 2), np.zeros((8, 8, 3)))  # black
    # drawn as the views draw it: pure red, and mid grey where a weight is 0
    rgba = rgba_picture(mosaic)
    assert tuple(rgba[0, 0]) == (*RED, 255) and tuple(rgba[0, 9]) == (128, 255, 128, 255)
    assert rgba[8, 0, 3] == 0  # the gap between tiles is transparent


def test_a_colour_test_image_goes_through_the_network_in_colour():
    trainer = colour_mlp()
    payload, caption = activations_of_test_digit(5, trainer)
    label = CIFAR[int(trainer.dataset.y_test[5])]
    assert caption == f"test image #5 ({label})"  # not a "digit"
    np.testing.assert_array_equal(payload["input"], trainer.dataset.x_test[5])
    assert payload["input"].shape == (8, 8, 3)
    names = [layer["name"] for layer in payload["layers"]]
    top = int(payload["probabilities"].argmax())
    assert names == ["Dense 1 · 4 relu", f"Output · 3 softmax → {top} ({CIFAR[top]})"]
    with pytest.raises(ValueError, match=r"\(28, 28\) cannot go through .* 8×8×3 images"):
        layer_activations(trainer, np.zeros((28, 28), np.float32))  # a canvas digit
    assert not reads_digits("cifar10") and not reads_digits("fashion_mnist")
    assert reads_digits("mnist") and not reads_digits("spiral")


def test_the_evaluation_hands_colour_thumbnails_and_class_names():
    trainer = colour_mlp()
    ev = make_evaluation(trainer)
    assert ev["n_mistakes"] >= 1 and ev["class_names"] == CIFAR[:3] and ev["digits"] is False
    images = ev["images"]
    assert images.dtype == np.uint8 and images.shape == (len(ev["true"]), 8, 8, 3)
    first = int(trainer.evaluate_test().misclassified[0])
    expected = np.rint(trainer.dataset.x_test[first] * 255).astype(np.uint8)
    np.testing.assert_array_equal(images[0], expected)


@needs_keras
def test_a_keras_cnns_first_filters_on_colour_are_colour_pictures_and_see_colour():
    exp = Experiment(engine="keras", model="cnn")
    exp.data.name = "cifar10"
    exp.layers = [
        LayerSpec(type="conv2d", filters=2, kernel_size=3, activation="relu"),
        LayerSpec(type="conv2d", filters=3, kernel_size=3, activation="relu"),
    ]
    data = colour_dataset(side=32, n_train=20, n_test=6)
    trainer = Trainer(exp, data)
    conv = next(la for la in trainer.model.model.layers if type(la).__name__ == "Conv2D")
    kernel = np.zeros((3, 3, 3, 2), np.float32)
    kernel[..., 0] = (1.0, -1.0, -1.0)  # filter 0 looks for red
    kernel[..., 1] = (-1.0, -1.0, 1.0)  # filter 1 looks for blue
    conv.kernel.assign(kernel)
    conv.bias.assign(np.zeros(2, np.float32))
    views = InsideProbe().collect(trainer)["weight_views"]
    first, second = views
    assert first["image"].shape == (3, 7, 3) and "in colour" in first["name"]
    assert first.get("tooltip") == COLOUR_WEIGHTS_TIP
    rgba = rgba_picture(first["image"])
    assert tuple(rgba[1, 1, :3]) == RED and tuple(rgba[1, 5, :3]) == BLUE
    # the second layer reads two feature maps, not colours: grey, as the mean over them
    assert second["image"].ndim == 2 and "mean over 2 input channels" in second["name"]
    # a red test image lights the red filter's map, not the blue one's
    red = int(np.flatnonzero(data.y_test == 0)[0])
    payload, caption = activations_of_test_digit(red, trainer)
    assert payload["input"].shape == (32, 32, 3) and caption.startswith(f"test image #{red} ")
    maps = payload["layers"][0]["image"]  # 2 maps of 30 x 30 side by side
    assert maps.shape == (30, 61)
    assert np.nanmean(maps[:, :30]) > 0.1 and np.nanmax(maps[:, 31:]) == 0.0


# ----- the views -----------------------------------------------------------------------------
def gallery_payload(names: list[str], colour: bool, digits: bool = False) -> dict:
    """Three mistakes: a red, a green and a blue picture (grey: dark, mid, light)."""
    k = len(names)
    probs = np.full((3, k), 0.1 / (k - 2), np.float32)
    predicted, true = np.array([0, 1, 2]), np.array([k - 1, k - 2, k - 3])
    probs[np.arange(3), predicted], probs[np.arange(3), true] = 0.8, 0.1
    if colour:
        images = np.zeros((3, 32, 32, 3), np.uint8)
        for i in range(3):
            images[i, :, :, i] = 255
    else:
        images = np.stack([np.full((28, 28), v, np.uint8) for v in (0, 128, 255)])
    return {
        "probabilities": probs,
        "predicted": predicted,
        "true": true,
        "images": images,
        "n_mistakes": 3,
        "class_names": names,
        "digits": digits,
    }


def icon_colour(gallery: MisclassifiedGallery, row: int) -> tuple[int, int, int]:
    pixmap = gallery.list.item(row).icon().pixmap(56, 56)
    colour = pixmap.toImage().pixelColor(28, 28)
    return colour.red(), colour.green(), colour.blue()


def test_the_gallery_shows_colour_thumbnails_and_whole_class_names(qtbot):
    gallery = MisclassifiedGallery()
    qtbot.addWidget(gallery)
    gallery.resize(400, 500)
    gallery.show()
    gallery.set_mistakes(gallery_payload(CIFAR, colour=True))
    assert [icon_colour(gallery, k) for k in range(3)] == [RED, GREEN, BLUE]
    assert gallery.list.item(0).text() == "pred airplane / true truck"
    assert gallery.captions_fit()  # no caption elided
    assert gallery.title.text() == "3 misclassified test images"
    assert "automobile" in gallery.bars_caption.text() or "airplane" in gallery.bars_caption.text()
    np.testing.assert_allclose(
        gallery.bars.opts["width"], gallery_payload(CIFAR, True)["probabilities"][0]
    )
    # grey pictures stay ink on paper; digits are called digits
    gallery.set_mistakes(gallery_payload([str(d) for d in range(10)], colour=False, digits=True))
    assert icon_colour(gallery, 0) == (255, 255, 255) and icon_colour(gallery, 2) == (0, 0, 0)
    assert gallery.title.text() == "3 misclassified test digits"
    assert gallery.list.item(0).text() == "pred 0 / true 9"


def test_the_confusion_matrix_numbers_columns_whose_names_are_too_wide(qtbot):
    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    counts = np.arange(100).reshape(10, 10)
    view.set_matrix(counts, FASHION)
    rows, columns = view.tick_labels()
    assert rows[0] == "T-shirt/top · 0" and rows[9] == "Ankle boot · 9"
    assert columns == [str(i) for i in range(10)]
    assert view.plot.getPlotItem().getAxis("bottom").labelText == "predicted (class number)"
    widest = max(QFontMetrics(view.font()).horizontalAdvance(r) for r in rows)
    assert view.plot.minimumWidth() >= 10 * 30 + widest  # room for the cells and the names
    assert view.cell_tooltip(0, 6).startswith("True T-shirt/top, predicted Shirt: 6 ")
    view.set_matrix(counts, [str(d) for d in range(10)])  # digits fit their columns
    assert view.tick_labels() == ([str(d) for d in range(10)],) * 2
    assert view.plot.getPlotItem().getAxis("bottom").labelText == "predicted"


# ----- the window ----------------------------------------------------------------------------
@pytest.fixture
def cifar_window(make_window, tmp_path, qtbot):
    """A 1280×800 window training a NumPy MLP on a tiny CIFAR-10 npz (real loader)."""
    rng = np.random.default_rng(1)
    x = rng.integers(0, 256, (50, 32, 32, 3)).astype(np.uint8)
    y = (np.arange(50) % 10).astype(np.uint8)
    np.savez(tmp_path / "cifar10.npz", x_train=x[:30], y_train=y[:30], x_test=x[30:], y_test=y[30:])
    exp = Experiment(engine="numpy", model="mlp")
    exp.data.name, exp.data.path = "cifar10", str(tmp_path / "cifar10.npz")
    exp.layers = [LayerSpec(units=4, activation="relu")]
    win = make_window(exp)
    win.resize(1280, 800)
    win.show()
    return win


def test_a_cifar_window_draws_colour_and_the_draw_dock_refuses_its_model(qtbot, cifar_window):
    win = cifar_window
    panel = win.digits.panel
    note = "The window's network is for CIFAR-10, not for digits, so it is not offered here."
    qtbot.waitUntil(lambda: note in panel.model_label.text(), timeout=5000)
    trained = panel.model_combo.model().item(panel.model_combo.findData(TRAINED))
    assert not trained.isEnabled()  # not offered
    assert panel.model_in_use().startswith("Shipped model")  # the shipped digit model reads
    # inside: the first layer's weights in colour, with a tooltip on how to read them, and a
    # test image through the network in colour
    inside = win.inside.panel
    assert inside.show_test.text() == "Show test image"
    win.docks["insideNetworkDock"].raise_()
    inside.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: len(inside.weights.views()) == 1, timeout=5000)
    assert inside.weights.views()[0]["image"].shape == (65, 65, 3)  # 2 x 2 tiles of 32 x 32
    assert inside.weights.items[0].toolTip().startswith("Each tile is one filter's")
    inside.tabs.setCurrentIndex(1)
    inside.test_index.setValue(2)
    inside.show_test.click()
    qtbot.waitUntil(lambda: len(inside.activations.views()) == 3, timeout=5000)
    first = inside.activations.views()[0]
    assert first["name"] == "Input (32×32, colour)" and first["image"].shape == (32, 32, 3)
    assert f"test image #2 ({win.trainer.dataset.class_names[2]})" in inside.source.text()
    # a canvas digit means nothing to a CIFAR network: the shipped digit CNN shows it
    draw_stroke(win.digits.panel.canvas)
    qtbot.waitUntil(lambda: "shipped digit CNN" in inside.source.text(), timeout=5000)
    assert inside.activations.views()[0]["name"] == "Input (28×28)"
    # the evaluation: colour thumbnails with class names that fit at 1280x800
    win.evaluation.panel.evaluateRequested.emit()
    qtbot.waitUntil(lambda: win.evaluation.panel.evaluation() is not None, timeout=5000)
    gallery = win.evaluation.panel.gallery
    assert gallery.count() >= 1 and gallery.captions_fit()
    names = win.trainer.dataset.class_names
    assert gallery.list.item(0).text().split(" / ")[1].removeprefix("true ") in names
    # in Chinese the note is the catalogue's, built from the marked source
    win.findChild(QAction, "language-zh_CN").trigger()
    qtbot.waitUntil(lambda: not win.menuBar().actions()[0].text().isascii(), timeout=5000)
    chinese = QCoreApplication.translate("Digits", NOT_DIGITS).format(data="CIFAR-10")
    assert chinese in panel.model_label.text()
    tip = QCoreApplication.translate("Inside", COLOUR_WEIGHTS_TIP)
    assert inside.weights.items[0].toolTip() == tip


class FakeSession:
    """What `trained_digit_model` and `window_model_data` read of a TrainingSession."""

    def __init__(self, trainer: Trainer | None) -> None:
        self.trainer = trainer
        self.spec = trainer.spec if trainer is not None else None

    def call(self, fn):  # pragma: no cover - never called: nothing predicts here
        raise AssertionError("no prediction expected")


def test_the_draw_dock_offers_only_digit_networks_and_says_why_not(qtbot):
    trainer = colour_mlp()
    for name in ("fashion_mnist", "cifar10", "folder"):
        trainer.dataset.name = name  # ten classes or not, never digits
        assert trained_digit_model(FakeSession(trainer)) == (None, "")
        assert window_model_data(FakeSession(trainer)) == name
    trainer.dataset.name, trainer.dataset.n_classes = "mnist", 10
    assert trained_digit_model(FakeSession(trainer))[0] is not None
    assert window_model_data(FakeSession(trainer)) == ""
    assert window_model_data(FakeSession(None)) == ""
    panel = DigitPanel()
    qtbot.addWidget(panel)
    panel.set_window_data("fashion_mnist")
    assert "is for Fashion-MNIST, not for digits" in panel.model_label.text()
    panel.set_window_data("folder")
    assert "is for a folder of your own images, not for digits" in panel.model_label.text()
    panel.set_window_data(POINTS)
    assert "is for 2-D points, not for digits" in panel.model_label.text()
    panel.set_window_data("")
    assert "not for digits" not in panel.model_label.text() and panel.window_model_note() == ""
    panel.shutdown()


def grey_mlp(name: str) -> Trainer:
    """A NumPy MLP on ten classes of 28×28 grey images named `name`, as a digit model's shape."""
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 1, (20, 28, 28, 1)).astype(np.float32)
    y = (np.arange(20) % 10).astype(np.int64)
    names = list(IMAGE_SETS[name].class_names)
    exp = Experiment(engine="numpy", model="mlp")
    exp.data.name = name
    exp.layers = [LayerSpec(units=4, activation="relu")]
    return Trainer(exp, Dataset(name, x, y, x[:0], y[:0], x, y, 10, names, "image"))


def test_the_draw_dock_refuses_a_model_file_of_fashion_and_opens_a_digit_one(qtbot, tmp_path):
    panel = DigitPanel()
    qtbot.addWidget(panel)
    fashion, digits = tmp_path / "fashion.npz", tmp_path / "digits.npz"
    for trainer, path in ((grey_mlp("fashion_mnist"), fashion), (grey_mlp("mnist"), digits)):
        trainer.model.save(path, {"experiment": trainer.spec.to_dict()})
    panel.open_model(str(fashion))  # 784 inputs and 10 classes, but clothes
    qtbot.waitUntil(lambda: panel.problem_box is not None, timeout=5000)
    assert panel.problem_box.text() == "fashion.npz was trained on Fashion-MNIST, not on digits."
    assert panel.model_combo.findData(OPENED) < 0 and panel.model_in_use().startswith("Shipped")
    panel.open_model(str(digits))
    qtbot.waitUntil(lambda: panel.model_combo.findData(OPENED) >= 0, timeout=5000)
    assert "digits.npz" in panel.model_in_use()
    panel.shutdown()
