"""The main window as a user meets it: panels, transport, live tuning, resets, files, errors."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from engine.experiment.spec import Experiment, LayerSpec
from gui.experiment.spec_model import LIVE, STRUCTURE
from gui.window.main_window import MainWindow
from tests.keras_backend import needs_keras  # noqa: E402

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PANELS = [
    "dataPanel",
    "networkDesigner",
    "hyperparameters",
    "lossPlot",
    "accuracyPlot",
    "decisionBoundary",
]


def xor_experiment() -> Experiment:
    exp = Experiment()
    exp.data.name = "xor"
    exp.data.points = 200
    exp.training.epochs = 10_000  # never finishes on its own during a test
    return exp


@pytest.fixture
def window(make_window):
    return make_window(xor_experiment())


def action(win: MainWindow, name: str) -> QAction:
    found = win.findChild(QAction, name)
    assert found is not None, name
    return found


def train_until(qtbot, win: MainWindow, steps: int) -> None:
    action(win, "actionTrain").trigger()
    qtbot.waitUntil(lambda: win.trainer.step_count >= steps, timeout=15_000)


def test_first_launch_defaults_and_named_panels(qtbot, make_window):
    win = make_window()
    for name in PANELS:
        panel = win.findChild(QWidget, name)
        assert panel is not None, name
        assert panel.accessibleName() == name
    for name in ("actionTrain", "actionStep", "actionReset", "actionStop"):
        assert "(" in action(win, name).toolTip(), "tooltips show the shortcut"
    exp = win.spec_model.experiment
    assert exp.data.name == "circle" and [la.units for la in exp.layers] == [4, 2]
    assert win.session.state == "paused"


def test_training_xor_lowers_the_loss_and_redraws_the_boundary(qtbot, window):
    qtbot.waitUntil(lambda: window.live.boundary.image() is not None, timeout=5000)
    before = window.live.boundary.image().copy()
    train_until(qtbot, window, 400)
    curve = window.live.loss_plot.train_curve  # per-epoch training loss
    qtbot.waitUntil(lambda: curve.getOriginalDataset()[1] is not None, timeout=10_000)
    qtbot.waitUntil(lambda: len(curve.getOriginalDataset()[1]) >= 5, timeout=10_000)
    action(window, "actionTrain").trigger()  # pause
    losses = curve.getOriginalDataset()[1]
    assert losses[-1] < losses[0]
    qtbot.waitUntil(
        lambda: np.abs(window.live.boundary.image() - before).max() > 0.05, timeout=5000
    )
    assert window.status.labels["step"].text() != "Step 0"


def test_pause_holds_and_step_advances_one_batch(qtbot, window):
    train_until(qtbot, window, 30)
    action(window, "actionTrain").trigger()
    assert window.session.state == "paused"
    qtbot.wait(100)
    held = window.trainer.step_count
    qtbot.wait(300)
    assert window.trainer.step_count == held
    action(window, "actionStep").trigger()
    qtbot.waitUntil(lambda: window.trainer.step_count == held + 1, timeout=5000)
    qtbot.wait(200)
    assert window.trainer.step_count == held + 1


def test_learning_rate_slider_reaches_the_running_trainer(qtbot, window):
    trainer = window.trainer
    train_until(qtbot, window, 20)
    before = trainer.step_count
    slider = window.experiment.hyper_panel.lr.slider
    slider.setValue(slider.value() - 3)
    new_lr = window.spec_model.experiment.optimizer.lr
    assert new_lr != 0.03
    qtbot.waitUntil(lambda: trainer.spec.optimizer.lr == new_lr, timeout=5000)
    qtbot.waitUntil(lambda: trainer.step_count > before + 20, timeout=10_000)
    assert window.trainer is trainer, "lr changes must not reset the network"


def test_adding_a_layer_resets_the_network_with_a_cue(qtbot, window):
    old = window.trainer
    train_until(qtbot, window, 20)
    window.spec_model.edit(STRUCTURE, lambda exp: exp.layers.append(LayerSpec(units=3)))
    qtbot.waitUntil(lambda: window.trainer is not old and window.trainer is not None, timeout=5000)
    assert window.trainer.step_count == 0
    assert [la.units for la in window.trainer.spec.layers] == [4, 2, 3]
    assert "reset" in window.statusBar().currentMessage().lower()
    assert not window.experiment.cue.isHidden(), "the designer flashes to show the reset"
    assert old.model is not window.trainer.model


def test_invalid_live_change_is_reported_and_training_goes_on(qtbot, window):
    trainer = window.trainer
    window.spec_model.edit(LIVE, lambda exp: setattr(exp.training, "batch_size", 100_000))
    assert "batch_size" in window.statusBar().currentMessage()
    assert window.trainer is trainer
    train_until(qtbot, window, 10)


def test_closing_during_training_joins_the_thread(qtbot, window):
    train_until(qtbot, window, 10)
    assert window.session.is_running()
    window.close()
    assert not window.session.is_running()


def test_divergence_shows_a_message_and_the_window_stays_usable(qtbot, make_window):
    exp = xor_experiment()
    exp.optimizer.name, exp.optimizer.lr = "sgd", 10.0
    exp.loss, exp.output_activation = "sse", "linear"
    exp.layers = [LayerSpec(units=4, activation="tanh")]
    win = make_window(exp)
    action(win, "actionTrain").trigger()
    qtbot.waitUntil(lambda: "diverged" in win.statusBar().currentMessage(), timeout=10_000)
    assert not action(win, "actionTrain").isChecked()
    old = win.trainer
    action(win, "actionReset").trigger()
    assert win.trainer is not old or win.trainer is None
    qtbot.waitUntil(lambda: win.trainer is not None and win.trainer.step_count == 0, timeout=5000)


@needs_keras
def test_keras_engine_is_accepted_and_built_in_the_worker(qtbot, window):
    # the full Keras path (TensorFlow loading, training) is tested in test_gui_keras.py
    window.spec_model.edit(STRUCTURE, lambda exp: setattr(exp, "engine", "keras"))
    assert window.status.labels["engine"].text() == "Keras MLP"
    assert window.session.spec.engine == "keras"


def test_click_on_the_boundary_adds_a_point_and_resets(qtbot, window):
    n = window.trainer.dataset.n_train
    window.live.boundary.pointAdded.emit(1.5, -2.0)
    qtbot.waitUntil(
        lambda: window.trainer is not None and window.trainer.dataset.n_train == n + 1, timeout=5000
    )
    assert window.trainer.dataset.x_train[-1] == pytest.approx([1.5, -2.0])
    assert window.trainer.dataset.y_train[-1] == window.experiment.data_panel.current_class()
    # the point is part of the experiment, so saving and reopening keeps it
    label = window.experiment.data_panel.current_class()
    assert window.spec_model.experiment.data.added_points == [[1.5, -2.0, label]]


def test_experiment_round_trip_and_recent_files(qtbot, window, tmp_path):
    window.spec_model.edit(LIVE, lambda exp: setattr(exp.optimizer, "lr", 0.1))
    path = tmp_path / "run.json"
    assert window.files.save_experiment(path)
    window.spec_model.edit(LIVE, lambda exp: setattr(exp.optimizer, "lr", 0.01))
    assert window.files.open_experiment(path)
    assert window.spec_model.experiment.optimizer.lr == 0.1
    assert window.spec_model.experiment.data.name == "xor"
    assert str(path.resolve()) == window.files.recent_files()[0]


def test_a_corrupt_experiment_file_gives_a_message(qtbot, window, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"data": {"name": "circle", "noise": "lots"', encoding="utf-8")
    before = window.spec_model.experiment.to_dict()
    assert not window.files.open_experiment(path)
    box = window.findChild(QMessageBox, "errorMessage")
    assert box is not None and "broken.json" in box.text()
    box.close()
    assert window.spec_model.experiment.to_dict() == before


def test_model_round_trip(qtbot, window, tmp_path):
    train_until(qtbot, window, 50)
    action(window, "actionTrain").trigger()
    path = tmp_path / "model.npz"
    assert window.files.save_model(path)
    saved = [w.copy() for w, _ in window.trainer.model.dense_weights()]
    action(window, "actionReset").trigger()
    assert window.files.open_model(path)
    qtbot.waitUntil(
        lambda: window.trainer is not None and window.trainer.step_count == 0, timeout=5000
    )
    for (w, _), expected in zip(window.trainer.model.dense_weights(), saved, strict=True):
        np.testing.assert_allclose(w, expected)


def test_plots_export_png_and_csv(qtbot, window, tmp_path):
    train_until(qtbot, window, 50)
    action(window, "actionTrain").trigger()
    qtbot.wait(100)
    assert window.files.export_plot("loss", "png", tmp_path / "loss.png")
    assert window.files.export_plot("accuracy", "csv", tmp_path / "acc.csv")
    assert (tmp_path / "loss.png").stat().st_size > 0
    assert (tmp_path / "acc.csv").read_text().strip()


def test_last_experiment_and_layout_are_restored(qtbot, make_window, _isolated_settings):
    first = make_window()
    first.spec_model.edit(LIVE, lambda exp: setattr(exp.optimizer, "lr", 0.3))
    first.close()
    second = make_window()
    assert second.spec_model.experiment.optimizer.lr == 0.3
    assert QSettings(str(_isolated_settings), QSettings.Format.IniFormat).value("windowState")


def test_a_broken_stored_experiment_is_ignored_with_a_note(qtbot, make_window, _isolated_settings):
    settings = QSettings(str(_isolated_settings), QSettings.Format.IniFormat)
    settings.setValue("lastExperiment", "{not json")
    settings.sync()
    win = make_window()
    assert win.spec_model.experiment.data.name == "circle"
    assert "ignored" in win.statusBar().currentMessage()


def test_perceptron_draws_its_decision_line(qtbot, make_window):
    exp = Experiment(model="perceptron")
    exp.data.name = "gate-or"
    exp.training.batch_size = 1
    win = make_window(exp)
    qtbot.waitUntil(lambda: win.live.boundary.line.getData()[0] is not None, timeout=5000)
    xs, ys = win.live.boundary.line.getData()
    assert len(xs) == 2 and np.isfinite(ys).all()


def test_three_classes_paint_an_rgb_boundary(qtbot, make_window, tmp_path):
    rng = np.random.default_rng(0)
    rows = [
        f"{x:.3f},{y:.3f},{label}"
        for label, (cx, cy) in enumerate([(-3, -3), (3, -3), (0, 3)])
        for x, y in rng.normal((cx, cy), 0.7, (30, 2))
    ]
    path = tmp_path / "three.csv"
    path.write_text("x,y,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    exp = Experiment()
    exp.data.name, exp.data.path = "csv", str(path)
    win = make_window(exp)
    qtbot.waitUntil(lambda: win.live.boundary.image() is not None, timeout=5000)
    assert win.live.boundary.image().shape == (100, 100, 3)
    assert win.live.boundary.rgb.isVisible() and not win.live.boundary.colorbar.isVisible()
    win.live.boundary.discretize.setChecked(True)
    assert win.live.boundary.rgb.image.dtype == np.uint8


def test_slow_motion_speed_lets_a_learner_watch_each_batch(qtbot, window):
    window.transport.speed_combo.setCurrentIndex(
        window.transport.speed_combo.count() - 1
    )  # 3 batches a second
    action(window, "actionTrain").trigger()
    qtbot.waitUntil(lambda: window.trainer is not None and window.trainer.step_count >= 1)
    qtbot.wait(600)
    assert window.trainer.step_count <= 4  # not thousands
    window.transport.speed_combo.setCurrentIndex(0)  # full speed again, on the running trainer
    qtbot.waitUntil(lambda: window.trainer.step_count >= 200, timeout=15_000)
