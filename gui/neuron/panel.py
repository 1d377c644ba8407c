"""The One neuron panel: two weights, a bias, two inputs and an activation, and the forward
pass written out step by step as the numbers change (Tutorial 4's neuron by default).

The arithmetic is `engine.teaching.neuron.neuron_steps`; this panel only edits its arguments
and writes its steps as formula lines.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSignalBlocker, Qt, Slot
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QWidget

from engine.teaching.neuron import NEURON_ACTIVATIONS, NeuronSteps, neuron_steps
from gui.common.controls import format_number
from gui.common.i18n import set_ui_text

TUTORIAL = {"w": (0.0, 1.0), "b": 4.0, "x": (2.0, 3.0), "activation": "sigmoid"}
ACTIVATION_TITLES = {
    "sigmoid": "Sigmoid σ",
    "tanh": "tanh",
    "relu": "ReLU",
    "linear": QT_TRANSLATE_NOOP("Neuron", "Linear"),
    "step": QT_TRANSLATE_NOOP("Neuron", "Step"),
}  # the function names stay English; Linear and Step are words, shown translated
MINUS = "\u2212"


def _num(value: float, *, operand: bool = False) -> str:
    """`value` as a learner writes it: a true minus sign, in brackets where it is an operand."""
    text = format_number(round(value, 10)).replace("-", MINUS)
    return f"({text})" if operand and value < 0 else text


def formula_lines(steps: NeuronSteps) -> list[str]:
    """The forward pass as lines of arithmetic: w·x, z and f(z)."""
    terms = " + ".join(
        f"{_num(w, operand=True)}×{_num(x, operand=True)}"
        for w, x in zip(steps.w, steps.x, strict=True)
    )
    wx, z, b, out = _num(steps.weighted_sum), _num(steps.z), steps.b, _num(steps.output)
    bias = f"+ {_num(b)}" if b >= 0 else f"{MINUS} {_num(-b)}"
    lines = [f"w·x = {terms} = {wx}", f"z = w·x + b = {wx} {bias} = {z}"]
    activation = {
        "sigmoid": f"σ(z) = 1 / (1 + e^{_num(-steps.z)}) = {out}",
        "tanh": f"tanh(z) = tanh({z}) = {out}",
        "relu": f"ReLU(z) = max(0, {z}) = {out}",
        "linear": f"f(z) = z = {out}",
        "step": QCoreApplication.translate(
            "Neuron", "step(z) = {output}, since z {relation} 0"
        ).format(output=out, relation="≥" if steps.z >= 0 else "<"),
    }
    lines.append(activation[steps.activation])
    return lines


class NeuronPanel(QWidget):
    """Spin boxes for w₁, w₂, b, x₁, x₂, an activation, and the steps (`steps_label`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("neuronPanel")
        form = QFormLayout(self)
        self.w1 = self._spin("neuronW1", form, "w₁")
        self.w2 = self._spin("neuronW2", form, "w₂")
        self.bias = self._spin("neuronBias", form, "b")
        self.x1 = self._spin("neuronX1", form, "x₁")
        self.x2 = self._spin("neuronX2", form, "x₂")
        self.activation = QComboBox()
        self.activation.setObjectName("neuronActivation")
        for index, name in enumerate(NEURON_ACTIVATIONS):
            self.activation.addItem(ACTIVATION_TITLES[name], name)
            if name in ("linear", "step"):  # words, not names: translated
                set_ui_text(
                    self.activation, "Neuron", ACTIVATION_TITLES[name], "setItemText", index
                )
        self.activation.currentIndexChanged.connect(self._on_value_changed)
        activation_label = QLabel()
        set_ui_text(activation_label, "Neuron", QT_TRANSLATE_NOOP("Neuron", "Activation"))
        activation_label.setBuddy(self.activation)  # as addRow(str, ...) would: it shares the help
        form.addRow(activation_label, self.activation)
        self.steps_label = QLabel()
        self.steps_label.setObjectName("neuronSteps")
        self.steps_label.setWordWrap(True)
        self.steps_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.steps_label)
        self.steps: NeuronSteps | None = None
        self.set_values(**TUTORIAL)

    def _spin(self, name: str, form: QFormLayout, label: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setRange(-10.0, 10.0)
        spin.setDecimals(2)
        spin.setSingleStep(0.5)
        spin.valueChanged.connect(self._on_value_changed)
        form.addRow(label, spin)
        return spin

    def set_values(
        self, w: tuple[float, float], b: float, x: tuple[float, float], activation: str
    ) -> None:
        """Show the neuron f(w·x + b) with these numbers, updating the steps once."""
        spins = (self.w1, self.w2, self.bias, self.x1, self.x2)
        blockers = [QSignalBlocker(s) for s in (*spins, self.activation)]
        for spin, value in zip(spins, (*w, b, *x), strict=True):
            spin.setValue(value)
        self.activation.setCurrentIndex(self.activation.findData(activation))
        del blockers
        self._on_value_changed()

    @Slot()
    def _on_value_changed(self) -> None:
        self.steps = neuron_steps(
            (self.w1.value(), self.w2.value()),
            self.bias.value(),
            (self.x1.value(), self.x2.value()),
            self.activation.currentData(),
        )
        self.steps_label.setText("\n".join(formula_lines(self.steps)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A language switch: write the steps again in the new language."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self.steps is not None:
            self.steps_label.setText("\n".join(formula_lines(self.steps)))
