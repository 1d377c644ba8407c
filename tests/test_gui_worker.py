"""The worker bridge: training on a QThread driven by TrainingControl, heard through signals."""

from __future__ import annotations

import numpy as np
import pytest

from engine.data.datasets import load_dataset
from engine.experiment.spec import Experiment, LayerSpec
from gui.training.session import TrainingSession

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def xor_experiment(**training) -> Experiment:
    exp = Experiment()
    exp.data.name = "xor"
    exp.data.points = 200
    exp.training.epochs = 10_000  # never finishes on its own during a test
    for name, value in training.items():
        setattr(exp.training, name, value)
    return exp


@pytest.fixture
def session(qtbot):
    session = TrainingSession()
    yield session
    session.stop_and_wait()
    assert not session.is_running()


def start(qtbot, session: TrainingSession, exp: Experiment) -> None:
    with qtbot.waitSignal(session.snapshotReady, timeout=5000):
        session.start(exp, load_dataset(exp.data))
    assert session.trainer is not None


def test_xor_loss_falls_and_the_boundary_changes(qtbot, session):
    snapshots, progress = [], []
    session.snapshotReady.connect(snapshots.append)
    session.batchFinished.connect(progress.append)
    start(qtbot, session, xor_experiment())
    first_grid = snapshots[-1]["grid"]
    assert first_grid.shape == (100, 100) and first_grid.dtype == np.float32

    session.resume()
    qtbot.waitUntil(lambda: progress and progress[-1]["epochs_done"] >= 20, timeout=20_000)
    session.pause()

    loss = progress[-1]["epoch_loss"][1]
    assert loss[-1] < 0.7 * loss[0], "the epoch loss should fall while training xor"
    assert progress[-1]["steps_per_second"] > 0
    qtbot.waitUntil(lambda: snapshots[-1]["step"] == session.trainer.step_count, timeout=5000)
    assert np.abs(snapshots[-1]["grid"] - first_grid).max() > 0.05
    # the network graph's thumbnails and weights travel with every snapshot, as copies
    snap = snapshots[-1]
    assert [a.shape[0] for a in snap["neurons"]] == [4, 2, 2]
    assert snap["inputs"].shape == (2, 24, 24)
    assert snap["weights"][0][0] is not session.trainer.model.dense_weights()[0][0]


def test_pause_holds_and_step_runs_exactly_one_batch(qtbot, session):
    start(qtbot, session, xor_experiment())
    session.resume()
    qtbot.waitUntil(lambda: session.trainer.step_count > 30, timeout=10_000)
    session.pause()
    qtbot.wait(100)  # the batch in flight when pause arrived may still finish
    paused_at = session.trainer.step_count
    qtbot.wait(300)
    assert session.trainer.step_count == paused_at
    assert session.is_running(), "a paused loop keeps its thread alive"

    with qtbot.waitSignal(
        session.batchFinished, timeout=5000, check_params_cb=lambda p: p["step"] == paused_at + 1
    ):
        session.step()
    qtbot.wait(200)
    assert session.trainer.step_count == paused_at + 1


def test_hyperparameters_reach_the_running_trainer_without_a_reset(qtbot, session):
    start(qtbot, session, xor_experiment())
    trainer = session.trainer
    session.resume()
    qtbot.waitUntil(lambda: trainer.step_count > 20, timeout=10_000)
    before = trainer.step_count
    session.set_hyper(lr=0.003, batch_size=5)
    qtbot.waitUntil(lambda: trainer.spec.optimizer.lr == 0.003, timeout=5000)
    qtbot.waitUntil(lambda: trainer.step_count > before + 20, timeout=10_000)
    assert session.trainer is trainer, "a live change must not build a new trainer"
    assert trainer.batch_size == 5


def test_posted_weight_edit_runs_in_the_worker_and_redraws(qtbot, session):
    start(qtbot, session, xor_experiment())
    snapshots = []
    session.snapshotReady.connect(snapshots.append)
    future = session.call(lambda trainer: trainer.model.set_weight(0, 1, 2, 2.5))
    qtbot.waitUntil(future.done, timeout=5000)
    future.result()
    qtbot.waitUntil(lambda: bool(snapshots), timeout=5000)
    assert snapshots[-1]["weights"][0][0][1, 2] == pytest.approx(2.5)


def test_divergence_arrives_as_training_stopped(qtbot, session):
    exp = xor_experiment()
    exp.optimizer.name, exp.optimizer.lr = "sgd", 10.0
    exp.loss, exp.output_activation = "sse", "linear"
    exp.layers = [LayerSpec(units=4, activation="tanh")]
    start(qtbot, session, exp)
    with qtbot.waitSignal(session.trainingStopped, timeout=10_000) as blocker:
        session.resume()
    reason, message = blocker.args
    assert reason == "diverged"
    assert "learning rate" in message
    assert session.is_running(), "a finished run stays inspectable until stopped"


def test_an_exception_in_the_worker_reaches_the_gui(qtbot, session):
    exp = xor_experiment()
    exp.data.name, exp.data.path = "csv", "/no/such/points.csv"
    with qtbot.waitSignal(session.errorRaised, timeout=5000) as blocker:
        session.start(exp)  # the worker loads the data, and cannot
    assert "/no/such/points.csv: file not found" in blocker.args[0]
    qtbot.waitUntil(lambda: session.state == "finished", timeout=5000)


def test_stop_and_wait_joins_a_training_thread(qtbot, session):
    start(qtbot, session, xor_experiment())
    session.resume()
    qtbot.waitUntil(lambda: session.trainer.step_count > 10, timeout=10_000)
    assert session.stop_and_wait(1000)
    assert not session.is_running()
    assert session.state == "stopped"


def test_a_new_run_never_receives_the_old_runs_signals(qtbot, session):
    start(qtbot, session, xor_experiment())
    session.resume()
    qtbot.waitUntil(lambda: session.trainer.step_count > 50, timeout=10_000)
    widths = []
    session.snapshotReady.connect(lambda snap: widths.append(len(snap["weights"])))
    exp = xor_experiment()
    exp.layers = [LayerSpec(units=3)]  # 2 weight matrices instead of 3
    session.start(exp, load_dataset(exp.data), paused=False)  # while the old run is training
    qtbot.waitUntil(lambda: len(widths) >= 3, timeout=10_000)
    assert set(widths) == {2}, "a snapshot of the replaced network arrived after the reset"
