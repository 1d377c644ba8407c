"""Typed layers (a CNN's, or every layer of an MLP): a list with each layer's output shape, add /
remove / move, and the selected layer's fields. Every edit is a STRUCTURE edit (a new network).

Output shapes follow Keras's rules (valid: only whole windows; same: ceil(n / stride)), so a
learner sees at once how a stride or a pool shrinks the image, and which layer makes it vanish.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QSignalBlocker,
    QSize,
    Qt,
    Slot,
)
from PySide6.QtGui import QAction, QFont, QFontMetrics, QTextLayout
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.experiment.spec import Experiment, LayerSpec
from gui.common.i18n import MENU, set_ui_text
from gui.experiment.layer_fields import LayerFields
from gui.experiment.spec_model import STRUCTURE, SpecModel

LAYER_MENU = (  # the "Add" menu
    ("conv2d", QT_TRANSLATE_NOOP("Menu", "Convolution (Conv2D)")),
    ("maxpool", QT_TRANSLATE_NOOP("Menu", "Max pooling")),
    ("avgpool", QT_TRANSLATE_NOOP("Menu", "Average pooling")),
    ("batchnorm", QT_TRANSLATE_NOOP("Menu", "Batch normalisation")),
    ("activation", QT_TRANSLATE_NOOP("Menu", "Activation")),
    ("dropout", QT_TRANSLATE_NOOP("Menu", "Dropout")),
    ("flatten", QT_TRANSLATE_NOOP("Menu", "Flatten")),
    ("dense", QT_TRANSLATE_NOOP("Menu", "Dense")),
)
NEW_LAYERS = {  # what "Add" inserts: a sensible start for each type
    "conv2d": LayerSpec(type="conv2d", filters=16, kernel_size=3, activation="relu"),
    "maxpool": LayerSpec(type="maxpool", pool_size=2, stride=2),
    "avgpool": LayerSpec(type="avgpool", pool_size=2, stride=2),
    "batchnorm": LayerSpec(type="batchnorm"),
    "activation": LayerSpec(type="activation", activation="relu"),
    "dropout": LayerSpec(type="dropout", rate=0.25),
    "flatten": LayerSpec(type="flatten"),
    "dense": LayerSpec(type="dense", units=64, activation="relu"),
}
INPUT_SHAPE = (28, 28, 1)  # MNIST's; the designer passes the data set's own (h, w, c)
UNKNOWN = "…"  # a folder not scanned yet: no shape to show
NEEDS_IMAGE = QT_TRANSLATE_NOOP("Network", "needs an image: move it above Flatten/Dense")
TOO_SMALL = QT_TRANSLATE_NOOP("Network", "too small: the image has vanished")
PLAIN_NAMES = {
    "batchnorm": QT_TRANSLATE_NOOP("Network", "Batch norm"),
    "flatten": QT_TRANSLATE_NOOP("Network", "Flatten"),
}


def _two_line_size(text: str, font: QFont) -> QSize:
    """Room for every line of an item as it is drawn. Qt's own estimate uses the widget font's
    line height, but Chinese is drawn in a fallback CJK font whose lines are taller, so the
    second line ("→ 26×26×16") was cut and the first elided."""
    height = 0.0
    for line_text in text.split("\n"):
        layout = QTextLayout(line_text, font)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1e6)
        layout.endLayout()
        height += line.height()
    width = max(QFontMetrics(font).horizontalAdvance(t) for t in text.split("\n"))
    return QSize(width + 12, math.ceil(height) + 8)


def _tr(source: str) -> str:
    return QCoreApplication.translate("Network", source)


def describe(layer: LayerSpec) -> str:
    """One line for the layer list, in the current language ("Conv 8@3×3 valid, relu")."""
    t, k, pool = layer.type, layer.kernel_size, layer.pool_size
    if t == "conv2d" and layer.stride != 1:
        text = QCoreApplication.translate(
            "Network", "Conv {filters}@{k}×{k} {padding}, stride {stride}, {activation}"
        )
    elif t == "conv2d":
        text = QCoreApplication.translate(
            "Network", "Conv {filters}@{k}×{k} {padding}, {activation}"
        )
    elif t == "maxpool":
        text = QCoreApplication.translate("Network", "Max pool {size}×{size}, stride {stride}")
    elif t == "avgpool":
        text = QCoreApplication.translate("Network", "Average pool {size}×{size}, stride {stride}")
    elif t == "dense":
        text = QCoreApplication.translate("Network", "Dense {width}, {activation}")
    elif t == "dropout":
        text = QCoreApplication.translate("Network", "Dropout {rate}")
    elif t == "activation":
        text = QCoreApplication.translate("Network", "Activation, {activation}")
    else:
        return _tr(PLAIN_NAMES[t]) if t in PLAIN_NAMES else t
    return text.format(
        filters=layer.filters,
        k=k,
        padding=layer.padding,
        stride=layer.stride,
        activation=layer.activation,
        size=pool,
        width=layer.units,
        rate=f"{layer.rate:g}",
    )


def output_shapes(layers: list[LayerSpec], shape: tuple[int, ...] = INPUT_SHAPE) -> list[str]:
    """Each layer's output shape as text ("24×24×32", "128"), or why there is none (in
    English, `NEEDS_IMAGE` or `TOO_SMALL`: the list shows them translated)."""
    out: list[str] = []
    for layer in layers:
        if not shape:
            out.append("—")
            continue
        if layer.type == "conv2d" and len(shape) == 3:
            shape = (*_shrink(shape[:2], layer.kernel_size, layer.stride, layer.padding),)
            shape = (*shape, layer.filters)
        elif layer.type in ("maxpool", "avgpool") and len(shape) == 3:
            shape = (*_shrink(shape[:2], layer.pool_size, layer.stride, "valid"), shape[2])
        elif layer.type in ("conv2d", "maxpool", "avgpool"):
            out.append(NEEDS_IMAGE)
            shape = ()
            continue
        elif layer.type == "flatten":
            shape = (math.prod(shape),)
        elif layer.type == "dense":
            shape = (layer.units,)
        if any(n < 1 for n in shape):
            out.append(TOO_SMALL)
            shape = ()
            continue
        out.append("×".join(str(n) for n in shape))
    return out


def image_layer_problem(layers: list[LayerSpec], shape: tuple[int, ...] = INPUT_SHAPE) -> str:
    """Why these layers cannot be built on an image of `shape` (h, w, c), in plain words and
    the current language ("" when they can)."""
    shapes = output_shapes(layers, shape)
    for i, (layer, out) in enumerate(zip(layers, shapes, strict=True)):
        if out in (TOO_SMALL, NEEDS_IMAGE):
            before = shapes[i - 1] if i else "×".join(str(n) for n in shape)
            if out == NEEDS_IMAGE:
                text = QCoreApplication.translate(
                    "Network", "Layer {n} ({layer}) needs an image; move it above Flatten."
                )
            else:
                text = QCoreApplication.translate(
                    "Network",
                    "Layer {n} ({layer}) gets a {shape} input and leaves nothing: "
                    "use a smaller kernel, pool or stride, or padding same.",
                )
            return text.format(n=i + 1, layer=describe(layer), shape=before)
    return ""


def _shrink(size: tuple[int, ...], k: int, s: int, padding: str) -> tuple[int, ...]:
    if padding == "same":
        return tuple(math.ceil(n / s) for n in size)
    return tuple((n - k) // s + 1 if n >= k else 0 for n in size)


class LayerListEditor(QWidget):
    """Typed layers of a CNN, edited through the SpecModel."""

    def __init__(self, spec_model: SpecModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerListEditor")
        self._spec = spec_model
        self.list = QListWidget()
        self.list.setObjectName("layerList")
        set_ui_text(
            self.list, "Network", QT_TRANSLATE_NOOP("Network", "Layers"), "setAccessibleName"
        )
        self.add_menu = QMenu(self)
        for key, text in LAYER_MENU:
            action = self.add_menu.addAction("")
            set_ui_text(action, MENU, text)
            action.setData(key)
            action.setObjectName(f"addLayer_{key}")  # texts: resources/explanations.json
        self.add_menu.setToolTipsVisible(True)
        self.add_button = _button(QT_TRANSLATE_NOOP("Network", "Add"), "addLayer")
        self.add_button.setMenu(self.add_menu)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.remove_button = _button(QT_TRANSLATE_NOOP("Network", "Remove"), "removeLayer")
        self.up_button = _button(QT_TRANSLATE_NOOP("Network", "Up"), "moveLayerUp")
        self.down_button = _button(QT_TRANSLATE_NOOP("Network", "Down"), "moveLayerDown")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.fields = LayerFields()
        self._input_shape: tuple[int, ...] | None = INPUT_SHAPE
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.fields)

        self.add_menu.triggered.connect(self._on_add_triggered)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.up_button.clicked.connect(self._on_up_clicked)
        self.down_button.clicked.connect(self._on_down_clicked)
        self.list.currentRowChanged.connect(self._on_current_row_changed)
        self.fields.fieldChanged.connect(self._on_field_changed)

    # ----- reading the experiment -------------------------------------------------------
    def set_context(
        self, input_shape: tuple[int, ...] | None, layer_types: tuple[str, ...]
    ) -> None:
        """What the network reads (for the output shapes; None: not known yet, a folder being
        scanned) and which layer types "Add" offers: every type for a CNN; dense, batch norm,
        activation and dropout for an MLP."""
        self._input_shape = None if input_shape is None else tuple(input_shape)
        for action in self.add_menu.actions():
            action.setVisible(action.data() in layer_types)

    def input_shape(self) -> tuple[int, ...] | None:
        """The input the shown output shapes start from."""
        return self._input_shape

    def refresh(self, row: int | None = None) -> None:
        """Re-read the layers; keep the selected row (or select `row`)."""
        layers = self._spec.experiment.layers
        keep = self.list.currentRow() if row is None else row
        if self._input_shape is None:
            shapes = [UNKNOWN] * len(layers)
        else:
            shapes = output_shapes(layers, self._input_shape)
        with QSignalBlocker(self.list):
            self.list.clear()
            for i, (layer, shape) in enumerate(zip(layers, shapes, strict=True)):
                shown = _tr(shape) if shape in (NEEDS_IMAGE, TOO_SMALL) else shape
                self.list.addItem(f"{i + 1}. {describe(layer)}\n      → {shown}")
                item = self.list.item(i)
                item.setSizeHint(_two_line_size(item.text(), self.list.font()))
            self.list.setCurrentRow(min(max(keep, 0), len(layers) - 1) if layers else -1)
        self._show_selected()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()  # the layer descriptions, in the new language

    def _show_selected(self) -> None:
        row, layers = self.list.currentRow(), self._spec.experiment.layers
        self.fields.show_layer(layers[row] if 0 <= row < len(layers) else None)
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < len(layers) - 1)

    # ----- edits ------------------------------------------------------------------------
    def _edit(self, change: Callable[[Experiment], None], select: int) -> None:
        self._spec.edit(STRUCTURE, change)
        self.refresh(select)  # the designer re-reads too; this keeps the right row selected

    @Slot(QAction)
    def _on_add_triggered(self, action: QAction) -> None:
        new = LayerSpec(**vars(NEW_LAYERS[action.data()]))
        at = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else self.list.count()
        self._edit(lambda exp: exp.layers.insert(at, new), at)

    @Slot()
    def _on_remove_clicked(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self._edit(lambda exp: exp.layers.pop(row), max(row - 1, 0))

    @Slot()
    def _on_up_clicked(self) -> None:
        self._move(self.list.currentRow(), -1)

    @Slot()
    def _on_down_clicked(self) -> None:
        self._move(self.list.currentRow(), +1)

    def _move(self, row: int, delta: int) -> None:
        other = row + delta
        if row < 0 or not 0 <= other < len(self._spec.experiment.layers):
            return

        def swap(exp: Experiment) -> None:
            exp.layers[row], exp.layers[other] = exp.layers[other], exp.layers[row]

        self._edit(swap, other)

    @Slot(int)
    def _on_current_row_changed(self, _row: int) -> None:
        self._show_selected()

    @Slot(str, object)
    def _on_field_changed(self, name: str, value: object) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self._edit(lambda exp: setattr(exp.layers[row], name, value), row)


def _button(source: str, name: str) -> QToolButton:
    button = QToolButton()
    set_ui_text(button, "Network", source)
    button.setObjectName(name)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button
