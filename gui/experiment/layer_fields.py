"""The fields of one typed layer (conv, pool, dense, dropout, activation…), showing only those its
type reads.

`fieldChanged(name, value)` names a `LayerSpec` field; the layer list applies it to the spec.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from engine.experiment.spec import ACTIVATION_TITLES, HIDDEN_ACTIVATIONS, LayerSpec
from gui.common.i18n import set_ui_text

FIELDS_BY_TYPE = {
    "conv2d": ("filters", "kernel_size", "stride", "padding", "activation"),
    "maxpool": ("pool_size", "stride"),
    "avgpool": ("pool_size", "stride"),
    "dense": ("units", "activation"),
    "dropout": ("rate",),
    "batchnorm": (),
    "activation": ("activation",),
    "flatten": (),
}
OBJECT_NAMES = {  # they key the tooltips and What's This texts in resources/explanations.json
    "filters": "layerFilters",
    "kernel_size": "layerKernel",
    "stride": "layerStride",
    "padding": "layerPadding",
    "activation": "layerActivation",
    "pool_size": "layerPoolSize",
    "units": "layerUnits",
    "rate": "layerRate",
}

LABELS = {  # the form's labels, translated in context "Network"
    "filters": QT_TRANSLATE_NOOP("Network", "Filters"),
    "kernel_size": QT_TRANSLATE_NOOP("Network", "Kernel"),
    "stride": QT_TRANSLATE_NOOP("Network", "Stride"),
    "padding": QT_TRANSLATE_NOOP("Network", "Padding"),
    "activation": QT_TRANSLATE_NOOP("Network", "Activation"),
    "pool_size": QT_TRANSLATE_NOOP("Network", "Size"),
    "units": QT_TRANSLATE_NOOP("Network", "Units"),
    "rate": QT_TRANSLATE_NOOP("Network", "Rate"),
}


class LayerFields(QWidget):
    """A small form for the selected layer's fields."""

    fieldChanged = Signal(str, object)  # LayerSpec field name, new value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerFields")
        self.widgets: dict[str, QWidget] = {
            "filters": _spin(1, 1024),
            "kernel_size": _spin(1, 15),
            "stride": _spin(1, 8),
            "padding": QComboBox(),
            "activation": QComboBox(),
            "pool_size": _spin(1, 8),
            "units": _spin(1, 4096),
            "rate": QDoubleSpinBox(),
        }
        w = self.widgets
        w["padding"].addItems(["valid", "same"])
        for name in HIDDEN_ACTIVATIONS:
            w["activation"].addItem(ACTIVATION_TITLES.get(name, name), name)
        w["rate"].setRange(0.0, 0.95)
        w["rate"].setSingleStep(0.05)
        w["rate"].setDecimals(2)
        w["rate"].setKeyboardTracking(False)
        self._form = QFormLayout(self)
        self._form.setContentsMargins(0, 0, 0, 0)
        for name, widget in w.items():
            widget.setObjectName(OBJECT_NAMES[name])
            set_ui_text(widget, "Network", LABELS[name], "setAccessibleName")
            self._form.addRow(set_ui_text(QLabel(), "Network", LABELS[name]), widget)
        for name in ("filters", "kernel_size", "stride", "pool_size", "units"):
            w[name].valueChanged.connect(self._on_spin_changed)
        w["rate"].valueChanged.connect(self._on_rate_changed)
        w["padding"].currentTextChanged.connect(self._on_padding_changed)
        w["activation"].currentIndexChanged.connect(self._on_activation_changed)
        self.show_layer(None)

    def show_layer(self, layer: LayerSpec | None) -> None:
        """Show `layer`'s fields (None: nothing selected)."""
        shown = FIELDS_BY_TYPE.get(layer.type, ()) if layer is not None else ()
        for name, widget in self.widgets.items():
            self._form.setRowVisible(widget, name in shown)
            if layer is None or name not in shown:
                continue
            with QSignalBlocker(widget):
                if name == "padding":
                    widget.setCurrentText(layer.padding)
                elif name == "activation":
                    widget.setCurrentIndex(widget.findData(layer.activation))
                else:
                    widget.setValue(getattr(layer, name))

    @Slot(int)
    def _on_spin_changed(self, value: int) -> None:
        sender = self.sender()
        name = next(n for n, w in self.widgets.items() if w is sender)
        self.fieldChanged.emit(name, int(value))

    @Slot(float)
    def _on_rate_changed(self, value: float) -> None:
        self.fieldChanged.emit("rate", round(float(value), 2))

    @Slot(str)
    def _on_padding_changed(self, text: str) -> None:
        self.fieldChanged.emit("padding", text)

    @Slot(int)
    def _on_activation_changed(self, index: int) -> None:
        self.fieldChanged.emit("activation", self.widgets["activation"].itemData(index))


def _spin(lo: int, hi: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(lo, hi)
    spin.setKeyboardTracking(False)  # one rebuild per typed number, not one per digit
    return spin
