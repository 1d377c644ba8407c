"""The "Draw a digit" dock: the canvas and its prediction, offered the window's network once
the trainer is ready when that network reads digits (see `trained_digit_model`); a network of
other data is not offered, and the dock says what it was trained on."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Slot
from PySide6.QtWidgets import QDockWidget

from gui.common.docks import make_dock
from gui.digits.panel import DigitPanel, trained_digit_model, window_model_data
from gui.training.session import TrainingSession


class DigitsController(QObject):
    """Owns the digit panel (`panel`; its `inputChanged` carries the canvas digit)."""

    def __init__(self, session: TrainingSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.panel = DigitPanel()
        self.dock_widgets: list[QDockWidget] = [
            make_dock("digitPanel", QT_TRANSLATE_NOOP("Dock", "Draw a digit"), self.panel)
        ]
        session.trainerReady.connect(self._on_trainer_ready)

    def shutdown(self) -> None:
        """Stop the panel's timers and threads (the window is closing)."""
        self.panel.shutdown()

    @Slot(dict)
    def _on_trainer_ready(self, _info: dict) -> None:
        """Offer the new network if it reads digits; else say what it read instead (the
        shipped model takes over if the old network was in use)."""
        self.panel.set_trained_model(*trained_digit_model(self._session))
        self.panel.set_window_data(window_model_data(self._session))
