"""The window's side of the image sets (#15): the Data panel offers Fashion-MNIST, CIFAR-10 and
an image folder beside MNIST; a set is found (or chosen, or downloaded) off the GUI thread
before the experiment changes; Data › Image folder… scans a folder with a progress bar and
Cancel, shows its classes, counts and skipped files, and uses it with the options chosen; a
refused folder changes nothing; the designer's shapes follow the set's picture size.

Nothing here downloads: finders and downloads are stand-ins, files are generated."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QPushButton

import gui.experiment.image_folder as image_folder
import gui.experiment.image_source as image_source
from engine.data.image_folder import stratified_split
from engine.experiment.spec import Experiment, LayerSpec
from gui.common.settings import app_settings
from gui.experiment.controller import check_image_layers
from gui.experiment.data_panel import DataPanel
from gui.experiment.data_split import folder_split, split_sizes
from gui.experiment.designer_panel import DesignerPanel
from gui.experiment.image_folder import LAST_FOLDER_KEY, ImageFolderDialog
from gui.experiment.image_inputs import ImageInputs
from gui.experiment.layer_list_editor import INPUT_SHAPE, image_layer_problem
from gui.experiment.relevance import ignored_settings
from gui.experiment.spec_model import SpecModel
from tests.fake_image_sets import write_cifar_folder

SHAPES = {"fashion_mnist": (28, 28, 1), "cifar10": (32, 32, 3)}
TITLES = {"fashion_mnist": "Fashion-MNIST", "cifar10": "CIFAR-10"}
# the offscreen platform says so each time a dialog opens; it means nothing here
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def xor_experiment() -> Experiment:
    exp = Experiment(engine="numpy", model="perceptron")
    exp.data.name = "xor"
    return exp


def data_panel(qtbot, exp: Experiment | None = None) -> tuple[DataPanel, SpecModel]:
    model = SpecModel(exp or xor_experiment())
    panel = DataPanel(model)
    qtbot.addWidget(panel)
    return panel, model


def write_folder(root: Path, counts: dict[str, int], side: int = 12, colour: bool = False):
    """PNGs of `side`×`side` pixels, `counts[name]` in each class sub-folder, plus a text file
    and a broken PNG that the scan must skip and name."""
    rng = np.random.default_rng(0)
    for c, (name, n) in enumerate(counts.items()):
        (root / name).mkdir(parents=True)
        for i in range(n):
            pixels = rng.integers(0, 255, (side, side, 3) if colour else (side, side))
            Image.fromarray(pixels.astype(np.uint8)).save(root / name / f"{c}_{i}.png")
    first = next(iter(counts))
    (root / first / "notes.txt").write_text("not a picture")
    (root / first / "broken.png").write_bytes(b"\x89PNG not really")
    return root


def shown_dialog(qtbot, root) -> ImageFolderDialog:
    """The folder dialog, opened on `root`'s window (a bare panel is its own)."""
    qtbot.waitUntil(lambda: root.findChild(ImageFolderDialog) is not None, timeout=10_000)
    return root.findChild(ImageFolderDialog)


def message_box(panel: DataPanel, name: str) -> QMessageBox | None:
    return panel.findChild(QMessageBox, name)


# ----- Fashion-MNIST and CIFAR-10 ---------------------------------------------------------
@pytest.mark.parametrize("name", ["fashion_mnist", "cifar10"])
def test_a_new_set_is_found_in_the_background_then_used(qtbot, monkeypatch, name):
    looked: list[tuple[str, str | None]] = []
    release = threading.Event()

    def found(set_name: str, path: str | None) -> str:
        looked.append((set_name, path))
        release.wait(5)
        return f"/data/{set_name}"

    monkeypatch.setattr(image_source, "find_source", found)
    panel, model = data_panel(qtbot)
    before = model.experiment.to_dict()
    panel.picker.setCurrentRow(panel.picker.row_of(name))
    assert model.experiment.to_dict() == before, "nothing changes before the set is found"
    assert panel.source.busy() and panel.source.source.text() == f"Looking for {TITLES[name]}…"
    release.set()
    qtbot.waitUntil(lambda: model.experiment.data.name == name, timeout=5000)
    assert looked == [(name, None)]
    exp = model.experiment
    assert exp.data.path is None and exp.data.limit == 5000  # the newcomer's first size
    assert exp.model == "mlp", "a perceptron cannot tell ten classes apart"
    assert panel.source.source.text() == f"{TITLES[name]} from /data/{name}"
    assert panel.input_shape() == SHAPES[name]
    total = {"fashion_mnist": "60,000", "cifar10": "50,000"}[name]
    assert panel.source.limit.itemText(panel.source.limit.findData(0)) == f"All {total}"
    assert panel.split_counts.text() == ""  # no network built here yet
    assert split_sizes(exp, None) == (4000, 1000, 10_000)


def test_no_copy_asks_to_choose_or_download_and_cancel_keeps_the_data(qtbot, monkeypatch):
    monkeypatch.setattr(image_source, "find_source", lambda name, path: None)
    monkeypatch.delenv("NEURAL_PLAYGROUND_CIFAR10", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: Path("/nonexistent-home")))
    panel, model = data_panel(qtbot)
    before = model.experiment.to_dict()
    panel.picker.setCurrentRow(panel.picker.row_of("cifar10"))
    qtbot.waitUntil(lambda: message_box(panel, "imageSetMissingDialog") is not None, timeout=5000)
    box = message_box(panel, "imageSetMissingDialog")
    assert box.text() == "CIFAR-10: none found. Choose a file or download it."
    assert "NEURAL_PLAYGROUND_CIFAR10" in box.informativeText()
    assert "CIFAR-10 not found" in box.detailedText()  # the engine's list of places tried
    next(b for b in box.buttons() if b.property("choice") == "cancel").click()
    assert model.experiment.to_dict() == before
    assert panel.picker.name_at(panel.picker.currentRow()) == "xor"


def test_a_download_shows_progress_and_cancel_keeps_the_data(qtbot, monkeypatch):
    monkeypatch.setattr(image_source, "find_source", lambda name, path: None)
    monkeypatch.setattr(image_source, "places_tried", lambda name, path: "none here")
    started = threading.Event()

    def slow_download(name, progress, cancelled):
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        raise RuntimeError("stopped")

    monkeypatch.setattr(image_source, "download_image_set", slow_download)
    panel, model = data_panel(qtbot)
    before = model.experiment.to_dict()
    panel.picker.setCurrentRow(panel.picker.row_of("fashion_mnist"))
    qtbot.waitUntil(lambda: message_box(panel, "imageSetMissingDialog") is not None, timeout=5000)
    box = message_box(panel, "imageSetMissingDialog")
    next(b for b in box.buttons() if b.property("choice") == "download").click()
    assert started.wait(5) and panel.source.busy()
    assert panel.source.source.text() == "Downloading Fashion-MNIST (30 MB)…"
    progress = panel.findChild(QProgressDialog, "imageSetDownload")
    assert progress.maximum() == 0, "a busy bar until the download reports a fraction"
    progress.findChild(QPushButton).click()  # Cancel
    qtbot.waitUntil(lambda: not panel.source.busy(), timeout=5000)
    assert model.experiment.to_dict() == before
    assert panel.picker.name_at(panel.picker.currentRow()) == "xor"


def test_a_finished_download_switches_to_the_set(qtbot, monkeypatch):
    monkeypatch.setattr(image_source, "find_source", lambda name, path: None)
    monkeypatch.setattr(image_source, "places_tried", lambda name, path: "none here")

    def download(name, progress, cancelled):
        progress(0.5)
        return f"/cache/{name}"

    monkeypatch.setattr(image_source, "download_image_set", download)
    panel, model = data_panel(qtbot)
    panel.picker.setCurrentRow(panel.picker.row_of("cifar10"))
    qtbot.waitUntil(lambda: message_box(panel, "imageSetMissingDialog") is not None, timeout=5000)
    box = message_box(panel, "imageSetMissingDialog")
    next(b for b in box.buttons() if b.property("choice") == "download").click()
    qtbot.waitUntil(lambda: model.experiment.data.name == "cifar10", timeout=5000)
    assert model.experiment.data.path is None  # the default search finds the download
    assert panel.source.source.text() == "CIFAR-10 from /cache/cifar10"


def test_a_chosen_batch_file_reads_its_folder_and_a_wrong_file_is_refused(
    qtbot, monkeypatch, tmp_path
):
    folder = write_cifar_folder(tmp_path / "cifar-10-batches-py")
    monkeypatch.setattr(image_source, "find_source", lambda name, path: None)
    monkeypatch.setattr(image_source, "places_tried", lambda name, path: "none here")
    chosen = [str(folder / "data_batch_1")]
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (chosen[0], ""))
    )
    panel, model = data_panel(qtbot)
    panel.picker.setCurrentRow(panel.picker.row_of("cifar10"))
    qtbot.waitUntil(lambda: message_box(panel, "imageSetMissingDialog") is not None, timeout=5000)
    box = message_box(panel, "imageSetMissingDialog")
    next(b for b in box.buttons() if b.property("choice") == "choose").click()
    qtbot.waitUntil(lambda: model.experiment.data.name == "cifar10", timeout=10_000)
    assert model.experiment.data.path == str(folder)  # the batches' folder, read whole

    bad = tmp_path / "other.npz"
    bad.write_bytes(b"not a zip")
    chosen[0] = str(bad)
    before = model.experiment.to_dict()
    panel.source.choose_button.click()
    qtbot.waitUntil(lambda: message_box(panel, "imageSetErrorDialog") is not None, timeout=10_000)
    error = message_box(panel, "imageSetErrorDialog")
    assert error.windowTitle() == "Cannot use this CIFAR-10 file"
    assert "other.npz" in error.text()  # the engine's message names the file
    assert model.experiment.to_dict() == before


# ----- an image folder --------------------------------------------------------------------
def test_the_folder_dialog_shows_classes_counts_skipped_files_and_uses_the_options(
    qtbot, monkeypatch, tmp_path
):
    root = write_folder(tmp_path / "pets", {"cats": 5, "dogs": 4}, side=12)
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(root))
    )
    panel, model = data_panel(qtbot)
    panel.folder.action.trigger()  # Data › Image folder…
    dialog = shown_dialog(qtbot, panel)
    table = dialog.classes
    rows = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert rows == [("cats", "5"), ("dogs", "4")]
    skipped = [dialog.skipped.item(i).text() for i in range(dialog.skipped.count())]
    assert any(s.startswith("cats/notes.txt: not a picture file") for s in skipped)
    assert any(s.startswith("cats/broken.png: unreadable") for s in skipped)
    assert dialog.skipped_label.text() == "Skipped files: 2"
    assert dialog.inferred.text() == "Inferred from the files: 12×12, grayscale"
    assert dialog.image_size.text() == "Inferred (12×12)"
    assert dialog.input_line.text() == "Network input: 12×12×1"
    assert model.experiment.data.name == "xor", "nothing changes before Use this folder"

    dialog.image_size.setValue(5)  # below the spec's 8 pixels: said, naming the field
    dialog.use_button.click()
    assert dialog.isVisible() and "data.image_size" in dialog.problem.text()
    dialog.image_size.setValue(16)
    dialog.color_mode.setCurrentIndex(dialog.color_mode.findData("rgb"))
    dialog.test_split.setValue(25)
    assert dialog.input_line.text() == "Network input: 16×16×3"
    dialog.use_button.click()

    data = model.experiment.data
    assert (data.name, data.path) == ("folder", str(root))
    assert (data.image_size, data.color_mode, data.test_split) == (16, "rgb", 0.25)
    assert model.experiment.model == "mlp"
    assert panel.input_shape() == (16, 16, 3)
    assert not panel.folder_row.isHidden()
    assert panel.folder_summary.text() == (
        "2 classes: cats 5, dogs 4 · 16×16, colour · 2 files skipped"
    )
    assert app_settings().value(LAST_FOLDER_KEY) == str(root)
    # the split the loader carves: round(25 %) of each class, at least one, to test; then
    # a fifth of the 7 training pictures validates
    counts = folder_split([5, 4], 0.25)
    assert counts == (7, 2)
    assert split_sizes(model.experiment, None, counts) == (6, 1, 2)


def test_a_one_class_folder_is_refused_in_the_engines_words(qtbot, monkeypatch, tmp_path):
    root = write_folder(tmp_path / "only", {"cats": 3})
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(root))
    )
    panel, model = data_panel(qtbot)
    before = model.experiment.to_dict()
    panel.picker.setCurrentRow(panel.picker.row_of("folder"))
    qtbot.waitUntil(lambda: message_box(panel, "folderRefusedDialog") is not None, timeout=5000)
    box = message_box(panel, "folderRefusedDialog")
    assert "1 class sub-folder(s) (cats); it needs at least 2" in box.text()
    assert str(root) in box.text()
    assert panel.findChild(ImageFolderDialog) is None
    assert model.experiment.to_dict() == before
    assert panel.picker.name_at(panel.picker.currentRow()) == "xor"


def test_cancelling_a_scan_keeps_the_data(qtbot, monkeypatch, tmp_path):
    started, stopped = threading.Event(), threading.Event()

    def slow_scan(path, progress, cancelled):
        started.set()
        while not cancelled():
            progress(0.1)
            threading.Event().wait(0.01)
        stopped.set()
        raise RuntimeError("cancelled")

    monkeypatch.setattr(image_folder, "scan_folder", slow_scan)
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path))
    )
    panel, model = data_panel(qtbot)
    before = model.experiment.to_dict()
    panel.picker.setCurrentRow(panel.picker.row_of("folder"))
    assert started.wait(5) and panel.folder.busy()
    progress = panel.findChild(QProgressDialog, "folderScanProgress")
    qtbot.waitUntil(lambda: progress.value() == 10, timeout=5000)
    progress.findChild(QPushButton).click()  # Cancel
    assert stopped.wait(5), "the scan is asked to stop"
    assert not panel.folder.busy()
    qtbot.wait(100)  # a result that still came would be dropped
    assert panel.findChild(ImageFolderDialog) is None
    assert model.experiment.to_dict() == before
    assert panel.picker.name_at(panel.picker.currentRow()) == "xor"


def test_a_folder_in_an_opened_experiment_is_scanned_for_its_summary(qtbot, tmp_path):
    root = write_folder(tmp_path / "pets", {"cats": 2, "dogs": 3, "fish": 2}, side=10)
    exp = xor_experiment()
    exp.model = "mlp"
    exp.data.name, exp.data.path = "folder", str(root)
    panel, _model = data_panel(qtbot, exp)
    qtbot.waitUntil(lambda: panel.input_shape() is not None, timeout=10_000)
    assert panel.input_shape() == (10, 10, 1)
    assert panel.folder_summary.text().startswith("3 classes: cats 2, dogs 3, fish 2 · 10×10")
    # round(20 %) of each class (at least one) is set aside: 4 of the 7 pictures train
    assert panel.source.limit.itemText(panel.source.limit.findData(0)) == "All 4"


def test_the_folder_split_is_the_loaders():
    counts = {"a": 7, "b": 2, "c": 11}
    labels = np.repeat(np.arange(3), list(counts.values()))
    for share in (0.05, 0.2, 0.35, 0.5):
        train, test = stratified_split(labels, share, seed=3)
        assert folder_split(counts.values(), share) == (len(train), len(test))


# ----- the designer and the checks follow the picture size -----------------------------------
def test_the_designer_shows_shapes_for_32x32x3(qtbot):
    exp = Experiment(engine="keras", model="cnn")
    exp.data.name = "cifar10"
    exp.layers = [
        LayerSpec(type="conv2d", filters=16, kernel_size=3, activation="relu"),
        LayerSpec(type="maxpool", pool_size=2, stride=2),
        LayerSpec(type="flatten"),
        LayerSpec(type="dense", units=10, activation="softmax"),
    ]
    designer = DesignerPanel(SpecModel(exp), ImageInputs())
    qtbot.addWidget(designer)
    rows = [designer.layer_editor.list.item(i).text() for i in range(4)]
    shapes = [row.split("→ ")[1] for row in rows]
    assert shapes == ["30×30×16", "15×15×16", "3600", "10"]
    assert designer.layer_editor.input_shape() == (32, 32, 3)


def test_a_cnn_that_fits_32_pixels_but_not_28_is_checked_against_the_set():
    layers = [LayerSpec(type="conv2d", filters=4, kernel_size=30, activation="relu")]
    assert image_layer_problem(layers, INPUT_SHAPE).startswith("Layer 1")
    assert image_layer_problem(layers, (32, 32, 3)) == ""
    exp = Experiment(engine="keras", model="cnn")
    exp.data.name, exp.layers = "cifar10", layers
    check_image_layers(exp, (32, 32, 3))  # no complaint
    with pytest.raises(ValueError, match="gets a 28×28×1 input"):
        check_image_layers(exp, INPUT_SHAPE)


def test_the_relevance_reasons_name_each_sets_own_split():
    exp = Experiment(model="mlp")
    exp.data.name = "cifar10"
    assert ignored_settings(exp)["ratio"] == "CIFAR-10 comes with its own 50,000 / 10,000 split."
    assert ignored_settings(exp)["noise"] == "The image set's pictures are used as they are."
    exp.data.name, exp.data.path = "folder", "/pets"
    assert "Data › Image folder…" in ignored_settings(exp)["ratio"]


def test_the_picker_offers_every_image_set_with_a_thumbnail(qtbot):
    panel, _model = data_panel(qtbot)
    for name in ("mnist", "fashion_mnist", "cifar10", "folder"):
        row = panel.picker.row_of(name)
        assert row >= 0, name
        item = panel.picker.item(row)
        assert not item.icon().isNull() and item.toolTip(), name
    assert panel.picker.item(panel.picker.row_of("folder")).text() == QCoreApplication.translate(
        "Data", "Image folder…"
    )


# ----- in the window --------------------------------------------------------------------------
def test_switching_to_cifar_shows_the_new_network_in_every_view(
    qtbot, make_window, monkeypatch, tmp_path
):
    from tests.test_views_current import assert_views_fresh, make_trained, new_trainer

    folder = write_cifar_folder(tmp_path / "cifar-10-batches-py", per_batch=8, n_test=10)
    monkeypatch.setenv("NEURAL_PLAYGROUND_CIFAR10", str(folder))
    exp = xor_experiment()
    exp.model, exp.layers = "mlp", [LayerSpec(units=6, activation="tanh")]
    exp.training.batch_size = 10
    win = make_trained(qtbot, make_window, exp)
    old = win.trainer
    picker = win.experiment.data_panel.picker
    picker.setCurrentRow(picker.row_of("cifar10"))
    qtbot.waitUntil(lambda: win.spec_model.experiment.data.name == "cifar10", timeout=10_000)
    assert_views_fresh(win, win.spec_model.experiment)
    new_trainer(qtbot, win, old)
    assert win.trainer.x_train.shape[1] == 32 * 32 * 3  # the NumPy MLP reads flat colour pixels
    assert win.experiment.designer.graph._sizes()[0] == 3072


@pytest.mark.parametrize("code", ["en", "zh_CN"])
def test_the_folder_dialog_fits_1280x800_and_shows_its_texts_whole(qtbot, tmp_path, code):
    from engine.data.image_folder import scan_image_folder
    from gui.common import i18n
    from tests.test_layout_legibility import label_problems

    counts = {f"class_{i:02d}_with_a_long_name": 2 for i in range(12)}
    root = write_folder(tmp_path / "many", counts, side=9)
    scan = scan_image_folder(root)
    i18n.install_language(code)  # the conftest puts English back
    dialog = ImageFolderDialog(str(root), scan, Experiment().data)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    hint = dialog.sizeHint()
    assert hint.width() <= 1280 and hint.height() <= 800 - 60, hint  # room for a title bar
    dialog.resize(hint)
    qtbot.wait(30)
    assert label_problems(dialog) == []
    assert dialog.classes.rowCount() == 12


def test_presets_of_another_image_set_sit_in_its_own_submenu(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMenu, QStatusBar

    from engine.experiment.presets import PRESETS, preset
    from gui.common.reporter import StatusReporter
    from gui.experiment.image_source import ImageSourceBox
    from gui.experiment.presets_menu import PresetsMenu

    def fashion_stand_in() -> Experiment:
        exp = Experiment(engine="keras", model="cnn", preset="test-fashion")
        exp.data.name = "fashion_mnist"
        return exp

    monkeypatch.setitem(PRESETS, "test-fashion", fashion_stand_in)
    current = Experiment(model="mlp")
    current.data.name, current.data.path = "cifar10", "/data/cifar-10-batches-py"
    spec_model, source, bar = SpecModel(current), ImageSourceBox(), QStatusBar()
    qtbot.addWidget(source)
    qtbot.addWidget(bar)
    asked: list[tuple[str, str | None]] = []
    monkeypatch.setattr(source, "verify", lambda name, path: asked.append((name, path)))
    presets = PresetsMenu(spec_model, source, StatusReporter(bar, bar))
    entries = presets.menu_actions["presets"]
    menus = {e.title(): e for e in entries if isinstance(e, QMenu)}
    assert list(menus) == ["Fashion-MNIST", "CIFAR-10"]
    for title, name in (("Fashion-MNIST", "fashion_mnist"), ("CIFAR-10", "cifar10")):
        listed = [a.data() for a in menus[title].actions()]
        assert listed and all(preset(p).data.name == name for p in listed), title
    top = [e.data() for e in entries if e is not None and not isinstance(e, QMenu)]
    assert "seed2-cnn" in top
    assert all(preset(p).data.name in ("mnist", "gate-or") for p in top)
    test_fashion = next(
        a for a in menus["Fashion-MNIST"].actions() if a.objectName() == "preset-test-fashion"
    )
    test_fashion.trigger()
    # another set's file is not this set's: the preset keeps its own (the default search)
    assert spec_model.experiment.data.name == "fashion_mnist"
    assert spec_model.experiment.data.path is None
    assert asked == [("fashion_mnist", None)]


def test_a_folder_chosen_in_the_window_trains(qtbot, make_window, monkeypatch, tmp_path):
    from tests.test_views_current import assert_views_fresh, new_trainer, train_steps

    root = write_folder(tmp_path / "shapes", {"dark": 10, "light": 10}, side=10)
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(root))
    )
    exp = xor_experiment()
    exp.model, exp.layers = "mlp", [LayerSpec(units=6, activation="tanh")]
    exp.training.batch_size = 50
    win = make_window(exp)
    old = win.trainer
    win.findChild(QAction, "actionImageFolder").trigger()  # Data › Image folder…
    dialog = shown_dialog(qtbot, win)
    dialog.use_button.click()
    exp = win.spec_model.experiment
    assert exp.data.name == "folder"
    # 20 pictures, 4 to test, a fifth of the 16 left to validate: batches of at most 13
    assert exp.training.batch_size == 13
    assert_views_fresh(win, exp)
    new_trainer(qtbot, win, old)
    assert win.trainer.x_train.shape == (13, 10 * 10 * 1)
    train_steps(qtbot, win, 3)
    assert "2 classes: dark 10, light 10" in win.experiment.data_panel.folder_summary.text()
