"""The single-layer perceptron: Rosenblatt's rule on logic gates, and the delta rule."""

from __future__ import annotations

import numpy as np
import pytest

from engine.experiment.spec import Experiment, SpecError
from engine.models.numpy import Perceptron, build_model, build_perceptron, load_model

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
GATES = {"or": [0, 1, 1, 1], "and": [0, 0, 0, 1], "xor": [0, 1, 1, 0]}


def _spec(rule="rosenblatt", lr=0.1, seed=0):
    spec = Experiment(model="perceptron", seed=seed)
    spec.layers = []
    spec.optimizer.lr = lr
    spec.training.perceptron_rule = rule
    return spec


def _online_epoch(model, x, y, rng):
    """One pass over (x, y), one shuffled example per `train_batch`, as the trainer drives it."""
    for i in rng.permutation(len(x)):
        model.train_batch(x[i : i + 1], y[i : i + 1])


@pytest.mark.parametrize("gate", ("or", "and"))
@pytest.mark.parametrize("seed", (0, 1, 2))
def test_rosenblatt_learns_separable_gates_within_20_epochs(gate, seed):
    y = np.array(GATES[gate])
    model = build_perceptron(_spec(seed=seed), 2, 2)
    rng = np.random.default_rng(seed)
    for _ in range(20):
        _online_epoch(model, X, y, rng)
        if model.converged:
            break
    assert model.converged, f"{gate} not learned in 20 epochs"
    assert model.evaluate(X, y) == (0.0, 1.0)
    np.testing.assert_array_equal(model.predict(X), y)


def test_rosenblatt_never_separates_xor():
    y = np.array(GATES["xor"])
    model = build_perceptron(_spec(), 2, 2)
    rng = np.random.default_rng(0)
    for _ in range(100):
        _online_epoch(model, X, y, rng)
        assert not model.converged
        assert model.evaluate(X, y)[1] < 1.0


def test_converged_needs_no_epoch_hook():
    """Driven by train_batch alone, as the trainer does: False mid-first-epoch, True once the
    weights classify every example after a full epoch."""
    y = np.array(GATES["or"])
    model = build_perceptron(_spec(), 2, 2)
    model.w[:] = [1.0, 1.0]  # already separates OR
    model.b = -0.5
    model.train_batch(X[:2], y[:2])
    assert not model.converged  # half an epoch seen
    model.train_batch(X[2:], y[2:])
    model.train_batch(X[:1], y[:1])  # an example comes round again: epoch 1 is complete
    assert model.converged
    model.b = 5.0  # now everything is class 1: no longer converged
    assert not model.converged


def test_rosenblatt_loss_counts_mistakes_and_batches_sum_updates():
    y = np.array(GATES["and"])
    model = build_perceptron(_spec(lr=0.5), 2, 2)
    model.w[:] = 0.0
    model.b = 0.0  # step(0) = 1: predicts 1 everywhere, three mistakes
    loss, acc = model.train_batch(X[[0]], y[[0]])
    assert (loss, acc) == (1.0, 0.0)
    np.testing.assert_array_equal(model.w, [0.0, 0.0])
    assert model.b == -0.5


def test_delta_rule_reproduces_the_tutorial_curve():
    y = np.array(GATES["or"])
    model = build_perceptron(_spec(rule="delta", lr=0.01), 2, 2)
    losses = [model.train_batch(X, y)[0] for _ in range(100)]
    assert 1.5 <= losses[0] <= 2.6
    assert 0.15 <= losses[-1] <= 0.4
    assert all(b <= a + 1e-12 for a, b in zip(losses, losses[1:], strict=False))


def test_delta_rule_gradient_is_twice_the_relu_chain():
    y = np.array(GATES["or"], dtype=float)
    model = build_perceptron(_spec(rule="delta", lr=0.01), 2, 2)
    w, b = model.w.copy(), model.b
    z = X @ w + b
    g = 2 * (np.maximum(z, 0) - y) * (z > 0)
    model.train_batch(X, y)
    np.testing.assert_allclose(model.w, w - 0.01 * X.T @ g, rtol=1e-6)
    assert model.b == pytest.approx(b - 0.01 * g.sum())


def test_proba_boundary_and_teaching_views():
    model = build_perceptron(_spec(), 2, 2)
    p = model.predict_proba(X)
    assert p.shape == (4, 2)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    w, b = model.boundary()
    np.testing.assert_array_equal(p[:, 1], (X @ w + b >= 0).astype(float))
    ((wk, bk),) = model.dense_weights()
    assert wk.shape == (2, 1) and bk.shape == (1,)
    model.set_weight(0, 1, 0, -3.0)
    assert model.boundary()[0][1] == -3.0
    assert model.hidden_outputs(X)[0].shape == (4, 1)


def test_perceptron_refuses_more_than_two_classes():
    with pytest.raises(SpecError, match="mlp"):
        build_perceptron(_spec(), 2, 3)


def test_build_model_dispatches_on_the_model_kind():
    assert isinstance(build_model(_spec(), 2, 2), Perceptron)
    with pytest.raises(SpecError, match="keras"):
        build_model(Experiment(model="cnn"), 4, 2)


def test_state_and_file_round_trip(tmp_path):
    y = np.array(GATES["or"])
    model = build_perceptron(_spec(rule="delta", lr=0.05), 2, 2)
    state = model.get_state()
    model.train_batch(X, y)
    path = tmp_path / "p.npz"
    model.save(path, {"note": "or gate"})
    loaded = load_model(path)
    assert isinstance(loaded, Perceptron) and loaded.rule == "delta"
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))
    assert loaded.metadata == {"note": "or gate"}
    model.set_state(state)
    assert not np.array_equal(model.w, loaded.w)


@pytest.mark.parametrize("rule, batch", [("rosenblatt", 1), ("delta", 4)])
def test_the_last_epochs_curve_agrees_with_convergence_and_validation(rule, batch):
    """The epoch the run stops as converged shows 100 % on the train curve too (it was 75 %:
    the mistakes made during that epoch, before the update that fixed them)."""
    from engine.data.datasets import load_dataset
    from engine.training.trainer import Trainer

    exp = Experiment(model="perceptron")
    exp.data.name = "gate-or"
    exp.training.perceptron_rule, exp.training.batch_size = rule, batch
    exp.training.epochs, exp.optimizer.lr = 200, 0.03 if rule == "rosenblatt" else 0.01
    trainer = Trainer(exp, load_dataset(exp.data))
    while not trainer.finished:
        trainer.step()
    last = trainer.history[-1]
    assert "classified every training point" in trainer.message
    assert last.accuracy == 1.0 and last.val_accuracy == 1.0
    assert (last.loss, last.accuracy) == pytest.approx(
        trainer._evaluate(trainer.x_train, trainer.y_train)
    )


def test_delta_rule_first_epoch_is_scored_after_its_step_as_the_tutorial_prints():
    from engine.data.datasets import load_dataset
    from engine.training.trainer import Trainer

    exp = Experiment(model="perceptron")
    exp.data.name = "gate-or"
    exp.training.perceptron_rule, exp.training.batch_size, exp.optimizer.lr = "delta", 4, 0.01
    trainer = Trainer(exp, load_dataset(exp.data))
    before, _ = trainer.model.evaluate(trainer.x_train, trainer.y_train)
    trainer.step()
    assert before == pytest.approx(2.09, abs=0.005)
    assert trainer.history[0].loss == pytest.approx(1.66, abs=0.005)


@pytest.mark.parametrize("rule", ["rosenblatt", "delta"])
def test_the_drawn_line_is_where_the_predicted_class_flips(rule):
    """Lesson 1's black line sat on w.x + b = 0 while the delta unit's heatmap flips at an
    output of 0.5: the line must be the 0.5 contour of P(class 1)."""
    model = build_perceptron(_spec(rule=rule), 2, 2)
    model.w, model.b = np.array([0.7, 0.4]), -0.2
    w, c = model.boundary()
    direction = w / np.linalg.norm(w)
    on_line = -c * direction / np.linalg.norm(w)  # the point of the line nearest the origin
    eps = 1e-6 * direction
    p = model.predict_proba(np.stack([on_line - eps, on_line + eps]))[:, 1]
    assert p[0] < 0.5 <= p[1]
