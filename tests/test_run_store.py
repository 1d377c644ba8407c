"""The run history store (engine/runs): schema, writes, queries, the recorder in the one loop."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import pytest

from engine.experiment.spec import Experiment
from engine.runs.home import default_home, resolve_home
from engine.runs.recorder import RunRecorder
from engine.runs.store import (
    FILE_NAME,
    SCHEMA_VERSION,
    RunStore,
    StoredRun,
    migrate,
)
from engine.training.control import TrainingControl
from engine.training.loop import TrainingListener, run_training
from engine.training.trainer import Trainer


def small_exp(epochs: int = 3, **training) -> Experiment:
    exp = Experiment()
    exp.data.name = "xor"
    exp.data.points = 80
    exp.training.epochs = epochs
    exp.training.batch_size = 16
    for name, value in training.items():
        setattr(exp.training, name, value)
    return exp.validate()


def make_trainer(exp: Experiment) -> Trainer:
    from engine.data.datasets import load_dataset

    return Trainer(exp, load_dataset(exp.data))


def test_home_order(tmp_path):
    env = {"NEURAL_PLAYGROUND_HOME": str(tmp_path / "env")}
    assert resolve_home(str(tmp_path / "cli"), env) == tmp_path / "cli"
    assert resolve_home(None, env) == tmp_path / "env"
    xdg = {"XDG_DATA_HOME": str(tmp_path / "xdg")}
    assert resolve_home(None, xdg) == tmp_path / "xdg" / "NeuralPlayground" / "NeuralPlayground"
    assert default_home({"APPDATA": str(tmp_path)}, "win32") == (
        tmp_path / "NeuralPlayground" / "NeuralPlayground"
    )
    mac = default_home({}, "darwin")
    assert mac == Path.home() / "Library/Application Support/NeuralPlayground/NeuralPlayground"


def test_new_store_is_wal_at_current_schema(tmp_path):
    store = RunStore.open(tmp_path)
    assert store.persistent and store.notice is None
    store.close()
    conn = sqlite3.connect(tmp_path / FILE_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    conn.close()


def test_migrates_an_empty_v0_file(tmp_path):
    path = tmp_path / FILE_NAME
    sqlite3.connect(path).close()  # v0: an empty database file
    store = RunStore.open(tmp_path)
    run_id = store.add(StoredRun(spec=Experiment().to_dict(), name="kept", ended_how="completed"))
    store.close()
    conn = sqlite3.connect(path)
    assert migrate(conn) == SCHEMA_VERSION  # up to date: nothing to do
    conn.close()
    assert RunStore.open(tmp_path).get(run_id).name == "kept"


def test_migrates_a_v1_file_and_keeps_its_rows(tmp_path):
    from engine.runs.store import MIGRATIONS

    conn = sqlite3.connect(tmp_path / FILE_NAME)  # a file as the first version wrote it
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO runs (name, spec, started, ended_how, series, test_accuracy) "
        "VALUES ('old', ?, '2026-11-01T00:00:00+00:00', 'completed', '{\"loss\": [0.5]}', 0.9)",
        (json.dumps(Experiment().to_dict()),),
    )
    conn.commit()
    conn.close()
    store = RunStore.open(tmp_path)
    assert store.notice is None
    (run,) = store.list_runs(with_series=True)
    assert (run.name, run.series, run.metrics["test_accuracy"]) == ("old", {"loss": [0.5]}, 0.9)
    assert store.begin(Experiment(), "numpy", "", "cpu") is not None  # v2's columns work
    assert store._conn.execute("PRAGMA user_version").fetchone()[0] == 2


def test_a_running_row_whose_process_is_gone_becomes_interrupted(tmp_path):
    import os
    import socket
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    dead_pid = int(gone.stdout)
    store = RunStore.open(tmp_path)
    ours = store.begin(Experiment(), "numpy", "", "cpu")  # this process: still running
    killed, elsewhere = (store.begin(Experiment(), "numpy", "", "cpu") for _ in range(2))
    store._conn.execute("UPDATE runs SET pid = ? WHERE id = ?", (dead_pid, killed))
    store._conn.execute("UPDATE runs SET host = 'another-machine' WHERE id = ?", (elsewhere,))
    store._conn.commit()
    store.close()
    assert socket.gethostname() != "another-machine" and dead_pid != os.getpid()
    store = RunStore.open(tmp_path)
    run = store.get(killed)
    assert run.ended_how == "interrupted" and run.ended and "was killed" in run.message
    assert store.get(ours).ended_how == store.get(elsewhere).ended_how == "running"


def test_begin_checkpoint_finish_round_trip(tmp_path):
    store = RunStore.open(tmp_path)
    exp = small_exp()
    run_id = store.begin(exp, "numpy", "", "cpu", name="first")
    assert store.get(run_id).ended_how == "running"
    series = {"epoch": [1, 2], "loss": [0.7, 0.5], "accuracy": [0.5, 0.75]}
    series |= {"val_loss": [0.8, math.nan], "val_accuracy": [0.4, 0.6]}
    assert store.checkpoint(run_id, series)
    metrics = {"train_loss": 0.5, "val_accuracy": 0.6, "test_accuracy": 0.55, "test_loss": None}
    assert store.finish(run_id, "early_stopping", series, metrics)
    run = store.get(run_id)
    assert run.ended_how == "early_stopping" and run.ended and run.epochs == 2
    assert run.series["loss"] == [0.7, 0.5] and math.isnan(run.series["val_loss"][1])
    assert run.metrics["test_accuracy"] == 0.55 and run.metrics["test_loss"] is None
    assert run.experiment().to_dict() == exp.to_dict()
    assert (run.dataset, run.model, run.engine, run.device) == ("xor", exp.model, "numpy", "cpu")
    with pytest.raises(ValueError, match="ended_how"):
        store.finish(run_id, "exploded", series, metrics)


def test_list_filters_sorts_and_leaves_out_series(tmp_path):
    store = RunStore.open(tmp_path)
    spec = Experiment().to_dict()
    rows = [
        ("a", "xor", "mlp", "numpy", 0.9, "2026-01-01T00:00:00+00:00", "likes 50% tanh"),
        ("b", "circle", "mlp", "keras", 0.7, "2026-02-01T00:00:00+00:00", ""),
        ("c", "xor", "perceptron", "numpy", 0.5, "2026-03-01T00:00:00+00:00", ""),
    ]
    for name, data, model, engine, acc, started, notes in rows:
        store.add(
            StoredRun(
                spec=spec,
                name=name,
                dataset=data,
                model=model,
                engine=engine,
                started=started,
                notes=notes,
                ended_how="completed",
                series={"epoch": [1.0], "loss": [1.0]},
                metrics={"test_accuracy": acc},
            )
        )
    names = lambda runs: [r.name for r in runs]  # noqa: E731
    assert names(store.list_runs()) == ["c", "b", "a"]
    assert names(store.list_runs(order="accuracy")) == ["a", "b", "c"]
    assert names(store.list_runs(order="name", descending=False)) == ["a", "b", "c"]
    assert names(store.list_runs(dataset="xor")) == ["c", "a"]
    assert names(store.list_runs(engine="keras")) == ["b"]
    assert names(store.list_runs(model="perceptron")) == ["c"]
    assert names(store.list_runs(since="2026-02-01")) == ["c", "b"]
    assert names(store.list_runs(min_accuracy=0.7)) == ["b", "a"]
    assert names(store.list_runs(search="50%")) == ["a"]  # % is a character, not a wildcard
    assert names(store.list_runs(search="5_%")) == []
    assert store.list_runs()[0].series == {}
    assert store.list_runs(with_series=True)[0].series["loss"] == [1.0]
    with pytest.raises(ValueError, match="order"):
        store.list_runs(order="id; DROP TABLE runs")


def test_rename_notes_pin_delete_with_model_file(tmp_path):
    store = RunStore.open(tmp_path)
    run_id = store.add(StoredRun(spec=Experiment().to_dict(), ended_how="completed"))
    model = store.model_file(run_id, "npz")
    assert model == tmp_path / "models" / f"run-{run_id}.npz"
    model.parent.mkdir()
    model.write_bytes(b"weights")
    sidecar = model.with_name(model.name + ".json")  # as a .keras save writes its metadata
    sidecar.write_text("{}")
    mine = tmp_path / "mine.npz"
    mine.write_bytes(b"the user's own file")
    other = store.add(StoredRun(spec=Experiment().to_dict(), model_path=str(mine)))
    assert store.set_model_path(run_id, model)
    assert store.rename(run_id, "best") and store.set_notes(run_id, "lr 0.1")
    assert store.set_pinned(run_id, True)
    run = store.get(run_id)
    assert (run.name, run.notes, run.pinned) == ("best", "lr 0.1", True)
    assert store.delete(run_id) and not model.exists() and store.get(run_id) is None
    assert not sidecar.exists()
    assert store.delete(other) and mine.exists()  # a model saved elsewhere is the user's
    assert not store.delete(run_id) and not store.rename(12345, "x")


class _Boom(TrainingListener):
    def on_epoch(self, trainer, report):
        if report.epoch == 2:
            raise RuntimeError("boom")


class _StopAfterFirstEpoch(TrainingListener):
    def __init__(self, control):
        self.control = control

    def on_epoch(self, trainer, report):
        self.control.stop()


@pytest.mark.parametrize(
    ("how", "epochs"),
    [
        ("completed", 3),
        ("early_stopping", None),
        ("diverged", None),
        ("crashed", 2),
        ("stopped", 1),
    ],
)
def test_the_loop_records_every_ending(tmp_path, how, epochs):
    store = RunStore.open(tmp_path)
    exp = small_exp(40 if how == "early_stopping" else (8 if how == "diverged" else 3))
    if how == "early_stopping":
        exp.training.early_stopping = 1
    trainer = make_trainer(exp)
    if how == "diverged":  # the loss turns NaN in the second epoch
        real, calls = trainer.model.train_batch, []

        def train_batch(x, y):
            calls.append(1)
            return (math.nan, 0.0) if len(calls) > 4 else real(x, y)

        trainer.model.train_batch = train_batch
    control = TrainingControl()
    listener = {"crashed": _Boom(), "stopped": _StopAfterFirstEpoch(control)}.get(how)
    recorder = RunRecorder(store, exp, "numpy", "", "cpu", min_interval=0)
    if how == "crashed":
        with pytest.raises(RuntimeError, match="boom"):
            run_training(trainer, control, listener, observers=[recorder])
    else:
        run_training(trainer, control, listener, observers=[recorder])
    run = store.get(recorder.run_id)
    assert run.ended_how == how
    assert run.epochs == len(trainer.history) == len(run.series["loss"])
    if epochs is not None:
        assert run.epochs == epochs
    assert run.series["loss"] == pytest.approx([r.loss for r in trainer.history], nan_ok=True)
    last = trainer.history[-1] if len(trainer.history) else None
    if last is not None and math.isfinite(last.val_accuracy):
        assert run.metrics["val_accuracy"] == pytest.approx(last.val_accuracy)
    if how != "crashed" and how != "diverged":
        assert run.metrics["test_accuracy"] == pytest.approx(trainer.test_metrics()[1])


def test_ctrl_c_is_recorded_as_interrupted(tmp_path):
    class CtrlC(TrainingListener):
        def on_epoch(self, trainer, report):
            raise KeyboardInterrupt

    store = RunStore.open(tmp_path)
    exp = small_exp()
    recorder = RunRecorder(store, exp, "numpy", "", "cpu")
    with pytest.raises(KeyboardInterrupt):
        run_training(make_trainer(exp), TrainingControl(), CtrlC(), observers=[recorder])
    assert store.get(recorder.run_id).ended_how == "interrupted"


def test_checkpoints_at_most_every_min_interval(tmp_path, monkeypatch):
    store = RunStore.open(tmp_path)
    writes = []
    real = store.checkpoint
    monkeypatch.setattr(store, "checkpoint", lambda *a, **k: writes.append(a) or real(*a, **k))
    exp = small_exp(6)
    recorder = RunRecorder(store, exp, "numpy", "", "cpu", min_interval=3600)
    run_training(make_trainer(exp), TrainingControl(), observers=[recorder])
    assert writes == []  # one row at the first epoch, the rest at the end
    assert store.get(recorder.run_id).epochs == 6
    recorder = RunRecorder(store, exp, "numpy", "", "cpu", min_interval=0)
    run_training(make_trainer(exp), TrainingControl(), observers=[recorder])
    assert len(writes) == 5  # every epoch after the first


def test_nothing_trained_leaves_no_row(tmp_path):
    store = RunStore.open(tmp_path)
    exp = small_exp()
    control = TrainingControl()
    control.stop()
    recorder = RunRecorder(store, exp, "numpy", "", "cpu")
    run_training(make_trainer(exp), control, observers=[recorder])
    assert recorder.run_id is None and store.count() == 0


def test_store_path_lives_in_home(tmp_path):
    store = RunStore.open(tmp_path / "a" / "b")
    assert store.path == Path(tmp_path / "a" / "b" / FILE_NAME) and store.path.exists()


def test_a_future_migration_runs_once_on_an_older_file_and_keeps_its_rows(tmp_path, monkeypatch):
    import engine.runs.store as store_module

    store = RunStore.open(tmp_path)
    run_id = store.add(StoredRun(spec=Experiment().to_dict(), name="from v1"))
    store.close()
    calls = []

    def v3(conn):
        calls.append(1)
        conn.execute("ALTER TABLE runs ADD COLUMN tags TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, v3])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 3)
    upgraded = RunStore.open(tmp_path)
    assert upgraded.notice is None and upgraded.get(run_id).name == "from v1"
    upgraded.close()
    RunStore.open(tmp_path).close()
    assert calls == [1]  # once: the file now says version 3
    conn = sqlite3.connect(tmp_path / FILE_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    assert conn.execute("SELECT tags FROM runs").fetchall() == [("",)]
    conn.close()


def test_the_row_keeps_the_settings_a_run_ended_with(tmp_path):
    class LowerLrAtEpoch1(TrainingListener):
        def on_epoch(self, trainer, report):
            if report.epoch == 1:
                trainer.set_hyper(lr=0.005)  # as the window's slider does while it trains

    store = RunStore.open(tmp_path)
    exp = small_exp(3)
    recorder = RunRecorder(store, exp, "numpy", "", "cpu")
    run_training(make_trainer(exp), TrainingControl(), LowerLrAtEpoch1(), observers=[recorder])
    assert exp.optimizer.lr != 0.005
    assert store.get(recorder.run_id).experiment().optimizer.lr == 0.005
