"""A brief wash of the highlight colour over a panel: the network behind it was just rebuilt
(or, in orange, training diverged)."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, Qt, QVariantAnimation, Slot
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QWidget


class CueOverlay(QWidget):
    """A brief wash of the highlight colour over a panel: "this was just rebuilt"."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.setObjectName("resetCue")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._color = QColor()
        self._alpha = 0
        self._anim = QVariantAnimation(self)
        self._anim.setDuration(900)
        self._anim.setStartValue(110)
        self._anim.setEndValue(0)
        self._anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._anim.valueChanged.connect(self._on_alpha_changed)
        self._anim.finished.connect(self.hide)
        self.hide()

    def flash(self, *, warning: bool = False) -> None:
        role = QPalette.ColorRole.Highlight
        self._color = QColor("#f59322") if warning else self.palette().color(role)
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        self._anim.stop()
        self._anim.start()

    @Slot(object)
    def _on_alpha_changed(self, value: object) -> None:
        self._alpha = int(value)
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802 - Qt override
        color = QColor(self._color)
        color.setAlpha(self._alpha)
        painter = QPainter(self)
        painter.fillRect(self.rect(), color)
        pen = QColor(self._color)
        pen.setAlpha(min(255, self._alpha * 2))
        painter.setPen(pen)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
