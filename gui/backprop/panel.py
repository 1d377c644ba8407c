"""The Backprop panel: pick one weight (or bias) of the network and the examples, and read the
chain rule for it with the current numbers, the engine's gradient, a numerical one and the step.

The numbers are `engine.teaching.backprop.weight_gradient`'s; this panel only chooses its
arguments (`choice`) and writes its result as lines of arithmetic (`formula_lines`).
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QWidget

from engine.teaching.backprop import MAX_EXAMPLES, WeightGradient
from gui.experiment.graph_items import FEATURE_LABELS

MINUS = "\u2212"
SHOWN_EXAMPLES = 3  # examples written out term by term; the rest are only summed
SHOWN_PATHS = 4
CROSS_ENTROPY = "categorical_crossentropy"  # terms of Σₖ δₖ wⱼₖ written out for a hidden unit
DLOSS_DOUT = {
    "sse": "2(out − t)",
    "mse": "2(out − t) / (n × outputs)",
    "binary_crossentropy": "(−t / out + (1 − t) / (1 − out)) / n",
    "categorical_crossentropy": "−t / out / n",
}
DOUT_DNET = {
    "sigmoid": "out(1 − out)",
    "tanh": "1 − out²",
    "relu": "1 if net > 0, else 0",
    "leaky_relu": "1 if net > 0, else 0.01",
    "linear": "1",
}
LOSS_TITLES = {
    "sse": "sum of squared errors",
    "mse": "mean squared error",
    "binary_crossentropy": "binary cross-entropy",
    "categorical_crossentropy": "cross-entropy",
}


def num(value: float, digits: int = 4) -> str:
    """`value` to `digits` significant figures, with a true minus sign."""
    return f"{value:.{digits}g}".replace("-", MINUS)


def _op(value: float) -> str:
    """A number as an operand: in brackets when negative."""
    text = num(value)
    return f"({text})" if value < 0 else text


def unit_names(features: list[str], sizes: list[int]) -> list[list[str]]:
    """The name of every unit, column by column (inputs first), as the network graph says it."""
    last = len(sizes) - 1
    names = [[FEATURE_LABELS.get(f, f) for f in features]]
    if len(names[0]) != sizes[0]:
        names = [[f"input {k + 1}" for k in range(sizes[0])]]
    for col, n in enumerate(sizes[1:], start=1):
        names.append(
            [f"Output {k + 1}" if col == last else f"Layer {col}, neuron {k + 1}" for k in range(n)]
        )
    return names


def formula_lines(g: WeightGradient, source: str, unit: str, next_layer: str = "") -> list[str]:
    """The chain rule for `g` as lines a learner can follow: `source` is the weight's input
    unit, `unit` the neuron it feeds, `next_layer` the name of the layer after that neuron."""
    wname, d = ("b", "∂net/∂b") if g.is_bias else ("w", "∂net/∂w")
    what = f"bias b of {unit}" if g.is_bias else f"weight w from {source} to {unit}"
    lines = [f"The {what}: {wname} = {num(g.w_before, 6)}"]
    how = "1 example" if g.n_examples == 1 else f"{g.n_examples} examples, summed over n"
    if g.coupled:
        lines.append(f"∂L/∂{wname} = ∂L/∂net × {d}   ({how})")
        lines.append(
            "A softmax output depends on every unit's net, so ∂L/∂net is the whole sum "
            "Σₖ ∂L/∂outₖ × ∂outₖ/∂net"
            + (": with cross-entropy it is (out − t) / n." if g.loss == CROSS_ENTROPY else ".")
        )
    else:
        lines.append(f"∂L/∂{wname} = ∂L/∂out × ∂out/∂net × {d}   ({how})")
    if g.is_output:
        if not g.coupled:
            lines.append(
                f"∂L/∂out = {DLOSS_DOUT[g.loss]} ({LOSS_TITLES[g.loss]}); "
                f"∂out/∂net = {DOUT_DNET.get(g.activation, g.activation + '′')} ({g.activation})"
            )
    else:
        lines.append(_hidden_line(g, next_layer))
    lines.append(f"{d} = " + ("1" if g.is_bias else f"the input from {source}"))
    lines.append("")
    for n in range(min(g.n_examples, SHOWN_EXAMPLES)):
        if g.coupled:
            terms = f"{_op(g.delta[n])} × {_op(g.dnet_dw[n])}"
        else:
            terms = f"{_op(g.dloss_dout[n])} × {_op(g.dout_dnet[n])} × {_op(g.dnet_dw[n])}"
        product = g.delta[n] * g.dnet_dw[n]
        lines.append(f"  n = {n + 1}: {terms} = {num(product)}")
    if g.n_examples > SHOWN_EXAMPLES:
        more = g.n_examples - SHOWN_EXAMPLES
        lines.append(f"  … and {more} more example{'s' if more > 1 else ''}")
    lines.append("")
    lines.append(f"Chain rule: ∂L/∂{wname} = {num(g.chain, 7)}")
    if g.l2_term:
        lines.append(f"  + L2's 2λw = {num(g.l2_term, 7)}")
    lines.append(f"The engine's backward pass: {num(g.engine_gradient, 7)}")
    lines.append(
        f"Numerical, (L({wname} + h) − L({wname} − h)) / 2h with h = {num(g.h, 2)}: "
        f"{num(g.numerical_gradient, 7)}"
    )
    lines.append("")
    lines += _step_lines(g, wname)
    return lines


def _hidden_line(g: WeightGradient, next_layer: str) -> str:
    """∂L/∂out of a hidden unit: the error backpropagated to it from the next layer."""
    if g.next_deltas is None:
        return (
            "∂L/∂out of a hidden unit is a sum over every path from it to the loss: here the "
            f"error the engine's backward pass brings back to it through {g.through}."
        )
    k = len(g.next_weights)
    text = (
        "∂L/∂out of a hidden unit sums every path to the loss: Σₖ δₖ wⱼₖ over the "
        f"{k} unit{'s' if k > 1 else ''} of {next_layer}, each unit's error "
        "δₖ = ∂L/∂netₖ times the weight to it"
    )
    terms = " + ".join(
        f"{_op(g.next_deltas[0, q])}×{_op(g.next_weights[q])}" for q in range(min(k, SHOWN_PATHS))
    )
    more = " + …" if k > SHOWN_PATHS else ""
    return f"{text}; for n = 1: {terms}{more} = {num(g.dloss_dout[0])}"


def _step_lines(g: WeightGradient, wname: str) -> list[str]:
    grad = g.engine_gradient
    if g.optimizer == "sgd":
        lines = [
            f"One SGD step at learning rate {num(g.lr)}: {wname} − lr × ∂L/∂{wname} = "
            f"{num(g.w_before, 6)} − {num(g.lr)} × {_op(grad)} = {num(g.sgd_after, 6)}"
        ]
    else:
        lines = [
            f"One {g.optimizer} step at learning rate {num(g.lr)} (the engine's own optimiser, "
            f"with its state): {num(g.w_before, 6)} → {num(g.w_after, 6)}; a plain step "
            f"{wname} − lr × ∂L/∂{wname} would give {num(g.sgd_after, 6)}"
        ]
    if g.l1 and g.optimizer == "sgd":
        lines.append(
            f"  then L1 moves it lr × λ₁ = {num(g.lr * g.l1)} towards 0: {num(g.w_after, 6)}"
        )
    if grad:
        sign, loss, move = (">", "raise", "down") if grad > 0 else ("<", "lower", "up")
        lines.append(
            f"∂L/∂{wname} {sign} 0: a slightly larger {wname} would {loss} the loss, so gradient "
            f"descent moves {wname} {move}."
        )
    return lines


class BackpropPanel(QWidget):
    """Layer, from and to choosers, the examples, and the chain rule (`steps_label`).
    `choiceChanged` fires when the learner picks another weight or other examples."""

    choiceChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backpropPanel")
        form = QFormLayout(self)
        self.layer_box = self._combo("backpropLayer", form, "Layer")
        self.source_box = self._combo("backpropFrom", form, "From")
        self.unit_box = self._combo("backpropTo", form, "To")
        self.example = QSpinBox()
        self.example.setObjectName("backpropExample")
        self.example.setSpecialValueText("all training points")
        self.example.setPrefix("training point ")
        self.example.setRange(0, 0)
        self.example.valueChanged.connect(self._on_example_changed)
        form.addRow("Examples", self.example)
        self.steps_label = QLabel()
        self.steps_label.setObjectName("backpropSteps")
        self.steps_label.setWordWrap(True)
        self.steps_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.steps_label)
        self._names: list[list[str]] = []
        self.layer_box.currentIndexChanged.connect(self._on_layer_changed)
        self.source_box.currentIndexChanged.connect(self._on_unit_changed)
        self.unit_box.currentIndexChanged.connect(self._on_unit_changed)
        self.show_note("Build a network to see backprop on one of its weights.")

    def _combo(self, name: str, form: QFormLayout, label: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        form.addRow(label, box)
        return box

    # ----- public -----------------------------------------------------------------------
    def set_structure(self, features: list[str], sizes: list[int], n_train: int) -> None:
        """The network's units (`sizes`: inputs, hidden layers, outputs) and training-set
        size; keeps the chosen weight where it still exists."""
        names = unit_names(features, sizes)
        if names != self._names:
            layer, i, j = self.choice()[:3]
            self._names = names
            with QSignalBlocker(self.layer_box):
                self.layer_box.clear()
                for col in range(len(names) - 1):
                    title = "Output" if col == len(names) - 2 else f"Layer {col + 1}"
                    self.layer_box.addItem(f"{'Inputs' if col == 0 else f'Layer {col}'} → {title}")
                self.layer_box.setCurrentIndex(min(max(layer, 0), len(names) - 2))
            self._fill_units(i, j)
        with QSignalBlocker(self.example):
            self.example.setMaximum(n_train)
            many = n_train > MAX_EXAMPLES
            self.example.setSpecialValueText(
                f"the first {MAX_EXAMPLES} training points" if many else "all training points"
            )

    def choose(self, layer: int, i: int, j: int) -> None:
        """Select W[layer][i, j], or the bias of unit j when i is -1 (a right-click in the
        network graph); announce it once."""
        if not 0 <= layer < self.layer_box.count():
            return
        with QSignalBlocker(self.layer_box):
            self.layer_box.setCurrentIndex(layer)
        self._fill_units(i, j)
        self.choiceChanged.emit()

    def choice(self) -> tuple[int, int, int, int]:
        """(layer, from (-1: the bias), to, example (0: all training points))."""
        return (
            self.layer_box.currentIndex(),
            self.source_box.currentData() if self.source_box.count() else -1,
            self.unit_box.currentIndex(),
            self.example.value(),
        )

    def names(self) -> tuple[str, str, str]:
        """(the chosen weight's source, the unit it feeds, the layer after that unit)."""
        layer = self.layer_box.currentIndex()
        after = ""
        if layer + 2 < len(self._names):
            last = layer + 2 == len(self._names) - 1
            after = "the output layer" if last else f"layer {layer + 2}"
        return self.source_box.currentText(), self.unit_box.currentText(), after

    def show_gradient(self, g: WeightGradient) -> None:
        source, unit, after = self.names()
        self.steps_label.setText("\n".join(formula_lines(g, source, unit, after)))

    def show_note(self, text: str) -> None:
        self.steps_label.setText(text)

    # ----- slots ------------------------------------------------------------------------
    def _fill_units(self, i: int, j: int) -> None:
        layer = self.layer_box.currentIndex()
        if layer < 0:
            return
        with QSignalBlocker(self.source_box), QSignalBlocker(self.unit_box):
            self.source_box.clear()
            for k, name in enumerate(self._names[layer]):
                self.source_box.addItem(name, k)
            self.source_box.addItem("bias (its input is 1)", -1)
            self.unit_box.clear()
            self.unit_box.addItems(self._names[layer + 1])
            index = self.source_box.findData(i)
            self.source_box.setCurrentIndex(index if index >= 0 else 0)
            self.unit_box.setCurrentIndex(min(max(j, 0), self.unit_box.count() - 1))

    @Slot(int)
    def _on_layer_changed(self, _index: int) -> None:
        _, i, j, _ = self.choice()
        self._fill_units(i, j)
        self.choiceChanged.emit()

    @Slot(int)
    def _on_unit_changed(self, _index: int) -> None:
        self.choiceChanged.emit()

    @Slot(int)
    def _on_example_changed(self, _value: int) -> None:
        self.choiceChanged.emit()
