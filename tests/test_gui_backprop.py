"""The Backprop dock and the biases in the network graph: a weight picked in the dock or by a
right-click in the graph shows its chain rule with the network's current numbers; biases are
drawn on their neurons and edited by a click, like weights."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from engine.experiment.spec import DataSpec, Experiment, LayerSpec, OptimizerSpec, TrainingSpec
from engine.models.numpy import build_mlp
from engine.teaching.backprop import weight_gradient
from gui.backprop.panel import BackpropPanel, formula_lines, num, unit_names
from gui.experiment.graph_items import BLUE, ORANGE
from gui.experiment.network_graph import NetworkGraph

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _experiment(**optimizer) -> Experiment:
    return Experiment(
        data=DataSpec(name="xor", points=60),
        layers=[LayerSpec(units=3, activation="tanh")],
        optimizer=OptimizerSpec(optimizer.get("name", "sgd"), lr=0.2),
        training=TrainingSpec(batch_size=512, epochs=50),
    )


def _gradient(i=0, example_rows=4):
    net = build_mlp(_experiment(), 2, 2)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(example_rows, 2)), rng.integers(0, 2, example_rows)
    return weight_gradient(net, x, y, 0, 1, i)


def test_the_formula_writes_each_factor_and_the_three_gradients():
    g = _gradient()
    lines = formula_lines(g, "x₁", "Layer 1, neuron 2", "the output layer")
    text = "\n".join(lines)
    assert lines[0] == f"The weight w from x₁ to Layer 1, neuron 2: w = {num(g.w_before, 6)}"
    assert "∂L/∂w = ∂L/∂out × ∂out/∂net × ∂net/∂w   (4 examples, summed over n)" in text
    assert "Σₖ δₖ wⱼₖ over the 2 units of the output layer" in text  # a hidden unit
    product = g.dloss_dout[0] * g.dout_dnet[0] * g.dnet_dw[0]
    first = next(ln for ln in lines if ln.startswith("  n = 1:"))
    assert first.endswith(f"× {num(g.dnet_dw[0])} = {num(product)}")
    assert f"Chain rule: ∂L/∂w = {num(g.chain, 7)}" in text
    assert f"The engine's backward pass: {num(g.engine_gradient, 7)}" in text
    assert f"h = {num(g.h, 2)}: {num(g.numerical_gradient, 7)}" in text
    assert f"= {num(g.sgd_after, 6)}" in lines[-2] and "One SGD step at learning rate 0.2" in text


def test_a_bias_has_the_input_1_and_more_examples_are_summed_not_listed():
    g = _gradient(i=None, example_rows=7)
    text = "\n".join(formula_lines(g, "bias", "Layer 1, neuron 2"))
    assert "The bias b of Layer 1, neuron 2" in text and "∂net/∂b = 1" in text
    assert text.count("  n = ") == 3 and "… and 4 more examples" in text


def test_a_softmax_output_shows_its_error_as_one_factor():
    for loss, says in (("categorical_crossentropy", True), ("sse", False)):
        exp = _experiment()
        exp.loss, exp.output_activation = loss, "softmax" if loss == "sse" else "auto"
        net = build_mlp(exp, 2, 2)
        rng = np.random.default_rng(1)
        g = weight_gradient(net, rng.normal(size=(3, 2)), rng.integers(0, 2, 3), 1, 0, 2)
        text = "\n".join(formula_lines(g, "Layer 1, neuron 3", "Output 1"))
        assert g.coupled and "∂L/∂w = ∂L/∂net × ∂net/∂w" in text
        assert ("(out − t) / n" in text) == says


def test_unit_names_follow_the_graph():
    assert unit_names(["x1", "sin_x2"], [2, 3, 1]) == [
        ["x₁", "sin x₂"],
        ["Layer 1, neuron 1", "Layer 1, neuron 2", "Layer 1, neuron 3"],
        ["Output 1"],
    ]


def test_the_panel_keeps_the_chosen_weight_when_the_structure_is_redrawn(qtbot):
    panel = BackpropPanel()
    qtbot.addWidget(panel)
    panel.set_structure(["x1", "x2"], [2, 4, 2], 50)
    with qtbot.waitSignal(panel.choiceChanged):
        panel.choose(1, -1, 1)
    assert panel.choice() == (1, -1, 1, 0)
    assert panel.names() == ("bias (its input is 1)", "Output 2", "")
    panel.set_structure(["x1", "x2"], [2, 4, 2], 50)
    assert panel.choice() == (1, -1, 1, 0)
    assert panel.example.maximum() == 50 and panel.example.text() == "all training points"
    panel.set_structure(["x1", "x2"], [2, 4, 2], 5000)
    assert panel.example.text() == "the first 1000 training points"


# ----- the biases in the network graph -----------------------------------------------------
def _graph(qtbot) -> NetworkGraph:
    graph = NetworkGraph()
    qtbot.addWidget(graph)
    graph.resize(360, 260)
    weights = [(np.full((2, 3), 0.5), np.array([-2.0, 0.0, 2.0])), (np.ones((3, 1)), [0.25])]
    graph.set_snapshot({"weights": weights})
    return graph


def test_biases_are_drawn_on_their_neurons_by_sign(qtbot):
    graph = _graph(qtbot)
    squares = [graph.node(1, k).bias for k in range(3)]
    assert squares[0].brush().color().rgb() == ORANGE.rgb()  # b = −2: full orange
    assert squares[2].brush().color().rgb() == BLUE.rgb()  # b = +2: full blue
    middle = squares[1].brush().color()
    assert min(middle.red(), middle.green(), middle.blue()) > 200  # b = 0: near white
    assert graph.node(0, 0).bias is None  # an input has no bias
    assert "bias −2".replace("−", "-") in graph.describe(graph.node(1, 0))


def test_clicking_a_neuron_edits_its_bias(qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: asked.append(1) or (1.5, True))
    empty = NetworkGraph()  # no weights read yet: nothing to edit
    qtbot.addWidget(empty)
    empty.edit_bias(0, 0)
    assert asked == [] and "Click" not in empty.describe(empty.node(1, 0))
    graph = _graph(qtbot)
    node = graph.node(2, 0)
    where = graph.mapFromScene(node.rect().center())
    with qtbot.waitSignal(graph.biasEdited) as blocker:
        qtbot.mousePress(graph.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert blocker.args == [1, 0, 1.5]
    assert node.bias.brush().color().rgb() == BLUE.rgb()  # shown at once
    assert "bias 1.5" in graph.describe(node)


def test_right_clicks_choose_a_weight_or_a_bias_for_backprop(qtbot):
    graph = _graph(qtbot)
    link = graph.link(1, 2, 0)
    where = graph.mapFromScene(link.path().pointAtPercent(0.5))
    with qtbot.waitSignal(graph.weightChosen) as blocker:
        qtbot.mousePress(graph.viewport(), Qt.MouseButton.RightButton, pos=where)
    assert blocker.args == [1, 2, 0]
    where = graph.mapFromScene(graph.node(1, 2).rect().center())
    with qtbot.waitSignal(graph.weightChosen) as blocker:
        qtbot.mousePress(graph.viewport(), Qt.MouseButton.RightButton, pos=where)
    assert blocker.args == [0, -1, 2]


# ----- in the window ---------------------------------------------------------------------
def _steps_text(win) -> str:
    return win.backprop.panel.steps_label.text()


def test_the_dock_shows_the_current_networks_gradient_and_follows_training(qtbot, make_window):
    win = make_window(_experiment())
    win.show()
    qtbot.waitExposed(win)
    win.docks["backpropPanelDock"].raise_()  # a tab behind the decision boundary
    qtbot.waitUntil(lambda: "engine's backward pass" in _steps_text(win), timeout=10_000)
    # a right-click in the graph picks the weight; the dock shows that weight
    win.experiment.designer.graph.weightChosen.emit(1, 2, 0)
    qtbot.waitUntil(lambda: "Layer 1, neuron 3 to Output 1" in _steps_text(win), timeout=5000)
    trainer = win.trainer
    w = float(trainer.model.dense_weights()[1][0][2, 0])
    assert f"w = {num(w, 6)}" in _steps_text(win)
    before = _steps_text(win)
    win.session.step()  # one full-batch SGD step: the weight moves, the dock follows
    qtbot.waitUntil(lambda: trainer.step_count == 1, timeout=5000)
    qtbot.waitUntil(lambda: _steps_text(win) != before, timeout=5000)
    after = float(trainer.model.dense_weights()[1][0][2, 0])
    assert f"w = {num(after, 6)}" in _steps_text(win)
    win.experiment.rebuild(reload_data=False)  # Reset: a fresh network, its weights shown
    qtbot.waitUntil(lambda: win.trainer is not trainer, timeout=5000)
    qtbot.waitUntil(lambda: f"w = {num(w, 6)}" in _steps_text(win), timeout=5000)
    assert win.trainer.step_count == 0 and after != w


def test_a_bias_edited_in_the_graph_reaches_the_model(qtbot, make_window, monkeypatch):
    win = make_window(_experiment())
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (-0.625, True))
    graph = win.experiment.designer.graph
    qtbot.waitUntil(lambda: graph.node(1, 0).value is not None, timeout=5000)
    graph.edit_bias(0, 1)
    qtbot.waitUntil(lambda: win.trainer.model.dense_weights()[0][1][1] == -0.625, timeout=5000)


def test_a_slow_computation_spaces_out_the_next_one(qtbot):
    """A computation that took `seconds` is followed by the next no sooner than COST_FACTOR
    times that later, so a big network's view cannot hog the trainer's thread."""
    from concurrent.futures import Future

    from gui.backprop.controller import COST_FACTOR, BackpropController
    from gui.training.session import TrainingSession

    session = TrainingSession()
    controller = BackpropController(session)
    qtbot.addWidget(controller.dock)
    future: Future = Future()
    future.set_result((_gradient(), 0.5))
    before = time.monotonic()
    controller._show(future)
    assert controller._due >= before + COST_FACTOR * 0.5
    assert "engine's backward pass" in controller.panel.steps_label.text()


def test_a_perceptron_gets_a_plain_note(qtbot, make_window):
    exp = Experiment(model="perceptron", data=DataSpec(name="gate-or"), layers=[], loss="sse")
    win = make_window(exp)
    qtbot.waitUntil(lambda: "works on NumPy MLPs" in _steps_text(win), timeout=5000)
    assert "perceptron" in _steps_text(win)
