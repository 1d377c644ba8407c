"""Keras's compiled fit loop under the one training loop (engine.training.loop): the same
reports as the NumPy engine, and pause, step, live lr, a new batch size and stop between any
two batches. Each check waits for a condition with a deadline; nothing assumes a speed."""

from __future__ import annotations

import threading
import time

import pytest

from tests.keras_backend import require_keras  # noqa: E402

keras = require_keras()
pytestmark = pytest.mark.keras

from engine.data.datasets import load_dataset  # noqa: E402
from engine.experiment.spec import DataSpec, Experiment, LayerSpec  # noqa: E402
from engine.training.control import TrainingControl  # noqa: E402
from engine.training.loop import TrainingListener, run_training  # noqa: E402
from engine.training.trainer import Trainer  # noqa: E402

DEADLINE_S = 60.0  # the first trace of fit takes seconds on two busy cores


def _trainer(epochs=1000) -> Trainer:
    exp = Experiment(engine="keras")
    exp.data = DataSpec(name="circle", points=200)
    exp.layers = [LayerSpec(units=6, activation="tanh")]
    exp.training.batch_size = 4
    exp.training.epochs = epochs
    return Trainer(exp, load_dataset(exp.data))


def _wait(cond, timeout=DEADLINE_S):
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.005)


def _sync(control: TrainingControl, trainer: Trainer) -> int:
    """The step count, read between two batches in the loop's thread."""
    return control.post(lambda: trainer.step_count).result(timeout=DEADLINE_S)


class Recorder(TrainingListener):
    def __init__(self):
        self.batches, self.epochs, self.finished = [], [], []

    def on_batch(self, trainer, report):
        self.batches.append(report)

    def on_epoch(self, trainer, report):
        self.epochs.append(report)

    def on_finished(self, trainer):
        self.finished.append(trainer.stopped)


def test_fit_loop_reports_like_the_numpy_loop():
    trainer = _trainer(epochs=2)
    rec = Recorder()
    assert run_training(trainer, TrainingControl(), rec) == "completed"
    # reports are throttled at the source (<= 30/s), but every batch is counted
    steps = [b.step for b in rec.batches]
    # 100 training points, 80 after validation's fifth: 20 batches of 4
    assert steps == sorted(set(steps)) and steps[-1] == 2 * 20 == trainer.step_count
    assert [e.epoch for e in rec.epochs] == [1, 2] and trainer.epochs_done == 2
    assert all(0 <= b.accuracy <= 1 for b in rec.batches)
    assert rec.finished == ["completed"]


def test_pause_step_lr_batch_size_and_stop_act_between_batches():
    trainer = _trainer()
    control = TrainingControl(paused=True)
    thread = threading.Thread(target=run_training, args=(trainer, control), daemon=True)
    thread.start()
    try:
        assert _sync(control, trainer) == 0
        control.step(2)
        _wait(lambda: trainer.step_count == 2)
        assert _sync(control, trainer) == 2
        time.sleep(0.1)
        assert trainer.step_count == 2  # exactly the granted steps
        control.set_hyper(lr=0.0005)
        control.resume()
        _wait(lambda: trainer.step_count > 60)

        def read_lr() -> float:  # in the loop's thread: JAX holds the variables mid-fit
            model = trainer.model
            model.backend.sync(model.model)
            return float(keras.ops.convert_to_numpy(model.model.optimizer.learning_rate))

        lr = control.post(read_lr).result(timeout=DEADLINE_S)
        assert lr == pytest.approx(0.0005)
        control.set_hyper(batch_size=8)  # restarts fit with the new size, same weights
        _wait(lambda: trainer.batches_per_epoch == 10)
        control.pause()
        stopped_at = _sync(control, trainer)
        control.stop()
        thread.join(DEADLINE_S)
        assert not thread.is_alive()
        assert trainer.stopped == "interrupted"
        assert trainer.step_count == stopped_at  # no batch after the stop
    finally:
        control.stop()
        thread.join(DEADLINE_S)


def test_weights_read_mid_fit_are_the_current_ones():
    """The loop's listener reads the model between batches, in the middle of Keras's fit: on
    JAX the weights then live outside the model until the backend syncs them, so every read
    (inside views, predictions, state) must see the latest batch's weights."""
    import numpy as np

    exp = Experiment(engine="keras", backend=keras.backend.backend())
    exp.data = DataSpec(name="xor", points=400)
    exp.layers = [LayerSpec(units=8, activation="tanh")]
    exp.training.epochs, exp.training.batch_size = 2, 10
    trainer = Trainer(exp, load_dataset(exp.data))
    sums: list[float] = []

    class Reader(TrainingListener):
        def on_batch(self, trainer, report):
            kernel = trainer.model.inside_reader().kernels()[0]
            state = trainer.model.get_state()
            np.testing.assert_allclose(kernel, state[0], rtol=1e-6)
            assert np.isfinite(trainer.model.predict_proba(trainer.x_train[:5])).all()
            sums.append(float(np.abs(kernel).sum()))

    run_training(trainer, TrainingControl(), Reader())
    assert len(sums) >= 2 and len(set(sums)) == len(sums)  # a new batch, new weights
