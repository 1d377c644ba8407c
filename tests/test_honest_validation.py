"""Honest validation: three sets by default. Early stopping and the best weights follow a
validation set carved from the training data (or, where nothing can be carved, the training
data itself), so the test set stays unseen until the final evaluation: poisoning it changes
nothing about how a run trains."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.data.datasets import Dataset, load_dataset
from engine.experiment.spec import (
    DEFAULT_VALIDATION_SPLIT,
    DataSpec,
    Experiment,
    LayerSpec,
    OptimizerSpec,
    TrainingSpec,
)
from engine.training.trainer import STOP_EARLY, Trainer
from tests.keras_backend import needs_keras  # noqa: E402


def test_the_default_carves_a_fifth_of_the_training_points_to_validate():
    assert DataSpec().validation_split == DEFAULT_VALIDATION_SPLIT == 0.2
    exp = Experiment()  # circle, 500 points, half of them to train
    ds = load_dataset(exp.data)
    assert (len(ds.y_train), len(ds.y_val), len(ds.y_test)) == (200, 50, 250)
    assert exp.train_count() == 200
    trainer = Trainer(exp, ds)
    assert len(trainer.y_val) == 50 and len(trainer.y_test) == 250
    # the three sets are disjoint
    rows = {tuple(p) for p in np.concatenate([ds.x_train, ds.x_val, ds.x_test])}
    assert len(rows) == 500


@pytest.mark.parametrize(
    ("points", "ratio", "sizes"), [(100, 30, (24, 6, 70)), (10, 50, (4, 1, 5))]
)
def test_the_split_sizes_of_small_clouds(points, ratio, sizes):
    ds = load_dataset(DataSpec(name="moons", points=points, train_ratio=ratio))
    assert (len(ds.y_train), len(ds.y_val), len(ds.y_test)) == sizes


def test_a_gate_validates_on_its_training_rows_never_on_the_test_set():
    exp = Experiment(model="perceptron", data=DataSpec(name="gate-or"), layers=[])
    ds = load_dataset(exp.data)
    assert len(ds.y_val) == 0  # four rows: nothing to carve
    trainer = Trainer(exp, ds)
    assert trainer.x_val is trainer.x_train and trainer.y_val is trainer.y_train


def test_no_split_validates_on_the_training_rows():
    exp = Experiment(data=DataSpec(name="circle", points=100, validation_split=0))
    ds = load_dataset(exp.data)
    trainer = Trainer(exp, ds)
    assert len(ds.y_val) == 0 and trainer.y_val is trainer.y_train
    assert exp.train_count() == 50


def test_mnist_limit_counts_the_validation_share():
    exp = Experiment(data=DataSpec(name="mnist", limit=1000))
    assert exp.train_count() == 800


def _poisoned(ds: Dataset) -> Dataset:
    """The same data with the test labels shuffled and the test points scrambled."""
    rng = np.random.default_rng(123)
    y = rng.permutation(ds.y_test)
    y = np.where(y == ds.y_test, 1 - y, y)  # every label wrong
    x = ds.x_test[rng.permutation(len(ds.x_test))] * -1.5
    return dataclasses.replace(ds, x_test=x, y_test=y)


def _overfitting_run(engine: str = "numpy", validation_split: float = 0.2) -> Experiment:
    return Experiment(
        engine=engine,
        data=DataSpec(
            name="circle", points=200, noise=35, train_ratio=50, validation_split=validation_split
        ),
        layers=[LayerSpec(units=32, activation="relu") for _ in range(2)],
        optimizer=OptimizerSpec("adam", lr=0.01),
        training=TrainingSpec(batch_size=10, epochs=200, init="he", early_stopping=5),
    )


def _train(exp: Experiment, ds: Dataset, watch_test: bool) -> tuple[Trainer, list]:
    """Train to the end; with watch_test, score the test set after every epoch, as the
    window's automatic evaluation does."""
    trainer, seen = Trainer(exp, ds), []
    while not trainer.finished:
        _, epoch = trainer.step()
        if epoch is not None and watch_test:
            seen.append(trainer.test_metrics())
            trainer.evaluate_test()
    return trainer, seen


def _same_run(a: Trainer, b: Trainer) -> None:
    assert a.stopped == b.stopped == STOP_EARLY
    assert a.epochs_done == b.epochs_done and a.message == b.message
    assert [r.as_json() | {"seconds": 0} for r in a.history] == [
        r.as_json() | {"seconds": 0} for r in b.history
    ]
    _assert_same(a.model.get_state(), b.model.get_state())


def _assert_same(a, b) -> None:
    """Equal, down to every array of a nested model state."""
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            _assert_same(a[key], b[key])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for item_a, item_b in zip(a, b, strict=True):
            _assert_same(item_a, item_b)
    else:
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


@pytest.mark.parametrize("validation_split", [0.2, 0.0])  # 0: validates on the training rows
def test_a_poisoned_test_set_changes_nothing_about_training_numpy(validation_split):
    exp = _overfitting_run(validation_split=validation_split)
    ds = load_dataset(exp.data)
    bad = _poisoned(ds)
    assert not np.array_equal(bad.y_test, ds.y_test)
    true_run, true_seen = _train(exp, ds, watch_test=True)
    bad_run, bad_seen = _train(exp, bad, watch_test=True)
    _same_run(true_run, bad_run)
    assert true_run.epochs_done < exp.training.epochs  # early stopping did pick an epoch
    # the test scores differ (the poison is real), the training did not
    assert true_seen[-1][1] > 0.6 > bad_seen[-1][1]
    assert true_run.test_metrics()[1] != bad_run.test_metrics()[1]


def _fit(exp: Experiment, ds: Dataset) -> Trainer:
    from engine.training.control import TrainingControl
    from engine.training.loop import run_training

    trainer = Trainer(exp, ds)
    run_training(trainer, TrainingControl())
    return trainer


@needs_keras
def test_a_poisoned_test_set_changes_nothing_about_training_keras():
    """Keras's own fit loop gets the validation set, never the test set."""
    exp = _overfitting_run("keras")
    exp.data.points, exp.training.epochs, exp.training.batch_size = 100, 40, 25
    ds = load_dataset(exp.data)
    true_run, bad_run = _fit(exp, ds), _fit(exp, _poisoned(ds))
    assert true_run.stopped == bad_run.stopped == STOP_EARLY
    assert true_run.epochs_done == bad_run.epochs_done and true_run.message == bad_run.message
    for a, b in zip(true_run.history, bad_run.history, strict=True):
        assert (a.loss, a.val_loss, a.val_accuracy) == pytest.approx(
            (b.loss, b.val_loss, b.val_accuracy), abs=1e-6
        )
    _assert_same(true_run.model.get_state(), bad_run.model.get_state())
