"""The status bar's permanent fields, left to right: epoch, step, steps/s, loss, device, engine.

Transient messages come from the features through `StatusReporter`; these fields follow the
run: the redraw's latest progress, the network being built and the device it trains on.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QLabel, QStatusBar

from engine.data.datasets import Dataset
from engine.experiment.spec import Experiment
from gui.common.numbers import NO_VALUE, format_loss
from gui.training.session import TrainingSession

ENGINE_NAMES = {"numpy": "NumPy", "keras": "Keras"}
MODEL_NAMES = {"perceptron": "perceptron", "mlp": "MLP", "cnn": "CNN"}
FIELDS = (  # key, first text (also a new network's), tooltip
    ("epoch", "Epoch 0", "Epochs trained (fractions: batches into the current epoch)"),
    ("step", "Step 0", "Batches trained so far"),
    ("rate", NO_VALUE, "Training speed while running"),
    ("loss", f"Loss {NO_VALUE}", "Loss of the latest batch"),
    ("device", "CPU", "Where the model computes (and, for Keras, on which backend)"),
    ("engine", "NumPy MLP", "Engine and model"),
)


class StatusFields(QObject):
    """The permanent labels (`labels`, by key), added to `status_bar`."""

    def __init__(
        self, status_bar: QStatusBar, session: TrainingSession, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.labels: dict[str, QLabel] = {}
        for key, text, tip in FIELDS:
            label = QLabel(text)
            label.setObjectName(f"{key}Status")
            label.setToolTip(tip)
            label.setContentsMargins(8, 0, 8, 0)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            status_bar.addPermanentWidget(label)
            self.labels[key] = label
        for key, widest in (("rate", "000,000 steps/s"), ("loss", "Loss 0.00000")):
            label = self.labels[key]
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance(widest))
        session.trainerReady.connect(self._on_trainer_ready)
        session.stateChanged.connect(self._on_state_changed)

    @Slot(dict)
    def show_progress(self, progress: dict) -> None:
        """The latest progress the plots drew; a loss only once a batch has been trained."""
        lab = self.labels
        lab["epoch"].setText(f"Epoch {progress['epoch']:.1f}")
        lab["step"].setText(f"Step {progress['step']:,}")
        running = self._session.state == "running"
        rate = f"{progress['steps_per_second']:,.0f} steps/s"
        lab["rate"].setText(rate if running else NO_VALUE)
        trained = progress["step"] > 0
        lab["loss"].setText(f"Loss {format_loss(progress['loss'] if trained else None)}")

    @Slot(object, object)
    def show_network(self, exp: Experiment, _dataset: Dataset | None) -> None:
        """A new network: nothing trained yet, so the old run's figures go."""
        for key, text, _tip in FIELDS[:4]:
            self.labels[key].setText(text)
        engine = ENGINE_NAMES.get(exp.engine, exp.engine)
        self.labels["engine"].setText(f"{engine} {MODEL_NAMES[exp.model]}")

    @Slot(str)
    def show_device(self, text: str) -> None:
        self.labels["device"].setText(text)

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        if state != "running":  # a speed is only true while training runs
            self.labels["rate"].setText(NO_VALUE)

    @Slot(dict)
    def _on_trainer_ready(self, info: dict) -> None:
        device, backend = info.get("device", "CPU"), info.get("backend", "")
        self.labels["device"].setText(f"{device} · {backend}" if backend else device)
        self.labels["engine"].setToolTip(f"{info.get('parameters', 0)} trainable parameters")
