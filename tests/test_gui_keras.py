"""The Keras engine in the window: TensorFlow loads off the GUI thread, Keras trains through
model.fit on the worker thread (pause, step, stop), MNIST is found or explained, the presets
fill the designer, and the evaluation panel shows what the network gets wrong.

Tiny synthetic digits keep it quick: ten classes, each a bright bar in its own place.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.experiment.spec import Experiment, LayerSpec
from engine.keras_import import BACKEND_TITLES
from gui.window.main_window import MainWindow
from tests.fake_mnist import write_tiny_mnist  # noqa: E402
from tests.keras_backend import BACKEND, KERAS_MARKS

ROOT = Path(__file__).resolve().parents[1]
TF_TIMEOUT = 90_000  # ms: the first Keras import and trace take seconds on 2 shared cores

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning"),  # Keras
    *KERAS_MARKS,
]


@pytest.fixture
def tiny_mnist(tmp_path) -> Path:
    """300 training and 100 test digits, 6 test labels wrong."""
    return write_tiny_mnist(tmp_path / "tiny_mnist.npz", 300, 100, wrong_test_labels=6)


def action(win: MainWindow, name: str) -> QAction:
    found = win.findChild(QAction, name)
    assert found is not None, name
    return found


def dialog(win: MainWindow, name: str) -> QMessageBox | None:
    return win.findChild(QMessageBox, name)


def image_experiment(path: Path, model: str = "cnn", epochs: int = 1) -> Experiment:
    exp = Experiment(engine="keras" if model == "cnn" else "numpy", model=model)
    exp.data.name, exp.data.path = "mnist", str(path)
    if model == "cnn":
        exp.layers = [
            LayerSpec(type="conv2d", filters=4, kernel_size=3, activation="relu"),
            LayerSpec(type="maxpool", pool_size=2, stride=2),
            LayerSpec(type="dense", units=16, activation="relu"),
        ]
    else:
        exp.layers = [LayerSpec(units=16, activation="relu")]
    exp.optimizer.lr = 0.01
    exp.training.batch_size = 20
    exp.training.epochs = epochs
    return exp


def test_keras_mlp_trains_in_the_window_and_the_loss_falls(qtbot, make_window):
    exp = Experiment(engine="keras", model="mlp", device="gpu")
    exp.data.name, exp.data.points = "xor", 200
    exp.layers = [LayerSpec(units=8, activation="tanh")]
    exp.training.epochs = 25
    win = make_window(exp)
    model = win.trainer.model
    shown = f"{model.device} · {BACKEND_TITLES[BACKEND]}"  # e.g. "cpu · TensorFlow"
    qtbot.waitUntil(lambda: win.status.labels["device"].text() == shown, timeout=5000)
    if model.note:  # no GPU here: the request falls back to the CPU and says so
        assert model.device == "cpu" and "No GPU" in win.statusBar().currentMessage()
    action(win, "actionTrain").trigger()
    qtbot.waitUntil(lambda: win.session.state == "finished", timeout=TF_TIMEOUT)
    history = win.trainer.history
    assert len(history) == 25 and history[-1].loss < 0.8 * history[0].loss
    assert win.live.boundary.image() is not None  # 2-D data: the boundary is drawn
    qtbot.waitUntil(lambda: win.evaluation.panel.evaluation() is not None, timeout=10_000)
    confusion = win.evaluation.panel.confusion.counts()
    assert confusion.shape == (2, 2) and confusion.sum() == len(win.trainer.y_test)


def test_a_small_cnn_trains_an_epoch_and_fills_the_evaluation_panel(qtbot, make_window, tiny_mnist):
    win = make_window(image_experiment(tiny_mnist))
    assert not win.live.boundary.isEnabled()  # images: no decision plane
    assert win.windowTitle().endswith("CNN of 3 layers")
    action(win, "actionTrain").trigger()
    qtbot.waitUntil(lambda: win.evaluation.panel.evaluation() is not None, timeout=TF_TIMEOUT)
    ev = win.evaluation.panel.evaluation()
    assert win.trainer.epochs_done == 1 and ev["epoch"] == 1
    assert win.evaluation.panel.confusion.counts().sum() == ev["n_test"] == 100
    assert ev["n_mistakes"] >= 1  # six test labels are wrong
    gallery = win.evaluation.panel.gallery
    assert gallery.count() == min(ev["n_mistakes"], 48)
    assert gallery.list.item(0).text().startswith("pred ")
    gallery.list.setCurrentRow(gallery.count() - 1)
    lengths = gallery.bars.opts["width"]  # horizontal bars, one per class
    assert np.allclose(lengths, ev["probabilities"][gallery.count() - 1])
    assert "Test accuracy" in win.evaluation.panel.accuracy.text()


def test_pause_blocks_keras_batches_tasks_still_run_and_stop_joins(
    qtbot, make_window, tiny_mnist, tmp_path
):
    exp = image_experiment(tiny_mnist, epochs=1000)
    exp.engine = "keras"
    exp.layers = [LayerSpec(units=16, activation="relu")]
    exp.data.limit = 100
    exp.training.batch_size = 10  # ten batches an epoch
    win = make_window(exp)
    trainer = win.trainer
    action(win, "actionTrain").trigger()
    qtbot.waitUntil(lambda: trainer.step_count >= 30, timeout=TF_TIMEOUT)
    action(win, "actionTrain").trigger()  # pause
    assert win.session.state == "paused"
    qtbot.wait(300)  # the batch in flight ends and reports
    paused_at = trainer.step_count
    qtbot.wait(500)
    assert trainer.step_count == paused_at, "no batch may run while paused"
    action(win, "actionStep").trigger()
    qtbot.waitUntil(lambda: trainer.step_count == paused_at + 1, timeout=10_000)
    win.evaluation.panel.clear()  # a posted task runs inside the paused fit
    win.evaluation.panel.evaluate_button.click()
    qtbot.waitUntil(lambda: win.evaluation.panel.evaluation() is not None, timeout=10_000)
    assert trainer.step_count == paused_at + 1
    action(win, "actionTrain").trigger()  # resume
    qtbot.waitUntil(lambda: trainer.step_count > paused_at + 20, timeout=10_000)
    assert win.session.stop_and_wait(2000), "stop must end a Keras fit within two seconds"
    assert trainer.stopped == "interrupted"
    # a stopped Keras model is still evaluated and saved, in a thread other than the GUI's
    win.evaluation.panel.clear()
    win.evaluation.panel.evaluate_button.click()
    qtbot.waitUntil(lambda: win.evaluation.panel.evaluation() is not None, timeout=10_000)
    assert win.files.save_model(tmp_path / "stopped")
    assert (tmp_path / "stopped.keras").is_file()


def test_mnist_not_found_explains_and_keeps_the_experiment(
    qtbot, make_window, tmp_path, monkeypatch
):
    import gui.experiment.image_source

    monkeypatch.delenv("NEURAL_PLAYGROUND_MNIST", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "home"))

    def offline(_name, _progress, _cancelled) -> None:
        raise OSError("no network")

    monkeypatch.setattr(gui.experiment.image_source, "download_image_set", offline)
    exp = Experiment()
    exp.data.name = "xor"
    win = make_window(exp)
    before, trainer = win.spec_model.experiment.to_json(), win.trainer
    picker = win.experiment.data_panel.picker
    picker.setCurrentRow(picker.row_of("mnist"))
    qtbot.waitUntil(lambda: dialog(win, "imageSetMissingDialog") is not None, timeout=10_000)
    box = win.findChild(QMessageBox, "imageSetMissingDialog")
    assert "NEURAL_PLAYGROUND_MNIST" in box.informativeText()
    assert "Choose file" in box.informativeText() and "not found" in box.detailedText()
    download = next(b for b in box.buttons() if b.property("choice") == "download")
    download.click()
    qtbot.waitUntil(lambda: dialog(win, "imageSetErrorDialog") is not None, timeout=10_000)
    error = win.findChild(QMessageBox, "imageSetErrorDialog")
    assert "no network" in error.text() and "NEURAL_PLAYGROUND_MNIST" in error.text()
    assert win.spec_model.experiment.to_json() == before and win.trainer is trainer
    assert picker.name_at(picker.currentRow()) == "xor"


def test_choose_file_loads_mnist_for_the_numpy_mlp(qtbot, make_window, tiny_mnist, monkeypatch):
    monkeypatch.delenv("NEURAL_PLAYGROUND_MNIST", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tiny_mnist.parent / "home"))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(tiny_mnist), ""))
    )
    exp = Experiment()
    exp.data.name = "xor"
    exp.training.epochs = 1
    win = make_window(exp)
    picker = win.experiment.data_panel.picker
    picker.setCurrentRow(picker.row_of("mnist"))
    qtbot.waitUntil(lambda: dialog(win, "imageSetMissingDialog") is not None, timeout=10_000)
    box = win.findChild(QMessageBox, "imageSetMissingDialog")
    next(b for b in box.buttons() if b.property("choice") == "choose").click()
    qtbot.waitUntil(lambda: win.spec_model.experiment.data.name == "mnist", timeout=10_000)
    data = win.spec_model.experiment.data
    assert data.path == str(tiny_mnist) and data.limit == 5000  # the newcomer's default
    qtbot.waitUntil(
        lambda: win.trainer is not None and win.trainer.dataset.is_image, timeout=10_000
    )
    # the NumPy MLP reads flattened digits: 300, less a fifth held back to validate
    assert win.trainer.x_train.shape == (240, 784)
    action(win, "actionTrain").trigger()
    qtbot.waitUntil(lambda: win.evaluation.panel.evaluation() is not None, timeout=20_000)
    assert win.evaluation.panel.gallery.count() >= 1


def test_presets_menu_loads_seed2_cnn_into_the_designer(
    qtbot, make_window, tiny_mnist, monkeypatch
):
    monkeypatch.setenv("NEURAL_PLAYGROUND_MNIST", str(tiny_mnist))
    win = make_window(image_experiment(tiny_mnist))
    action(win, "preset-seed2-cnn").trigger()
    exp = win.spec_model.experiment
    assert (exp.preset, exp.engine, exp.model) == ("seed2-cnn", "keras", "cnn")
    editor = win.experiment.designer.layer_editor
    assert not editor.isHidden() and editor.list.count() == 6
    assert editor.list.item(0).text().startswith("1. Conv 32@5×5")
    assert editor.list.item(4).text().endswith("→ 1024")
    qtbot.waitUntil(
        lambda: win.trainer is not None and win.trainer.spec.preset == "seed2-cnn",
        timeout=TF_TIMEOUT,
    )
    editor.list.setCurrentRow(5)  # the dropout: add a dense below it, move it up, remove it
    dense = next(a for a in editor.add_menu.actions() if a.data() == "dense")
    dense.trigger()
    assert [la.type for la in exp.layers][-2:] == ["dropout", "dense"]
    editor.up_button.click()
    assert [la.type for la in exp.layers][-2:] == ["dense", "dropout"]
    editor.remove_button.click()
    assert len(exp.layers) == 6 and exp.layers[-1].type == "dropout"


def test_layer_shapes_follow_keras_and_a_vanishing_cnn_is_refused_by_name(qtbot, make_window):
    from engine.experiment.presets import preset
    from gui.experiment.layer_list_editor import output_shapes

    shapes = output_shapes(preset("seed2-cnn").layers)
    assert shapes == ["24×24×32", "12×12×32", "10×10×64", "5×5×64", "1024", "1024"]
    exp = Experiment()  # a valid window first, then a CNN that pools its image away
    win = make_window(exp)
    trainer = win.trainer
    bad = preset("lenet5")
    bad.layers[1] = LayerSpec(type="avgpool", pool_size=8, stride=8)
    win.spec_model.replace(bad)
    assert win.statusBar().currentMessage().startswith("Layer 3 (Conv 16@5×5")  # 3×3 left
    assert win.trainer is trainer  # the running network is kept


GUI_THREAD_CHECK = """
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gui.window.main_window import MainWindow
win = MainWindow()
loaded = {"keras", "tensorflow", "jax", "torch"} & set(sys.modules)
report = {"backend_after_window": sorted(loaded)}
ticks = []
timer = QTimer()
timer.setInterval(10)
timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
timer.start()
start = time.perf_counter()
win.experiment.designer.engine.setCurrentIndex(win.experiment.designer.engine.findData("keras:mlp"))
report["status"] = win.statusBar().currentMessage()
while not (win.trainer is not None and win.trainer.spec.engine == "keras"):
    app.processEvents()
    time.sleep(0.002)
    if time.perf_counter() - start > 120:
        break
ticks = [start] + ticks + [time.perf_counter()]
report["load_s"] = ticks[-1] - start
report["ticks"] = len(ticks) - 2
report["max_gap_s"] = max(b - a for a, b in zip(ticks, ticks[1:]))
report["device"] = win.status.labels["device"].text()
win.close()
print("REPORT" + json.dumps(report))
"""


def test_tensorflow_loads_off_the_gui_thread_and_the_window_stays_responsive(tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NEURAL_PLAYGROUND_SETTINGS": str(tmp_path / "settings.ini"),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(GUI_THREAD_CHECK)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("REPORT")), None)
    assert line is not None, done.stderr[-3000:]
    report = json.loads(line.removeprefix("REPORT"))
    assert not report["backend_after_window"], "building the window must not import Keras"
    assert f"Loading Keras on {BACKEND_TITLES[BACKEND]}" in report["status"]
    # the timer kept ticking through the import: no stall of more than half the loading time
    assert report["ticks"] >= 10 and report["max_gap_s"] < max(0.5, report["load_s"] / 2)
