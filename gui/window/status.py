"""The status bar's permanent fields, left to right: epoch, step, steps/s, loss, device, engine.

Transient messages come from the features through `StatusReporter`; these fields follow the
run: the redraw's latest progress, the network being built and the device it trains on. Their
words are translated each time a figure is shown, and again on a language switch
(`retranslate`), from the figures last shown.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Slot
from PySide6.QtWidgets import QLabel, QStatusBar

from engine.data.datasets import Dataset
from engine.experiment.spec import Experiment
from gui.common.i18n import set_ui_text
from gui.common.numbers import NO_VALUE, format_loss
from gui.training.session import TrainingSession

ENGINE_NAMES = {"numpy": "NumPy", "keras": "Keras"}
MODEL_NAMES = {"perceptron": QT_TRANSLATE_NOOP("Status", "perceptron"), "mlp": "MLP", "cnn": "CNN"}
FIELDS = (  # key, tooltip
    (
        "epoch",
        QT_TRANSLATE_NOOP("Status", "Epochs trained (fractions: batches into the current epoch)"),
    ),
    ("step", QT_TRANSLATE_NOOP("Status", "Batches trained so far")),
    ("rate", QT_TRANSLATE_NOOP("Status", "Training speed while running")),
    ("loss", QT_TRANSLATE_NOOP("Status", "Loss of the latest batch")),
    (
        "device",
        QT_TRANSLATE_NOOP("Status", "Where the model computes (and, for Keras, on which backend)"),
    ),
    ("engine", QT_TRANSLATE_NOOP("Status", "Engine and model")),
)
FIRST = {"device": "CPU", "engine": "NumPy MLP"}  # until the trainer and the network say
FIGURES = {  # the words around the first four fields' figures, translated when shown
    "epoch": QT_TRANSLATE_NOOP("Status", "Epoch {}"),
    "step": QT_TRANSLATE_NOOP("Status", "Step {}"),
    "rate": QT_TRANSLATE_NOOP("Status", "{} steps/s"),
    "loss": QT_TRANSLATE_NOOP("Status", "Loss {}"),
}
FRESH = {"epoch": "0", "step": "0", "loss": NO_VALUE}  # a new network's figures (rate: none)


class StatusFields(QObject):
    """The permanent labels (`labels`, by key), added to `status_bar`."""

    def __init__(
        self, status_bar: QStatusBar, session: TrainingSession, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._figures: dict[str, str] = dict(FRESH)  # what the first four fields show now
        self._model = ("numpy", "mlp")  # (engine, model) the engine field names: FIRST's
        self._parameters: int | None = None  # the trainer's, for the engine field's tooltip
        self.labels: dict[str, QLabel] = {}
        for key, tip in FIELDS:
            label = QLabel()
            label.setObjectName(f"{key}Status")
            set_ui_text(label, "Status", tip, "setToolTip")
            label.setContentsMargins(8, 0, 8, 0)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            status_bar.addPermanentWidget(label)
            self.labels[key] = label
        for key, text in FIRST.items():
            self.labels[key].setText(text)
        self._show_figures()
        for key, widest in (("rate", "000,000 steps/s"), ("loss", "Loss 0.00000")):
            label = self.labels[key]
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance(widest))
        session.trainerReady.connect(self._on_trainer_ready)
        session.stateChanged.connect(self._on_state_changed)

    @Slot(dict)
    def show_progress(self, progress: dict) -> None:
        """The latest progress the plots drew; a loss only once a batch has been trained."""
        running = self._session.state == "running"
        trained = progress["step"] > 0
        self._figures = {
            "epoch": f"{progress['epoch']:.1f}",
            "step": f"{progress['step']:,}",
            "loss": format_loss(progress["loss"] if trained else None),
        }
        if running:
            self._figures["rate"] = f"{progress['steps_per_second']:,.0f}"
        self._show_figures()

    @Slot()
    def retranslate(self) -> None:
        """The figures shown now, in the language installed now."""
        self._show_figures()
        self._show_model()
        self._show_parameters()

    def _show_figures(self) -> None:
        for key in FIGURES:
            figure = self._figures.get(key)
            text = NO_VALUE if figure is None else figure
            if figure is not None:
                text = QCoreApplication.translate("Status", FIGURES[key]).format(figure)
            self.labels[key].setText(text)

    @Slot(object, object)
    def show_network(self, exp: Experiment, _dataset: Dataset | None) -> None:
        """A new network: nothing trained yet, so the old run's figures go."""
        self._figures = dict(FRESH)
        self._show_figures()
        self._model = (exp.engine, exp.model)
        self._show_model()

    def _show_model(self) -> None:
        engine, model = self._model
        name = QCoreApplication.translate("Status", MODEL_NAMES[model])
        self.labels["engine"].setText(f"{ENGINE_NAMES.get(engine, engine)} {name}")

    def _show_parameters(self) -> None:
        if self._parameters is None:
            return
        tip = QCoreApplication.translate("Status", "{count} trainable parameters")
        self.labels["engine"].setToolTip(tip.format(count=self._parameters))

    @Slot(str)
    def show_device(self, text: str) -> None:
        self.labels["device"].setText(text)

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        if state != "running":  # a speed is only true while training runs
            self._figures.pop("rate", None)
            self.labels["rate"].setText(NO_VALUE)

    @Slot(dict)
    def _on_trainer_ready(self, info: dict) -> None:
        device, backend = info.get("device", "CPU"), info.get("backend", "")
        self.labels["device"].setText(f"{device} · {backend}" if backend else device)
        self._parameters = info.get("parameters", 0)
        self._show_parameters()
