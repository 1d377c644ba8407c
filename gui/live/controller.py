"""Training as it happens: the loss and accuracy plots and the decision boundary, redrawn by a
30 fps timer from whatever the worker last sent (never once per batch). On regression data the
accuracy plot shows R² and the boundary the predicted value (their docks say so).

The session's `batchFinished` and `snapshotReady` payloads are only stored; each timer tick
draws the latest ones. After drawing it emits `progressDrawn` (for the status fields),
`snapshotDrawn` (for the network graph) and `frameDrawn` (for views that poll on the same clock).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QDockWidget

from engine.data.datasets import Dataset
from engine.experiment.spec import Experiment
from gui.common.docks import make_dock
from gui.common.i18n import DOCK, set_ui_text
from gui.live.boundary_panel import BoundaryPanel
from gui.live.plots_panel import AccuracyPlot, LossPlot, MetricPlot
from gui.training.session import TrainingSession

SCORE_TITLES = {  # the accuracy dock's title, by task (engine.experiment.spec.SCORE_NAMES)
    "classification": QT_TRANSLATE_NOOP("Dock", "Accuracy"),
    "regression": QT_TRANSLATE_NOOP("Dock", "R²"),
}

REDRAW_MS = 33  # <= 30 fps
PLOT_EVERY = 2  # plots at 15 fps: their axes cost more to paint than the boundary's image


class LiveController(QObject):
    """Owns the live views and the redraw timer that feeds them."""

    progressDrawn = Signal(dict)  # a batchFinished payload the plots just drew
    snapshotDrawn = Signal(dict)  # a snapshot the boundary just drew
    frameDrawn = Signal()  # every tick, after drawing

    def __init__(self, session: TrainingSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._progress: dict | None = None  # latest payloads, drawn by the timer
        self._snapshot: dict | None = None
        self._frame = 0  # timer ticks, to draw the plots on every PLOT_EVERY-th one
        self.loss_plot = LossPlot()
        self.accuracy_plot = AccuracyPlot()
        self.boundary = BoundaryPanel()
        self.boundary_dock = make_dock(
            "decisionBoundary", QT_TRANSLATE_NOOP("Dock", "Decision boundary"), self.boundary
        )
        self.dock_widgets: list[QDockWidget] = [
            self.boundary_dock,
            make_dock("lossPlot", QT_TRANSLATE_NOOP("Dock", "Loss"), self.loss_plot),
            make_dock("accuracyPlot", QT_TRANSLATE_NOOP("Dock", "Accuracy"), self.accuracy_plot),
        ]
        self.accuracy_dock = self.dock_widgets[2]
        session.batchFinished.connect(self._on_batch_finished)
        session.snapshotReady.connect(self._on_snapshot_ready)
        self.timer = QTimer(self)
        self.timer.setInterval(REDRAW_MS)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer drifts below 30 fps
        self.timer.timeout.connect(self._on_redraw_timer)
        self.timer.start()

    def plot(self, name: str) -> MetricPlot:
        """The "loss" or "accuracy" plot."""
        return self.loss_plot if name == "loss" else self.accuracy_plot

    def stop(self) -> None:
        """Stop drawing (the window is closing)."""
        self.timer.stop()

    # ----- slots --------------------------------------------------------------------------
    @Slot(object, object)
    def show_network(self, exp: Experiment, dataset: Dataset | None) -> None:
        """A new network: forget the old one's pictures and show its data."""
        self._progress = self._snapshot = None
        self.loss_plot.clear()
        self.accuracy_plot.clear()
        self.boundary.clear()
        self.boundary.set_dataset(dataset)
        self.boundary.setEnabled(not exp.data.is_image)  # no plane to draw for 784 pixels
        task = exp.data.task
        title = QT_TRANSLATE_NOOP("Dock", "Decision boundary")
        if exp.data.is_image:
            title = QT_TRANSLATE_NOOP("Dock", "Decision boundary (2-D data only)")
        if task == "regression":  # no classes, so no boundary: the value it predicts
            title = QT_TRANSLATE_NOOP("Dock", "Predicted value")
        set_ui_text(self.boundary_dock, DOCK, title, "setWindowTitle")  # again after a switch
        self.accuracy_plot.set_task(task)
        score = SCORE_TITLES[task]
        set_ui_text(self.accuracy_dock, DOCK, score, "setWindowTitle")

    @Slot(list)
    def set_overlays(self, overlays: list) -> None:
        """Past runs drawn under the live curves (from the Runs panel)."""
        self.loss_plot.set_overlays(overlays)
        self.accuracy_plot.set_overlays(overlays)

    @Slot(dict)
    def _on_batch_finished(self, progress: dict) -> None:
        self._progress = progress

    @Slot(dict)
    def _on_snapshot_ready(self, snapshot: dict) -> None:
        self._snapshot = snapshot

    @Slot()
    def _on_redraw_timer(self) -> None:
        self._frame += 1
        progress = self._progress
        if self._frame % PLOT_EVERY and progress is not None and not progress.get("finished"):
            progress = None  # plots and status redraw at 15 fps; kept for the next frame
        else:
            self._progress = None
        if progress is not None:
            self.loss_plot.update_progress(progress)
            self.accuracy_plot.update_progress(progress)
            self.progressDrawn.emit(progress)
        snapshot, self._snapshot = self._snapshot, None
        if snapshot is not None:
            self.boundary.set_snapshot(snapshot)
            self.snapshotDrawn.emit(snapshot)
        self.frameDrawn.emit()
