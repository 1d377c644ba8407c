"""The window keeps every run in the run history (issue #16) and the Runs dock browses it: a
window run is stored with its spec, curves and metrics, written off the GUI thread; after a
restart the dock lists it and overlays it; the dock filters, searches, sorts, renames, pins,
annotates, deletes, reopens, exports and imports; a damaged history is moved aside with one
notice and the app starts; a full disk keeps the run in the dock with a message."""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from engine.experiment.spec import DataSpec, Experiment, LayerSpec, OptimizerSpec, TrainingSpec
from engine.runs.home import default_home
from engine.runs.store import RunStore, StoredRun
from gui.runs import table

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def quick_experiment(epochs: int = 6, data: str = "gate-xor", lr: float = 0.03) -> Experiment:
    return Experiment(
        data=DataSpec(name=data),
        layers=[LayerSpec(units=4, activation="tanh")],
        optimizer=OptimizerSpec("adam", lr=lr),
        training=TrainingSpec(batch_size=4, epochs=epochs),
    )


def home() -> Path:
    return Path(os.environ["NEURAL_PLAYGROUND_HOME"])


def stored_run(name: str, data: str = "gate-xor", val: float = 0.5, **kw) -> StoredRun:
    exp = quick_experiment(data=data)
    series = {
        "epoch": [1.0, 2.0, 3.0],
        "loss": [0.9, 0.5, 0.3],
        "accuracy": [0.5, 0.7, 0.9],
        "val_loss": [1.0, 0.6, 0.4],
        "val_accuracy": [val - 0.2, val + 0.05, val],
    }
    metrics = {"train_loss": 0.3, "val_accuracy": val, "test_accuracy": val - 0.01}
    return StoredRun(
        spec=exp.to_dict(),
        name=name,
        dataset=data,
        model=exp.model,
        engine="numpy",
        started=kw.pop("started", "2026-11-20T10:00:00+00:00"),
        ended_how="completed",
        series=series,
        metrics=metrics,
        **kw,
    )


def add_to_history(*runs: StoredRun) -> list[int]:
    store = RunStore.open(home())
    try:
        return [store.add(run) for run in runs]
    finally:
        store.close()


def read_history() -> list[StoredRun]:
    store = RunStore.open(home())
    try:
        return [store.get(r.id) for r in store.list_runs()]
    finally:
        store.close()


def listed(qtbot, win, count: int) -> list[StoredRun]:
    panel = win.runs.panel
    qtbot.waitUntil(lambda: len(panel.runs()) == count, timeout=10_000)
    return panel.runs()


def train_to_end(qtbot, win) -> None:
    win.findChild(QAction, "actionTrain").trigger()
    qtbot.waitUntil(lambda: win.session.state == "finished", timeout=15_000)


def close(win) -> None:
    win.close()


# ----- recording ------------------------------------------------------------------------------
def test_a_window_run_is_stored_with_spec_history_and_metrics_off_the_gui_thread(
    qtbot, make_window, monkeypatch
):
    calls: list[tuple[str, str, RunStore]] = []
    for name in ("add", "checkpoint", "finish", "list_runs", "get", "rename"):
        real = getattr(RunStore, name)

        def spy(self, *args, _real=real, _name=name, **kwargs):
            calls.append((_name, threading.current_thread().name, self))
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(RunStore, name, spy)
    win = make_window(quick_experiment())
    train_to_end(qtbot, win)
    (run,) = listed(qtbot, win, 1)
    assert run.ended_how == "completed" and run.epochs == 6 and run.id > 0
    (kept,) = read_history()
    assert kept.spec == win.trainer.spec.to_dict()
    assert kept.series["epoch"] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert kept.series["loss"] == pytest.approx([r.loss for r in win.trainer.history])
    assert kept.metrics["train_loss"] == pytest.approx(win.trainer.history[-1].loss)
    assert kept.metrics["test_accuracy"] is not None and kept.device.startswith("cpu")
    win.runs.panel.model.setData(
        win.runs.panel.model.index(0, table.NAME), "renamed", Qt.ItemDataRole.EditRole
    )
    qtbot.waitUntil(lambda: any(c[0] == "rename" for c in calls))
    gui = threading.main_thread().name
    window_store = win.runs.link.store_future.result()
    calls = [(name, thread) for name, thread, store in calls if store is window_store]
    assert {"add", "finish", "list_runs", "rename"} <= {name for name, _ in calls}
    assert all(thread != gui for _, thread in calls), calls


def test_stop_records_stopped_and_closing_records_interrupted(qtbot, make_window):
    win = make_window(quick_experiment(epochs=100_000))
    win.findChild(QAction, "actionTrain").trigger()
    qtbot.waitUntil(lambda: win.trainer.epochs_done >= 2, timeout=10_000)
    (running,) = read_history()  # written after the first epoch, while it trains
    assert running.ended_how == "running" and running.epochs >= 1 and running.ended is None
    win.findChild(QAction, "actionReset").trigger()  # replaced: "stopped"
    (first,) = listed(qtbot, win, 1)
    assert first.ended_how == "stopped" and first.epochs >= 2
    qtbot.waitUntil(lambda: win.trainer is not None and win.trainer.step_count == 0)
    win.findChild(QAction, "actionTrain").trigger()
    qtbot.waitUntil(lambda: win.trainer.epochs_done >= 1, timeout=10_000)
    close(win)
    runs = {r.id: r for r in read_history()}
    assert sorted(r.ended_how for r in runs.values()) == ["interrupted", "stopped"]


def test_a_full_disk_keeps_the_run_in_the_dock_and_says_so(qtbot, make_window, monkeypatch):
    def full(self, work):
        self.problem = self._describe_failure(sqlite3.OperationalError("database or disk is full"))
        return None

    win = make_window(quick_experiment(epochs=3))
    qtbot.waitUntil(lambda: win.runs.link.store_future.done())
    monkeypatch.setattr(RunStore, "_write", full)
    train_to_end(qtbot, win)
    (run,) = listed(qtbot, win, 1)
    assert run.id < 0 and run.epochs == 3 and run.ended_how == "completed"
    assert "disk is full" in win.statusBar().currentMessage()
    box = win.findChild(QMessageBox, "errorMessage")
    assert box is not None and "disk is full" in box.text()
    win.runs.panel.set_overlaid([run.id])
    assert win.live.loss_plot.overlay_count() == 2


# ----- the history across sessions -------------------------------------------------------------
def test_after_a_restart_the_dock_lists_and_overlays_an_earlier_run(qtbot, make_window):
    win = make_window(quick_experiment(epochs=4))
    train_to_end(qtbot, win)
    (run,) = listed(qtbot, win, 1)
    close(win)
    again = make_window(quick_experiment(epochs=4))
    (earlier,) = listed(qtbot, again, 1)
    assert earlier.id == run.id and earlier.series["loss"] == pytest.approx(run.series["loss"])
    assert again.live.loss_plot.overlay_count() == 0
    panel = again.runs.panel
    index = panel.proxy.index(0, table.NAME)
    panel.proxy.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert [r.id for r in panel.overlaid()] == [run.id]
    assert again.live.loss_plot.overlay_count() == 2
    assert again.live.accuracy_plot.overlay_count() == 2


def test_runs_recorded_elsewhere_show_when_the_dock_is_shown_again(qtbot, make_window):
    win = make_window(quick_experiment())
    qtbot.waitUntil(lambda: win.runs.link.store_future.done())
    listed(qtbot, win, 0)
    (other,) = add_to_history(stored_run("from the command line"))
    dock = win.docks["runsPanelDock"]
    win.show()
    dock.raise_()
    (run,) = listed(qtbot, win, 1)
    assert run.id == other and run.name == "from the command line"


def test_filters_search_and_sort(qtbot, make_window):
    add_to_history(
        stored_run("alpha", val=0.9, notes="the 96 % one", started="2026-11-01T10:00:00+00:00"),
        stored_run("beta", data="circle", val=0.6, started="2026-11-10T10:00:00+00:00"),
        stored_run("gamma", data="circle", val=0.75, started="2026-11-20T10:00:00+00:00"),
    )
    win = make_window(quick_experiment())
    listed(qtbot, win, 3)
    panel = win.runs.panel
    bar = panel.filters

    def shown() -> list[str]:
        return [r.name for r in panel.shown_runs()]

    assert shown() == ["gamma", "beta", "alpha"]  # newest first
    panel.table.sortByColumn(table.BEST_VAL, Qt.SortOrder.DescendingOrder)
    assert shown() == ["alpha", "gamma", "beta"]
    combo = bar.combos["dataset"]
    combo.setCurrentIndex(combo.findData("circle"))
    assert shown() == ["gamma", "beta"]
    bar.min_accuracy.setValue(70)
    assert shown() == ["gamma"]
    combo.setCurrentIndex(0)
    bar.min_accuracy.setValue(0)
    bar.search.setText("96 %")  # in alpha's notes
    assert shown() == ["alpha"]
    bar.search.setText("")
    bar.since.setDate(bar.since.date().fromString("2026-11-05", "yyyy-MM-dd"))
    bar.until.setDate(bar.until.date().fromString("2026-11-15", "yyyy-MM-dd"))
    assert shown() == ["beta"]


def test_rename_pin_and_notes_persist_and_delete_asks_first(qtbot, make_window, monkeypatch):
    (first, second) = add_to_history(stored_run("one"), stored_run("two"))
    win = make_window(quick_experiment())
    listed(qtbot, win, 2)
    panel = win.runs.panel
    model = panel.model
    row = model.row_of(first)
    model.setData(model.index(row, table.NAME), "my best", Qt.ItemDataRole.EditRole)
    model.setData(model.index(row, table.PIN), Qt.CheckState.Checked.value, 10)
    panel.select([first])
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("try lr 0.1 next", True))
    panel.buttons["runNotes"].click()

    def kept() -> StoredRun:
        return next(r for r in read_history() if r.id == first)

    qtbot.waitUntil(lambda: kept().notes == "try lr 0.1 next")
    run = kept()
    assert run.name == "my best" and run.pinned
    panel.select([second])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    panel.buttons["runDelete"].click()
    assert len(panel.runs()) == 2
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.buttons["runDelete"].click()
    qtbot.waitUntil(lambda: len(panel.runs()) == 1)
    assert [r.id for r in read_history()] == [first]


def test_reopen_sets_the_experiment_and_opens_a_saved_model(qtbot, make_window, tmp_path):
    from engine.data.datasets import load_dataset
    from engine.training.trainer import Trainer

    exp = quick_experiment(epochs=3, lr=0.07)
    trainer = Trainer(exp, load_dataset(exp.data))
    model_path = tmp_path / "saved.npz"
    trainer.model.save(str(model_path), {"app": "Neural Playground", "experiment": exp.to_dict()})
    plain, with_model = add_to_history(
        stored_run("plain", data="circle"),
        stored_run("saved", model_path=str(model_path)),
    )
    win = make_window(quick_experiment(epochs=9))
    listed(qtbot, win, 2)
    win.runs.panel.select([plain])
    win.runs.panel.buttons["runReopen"].click()
    assert win.spec_model.experiment.data.name == "circle"
    assert "Reopened plain" in win.statusBar().currentMessage()
    win.runs.panel.select([with_model])
    win.runs.panel.buttons["runReopen"].click()
    assert win.spec_model.experiment.optimizer.lr == pytest.approx(0.07)
    assert "Opened model" in win.statusBar().currentMessage()


def test_export_save_and_import(qtbot, make_window, tmp_path, monkeypatch):
    (run_id,) = add_to_history(stored_run("exported"))
    win = make_window(quick_experiment())
    listed(qtbot, win, 1)
    panel = win.runs.panel
    panel.select([run_id])
    for fmt in ("csv", "json"):
        out = tmp_path / f"run.{fmt}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, _o=out, **k: (str(_o), ""))
        panel.export_menu.findChild(QAction, f"runsExport-{fmt}").trigger()
        qtbot.waitUntil(out.exists)
    assert (tmp_path / "run.csv").read_text().count("\n") == 4
    assert json.loads((tmp_path / "run.json").read_text())["run"]["name"] == "exported"
    saved = tmp_path / "all.runs.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    panel.buttons["runsSave"].click()
    qtbot.waitUntil(saved.exists)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(saved), ""))
    panel.buttons["runsOpen"].click()  # Import runs: the saved file comes back as a new run
    runs = listed(qtbot, win, 2)
    assert sorted(r.name for r in runs) == ["exported", "exported"]
    assert runs[0].series["loss"] == runs[1].series["loss"]
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    panel.buttons["runsOpen"].click()
    qtbot.waitUntil(lambda: "not valid JSON" in win.statusBar().currentMessage())


# ----- faults and the folder ----------------------------------------------------------------
def test_a_damaged_history_is_moved_aside_with_one_notice_and_the_app_starts(qtbot, make_window):
    home().mkdir(parents=True, exist_ok=True)
    (home() / "runs.sqlite").write_bytes(b"this is not a database" * 100)
    win = make_window(quick_experiment())
    qtbot.waitUntil(lambda: bool(win.runs.notice))
    assert "moved aside" in win.runs.notice
    assert list(home().glob("runs.corrupt-*.sqlite"))
    assert "moved aside" in win.statusBar().currentMessage()
    close(win)
    again = make_window(quick_experiment())
    qtbot.waitUntil(lambda: again.runs.link.store_future.done())
    qtbot.wait(50)
    assert again.runs.notice == ""  # said once: the fresh history is fine
    assert again.runs.link.store_future.result().persistent


def test_qt_app_data_location_is_the_engines_default_home(monkeypatch):
    monkeypatch.delenv("NEURAL_PLAYGROUND_HOME", raising=False)
    app = QCoreApplication.instance()
    names = app.organizationName(), app.applicationName()
    app.setOrganizationName("NeuralPlayground")
    app.setApplicationName("NeuralPlayground")
    try:
        qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        from gui.runs.controller import history_home

        assert Path(qt) == default_home() == history_home()
        assert history_home("/somewhere/else") == Path("/somewhere/else")
    finally:
        app.setOrganizationName(names[0])
        app.setApplicationName(names[1])


def test_best_and_final_scores_and_unknowns():
    run = stored_run("x", val=0.8)
    assert table.best_val(run) == pytest.approx(0.85) and table.final_val(run) == 0.8
    run.series, run.metrics = {}, {}
    assert math.isnan(table.best_val(run)) and table.score_text(run, math.nan) == "–"


# ----- done when (#16) ----------------------------------------------------------------------
def test_two_cli_runs_and_a_window_run_are_listed_and_shown_after_a_restart(
    qtbot, make_window, capsys
):
    """The issue's "done when": two CLI runs and one window run are in `runs list --json` and
    in the Runs dock after a restart, with specs, histories and final metrics intact, and a
    run from an earlier session overlays on the plots."""
    from engine.cli.main import main as cli

    for dataset in ("xor", "circle"):
        assert cli(["train", "--dataset", dataset, "--points", "80", "--epochs", "3"]) == 0
    win = make_window(quick_experiment(epochs=4))
    train_to_end(qtbot, win)
    listed(qtbot, win, 3)  # the CLI's two, read at start-up, and the window's
    close(win)
    capsys.readouterr()
    assert cli(["runs", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["dataset"] for r in rows) == ["circle", "gate-xor", "xor"]
    stored = {r.id: r for r in read_history()}

    again = make_window(quick_experiment(epochs=4))
    runs = {r.id: r for r in listed(qtbot, again, 3)}
    assert runs.keys() == stored.keys() == {r["id"] for r in rows}
    for run_id, run in runs.items():
        kept = stored[run_id]
        assert run.spec == kept.spec and run.ended_how == "completed"
        assert run.series == kept.series and len(run.series["loss"]) == run.epochs > 0
        assert run.metrics == kept.metrics and run.metrics["test_accuracy"] is not None
    window_run = next(r for r in runs.values() if r.dataset == "gate-xor")
    assert window_run.epochs == 4 and Experiment.from_dict(window_run.spec).training.epochs == 4
    cli_run = next(r for r in runs.values() if r.dataset == "circle")
    again.runs.panel.set_overlaid([cli_run.id])
    loss_plot = again.live.loss_plot
    assert loss_plot.overlay_count() == 2  # its train (dashed) and validation (dotted) loss
    train_curve, val_curve = loss_plot._overlays
    assert list(train_curve.getData()[1]) == pytest.approx(cli_run.series["loss"])
    assert list(val_curve.getData()[1]) == pytest.approx(cli_run.series["val_loss"])
    assert list(train_curve.getData()[0]) == [1.0, 2.0, 3.0]


def test_home_option_opens_the_window_on_that_folder(monkeypatch, capsys):
    import gui.window.app
    import main

    opened = []
    monkeypatch.setattr(gui.window.app, "run_app", lambda argv, home=None: opened.append(home) or 0)
    assert main.main(["--home", "/data/runs"]) == 0 and main.main(["--home=/elsewhere"]) == 0
    assert main.main([]) == 0
    assert opened == ["/data/runs", "/elsewhere", None]
    assert main.main(["--home"]) == 2 and "--home needs a folder" in capsys.readouterr().err
