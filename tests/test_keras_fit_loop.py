"""Keras's compiled fit loop under the playground's control: pause, step, stop, live lr."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("tensorflow")

from engine.data.datasets import load_dataset  # noqa: E402
from engine.experiment.spec import DataSpec, Experiment, LayerSpec  # noqa: E402
from engine.training.control import TrainingControl, run_training  # noqa: E402
from engine.training.trainer import Trainer  # noqa: E402


def _trainer(epochs=1000) -> Trainer:
    exp = Experiment(engine="keras")
    exp.data = DataSpec(name="circle", points=200)
    exp.layers = [LayerSpec(units=6, activation="tanh")]
    exp.training.batch_size = 4
    exp.training.epochs = epochs
    return Trainer(exp, load_dataset(exp.data))


def _wait(cond, timeout=20.0):
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.005)


def test_fit_loop_reports_like_the_numpy_loop():
    trainer = _trainer(epochs=2)
    batches, epochs = [], []
    assert run_training(trainer, TrainingControl(), batches.append, epochs.append) == "completed"
    # reports are throttled at the source (<= 30/s), but every batch is counted
    steps = [b.step for b in batches]
    assert steps == sorted(set(steps)) and steps[-1] == 2 * 25 == trainer.step_count
    assert [e.epoch for e in epochs] == [1, 2] and trainer.epochs_done == 2
    assert all(0 <= b.accuracy <= 1 for b in batches)


def test_pause_step_lr_and_stop_act_between_batches():
    trainer = _trainer()
    control = TrainingControl(paused=True)
    thread = threading.Thread(target=run_training, args=(trainer, control))
    thread.start()
    try:
        time.sleep(0.5)
        assert trainer.step_count == 0
        control.step(2)
        _wait(lambda: trainer.step_count == 2)
        time.sleep(0.3)
        assert trainer.step_count == 2  # exactly the granted steps
        control.set_hyper(lr=0.0005)
        control.resume()
        _wait(lambda: trainer.step_count > 60)
        lr = float(trainer.model.model.optimizer.learning_rate.numpy())
        assert lr == pytest.approx(0.0005)
        control.set_hyper(batch_size=8)  # restarts fit with the new size, same weights
        _wait(lambda: trainer.batches_per_epoch == 13)
        control.stop()
        stopped_at = trainer.step_count
        thread.join(5)
        assert not thread.is_alive()
        assert trainer.stopped == "interrupted"
        assert trainer.step_count <= stopped_at + 1  # takes effect within one batch
    finally:
        control.stop()
        thread.join(5)
