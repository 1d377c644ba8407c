"""Backprop on one weight: the chain-rule product, the engine's gradient and a central
difference agree for every weight and bias, and the step shown is the step training takes."""

from __future__ import annotations

import numpy as np
import pytest

from engine.data.datasets import load_dataset
from engine.experiment.spec import (
    DataSpec,
    Experiment,
    LayerSpec,
    OptimizerSpec,
    TrainingSpec,
)
from engine.models.numpy import build_mlp, build_perceptron
from engine.teaching.backprop import MAX_EXAMPLES, weight_gradient
from engine.training.trainer import Trainer

RTOL = 1e-5

CASES = [  # (hidden activations, loss, output activation, classes)
    (("tanh", "sigmoid"), "mse", "sigmoid", 2),
    (("relu", "tanh"), "sse", "tanh", 3),
    (("sigmoid", "leaky_relu"), "binary_crossentropy", "auto", 2),
    (("leaky_relu", "linear"), "categorical_crossentropy", "auto", 3),
    (("tanh", "relu"), "mse", "softmax", 3),
    (("sigmoid", "sigmoid"), "mse", "linear", 2),
]


def _net(acts, loss, out, classes, **training):
    exp = Experiment(
        layers=[LayerSpec(units=4, activation=a) for a in acts],
        loss=loss,
        output_activation=out,
        optimizer=OptimizerSpec(training.pop("optimizer", "sgd"), lr=0.1),
        training=TrainingSpec(**training),
    )
    return build_mlp(exp, 3, classes)


def _batch(classes, n=16, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 3)), rng.integers(0, classes, n)


def _agree(g):
    assert g.chain + g.l2_term == pytest.approx(g.engine_gradient, rel=RTOL, abs=1e-12)
    assert g.numerical_gradient == pytest.approx(g.engine_gradient, rel=RTOL, abs=1e-9)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[1]}-{c[2]}-{'-'.join(c[0])}")
def test_chain_rule_engine_and_numerical_gradients_agree_for_every_layer(case):
    acts, loss, out, classes = case
    net = _net(acts, loss, out, classes, l2=0.01)
    x, y = _batch(classes)
    before = net.get_state()["params"].copy()
    for layer, (w, _b) in enumerate(net.dense_weights()):
        n_in, n_out = w.shape
        for i in (None, 0, n_in - 1):
            g = weight_gradient(net, x, y, layer, n_out - 1, i)
            _agree(g)
            if g.coupled:
                assert out == "softmax" or loss == "categorical_crossentropy"
            else:  # the δ shown is ∂L/∂out × ∂out/∂net
                assert np.allclose(g.dloss_dout * g.dout_dnet, g.delta, rtol=1e-12)
            if g.next_deltas is not None:  # ∂L/∂out of a hidden unit: Σₖ δₖ wⱼₖ
                assert np.allclose(g.next_deltas @ g.next_weights, g.dloss_dout, rtol=1e-10)
            assert (g.l2_term == 0.0) == (i is None)
    assert np.array_equal(net.get_state()["params"], before)  # the network is untouched


def test_a_bias_has_dnet_db_1_and_a_first_layer_weight_has_the_input():
    net = _net(("tanh",), "mse", "sigmoid", 2)
    x, y = _batch(2)
    bias = weight_gradient(net, x, y, 0, 1)
    assert bias.is_bias and np.all(bias.dnet_dw == 1.0)
    weight = weight_gradient(net, x, y, 0, 1, i=2)
    assert np.allclose(weight.dnet_dw, x[:, 2])
    assert weight.layer == 0 and not weight.is_output and weight.through == ""
    out = weight_gradient(net, x, y, -1, 0, i=0)
    assert out.is_output and out.layer == 1 and out.activation == "sigmoid"


def test_the_output_factors_are_the_loss_formulas():
    net = _net((), "sse", "sigmoid", 2)  # one sigmoid unit, no hidden layer
    x, y = _batch(2, n=5)
    g = weight_gradient(net, x, y, 0, 0, i=1)
    w, b = net.dense_weights()[0]
    p = 1 / (1 + np.exp(-(x @ w.astype(float) + b)))[:, 0]
    assert np.allclose(g.dloss_dout, 2 * (p - y))  # SSE: ∂L/∂out = 2(out − t)
    assert np.allclose(g.dout_dnet, p * (1 - p))  # σ′ = σ(1 − σ)
    ce = weight_gradient(_net((), "categorical_crossentropy", "auto", 3), *_batch(3), 0, 2, i=0)
    assert ce.coupled and ce.activation == "softmax"


@pytest.mark.parametrize("extra", [{"dropout": 0.5}, {"batchnorm": True}])
def test_dropout_and_batch_norm_between_layers_still_agree(extra):
    layers = [LayerSpec(units=5, activation="tanh")]
    if extra.get("batchnorm"):
        layers.append(LayerSpec(type="batchnorm"))
    layers.append(LayerSpec(units=4, activation="sigmoid"))
    exp = Experiment(
        layers=layers,
        optimizer=OptimizerSpec("sgd", lr=0.1),
        training=TrainingSpec(dropout=extra.get("dropout", 0.0)),
    )
    net = build_mlp(exp, 3, 2)
    x, y = _batch(2, n=12)
    g = weight_gradient(net, x, y, 0, 2, i=1)
    _agree(g)
    assert g.through in ("dropout", "batch norm") and g.next_deltas is None


def test_plain_sgd_steps_w_minus_lr_times_the_gradient():
    net = _net(("tanh",), "mse", "sigmoid", 2)
    net.set_hyper(lr=0.25)
    g = weight_gradient(net, *_batch(2), 0, 1, i=0)
    assert g.lr == 0.25 and g.optimizer == "sgd"
    assert g.w_after == pytest.approx(g.w_before - 0.25 * g.engine_gradient, rel=1e-12)
    assert g.w_after == pytest.approx(g.sgd_after, rel=1e-12)


def test_l1_moves_the_stepped_weight_towards_zero_after_the_gradient_step():
    net = _net(("tanh",), "mse", "sigmoid", 2, l1=0.05)
    g = weight_gradient(net, *_batch(2), 0, 1, i=0)
    v = g.sgd_after
    assert g.w_after == pytest.approx(np.sign(v) * max(abs(v) - g.lr * 0.05, 0.0), abs=1e-12)


def test_adam_shows_its_own_step_not_the_plain_one():
    net = _net(("tanh",), "mse", "sigmoid", 2, optimizer="adam")
    x, y = _batch(2)
    net.train_batch(x, y)  # some optimiser state
    g = weight_gradient(net, x, y, 1, 0, i=2)
    copy = build_mlp(net.spec, 3, 2, np.float64)
    copy.set_state(net.get_state())
    copy.train_batch(x, y)
    assert g.w_after == pytest.approx(float(copy.dense_weights()[1][0][2, 0]), rel=1e-9)
    assert g.w_after != pytest.approx(g.sgd_after, rel=1e-3)


def test_full_batch_sgd_preview_is_the_next_training_step():
    """With the whole training set as the batch, the weight shown after one step is the
    weight the trainer has after its next step (float32 training, so to float32 rounding)."""
    exp = Experiment(
        data=DataSpec(name="xor", points=80),
        layers=[LayerSpec(units=3, activation="tanh")],
        optimizer=OptimizerSpec("sgd", lr=0.3),
        training=TrainingSpec(batch_size=512, epochs=5),
    )
    trainer = Trainer(exp, load_dataset(exp.data))
    trainer.step()
    g = weight_gradient(trainer.model, trainer.x_train, trainer.y_train, 0, 2, i=1)
    trainer.step()
    after = float(trainer.model.dense_weights()[0][0][1, 2])
    assert after == pytest.approx(g.w_after, rel=1e-4, abs=1e-6)
    assert after != pytest.approx(g.w_before, rel=1e-4, abs=1e-6)


def test_at_most_max_examples_rows_are_used():
    net = _net(("tanh",), "mse", "sigmoid", 2)
    x, y = _batch(2, n=MAX_EXAMPLES + 200)
    g = weight_gradient(net, x, y, 0, 0, i=0)
    assert g.n_examples == MAX_EXAMPLES == 1000
    assert g.engine_gradient == weight_gradient(net, x[:1000], y[:1000], 0, 0, i=0).engine_gradient


def test_bad_choices_name_the_field_and_other_models_are_refused():
    net = _net(("tanh",), "mse", "sigmoid", 2)
    x, y = _batch(2)
    with pytest.raises(ValueError, match="layer must be 0-1"):
        weight_gradient(net, x, y, 2, 0)
    with pytest.raises(ValueError, match="to must be 0-3"):
        weight_gradient(net, x, y, 0, 4)
    with pytest.raises(ValueError, match="from must be 0-2"):
        weight_gradient(net, x, y, 0, 0, i=3)
    with pytest.raises(ValueError, match="features per row"):
        weight_gradient(net, x[:, :2], y, 0, 0)
    perceptron = build_perceptron(Experiment(model="perceptron", layers=[], loss="sse"), 2, 2)
    with pytest.raises(TypeError, match="NumPy MLPs"):
        weight_gradient(perceptron, x[:, :2], y, 0, 0)
