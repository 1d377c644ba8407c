"""The step-wise trainer and its control: pause, step, stop, live changes, early stopping,
divergence. A scripted model makes the outcomes exact; the real engine is tested after."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.data.datasets import Dataset, load_dataset
from engine.experiment.spec import DataSpec, Experiment, SpecError
from engine.training.trainer import STOP_DIVERGED, STOP_EARLY, Trainer, TrainingDiverged


class ScriptedModel:
    """Returns the losses it is given, in order; records hyperparameters and state restores."""

    n_classes = 2

    def __init__(self, train_losses=(), val_losses=()):
        self.train_losses = list(train_losses)
        self.val_losses = list(val_losses)
        self.hyper: dict[str, float] = {}
        self.weights = 0
        self.batches_seen: list[int] = []

    def train_batch(self, x, y):
        self.batches_seen.append(len(x))
        self.weights += 1
        loss = self.train_losses.pop(0) if self.train_losses else 0.5
        return loss, 0.75

    def evaluate(self, x, y):
        return (self.val_losses.pop(0) if self.val_losses else 0.5), 0.5

    def predict_proba(self, x):
        return np.full((len(x), 2), 0.5, dtype=np.float32)

    def set_hyper(self, **values):
        self.hyper.update(values)

    def get_state(self):
        return self.weights

    def set_state(self, state):
        self.weights = state


def _points(n=20) -> Dataset:
    """n training points, none carved off to validate: the counts below stay round."""
    return load_dataset(DataSpec(name="xor", points=2 * n, train_ratio=50, validation_split=0))


def _spec(**training) -> Experiment:
    exp = Experiment()
    exp.data = DataSpec(name="xor", points=40, train_ratio=50, validation_split=0)
    for k, v in training.items():
        setattr(exp.training, k, v)
    return exp


def test_steps_batches_and_epochs_count_exactly():
    model = ScriptedModel()
    trainer = Trainer(_spec(batch_size=6, epochs=2), _points(), model)
    reports = [trainer.step() for _ in range(4)]
    assert [r[0].batch for r in reports] == [1, 2, 3, 4]
    assert model.batches_seen == [6, 6, 6, 2]  # the last batch of 20 holds the rest
    assert reports[-1][1] is not None and reports[-1][1].epoch == 1
    assert all(r[1] is None for r in reports[:3])
    while not trainer.finished:
        trainer.step()
    assert trainer.stopped == "completed" and trainer.epochs_done == 2
    with pytest.raises(RuntimeError, match="training has stopped"):
        trainer.step()


def test_nan_loss_stops_with_a_message_suggesting_lower_lr():
    model = ScriptedModel(train_losses=[1.0, 2.0, math.nan])
    trainer = Trainer(_spec(batch_size=5), _points(), model)
    trainer.step()
    trainer.step()
    with pytest.raises(TrainingDiverged, match="lower learning rate"):
        trainer.step()
    assert trainer.stopped == STOP_DIVERGED
    assert trainer.step_count == 2  # the diverged step is not counted


def test_early_stopping_restores_best_weights():
    # val loss improves for 2 epochs, then worsens for 3 (patience 3)
    model = ScriptedModel(val_losses=[1.0, 0.5, 0.6, 0.7, 0.8, 0.9])
    trainer = Trainer(_spec(batch_size=20, epochs=50, early_stopping=3), _points(), model)
    while not trainer.finished:
        trainer.step()
    assert trainer.stopped == STOP_EARLY
    assert trainer.epochs_done == 5
    assert model.weights == 2  # one batch per epoch: the state after epoch 2
    assert "epoch 2" in trainer.message


def test_live_hyper_changes_reach_the_model_without_reset():
    model = ScriptedModel()
    trainer = Trainer(_spec(batch_size=5), _points(), model)
    trainer.step()
    trainer.set_hyper(lr=0.5, l2=0.01, batch_size=3)
    trainer.step()
    assert model.hyper == {"lr": 0.5, "l2": 0.01}
    assert model.batches_seen == [5, 3] and trainer.step_count == 2
    n = len(trainer.y_train)
    trainer.set_hyper(batch_size=500)  # more than the set: the whole set, as in Keras
    assert trainer.batch_size == n and trainer.batches_per_epoch == 1
    assert f"more than the {n} training examples" in trainer.note
    trainer.set_hyper(batch_size=3)
    assert trainer.batch_size == 3 and trainer.note == ""
    with pytest.raises(SpecError, match="batch_size"):
        trainer.set_hyper(batch_size=0)
    with pytest.raises(SpecError, match="optimizer.lr"):
        trainer.set_hyper(lr=-1.0)
