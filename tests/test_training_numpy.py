"""The real NumPy engine driven by the trainer: what a user of the CLI or GUI would see."""

from __future__ import annotations

import numpy as np

from engine.data.datasets import load_dataset
from engine.experiment.spec import Experiment, LayerSpec
from engine.training.trainer import Trainer, TrainingDiverged


def _train_epochs(trainer: Trainer, n: int = 1):
    """Train n more epochs one `trainer.step()` at a time; the last epoch's report."""
    start = trainer.epochs_done
    while trainer.epochs_done < start + n and not trainer.finished:
        trainer.step()
    return trainer.history[-1]


def _xor_experiment(**optimizer) -> Experiment:
    exp = Experiment()
    exp.data.name = "xor"
    exp.data.points = 200
    exp.layers = [LayerSpec(units=8, activation="tanh"), LayerSpec(units=8, activation="tanh")]
    exp.optimizer.name = "adam"
    exp.optimizer.lr = 0.03
    for k, v in optimizer.items():
        setattr(exp.optimizer, k, v)
    return exp


def test_loss_falls_and_xor_is_learned():
    exp = _xor_experiment()
    trainer = Trainer(exp, load_dataset(exp.data))
    first = _train_epochs(trainer)
    for _ in range(30):
        last = _train_epochs(trainer)
    assert last.loss < 0.5 * first.loss
    assert trainer.test_metrics()[1] >= 0.9


def test_decision_grid_has_the_plot_shape_and_probabilities():
    exp = _xor_experiment()
    trainer = Trainer(exp, load_dataset(exp.data))
    before = trainer.decision_grid(50).copy()
    for _ in range(10):
        _train_epochs(trainer)
    after = trainer.decision_grid(50)
    assert after.shape == (50, 50, 2) and after.dtype == np.float32
    np.testing.assert_allclose(after.sum(axis=2), 1.0, atol=1e-5)
    assert np.abs(after - before).max() > 0.1  # the boundary moved as it learned


def test_huge_learning_rate_diverges_and_keeps_finite_weights():
    exp = _xor_experiment(name="sgd", lr=10.0)
    exp.layers = [LayerSpec(units=64, activation="relu") for _ in range(3)]
    exp.training.init = "uniform"
    trainer = Trainer(exp, load_dataset(exp.data))
    diverged = False
    for _ in range(2000):
        try:
            trainer.step()
        except TrainingDiverged:
            diverged = True
            break
    assert diverged and trainer.stopped == "diverged"
    assert "lower learning rate" in trainer.message
    state = trainer.model.get_state()
    flat = [a for a in _arrays(state)]
    assert flat and all(np.isfinite(a).all() for a in flat)


def _arrays(obj):
    if isinstance(obj, np.ndarray):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _arrays(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _arrays(v)


def test_perceptron_on_or_converges_and_stops_early():
    exp = Experiment(model="perceptron")
    exp.layers = []
    exp.data.name = "gate-or"
    exp.optimizer.name = "sgd"
    exp.optimizer.lr = 0.1
    exp.training.batch_size = 1
    exp.training.epochs = 100
    trainer = Trainer(exp, load_dataset(exp.data))
    while not trainer.finished:
        trainer.step()
    assert trainer.epochs_done <= 20
    assert trainer.test_metrics()[1] == 1.0
    assert "classified every training point" in trainer.message


def test_perceptron_on_xor_explains_why_it_fails():
    exp = Experiment(model="perceptron")
    exp.layers = []
    exp.data.name = "gate-xor"
    exp.optimizer.lr = 0.1
    exp.training.batch_size = 1
    exp.training.epochs = 50
    trainer = Trainer(exp, load_dataset(exp.data))
    while not trainer.finished:
        trainer.step()
    assert trainer.test_metrics()[1] < 1.0
    assert "no line separates" in trainer.message
