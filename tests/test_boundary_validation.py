"""The decision boundary draws the validation points apart from the training and test points,
says which symbol is which, and stays current after a data change, a preset and a reset (#12)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QAction

from engine.data.datasets import load_dataset
from engine.experiment.spec import DataSpec, Experiment, LayerSpec
from gui.live.boundary_panel import BoundaryPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _positions(item) -> np.ndarray:
    x, y = item.getData()
    return np.zeros((0, 2)) if x is None else np.column_stack([x, y])


def _small(points: int = 100, validation: float = 0.2) -> Experiment:
    exp = Experiment(data=DataSpec(name="circle", points=points, validation_split=validation))
    exp.layers = [LayerSpec(units=4, activation="tanh")]
    exp.training.batch_size = 10
    return exp


def _new_trainer(qtbot, win, old) -> None:
    qtbot.waitUntil(lambda: win.trainer is not None and win.trainer is not old, timeout=10_000)


def test_validation_points_are_diamonds_beside_train_circles_and_test_rings(qtbot):
    panel = BoundaryPanel()
    qtbot.addWidget(panel)
    ds = load_dataset(DataSpec(name="circle", points=100))
    panel.set_dataset(ds)
    np.testing.assert_array_equal(_positions(panel.val_points), ds.x_val)
    np.testing.assert_array_equal(_positions(panel.train_points), ds.x_train)
    symbols = {
        name: {sym or item.opts["symbol"] for sym in item.data["symbol"]}
        for name, item in (
            ("train", panel.train_points),
            ("val", panel.val_points),
            ("test", panel.test_points),
        )
    }
    assert symbols["val"] == {"d"} and symbols["train"] == symbols["test"] == {"o"}
    assert panel.show_validation.isChecked() and not panel.show_test.isChecked()
    assert panel.legend.text() == "● train 40 · ◆ validation 10 · ○ test 50 (hidden)"


def test_the_toggles_hide_each_set_and_the_legend_says_so(qtbot):
    panel = BoundaryPanel()
    qtbot.addWidget(panel)
    panel.set_dataset(load_dataset(DataSpec(name="circle", points=100)))
    panel.show_validation.setChecked(False)
    panel.show_test.setChecked(True)
    assert not panel.val_points.isVisible() and panel.test_points.isVisible()
    assert panel.legend.text() == "● train 40 · ◆ validation 10 (hidden) · ○ test 50"
    panel.set_dataset(None)  # images: no plane, no points, no legend
    assert len(_positions(panel.val_points)) == 0 and panel.legend.text() == ""


def test_the_validation_points_follow_data_changes_presets_and_resets(qtbot, make_window):
    win = make_window(_small())
    boundary, data = win.live.boundary, win.experiment.data_panel
    assert len(_positions(boundary.val_points)) == 10
    old = win.trainer
    data.validation.setValue(0.4)  # a data change: a new split
    _new_trainer(qtbot, win, old)
    np.testing.assert_array_equal(_positions(boundary.val_points), win.trainer.dataset.x_val)
    assert len(win.trainer.dataset.x_val) == 20 and "◆ validation 20" in boundary.legend.text()

    old = win.trainer
    gate = Experiment(model="perceptron", data=DataSpec(name="gate-xor"), layers=[])
    gate.training.batch_size = 4
    win.spec_model.replace(gate)  # as a preset or an opened file does
    _new_trainer(qtbot, win, old)
    assert len(_positions(boundary.val_points)) == 0
    assert "no validation points: the training points validate" in boundary.legend.text()

    old = win.trainer
    win.spec_model.replace(_small(points=200, validation=0.1))
    _new_trainer(qtbot, win, old)
    old = win.trainer
    win.findChild(QAction, "actionReset").trigger()
    _new_trainer(qtbot, win, old)
    np.testing.assert_array_equal(_positions(boundary.val_points), win.trainer.dataset.x_val)
    assert len(win.trainer.dataset.x_val) == 10
    assert boundary.legend.text().startswith("● train 90 · ◆ validation 10 · ○ test 100")
