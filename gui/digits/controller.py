"""The "Draw a digit" dock: the canvas and its prediction, offered the window's network once
the trainer is ready (see `trained_digit_model`)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Slot
from PySide6.QtWidgets import QDockWidget

from gui.common.docks import make_dock
from gui.digits.panel import DigitPanel, trained_digit_model
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
        self.panel.set_trained_model(*trained_digit_model(self._session))
