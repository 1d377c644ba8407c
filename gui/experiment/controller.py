"""The experiment as the trainer runs it: the Data, Network and Hyperparameters docks, and the
decision, after each edit, between telling the running trainer and building a new network.

Panels edit the experiment through `SpecModel`. `_on_spec_changed` decides what a change needs:
hyperparameters go to the running trainer (`set_hyper`, next batch), epochs and early stopping
to its spec; anything else rebuilds (new data too for data changes) with a visible cue.
`networkRebuilt(experiment, dataset)` tells the other features a new network has started, so
each clears or reconfigures its own views.
"""

from __future__ import annotations

import functools
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from engine.data.datasets import Dataset, add_point, load_dataset
from engine.experiment.spec import Experiment, SpecError
from engine.training.trainer import Trainer
from gui.common.docks import make_dock
from gui.common.i18n import engine_message
from gui.common.reporter import StatusReporter
from gui.experiment.backend_choice import window_backend
from gui.experiment.cue_overlay import CueOverlay
from gui.experiment.data_panel import DataPanel
from gui.experiment.designer_panel import DesignerPanel
from gui.experiment.hyper_panel import HyperPanel
from gui.experiment.image_inputs import ImageInputs
from gui.experiment.layer_list_editor import INPUT_SHAPE, image_layer_problem
from gui.experiment.spec_model import DATA, SpecModel
from gui.training.session import TrainingSession

LIVE_FIELDS = {  # spec field -> Trainer.set_hyper name: applied at the next batch, no reset
    ("optimizer", "lr"): "lr",
    ("optimizer", "momentum"): "momentum",
    ("training", "l1"): "l1",
    ("training", "l2"): "l2",
    ("training", "batch_size"): "batch_size",
}
RUN_FIELDS = (  # read by the trainer from its own spec (lr_decay: at each epoch's end)
    ("training", "epochs"),
    ("training", "early_stopping"),
    ("training", "lr_decay"),
)
CALL_POLL_MS = 50  # how often finished trainer-thread tasks are checked for failures


class ExperimentController(QObject):
    """Owns the experiment panels and the network the session trains."""

    networkRebuilt = Signal(object, object)  # (Experiment being trained, Dataset | None)

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
        self._dataset: Dataset | None = None
        self._running_spec: Experiment | None = None
        self._pending_model: Any = None  # an opened model, trained by the next rebuild
        self._told_restart = False  # the box about a backend after a restart: once a window
        self._calls: list[tuple[Future, str]] = []  # trainer-thread tasks not yet reported
        self._call_timer = QTimer(self)
        self._call_timer.setInterval(CALL_POLL_MS)
        self._call_timer.timeout.connect(self._on_call_timer)

        self.image_inputs = ImageInputs()  # shared: the data panel's scans, the designer's shapes
        self.data_panel = DataPanel(spec_model, self.image_inputs)
        self.designer = DesignerPanel(spec_model, self.image_inputs)
        self.hyper_panel = HyperPanel(spec_model)
        self.cue = CueOverlay(self.designer)
        self.dock_widgets: list[QDockWidget] = [
            make_dock(
                "dataPanel", QT_TRANSLATE_NOOP("Dock", "Data"), self.data_panel, scrolled=True
            ),
            make_dock("networkDesigner", QT_TRANSLATE_NOOP("Dock", "Network"), self.designer),
            make_dock(
                "hyperparameters",
                QT_TRANSLATE_NOOP("Dock", "Hyperparameters"),
                self.hyper_panel,
                scrolled=True,
            ),
        ]

        spec_model.changed.connect(self._on_spec_changed)
        spec_model.replaced.connect(self._on_spec_replaced)
        self.networkRebuilt.connect(self.data_panel.show_split)
        self.data_panel.imageInputChanged.connect(self.designer.show_image_input)
        # Data › Image folder… (the Data panel's picker offers the same)
        self.menu_actions: dict[str, list[QAction]] = {"data": [self.data_panel.folder.action]}
        self.designer.weightEdited.connect(self._on_weight_edited)
        self.designer.biasEdited.connect(self._on_bias_edited)
        self.designer.statusMessage.connect(self._on_designer_message)
        self.designer.backendDeferred.connect(self._on_backend_deferred)
        session.trainingStopped.connect(self._on_training_stopped)
        session.errorRaised.connect(self._on_error_raised)

    def shutdown(self) -> None:
        """The window is closing: stop any file still loading."""
        self.data_panel.cancel_loads()

    # ----- queries ------------------------------------------------------------------------
    @property
    def running_spec(self) -> Experiment | None:
        """The experiment the current network was built from (None before the first)."""
        return self._running_spec

    # ----- building a network -------------------------------------------------------------
    def rebuild(self, *, reload_data: bool, reason: str = "") -> bool:
        """Stop any run and build a fresh network (and data) for the current experiment.

        False, with a message, when the experiment is invalid: the running network stays.
        """
        exp = self._spec.experiment.copy()
        try:
            exp.validate()
            check_image_layers(exp, self.image_inputs.input_shape(exp.data))
            dataset = self._dataset
            if reload_data or dataset is None:
                dataset = None if exp.data.is_image else load_dataset(exp.data)
        except (SpecError, ValueError, OSError) as exc:
            self._pending_model = None
            self._reporter.show_problem(engine_message(exc))
            return False
        model, self._pending_model = self._pending_model, None
        self._dataset, self._running_spec = dataset, exp
        self._session.start(exp, dataset, model, paused=True)
        if reason:
            self._reporter.show_message(reason, 6000)
            self.cue.flash()
        self.networkRebuilt.emit(exp, dataset)
        return True

    def ensure_trainable(self) -> bool:
        """A stopped or finished run cannot go on: start a new network first."""
        if self._session.state in ("paused", "running"):
            return True
        reason = QCoreApplication.translate("Network", "New network: the last run had ended")
        return self.rebuild(reload_data=False, reason=reason)

    def train_model(self, model: Any, experiment: Experiment) -> None:
        """Replace the experiment with `model`'s own; the rebuild that follows trains `model`
        instead of a fresh network. A saved Keras model opens on any backend, so it is put on
        the one this window's Keras already runs on (which cannot change without a restart)."""
        fixed = window_backend()
        if experiment.engine == "keras" and fixed is not None:
            experiment.backend = fixed
        self._pending_model = model
        self._spec.replace(experiment)

    # ----- experiment changes -------------------------------------------------------------
    @Slot(str)
    def _on_spec_changed(self, kind: str) -> None:
        new, old = self._spec.experiment, self._running_spec
        if kind != DATA and old is not None and self._session.trainer is not None:
            live, run, rest = _diff(old, new)
            if not rest:
                self._apply_live(new, live, run)
                return
        if kind == DATA or old is None or new.data != old.data:
            reason = QCoreApplication.translate("Network", "Network reset: the data changed")
            self.rebuild(reload_data=True, reason=reason)
        else:
            reason = QCoreApplication.translate("Network", "Network reset: the network changed")
            self.rebuild(reload_data=False, reason=reason)

    def _apply_live(self, new: Experiment, live: dict[str, float], run: dict[str, float]) -> None:
        try:
            new.copy().validate()
            if live:
                self._session.set_hyper(**live)  # a stopped run's trainer takes them at once
        except (SpecError, ValueError) as exc:
            self._reporter.show_problem(engine_message(exc))
            return
        if run:
            task = functools.partial(_set_run_fields, run)
            self._track(
                self._session.call(task),
                QT_TRANSLATE_NOOP("Network", "Run setting failed: {error}"),
            )
        self._running_spec = new.copy()

    @Slot()
    def _on_spec_replaced(self) -> None:
        self._dataset = None
        reason = QCoreApplication.translate("Network", "Network reset: a new experiment")
        self.rebuild(reload_data=True, reason=reason)

    @Slot(float, float)
    def add_point(self, x: float, y: float) -> None:
        """A point clicked on the decision boundary joins the training data, in the class
        chosen in the Data panel."""
        dataset = self._dataset
        if dataset is None or dataset.is_image or dataset.task == "regression":
            return  # images have no plane; a regression's points have numbers, not classes
        label = min(self.data_panel.current_class(), dataset.n_classes - 1)
        self._dataset = add_point(dataset, x, y, label)
        # kept in the spec too, so a saved experiment (and the next launch) has the point
        self._spec.experiment.data.added_points.append([float(x), float(y), int(label)])
        reason = QCoreApplication.translate("Network", "Network reset: point ({x}, {y}) added")
        self.rebuild(reload_data=False, reason=reason.format(x=f"{x:.2f}", y=f"{y:.2f}"))

    @Slot(int, int, int, float)
    def _on_weight_edited(self, layer: int, i: int, j: int, value: float) -> None:
        task = functools.partial(_set_weight, layer, i, j, value)
        self._track(
            self._session.call(task), QT_TRANSLATE_NOOP("Network", "Weight edit failed: {error}")
        )

    @Slot(int, int, float)
    def _on_bias_edited(self, layer: int, j: int, value: float) -> None:
        task = functools.partial(_set_bias, layer, j, value)
        self._track(
            self._session.call(task), QT_TRANSLATE_NOOP("Network", "Bias edit failed: {error}")
        )

    # ----- trainer-thread tasks -----------------------------------------------------------
    def _track(self, future: Future, failed: str) -> None:
        """Report a failed trainer-thread task in the status bar once it has run; `failed` is
        the message's English source, with an {error} placeholder (translated when shown)."""
        self._calls.append((future, failed))
        self._call_timer.start()

    @Slot()
    def _on_call_timer(self) -> None:
        for future, failed in [c for c in self._calls if c[0].done()]:
            self._calls.remove((future, failed))
            if not future.cancelled() and future.exception() is not None:
                text = QCoreApplication.translate("Network", failed)
                self._reporter.show_problem(text.format(error=future.exception()))
        if not self._calls:
            self._call_timer.stop()

    # ----- how the run went ---------------------------------------------------------------
    @Slot(str, str)
    def _on_training_stopped(self, reason: str, message: str) -> None:
        if message:
            text = message
        elif reason == "completed":
            text = QCoreApplication.translate("Network", "Training finished.")
        else:
            ended = QCoreApplication.translate("Network", "Training ended: {reason}")
            text = ended.format(reason=reason)
        self._reporter.show_message(text)
        if reason == "diverged":
            self.cue.flash(warning=True)

    @Slot(str)
    def _on_error_raised(self, message: str) -> None:
        self._reporter.show_message(
            QCoreApplication.translate("Network", "Error: {message}").format(message=message)
        )

    @Slot(str)
    def _on_designer_message(self, text: str) -> None:
        self._reporter.show_message(text, 6000)

    @Slot(str)
    def _on_backend_deferred(self, text: str) -> None:
        if self._told_restart:
            self._reporter.show_problem(text)
        else:  # the first time, a box: a status line is easily missed
            self._told_restart = True
            title = QCoreApplication.translate("Network", "Backend after a restart")
            self._reporter.show_error(title, text)


def check_image_layers(exp: Experiment, shape: tuple[int, ...] | None = INPUT_SHAPE) -> None:
    """Refuse a CNN whose layers shrink the image (`shape`: h, w, c) to nothing, before Keras
    does, with a message that names the layer (Keras's own is a long traceback-like text).
    A shape not known yet (a folder being scanned) is left to the loader."""
    if exp.model != "cnn" or not exp.data.is_image or shape is None:
        return
    problem = image_layer_problem(exp.layers, shape)
    if problem:
        raise SpecError(problem)


def _diff(old: Experiment, new: Experiment) -> tuple[dict[str, float], dict[str, float], bool]:
    """(live changes for set_hyper, run-length changes, whether anything else changed)."""
    live: dict[str, float] = {}
    run: dict[str, float] = {}
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


def _set_run_fields(values: dict[str, float], trainer: Trainer) -> None:
    for name, value in values.items():
        setattr(trainer.spec.training, name, value)


def _set_weight(layer: int, i: int, j: int, value: float, trainer: Trainer) -> None:
    trainer.model.set_weight(layer, i, j, value)


def _set_bias(layer: int, j: int, value: float, trainer: Trainer) -> None:
    trainer.model.set_bias(layer, j, value)
