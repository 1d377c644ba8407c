"""Choose an activation, see its curve f(z) and its derivative f'(z) on one plot.

The numbers come from the NumPy engine's own activations (forward and `derivative`), so the
plot shows exactly what backprop multiplies by. Softmax acts on a vector; the plot shows the
first output of softmax(z, 0), which is sigmoid(z), with its diagonal slope p(1 - p).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSignalBlocker, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.experiment.spec import ACTIVATIONS
from engine.models.numpy.activations import get_activation
from gui.common.i18n import retranslate_marked, set_ui_text
from gui.live.plots_panel import style_plot

Z = np.linspace(-6.0, 6.0, 601)
CURVE_COLOR, SLOPE_COLOR = "#0877bd", "#f59322"
SLOPE_NAME = QT_TRANSLATE_NOOP("Inside", "f′(z), the slope backprop uses")
FORMULAS = {  # marked: each is shown translated
    "linear": QT_TRANSLATE_NOOP(
        "Inside",
        "f(z) = z;  f'(z) = 1. Stacked linear layers collapse into one linear map.",
    ),
    "step": QT_TRANSLATE_NOOP(
        "Inside",
        "f(z) = 1 if z ≥ 0 else 0;  f'(z) = 0 (undefined at 0): backprop gets no signal, "
        "so only the perceptron rule can train it.",
    ),
    "sigmoid": QT_TRANSLATE_NOOP(
        "Inside",
        "σ(z) = 1 / (1 + e^−z);  σ'(z) = σ(z)(1 − σ(z)) ≤ 0.25. Each sigmoid layer "
        "multiplies the gradient by at most 0.25: deep sigmoid nets' early layers barely learn.",
    ),
    "tanh": QT_TRANSLATE_NOOP(
        "Inside",
        "tanh(z);  tanh'(z) = 1 − tanh²(z) ≤ 1. Zero-centred, but it saturates like sigmoid.",
    ),
    "relu": QT_TRANSLATE_NOOP(
        "Inside",
        "ReLU(z) = max(0, z);  ReLU'(z) = 1 for z > 0, else 0. No vanishing for active "
        "units, but a unit whose z < 0 for every input is dead: its gradient is 0 forever.",
    ),
    "leaky_relu": QT_TRANSLATE_NOOP(
        "Inside",
        "f(z) = z for z > 0, 0.01·z otherwise;  f'(z) = 1 or 0.01: a small slope "
        "keeps every unit alive.",
    ),
    "softmax": QT_TRANSLATE_NOOP(
        "Inside",
        "softmax(z)_i = e^z_i / Σ_j e^z_j. Shown for two logits (z, 0): the first "
        "output is σ(z), its slope p(1 − p).",
    ),
}


def activation_curves(name: str, z: np.ndarray = Z) -> tuple[np.ndarray, np.ndarray]:
    """(f(z), f'(z)) from the engine; softmax as the first output over the logits (z, 0)."""
    act = get_activation(name)
    if name == "softmax":
        logits = np.stack([z, np.zeros_like(z)], axis=1)
        return act(logits)[:, 0], act.derivative(logits)[:, 0]
    return act(z), act.derivative(z)


class ActivationPlot(QWidget):
    """A combo box of activations and the chosen one's f and f' (two PlotDataItems)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activationPlot")
        self.combo = QComboBox(objectName="activationChoice")
        set_ui_text(
            self.combo,
            "Inside",
            QT_TRANSLATE_NOOP("Inside", "Activation function"),
            "setAccessibleName",
        )
        self.combo.addItems(list(ACTIVATIONS))
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("activationCurves")
        style_plot(self.plot)
        item = self.plot.getPlotItem()
        set_ui_text(
            item,
            "Inside",
            QT_TRANSLATE_NOOP("Inside", "z (the unit's weighted input)"),
            "setLabel",
            "bottom",
        )
        item.showGrid(x=True, y=True, alpha=0.25)
        item.addLegend(offset=(10, 10))
        item.setXRange(-6, 6, padding=0.02)
        self.curve = item.plot([], [], pen=pg.mkPen(CURVE_COLOR, width=2.5), name="f(z)")
        dash = pg.mkPen(SLOPE_COLOR, width=2.5, style=pg.QtCore.Qt.PenStyle.DashLine)
        slope_name = QCoreApplication.translate("Inside", SLOPE_NAME)
        self.slope = item.plot([], [], pen=dash, name=slope_name)
        self._legend = item.legend
        self.peak = pg.TextItem(anchor=(0.5, 1.2), color=SLOPE_COLOR)
        item.addItem(self.peak)
        self.formula = QLabel(objectName="activationFormula")
        self.formula.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(set_ui_text(QLabel(), "Inside", QT_TRANSLATE_NOOP("Inside", "Activation")))
        row.addWidget(self.combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.formula)
        self.combo.currentTextChanged.connect(self._on_activation_changed)
        self.set_activation("sigmoid")

    def set_activation(self, name: str) -> None:
        """Show `name` (one of engine.experiment.spec.ACTIVATIONS; anything else is ignored)."""
        if name not in ACTIVATIONS:
            return
        with QSignalBlocker(self.combo):
            self.combo.setCurrentText(name)
        self._draw(name)

    def activation(self) -> str:
        return self.combo.currentText()

    @Slot(str)
    def _on_activation_changed(self, name: str) -> None:
        self._draw(name)

    def _draw(self, name: str) -> None:
        f, slope = activation_curves(name)
        self.curve.setData(Z, f, skipFiniteCheck=True)
        self.slope.setData(Z, slope, skipFiniteCheck=True)
        i = int(np.argmax(slope))
        top = float(slope[i])
        peaked = slope[0] < top and slope[-1] < top  # a bump (sigmoid, tanh), not a plateau
        peak = QCoreApplication.translate("Inside", "max slope {slope} at z = {z}")
        self.peak.setText(peak.format(slope=f"{top:.3g}", z=f"{Z[i]:.2g}") if peaked else "")
        self.peak.setPos(float(Z[i]), top)
        lo = max(min(float(f.min()), float(slope.min()), -0.1), -3.0)
        hi = min(max(float(f.max()), float(slope.max()), 1.1), 3.0)
        self.plot.getPlotItem().setYRange(lo, hi, padding=0.08)
        set_ui_text(self.formula, "Inside", FORMULAS.get(name, ""))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A language switch: the axis name, the legend's slope entry and the peak's note in
        the new language."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            retranslate_marked(self.plot.getPlotItem())  # in a scene: not a child widget
            label = self._legend.getLabel(self.slope) if self._legend is not None else None
            if label is not None:
                label.setText(QCoreApplication.translate("Inside", SLOPE_NAME))
            self._draw(self.activation())

    def curves(self) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """((z, f), (z, f')) on show."""
        return self.curve.getData(), self.slope.getData()  # type: ignore[return-value]
