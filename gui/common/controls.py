"""Reusable input controls shared by the panels: a slider that shows its value, and a − n +
stepper. They know nothing about the experiment; panels wire them to `SpecModel.edit`.

Their texts follow a language switch: a slider's name is translated in the `context` its panel
gives (the panel marks it with `QT_TRANSLATE_NOOP(context, ...)`), its value label is formatted
again (a formatter may say "off"), and a stepper's tooltips are built again in context
"Controls".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSlider, QToolButton, QWidget

from gui.common.i18n import set_ui_text

CONTROLS = "Controls"  # the translation context of the stepper's own words
# the nouns panels give a SpinStepper, marked here so the catalogue has them (context Controls)
STEPPER_NOUNS = (
    QT_TRANSLATE_NOOP("Controls", "neuron"),
    QT_TRANSLATE_NOOP("Controls", "hidden layer"),
)


def log_values(lo: float, hi: float, mantissas: Sequence[float] = (1, 2, 3, 5)) -> list[float]:
    """Round numbers from `lo` to `hi` (both included), a few per decade, for log sliders.

    Round stops beat a continuous log scale for learning: the values shown are the ones people
    write in papers (0.003, 0.03, 0.1), and any default such as 0.03 is hit exactly.
    """
    out: list[float] = []
    for exp in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1):
        for m in mantissas:
            v = float(f"{m}e{exp}")  # via text, so 3e-2 is exactly 0.03
            if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9):
                out.append(v)
    return out


def format_number(v: float) -> str:
    """Short, exact-looking text for a slider value: 0, 0.003, 3e-5, 10, 250."""
    if v == 0:
        return "0"
    if float(v).is_integer() and abs(v) < 1e6:
        return str(int(v))
    if abs(v) < 1e-3:
        exp = math.floor(math.log10(abs(v)))
        return f"{v / 10**exp:.3g}e{exp}"
    return f"{v:.4g}"


class LabeledSlider(QWidget):
    """A QSlider over a list of values, with a live value label and a buddy name label.

    `name_label` is not in this widget's own layout, so a panel can put it in the label column
    of a QFormLayout (``form.addRow(s.name_label, s)``) and all names line up.

    Two signals, so each panel can choose how eagerly to react:
    - `valueChanged(float)`: every new value, also while dragging (cheap, live settings).
    - `valueCommitted(float)`: at most once per `commit_interval_ms` while dragging, then once
      more on release; immediately for keyboard and wheel steps (settings that cost a reset).

    With a `context`, `name` is an English source marked in that context: the name label (and
    the slider's accessible name) show its translation, again after a language switch.
    """

    valueChanged = Signal(float)
    valueCommitted = Signal(float)

    def __init__(
        self,
        name: str,
        values: Sequence[float],
        *,
        value: float | None = None,
        fmt: Callable[[float], str] = format_number,
        tooltip: str = "",
        commit_interval_ms: int = 150,
        context: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._fmt = fmt
        self._values = np.asarray(values, dtype=float)
        self._value = float(self._values[0])
        self._committed: float | None = None
        self.name_label = QLabel(name)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName(name)
        if context:
            set_ui_text(self.name_label, context, name)
            set_ui_text(self.slider, context, name, "setAccessibleName")
        self.name_label.setBuddy(self.slider)
        self.value_label = QLabel()
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(commit_interval_ms)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.value_label)
        if tooltip:
            self.setToolTip(tooltip)
        self._throttle.timeout.connect(self._on_throttle_timeout)
        self.slider.valueChanged.connect(self._on_position_changed)
        self.slider.sliderReleased.connect(self._on_slider_released)
        self.setValues(values, value if value is not None else self._value)

    # ----- public -----------------------------------------------------------------------
    def value(self) -> float:
        return self._value

    def values(self) -> list[float]:
        return self._values.tolist()

    def setValue(self, value: float) -> None:
        """Show `value` (snapped to the nearest stop for the handle, exact in the label)."""
        value = float(value)
        pos = self._nearest(value)
        changed = value != self._value
        self._value = value
        if pos != self.slider.value():
            with QSignalBlocker(self.slider):
                self.slider.setValue(pos)
        self._update_label()
        if changed:
            self.valueChanged.emit(value)
            self._commit()

    def setValues(self, values: Sequence[float], value: float | None = None) -> None:
        """Replace the stops (e.g. a new batch-size cap); keeps the current value if given none."""
        self._values = np.asarray(values, dtype=float)
        if self._values.ndim != 1 or len(self._values) == 0:
            raise ValueError("a LabeledSlider needs at least one value")
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, len(self._values) - 1)
            self.slider.setPageStep(max(1, len(self._values) // 8))
        # one width for every slider of ordinary values, so stacked sliders line up
        texts = [self._fmt(v) for v in self._values] + ["00000"]
        width = max(self.fontMetrics().horizontalAdvance(t) for t in texts)
        self.value_label.setMinimumWidth(width + 4)
        self.setValue(self._value if value is None else value)

    def setToolTip(self, text: str) -> None:  # the name and the slider explain the same thing
        super().setToolTip(text)
        self.name_label.setToolTip(text)

    def setEnabled(self, enabled: bool) -> None:
        super().setEnabled(enabled)
        self.name_label.setEnabled(enabled)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._update_label()  # a formatter may have words ("off")

    # ----- internals --------------------------------------------------------------------
    def _nearest(self, value: float) -> int:
        """The stop closest to `value`; on a log scale (positive stops spanning > 100x) by ratio."""
        vals = self._values
        pos = vals[vals > 0]
        if value > 0 and len(pos) > 1 and pos[-1] / pos[0] > 100:
            with np.errstate(divide="ignore"):
                dist = np.abs(np.log(np.where(vals > 0, vals, 1e-300)) - math.log(value))
            return int(np.argmin(dist))
        return int(np.argmin(np.abs(vals - value)))

    def _update_label(self) -> None:
        self.value_label.setText(self._fmt(self._value))

    def _commit(self) -> None:
        if self.slider.isSliderDown():  # dragging: leading edge now, then at most one per tick
            if self._throttle.isActive():
                return
            self._throttle.start()
        self._emit_commit()

    def _emit_commit(self) -> None:
        if self._value != self._committed:
            self._committed = self._value
            self.valueCommitted.emit(self._value)

    @Slot(int)
    def _on_position_changed(self, pos: int) -> None:
        value = float(self._values[pos])
        if value == self._value:
            return
        self._value = value
        self._update_label()
        self.valueChanged.emit(value)
        self._commit()

    @Slot()
    def _on_throttle_timeout(self) -> None:
        if self.slider.isSliderDown():
            self._emit_commit()

    @Slot()
    def _on_slider_released(self) -> None:
        self._throttle.stop()
        self._emit_commit()


class SpinStepper(QWidget):
    """− n + : a whole number changed one step at a time, as Playground's neuron counts are.

    `noun` (one of `STEPPER_NOUNS`, or a source marked in `context`) names what is counted in
    the buttons' tooltips, translated with them."""

    valueChanged = Signal(int)

    def __init__(
        self,
        minimum: int,
        maximum: int,
        value: int,
        *,
        noun: str = "",
        context: str = CONTROLS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._min, self._max, self._value = minimum, maximum, value
        self._noun = noun
        self._context = context
        self.minus = QToolButton(text="−")
        self.plus = QToolButton(text="+")
        self.minus.setAutoRepeat(True)
        self.plus.setAutoRepeat(True)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._fit_label(maximum)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.minus)
        layout.addWidget(self.label)
        layout.addWidget(self.plus)
        self.minus.clicked.connect(self._on_minus_clicked)
        self.plus.clicked.connect(self._on_plus_clicked)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._refresh()

    def value(self) -> int:
        return self._value

    def setValue(self, value: int) -> None:
        value = max(self._min, min(self._max, int(value)))
        if value == self._value:
            return
        self._value = value
        self._refresh()
        self.valueChanged.emit(value)

    def setRange(self, minimum: int, maximum: int) -> None:
        self._min, self._max = minimum, maximum
        self._fit_label(maximum)
        self._refresh()

    def _fit_label(self, maximum: int) -> None:
        """Room for the widest value, so 128 or 4096 never overlaps its buttons."""
        widest = max(len(str(maximum)), len(str(self._value)))
        self.label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0" * widest) + 8)
        self.updateGeometry()  # a fixed-size widget: its row must make room at once

    def _refresh(self) -> None:
        self.label.setText(str(self._value))
        self.minus.setEnabled(self._value > self._min)
        self.plus.setEnabled(self._value < self._max)
        if self._noun:
            noun = QCoreApplication.translate(self._context, self._noun)
            fewer = QCoreApplication.translate("Controls", "One fewer {noun} (at least {minimum})")
            more = QCoreApplication.translate("Controls", "One more {noun} (at most {maximum})")
        else:
            noun = ""
            fewer = QCoreApplication.translate("Controls", "One fewer (at least {minimum})")
            more = QCoreApplication.translate("Controls", "One more (at most {maximum})")
        self.minus.setToolTip(fewer.format(noun=noun, minimum=self._min))
        self.plus.setToolTip(more.format(noun=noun, maximum=self._max))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._refresh()

    @Slot()
    def _on_minus_clicked(self) -> None:
        self.setValue(self._value - 1)

    @Slot()
    def _on_plus_clicked(self) -> None:
        self.setValue(self._value + 1)
