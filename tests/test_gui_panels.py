"""The Data, Network designer and Hyperparameters panels edit the one experiment with the right
kind of change, re-read a replaced experiment silently, and the network graph draws weights."""

from __future__ import annotations

import functools
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
)

from engine.experiment.spec import FEATURES, Experiment, LayerSpec  # noqa: E402
from gui.experiment.data_panel import DataPanel  # noqa: E402
from gui.experiment.designer_panel import DesignerPanel  # noqa: E402
from gui.experiment.hyper_panel import HyperPanel  # noqa: E402
from gui.experiment.network_graph import BLUE, ORANGE, NetworkGraph  # noqa: E402
from gui.experiment.spec_model import DATA, LIVE, STRUCTURE, SpecModel  # noqa: E402
from gui.help.explanations import apply_explanations


class Recorder:
    """Collects the kinds of `SpecModel.changed`."""

    def __init__(self, spec_model: SpecModel) -> None:
        self.kinds: list[str] = []
        spec_model.changed.connect(self.kinds.append)


@pytest.fixture
def spec_model() -> SpecModel:
    return SpecModel(Experiment())


def _make(qtbot, cls, spec_model):
    panel = cls(spec_model)
    qtbot.addWidget(panel)
    return panel, Recorder(spec_model)


def _move_to(slider, value: float) -> None:
    slider.slider.setValue(slider.values().index(value))


@pytest.mark.parametrize(
    ("cls", "name"),
    [(DataPanel, "dataPanel"), (DesignerPanel, "networkDesigner"), (HyperPanel, "hyperparameters")],
)
def test_panels_have_object_and_accessible_names(qtbot, spec_model, cls, name):
    panel, _ = _make(qtbot, cls, spec_model)
    assert panel.objectName() == name
    assert panel.accessibleName() == name


# ----- Data panel ---------------------------------------------------------------------------
def test_data_sliders_are_data_edits(qtbot, spec_model):
    panel, rec = _make(qtbot, DataPanel, spec_model)
    _move_to(panel.noise, 25)
    _move_to(panel.ratio, 70)
    _move_to(panel.points, 200)
    data = spec_model.experiment.data
    assert (data.noise, data.train_ratio, data.points) == (25, 70, 200)
    assert rec.kinds == [DATA, DATA, DATA]
    assert panel.ratio.value_label.text() == "70 %"


def test_dragging_a_data_slider_commits_throttled_then_on_release(qtbot, spec_model):
    panel, rec = _make(qtbot, DataPanel, spec_model)
    panel.noise.slider.setSliderDown(True)
    for pos in range(1, 8):  # a fast drag: the first stop edits at once, the rest wait
        panel.noise.slider.setValue(pos)
    assert rec.kinds == [DATA]
    assert panel.noise.value_label.text() == "35"  # the label follows the handle live
    panel.noise.slider.setSliderDown(False)  # release: the final value is committed
    assert rec.kinds == [DATA, DATA]
    assert spec_model.experiment.data.noise == 35


def test_regenerate_draws_a_new_seed(qtbot, spec_model):
    panel, rec = _make(qtbot, DataPanel, spec_model)
    seed = spec_model.experiment.data.seed
    qtbot.mouseClick(panel.regenerate, Qt.MouseButton.LeftButton)
    assert spec_model.experiment.data.seed != seed
    assert rec.kinds == [DATA]


def test_dataset_picker_switches_data_and_offers_mnist(qtbot, spec_model):
    panel, rec = _make(qtbot, DataPanel, spec_model)
    with qtbot.waitSignal(spec_model.changed, check_params_cb=lambda kind: kind == DATA):
        panel.picker.setCurrentRow(panel.picker.row_of("spiral"))
    assert spec_model.experiment.data.name == "spiral"
    mnist = panel.picker.item(panel.picker.row_of("mnist"))
    assert mnist.flags() & Qt.ItemFlag.ItemIsEnabled  # loading it: tests/test_gui_keras.py
    panel.picker.setCurrentRow(panel.picker.row_of("gate-xor"))  # fixed 4 points
    assert not panel.points.isEnabled() and not panel.regenerate.isEnabled()


def test_shrinking_the_data_clamps_the_batch_size(qtbot, spec_model):
    panel, _ = _make(qtbot, DataPanel, spec_model)
    hyper = HyperPanel(spec_model)
    qtbot.addWidget(hyper)
    spec_model.experiment.training.batch_size = 100
    _move_to(panel.points, 20)  # 50 % of 20 points: 10, of which 2 validate: 8 to train
    assert spec_model.experiment.training.batch_size == 8
    assert max(hyper.batch.values()) == 8
    spec_model.experiment.validate()


def test_bad_csv_is_refused_with_a_message_and_changes_nothing(
    qtbot, spec_model, tmp_path, monkeypatch
):
    panel, rec = _make(qtbot, DataPanel, spec_model)
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y,label\n0,0,a\n1,oops,b\n", encoding="utf-8")
    warnings: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text)
    )
    before = spec_model.experiment.to_dict()
    panel.picker.setCurrentRow(panel.picker.row_of("csv"))
    qtbot.waitUntil(lambda: bool(warnings), timeout=5000)  # read off the GUI thread
    assert len(warnings) == 1 and "bad.csv" in warnings[0] and "line 3" in warnings[0]
    assert spec_model.experiment.to_dict() == before and rec.kinds == []
    assert panel.picker.name_at(panel.picker.currentRow()) == "circle"


def test_good_csv_becomes_the_data(qtbot, spec_model, tmp_path, monkeypatch):
    panel, rec = _make(qtbot, DataPanel, spec_model)
    good = tmp_path / "points.csv"
    good.write_text("0,0,0\n1,1,1\n0,1,1\n1,0,0\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    panel.picker.setCurrentRow(panel.picker.row_of("csv"))
    qtbot.waitUntil(lambda: spec_model.experiment.data.name == "csv", timeout=5000)
    assert (spec_model.experiment.data.name, spec_model.experiment.data.path) == ("csv", str(good))
    assert rec.kinds == [DATA]
    assert panel.csv_label.text() == "points.csv"


def test_class_selector(qtbot, spec_model):
    panel, _ = _make(qtbot, DataPanel, spec_model)
    assert panel.current_class() == 0
    with qtbot.waitSignal(panel.currentClassChanged, check_params_cb=lambda c: c == 1):
        panel.class_group.button(1).click()
    assert panel.current_class() == 1


# ----- Hyperparameters panel ----------------------------------------------------------------
def test_lr_slider_is_log_scaled_and_live(qtbot, spec_model):
    panel, rec = _make(qtbot, HyperPanel, spec_model)
    panel.lr.slider.setValue(panel.lr.slider.minimum())
    assert spec_model.experiment.optimizer.lr == pytest.approx(1e-5)
    panel.lr.slider.setValue(panel.lr.slider.maximum())
    assert spec_model.experiment.optimizer.lr == 10
    mid = panel.lr.values()[panel.lr.slider.maximum() // 2]
    assert 1e-3 < mid < 1e-1  # geometric, not arithmetic, middle
    assert set(rec.kinds) == {LIVE}


@pytest.mark.parametrize(
    ("attr", "value", "read", "kind"),
    [
        ("momentum", 0.5, lambda e: e.optimizer.momentum, LIVE),
        ("batch", 25, lambda e: e.training.batch_size, LIVE),
        ("epochs", 500, lambda e: e.training.epochs, LIVE),
        ("l1", 0.003, lambda e: e.training.l1, LIVE),
        ("l2", 0.3, lambda e: e.training.l2, LIVE),
        ("patience", 10, lambda e: e.training.early_stopping, LIVE),
        ("dropout", 0.25, lambda e: e.training.dropout, STRUCTURE),
    ],
)
def test_hyper_sliders_edit_with_the_right_kind(qtbot, spec_model, attr, value, read, kind):
    panel, rec = _make(qtbot, HyperPanel, spec_model)
    _move_to(getattr(panel, attr), value)
    assert read(spec_model.experiment) == pytest.approx(value)
    assert rec.kinds == [kind]


def test_hyper_combos_and_seed_are_structure_edits(qtbot, spec_model):
    panel, rec = _make(qtbot, HyperPanel, spec_model)
    panel.optimizer.setCurrentIndex(panel.optimizer.findData("nesterov"))
    panel.loss.setCurrentIndex(panel.loss.findData("mse"))
    panel.init.setCurrentIndex(panel.init.findData("he"))
    panel.seed.setValue(42)
    exp = spec_model.experiment
    assert (exp.optimizer.name, exp.loss, exp.training.init, exp.seed) == (
        "nesterov",
        "mse",
        "he",
        42,
    )
    assert rec.kinds == [STRUCTURE] * 4
    assert panel.momentum.isEnabled()
    assert panel.loss.currentText() == "Mean squared error"
    apply_explanations(panel)  # the texts live in resources/explanations.json
    for widget in (panel.lr, panel.batch, panel.l1, panel.dropout, panel.optimizer, panel.seed):
        assert widget.toolTip() and widget.whatsThis()


def test_batch_size_never_exceeds_the_training_set(qtbot):
    spec_model = SpecModel(Experiment())
    spec_model.experiment.data.points = 40  # 50 %: 20, less 4 to validate: 16 to train
    panel, _ = _make(qtbot, HyperPanel, spec_model)
    assert max(panel.batch.values()) == 16


# ----- Network designer ---------------------------------------------------------------------
def test_layer_buttons_and_unit_steppers_edit_layers(qtbot, spec_model):
    panel, rec = _make(qtbot, DesignerPanel, spec_model)
    qtbot.mouseClick(panel.layer_count.plus, Qt.MouseButton.LeftButton)
    assert [la.units for la in spec_model.experiment.layers] == [4, 2, 2]
    assert len(panel._rows) == 3
    qtbot.mouseClick(panel._rows[0].units.plus, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel._rows[2].units.minus, Qt.MouseButton.LeftButton)
    assert [la.units for la in spec_model.experiment.layers] == [5, 2, 1]
    panel._rows[1].activation.setCurrentIndex(panel._rows[1].activation.findData("relu"))
    assert spec_model.experiment.layers[1].activation == "relu"
    qtbot.mouseClick(panel.layer_count.minus, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.layer_count.minus, Qt.MouseButton.LeftButton)
    assert [la.units for la in spec_model.experiment.layers] == [5]
    assert len(panel._rows) == 1
    assert set(rec.kinds) == {STRUCTURE} and len(rec.kinds) == 6
    assert panel.graph._sizes() == [2, 5, 2]  # the graph follows the design


def test_last_feature_cannot_be_unchecked(qtbot, spec_model):
    panel, rec = _make(qtbot, DesignerPanel, spec_model)
    x1, x2 = panel.features.button(0), panel.features.button(1)
    x2.click()
    assert spec_model.experiment.data.features == ["x1"]
    messages: list[str] = []
    panel.statusMessage.connect(messages.append)
    x1.click()
    assert x1.isChecked() and spec_model.experiment.data.features == ["x1"]
    assert messages and "at least one" in messages[0]
    panel.features.button(FEATURES.index("sin_x2")).click()
    assert spec_model.experiment.data.features == ["x1", "sin_x2"]
    assert rec.kinds == [STRUCTURE, STRUCTURE]


def test_perceptron_disables_the_layer_editor(qtbot, spec_model):
    panel, rec = _make(qtbot, DesignerPanel, spec_model)
    panel.engine.setCurrentIndex(panel.engine.findData("numpy:perceptron"))
    exp = spec_model.experiment
    assert (exp.engine, exp.model) == ("numpy", "perceptron") and rec.kinds == [STRUCTURE]
    assert not panel.layer_count.isEnabled()
    assert "no hidden layers" in panel.layers_note.text()
    panel.rule.setCurrentIndex(panel.rule.findData("delta"))
    assert exp.training.perceptron_rule == "delta"
    assert panel.graph._sizes() == [2, 1]
    panel.engine.setCurrentIndex(panel.engine.findData("keras:mlp"))
    assert (exp.engine, exp.model) == ("keras", "mlp")


# ----- replace ------------------------------------------------------------------------------
def test_replace_updates_every_control_without_edits(qtbot, spec_model):
    data, _ = _make(qtbot, DataPanel, spec_model)
    designer, _ = _make(qtbot, DesignerPanel, spec_model)
    hyper, rec = _make(qtbot, HyperPanel, spec_model)
    new = Experiment()
    new.data.name, new.data.noise, new.data.train_ratio, new.data.points = "spiral", 30, 80, 1000
    new.data.features = ["x1", "x2", "sin_x1"]
    new.layers = [LayerSpec(units=8, activation="relu") for _ in range(3)]
    new.optimizer.name, new.optimizer.lr, new.optimizer.momentum = "momentum", 0.3, 0.95
    new.training.batch_size, new.training.epochs = 32, 2000
    new.training.l1, new.training.l2, new.training.dropout = 0.001, 0.01, 0.2
    new.training.early_stopping, new.training.init, new.seed = 20, "he", 7
    new.loss = "binary_crossentropy"
    spec_model.replace(new)
    assert rec.kinds == []
    assert data.picker.name_at(data.picker.currentRow()) == "spiral"
    assert (data.noise.value(), data.ratio.value(), data.points.value()) == (30, 80, 1000)
    checked = [FEATURES[k] for k in range(len(FEATURES)) if designer.features.button(k).isChecked()]
    assert checked == ["x1", "x2", "sin_x1"]
    assert designer.layer_count.value() == 3
    assert [(r.units.value(), r.activation.currentData()) for r in designer._rows] == [
        (8, "relu")
    ] * 3
    assert hyper.optimizer.currentData() == "momentum"
    assert (hyper.lr.value(), hyper.momentum.value(), hyper.batch.value()) == (0.3, 0.95, 32)
    assert (hyper.epochs.value(), hyper.l1.value(), hyper.l2.value()) == (2000, 0.001, 0.01)
    assert (hyper.dropout.value(), hyper.patience.value(), hyper.seed.value()) == (0.2, 20, 7)
    assert (hyper.loss.currentData(), hyper.init.currentData()) == ("binary_crossentropy", "he")
    assert designer.graph._sizes() == [3, 8, 8, 8, 1]


# ----- Network graph ------------------------------------------------------------------------
def _snapshot(rng, sizes, r=12):
    weights = [
        (rng.normal(size=(a, b)), rng.normal(size=b))
        for a, b in zip(sizes[:-1], sizes[1:], strict=True)
    ]
    neurons = [rng.uniform(-1, 1, size=(b, r, r)).astype(np.float32) for b in sizes[1:]]
    inputs = rng.normal(size=(sizes[0], r, r)).astype(np.float32)
    return {"weights": weights, "neurons": neurons, "inputs": inputs}


def test_graph_links_show_the_sign_and_size_of_weights(qtbot):
    graph = NetworkGraph()
    qtbot.addWidget(graph)
    graph.set_structure(["x1", "x2", "sin_x1"], [4, 3], 2)
    snap = _snapshot(np.random.default_rng(1), [3, 4, 3, 2])
    graph.set_snapshot(snap)
    for layer, (w, _) in enumerate(snap["weights"]):
        for (i, j), value in np.ndenumerate(w):
            pen = graph.link(layer, i, j).pen()
            expected = BLUE if value >= 0 else ORANGE
            assert pen.color().rgb() == expected.rgb()
    w0 = snap["weights"][0][0]
    big, small = (
        np.unravel_index(np.argmax(np.abs(w0)), w0.shape),
        np.unravel_index(np.argmin(np.abs(w0)), w0.shape),
    )
    assert graph.link(0, *big).pen().widthF() > graph.link(0, *small).pen().widthF()
    assert not graph.node(1, 0).thumb.pixmap().isNull()
    assert "bias" in graph.describe(graph.node(1, 0))
    assert f"{w0[0, 1]:.4g}" in graph.describe(graph.link(0, 0, 1))


def test_graph_follows_the_trained_shapes_and_summarises_wide_layers(qtbot):
    graph = NetworkGraph()
    qtbot.addWidget(graph)
    graph.set_structure(["x1", "x2"], [4, 2], 2)
    graph.set_snapshot(_snapshot(np.random.default_rng(2), [2, 5, 1]))  # the model differs
    assert graph._sizes() == [2, 5, 1]
    graph.set_structure(["pixel"] * 784, [256, 32], 10)
    assert len(graph.scene().items()) < 32 * 10 + 200  # no 200k links
    rng = np.random.default_rng(3)
    graph.set_snapshot(
        {
            "weights": [
                (rng.normal(size=(784, 256)), np.zeros(256)),
                (rng.normal(size=(256, 32)), np.zeros(32)),
                (rng.normal(size=(32, 10)), np.zeros(10)),
            ]
        }
    )
    assert graph.link(0, 0, 0) is None and graph.link(2, 0, 0) is not None


def test_clicking_a_link_edits_its_weight(qtbot, monkeypatch):
    graph = NetworkGraph()
    qtbot.addWidget(graph)
    graph.resize(320, 240)
    graph.set_snapshot(_snapshot(np.random.default_rng(4), [2, 4, 2, 2]))
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (-0.75, True))
    link = graph.link(2, 0, 0)  # a straight link no other link crosses
    where = graph.mapFromScene(link.path().pointAtPercent(0.5))
    with qtbot.waitSignal(graph.weightEdited) as blocker:
        qtbot.mousePress(graph.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert blocker.args == [2, 0, 0, -0.75]
    assert link.pen().color().rgb() == ORANGE.rgb()  # shown at once, before the next snapshot
    assert "-0.75" in graph.describe(link)


def _slow_points(started, path, progress, cancelled):
    """A load that takes as long as the test wants: it stops only when cancelled."""
    started.append(path)
    for i in range(2000):
        if cancelled():
            from engine.data.datasets import LoadCancelled

            raise LoadCancelled(path)
        progress(i / 2000)
        time.sleep(0.005)
    raise AssertionError("never cancelled")


def test_a_csv_load_runs_off_the_gui_thread_and_cancel_keeps_the_data(
    qtbot, spec_model, tmp_path, monkeypatch
):
    import gui.experiment.data_panel as data_panel

    started: list[str] = []
    monkeypatch.setattr(data_panel, "_read_points", functools.partial(_slow_points, started))
    panel, rec = _make(qtbot, DataPanel, spec_model)
    before = spec_model.experiment.to_dict()
    panel.import_csv(str(tmp_path / "huge.csv"))
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    dialog = panel.findChild(QProgressDialog, "loadProgress")
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.value() > 0, timeout=5000)
    assert "huge.csv" in dialog.labelText()  # the GUI thread is free: the bar moves
    dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    qtbot.waitUntil(lambda: panel._csv_load is None, timeout=5000)
    assert spec_model.experiment.to_dict() == before and rec.kinds == []


def test_closing_the_window_while_a_file_loads_exits_cleanly(
    qtbot, make_window, tmp_path, monkeypatch
):
    import gui.experiment.data_panel as data_panel

    started: list[str] = []
    monkeypatch.setattr(data_panel, "_read_points", functools.partial(_slow_points, started))
    win = make_window()
    panel = win.experiment.data_panel
    panel.import_csv(str(tmp_path / "huge.csv"))
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    t0 = time.perf_counter()
    win.close()
    assert time.perf_counter() - t0 < 2.0
    assert panel._csv_load is None and win.spec_model.experiment.data.name != "csv"
