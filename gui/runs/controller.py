"""The main window's run history: record each run when it ends, overlay past runs on the plots.

A mixin, like `KerasActions`. A run is recorded when training finishes or stops on its own
(`trainingStopped`), and when a run that trained at least one epoch is stopped or replaced
(Stop, Reset, any change that builds a new network: the session goes to "stopped"). The curves
come from `trainer.history`, read in the GUI thread only once the run can no longer change it.
"""

from __future__ import annotations

import weakref
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDockWidget

from engine.experiment.spec import Experiment, SpecError
from engine.training.run_history import RunRecord
from engine.training.trainer import STOP_INTERRUPTED, Trainer
from gui.runs.panel import RunsPanel


class RunActions:
    """Mixin for MainWindow (needs session, spec_model, docks, loss/accuracy plots, statusBar)."""

    def setup_runs(self: Any) -> None:
        """Create the Runs dock (a tab beside the decision boundary) and connect the recorder."""
        self.runs_panel = RunsPanel()
        dock = QDockWidget("Runs", self)
        dock.setObjectName("runsPanelDock")
        dock.setWidget(self.runs_panel)
        self.docks["runsPanel"] = dock
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.tabifyDockWidget(self.docks["decisionBoundary"], dock)
        self.docks["decisionBoundary"].raise_()
        add_to_view_menu(self, dock)
        self._recorded: weakref.ref | None = None  # the trainer last recorded
        self._evaluated: tuple[int, float] | None = None  # (step, test accuracy) of the last
        self.session.trainerReady.connect(self._on_run_trainer_ready)
        self.session.evaluationReady.connect(self._on_run_evaluated)
        self.session.trainingStopped.connect(self._on_run_finished)
        self.session.stateChanged.connect(self._on_run_state_changed)
        self.runs_panel.overlaysChanged.connect(self._on_overlays_changed)
        self.runs_panel.loadSettingsRequested.connect(self._on_run_settings_requested)

    def record_run(self: Any, reason: str = "", message: str = "") -> RunRecord | None:
        """Add the current trainer's run to the history, once; None when there is nothing
        to keep (no epoch trained, or already recorded)."""
        trainer: Trainer | None = self.session.trainer
        if trainer is None or not trainer.history:
            return None
        if self._recorded is not None and self._recorded() is trainer:
            return None
        self._recorded = weakref.ref(trainer)
        test = None
        if self._evaluated is not None and self._evaluated[0] == trainer.step_count:
            test = self._evaluated[1]
        record = RunRecord.from_history(
            trainer.spec,
            list(trainer.history),
            stop_reason=reason or trainer.stopped or STOP_INTERRUPTED,
            message=message or trainer.message,
            steps=trainer.step_count,
            test_accuracy=test,
        )
        return self.runs_panel.add_run(record)

    # ----- slots --------------------------------------------------------------------------
    @Slot(dict)
    def _on_run_trainer_ready(self: Any, _info: dict) -> None:
        self._evaluated = None

    @Slot(dict)
    def _on_run_evaluated(self: Any, evaluation: dict) -> None:
        self._evaluated = (int(evaluation.get("step", -1)), float(evaluation.get("accuracy", 0)))

    @Slot(str, str)
    def _on_run_finished(self: Any, reason: str, message: str) -> None:
        self.record_run(reason, message)

    @Slot(str)
    def _on_run_state_changed(self: Any, state: str) -> None:
        # "stopped": Stop was pressed, or a new network replaces this one. The thread has been
        # joined, so the trainer's history is complete and no longer changing.
        if state == "stopped":
            self.record_run()  # the trainer says why: interrupted, or a finish not yet reported

    @Slot(list)
    def _on_overlays_changed(self: Any, overlays: list) -> None:
        self.loss_plot.set_overlays(overlays)
        self.accuracy_plot.set_overlays(overlays)

    @Slot(dict)
    def _on_run_settings_requested(self: Any, raw: dict) -> None:
        try:
            exp = Experiment.from_dict(raw).validate()
        except (SpecError, TypeError) as exc:
            self.statusBar().showMessage(f"Cannot load that run's settings: {exc}", 10_000)
            return
        self.spec_model.replace(exp)
        self.statusBar().showMessage("Loaded the run's settings: press Train to run it again")


def add_to_view_menu(window: Any, dock: QDockWidget) -> None:
    """List a dock added after the menus were built in View, with the other panels."""
    menu = next(
        (a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"),
        None,
    )
    if menu is None:
        return
    separator = next((a for a in menu.actions() if a.isSeparator()), None)
    menu.insertAction(separator, dock.toggleViewAction())
