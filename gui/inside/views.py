"""The "Inside the network" dock: what the layers learned and how they respond.

Tabs:
- Weights: image MLP, the first layer's weights as one input-sized tile per hidden unit; CNN,
  every conv layer's filters; on a colour data set the first layer's tiles are in colour.
  They update while it trains (at most 5 times a second).
- Activations: every layer's response to the digit on the canvas (or a chosen test image, in
  colour for a colour data set): feature-map mosaics for conv/pool layers, rows of units for
  dense layers.
- Histograms: gradient size per layer, weight and gradient histograms over time, inactive
  units (gui.inside.histograms).
- Activation: a function's curve and its derivative (gui.inside.activation_plot).

The panel only draws: the payloads come from the training thread (engine.introspection.probe), and
`refresh`, called by the window's redraw timer, uploads what changed while it is visible.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import set_ui_text
from gui.inside.activation_plot import ActivationPlot
from gui.inside.histograms import HistogramsView
from gui.inside.mosaics import MosaicStack

NO_ACTIVATIONS = QT_TRANSLATE_NOOP(
    "Inside", "Draw a digit on the canvas (Draw a digit dock) to see every layer respond."
)
NO_WEIGHTS = QT_TRANSLATE_NOOP("Inside", "The weights appear once a network is built.")
NEW_WEIGHTS = QT_TRANSLATE_NOOP("Inside", "The weights appear once the network is built.")
# the notes engine.introspection.probe sends, so the mosaics can show them translated
ENGINE_NOTES = (
    QT_TRANSLATE_NOOP("Inside", "This model cannot be looked inside."),
    QT_TRANSLATE_NOOP(
        "Inside",
        "The network graph shows every weight of this network as a line: "
        "blue positive, orange negative, thicker is larger.",
    ),
    # the tooltip of a colour weight mosaic (engine.introspection.probe.COLOUR_WEIGHTS_TIP)
    QT_TRANSLATE_NOOP(
        "Inside",
        "Each tile is one filter's (or unit's) red, green and blue weights as a colour picture, "
        "scaled by its own largest |weight|: mid grey is a weight of 0; where a channel is "
        "brighter than mid grey, the weight on that colour is positive, where darker, negative.",
    ),
)
# the test-image picker, for digits and for any other image set
PICK_TEST = {
    True: (
        QT_TRANSLATE_NOOP("Inside", "Test digit number"),
        QT_TRANSLATE_NOOP("Inside", "Show test digit"),
    ),
    False: (
        QT_TRANSLATE_NOOP("Inside", "Test image number"),
        QT_TRANSLATE_NOOP("Inside", "Show test image"),
    ),
}


class InsideNetworkPanel(QWidget):
    """Weights, activations, histograms and the activation plot, as tabs."""

    testDigitRequested = Signal(int)  # the user asked for test image #i

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insideNetwork")
        self.setAccessibleName("insideNetwork")
        set_ui_text(
            self,
            "Inside",
            QT_TRANSLATE_NOOP("Inside", "Weights, activations and gradients inside the network"),
            "setAccessibleDescription",
        )
        self._inside: dict[str, Any] | None = None
        self._activations: tuple[dict[str, Any], str] | None = None
        self._dirty_weights = self._dirty_activations = False

        self.weights = MosaicStack("insideWeights")
        self.weights.clear(NO_WEIGHTS)
        self.activations = MosaicStack("insideActivations")
        self.activations.clear(NO_ACTIVATIONS)
        self.source = QLabel(objectName="activationSource")
        self.source.setWordWrap(True)
        self.test_index = QSpinBox(objectName="testDigitIndex")
        self.test_index.setPrefix("#")
        self.show_test = QPushButton(objectName="showTestDigit")
        self.show_test.clicked.connect(self._on_show_test_clicked)
        self.set_test_digits(0)
        self.histograms = HistogramsView()
        self.activation_plot = ActivationPlot()

        picker = QHBoxLayout()
        picker.addWidget(self.source, 1)
        picker.addWidget(self.test_index)
        picker.addWidget(self.show_test)
        acts = QWidget()
        acts_layout = QVBoxLayout(acts)
        acts_layout.setContentsMargins(0, 0, 0, 0)
        acts_layout.addLayout(picker)
        acts_layout.addWidget(self.activations, 1)
        self.tabs = QTabWidget(objectName="insideTabs")
        for page, title in (
            (self.weights, QT_TRANSLATE_NOOP("Tab", "Weights")),
            (acts, QT_TRANSLATE_NOOP("Tab", "Activations")),
            (self.histograms, QT_TRANSLATE_NOOP("Tab", "Histograms")),
            (self.activation_plot, QT_TRANSLATE_NOOP("Tab", "Activation")),
        ):
            set_ui_text(self.tabs, "Tab", title, "setTabText", self.tabs.addTab(page, ""))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.tabs)

    # ----- data in (GUI thread; drawn by refresh) ----------------------------------------
    def set_inside(self, payload: dict[str, Any]) -> None:
        """A periodic payload from the worker (engine.introspection.probe.InsideProbe.collect)."""
        self._inside = payload
        self._dirty_weights = True
        self.histograms.add_payload(payload)

    def set_activations(self, payload: dict[str, Any], source: str) -> None:
        """One input's layer responses (engine.introspection.probe.activation_views) and where the
        input came from, e.g. "the canvas digit, through the shipped CNN"."""
        self._activations = (payload, source)
        self._dirty_activations = True

    def show_activation_note(self, note: str) -> None:
        """No activations to show, and why."""
        self._activations = None
        self.activations.clear(note)
        self.source.setText("")

    def set_test_digits(self, count: int, digits: bool = True) -> None:
        """How many test images the picker offers (0 hides it: no image data), and whether
        they are digits (the picker says "digit") or other pictures ("image")."""
        number, show = PICK_TEST[bool(digits)]
        set_ui_text(self.test_index, "Inside", number, "setAccessibleName")
        set_ui_text(self.show_test, "Inside", show)
        self.test_index.setRange(0, max(count - 1, 0))
        for widget in (self.test_index, self.show_test):
            widget.setVisible(count > 0)

    def clear(self) -> None:
        """A new network: forget what the old one showed."""
        self._inside = None
        self._dirty_weights = False
        self.weights.clear(NEW_WEIGHTS)
        self.histograms.clear()
        self.histograms.refresh()

    # ----- drawing -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Upload what changed to the tab on show (the window's redraw timer calls this)."""
        if not self.isVisible():
            return
        current = self.tabs.currentIndex()
        if current == 0 and self._dirty_weights and self._inside is not None:
            self._dirty_weights = False
            self.weights.set_views(self._inside["weight_views"], self._inside["note"])
        elif current == 1 and self._dirty_activations and self._activations is not None:
            self._dirty_activations = False
            payload, source = self._activations
            self.source.setText(
                QCoreApplication.translate("Inside", "Showing {source}").format(source=source)
            )
            first = {
                "name": input_title(payload["input"].shape),
                "image": payload["input"],
                "levels": (0.0, 1.0),
            }
            self.activations.set_views([first, *payload["layers"]])
        elif current == 2:
            self.histograms.refresh()

    def activations_on_show(self) -> bool:
        """Whether the Activations tab is what the user sees (worth recomputing for)."""
        return self.isVisible() and self.tabs.currentIndex() == 1

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A language switch: the input's title is built here, so show it again."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self._activations is not None:
            self._dirty_activations = True

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        self.refresh()

    @Slot()
    def _on_show_test_clicked(self) -> None:
        self.testDigitRequested.emit(self.test_index.value())


def input_title(shape: tuple[int, ...]) -> str:
    """The input picture's title in the current language: its size, and "colour" for (h, w, 3)."""
    if len(shape) == 3:
        title = QCoreApplication.translate("Inside", "Input ({height}×{width}, colour)")
    else:
        title = QCoreApplication.translate("Inside", "Input ({height}×{width})")
    return title.format(height=shape[0], width=shape[1])
