"""The One neuron dock: Tutorial 4's neuron worked by hand, updating as the numbers change."""

from __future__ import annotations

from gui.neuron.controller import NeuronController
from gui.neuron.panel import NeuronPanel


def test_the_tutorials_numbers_show_0_9991(qtbot):
    panel = NeuronPanel()
    qtbot.addWidget(panel)
    panel.set_values(w=(0, 1), b=4, x=(2, 3), activation="sigmoid")
    lines = panel.steps_label.text().splitlines()
    assert lines[0] == "w·x = 0×2 + 1×3 = 3"
    assert lines[1] == "z = w·x + b = 3 + 4 = 7"
    assert lines[2].startswith("σ(z) = 1 / (1 + e^−7)") and lines[2].endswith("= 0.9991")


def test_changing_the_bias_changes_z_and_the_output(qtbot):
    panel = NeuronPanel()  # opens on the tutorial's neuron
    qtbot.addWidget(panel)
    before = panel.steps_label.text()
    assert "0.9991" in before
    panel.bias.setValue(-3)
    after = panel.steps_label.text()
    assert "z = w·x + b = 3 − 3 = 0" in after and "= 0.5" in after
    assert panel.steps.z == 0 and panel.steps.output == 0.5
    panel.activation.setCurrentIndex(panel.activation.findData("relu"))
    assert "ReLU(z) = max(0, 0) = 0" in panel.steps_label.text()
    panel.x2.setValue(-2)
    assert "w·x = 0×2 + 1×(−2) = −2" in panel.steps_label.text()


def test_the_controller_hands_back_a_named_dock(qtbot):
    controller = NeuronController()
    dock = controller.dock_widgets[0]
    qtbot.addWidget(dock)
    assert dock.objectName() == "neuronPanelDock" and dock.windowTitle() == "One neuron"
    names = {"neuronW1", "neuronW2", "neuronBias", "neuronX1", "neuronX2", "neuronActivation"}
    assert all(dock.findChild(object, name) is not None for name in names)
