"""The stand-alone activation layer (issue #12, item 5): BatchNorm can come before the ReLU, as
tutorial 002 teaches, in the spec, both engines, their model files, the inside views and the
designer."""

from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from engine.data.datasets import load_dataset  # noqa: E402
from engine.experiment.spec import (  # noqa: E402
    HIDDEN_ACTIVATIONS,
    DataSpec,
    Experiment,
    LayerSpec,
    SpecError,
)
from engine.introspection.probe import InsideProbe  # noqa: E402
from engine.models.numpy import MLPNetwork, load_model  # noqa: E402
from engine.training.trainer import Trainer  # noqa: E402
from tests.keras_backend import needs_keras  # noqa: E402


def _bn_relu_stack() -> list[LayerSpec]:
    """Dense (linear) -> BatchNorm -> Activation (ReLU), twice."""
    block = [
        LayerSpec(units=6, activation="linear"),
        LayerSpec(type="batchnorm"),
        LayerSpec(type="activation", activation="relu"),
    ]
    return [LayerSpec(**vars(la)) for _ in range(2) for la in block]


def _experiment(engine: str = "numpy") -> Experiment:
    return Experiment(
        engine=engine,
        data=DataSpec(name="circle", points=200),
        layers=_bn_relu_stack(),
        device="cpu",
    )


def _train(exp: Experiment, epochs: int) -> Trainer:
    exp.training.epochs = epochs
    trainer = Trainer(exp, load_dataset(exp.data))
    while not trainer.finished:
        trainer.step()
    return trainer


# ----- the spec -------------------------------------------------------------------------------
def test_the_spec_accepts_an_activation_layer_and_keeps_it_in_json(tmp_path):
    exp = _experiment().validate()
    path = tmp_path / "bn_relu.json"
    exp.save(path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert [la["type"] for la in raw["layers"][:3]] == ["dense", "batchnorm", "activation"]
    assert raw["layers"][2]["activation"] == "relu" and raw["layers"][0]["activation"] == "linear"
    assert Experiment.load(path) == exp
    for name in HIDDEN_ACTIVATIONS:  # linear included, on activation and dense layers alike
        Experiment(layers=[LayerSpec(type="activation", activation=name)]).validate()
        Experiment(layers=[LayerSpec(units=3, activation=name)]).validate()


@pytest.mark.parametrize(
    ("activation", "why"),
    [
        ("softmax", "only for the output layer"),
        ("step", "zero gradient"),
        ("swish", ""),
        (3, ""),
    ],
)
def test_a_bad_activation_layer_is_refused_naming_the_layer_and_field(activation, why):
    exp = Experiment(layers=[LayerSpec(units=3), LayerSpec(type="activation")])
    exp.layers[1].activation = activation
    with pytest.raises(SpecError, match=r"layers\[1\]\.activation") as info:
        exp.validate()
    assert why in str(info.value)
    raw = Experiment().to_dict()
    raw["layers"] = [{"type": "activation", "activation": "relu", "slope": 2}]
    with pytest.raises(SpecError, match=r"unknown field layers\[0\]\.slope"):
        Experiment.from_dict(raw)


# ----- the NumPy engine -----------------------------------------------------------------------
def test_numpy_builds_trains_and_round_trips_a_batchnorm_relu_stack(tmp_path):
    trainer = _train(_experiment(), epochs=10)
    net = trainer.model
    assert isinstance(net, MLPNetwork)
    kinds = [la.kind for la in net.layers]
    assert kinds == ["dense", "batchnorm", "activation"] * 2 + ["dense"]
    assert trainer.history[-1].loss < trainer.history[0].loss
    assert trainer.history[-1].accuracy >= 0.8  # training mode: batch statistics
    path = tmp_path / "bn_relu.npz"
    net.save(path, {"epoch": 10})
    loaded = load_model(path)
    x = trainer.x_test
    np.testing.assert_array_equal(loaded.predict_proba(x), net.predict_proba(x))
    assert [la.kind for la in loaded.layers] == kinds


def test_the_graph_and_the_inside_views_see_the_activation_layer():
    """The graph's neurons show what the next layer reads (after BatchNorm and ReLU); the
    inside views list the activation layer with its own output and no weights."""
    trainer = _train(_experiment(), epochs=2)
    net, x = trainer.model, trainer.x_test[:20]
    hidden = net.hidden_outputs(x)
    assert [h.shape for h in hidden] == [(20, 6), (20, 6), (20, 2)]
    assert all((h >= 0).all() for h in hidden[:2])  # ReLU outputs, not the linear sums
    reader = net.inside_reader()
    assert [info.name for info in reader.layers()] == [
        "Dense 1 · 6 linear",
        "Dense 2 · 6 linear",
        "Output · 2 softmax",
    ]
    shown = reader.outputs(x)
    assert [(info.name, info.weighted) for info, _ in shown] == [
        ("Dense 1 · 6 linear", True),
        ("Activation 1 · relu", False),
        ("Dense 2 · 6 linear", True),
        ("Activation 2 · relu", False),
        ("Output · 2 softmax", True),
    ]
    np.testing.assert_allclose(shown[1][1], hidden[0], atol=1e-6)
    assert (shown[0][1] < 0).any()  # the dense layer's own output is linear
    payload = InsideProbe().collect(trainer)
    assert payload["layers"] == [info.name for info in reader.layers()]
    dead = {d["name"]: d["word"] for d in payload["inactive"]}
    assert dead["Activation 1 · relu"] == "dead"  # dead ReLUs are counted where the ReLU is


# ----- the Keras engine -----------------------------------------------------------------------
@needs_keras
def test_keras_builds_trains_and_round_trips_a_batchnorm_relu_stack(tmp_path):
    from engine.models.keras import load_keras_model

    exp = _experiment("keras")
    exp.data.points = 100
    exp.layers[5].activation = "leaky_relu"  # a registered function, saved by name
    trainer = _train(exp, epochs=2)
    model = trainer.model
    kinds = [type(la).__name__ for la in model.model.layers]
    assert kinds == ["Dense", "BatchNormalization", "Activation"] * 2 + ["Dense"]
    assert trainer.history[-1].loss < trainer.history[0].loss
    path = tmp_path / "bn_relu.keras"
    model.save(str(path), {})
    loaded = load_keras_model(str(path))
    x = trainer.x_test[:40]
    np.testing.assert_allclose(loaded.predict_proba(x), model.predict_proba(x), atol=1e-6)
    assert [type(la).__name__ for la in loaded.model.layers] == kinds
    reader = model.inside_reader()
    assert [info.name for info in reader.layers()] == [
        "Dense 1 · 6 linear",
        "Dense 2 · 6 linear",
        "Output · 2 softmax",
    ]
    shown = reader.outputs(x)
    names = [info.name for info, _ in shown]
    assert names[1] == "Activation 1 · relu" and names[3] == "Activation 2 · leaky_relu"
    assert (shown[1][1] >= 0).all() and not shown[1][0].weighted


# ----- the designer ---------------------------------------------------------------------------
def test_the_designer_builds_dense_batchnorm_relu_for_an_mlp(qtbot):
    from gui.experiment.designer_panel import DesignerPanel
    from gui.experiment.spec_model import STRUCTURE, SpecModel

    exp = Experiment()
    exp.layers = [LayerSpec(units=4, activation="tanh")]
    spec_model = SpecModel(exp)
    panel = DesignerPanel(spec_model)
    qtbot.addWidget(panel)
    editor = panel.layer_editor
    assert editor.isHidden() and not panel.layers_box.isHidden()
    kinds: list[str] = []
    spec_model.changed.connect(kinds.append)
    panel.every_layer.setChecked(True)  # the MLP as a typed list
    assert not editor.isHidden() and panel.layers_box.isHidden() and kinds == []
    offered = [a.data() for a in editor.add_menu.actions() if a.isVisible()]
    assert offered == ["batchnorm", "activation", "dropout", "dense"]  # no image layers
    editor.list.setCurrentRow(0)
    editor.fields.widgets["activation"].setCurrentIndex(
        editor.fields.widgets["activation"].findData("linear")
    )
    for key in ("batchnorm", "activation"):
        next(a for a in editor.add_menu.actions() if a.data() == key).trigger()
    layers = spec_model.experiment.layers
    assert [(la.type, la.activation) for la in layers] == [
        ("dense", "linear"),
        ("batchnorm", "tanh"),
        ("activation", "relu"),
    ]
    assert set(kinds) == {STRUCTURE}
    assert editor.list.item(2).text().startswith("3. Activation, relu")
    assert editor.list.item(2).text().endswith("→ 4")
    fields = editor.fields.widgets  # the activation layer's one field: its function
    assert not editor.fields._form.isRowVisible(fields["units"])
    assert editor.fields._form.isRowVisible(fields["activation"])
    fields["activation"].setCurrentIndex(fields["activation"].findData("leaky_relu"))
    assert spec_model.experiment.layers[2].activation == "leaky_relu"
    spec_model.experiment.validate()
    # a network with such layers is always shown as the list: the rows could not show them
    assert panel.every_layer.isChecked() and not panel.every_layer.isEnabled()
    assert panel.graph._sizes() == [2, 4, 2]  # the graph draws the dense layers
    headers = [t.text() for t in panel.graph.text_items() if t.text().startswith("Layer")]
    assert headers == ["Layer 1\n+ BN\n+ Leaky ReLU"]  # what the neuron pictures went through
    spec_model.replace(Experiment())  # a plain network: the box may be unticked again
    assert panel.every_layer.isEnabled()
    panel.every_layer.setChecked(False)
    assert editor.isHidden() and not panel.layers_box.isHidden()
    headers = [t.text() for t in panel.graph.text_items() if t.text().startswith("Layer")]
    assert headers == ["Layer 1", "Layer 2"]


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_inside_dock_shows_the_activation_layers_output_for_a_digit(
    qtbot, make_window, tmp_path
):
    from tests.fake_mnist import write_tiny_mnist

    exp = Experiment(engine="numpy", model="mlp")
    exp.data.name = "mnist"
    exp.data.path = str(write_tiny_mnist(tmp_path / "tiny_mnist.npz", 200, 50))
    exp.layers = [
        LayerSpec(units=16, activation="linear"),
        LayerSpec(type="batchnorm"),
        LayerSpec(type="activation", activation="relu"),
    ]
    exp.optimizer.lr, exp.training.batch_size, exp.training.epochs = 0.01, 20, 3
    win = make_window(exp)
    win.resize(1300, 900)
    win.show()
    win.docks["insideNetworkDock"].raise_()
    panel = win.inside.panel
    panel.tabs.setCurrentIndex(1)  # Activations
    qtbot.waitUntil(panel.isVisible, timeout=2000)
    panel.test_index.setValue(3)
    panel.show_test.click()
    acts = panel.activations
    qtbot.waitUntil(lambda: len(acts.views()) == 4, timeout=5000)
    names = [v["name"] for v in acts.views()]
    assert names[1:3] == ["Dense 1 · 16 linear", "Activation 1 · relu"]
    assert names[3].startswith("Output · 10 softmax → ")
    relu = acts.views()[2]["image"]
    assert relu.shape == (1, 16) and (relu >= 0).all()
    assert (acts.views()[1]["image"] < 0).any()  # the dense layer's own, linear, output
    win.session.resume()
    qtbot.waitUntil(lambda: win.session.state == "finished", timeout=20_000)
    panel.tabs.setCurrentIndex(2)  # Histograms: weighted layers only, dead ReLUs where they are
    panel.refresh()
    histograms = panel.histograms
    qtbot.waitUntil(lambda: len(histograms.gradient_curves()) == 2, timeout=5000)
    assert sorted(histograms.gradient_curves()) == ["Dense 1 · 16 linear", "Output · 10 softmax"]
    assert len(histograms.inactive_shares()) == 2  # the dense layer and its ReLU


def test_at_the_start_every_relu_after_a_batchnorm_is_on_for_part_of_each_batch():
    """Lesson 15, step 1: BatchNorm centres each unit on beta = 0, so no ReLU behind it is off
    for a whole batch at the start; without it, some ReLUs are (a dead start)."""
    from engine.teaching.lessons import batchnorm_order

    fully_off = {}  # (unit, batch) pairs where a ReLU is 0 for all 10 points
    for order in ("before", "none"):
        exp = batchnorm_order(order)
        trainer = Trainer(exp, load_dataset(exp.data))
        net, x = trainer.model, trainer.x_train
        off = []
        for start in range(0, len(x) - 9, 10):  # every batch of 10, in training mode
            h = x[start : start + 10].astype(net.dtype)
            for layer in net.layers[:-1]:
                h = layer.forward_train(h)
                if layer.kind == "activation" or (layer.kind == "dense" and order == "none"):
                    off.append(int((h.max(axis=0) <= 0).sum()))
        fully_off[order] = sum(off)
    assert fully_off["before"] == 0 and fully_off["none"] > 0
