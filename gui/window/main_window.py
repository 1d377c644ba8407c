"""The main window: dockable panels around one experiment, a training session on a worker
thread, and a 30 fps timer that draws whatever the worker last sent (never once per batch).

Panels edit the experiment through `SpecModel`; `_on_spec_changed` decides what a change
needs: hyperparameters go to the running trainer, anything else builds a new network (and
new data for data changes) with a visible cue. File actions and persistence live in
`gui.files.controller.FileActions`; the toolbar, menus and status fields are built in
`gui.window.chrome`.
"""

from __future__ import annotations

import functools
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QStyle

from engine.data.datasets import Dataset, add_point, load_dataset
from engine.experiment.spec import Experiment, SpecError
from engine.training.trainer import Trainer
from gui.digits.panel import DigitPanel, trained_digit_model
from gui.evaluation.controller import KerasActions
from gui.evaluation.panel import EvaluationPanel
from gui.experiment.data_panel import DataPanel
from gui.experiment.designer_panel import DesignerPanel
from gui.experiment.hyper_panel import HyperPanel
from gui.experiment.spec_model import DATA, SpecModel
from gui.files.controller import FileActions
from gui.help.controller import HelpActions
from gui.inside.controller import InsideActions
from gui.lessons.controller import LessonActions
from gui.live.boundary_panel import BoundaryPanel
from gui.live.plots_panel import AccuracyPlot, LossPlot
from gui.runs.controller import RunActions
from gui.training.session import TrainingSession
from gui.window.chrome import CueOverlay, build_menus, build_status_labels, build_toolbar
from gui.window.docks import LayoutActions, app_settings

REDRAW_MS = 33  # <= 30 fps
PLOT_EVERY = 2  # plots at 15 fps: their axes cost more to paint than the boundary's image
LIVE_FIELDS = {  # spec field -> Trainer.set_hyper name: applied at the next batch, no reset
    ("optimizer", "lr"): "lr",
    ("optimizer", "momentum"): "momentum",
    ("training", "l1"): "l1",
    ("training", "l2"): "l2",
    ("training", "batch_size"): "batch_size",
}
RUN_FIELDS = (("training", "epochs"), ("training", "early_stopping"))  # read by the trainer
ENGINE_NAMES = {"perceptron": "perceptron", "mlp": "MLP", "cnn": "CNN"}


class MainWindow(
    LayoutActions,
    FileActions,
    KerasActions,
    InsideActions,
    RunActions,
    LessonActions,
    HelpActions,
    QMainWindow,
):
    """Neural Playground's window. `MainWindow()` restores the last experiment and layout."""

    def __init__(self, experiment: Experiment | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Neural Playground")
        self.setDockNestingEnabled(True)
        self.settings = app_settings()
        startup_note = ""
        if experiment is None:
            experiment, startup_note = self._stored_experiment()
        self.spec_model = SpecModel(experiment)
        self.session = TrainingSession(self)
        self._dataset: Dataset | None = None
        self._running_spec: Experiment | None = None
        self._pending_model: Any = None
        self._progress: dict | None = None  # latest payloads, drawn by the timer
        self._snapshot: dict | None = None
        self._frame = 0  # redraw-timer ticks, to draw the plots on every PLOT_EVERY-th one
        self._calls: list[tuple[Future, str]] = []  # trainer-thread tasks not yet reported

        self.data_panel = DataPanel(self.spec_model)
        self.designer = DesignerPanel(self.spec_model)
        self.hyper_panel = HyperPanel(self.spec_model)
        self.loss_plot = LossPlot()
        self.accuracy_plot = AccuracyPlot()
        self.boundary = BoundaryPanel()
        self.evaluation = EvaluationPanel()
        self.digit_panel = DigitPanel()
        self._build_docks()
        self.transport = build_toolbar(self)
        build_menus(self)
        self.labels = build_status_labels(self)
        self.cue = CueOverlay(self.designer)
        self.setup_keras()

        self.spec_model.changed.connect(self._on_spec_changed)
        self.spec_model.replaced.connect(self._on_spec_replaced)
        self.boundary.pointAdded.connect(self._on_point_added)
        self.designer.weightEdited.connect(self._on_weight_edited)
        self.designer.statusMessage.connect(self._on_panel_message)
        self.session.trainerReady.connect(self._on_trainer_ready)
        self.session.batchFinished.connect(self._on_batch_finished)
        self.session.snapshotReady.connect(self._on_snapshot_ready)
        self.session.trainingStopped.connect(self._on_training_stopped)
        self.session.errorRaised.connect(self._on_error_raised)
        self.session.stateChanged.connect(self._on_state_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(REDRAW_MS)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer drifts below 30 fps
        self.timer.timeout.connect(self._on_redraw_timer)
        self.timer.start()
        self.setup_inside()
        self.setup_runs()
        self.setup_lessons()  # after the runs: the optimizers race records its runs there
        self.setup_help()  # last: explains every control that exists by now

        self._restore_layout()
        self.rebuild(reload_data=True)
        if startup_note:
            self.statusBar().showMessage(startup_note, 10_000)

    # ----- building a network -----------------------------------------------------------
    def rebuild(self, *, reload_data: bool, reason: str = "") -> bool:
        """Stop any run and build a fresh network (and data) for the current experiment.

        False, with a message, when the experiment is invalid: the running network stays.
        """
        exp = self.spec_model.experiment.copy()
        try:
            exp.validate()
            self.check_image_layers(exp)
            dataset = self._dataset
            if reload_data or dataset is None:
                dataset = None if exp.data.is_image else load_dataset(exp.data)
        except (SpecError, ValueError, OSError) as exc:
            self._pending_model = None
            self._show_problem(str(exc))
            return False
        model, self._pending_model = self._pending_model, None
        self._dataset, self._running_spec = dataset, exp
        self._progress = self._snapshot = None
        self.loss_plot.clear()
        self.accuracy_plot.clear()
        self.boundary.clear()
        self.boundary.set_dataset(dataset)
        self.session.start(exp, dataset, model, paused=True)
        engine = {"numpy": "NumPy", "keras": "Keras"}.get(exp.engine, exp.engine)
        self.labels["engine"].setText(f"{engine} {ENGINE_NAMES[exp.model]}")
        self._update_title()
        if reason:
            self.statusBar().showMessage(reason, 6000)
            self.cue.flash()
        self.prepare_views(exp)
        return True

    def _ensure_trainable(self) -> bool:
        """A stopped or finished run cannot go on: start a new network first."""
        if self.session.state in ("paused", "running"):
            return True
        return self.rebuild(reload_data=False, reason="New network: the last run had ended")

    @property
    def trainer(self) -> Trainer | None:
        return self.session.trainer

    # ----- transport --------------------------------------------------------------------
    @Slot(bool)
    def _on_train_toggled(self, checked: bool) -> None:
        if checked:
            if self._ensure_trainable():
                self.session.resume()
            else:
                self._on_state_changed(self.session.state)
        else:
            self.session.pause()

    @Slot()
    def _on_step_triggered(self) -> None:
        if self._ensure_trainable():
            self.session.step(1)

    @Slot()
    def _on_reset_triggered(self) -> None:
        self.rebuild(reload_data=False, reason="Network reset: new random weights")

    @Slot()
    def _on_stop_triggered(self) -> None:
        if self.session.stop_and_wait():
            step = self.trainer.step_count if self.trainer else 0
            self.statusBar().showMessage(
                f"Training stopped at step {step}. "
                "Save the model, or press Train for a new network."
            )

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        running = state == "running"
        train = self.transport["train"]
        with QSignalBlocker(train):
            train.setChecked(running)
        style = self.style()
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if running else QStyle.StandardPixmap.SP_MediaPlay
        )
        train.setIcon(style.standardIcon(icon))
        train.setText("Pause" if running else "Train")
        self.transport["stop"].setEnabled(state in ("paused", "running", "finished"))

    # ----- experiment changes -----------------------------------------------------------
    @Slot(str)
    def _on_spec_changed(self, kind: str) -> None:
        new, old = self.spec_model.experiment, self._running_spec
        if kind != DATA and old is not None and self.session.trainer is not None:
            live, run, rest = _diff(old, new)
            if not rest:
                self._apply_live(new, live, run)
                return
        if kind == DATA or old is None or new.data != old.data:
            self.rebuild(reload_data=True, reason="Network reset: the data changed")
        else:
            self.rebuild(reload_data=False, reason="Network reset: the network changed")

    def _apply_live(self, new: Experiment, live: dict[str, float], run: dict[str, int]) -> None:
        try:
            new.copy().validate()
            if live:
                self.session.set_hyper(**live)  # a stopped run's trainer takes them at once
        except (SpecError, ValueError) as exc:
            self._show_problem(str(exc))
            return
        if run:
            self._track(self.session.call(functools.partial(_set_run_fields, run)), "Epochs")
        self._running_spec = new.copy()

    def _track(self, future: Future, what: str) -> None:
        """Report a failed trainer-thread task in the status bar once it has run."""
        self._calls.append((future, what))

    @Slot()
    def _on_spec_replaced(self) -> None:
        self._dataset = None
        self.rebuild(reload_data=True, reason="Network reset: a new experiment")

    @Slot(float, float)
    def _on_point_added(self, x: float, y: float) -> None:
        dataset = self._dataset
        if dataset is None or dataset.is_image:
            return
        label = min(self.data_panel.current_class(), dataset.n_classes - 1)
        self._dataset = add_point(dataset, x, y, label)
        # kept in the spec too, so a saved experiment (and the next launch) has the point
        self.spec_model.experiment.data.added_points.append([float(x), float(y), int(label)])
        self.rebuild(reload_data=False, reason=f"Network reset: point ({x:.2f}, {y:.2f}) added")

    @Slot(int)
    def _on_speed_changed(self, index: int) -> None:
        self.session.set_speed_limit(self.speed_combo.itemData(index))

    @Slot(int, int, int, float)
    def _on_weight_edited(self, layer: int, i: int, j: int, value: float) -> None:
        task = functools.partial(_set_weight, layer, i, j, value)
        self._track(self.session.call(task), "Weight edit")

    # ----- worker signals (stored; drawn by the timer) ----------------------------------
    @Slot(dict)
    def _on_trainer_ready(self, info: dict) -> None:
        self.labels["device"].setText(info.get("device", "CPU"))
        self.labels["engine"].setToolTip(f"{info.get('parameters', 0)} trainable parameters")
        self.digit_panel.set_trained_model(*trained_digit_model(self.session))

    @Slot(dict)
    def _on_batch_finished(self, progress: dict) -> None:
        self._progress = progress

    @Slot(dict)
    def _on_snapshot_ready(self, snapshot: dict) -> None:
        self._snapshot = snapshot

    @Slot(str, str)
    def _on_training_stopped(self, reason: str, message: str) -> None:
        text = message or {"completed": "Training finished."}.get(
            reason, f"Training ended: {reason}"
        )
        self.statusBar().showMessage(text)
        if reason == "diverged":
            self.cue.flash(warning=True)

    @Slot(str)
    def _on_error_raised(self, message: str) -> None:
        self.statusBar().showMessage(f"Error: {message}")

    @Slot()
    def _on_redraw_timer(self) -> None:
        for future, what in [c for c in self._calls if c[0].done()]:
            self._calls.remove((future, what))
            if not future.cancelled() and future.exception() is not None:
                self._show_problem(f"{what} failed: {future.exception()}")
        self._frame += 1
        progress = self._progress
        if self._frame % PLOT_EVERY and progress is not None and not progress.get("finished"):
            progress = None  # plots and status redraw at 15 fps; kept for the next frame
        else:
            self._progress = None
        if progress is not None:
            self.loss_plot.update_progress(progress)
            self.accuracy_plot.update_progress(progress)
            lab = self.labels
            lab["epoch"].setText(f"Epoch {progress['epoch']:.1f}")
            lab["step"].setText(f"Step {progress['step']:,}")
            running = self.session.state == "running"
            lab["rate"].setText(f"{progress['steps_per_second']:,.0f} steps/s" if running else "–")
            lab["loss"].setText(f"Loss {progress['loss']:.4f}")
        snapshot, self._snapshot = self._snapshot, None
        if snapshot is not None:
            self.boundary.set_snapshot(snapshot)
            self.designer.set_snapshot(snapshot)

    @Slot(str)
    def _on_panel_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def _show_problem(self, text: str) -> None:
        self.statusBar().showMessage(text, 15_000)

    def _update_title(self) -> None:
        exp = self._running_spec or self.spec_model.experiment
        units = [la.units for la in exp.hidden_dense]
        net = {"perceptron": "perceptron", "cnn": f"CNN of {len(exp.layers)} layers"}.get(
            exp.model, f"MLP {units}"
        )
        self.setWindowTitle(f"Neural Playground — {exp.data.name}, {net}")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.timer.stop()
        self.digit_panel.shutdown()
        self.session.stop_and_wait(1000)
        s = self.settings
        s.setValue("geometry", self.saveGeometry())
        s.setValue("windowState", self.saveState())
        exp = self.spec_model.experiment
        try:
            s.setValue("lastExperiment", exp.copy().validate().to_json())
        except SpecError:
            if self._running_spec is not None:
                s.setValue("lastExperiment", self._running_spec.to_json())
        s.sync()
        super().closeEvent(event)


def _diff(old: Experiment, new: Experiment) -> tuple[dict[str, float], dict[str, int], bool]:
    """(live changes for set_hyper, run-length changes, whether anything else changed)."""
    live: dict[str, float] = {}
    run: dict[str, int] = {}
    a, b = old.to_dict(), new.to_dict()
    for (group, name), hyper in LIVE_FIELDS.items():
        if a[group][name] != b[group][name]:
            live[hyper] = b[group][name]
        a[group][name] = b[group][name]
    for group, name in RUN_FIELDS:
        if a[group][name] != b[group][name]:
            run[name] = b[group][name]
        a[group][name] = b[group][name]
    return live, run, a != b


def _set_run_fields(values: dict[str, int], trainer: Trainer) -> None:
    for name, value in values.items():
        setattr(trainer.spec.training, name, value)


def _set_weight(layer: int, i: int, j: int, value: float, trainer: Trainer) -> None:
    trainer.model.set_weight(layer, i, j, value)
