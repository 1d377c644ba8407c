"""The NumPy MLP as the trainer and GUI use it: files, modes, hyperparameters, learning."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest

from engine.experiment.spec import Experiment, LayerSpec, SpecError
from engine.models.numpy import MLPNetwork, ModelFileError, build_mlp, build_model, load_model


def _spec(layers=None, loss="categorical_crossentropy", **training):
    spec = Experiment(loss=loss, seed=4)
    spec.layers = layers or [
        LayerSpec(units=8, activation="tanh"),
        LayerSpec(units=8, activation="tanh"),
    ]
    spec.optimizer.name = "adam"
    spec.optimizer.lr = 0.03
    for k, v in training.items():
        setattr(spec.training, k, v)
    return spec


def _spiral(n=200, seed=0):
    rng = np.random.default_rng(seed)
    t = np.linspace(0.3, 3.5, n // 2)
    arms = [np.c_[t * np.cos(t + k * np.pi), t * np.sin(t + k * np.pi)] for k in (0, 1)]
    x = np.concatenate(arms) + rng.normal(scale=0.1, size=(n, 2))
    y = np.repeat([0, 1], n // 2)
    return (x / 3.5).astype(np.float32), y


def _epochs(net, x, y, epochs, batch=10, seed=0):
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for s in range(0, len(x), batch):
            idx = order[s : s + batch]
            net.train_batch(x[idx], y[idx])


BN_DROPOUT = [
    LayerSpec(units=8, activation="relu"),
    LayerSpec(type="batchnorm"),
    LayerSpec(type="dropout", rate=0.3),
    LayerSpec(units=6, activation="tanh"),
]


def test_save_and_load_round_trip(tmp_path):
    x, y = _spiral()
    net = build_mlp(_spec(BN_DROPOUT, l2=0.001), 2, 2)
    _epochs(net, x, y, 3)
    path = tmp_path / "model.npz"
    net.save(path, {"epoch": 3, "note": "spiral"})
    loaded = load_model(path)
    assert isinstance(loaded, MLPNetwork) and loaded.metadata == {"epoch": 3, "note": "spiral"}
    np.testing.assert_array_equal(loaded.predict_proba(x), net.predict_proba(x))
    assert loaded.evaluate(x, y) == net.evaluate(x, y)
    # optimiser state and hyperparameters came along: training continues identically
    loaded.rng = np.random.default_rng(9)
    net.rng = np.random.default_rng(9)
    for _ in range(3):
        assert loaded.train_batch(x[:10], y[:10]) == net.train_batch(x[:10], y[:10])
    np.testing.assert_array_equal(loaded.params()[0], net.params()[0])


def test_save_is_atomic_and_needs_no_npz_suffix(tmp_path):
    net = build_mlp(_spec(), 2, 2)
    path = tmp_path / "model.weights"
    net.save(path, {})
    net.save(path, {})  # overwrite in place
    assert [p.name for p in tmp_path.iterdir() if "model" in p.name] == ["model.weights"]
    assert isinstance(load_model(path), MLPNetwork)


def test_invalid_files_raise_value_errors_naming_the_file(tmp_path):
    junk = tmp_path / "junk.npz"
    junk.write_bytes(np.random.default_rng(0).bytes(3000))
    good = tmp_path / "good.npz"
    build_mlp(_spec(), 2, 2).save(good, {})
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    array = tmp_path / "array.npy"
    np.save(array, np.zeros(3))
    other = tmp_path / "other.npz"
    np.savez(other, w=np.zeros(3))
    wrong_shape = tmp_path / "wrong_shape.npz"
    with zipfile.ZipFile(good) as zf, zipfile.ZipFile(wrong_shape, "w") as out:
        for item in zf.namelist():
            data = zf.read(item)
            if item == "params.npy":
                out.writestr(item, _npy_bytes(np.zeros(5, np.float32)))
            else:
                out.writestr(item, data)
    for path in (junk, truncated, array, other, wrong_shape, tmp_path / "missing.npz"):
        with pytest.raises(ValueError, match=path.name) as info:
            load_model(path)
        assert isinstance(info.value, ModelFileError)


def _npy_bytes(a):
    import io

    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


def test_dropout_only_in_training():
    x, y = _spiral(40)
    net = build_mlp(_spec(dropout=0.5), 2, 2)
    assert sum(la.kind == "dropout" for la in net.layers) == 2  # after each hidden dense
    a, b = net.predict_proba(x), net.predict_proba(x)
    np.testing.assert_array_equal(a, b)
    h = x.astype(np.float32)
    for w, bias in net.dense_weights()[:-1]:
        h = np.tanh(h @ w + bias)
    w, bias = net.dense_weights()[-1]
    z = h @ w + bias
    p = np.exp(z - z.max(axis=1, keepdims=True))
    np.testing.assert_allclose(a, p / p.sum(axis=1, keepdims=True), atol=1e-6)
    losses = {net.loss_and_grads(x, y)[0] for _ in range(3)}  # training mode: masks differ
    assert len(losses) == 3


def test_batchnorm_inference_uses_running_stats():
    x, y = _spiral()
    layers = [LayerSpec(units=6, activation="relu"), LayerSpec(type="batchnorm")]
    net = build_mlp(_spec(layers), 2, 2)
    _epochs(net, x, y, 2)
    bn = net._batchnorms()[0]
    assert not np.allclose(bn.running_mean, 0) and not np.allclose(bn.running_var, 1)
    (w1, b1), (w2, b2) = net.dense_weights()
    h = np.maximum(x @ w1 + b1, 0)
    h = (h - bn.running_mean) / np.sqrt(bn.running_var + 1e-3) * bn.gamma + bn.beta
    z = h @ w2 + b2
    p = np.exp(z - z.max(axis=1, keepdims=True))
    np.testing.assert_allclose(net.predict_proba(x), p / p.sum(axis=1, keepdims=True), atol=1e-5)
    one = net.predict_proba(x[:1])  # a single row must not be normalised by its own stats
    np.testing.assert_allclose(one, net.predict_proba(x)[:1], atol=1e-6)


@pytest.mark.parametrize(
    "opt", ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "nadam")
)
def test_lr_zero_freezes_the_weights(opt):
    x, y = _spiral(40)
    spec = _spec()
    spec.optimizer.name = opt
    net = build_mlp(spec, 2, 2)
    net.train_batch(x[:10], y[:10])  # build up some optimiser state first
    before = net.get_state()
    net.set_hyper(lr=0.0, momentum=0.0)  # Keras momentum keeps coasting on its velocity at lr 0
    for _ in range(3):
        net.train_batch(x[:10], y[:10])
    np.testing.assert_array_equal(net.get_state()["params"], before["params"])
    net.set_hyper(lr=0.03, momentum=0.5)
    net.train_batch(x[:10], y[:10])
    assert not np.array_equal(net.get_state()["params"], before["params"])
    with pytest.raises(ValueError, match="beta"):
        net.set_hyper(beta=0.1)


def test_spiral_is_learned_quickly():
    x, y = _spiral()
    net = build_mlp(_spec(), 2, 2)
    loss0, acc0 = net.evaluate(x, y)
    _epochs(net, x, y, 150)
    loss, acc = net.evaluate(x, y)
    assert loss < 0.3 * loss0 and acc > 0.9


@pytest.mark.parametrize("loss", ("sse", "mse", "binary_crossentropy"))
def test_other_losses_learn_too(loss):
    x, y = _spiral()
    net = build_mlp(_spec(loss=loss), 2, 2)
    loss0 = net.evaluate(x, y)[0]
    _epochs(net, x, y, 60)
    assert net.evaluate(x, y)[0] < 0.6 * loss0


def test_l2_shrinks_the_weights():
    x, y = _spiral()
    norms = {}
    for l2 in (0.0, 0.01):
        net = build_mlp(_spec(l2=l2), 2, 2)
        _epochs(net, x, y, 30)
        norms[l2] = sum(float(np.sum(w**2)) for w, _ in net.dense_weights())
    assert norms[0.01] < 0.7 * norms[0.0]


def _kernels(net):
    return np.concatenate([w.ravel() for w, _ in net.dense_weights()])


def test_l1_is_a_soft_threshold_after_the_update():
    """One SGD step with L1 = the same step without it, then w <- sign(w) max(|w| - lr l1, 0)
    on the kernels only; weights within lr * l1 of zero become exactly zero."""
    x, y = _spiral(40)
    plain, sparse = (_spec(l1=0.0), _spec(l1=0.5))
    for spec in (plain, sparse):
        spec.optimizer.name, spec.optimizer.lr = "sgd", 0.1
    plain, sparse = build_mlp(plain, 2, 2), build_mlp(sparse, 2, 2)
    plain.train_batch(x, y)
    sparse.train_batch(x, y)
    w = _kernels(plain)
    expected = np.sign(w) * np.maximum(np.abs(w) - np.float32(0.1 * 0.5), 0)
    np.testing.assert_allclose(_kernels(sparse), expected, atol=1e-7)
    assert np.array_equal(_kernels(sparse) == 0, expected == 0)
    assert (_kernels(sparse) == 0).sum() > 0 and (w == 0).sum() == 0
    for (_, b_plain), (_, b_sparse) in zip(
        plain.dense_weights(), sparse.dense_weights(), strict=True
    ):
        np.testing.assert_array_equal(b_plain, b_sparse)  # biases are not penalised


@pytest.mark.parametrize("optimizer, lr", [("sgd", 0.3), ("adam", 0.03)])
def test_l1_training_leaves_exact_zeros(optimizer, lr):
    """The l1Rate explanation's claim: weights the data does not need become exactly zero
    (many with SGD, some with Adam); without L1 none does."""
    x, y = _spiral()
    zeros = {}
    for l1 in (0.0, 0.01):
        spec = _spec(l1=l1)
        spec.optimizer.name, spec.optimizer.lr = optimizer, lr
        net = build_mlp(spec, 2, 2)
        _epochs(net, x, y, 20)
        zeros[l1] = int((_kernels(net) == 0).sum())
    assert zeros[0.0] == 0
    assert zeros[0.01] >= (10 if optimizer == "sgd" else 1), zeros


def test_train_loss_is_the_forward_loss_of_the_step():
    x, y = _spiral(50)
    net = build_mlp(_spec(l1=0.01), 2, 2)
    expected = net.evaluate(x[:10], y[:10])
    assert net.train_batch(x[:10], y[:10]) == pytest.approx(expected, rel=1e-5)
    assert net.evaluate(x[:10], y[:10])[0] < expected[0]


def test_evaluate_in_chunks_matches_one_pass():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(9000, 2)).astype(np.float32)
    y = (x[:, 0] > 0).astype(int)
    for loss in ("categorical_crossentropy", "sse"):
        net = build_mlp(_spec(loss=loss), 2, 2)
        loss_all, acc_all = net.evaluate(x, y)
        parts = [net.evaluate(x[s : s + 3000], y[s : s + 3000]) for s in (0, 3000, 6000)]
        combined = sum(p[0] for p in parts) if loss == "sse" else np.mean([p[0] for p in parts])
        assert loss_all == pytest.approx(combined, rel=1e-4)
        assert acc_all == pytest.approx(np.mean([p[1] for p in parts]))


@pytest.mark.parametrize(
    "loss, out_act, n_classes, units",
    [
        ("categorical_crossentropy", "auto", 3, 3),
        ("binary_crossentropy", "auto", 2, 1),
        ("mse", "auto", 2, 1),
        ("sse", "linear", 2, 1),
        ("sse", "tanh", 4, 4),
        ("mse", "softmax", 2, 2),
    ],
)
def test_output_layer_follows_the_loss(loss, out_act, n_classes, units):
    spec = _spec(loss=loss)
    spec.output_activation = out_act
    net = build_mlp(spec, 3, n_classes)
    assert net.dense[-1].n_out == units
    x = np.random.default_rng(1).normal(size=(7, 3)) * 3
    p = net.predict_proba(x)
    assert p.shape == (7, n_classes) and p.min() >= 0 and p.max() <= 1
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-6)
    y = np.arange(7) % n_classes
    assert net.evaluate(x, y)[1] == pytest.approx(np.mean(p.argmax(axis=1) == y))


def test_specs_the_numpy_engine_refuses():
    with pytest.raises(SpecError, match="categorical_crossentropy"):
        build_mlp(_spec(loss="binary_crossentropy"), 2, 3)
    with pytest.raises(SpecError, match="keras"):
        build_mlp(_spec([LayerSpec(type="conv2d")]), 784, 10)
    with pytest.raises(SpecError, match="hidden"):
        build_mlp(_spec([LayerSpec(units=3, activation="step")]), 2, 2)
    net = build_mlp(_spec([LayerSpec(type="flatten"), LayerSpec(units=3)]), 2, 2)
    assert [la.kind for la in net.layers] == ["dense", "dense"]


def test_state_is_a_deep_copy():
    x, y = _spiral(40)
    net = build_mlp(_spec(BN_DROPOUT), 2, 2)
    state = net.get_state()
    p0 = net.predict_proba(x)
    _epochs(net, x, y, 2)
    assert not np.allclose(net.predict_proba(x), p0)
    net.set_state(state)
    np.testing.assert_array_equal(net.predict_proba(x), p0)
    assert net.optimizer.iterations == 0


def test_teaching_views_and_weight_editing():
    x, y = _spiral(20)
    net = build_model(_spec(), 2, 2)
    outs = net.hidden_outputs(x)
    assert [o.shape for o in outs] == [(20, 8), (20, 8), (20, 2)]
    np.testing.assert_allclose(outs[-1], net.predict_proba(x), atol=1e-6)
    weights = net.dense_weights()
    assert [w.shape for w, _ in weights] == [(2, 8), (8, 8), (8, 2)]
    net.set_weight(0, 1, 2, 0.75)
    assert weights[0][0][1, 2] == 0.75  # live views
    net.set_bias(-1, 0, -0.25)
    assert weights[-1][1][0] == -0.25
    net.train_batch(x[:10], y[:10])
    grads = net.gradients()
    assert [g.shape for g, _ in grads] == [(2, 8), (8, 8), (8, 2)]
    assert all(np.abs(g).sum() > 0 for g, _ in grads)


def test_float64_mode_and_seeding():
    a = build_mlp(_spec(), 2, 2, dtype=np.float64)
    b = build_mlp(_spec(), 2, 2)
    assert a.params()[0].dtype == np.float64 and b.params()[0].dtype == np.float32
    np.testing.assert_allclose(a.params()[0], b.params()[0], rtol=1e-6)
    spec = _spec()
    spec.seed = 5
    assert not np.allclose(build_mlp(spec, 2, 2).params()[0], b.params()[0])


def test_inputs_are_flattened_and_checked():
    net = build_mlp(_spec(), 4, 3)
    images = np.zeros((5, 2, 2), dtype=np.uint8)
    assert net.predict_proba(images).shape == (5, 3)
    with pytest.raises(ValueError, match="4 input features"):
        net.train_batch(np.zeros((5, 3)), np.zeros(5, int))


def test_a_diverging_step_is_not_applied_and_raises_no_warnings(recwarn):
    x, y = _spiral()
    spec = _spec([LayerSpec(units=64, activation="relu")] * 3, loss="mse")
    spec.output_activation = "linear"
    spec.optimizer.name = "sgd"
    spec.optimizer.lr = 10.0
    spec.training.init = "uniform"
    net = build_mlp(spec, 2, 2)
    for _ in range(50):
        loss, _ = net.train_batch(x[:10] * 5, y[:10])
        if not np.isfinite(loss):
            break
    assert not np.isfinite(loss)
    assert all(np.isfinite(p).all() for p in net.params())
    before = net.get_state()["params"]
    assert not np.isfinite(net.train_batch(x[:10] * 5, y[:10])[0])
    np.testing.assert_array_equal(net.get_state()["params"], before)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
