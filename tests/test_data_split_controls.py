"""The Data panel shows and edits the three sets and the coordinate scale (#12).

- The Validation slider edits data.validation_split, a new network is built on the new split,
  and the label under it shows the three counts the network was built with.
- The Coordinate scale slider edits data.input_scale; the network sees the points times it.
- A new experiment (a preset, an opened file) moves both sliders; a gate or MNIST switches off
  the one that changes nothing for it and says why.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.data.datasets import load_dataset
from engine.experiment.spec import DataSpec, Experiment, LayerSpec
from engine.training.trainer import input_scaling, model_inputs
from gui.common.relevance import IGNORED_NOTE
from gui.experiment.data_split import split_sizes, split_text
from gui.experiment.spec_model import DATA
from tests.fake_mnist import write_tiny_mnist

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _small() -> Experiment:
    exp = Experiment(data=DataSpec(name="circle", points=100))
    exp.layers = [LayerSpec(units=4, activation="tanh")]
    exp.training.batch_size = 10
    return exp


def _new_trainer(qtbot, win, old) -> None:
    qtbot.waitUntil(lambda: win.trainer is not None and win.trainer is not old, timeout=10_000)


# ----- the summary ---------------------------------------------------------------------------
def test_the_summary_counts_what_the_loader_carves():
    exp = Experiment()  # circle, 500 points, half to train, a fifth of those to validate
    assert split_text(exp, load_dataset(exp.data)) == "train 200 · validation 50 · test 250"
    exp.data.validation_split = 0.0
    text = split_text(exp, load_dataset(exp.data))
    assert text.startswith("train 250 · test 250.") and "validation uses the training rows" in text
    gate = Experiment(model="perceptron", data=DataSpec(name="gate-or"), layers=[])
    text = split_text(gate, load_dataset(gate.data))
    assert text.startswith("train 4 · test 4: the same 4 rows")
    assert "validation uses the training rows" in text
    assert split_text(exp, None) == ""  # points not built yet: nothing to count


def test_mnist_sizes_are_the_loaders(tmp_path):
    path = write_tiny_mnist(tmp_path / "mnist.npz", 60, 12)
    exp = Experiment(engine="numpy", model="mlp")
    exp.data = DataSpec(name="mnist", path=str(path), limit=50, validation_split=0.3)
    ds = load_dataset(exp.data)
    assert split_sizes(exp, None)[:2] == (len(ds.y_train), len(ds.y_val)) == (35, 15)
    exp.data.limit, exp.data.validation_split = 0, 0.2  # the real files: 60,000 and 10,000
    assert split_text(exp, None) == "train 48,000 · validation 12,000 · test 10,000"


# ----- the validation slider -----------------------------------------------------------------
def test_the_validation_slider_edits_the_split_and_the_label_follows(qtbot, make_window):
    win = make_window(_small())
    panel = win.experiment.data_panel
    assert panel.validation.value() == 0.2 and panel.validation.isEnabled()
    assert panel.split_counts.text() == "train 40 · validation 10 · test 50"
    old = win.trainer
    panel.validation.setValue(0.4)
    _new_trainer(qtbot, win, old)
    assert win.spec_model.experiment.data.validation_split == 0.4
    assert (len(win.trainer.y_train), len(win.trainer.y_val)) == (30, 20)
    assert panel.split_counts.text() == "train 30 · validation 20 · test 50"
    assert panel.validation.value_label.text() == "40 %"


def test_a_new_experiment_moves_the_sliders_and_the_label(qtbot, make_window):
    win = make_window(_small())
    panel = win.experiment.data_panel
    other = _small()
    other.data.validation_split, other.data.input_scale, other.data.points = 0.1, 100.0, 200
    old = win.trainer
    win.spec_model.replace(other)
    _new_trainer(qtbot, win, old)
    assert panel.validation.value() == 0.1 and panel.input_scale.value() == 100.0
    assert panel.input_scale.value_label.text() == "×100"
    assert panel.split_counts.text() == "train 90 · validation 10 · test 100"


def test_a_gate_switches_the_validation_slider_off_and_says_why(qtbot, make_window):
    gate = Experiment(model="perceptron", data=DataSpec(name="gate-and"), layers=[])
    gate.training.batch_size = 4
    win = make_window(gate)
    panel = win.experiment.data_panel
    assert not panel.validation.isEnabled()
    assert panel.validation.property(IGNORED_NOTE) in panel.validation.toolTip()
    assert "validation uses the training rows" in panel.split_counts.text()
    assert win.trainer.y_val is win.trainer.y_train


def test_mnist_switches_the_coordinate_scale_off(qtbot, make_window, tmp_path):
    path = write_tiny_mnist(tmp_path / "mnist.npz", 60, 20)
    exp = Experiment(engine="numpy", model="mlp", layers=[LayerSpec(units=8)])
    exp.data = DataSpec(name="mnist", path=str(path), limit=50)
    exp.training.batch_size = 10
    win = make_window(exp)
    panel = win.experiment.data_panel
    assert not panel.input_scale.isEnabled()
    assert "255" in panel.input_scale.toolTip()
    assert panel.validation.isEnabled()
    assert panel.split_counts.text() == "train 40 · validation 10 · test 10,000"


# ----- the coordinate scale ------------------------------------------------------------------
def test_the_coordinate_scale_slider_scales_what_the_network_sees(qtbot, make_window):
    win = make_window(_small())
    panel = win.experiment.data_panel
    assert panel.input_scale.value() == 1.0
    old = win.trainer
    panel.input_scale.setValue(10.0)
    _new_trainer(qtbot, win, old)
    assert win.spec_model.experiment.data.input_scale == 10.0
    trainer = win.trainer
    np.testing.assert_allclose(trainer.x_train, trainer.dataset.x_train * 10, rtol=1e-6)
    # and an edit elsewhere shows up on the slider
    win.spec_model.edit(DATA, lambda e: setattr(e.data, "input_scale", 0.01))
    assert panel.input_scale.value() == 0.01 and panel.input_scale.value_label.text() == "×0.01"


def test_standardize_cancels_the_coordinate_scale_for_every_input_but_the_sines():
    """What the inputScale explanation says of Input scaling › Standardize."""
    exp = Experiment(data=DataSpec(name="circle", points=200, scale="standardize"))
    exp.data.features = ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]
    x = load_dataset(exp.data).x_train

    def seen(k: float) -> np.ndarray:
        exp.data.input_scale = k
        return model_inputs(exp, x, input_scaling(exp, x))

    one, hundred = seen(1.0), seen(100.0)
    np.testing.assert_allclose(one[:, :5], hundred[:, :5], rtol=1e-3, atol=1e-3)
    assert not np.allclose(one[:, 5:], hundred[:, 5:], atol=0.1)
