"""Comparing runs: records round-trip and export, the window keeps each run, overlays it and
keeps pinned runs, and the optimizers race queues its six runs by itself."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

import engine.teaching.lessons
from engine.experiment.spec import DataSpec, Experiment, LayerSpec, OptimizerSpec, TrainingSpec
from engine.training.run_history import (
    RunFileError,
    RunHistory,
    RunRecord,
    describe_run,
    export_csv,
    load_runs,
    run_csv,
    save_runs,
)
from engine.training.trainer import EpochReport

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def quick_experiment(epochs: int = 15, optimizer: str = "adam") -> Experiment:
    return Experiment(
        data=DataSpec(name="gate-xor"),
        layers=[LayerSpec(units=4, activation="tanh")],
        optimizer=OptimizerSpec(optimizer, lr=0.03),
        training=TrainingSpec(batch_size=4, epochs=epochs),
    )


def record(name: str = "", epochs: int = 3, loss_at_end: float = 0.1) -> RunRecord:
    history = [
        EpochReport(e, 1.0 / e, 0.5 + e / 10, 1.1 / e, 0.5 + e / 20, 0.01)
        for e in range(1, epochs + 1)
    ]
    history[-1].loss = loss_at_end
    return RunRecord.from_history(
        quick_experiment(), history, name=name, stop_reason="completed", steps=epochs
    )


# ----- engine: records, files, history ------------------------------------------------------
def test_a_run_round_trips_through_a_file_nan_included(tmp_path):
    run = record("first", loss_at_end=math.nan)
    run.test_accuracy, run.pinned = 0.75, True
    path = tmp_path / "runs.runs.json"
    save_runs(path, [run, record("second")])
    back = load_runs(path)
    assert [r.name for r in back] == ["first", "second"]
    assert math.isnan(back[0].final("loss")) and back[0].series["epoch"] == [1.0, 2.0, 3.0]
    assert back[0].test_accuracy == 0.75 and back[0].pinned
    assert back[0].spec().to_dict() == quick_experiment().to_dict()
    assert "NaN" not in path.read_text()  # strict JSON


def test_csv_export_has_a_row_per_epoch(tmp_path):
    run = record(epochs=2, loss_at_end=math.inf)
    lines = run_csv(run).splitlines()
    assert lines[0] == "epoch,loss,accuracy,val_loss,val_accuracy"
    assert lines[1].startswith("1,1,0.6,1.1,0.55") and lines[2].startswith("2,,")
    export_csv(run, tmp_path / "run.csv")
    assert (tmp_path / "run.csv").read_text() == run_csv(run)


def test_bad_files_are_refused_with_a_reason(tmp_path):
    bad = tmp_path / "bad.json"
    for text, reason in (
        ("{", "not valid JSON"),
        ('{"format": "other"}', "not a Neural Playground runs file"),
        ('{"format": "neural-playground-runs", "runs": [{"name": "x"}]}', "needs a name"),
    ):
        bad.write_text(text)
        with pytest.raises(RunFileError, match=reason):
            load_runs(bad)
    with pytest.raises(RunFileError, match="cannot read"):
        load_runs(tmp_path / "missing.json")


def test_history_drops_old_unpinned_runs_and_keeps_names_unique():
    history = RunHistory(limit=2)
    first = history.add(record("same"))
    first.pinned = True
    second, third, fourth = (history.add(record("same")) for _ in range(3))
    assert [r.name for r in history.runs] == ["same", "same (3)", "same (4)"]
    assert history.get(second.id) is None and history.get(first.id) is first
    history.clear_unpinned()
    assert history.runs == [first]
    assert describe_run(quick_experiment()) == "gate-xor, MLP 4 tanh, adam 0.03"


# ----- the window ------------------------------------------------------------------------
@pytest.fixture
def window(qtbot):
    from gui.window.main_window import MainWindow

    win = MainWindow(quick_experiment())
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.trainer is not None, timeout=5000)
    return win


def train_to_end(qtbot, win) -> None:
    win.findChild(QAction, "actionTrain").trigger()
    qtbot.waitUntil(lambda: win.session.state == "finished", timeout=15_000)


def test_a_finished_run_is_recorded_and_overlaid(qtbot, window, tmp_path, monkeypatch):
    from gui.runs import table

    panel = window.runs.panel
    train_to_end(qtbot, window)
    qtbot.waitUntil(lambda: len(panel.runs()) == 1)
    run = panel.runs()[0]
    assert run.epochs == 15 and run.ended_how == "completed"
    assert panel.proxy.rowCount() == 1
    assert panel.proxy.index(0, table.EPOCHS).data() == "15"
    name = panel.proxy.index(0, table.NAME)
    panel.proxy.setData(name, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert [r.id for r in panel.overlaid()] == [run.id]
    assert (
        window.live.loss_plot.overlay_count() == 2
        and window.live.accuracy_plot.overlay_count() == 2
    )
    panel.proxy.setData(name, "my run", Qt.ItemDataRole.EditRole)
    assert panel.run(run.id).name == "my run"
    out = tmp_path / "run.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    panel.select([run.id])
    panel.export_menu.findChild(QAction, "runsExport-csv").trigger()
    qtbot.waitUntil(out.exists)
    assert out.read_text().count("\n") == 16


def test_reset_records_a_started_run_and_overlays_outlive_it(qtbot, window):
    panel = window.runs.panel
    train_to_end(qtbot, window)
    qtbot.waitUntil(lambda: len(panel.runs()) == 1)
    first = panel.runs()[0]
    panel.set_overlaid([first.id])
    window.spec_model.edit("live", lambda e: setattr(e.training, "epochs", 10_000))
    window.findChild(QAction, "actionReset").trigger()
    window.findChild(QAction, "actionTrain").trigger()
    qtbot.waitUntil(lambda: window.trainer is not None and window.trainer.epochs_done >= 2)
    window.findChild(QAction, "actionReset").trigger()  # the second run is recorded here
    qtbot.waitUntil(lambda: len(panel.runs()) == 2)
    assert panel.runs()[1].ended_how == "stopped"
    assert window.live.loss_plot.overlay_count() == 2  # the overlay outlives the resets
    panel.select([first.id])
    panel.buttons["runReopen"].click()
    assert window.spec_model.experiment.training.epochs == 15


def test_the_optimizers_race_runs_six_racers_and_overlays_them(qtbot, window, monkeypatch):
    monkeypatch.setattr(
        engine.teaching.lessons, "race_experiment", lambda name: quick_experiment(8, name)
    )
    window.findChild(QAction, "lesson-7").trigger()
    window.lessons.panel.race_button.click()
    qtbot.waitUntil(
        lambda: window.lessons.panel.outcome.text().startswith("Race over"), timeout=30_000
    )
    runs = window.runs.panel.runs()
    assert [r.name for r in runs] == [
        f"Lesson 7: {s.title}" for s in engine.teaching.lessons.lesson(7).steps
    ]
    assert {r.spec["optimizer"]["name"] for r in runs} == set(
        engine.teaching.lessons.RACE_OPTIMIZERS
    )
    assert len(window.runs.panel.overlaid()) == 6 and window.live.loss_plot.overlay_count() == 12
