"""The One neuron dock: Tutorial 4's neuron worked by hand. It needs nothing from the
experiment or the training session, so it takes no arguments but its parent."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtWidgets import QDockWidget

from gui.common.docks import make_dock
from gui.neuron.panel import NeuronPanel


class NeuronController(QObject):
    """Owns the neuron panel (`panel`) and hands back its dock (`dock_widgets`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panel = NeuronPanel()
        self.dock = make_dock("neuronPanel", QT_TRANSLATE_NOOP("Dock", "One neuron"), self.panel)
        self.dock_widgets: list[QDockWidget] = [self.dock]
