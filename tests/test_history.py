from __future__ import annotations

import numpy as np

from engine.training.history import SeriesBuffer


def test_buffer_stays_bounded_and_keeps_the_shape_of_the_series():
    buf = SeriesBuffer(capacity=64)
    for i in range(10_000):
        buf.append(i, 1000.0 - 0.1 * i)
    x, y = buf.arrays()
    assert 32 <= len(x) <= 64
    assert x[0] < 200 and x[-1] > 9000  # still spans the whole run
    assert np.all(np.diff(y) < 0)  # averaging keeps a falling loss falling
    np.testing.assert_allclose(y, 1000.0 - 0.1 * x)


def test_short_series_is_exact_and_clear_empties():
    buf = SeriesBuffer(capacity=8)
    for i in range(5):
        buf.append(i, i * i)
    x, y = buf.arrays()
    assert list(x) == [0, 1, 2, 3, 4] and list(y) == [0, 1, 4, 9, 16]
    buf.clear()
    assert len(buf) == 0


# ----- the trainer's per-epoch history ---------------------------------------------------------
def _report(epoch: int, val_loss: float):
    from engine.training.trainer import EpochReport

    return EpochReport(epoch, 1.0 / epoch, 0.5, val_loss, 0.5, 0.01)


def test_epoch_history_is_bounded_and_keeps_first_latest_and_best():
    from engine.training.history import EpochHistory

    history = EpochHistory(capacity=64)
    for epoch in range(1, 10_001):
        history.append(_report(epoch, 5.0 if epoch != 777 else 0.1))
    epochs = [r.epoch for r in history]
    assert len(history) <= 64
    assert epochs[0] == 1 and epochs[-1] == 10_000 and 777 in epochs
    assert epochs == sorted(epochs)  # still in order: plots at the right x
    assert history[-1].epoch == 10_000 and isinstance(history[:2], list)


def test_a_long_run_keeps_a_bounded_history():
    from engine.data.datasets import load_dataset
    from engine.experiment.spec import Experiment
    from engine.training.trainer import Trainer

    exp = Experiment()
    exp.data.name, exp.data.points = "xor", 40
    exp.training.batch_size, exp.training.epochs = 20, 5000
    trainer = Trainer(exp, load_dataset(exp.data))
    while not trainer.finished:
        trainer.step()
    assert trainer.epochs_done == 5000
    assert len(trainer.history) <= trainer.history.capacity < 5000
    assert trainer.history[-1].epoch == 5000
