"""The Evaluation dock and the Keras side of a new network: Keras loading in the
background, test-set evaluations, and which view (decision boundary or evaluation) suits the data.

Nothing here imports Keras: the worker builds Keras models in its own thread, and
`KerasLoader` starts the import of Keras and its backend in a daemon thread the first time a
Keras engine is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QDockWidget

from engine.data.datasets import Dataset
from engine.experiment.spec import Experiment
from engine.keras_import import BACKEND_TITLES
from gui.common.docks import make_dock, raise_if_tabbed
from gui.common.reporter import StatusReporter
from gui.evaluation.panel import EvaluationPanel
from gui.training.keras_loader import KerasLoader
from gui.training.session import TrainingSession

LOADING = QT_TRANSLATE_NOOP("Evaluation", "Loading Keras…")  # the device field meanwhile
EVALUATION = "Evaluation"  # the translation context of this feature's messages


def _tr(source: str) -> str:
    return QCoreApplication.translate(EVALUATION, source)


class EvaluationController(QObject):
    """Owns the evaluation panel and the Keras loader. `boundary_dock` is raised instead
    of the evaluation for 2-D data."""

    deviceChanged = Signal(str)  # what the device field should say while Keras loads

    def __init__(
        self,
        session: TrainingSession,
        boundary_dock: QDockWidget,
        reporter: StatusReporter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._boundary_dock = boundary_dock
        self._reporter = reporter
        self._loading = False  # Keras is being imported for the network just built
        self.panel = EvaluationPanel()
        self.dock = make_dock(
            "evaluationPanel", QT_TRANSLATE_NOOP("Dock", "Evaluation"), self.panel
        )
        self.dock_widgets: list[QDockWidget] = [self.dock]
        self.keras_loader = KerasLoader(self)
        self.keras_loader.loaded.connect(self._on_keras_loaded)
        session.trainerReady.connect(self._on_trainer_ready)
        session.evaluationReady.connect(self._on_evaluation_ready)
        self.panel.evaluateRequested.connect(self._on_evaluate_requested)
        self.panel.autoEvaluateToggled.connect(self._on_auto_evaluate_toggled)

    @Slot(object, object)
    def show_network(self, exp: Experiment, _dataset: Dataset | None) -> None:
        """A new network: clear the evaluation, raise the view that suits the data, and start
        loading Keras (on the experiment's backend) if this is the first Keras model."""
        self.panel.set_task(exp.data.task)
        raise_if_tabbed(self.dock if exp.data.is_image else self._boundary_dock)
        if exp.engine == "keras" and self.keras_loader.start(exp.backend):
            self._loading = True
            self.deviceChanged.emit(_tr(LOADING))
            title = BACKEND_TITLES[exp.backend]
            self._reporter.show_message(
                QCoreApplication.translate(
                    "Evaluation",
                    "Loading Keras on {backend}… (the first time takes a few seconds; the "
                    "window stays usable)",
                ).format(backend=title)
            )

    # ----- slots --------------------------------------------------------------------------
    @Slot(str)
    def _on_keras_loaded(self, error: str) -> None:
        if error:
            self.deviceChanged.emit(QCoreApplication.translate("Evaluation", "no Keras"))
            self._reporter.show_error(
                QCoreApplication.translate("Evaluation", "Keras is not available"), error
            )
        elif self._loading:
            self._reporter.show_message(
                QCoreApplication.translate("Evaluation", "Keras loaded; building the network…"),
                4000,
            )
        self._loading = False

    @Slot(dict)
    def _on_trainer_ready(self, info: dict) -> None:
        self._loading = False  # the device field now names the trainer's device
        if info.get("note"):  # e.g. a GPU was asked for and none was found
            self._reporter.show_message(info["note"], 15_000)
        elif info.get("engine") == "keras":
            ready = QCoreApplication.translate(
                "Evaluation", "Keras model ready on {device}"
            ).format(device=info["device"])
            self._reporter.show_message(ready, 4000)

    @Slot(dict)
    def _on_evaluation_ready(self, evaluation: dict) -> None:
        self.panel.set_evaluation(evaluation)

    @Slot()
    def _on_evaluate_requested(self) -> None:
        if self._session.trainer is None:
            self._reporter.show_message(
                QCoreApplication.translate("Evaluation", "There is no network to evaluate yet."),
                5000,
            )
            return
        self._reporter.show_message(
            QCoreApplication.translate("Evaluation", "Evaluating on the test set…"), 3000
        )
        self._session.evaluate()

    @Slot(bool)
    def _on_auto_evaluate_toggled(self, on: bool) -> None:
        self._session.set_auto_evaluate(on)
