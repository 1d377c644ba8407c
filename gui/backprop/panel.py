"""The Backprop panel: pick one weight (or bias) of the network and the examples, and read the
chain rule for it with the current numbers, the engine's gradient, a numerical one and the step.

The numbers are `engine.teaching.backprop.weight_gradient`'s; this panel only chooses its
arguments (`choice`) and writes its result as lines of arithmetic (`formula_lines`).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QSignalBlocker,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QWidget

from engine.teaching.backprop import MAX_EXAMPLES, WeightGradient
from gui.common.i18n import set_ui_text
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
    "relu": QT_TRANSLATE_NOOP("Backprop", "1 if net > 0, else 0"),
    "leaky_relu": QT_TRANSLATE_NOOP("Backprop", "1 if net > 0, else 0.01"),
    "linear": "1",
}
LOSS_TITLES = {
    "sse": QT_TRANSLATE_NOOP("Backprop", "sum of squared errors"),
    "mse": QT_TRANSLATE_NOOP("Backprop", "mean squared error"),
    "binary_crossentropy": QT_TRANSLATE_NOOP("Backprop", "binary cross-entropy"),
    "categorical_crossentropy": QT_TRANSLATE_NOOP("Backprop", "cross-entropy"),
}  # shown translated (the formulas beside them stay as they are)


def num(value: float, digits: int = 4) -> str:
    """`value` to `digits` significant figures, with a true minus sign."""
    return f"{value:.{digits}g}".replace("-", MINUS)


def _op(value: float) -> str:
    """A number as an operand: in brackets when negative."""
    text = num(value)
    return f"({text})" if value < 0 else text


def _tr(source: str) -> str:
    """`source` (marked where it is written, context Backprop) in the current language."""
    return QCoreApplication.translate("Backprop", source)


def unit_names(features: list[str], sizes: list[int]) -> list[list[str]]:
    """The name of every unit, column by column (inputs first), as the network graph says it."""
    last = len(sizes) - 1
    names = [[FEATURE_LABELS.get(f, f) for f in features]]
    if len(names[0]) != sizes[0]:
        named = QCoreApplication.translate("Backprop", "input {number}")
        names = [[named.format(number=k + 1) for k in range(sizes[0])]]
    output = QCoreApplication.translate("Backprop", "Output {number}")
    neuron = QCoreApplication.translate("Backprop", "Layer {layer}, neuron {number}")
    for col, n in enumerate(sizes[1:], start=1):
        names.append(
            [
                output.format(number=k + 1)
                if col == last
                else neuron.format(layer=col, number=k + 1)
                for k in range(n)
            ]
        )
    return names


def formula_lines(g: WeightGradient, source: str, unit: str, next_layer: str = "") -> list[str]:
    """The chain rule for `g` as lines a learner can follow: `source` is the weight's input
    unit, `unit` the neuron it feeds, `next_layer` the name of the layer after that neuron."""
    wname, d = ("b", "∂net/∂b") if g.is_bias else ("w", "∂net/∂w")
    if g.is_bias:
        first = QCoreApplication.translate("Backprop", "The bias b of {target}: {name} = {value}")
    else:
        first = QCoreApplication.translate(
            "Backprop", "The weight w from {source} to {target}: {name} = {value}"
        )
    lines = [first.format(source=source, target=unit, name=wname, value=num(g.w_before, 6))]
    if g.n_examples == 1:
        how = QCoreApplication.translate("Backprop", "1 example")
    else:
        how = QCoreApplication.translate("Backprop", "{count} examples, summed over n").format(
            count=g.n_examples
        )
    if g.coupled:
        lines.append(f"∂L/∂{wname} = ∂L/∂net × {d}   ({how})")
        if g.loss == CROSS_ENTROPY:
            coupled = QCoreApplication.translate(
                "Backprop",
                "A softmax output depends on every unit's net, so ∂L/∂net is the whole sum "
                "Σₖ ∂L/∂outₖ × ∂outₖ/∂net: with cross-entropy it is (out − t) / n.",
            )
        else:
            coupled = QCoreApplication.translate(
                "Backprop",
                "A softmax output depends on every unit's net, so ∂L/∂net is the whole sum "
                "Σₖ ∂L/∂outₖ × ∂outₖ/∂net.",
            )
        lines.append(coupled)
    else:
        lines.append(f"∂L/∂{wname} = ∂L/∂out × ∂out/∂net × {d}   ({how})")
    if g.is_output:
        if not g.coupled:
            slope = _tr(DOUT_DNET.get(g.activation, "")) or g.activation + "′"
            lines.append(
                f"∂L/∂out = {DLOSS_DOUT[g.loss]} ({_tr(LOSS_TITLES[g.loss])}); "
                f"∂out/∂net = {slope} ({g.activation})"
            )
    else:
        lines.append(_hidden_line(g, next_layer))
    if g.is_bias:
        lines.append(f"{d} = 1")
    else:
        the_input = QCoreApplication.translate("Backprop", "{derivative} = the input from {source}")
        lines.append(the_input.format(derivative=d, source=source))
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
        if more > 1:
            rest = QCoreApplication.translate("Backprop", "… and {count} more examples")
        else:
            rest = QCoreApplication.translate("Backprop", "… and {count} more example")
        lines.append("  " + rest.format(count=more))
    lines.append("")
    chain = QCoreApplication.translate("Backprop", "Chain rule: ∂L/∂{name} = {value}")
    lines.append(chain.format(name=wname, value=num(g.chain, 7)))
    if g.l2_term:
        l2 = QCoreApplication.translate("Backprop", "+ L2's 2λw = {value}")
        lines.append("  " + l2.format(value=num(g.l2_term, 7)))
    engine = QCoreApplication.translate("Backprop", "The engine's backward pass: {value}")
    lines.append(engine.format(value=num(g.engine_gradient, 7)))
    numerical = QCoreApplication.translate(
        "Backprop", "Numerical, (L({name} + h) − L({name} − h)) / 2h with h = {h}: {value}"
    )
    lines.append(numerical.format(name=wname, h=num(g.h, 2), value=num(g.numerical_gradient, 7)))
    lines.append("")
    lines += _step_lines(g, wname)
    return lines


def _hidden_line(g: WeightGradient, next_layer: str) -> str:
    """∂L/∂out of a hidden unit: the error backpropagated to it from the next layer."""
    if g.next_deltas is None:
        return QCoreApplication.translate(
            "Backprop",
            "∂L/∂out of a hidden unit is a sum over every path from it to the loss: here the "
            "error the engine's backward pass brings back to it through {through}.",
        ).format(through=g.through)
    k = len(g.next_weights)
    if k > 1:
        text = QCoreApplication.translate(
            "Backprop",
            "∂L/∂out of a hidden unit sums every path to the loss: Σₖ δₖ wⱼₖ over the "
            "{count} units of {layer}, each unit's error δₖ = ∂L/∂netₖ times the weight to it",
        )
    else:
        text = QCoreApplication.translate(
            "Backprop",
            "∂L/∂out of a hidden unit sums every path to the loss: Σₖ δₖ wⱼₖ over the "
            "{count} unit of {layer}, each unit's error δₖ = ∂L/∂netₖ times the weight to it",
        )
    terms = " + ".join(
        f"{_op(g.next_deltas[0, q])}×{_op(g.next_weights[q])}" for q in range(min(k, SHOWN_PATHS))
    )
    more = " + …" if k > SHOWN_PATHS else ""
    for_one = QCoreApplication.translate("Backprop", "{text}; for n = 1: {terms}{more} = {value}")
    return for_one.format(
        text=text.format(count=k, layer=next_layer),
        terms=terms,
        more=more,
        value=num(g.dloss_dout[0]),
    )


def _step_lines(g: WeightGradient, wname: str) -> list[str]:
    grad = g.engine_gradient
    if g.optimizer == "sgd":
        step = QCoreApplication.translate(
            "Backprop",
            "One SGD step at learning rate {lr}: {name} − lr × ∂L/∂{name} = "
            "{before} − {lr} × {grad} = {after}",
        )
        lines = [
            step.format(
                lr=num(g.lr),
                name=wname,
                before=num(g.w_before, 6),
                grad=_op(grad),
                after=num(g.sgd_after, 6),
            )
        ]
    else:
        step = QCoreApplication.translate(
            "Backprop",
            "One {optimizer} step at learning rate {lr} (the engine's own optimiser, "
            "with its state): {before} → {after}; a plain step "
            "{name} − lr × ∂L/∂{name} would give {plain}",
        )
        lines = [
            step.format(
                optimizer=g.optimizer,
                lr=num(g.lr),
                before=num(g.w_before, 6),
                after=num(g.w_after, 6),
                name=wname,
                plain=num(g.sgd_after, 6),
            )
        ]
    if g.l1 and g.optimizer == "sgd":
        l1 = QCoreApplication.translate(
            "Backprop", "then L1 moves it lr × λ₁ = {shift} towards 0: {after}"
        )
        lines.append("  " + l1.format(shift=num(g.lr * g.l1), after=num(g.w_after, 6)))
    if grad:
        if grad > 0:
            why = QCoreApplication.translate(
                "Backprop",
                "∂L/∂{name} > 0: a slightly larger {name} would raise the loss, so gradient "
                "descent moves {name} down.",
            )
        else:
            why = QCoreApplication.translate(
                "Backprop",
                "∂L/∂{name} < 0: a slightly larger {name} would lower the loss, so gradient "
                "descent moves {name} up.",
            )
        lines.append(why.format(name=wname))
    return lines


class BackpropPanel(QWidget):
    """Layer, from and to choosers, the examples, and the chain rule (`steps_label`).
    `choiceChanged` fires when the learner picks another weight or other examples."""

    choiceChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backpropPanel")
        form = QFormLayout(self)
        self.layer_box = self._combo("backpropLayer", form, QT_TRANSLATE_NOOP("Backprop", "Layer"))
        self.source_box = self._combo("backpropFrom", form, QT_TRANSLATE_NOOP("Backprop", "From"))
        self.unit_box = self._combo("backpropTo", form, QT_TRANSLATE_NOOP("Backprop", "To"))
        self.example = QSpinBox()
        self.example.setObjectName("backpropExample")
        self.example.setSpecialValueText(
            QCoreApplication.translate("Backprop", "all training points")
        )
        self._show_prefix()
        self.example.setRange(0, 0)
        self.example.valueChanged.connect(self._on_example_changed)
        form.addRow(
            self._label(QT_TRANSLATE_NOOP("Backprop", "Examples"), self.example), self.example
        )
        self.steps_label = QLabel()
        self.steps_label.setObjectName("backpropSteps")
        self.steps_label.setWordWrap(True)
        self.steps_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.steps_label)
        self._names: list[list[str]] = []
        self._structure: tuple[list[str], list[int], int] | None = None
        self._gradient: WeightGradient | None = None  # on show, to write again in a new language
        self.layer_box.currentIndexChanged.connect(self._on_layer_changed)
        self.source_box.currentIndexChanged.connect(self._on_unit_changed)
        self.unit_box.currentIndexChanged.connect(self._on_unit_changed)
        self.show_note(
            QCoreApplication.translate(
                "Backprop", "Build a network to see backprop on one of its weights."
            )
        )

    def _combo(self, name: str, form: QFormLayout, label: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        form.addRow(self._label(label, box), box)
        return box

    def _show_prefix(self) -> None:
        """The example box's prefix ("training point 3"), in the current language."""
        word = QCoreApplication.translate("Backprop", "training point")
        self.example.setPrefix(f"{word} ")

    @staticmethod
    def _label(source: str, buddy: QWidget) -> QLabel:
        """A form label saying `source` (marked, context Backprop), its buddy's as addRow(str)
        would make it: it shares the buddy's help texts."""
        label = QLabel()
        set_ui_text(label, "Backprop", source)
        label.setBuddy(buddy)
        return label

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A language switch: name the units and write the chain rule again in the new one."""
        super().changeEvent(event)
        if event.type() != QEvent.Type.LanguageChange:
            return
        self._show_prefix()
        if self._structure is not None:
            self._names = []  # rebuilt with the new language's names, keeping the choice
            self.set_structure(*self._structure)
        else:
            self.example.setSpecialValueText(
                QCoreApplication.translate("Backprop", "all training points")
            )
        if self._gradient is not None:
            self.show_gradient(self._gradient)

    # ----- public -----------------------------------------------------------------------
    def set_structure(self, features: list[str], sizes: list[int], n_train: int) -> None:
        """The network's units (`sizes`: inputs, hidden layers, outputs) and training-set
        size; keeps the chosen weight where it still exists."""
        self._structure = (list(features), list(sizes), n_train)
        names = unit_names(features, sizes)
        if names != self._names:
            layer, i, j = self.choice()[:3]
            self._names = names
            with QSignalBlocker(self.layer_box):
                self.layer_box.clear()
                numbered = QCoreApplication.translate("Backprop", "Layer {number}")
                for col in range(len(names) - 1):
                    last = col == len(names) - 2
                    title = (
                        QCoreApplication.translate("Backprop", "Output")
                        if last
                        else numbered.format(number=col + 1)
                    )
                    start = (
                        QCoreApplication.translate("Backprop", "Inputs")
                        if col == 0
                        else numbered.format(number=col)
                    )
                    self.layer_box.addItem(f"{start} → {title}")
                self.layer_box.setCurrentIndex(min(max(layer, 0), len(names) - 2))
            self._fill_units(i, j)
        with QSignalBlocker(self.example):
            self.example.setMaximum(n_train)
            many = n_train > MAX_EXAMPLES
            first = QCoreApplication.translate("Backprop", "the first {count} training points")
            self.example.setSpecialValueText(
                first.format(count=MAX_EXAMPLES)
                if many
                else QCoreApplication.translate("Backprop", "all training points")
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
            after = (
                QCoreApplication.translate("Backprop", "the output layer")
                if last
                else QCoreApplication.translate("Backprop", "layer {number}").format(
                    number=layer + 2
                )
            )
        return self.source_box.currentText(), self.unit_box.currentText(), after

    def show_gradient(self, g: WeightGradient) -> None:
        self._gradient = g
        source, unit, after = self.names()
        self.steps_label.setText("\n".join(formula_lines(g, source, unit, after)))

    def show_note(self, text: str) -> None:
        """Say `text` (translated by the caller) instead of a chain rule."""
        self._gradient = None
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
            self.source_box.addItem(
                QCoreApplication.translate("Backprop", "bias (its input is 1)"), -1
            )
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
