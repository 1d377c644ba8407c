"""Backprop of the NumPy MLP against central finite differences (float64 mode)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.experiment.spec import Experiment, LayerSpec
from engine.models.numpy import build_mlp
from engine.models.numpy.activations import get_activation

HIDDEN = ("linear", "sigmoid", "tanh", "relu", "leaky_relu")
LOSSES = ("sse", "mse", "binary_crossentropy", "categorical_crossentropy")


def _net(hidden, loss, n_classes, layers=None, **training):
    spec = Experiment(loss=loss, seed=3)
    spec.layers = layers or [
        LayerSpec(units=5, activation=hidden),
        LayerSpec(units=4, activation=hidden),
    ]
    spec.training.init = "glorot"
    for k, v in training.items():
        setattr(spec.training, k, v)
    return build_mlp(spec, 3, n_classes, dtype=np.float64)


def _data(n_classes, n=8, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    y = np.arange(n) % n_classes  # every class present
    rng.shuffle(y)
    return x, y


def _check(net, x, y, before=None, h=1e-6, tol=1e-6, atol=0.0):
    """Compare loss_and_grads with central differences on every parameter (a parameter whose
    gradients are both within `atol` of zero agrees: their ratio is rounding noise)."""
    before = before or (lambda: None)
    before()
    _, grads = net.loss_and_grads(x, y)
    for p, g in zip(net.params(), grads, strict=True):
        num = np.empty_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + h
            before()
            up = net.loss_and_grads(x, y)[0]
            p[idx] = old - h
            before()
            down = net.loss_and_grads(x, y)[0]
            p[idx] = old
            num[idx] = (up - down) / (2 * h)
        if max(np.abs(num).max(), np.abs(g).max()) < atol:
            continue
        scale = np.linalg.norm(num) + np.linalg.norm(g)
        err = np.linalg.norm(num - g) / max(scale, 1e-12)
        assert err < tol, f"relative error {err:.2e} on a {p.shape} parameter"


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_backprop_matches_finite_differences(hidden, loss):
    n_classes = 2 if loss == "binary_crossentropy" else 3
    net = _net(hidden, loss, n_classes)
    _check(net, *_data(n_classes))


@pytest.mark.parametrize("loss", ("sse", "mse"))
def test_one_unit_squared_error_outputs(loss):
    net = _net("tanh", loss, 2)
    assert net.dense[-1].n_out == 1
    _check(net, *_data(2))


@pytest.mark.parametrize("out_act", ("linear", "tanh", "relu", "leaky_relu", "softmax"))
def test_squared_error_with_other_output_activations(out_act):
    spec = Experiment(loss="mse", output_activation=out_act, seed=1)
    spec.layers = [LayerSpec(units=5, activation="tanh")]
    net = build_mlp(spec, 3, 3, dtype=np.float64)
    _check(net, *_data(3))


@pytest.mark.parametrize("loss", LOSSES)
def test_l2_penalty_gradient(loss):
    n_classes = 2 if loss == "binary_crossentropy" else 3
    net = _net("tanh", loss, n_classes, l2=0.05)
    _check(net, *_data(n_classes))


def test_l1_is_not_in_the_gradient_but_a_proximal_step():
    """L1 is applied after the update as a soft threshold (see test_numpy_network), so the
    loss and gradients that backprop computes are those without it."""
    with_l1 = _net("sigmoid", "categorical_crossentropy", 3, l1=0.03, l2=0.01)
    without = _net("sigmoid", "categorical_crossentropy", 3, l2=0.01)
    x, y = _data(3)
    loss_a, grads_a = with_l1.loss_and_grads(x, y)
    loss_b, grads_b = without.loss_and_grads(x, y)
    assert loss_a == loss_b
    for a, b in zip(grads_a, grads_b, strict=True):
        np.testing.assert_array_equal(a, b)
    _check(with_l1, x, y)


def test_l2_penalty_is_in_the_total_but_not_the_reported_loss():
    net = _net("tanh", "categorical_crossentropy", 3, l1=0.01, l2=0.02)
    x, y = _data(3)
    total, _ = net.loss_and_grads(x, y)
    kernels = np.concatenate([w.ravel() for w, _ in net.dense_weights()])
    assert net.penalty() == pytest.approx(
        0.01 * np.abs(kernels).sum() + 0.02 * (kernels**2).sum(), rel=1e-12
    )
    data_loss, _ = net.train_batch(x, y)
    assert total == pytest.approx(data_loss + 0.02 * (kernels**2).sum(), rel=1e-12)


@pytest.mark.parametrize("loss", ("categorical_crossentropy", "mse"))
def test_batchnorm_in_training_mode(loss):
    layers = [
        LayerSpec(units=5, activation="tanh"),
        LayerSpec(type="batchnorm"),
        LayerSpec(units=4, activation="relu"),
        LayerSpec(type="batchnorm"),
    ]
    net = _net("tanh", loss, 3, layers=layers)
    for bn in net._batchnorms():  # non-trivial gamma/beta
        bn.gamma[...] = np.linspace(0.5, 1.5, bn.width)
        bn.beta[...] = np.linspace(-0.2, 0.3, bn.width)
    _check(net, *_data(3, n=10))


def test_batchnorm_as_first_layer():
    layers = [LayerSpec(type="batchnorm"), LayerSpec(units=4, activation="sigmoid")]
    net = _net("tanh", "binary_crossentropy", 2, layers=layers)
    _check(net, *_data(2, n=10))


@pytest.mark.parametrize("hidden", ("tanh", "relu"))
def test_dropout_with_a_fixed_mask(hidden):
    layers = [
        LayerSpec(units=6, activation=hidden),
        LayerSpec(type="dropout", rate=0.3),
        LayerSpec(units=5, activation=hidden),
    ]
    net = _net(hidden, "categorical_crossentropy", 3, layers=layers, dropout=0.2)

    def reseed():
        net.rng = np.random.default_rng(7)

    _check(net, *_data(3), before=reseed)


@pytest.mark.parametrize("name", ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"))
def test_activation_backward_matches_finite_differences(name):
    act = get_activation(name)
    rng = np.random.default_rng(2)
    z = rng.normal(size=(4, 3))
    z[np.abs(z) < 1e-3] = 0.5  # stay off the ReLU kink
    g = rng.normal(size=z.shape)
    analytic = act.backward(g.copy(), z, act(z), np.empty_like(z))
    h = 1e-6
    num = np.empty_like(z)
    for idx in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[idx] += h
        zm[idx] -= h
        num[idx] = np.sum(g * (act(zp) - act(zm))) / (2 * h)
    np.testing.assert_allclose(analytic, num, rtol=1e-6, atol=1e-9)
    if name != "softmax":
        np.testing.assert_allclose(act.derivative(z) * g, analytic, rtol=1e-12)


def test_step_cannot_be_trained_and_sigmoid_is_stable():
    step = get_activation("step")
    assert not step.trainable
    np.testing.assert_array_equal(step(np.array([-1.0, 0.0, 2.0])), [0.0, 1.0, 1.0])
    sig = get_activation("sigmoid")
    out = sig(np.array([-1000.0, 0.0, 1000.0], dtype=np.float32))
    assert np.all(np.isfinite(out)) and out.tolist() == [0.0, 0.5, 1.0]
    soft = get_activation("softmax")(np.array([[1000.0, 0.0], [-1000.0, 1000.0]]))
    np.testing.assert_allclose(soft, [[1.0, 0.0], [0.0, 1.0]])


@pytest.mark.parametrize("activation", ("relu", "tanh", "sigmoid", "leaky_relu"))
def test_batchnorm_before_an_activation_layer(activation):
    """Tutorial 002's order: Dense(linear) -> BatchNorm -> activation, as separate layers."""
    layers = [
        LayerSpec(units=5, activation="linear"),
        LayerSpec(type="batchnorm"),
        LayerSpec(type="activation", activation=activation),
        LayerSpec(units=4, activation="linear"),
        LayerSpec(type="batchnorm"),
        LayerSpec(type="activation", activation=activation),
    ]
    net = _net("tanh", "categorical_crossentropy", 3, layers=layers)
    for bn in net._batchnorms():  # non-trivial gamma/beta
        bn.gamma[...] = np.linspace(0.5, 1.5, bn.width)
        bn.beta[...] = np.linspace(-0.2, 0.3, bn.width)
    x, y = _data(3, n=10)
    _check(net, x, y, atol=1e-9)
    # BatchNorm subtracts the batch mean, so a bias just before it changes nothing: its
    # gradient is zero (resources/explanations.json, addLayer_activation, says so)
    _, grads = net.loss_and_grads(x, y)
    biases = [g for p, g in zip(net.params(), grads, strict=True) if p is net.dense[0].b]
    assert np.abs(biases[0]).max() < 1e-12 and np.abs(grads[0]).max() > 1e-3


def test_an_activation_layer_as_the_first_layer():
    layers = [LayerSpec(type="activation", activation="tanh"), LayerSpec(units=4)]
    net = _net("tanh", "binary_crossentropy", 2, layers=layers)
    _check(net, *_data(2, n=10))
