"""Regression in the window: choosing Plane switches the loss, the heatmap, the R² plot and the
evaluation; choosing a classification data set again brings the class views back."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QAction

from engine.experiment.spec import Experiment
from gui.live.boundary_panel import VALUE_LEVELS, value_colors

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _choose(qtbot, win, name: str) -> None:
    picker = win.experiment.data_panel.picker
    before = win.trainer
    picker.setCurrentRow(picker.row_of(name))
    qtbot.waitUntil(lambda: win.trainer is not None and win.trainer is not before, timeout=10_000)


def test_choosing_plane_shows_the_regression_views_and_circle_restores_them(qtbot, make_window):
    exp = Experiment()
    exp.loss = "binary_crossentropy"  # the user's class loss, to come back to
    exp.training.epochs = 10_000
    win = make_window(exp)
    live, evaluation = win.live, win.evaluation.panel

    _choose(qtbot, win, "plane")
    spec = win.spec_model.experiment
    assert spec.data.task == "regression" and spec.loss == "mse"
    assert win.experiment.data_panel.class_box.isHidden()  # no classes to click in
    assert not win.experiment.hyper_panel.loss.isEnabled()  # MSE is the only loss there
    assert live.accuracy_plot.plot_item.getAxis("left").labelText == "R²"
    assert live.accuracy_dock.windowTitle() == "R²"
    assert live.boundary_dock.windowTitle() == "Predicted value"
    assert tuple(live.boundary.colorbar.levels()) == VALUE_LEVELS
    assert live.boundary.colorbar.axis.labelText == "predicted value"
    # the points wear their target's colour: the train point with the largest target is bluest
    data = win.trainer.dataset
    brushes = live.boundary.train_points.data["brush"]
    top = int(np.argmax(data.y_train))
    assert brushes[top].color().name() == value_colors(data.y_train[[top]])[0].name()

    # the heatmap is the predicted value: a continuous grid in the network's output units
    qtbot.waitUntil(lambda: live.boundary.image() is not None, timeout=5000)
    win.findChild(QAction, "actionTrain").trigger()
    qtbot.waitUntil(lambda: win.trainer.epochs_done >= 10, timeout=15_000)
    win.findChild(QAction, "actionTrain").trigger()  # pause
    qtbot.waitUntil(lambda: win.session.state == "paused", timeout=5000)
    grid = live.boundary.image()
    assert grid.ndim == 2 and grid.dtype == np.float32
    # (x1 + x2) / 10 is +1.2 and -1.2 in the corners (the redraw may lag one frame)
    qtbot.waitUntil(lambda: live.boundary.image()[-1, -1] > 0.5, timeout=5000)
    assert live.boundary.image()[0, 0] < -0.5
    live.boundary.discretize.setChecked(True)  # Playground's discretize: the sign, -1 or +1
    assert set(np.unique(live.boundary.heat.image)) == {-1.0, 1.0}
    live.boundary.discretize.setChecked(False)
    curve = live.accuracy_plot.val_curve
    qtbot.waitUntil(lambda: curve.getOriginalDataset()[1] is not None, timeout=5000)
    assert curve.getOriginalDataset()[1][-1] > 0.9  # R² of the validation rows
    qtbot.waitUntil(lambda: evaluation.evaluation() is not None, timeout=10_000)
    assert evaluation.matrix_scroll.isHidden() and not evaluation.scores.isHidden()
    assert "R²" in evaluation.accuracy.text() and "MAE" in evaluation.scores.text()

    _choose(qtbot, win, "circle")
    spec = win.spec_model.experiment
    assert spec.data.task == "classification" and spec.loss == "binary_crossentropy"
    assert not win.experiment.data_panel.class_box.isHidden()
    assert win.experiment.hyper_panel.loss.isEnabled()
    assert live.accuracy_plot.plot_item.getAxis("left").labelText == "accuracy"
    assert live.accuracy_dock.windowTitle() == "Accuracy"
    assert live.boundary_dock.windowTitle() == "Decision boundary"
    assert tuple(live.boundary.colorbar.levels()) == (0.0, 1.0)
    assert not evaluation.matrix_scroll.isHidden() and evaluation.scores.isHidden()
    assert "accuracy" in evaluation.accuracy.text()
