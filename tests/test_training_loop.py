"""The one training loop (engine.training.loop.run_training), driven from another thread as
the window and Ctrl-C drive it: pause, single steps, stop, live hyperparameters, posted tasks,
the speed limit, divergence and lingering, on a scripted model, the real NumPy engine, and a
scripted model that runs its own fit loop as Keras does (the Keras path itself is tested in
test_keras_fit_loop.py).

No test sleeps and then expects progress: each waits for a condition with a deadline, and a
short sleep is only used to check that nothing happens while paused.
"""

from __future__ import annotations

import math
import threading
import time

import pytest

from engine.data.datasets import load_dataset
from engine.experiment.spec import DataSpec, Experiment, LayerSpec, SpecError
from engine.models.api import FitsItself
from engine.training.control import TrainingControl
from engine.training.loop import TrainingListener, run_training
from engine.training.trainer import Trainer
from tests.test_trainer import ScriptedModel, _points, _spec

DEADLINE_S = 20.0  # generous: the suite shares two busy cores


def _wait(cond, timeout=DEADLINE_S):
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.002)


def _sync(control: TrainingControl, trainer: Trainer) -> int:
    """The step count, read by a task in the loop's thread: once it has run, the loop has
    taken in every command given before it (a pause holds from here on)."""
    return control.post(lambda: trainer.step_count).result(timeout=DEADLINE_S)


class Recorder(TrainingListener):
    def __init__(self):
        self.batches, self.epochs, self.served, self.errors = [], [], [], []
        self.finished = []
        self.batch_times = []

    def on_batch(self, trainer, report):
        self.batches.append(report)
        self.batch_times.append(time.monotonic())

    def on_epoch(self, trainer, report):
        self.epochs.append(report)

    def on_finished(self, trainer):
        self.finished.append(trainer.stopped)

    def on_served(self, trainer, hyper, tasks):
        self.served.append((dict(hyper), tasks))

    def on_error(self, trainer, exc):
        self.errors.append(exc)


class Run:
    """run_training in a thread; `result` is its return value once it ends."""

    def __init__(self, trainer, control, listener=None, **options):
        self.result = None
        self.thread = threading.Thread(
            target=self._run, args=(trainer, control, listener), kwargs=options, daemon=True
        )
        self.thread.start()

    def _run(self, *args, **options):
        self.result = run_training(*args, **options)

    def join(self):
        self.thread.join(DEADLINE_S)
        assert not self.thread.is_alive(), "the loop did not end"
        return self.result


def _numpy_trainer(epochs=10_000, batch_size=10) -> Trainer:
    exp = Experiment()
    exp.data = DataSpec(name="xor", points=200)
    exp.layers = [LayerSpec(units=4, activation="tanh")]
    exp.training.epochs = epochs
    exp.training.batch_size = batch_size
    return Trainer(exp, load_dataset(exp.data))


def test_a_numpy_run_reports_every_batch_and_epoch_and_finishes():
    trainer = _numpy_trainer(epochs=3)
    rec = Recorder()
    assert run_training(trainer, TrainingControl(), rec) == "completed"
    per_epoch = trainer.batches_per_epoch
    assert [b.step for b in rec.batches] == list(range(1, 3 * per_epoch + 1))
    assert [e.epoch for e in rec.epochs] == [1, 2, 3]
    assert rec.finished == ["completed"]


def test_pause_step_hyper_and_stop_act_between_batches():
    model = ScriptedModel()
    trainer = Trainer(_spec(batch_size=1, epochs=10_000), _points(), model)
    control = TrainingControl(paused=True)
    rec = Recorder()
    run = Run(trainer, control, rec)
    assert _sync(control, trainer) == 0  # paused from the start
    control.step(3)
    _wait(lambda: trainer.step_count == 3)
    assert _sync(control, trainer) == 3
    time.sleep(0.05)
    assert trainer.step_count == 3  # exactly three, then paused again
    control.set_hyper(lr=0.2)
    _wait(lambda: ({"lr": 0.2}, 0) in rec.served)
    assert model.hyper["lr"] == 0.2
    control.resume()
    _wait(lambda: trainer.step_count > 50)
    control.pause()
    frozen = _sync(control, trainer)
    time.sleep(0.05)
    assert trainer.step_count == frozen
    control.stop()
    assert run.join() == "interrupted" and trainer.stopped == "interrupted"
    assert rec.finished == []  # a stop is not a finish


def test_posted_tasks_and_hyperparameters_run_while_paused_on_the_numpy_engine():
    trainer = _numpy_trainer()
    control = TrainingControl(paused=True)
    rec = Recorder()
    run = Run(trainer, control, rec)
    seen = control.post(lambda: threading.current_thread() is run.thread)
    assert seen.result(timeout=DEADLINE_S) is True  # tasks run in the loop's thread
    control.set_hyper(lr=0.5, l2=0.01, batch_size=20)
    _wait(lambda: any(hyper for hyper, _ in rec.served))
    assert trainer.model.optimizer.lr == 0.5 and trainer.model.l2 == 0.01
    assert trainer.batch_size == 20 and trainer.step_count == 0
    control.step(1)
    _wait(lambda: trainer.step_count == 1)
    control.stop()
    assert run.join() == "interrupted"
    assert control.post(lambda: 1).cancelled()  # nothing is left to run it


def test_a_bad_hyperparameter_goes_to_the_listener_and_the_run_goes_on():
    trainer = _numpy_trainer()
    control = TrainingControl(paused=True)
    rec = Recorder()
    run = Run(trainer, control, rec)
    control.set_hyper(batch_size=0)
    _wait(lambda: rec.errors)
    assert isinstance(rec.errors[0], SpecError) and trainer.batch_size == 10
    control.step(2)
    _wait(lambda: trainer.step_count == 2)
    control.stop()
    run.join()


def test_without_a_listener_a_bad_hyperparameter_ends_the_run():
    trainer = _numpy_trainer()
    control = TrainingControl()
    control.set_hyper(batch_size=0)
    with pytest.raises(SpecError, match="batch_size"):
        run_training(trainer, control)


def test_speed_limit_spaces_batches_but_step_and_stop_act_at_once():
    trainer = Trainer(_spec(batch_size=1, epochs=10_000), _points(), ScriptedModel())
    control = TrainingControl()
    control.set_speed_limit(20.0)  # at most 20 batches a second
    rec = Recorder()
    run = Run(trainer, control, rec)
    _wait(lambda: len(rec.batch_times) >= 6)
    times = rec.batch_times
    assert times[5] - times[0] >= 5 * 0.05 * 0.9  # never a burst (a busy machine is slower)
    control.pause()
    before = _sync(control, trainer)
    control.set_speed_limit(0.1)  # one batch every ten seconds
    control.step(1)  # a single step is not made to wait for the speed limit
    _wait(lambda: trainer.step_count == before + 1, timeout=5.0)
    control.resume()  # now waiting up to ten seconds for the next batch
    started = time.monotonic()
    control.stop()  # wakes the limiter's sleep at once
    assert run.join() == "interrupted"
    assert time.monotonic() - started < 5.0


def test_divergence_ends_the_run_as_a_finish():
    model = ScriptedModel(train_losses=[1.0, 2.0, math.nan])
    trainer = Trainer(_spec(batch_size=5), _points(), model)
    rec = Recorder()
    assert run_training(trainer, TrainingControl(), rec) == "diverged"
    assert rec.finished == ["diverged"] and "lower learning rate" in trainer.message
    assert trainer.step_count == 2


def test_a_lingering_loop_serves_tasks_after_finishing_until_stop():
    trainer = Trainer(_spec(batch_size=20, epochs=2), _points(), ScriptedModel())
    control = TrainingControl()
    rec = Recorder()
    run = Run(trainer, control, rec, linger=True)
    _wait(lambda: rec.finished == ["completed"])
    assert control.post(lambda: trainer.epochs_done).result(timeout=DEADLINE_S) == 2
    assert run.thread.is_alive()
    control.stop()
    assert run.join() == "completed"


def test_extra_callbacks_need_a_model_that_fits_itself():
    trainer = Trainer(_spec(), _points(), ScriptedModel())
    with pytest.raises(ValueError, match="own fit loop"):
        run_training(trainer, TrainingControl(), callbacks=[object()])


# ----- a model that runs its own fit loop ----------------------------------------------------
class FittingModel(ScriptedModel, FitsItself):
    """Runs fit the way Keras does, around the hooks: a False answer still trains the batch
    (then validates and skips the epoch's end); FitStopped leaves at once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fits: list[tuple[int, int, int]] = []  # (batch size, initial epoch, epochs)
        self.validating = lambda: None  # what happens during validation (a test's stop)

    def fit_epochs(self, x, y, validation, *, batch_size, initial_epoch, epochs, hooks, callbacks):
        self.fits.append((batch_size, initial_epoch, epochs))
        batches = math.ceil(len(y) / batch_size)
        for _ in range(initial_epoch, epochs):
            hooks.before_epoch()
            total = count = 0
            stop = False
            for b in range(batches):
                go = hooks.before_batch()
                loss, acc = self.train_batch(x[b * batch_size : (b + 1) * batch_size], None)
                total, count = total + loss, count + 1
                if not hooks.after_batch({"loss": total / count, "accuracy": acc}) or not go:
                    stop = True
                    break
            for _ in range(2):
                self.validating()
                hooks.during_validation()
            if stop:
                return
            val_loss, val_acc = self.evaluate(*validation)
            logs = {"loss": total / count, "accuracy": 0.75, "val_loss": val_loss}
            if not hooks.after_epoch({**logs, "val_accuracy": val_acc}):
                return


def test_a_self_fitting_model_reports_every_batch_and_epoch():
    model = FittingModel()
    trainer = Trainer(_spec(batch_size=5, epochs=3), _points(), model)
    rec = Recorder()
    control = TrainingControl(paused=True)
    control.step(1_000)  # paused with steps granted: every batch is reported
    assert run_training(trainer, control, rec) == "completed"
    assert [b.step for b in rec.batches] == list(range(1, 13))
    assert [e.epoch for e in rec.epochs] == [1, 2, 3] and rec.finished == ["completed"]
    assert model.fits == [(5, 0, 3)]


def test_a_self_fitting_model_pauses_steps_restarts_for_a_batch_size_and_stops():
    model = FittingModel()
    trainer = Trainer(_spec(batch_size=2, epochs=10_000), _points(), model)
    control = TrainingControl(paused=True)
    rec = Recorder()
    run = Run(trainer, control, rec)
    assert _sync(control, trainer) == 0
    control.step(2)
    _wait(lambda: trainer.step_count == 2)
    assert _sync(control, trainer) == 2 and model.batches_seen == [2, 2]
    control.set_hyper(lr=0.1, batch_size=5)  # lr at once; the batch size restarts fit
    _wait(lambda: model.hyper.get("lr") == 0.1)
    assert trainer.batch_size == 2  # held back until the next batch
    control.step(1)
    _wait(lambda: len(model.fits) == 2)
    assert model.fits[1][0] == 5 and trainer.batch_size == 5
    control.resume()
    _wait(lambda: trainer.epochs_done >= 2)
    control.stop()
    assert run.join() == "interrupted" and rec.finished == []


def test_epochs_added_while_a_model_fits_itself_continue():
    model = FittingModel()
    trainer = Trainer(_spec(batch_size=20, epochs=2), _points(), model)
    control = TrainingControl(paused=True)
    run = Run(trainer, control, Recorder())
    control.set_hyper(epochs=4)
    _sync(control, trainer)
    control.resume()
    assert run.join() == "completed" and trainer.epochs_done == 4
    assert [fit[1:] for fit in model.fits] == [(0, 2), (2, 4)]


def test_a_stop_while_a_model_validates_leaves_fit_at_once():
    model = FittingModel()
    trainer = Trainer(_spec(batch_size=20, epochs=100), _points(), model)
    control = TrainingControl()
    model.validating = control.stop
    rec = Recorder()
    assert run_training(trainer, control, rec) == "interrupted"
    assert trainer.epochs_done == 0 and rec.epochs == []


def test_divergence_while_a_model_fits_itself_rolls_the_epoch_back():
    model = FittingModel(train_losses=[1.0, 1.0, 1.0, 1.0, 1.0, math.nan])
    trainer = Trainer(_spec(batch_size=5, epochs=100), _points(), model)
    control = TrainingControl(paused=True)
    control.step(1_000)  # every batch reported, so the NaN is seen at its batch
    rec = Recorder()
    assert run_training(trainer, control, rec) == "diverged"
    assert rec.finished == ["diverged"] and trainer.epochs_done == 1
    assert model.weights == 4  # back to the start of the second epoch
