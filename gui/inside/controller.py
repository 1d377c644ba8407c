"""The main window's "Inside the network" dock: its wiring to the worker, the canvas and the
designer, kept out of `main_window.py` like `KerasActions`.

- The worker's `insideReady` payloads (histograms, weight mosaics) go straight to the panel;
  the window's 30 fps timer draws them (`refresh`), only while the dock is visible.
- The canvas digit (or a chosen test digit) is sent through the window's network in the
  trainer's thread with `session.call`, one request in flight at a time and at most
  ACTIVATIONS_PER_S a second while drawing; while training runs, the same digit is sent again
  every RERUN_S so the responses follow the learning. With no network trained on digits, the
  shipped NumPy digit CNN answers, right here (a few milliseconds).
- Choosing an activation in the designer shows that function on the Activation tab.
"""

from __future__ import annotations

import functools
import time
from concurrent.futures import Future
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDockWidget

from engine.introspection.activations import (
    activations_of_test_digit,
    digit_cnn_activations,
    layer_activations,
)
from gui.inside.views import NO_ACTIVATIONS, InsideNetworkPanel

ACTIVATIONS_PER_S = 10
RERUN_S = 0.5  # while training, how often the shown digit goes through the network again


class InsideActions:
    """Mixin for MainWindow (needs session, spec_model, docks, digit_panel, timer)."""

    def setup_inside(self: Any) -> None:
        """Add the dock (tabbed with the decision boundary) and connect it; call after the
        redraw timer exists and before the layout is restored."""
        self.inside = InsideNetworkPanel()
        dock = QDockWidget("Inside the network", self)
        dock.setObjectName("insideNetworkDock")
        dock.setWidget(self.inside)
        self.docks["insideNetwork"] = dock
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.tabifyDockWidget(self.docks["decisionBoundary"], dock)
        self.docks["decisionBoundary"].raise_()
        self._default_state = self.saveState()  # "Reset layout" includes this dock
        self._inside_future: Future | None = None
        self._inside_source: tuple[str, Any] | None = None  # ("canvas", image) / ("test", i)
        self._inside_wanted = False
        self._inside_due = 0.0  # earliest time for the next request
        self._inside_rerun = 0.0  # earliest time to resend the same digit while training
        self._inside_activations = _layer_activations(self.spec_model.experiment)
        hidden = [a for a in self._inside_activations[:-1] if a]
        if hidden:  # start on the function the network uses
            self.inside.activation_plot.set_activation(hidden[0])
        self._shipped_cnn: Any = None
        self.session.insideReady.connect(self._on_inside_ready)
        self.session.trainerReady.connect(self._on_inside_trainer_ready)
        self.timer.timeout.connect(self._on_inside_tick)
        self.digit_panel.inputChanged.connect(self._on_canvas_input)
        self.inside.testDigitRequested.connect(self._on_test_digit_requested)
        self.spec_model.changed.connect(self._on_inside_spec_changed)
        self.spec_model.replaced.connect(self._on_inside_spec_replaced)

    # ----- slots --------------------------------------------------------------------------
    @Slot(dict)
    def _on_inside_ready(self: Any, payload: dict) -> None:
        self.inside.set_inside(payload)

    @Slot(dict)
    def _on_inside_trainer_ready(self: Any, info: dict) -> None:
        """A new network: clear the old one's views and show the current digit through it."""
        self.inside.clear()
        trainer = self.session.trainer
        image_data = trainer is not None and trainer.dataset.is_image
        self.inside.set_test_digits(len(trainer.dataset.y_test) if image_data else 0)
        if self._inside_source is not None and self._inside_source[0] == "test":
            if not image_data:
                self._inside_source = None
                self.inside.show_activation_note(NO_ACTIVATIONS)
        self._inside_wanted = self._inside_source is not None

    @Slot(object)
    def _on_canvas_input(self: Any, image: Any) -> None:
        if image is None:
            self._inside_source = None
            self._inside_wanted = False
            self.inside.show_activation_note(NO_ACTIVATIONS)
            return
        self._inside_source = ("canvas", np.asarray(image, np.float32))
        self._inside_wanted = True

    @Slot(int)
    def _on_test_digit_requested(self: Any, index: int) -> None:
        self._inside_source = ("test", int(index))
        self._inside_wanted = True
        self._inside_due = 0.0

    @Slot()
    def _on_inside_spec_replaced(self: Any) -> None:
        self._inside_activations = _layer_activations(self.spec_model.experiment)

    @Slot(str)
    def _on_inside_spec_changed(self: Any, kind: str) -> None:
        """Follow the designer: an activation that was just chosen is plotted."""
        new = _layer_activations(self.spec_model.experiment)
        old, self._inside_activations = self._inside_activations, new
        changed = [b for a, b in zip(old, new, strict=False) if a != b and b != "auto"]
        if changed:
            self.inside.activation_plot.set_activation(changed[0])

    @Slot()
    def _on_inside_tick(self: Any) -> None:
        """Collect a finished request, send the next one when due, and draw."""
        future = self._inside_future
        if future is not None and future.done():
            self._inside_future = None
            self._show_inside_result(future)
        now = time.monotonic()
        running = self.session.state == "running"
        if running and self._inside_source is not None and now >= self._inside_rerun:
            self._inside_wanted = self._inside_wanted or self.inside.activations_on_show()
        if self._inside_wanted and self._inside_future is None and now >= self._inside_due:
            self._inside_wanted = False
            self._inside_due = now + 1.0 / ACTIVATIONS_PER_S
            self._inside_rerun = now + RERUN_S
            self._request_activations()
        self.inside.refresh()

    # ----- requests -----------------------------------------------------------------------
    def _request_activations(self: Any) -> None:
        kind, value = self._inside_source
        trainer = self.session.trainer
        if trainer is not None and trainer.dataset.is_image:
            fn = (
                functools.partial(activations_of_test_digit, value)
                if kind == "test"
                else functools.partial(_canvas_activations, value)
            )
            self._inside_future = self.session.call(fn)
            return
        if kind != "canvas":
            return
        try:
            if self._shipped_cnn is None:
                from engine.digits.model import load_digit_cnn

                self._shipped_cnn = load_digit_cnn()
            payload = digit_cnn_activations(self._shipped_cnn, value)
        except (ValueError, OSError) as exc:
            self.inside.show_activation_note(f"The shipped digit model is unavailable: {exc}")
            return
        self.inside.set_activations(
            payload,
            "the canvas digit through the shipped digit CNN (this window's network "
            "is not trained on digits)",
        )

    def _show_inside_result(self: Any, future: Future) -> None:
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            self.inside.show_activation_note(
                f"Could not run the digit through the network: {error}"
            )
            return
        payload, caption = future.result()
        self.inside.set_activations(payload, f"{caption} through this window's network")


def _canvas_activations(image: np.ndarray, trainer: Any) -> tuple[dict[str, Any], str]:
    """Runs in the trainer's thread (see TrainingSession.call)."""
    return layer_activations(trainer, image), "the canvas digit"


def _layer_activations(exp: Any) -> list[str]:
    """Activation of every layer (by position) and of the output, to spot the one changed."""
    return [la.activation if la.type in ("dense", "conv2d") else "" for la in exp.layers] + [
        exp.output_activation
    ]
