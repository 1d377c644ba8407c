"""The Runs dock: record each run when it ends; the panel's overlays go to the plots.

A run is recorded when training finishes or stops on its own (`trainingStopped`), and when a
run that trained at least one epoch is stopped or replaced (Stop, Reset, any change that builds
a new network: the session goes to "stopped"). The curves come from `trainer.history`, read in
the GUI thread only once the run can no longer change it.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Slot
from PySide6.QtWidgets import QDockWidget

from engine.experiment.spec import Experiment, SpecError
from engine.training.run_history import RunRecord
from engine.training.trainer import STOP_INTERRUPTED, Trainer
from gui.common.docks import make_dock
from gui.common.i18n import engine_message
from gui.common.reporter import StatusReporter
from gui.experiment.spec_model import SpecModel
from gui.runs.panel import RunsPanel
from gui.training.session import TrainingSession


class RunsController(QObject):
    """Owns the runs panel (`panel`: its `overlaysChanged` is for the plots, its `runAdded`
    and `history` for whoever races runs) and records the session's runs into it."""

    def __init__(
        self,
        spec_model: SpecModel,
        session: TrainingSession,
        reporter: StatusReporter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._spec = spec_model
        self._session = session
        self._reporter = reporter
        self.panel = RunsPanel()
        self.dock_widgets: list[QDockWidget] = [
            make_dock("runsPanel", QT_TRANSLATE_NOOP("Dock", "Runs"), self.panel)
        ]
        self._recorded: weakref.ref | None = None  # the trainer last recorded
        self._evaluated: tuple[int, float] | None = None  # (step, test accuracy) of the last
        session.trainerReady.connect(self._on_trainer_ready)
        session.evaluationReady.connect(self._on_evaluated)
        session.trainingStopped.connect(self._on_run_finished)
        session.stateChanged.connect(self._on_state_changed)
        self.panel.loadSettingsRequested.connect(self._on_run_settings_requested)

    def record_run(self, reason: str = "", message: str = "") -> RunRecord | None:
        """Add the current trainer's run to the history, once; None when there is nothing
        to keep (no epoch trained, or already recorded)."""
        trainer: Trainer | None = self._session.trainer
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
        return self.panel.add_run(record)

    # ----- slots --------------------------------------------------------------------------
    @Slot(dict)
    def _on_trainer_ready(self, _info: dict) -> None:
        self._evaluated = None

    @Slot(dict)
    def _on_evaluated(self, evaluation: dict) -> None:
        if evaluation.get("task") == "regression":  # its score is the test R²
            score = float(evaluation["metrics"]["test"]["r2"])
        else:
            score = float(evaluation.get("accuracy", 0))
        self._evaluated = (int(evaluation.get("step", -1)), score)

    @Slot(str, str)
    def _on_run_finished(self, reason: str, message: str) -> None:
        self.record_run(reason, message)

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        # "stopped": Stop was pressed, or a new network replaces this one. The thread has been
        # joined, so the trainer's history is complete and no longer changing.
        if state == "stopped":
            self.record_run()  # the trainer says why: interrupted, or a finish not yet reported

    @Slot(dict)
    def _on_run_settings_requested(self, raw: dict) -> None:
        try:
            exp = Experiment.from_dict(raw).validate()
        except (SpecError, TypeError) as exc:
            said = QCoreApplication.translate("Runs", "Cannot load that run's settings: {error}")
            self._reporter.show_message(said.format(error=engine_message(exc)), 10_000)
            return
        self._spec.replace(exp)
        self._reporter.show_message(
            QCoreApplication.translate(
                "Runs", "Loaded the run's settings: press Train to run it again"
            )
        )
