"""The Backprop dock: the chain rule for one weight of the window's network, kept current.

The gradient is computed in the trainer's thread (`TrainingSession.call`, between two batches,
so the model is never read mid-step), on a float64 copy of the network; it takes about a
millisecond on a small net. A new computation is asked for when the learner picks another
weight, when a snapshot shows that the weights changed (training, an edit, a reset, an opened
model) and when the dock comes into view; one request is in flight at a time, at most
REFRESH_PER_S a second, only while the dock is visible, and never sooner than COST_FACTOR times
the last computation's own duration after it, so on a big MLP (MNIST's, where one takes a
good part of a second) the view takes at most about a tenth of the trainer's time. A network that is
not a NumPy MLP gets a plain note instead.
"""

from __future__ import annotations

import functools
import time
from concurrent.futures import Future
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer, Slot
from PySide6.QtWidgets import QDockWidget

from engine.teaching.backprop import WeightGradient, weight_gradient
from engine.training.trainer import Trainer
from gui.backprop.panel import BackpropPanel
from gui.common.docks import make_dock
from gui.training.session import TrainingSession

REFRESH_PER_S = 4
COST_FACTOR = 10  # wait this many times a computation's duration before the next one
POLL_MS = 30
NOT_MLP = QT_TRANSLATE_NOOP(
    "Backprop",
    "Backprop on one weight works on NumPy MLPs: in the Network panel choose the NumPy engine "
    "and the MLP model. This network is a {model} on the {engine} engine.",
)


class BackpropController(QObject):
    """Owns the Backprop panel (`panel`) and its requests to the trainer's thread; `choose`
    selects a weight (the network graph's right-click)."""

    def __init__(self, session: TrainingSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.panel = BackpropPanel()
        self.dock = make_dock(
            "backpropPanel", QT_TRANSLATE_NOOP("Dock", "Backprop"), self.panel, scrolled=True
        )
        self.dock_widgets: list[QDockWidget] = [self.dock]
        self._mlp = False
        self._n_train = 0
        self._weights: list[np.ndarray] | None = None  # those of the last snapshot
        self._future: Future | None = None
        self._wanted = False
        self._due = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer)
        session.trainerReady.connect(self._on_trainer_ready)
        session.snapshotReady.connect(self._on_snapshot_ready)
        self.panel.choiceChanged.connect(self._on_choice_changed)
        self.dock.visibilityChanged.connect(self._on_visibility_changed)

    @Slot(int, int, int)
    def choose(self, layer: int, i: int, j: int) -> None:
        """Show weight W[layer][i, j] (i = -1: the bias of unit j), bringing the dock forward."""
        self.panel.choose(layer, i, j)
        self.dock.show()
        self.dock.raise_()

    # ----- slots --------------------------------------------------------------------------
    @Slot(dict)
    def _on_trainer_ready(self, info: dict) -> None:
        """A new network: nothing of the old one's gradient stays on show."""
        self._future = None  # an answer about the network this one replaces
        self._weights = None
        self._mlp = info.get("engine") == "numpy" and info.get("model") == "mlp"
        self._n_train = int(info.get("n_train", 0))
        if self._mlp:
            self.panel.show_note(QCoreApplication.translate("Backprop", "Reading the network…"))
        else:
            model = {"mlp": "MLP", "cnn": "CNN"}.get(info.get("model"), info.get("model"))
            not_mlp = QCoreApplication.translate("Backprop", NOT_MLP)
            self.panel.show_note(not_mlp.format(model=model, engine=info.get("engine")))

    @Slot(dict)
    def _on_snapshot_ready(self, snapshot: dict) -> None:
        weights = snapshot.get("weights")
        if not self._mlp or not weights:
            return
        sizes = [int(np.shape(weights[0][0])[0])] + [int(np.shape(w)[1]) for w, _ in weights]
        self.panel.set_structure(list(snapshot.get("features") or []), sizes, self._n_train)
        flat = [a for pair in weights for a in pair]
        old = self._weights
        if old is None or len(old) != len(flat) or not all(map(np.array_equal, old, flat)):
            self._weights = flat
            self._request()

    @Slot()
    def _on_choice_changed(self) -> None:
        self._due = 0.0
        self._request()

    @Slot(bool)
    def _on_visibility_changed(self, visible: bool) -> None:
        if visible and self._wanted:
            self._timer.start()

    @Slot()
    def _on_timer(self) -> None:
        future = self._future
        if future is not None and future.done():
            self._future = None
            self._show(future)
        now = time.monotonic()
        if self._wanted and self._future is None and now >= self._due:
            if not self.panel.isVisible():
                self._timer.stop()  # asked again when the dock comes into view
                return
            self._wanted = False
            self._due = now + 1.0 / REFRESH_PER_S
            self._send()
        if self._future is None and not self._wanted:
            self._timer.stop()

    # ----- requests -----------------------------------------------------------------------
    def _request(self) -> None:
        if not self._mlp or self._weights is None:
            return
        self._wanted = True
        self._timer.start()

    def _send(self) -> None:
        layer, i, j, example = self.panel.choice()
        if layer < 0 or j < 0:
            return
        task = functools.partial(_gradient, layer, i, j, example)
        self._future = self._session.call(task)

    def _show(self, future: Future) -> None:
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            failed = QCoreApplication.translate(
                "Backprop", "Could not compute the gradient: {error}"
            )
            self.panel.show_note(failed.format(error=error))
            return
        gradient, seconds = future.result()
        self._due = max(self._due, time.monotonic() + COST_FACTOR * seconds)
        self.panel.show_gradient(gradient)


def _gradient(
    layer: int, i: int, j: int, example: int, trainer: Trainer
) -> tuple[WeightGradient, float]:
    """Runs in the trainer's thread: the chain rule for the weight on the training points
    (all of them, or training point `example` when it is not 0), and the seconds it took."""
    started = time.perf_counter()
    x: Any = trainer.x_train
    y: Any = trainer.y_train
    if example:
        x, y = x[example - 1 : example], y[example - 1 : example]
    gradient = weight_gradient(trainer.model, x, y, layer, j, None if i < 0 else i)
    return gradient, time.perf_counter() - started
