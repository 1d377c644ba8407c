"""The window's docks: where each panel goes at first launch, and the layout and last
experiment the user left, restored from QSettings on the next launch."""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings, Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea, QStyle

from engine.experiment.spec import Experiment, SpecError

SETTINGS_ENV = "NEURAL_PLAYGROUND_SETTINGS"  # an .ini path: tests and portable installs


def app_settings() -> QSettings:
    """The app's settings: $NEURAL_PLAYGROUND_SETTINGS (an .ini file) if set, else the user's."""
    path = os.environ.get(SETTINGS_ENV)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("NeuralPlayground", "NeuralPlayground")


class LayoutActions:
    """Mixin for MainWindow: builds and restores the dock layout."""

    def _build_docks(self) -> None:
        area = Qt.DockWidgetArea
        self.docks: dict[str, QDockWidget] = {}
        specs = [
            ("dataPanel", "Data", self.data_panel),
            ("networkDesigner", "Network", self.designer),
            ("hyperparameters", "Hyperparameters", self.hyper_panel),
            ("decisionBoundary", "Decision boundary", self.boundary),
            ("lossPlot", "Loss", self.loss_plot),
            ("accuracyPlot", "Accuracy", self.accuracy_plot),
            ("evaluationPanel", "Evaluation", self.evaluation),
            ("digitPanel", "Draw a digit", self.digit_panel),
        ]
        scrolled = {"dataPanel", "hyperparameters"}  # tall forms must not set the window's height
        for name, title, widget in specs:
            dock = QDockWidget(title, self)
            dock.setObjectName(f"{name}Dock")
            if name in scrolled:
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setFrameShape(QFrame.Shape.NoFrame)
                scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
                scroll.setWidget(widget)
                bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
                scroll.setMinimumWidth(widget.minimumSizeHint().width() + bar)
                dock.setWidget(scroll)
            else:
                dock.setWidget(widget)
            self.docks[name] = dock
        d = self.docks
        self.addDockWidget(area.LeftDockWidgetArea, d["dataPanel"])
        self.splitDockWidget(d["dataPanel"], d["networkDesigner"], Qt.Orientation.Horizontal)
        self.splitDockWidget(d["dataPanel"], d["hyperparameters"], Qt.Orientation.Vertical)
        self.addDockWidget(area.RightDockWidgetArea, d["decisionBoundary"])
        self.splitDockWidget(d["decisionBoundary"], d["lossPlot"], Qt.Orientation.Vertical)
        self.splitDockWidget(d["lossPlot"], d["accuracyPlot"], Qt.Orientation.Horizontal)
        self.resizeDocks(
            [d["dataPanel"], d["networkDesigner"], d["decisionBoundary"]],
            [300, 520, 560],
            Qt.Orientation.Horizontal,
        )
        self.resizeDocks(
            [d["dataPanel"], d["hyperparameters"]], [420, 460], Qt.Orientation.Vertical
        )
        self.resizeDocks(
            [d["decisionBoundary"], d["lossPlot"]], [560, 300], Qt.Orientation.Vertical
        )
        self.tabifyDockWidget(d["decisionBoundary"], d["evaluationPanel"])
        self.tabifyDockWidget(d["decisionBoundary"], d["digitPanel"])
        d["decisionBoundary"].raise_()
        self._default_state = self.saveState()

    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            pass
        else:
            screen = QGuiApplication.primaryScreen()
            avail = screen.availableGeometry() if screen else None
            w, h = 1400, 900
            if avail is not None:
                w, h = min(w, avail.width() - 40), min(h, avail.height() - 60)
            self.resize(max(w, 800), max(h, 560))
        state = self.settings.value("windowState")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    @Slot()
    def reset_layout(self) -> None:
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        self.restoreState(self._default_state)

    def _stored_experiment(self) -> tuple[Experiment, str]:
        text = self.settings.value("lastExperiment")
        if not text:
            return Experiment(), ""
        try:
            return Experiment.from_json(str(text)).validate(), ""
        except (SpecError, TypeError, ValueError) as exc:
            return Experiment(), f"The stored last experiment was ignored: {exc}"
