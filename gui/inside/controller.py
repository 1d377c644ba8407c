"""The "Inside the network" dock: its wiring to the worker, the canvas and the designer.

- The worker's `insideReady` payloads (histograms, weight mosaics) go straight to the panel;
  the live views' 30 fps clock draws them (`tick`), only while the dock is visible.
- The canvas digit (or a chosen test digit) is sent through the window's network in the
  trainer's thread with `session.call`, one request in flight at a time and at most
  ACTIVATIONS_PER_S a second while drawing; while training runs, the same digit is sent again
  every RERUN_S so the responses follow the learning, and once more when a run ends or pauses,
  so what is shown is the network as it now is. A new network drops the old one's answers.
  With no network trained on digits (none yet, 2-D points, or images that are not MNIST's
  digits: Fashion-MNIST, CIFAR-10, a folder), the shipped NumPy digit CNN answers for the canvas,
  right here (a few milliseconds); test images always go through the window's network.
- Choosing an activation in the designer shows that function on the Activation tab.
"""

from __future__ import annotations

import functools
import re
import time
from concurrent.futures import Future
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Slot
from PySide6.QtWidgets import QDockWidget

from engine.introspection.activations import (
    activations_of_test_digit,
    digit_cnn_activations,
    layer_activations,
    reads_digits,
)
from gui.common.class_names import class_title
from gui.common.docks import make_dock
from gui.common.i18n import engine_message
from gui.experiment.spec_model import SpecModel
from gui.inside.views import NO_ACTIVATIONS, InsideNetworkPanel
from gui.training.session import TrainingSession

ACTIVATIONS_PER_S = 10
CANVAS_DIGIT = QT_TRANSLATE_NOOP("Inside", "the canvas digit")
TEST_DIGIT = re.compile(r"test digit #(?P<index>\d+) \(a (?P<label>.*)\)")  # the engine's
TEST_IMAGE = re.compile(r"test image #(?P<index>\d+) \((?P<label>.*)\)")  # not digits
RERUN_S = 0.5  # while training, how often the shown digit goes through the network again


class InsideController(QObject):
    """Owns the Inside-the-network panel (`panel`) and its requests to the trainer's thread.

    The window feeds it the canvas digit (`show_canvas_input`) and the redraw clock (`tick`).
    """

    def __init__(
        self, spec_model: SpecModel, session: TrainingSession, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._spec = spec_model
        self._session = session
        self.panel = InsideNetworkPanel()
        self.dock_widgets: list[QDockWidget] = [
            make_dock("insideNetwork", QT_TRANSLATE_NOOP("Dock", "Inside the network"), self.panel)
        ]
        self._future: Future | None = None
        self._source: tuple[str, Any] | None = None  # ("canvas", image) / ("test", i)
        self._wanted = False
        self._due = 0.0  # earliest time for the next request
        self._rerun = 0.0  # earliest time to resend the same digit while training
        self._activations = _layer_activations(spec_model.experiment)
        hidden = [a for a in self._activations[:-1] if a]
        if hidden:  # start on the function the network uses
            self.panel.activation_plot.set_activation(hidden[0])
        self._shipped_cnn: Any = None
        session.insideReady.connect(self._on_inside_ready)
        session.trainerReady.connect(self._on_trainer_ready)
        session.stateChanged.connect(self._on_state_changed)
        self.panel.testDigitRequested.connect(self._on_test_digit_requested)
        spec_model.changed.connect(self._on_spec_changed)
        spec_model.replaced.connect(self._on_spec_replaced)

    # ----- slots --------------------------------------------------------------------------
    @Slot(dict)
    def _on_inside_ready(self, payload: dict) -> None:
        self.panel.set_inside(payload)

    @Slot(object, object)
    def show_network(self, _exp: Any, _dataset: Any) -> None:
        """A new network is being built: the old one's pictures and any answer still on its
        way from it no longer describe the network."""
        self._future = None
        self.panel.clear()

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        """Training stopped moving the weights (ended, paused, stopped): show the digit through
        the network as it is now, not as it was at the last resend."""
        if state != "running" and self._source is not None:
            self._wanted = True
            self._due = 0.0

    @Slot(dict)
    def _on_trainer_ready(self, info: dict) -> None:
        """A new network: clear the old one's views and show the current digit through it."""
        self.panel.clear()
        trainer = self._session.trainer
        image_data = trainer is not None and trainer.dataset.is_image
        self.panel.set_test_digits(
            len(trainer.dataset.y_test) if image_data else 0,
            image_data and reads_digits(trainer.dataset.name),
        )
        if self._source is not None and self._source[0] == "test":
            if not image_data:
                self._source = None
                self.panel.show_activation_note(NO_ACTIVATIONS)
        self._future = None  # an answer from the network this one replaces
        self._wanted = self._source is not None
        self._due = 0.0

    @Slot(object)
    def show_canvas_input(self, image: Any) -> None:
        """The digit on the canvas (None: cleared), preprocessed like MNIST."""
        if image is None:
            self._source = None
            self._wanted = False
            self.panel.show_activation_note(NO_ACTIVATIONS)
            return
        self._source = ("canvas", np.asarray(image, np.float32))
        self._wanted = True

    @Slot(int)
    def _on_test_digit_requested(self, index: int) -> None:
        self._source = ("test", int(index))
        self._wanted = True
        self._due = 0.0

    @Slot()
    def _on_spec_replaced(self) -> None:
        self._activations = _layer_activations(self._spec.experiment)

    @Slot(str)
    def _on_spec_changed(self, kind: str) -> None:
        """Follow the designer: an activation that was just chosen is plotted."""
        new = _layer_activations(self._spec.experiment)
        old, self._activations = self._activations, new
        changed = [b for a, b in zip(old, new, strict=False) if a != b and b != "auto"]
        if changed:
            self.panel.activation_plot.set_activation(changed[0])

    @Slot()
    def tick(self) -> None:
        """Collect a finished request, send the next one when due, and draw."""
        future = self._future
        if future is not None and future.done():
            self._future = None
            self._show_inside_result(future)
        now = time.monotonic()
        running = self._session.state == "running"
        if running and self._source is not None and now >= self._rerun:
            self._wanted = self._wanted or self.panel.activations_on_show()
        if self._wanted and self._future is None and now >= self._due:
            self._wanted = False
            self._due = now + 1.0 / ACTIVATIONS_PER_S
            self._rerun = now + RERUN_S
            self._request_activations()
        self.panel.refresh()

    # ----- requests -----------------------------------------------------------------------
    def _request_activations(self) -> None:
        kind, value = self._source
        trainer = self._session.trainer
        image_data = trainer is not None and trainer.dataset.is_image
        # a canvas digit means something only to a network trained on digits (MNIST); any
        # other one (Fashion-MNIST, CIFAR-10, a folder) leaves it to the shipped digit CNN
        if image_data and (kind == "test" or reads_digits(trainer.dataset.name)):
            fn = (
                functools.partial(activations_of_test_digit, value)
                if kind == "test"
                else functools.partial(_canvas_activations, value)
            )
            self._future = self._session.call(fn)
            return
        if kind != "canvas":
            return
        try:
            if self._shipped_cnn is None:
                from engine.digits.model import load_digit_cnn

                self._shipped_cnn = load_digit_cnn()
            payload = digit_cnn_activations(self._shipped_cnn, value)
        except (ValueError, OSError) as exc:
            unavailable = QCoreApplication.translate(
                "Inside", "The shipped digit model is unavailable: {error}"
            )
            self.panel.show_activation_note(unavailable.format(error=engine_message(exc)))
            return
        self.panel.set_activations(
            payload,
            QCoreApplication.translate(
                "Inside",
                "the canvas digit through the shipped digit CNN (this window's network "
                "is not trained on digits)",
            ),
        )

    def _show_inside_result(self, future: Future) -> None:
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            failed = QCoreApplication.translate(
                "Inside", "Could not run the digit through the network: {error}"
            )
            self.panel.show_activation_note(failed.format(error=engine_message(error)))
            return
        payload, caption = future.result()
        through = QCoreApplication.translate("Inside", "{caption} through this window's network")
        caption = _shown_caption(caption)
        self.panel.set_activations(payload, through.format(caption=caption))


def _shown_caption(caption: str) -> str:
    """Where the digit came from, in the current language: ours (CANVAS_DIGIT) or the one
    engine.introspection.activations writes for a test digit ("test digit #7 (a 3)")."""
    test = TEST_DIGIT.fullmatch(caption)
    if test is not None:
        return QCoreApplication.translate("Inside", "test digit #{index} (a {label})").format(
            index=test["index"], label=test["label"]
        )
    test = TEST_IMAGE.fullmatch(caption)
    if test is not None:
        return QCoreApplication.translate("Inside", "test image #{index} ({label})").format(
            index=test["index"], label=class_title(test["label"])
        )
    return QCoreApplication.translate("Inside", caption)


def _canvas_activations(image: np.ndarray, trainer: Any) -> tuple[dict[str, Any], str]:
    """Runs in the trainer's thread (see TrainingSession.call)."""
    return layer_activations(trainer, image), CANVAS_DIGIT


def _layer_activations(exp: Any) -> list[str]:
    """Activation of every layer (by position) and of the output, to spot the one changed."""
    return [la.activation if la.type in ("dense", "conv2d") else "" for la in exp.layers] + [
        exp.output_activation
    ]
