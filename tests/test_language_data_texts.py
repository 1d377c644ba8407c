"""The Data and Hyperparameters panels' words follow a language switch, those built from data
(the sets' sizes, why a control is off, "off", the MNIST limits, the stepper's tips) included,
and are English again after switching back. A stand-in translator brackets every source of the
panels' contexts, so the test needs no catalogue."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QTranslator  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from engine.data.datasets import load_dataset  # noqa: E402
from engine.experiment.spec import Experiment  # noqa: E402
from gui.common.controls import SpinStepper  # noqa: E402
from gui.common.i18n import retranslate_marked  # noqa: E402
from gui.experiment.data_panel import DataPanel  # noqa: E402
from gui.experiment.hyper_panel import HyperPanel  # noqa: E402
from gui.experiment.image_source import ImageSourceBox  # noqa: E402
from gui.experiment.spec_model import SpecModel  # noqa: E402

CONTEXTS = {"Data", "Hyperparameters", "Relevance", "Controls"}


class Brackets(QTranslator):
    """〔source〕 for the panels' contexts; no translation for the others."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001, ANN201
        return f"〔{source}〕" if context in CONTEXTS else ""

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


@pytest.fixture
def brackets():
    translator = Brackets()
    yield translator
    QCoreApplication.removeTranslator(translator)


def _switch(roots, translator, on: bool) -> None:
    if on:
        QCoreApplication.installTranslator(translator)
    else:
        QCoreApplication.removeTranslator(translator)
    QApplication.sendPostedEvents()  # Qt posts LanguageChange to the top-level widgets
    for root in roots:
        retranslate_marked(root)  # what the window's LanguageController does


def _label_of(panel, field) -> str:
    return next(x for x in panel.findChildren(QLabel) if x.buddy() is field).text()


def test_the_data_panel_follows_a_switch(qtbot, brackets) -> None:
    exp = Experiment()
    exp.data.name = "gate-xor"
    panel = DataPanel(SpecModel(exp))
    qtbot.addWidget(panel)
    panel.show_split(exp, load_dataset(exp.data))
    english = panel.split_counts.text()
    assert english.startswith("train 4 · test 4")
    assert panel.noise.toolTip().endswith("A logic gate has exactly its four truth-table points.")
    row = panel.picker.row_of("gate-xor")

    _switch([panel], brackets, True)
    assert panel.noise.name_label.text() == "〔Noise〕"
    assert _label_of(panel, panel.scale) == "〔Input scaling〕"
    assert panel.scale.itemText(0) == "〔None〕"
    assert panel.picker.item(row).text() == "〔XOR gate〕"
    assert panel.picker.item(row).toolTip().startswith("〔The XOR truth table")
    assert panel.picker.item(panel.picker.row_of("mnist")).text() == "MNIST"  # a name
    assert panel.split_counts.text().startswith("〔train 4 · test 4")
    assert panel.noise.toolTip().endswith(
        "〔A logic gate has exactly its four truth-table points.〕"
    )
    assert panel.noise.property("ignoredBecause").startswith("〔")

    _switch([panel], brackets, False)
    assert panel.noise.name_label.text() == "Noise"
    assert panel.picker.item(row).text() == "XOR gate"
    assert panel.split_counts.text() == english
    assert panel.noise.toolTip().endswith("A logic gate has exactly its four truth-table points.")
    assert "〔" not in panel.noise.toolTip()


def test_the_hyperparameters_panel_follows_a_switch(qtbot, brackets) -> None:
    exp = Experiment()
    exp.optimizer.name = "adam"
    exp.training.early_stopping = 0
    panel = HyperPanel(SpecModel(exp))
    qtbot.addWidget(panel)
    assert panel.patience.value_label.text() == "off"
    assert panel.momentum.toolTip().endswith(
        "Adam does not use momentum; choose Momentum or Nesterov."
    )

    _switch([panel], brackets, True)
    assert panel.lr.name_label.text() == "〔Learning rate〕"
    assert _label_of(panel, panel.loss) == "〔Loss〕"
    assert panel.patience.value_label.text() == "〔off〕"
    assert panel.loss.itemText(panel.loss.findData("mse")) == "〔Mean squared error〕"
    assert panel.init.itemText(panel.init.findData("lecun")) == "LeCun"  # a name
    assert panel.optimizer.itemText(panel.optimizer.findData("adam")) == "Adam"
    assert panel.momentum.toolTip().endswith(
        "〔Adam does not use momentum; choose Momentum or Nesterov.〕"
    )

    _switch([panel], brackets, False)
    assert panel.lr.name_label.text() == "Learning rate"
    assert panel.patience.value_label.text() == "off"
    assert panel.loss.itemText(panel.loss.findData("mse")) == "Mean squared error"
    assert panel.momentum.toolTip().endswith(
        "Adam does not use momentum; choose Momentum or Nesterov."
    )
    assert "〔" not in panel.momentum.toolTip()


def test_the_mnist_box_and_the_stepper_follow_a_switch(qtbot, brackets) -> None:
    box = ImageSourceBox()
    stepper = SpinStepper(1, 8, 4, noun="neuron")
    qtbot.addWidget(box)
    qtbot.addWidget(stepper)
    assert box.limit.itemText(box.limit.findData(0)) == "All 60,000"
    assert stepper.minus.toolTip() == "One fewer neuron (at least 1)"

    _switch([box, stepper], brackets, True)
    assert box.limit.itemText(box.limit.findData(1000)) == "〔First 1,000〕"
    assert box.choose_button.text() == "〔Choose file…〕"
    assert stepper.minus.toolTip() == "〔One fewer 〔neuron〕 (at least 1)〕"
    assert stepper.plus.toolTip() == "〔One more 〔neuron〕 (at most 8)〕"

    _switch([box, stepper], brackets, False)
    assert box.limit.itemText(box.limit.findData(1000)) == "First 1,000"
    assert box.choose_button.text() == "Choose file…"
    assert stepper.minus.toolTip() == "One fewer neuron (at least 1)"
