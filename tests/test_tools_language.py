"""The tool docks (Draw a digit, Inside the network, One neuron, Backprop, Optimizers on a
surface) show their words through the translator and follow a language switch live.

A stand-in translator marks every text of these docks' contexts as «source», so the test
checks the marking itself, whatever the zh_CN catalogue holds today."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from gui.backprop.panel import BackpropPanel
from gui.common.i18n import retranslate_marked
from gui.digits.panel import DigitPanel, shown_description
from gui.inside.views import InsideNetworkPanel
from gui.neuron.panel import NeuronPanel
from gui.surfaces.panel import SurfacePanel

CONTEXTS = {"Digits", "Inside", "Neuron", "Backprop", "Surfaces"}


class Marking(QTranslator):
    """Every source of CONTEXTS as «source»; nothing else."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002
        return f"«{source}»" if context in CONTEXTS and source else ""

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override: an empty one changes nothing
        return False


@pytest.fixture
def marking():
    translator = Marking()
    yield translator
    QCoreApplication.removeTranslator(translator)
    QApplication.sendPostedEvents()


def _switch(translator: QTranslator, *panels) -> None:
    QCoreApplication.installTranslator(translator)
    QApplication.sendPostedEvents()  # Qt posts LanguageChange to every widget
    for panel in panels:
        retranslate_marked(panel)  # as the window does on LanguageChange


def _texts(panel) -> set[str]:
    widgets = [*panel.findChildren(QLabel), *panel.findChildren(QPushButton)]
    return {w.text() for w in widgets if w.text()}


def test_the_tool_docks_follow_a_language_switch(qtbot, marking) -> None:
    digits, inside, neuron = DigitPanel(), InsideNetworkPanel(), NeuronPanel()
    backprop, surfaces = BackpropPanel(), SurfacePanel()
    for panel in (digits, inside, neuron, backprop, surfaces):
        qtbot.addWidget(panel)
    backprop.set_structure(["x1", "x2"], [2, 3, 1], 20)
    assert "Clear" in _texts(digits) and "Run" in _texts(surfaces)

    _switch(marking, digits, inside, neuron, backprop, surfaces)

    assert {"«Clear»", "«Pen»", "«Model»", "«Nothing drawn yet»"} <= _texts(digits)
    assert digits.model_label.text().startswith("«In use: ")
    assert digits.model_combo.itemText(digits.model_combo.findData("open")) == "«Open model…»"
    assert digits.model_combo.itemText(0).startswith("«Shipped model")  # engine's words
    assert shown_description("Opened: Trained in this window: NumPy MLP") == (
        "«Opened: «Trained in this window: NumPy MLP»»"
    )
    assert "«Show test digit»" in _texts(inside)
    assert inside.activations.note.text().startswith("«Draw a digit on the canvas")
    assert inside.histograms.weight_plot.titleLabel.text == "«Weights»"
    axis = inside.activation_plot.plot.getPlotItem().getAxis("bottom")
    assert axis.labelText == "«z (the unit's weighted input)»"  # a plot item, in a scene
    assert "«Activation»" in _texts(neuron)
    assert neuron.activation.itemText(neuron.activation.findData("step")) == "«Step»"
    assert {"«Layer»", "«From»", "«Examples»"} <= _texts(backprop)
    assert backprop.unit_box.itemText(0) == "«Layer 1, neuron 1»"
    assert backprop.source_box.itemText(backprop.source_box.count() - 1) == (
        "«bias (its input is 1)»"
    )
    assert {"«Run»", "«Reset»", "«Steps»", "«Learning rate»", "«Momentum»"} <= _texts(surfaces)
    assert surfaces.surface_choice.itemText(0) == "«Rosenbrock valley»"

    QCoreApplication.removeTranslator(marking)
    QApplication.sendPostedEvents()
    for panel in (digits, inside, neuron, backprop, surfaces):
        retranslate_marked(panel)
    assert {"Clear", "Pen", "Model", "Nothing drawn yet"} <= _texts(digits)
    assert digits.model_combo.itemText(0).startswith("Shipped model")
    assert inside.histograms.weight_plot.titleLabel.text == "Weights"
    assert inside.activations.note.text().startswith("Draw a digit on the canvas")
    assert backprop.unit_box.itemText(0) == "Layer 1, neuron 1"
    assert surfaces.surface_choice.itemText(0) == "Rosenbrock valley"
