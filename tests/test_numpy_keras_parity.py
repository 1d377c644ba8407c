"""The NumPy MLP against an equivalent Keras model: same forward pass, same loss, and the same
weights after one or two optimiser steps from the same start (float32, atol 1e-5)."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tests.keras_backend import KERAS_MARKS, require_keras  # noqa: E402

keras = require_keras()
pytestmark = KERAS_MARKS

from engine.experiment.spec import Experiment, LayerSpec  # noqa: E402
from engine.models.numpy import build_mlp  # noqa: E402
from engine.models.numpy.activations import LEAKY_ALPHA  # noqa: E402

ATOL = 1e-5


def _keras_activation(name):
    if name == "leaky_relu":
        return lambda z: keras.activations.leaky_relu(z, negative_slope=LEAKY_ALPHA)
    return name


def _pair(loss="categorical_crossentropy", acts=("tanh", "relu"), n_classes=3, opt="sgd", **kw):
    """A NumPy net and a Keras twin holding the same initial weights."""
    spec = Experiment(loss=loss, seed=5)
    spec.layers = [LayerSpec(units=u, activation=a) for u, a in zip((5, 4), acts, strict=False)]
    spec.optimizer.name = opt
    spec.optimizer.lr = kw.pop("lr", 0.1)
    spec.training.l1 = kw.pop("l1", 0.0)
    spec.training.l2 = kw.pop("l2", 0.0)
    for k, v in kw.items():
        setattr(spec.optimizer, k, v)
    net = build_mlp(spec, 3, n_classes)
    reg = None
    if spec.training.l1 or spec.training.l2:
        reg = keras.regularizers.L1L2(l1=spec.training.l1, l2=spec.training.l2)
    layers = [keras.Input((3,))]
    for ls in spec.layers:
        layers.append(
            keras.layers.Dense(
                ls.units, activation=_keras_activation(ls.activation), kernel_regularizer=reg
            )
        )
    out_units = net.dense[-1].n_out
    out_act = {"categorical_crossentropy": "softmax"}.get(loss, "sigmoid")
    layers.append(keras.layers.Dense(out_units, activation=out_act, kernel_regularizer=reg))
    model = keras.Sequential(layers)
    for layer, (w, b) in zip(model.layers, net.dense_weights(), strict=True):
        layer.set_weights([w, b])
    return spec, net, model


def _data(n_classes, n=6):
    rng = np.random.default_rng(11)
    x = rng.normal(size=(n, 3)).astype(np.float32)
    y = np.arange(n) % n_classes
    rng.shuffle(y)
    return x, y


def _keras_loss(loss, n_out, y):
    """(loss object, targets as Keras wants them)."""
    if loss == "categorical_crossentropy":
        return keras.losses.SparseCategoricalCrossentropy(), y
    t = y.reshape(-1, 1).astype(np.float32) if n_out == 1 else np.eye(n_out, dtype=np.float32)[y]
    if loss == "binary_crossentropy":
        return keras.losses.BinaryCrossentropy(), t
    return keras.losses.MeanSquaredError(), t


def _keras_optimizer(spec):
    o = spec.optimizer
    if o.name == "sgd":
        return keras.optimizers.SGD(o.lr)
    if o.name in ("momentum", "nesterov"):
        return keras.optimizers.SGD(o.lr, momentum=o.momentum, nesterov=o.name == "nesterov")
    if o.name == "adagrad":
        return keras.optimizers.Adagrad(o.lr, epsilon=o.epsilon)
    if o.name == "rmsprop":
        return keras.optimizers.RMSprop(o.lr, rho=o.rho, epsilon=o.epsilon)
    cls = {"adam": keras.optimizers.Adam, "nadam": keras.optimizers.Nadam}[o.name]
    return cls(o.lr, beta_1=o.beta1, beta_2=o.beta2, epsilon=o.epsilon)


# The reference steps take their gradients from TensorFlow's GradientTape: the Keras maths
# compared against is the same on every backend, so the step tests run once, on TensorFlow.
needs_tensorflow_backend = pytest.mark.skipif(
    keras.backend.backend() != "tensorflow",
    reason="the reference optimiser steps use TensorFlow's GradientTape",
)
if keras.backend.backend() == "tensorflow":
    import tensorflow as tf


def _keras_steps(spec, model, x, y, steps):
    loss_fn, t = _keras_loss(spec.loss, model.layers[-1].units, y)
    opt = _keras_optimizer(spec)
    losses = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            data_loss = loss_fn(t, model(x, training=True))
            total = data_loss + sum(model.losses) if model.losses else data_loss
        grads = tape.gradient(total, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        losses.append(float(data_loss))
    return losses


def _assert_same_weights(net, model):
    for layer, (w, b) in zip(model.layers, net.dense_weights(), strict=True):
        kw, kb = layer.get_weights()
        np.testing.assert_allclose(w, kw, atol=ATOL)
        np.testing.assert_allclose(b, kb, atol=ATOL)


@pytest.mark.parametrize(
    "loss, n_classes",
    [("categorical_crossentropy", 3), ("binary_crossentropy", 2), ("mse", 2), ("mse", 3)],
)
def test_forward_and_loss_match_keras(loss, n_classes):
    spec, net, model = _pair(loss=loss, n_classes=n_classes)
    x, y = _data(n_classes)
    out = keras.ops.convert_to_numpy(model(x))
    np.testing.assert_allclose(net.hidden_outputs(x)[-1], out, atol=ATOL)
    proba = net.predict_proba(x)
    if out.shape[1] == 1:
        np.testing.assert_allclose(proba[:, 1], out[:, 0], atol=ATOL)
    elif loss == "categorical_crossentropy":
        np.testing.assert_allclose(proba, out, atol=ATOL)
    else:  # independent sigmoid units: predict_proba normalises the rows
        np.testing.assert_allclose(proba, out / out.sum(axis=1, keepdims=True), atol=ATOL)
    loss_fn, t = _keras_loss(loss, out.shape[1], y)
    assert net.evaluate(x, y)[0] == pytest.approx(float(loss_fn(t, out)), abs=ATOL)


@needs_tensorflow_backend
@pytest.mark.parametrize(
    "opt, extra",
    [
        ("sgd", {}),
        ("momentum", {"momentum": 0.9}),
        ("nesterov", {"momentum": 0.8}),
        ("adagrad", {}),
        ("rmsprop", {"rho": 0.9}),
        ("adam", {}),
        ("nadam", {}),
    ],
)
def test_two_optimizer_steps_match_keras(opt, extra):
    spec, net, model = _pair(opt=opt, acts=("tanh", "leaky_relu"), lr=0.05, **extra)
    x, y = _data(3)
    keras_losses = _keras_steps(spec, model, x, y, steps=2)
    ours = [net.train_batch(x, y)[0] for _ in range(2)]
    np.testing.assert_allclose(ours, keras_losses, atol=ATOL)
    _assert_same_weights(net, model)


@needs_tensorflow_backend
@pytest.mark.parametrize("loss, n_classes", [("binary_crossentropy", 2), ("mse", 3)])
def test_adam_step_with_other_losses_and_l2(loss, n_classes):
    """L2 only: Keras adds L1 to the loss (a subgradient), the NumPy engine soft-thresholds
    after the update, so the two agree only for l1 = 0 (see test_numpy_network)."""
    spec, net, model = _pair(loss=loss, n_classes=n_classes, opt="adam", l2=0.02)
    x, y = _data(n_classes)
    keras_losses = _keras_steps(spec, model, x, y, steps=1)
    assert net.train_batch(x, y)[0] == pytest.approx(keras_losses[0], abs=ATOL)
    _assert_same_weights(net, model)


@needs_tensorflow_backend
def test_batchnorm_matches_keras_in_training_and_inference():
    spec = Experiment(loss="categorical_crossentropy", seed=2)
    spec.layers = [LayerSpec(units=4, activation="relu"), LayerSpec(type="batchnorm")]
    spec.optimizer.name = "sgd"
    spec.optimizer.lr = 0.1
    net = build_mlp(spec, 3, 3)
    model = keras.Sequential(
        [
            keras.Input((3,)),
            keras.layers.Dense(4, activation="relu"),
            keras.layers.BatchNormalization(momentum=0.99, epsilon=1e-3),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    (w1, b1), (w2, b2) = net.dense_weights()
    model.layers[0].set_weights([w1, b1])
    model.layers[2].set_weights([w2, b2])
    x, y = _data(3, n=8)
    _keras_steps(spec, model, x, y, steps=2)
    for _ in range(2):
        net.train_batch(x, y)
    bn = net._batchnorms()[0]
    gamma, beta, mean, var = model.layers[1].get_weights()
    np.testing.assert_allclose(bn.gamma, gamma, atol=ATOL)
    np.testing.assert_allclose(bn.beta, beta, atol=ATOL)
    np.testing.assert_allclose(bn.running_mean, mean, atol=ATOL)
    np.testing.assert_allclose(bn.running_var, var, atol=ATOL)
    np.testing.assert_allclose(
        net.predict_proba(x), keras.ops.convert_to_numpy(model(x, training=False)), atol=ATOL
    )


@needs_tensorflow_backend
@pytest.mark.parametrize("activation", ("relu", "leaky_relu"))
def test_batchnorm_before_an_activation_layer_matches_the_keras_engine(activation):
    """Dense(linear) -> BatchNorm -> Activation, built by both engines from one spec: the same
    outputs, losses and parameters after two steps, in training and in inference."""
    from engine.models.keras.model import KerasModel

    spec = Experiment(loss="categorical_crossentropy", seed=4, engine="keras")
    spec.layers = [
        LayerSpec(units=5, activation="linear"),
        LayerSpec(type="batchnorm"),
        LayerSpec(type="activation", activation=activation),
    ]
    spec.optimizer.name = "sgd"
    spec.optimizer.lr = 0.1
    spec.device = "cpu"
    net = build_mlp(spec, 3, 3)
    model = KerasModel(spec, (3,), 3).model
    kinds = [type(la).__name__ for la in model.layers]
    assert kinds == ["Dense", "BatchNormalization", "Activation", "Dense"]
    dense = [la for la in model.layers if isinstance(la, keras.layers.Dense)]
    for layer, (w, b) in zip(dense, net.dense_weights(), strict=True):
        layer.set_weights([w, b])
    x, y = _data(3, n=8)
    np.testing.assert_allclose(
        net.predict_proba(x), keras.ops.convert_to_numpy(model(x, training=False)), atol=ATOL
    )
    keras_losses = _keras_steps(spec, model, x, y, steps=2)
    ours = [net.train_batch(x, y)[0] for _ in range(2)]
    np.testing.assert_allclose(ours, keras_losses, atol=ATOL)
    _assert_same_weights_of(net, dense)
    bn = net._batchnorms()[0]
    for ours_, theirs in zip(
        (bn.gamma, bn.beta, bn.running_mean, bn.running_var),
        model.layers[1].get_weights(),
        strict=True,
    ):
        np.testing.assert_allclose(ours_, theirs, atol=ATOL)
    np.testing.assert_allclose(
        net.predict_proba(x), keras.ops.convert_to_numpy(model(x, training=False)), atol=ATOL
    )


def _assert_same_weights_of(net, dense_layers):
    for layer, (w, b) in zip(dense_layers, net.dense_weights(), strict=True):
        kw, kb = layer.get_weights()
        np.testing.assert_allclose(w, kw, atol=ATOL)
        np.testing.assert_allclose(b, kb, atol=ATOL)
