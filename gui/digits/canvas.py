"""The drawing canvas for digit recognition: a 280x280 QImage painted with QPainter.

Dark ink on light paper, as people write. Strokes are smoothed (quadratic curves through the
midpoints of the sampled points), antialiased, with round caps. Mouse, pen/tablet and touch
all draw. Each stroke is kept, so Undo (Ctrl+Z) replays all but the last; Clear (Esc) drops
everything, including a loaded picture. The controls sit below the drawing area in the same
widget, so a click or a QTest event at (x, y) < 280 always lands on the paper.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QPointF,
    QRect,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import set_ui_text

CANVAS_SIZE = 280
PAPER, INK = 255, 0
DEFAULT_PEN = 18


class DigitCanvas(QWidget):
    """Paper to draw a digit on, with its pen-width slider and buttons.

    Signals: ``changed`` while ink is being laid down or removed (throttle before predicting),
    ``strokeFinished`` when the pen lifts, ``loadImageRequested`` and ``randomDigitRequested``
    for the panel, which owns the file dialog and the MNIST loading.
    """

    changed = Signal()
    strokeFinished = Signal()
    loadImageRequested = Signal()
    randomDigitRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitCanvas")
        self.setAccessibleName("digitCanvas")
        set_ui_text(
            self,
            "Digits",
            QT_TRANSLATE_NOOP("Digits", "Draw a digit here with the mouse, a pen or a finger"),
            "setAccessibleDescription",
        )
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._base = _blank()  # a loaded picture or test digit; strokes go on top
        self._base_is_blank = True
        self._image = _blank()
        self._strokes: list[tuple[float, list[QPointF]]] = []
        self._current: list[QPointF] | None = None

        self.pen_slider = QSlider(Qt.Orientation.Horizontal)
        self.pen_slider.setObjectName("penWidth")
        set_ui_text(
            self.pen_slider,
            "Digits",
            QT_TRANSLATE_NOOP("Digits", "Pen width"),
            "setAccessibleName",
        )
        self.pen_slider.setRange(4, 40)
        self.pen_slider.setValue(DEFAULT_PEN)
        self.pen_label = QLabel()
        self.pen_slider.valueChanged.connect(self._on_pen_width_changed)
        self._on_pen_width_changed(DEFAULT_PEN)
        self.clear_button = _button(
            QT_TRANSLATE_NOOP("Digits", "Clear"),
            "clearCanvas",
            QT_TRANSLATE_NOOP("Digits", "Wipe the canvas (Esc)"),
        )
        self.undo_button = _button(
            QT_TRANSLATE_NOOP("Digits", "Undo"),
            "undoStroke",
            QT_TRANSLATE_NOOP("Digits", "Remove the last stroke (Ctrl+Z)"),
        )
        self.load_button = _button(
            QT_TRANSLATE_NOOP("Digits", "Load image…"),
            "loadDigitImage",
            QT_TRANSLATE_NOOP("Digits", "A PNG or JPG of a digit"),
        )
        self.random_button = _button(
            QT_TRANSLATE_NOOP("Digits", "Random test digit"),
            "randomTestDigit",
            QT_TRANSLATE_NOOP("Digits", "A real MNIST test image the model never saw"),
        )
        self.clear_button.clicked.connect(self.clear)
        self.undo_button.clicked.connect(self.undo)
        self.load_button.clicked.connect(self.loadImageRequested)
        self.random_button.clicked.connect(self.randomDigitRequested)

        self._paper = QSpacerItem(
            CANVAS_SIZE, CANVAS_SIZE, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed
        )
        pen_row = QHBoxLayout()
        pen_row.addWidget(set_ui_text(QLabel(), "Digits", QT_TRANSLATE_NOOP("Digits", "Pen")))
        pen_row.addWidget(self.pen_slider, 1)
        pen_row.addWidget(self.pen_label)
        buttons = QHBoxLayout()
        for b in (self.clear_button, self.undo_button):
            buttons.addWidget(b)
        files = QHBoxLayout()
        for b in (self.load_button, self.random_button):
            files.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addItem(self._paper)  # first, at (0, 0): widget and image coordinates agree
        layout.addLayout(pen_row)
        layout.addLayout(buttons)
        layout.addLayout(files)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._update_buttons()

    # ----- public API ---------------------------------------------------------------------
    def is_empty(self) -> bool:
        return not self._strokes and self._current is None and self._base_is_blank

    def image_array(self) -> np.ndarray:
        """The paper as uint8 (280, 280), 255 = paper, 0 = ink (a copy)."""
        img = self._image
        bits = np.frombuffer(img.constBits(), np.uint8, img.sizeInBytes())
        rows = bits.reshape(img.height(), img.bytesPerLine())
        return rows[:, : img.width()].copy()

    def image(self) -> QImage:
        return self._image.copy()

    def stroke_count(self) -> int:
        return len(self._strokes)

    def pen_width(self) -> float:
        return float(self.pen_slider.value())

    def set_picture(self, gray: np.ndarray) -> None:
        """Show a picture (float gray (H, W) in [0, 1]) scaled to fit, as dark ink on light
        paper whatever its polarity; drops the strokes."""
        border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
        if np.median(border) < 0.5:  # light ink on dark: show it as ink on paper, like strokes
            gray = 1.0 - gray
        data = np.ascontiguousarray(np.clip(gray * 255.0 + 0.5, 0, 255).astype(np.uint8))
        h, w = data.shape
        src = QImage(data.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
        # Letterbox on the picture's own paper colour (its border), smoothly scaled by Qt.
        border = np.concatenate([data[0], data[-1], data[:, 0], data[:, -1]])
        paper = int(np.median(border))
        base = _blank(paper)
        scaled = src.scaled(
            QSize(CANVAS_SIZE, CANVAS_SIZE),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        left, top = (CANVAS_SIZE - scaled.width()) // 2, (CANVAS_SIZE - scaled.height()) // 2
        with _painter(base) as p:
            p.drawImage(left, top, scaled)
        self._base, self._base_is_blank = base, False
        self._strokes.clear()
        self._current = None
        self._redraw()

    @Slot()
    def clear(self) -> None:
        self._base, self._base_is_blank = _blank(), True
        self._strokes.clear()
        self._current = None
        self._redraw()

    @Slot()
    def undo(self) -> None:
        if self._strokes:
            self._strokes.pop()
            self._redraw()

    # ----- drawing ------------------------------------------------------------------------
    def _begin(self, pos: QPointF) -> None:
        self._current = [self._clamped(pos)]
        self._paint_dot(self._current[0])
        self.changed.emit()

    def _extend(self, pos: QPointF) -> None:
        pts = self._current
        if pts is None:
            return
        p = self._clamped(pos)
        if (p - pts[-1]).manhattanLength() < 1.0:
            return
        pts.append(p)
        # Smooth: a quadratic curve from the previous midpoint to this one, bent by the
        # previous sample; drawing only the new piece keeps long strokes cheap.
        if len(pts) == 2:
            path = QPainterPath(pts[0])
            path.lineTo((pts[0] + pts[1]) / 2)
        else:
            path = QPainterPath((pts[-3] + pts[-2]) / 2)
            path.quadTo(pts[-2], (pts[-2] + pts[-1]) / 2)
        with _painter(self._image) as painter:
            painter.setPen(self._pen(self.pen_width()))
            painter.drawPath(path)
        self.update(self._dirty(path))
        self.changed.emit()

    def _end(self, pos: QPointF | None) -> None:
        if self._current is None:
            return
        if pos is not None:
            self._extend(pos)
        self._strokes.append((self.pen_width(), self._current))
        self._current = None
        self._redraw(emit=False)  # replaces the incremental pieces with one clean path
        self._update_buttons()
        self.strokeFinished.emit()

    def _paint_dot(self, p: QPointF) -> None:
        with _painter(self._image) as painter:
            painter.setPen(self._pen(self.pen_width()))
            painter.drawPoint(p)
        self.update()

    def _redraw(self, emit: bool = True) -> None:
        self._image = self._base.copy()
        with _painter(self._image) as painter:
            for width, pts in self._strokes:
                painter.setPen(self._pen(width))
                if len(pts) == 1:
                    painter.drawPoint(pts[0])
                else:
                    painter.drawPath(_smooth_path(pts))
        self.update()
        self._update_buttons()
        if emit:
            self.changed.emit()

    @staticmethod
    def _pen(width: float) -> QPen:
        pen = QPen(QColor(INK, INK, INK), width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _dirty(self, path: QPainterPath) -> QRect:
        margin = int(self.pen_width()) + 2
        return path.boundingRect().toAlignedRect().adjusted(-margin, -margin, margin, margin)

    @staticmethod
    def _clamped(pos: QPointF) -> QPointF:
        return QPointF(min(max(pos.x(), 0.0), CANVAS_SIZE), min(max(pos.y(), 0.0), CANVAS_SIZE))

    def _on_paper(self, pos: QPointF) -> bool:
        return 0 <= pos.x() < CANVAS_SIZE and 0 <= pos.y() < CANVAS_SIZE

    def _update_buttons(self) -> None:
        self.undo_button.setEnabled(bool(self._strokes))
        self.clear_button.setEnabled(not self.is_empty())

    @Slot(int)
    def _on_pen_width_changed(self, value: int) -> None:
        self.pen_label.setText(f"{value} px")

    # ----- input events -------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self._on_paper(event.position()):
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._begin(event.position())
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position())

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress and self._on_paper(event.position()):
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end(event.position())
        event.accept()  # no synthesized mouse events: the pen drew already

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
        elif event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        T = QEvent.Type
        if kind == T.ShortcutOverride and (
            event.key() == Qt.Key.Key_Escape or event.matches(QKeySequence.StandardKey.Undo)
        ):
            event.accept()  # Esc and Ctrl+Z mean Clear and Undo here, whatever the window binds
            return True
        if kind in (T.TouchBegin, T.TouchUpdate, T.TouchEnd):  # the first finger draws
            points = event.points()
            if points:
                pos = points[0].position()
                if kind == T.TouchBegin:
                    if self._on_paper(pos):
                        self._begin(pos)
                elif kind == T.TouchUpdate:
                    self._extend(pos)
                else:
                    self._end(pos)
            event.accept()
            return True
        if kind == T.TouchCancel:
            self._current = None
            self._redraw()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.drawImage(0, 0, self._image)
        painter.setPen(self.palette().mid().color())
        painter.drawRect(0, 0, CANVAS_SIZE - 1, CANVAS_SIZE - 1)
        if self.is_empty():
            painter.setPen(QColor(160, 160, 160))
            painter.drawText(
                QRect(0, 0, CANVAS_SIZE, CANVAS_SIZE),
                Qt.AlignmentFlag.AlignCenter,
                QCoreApplication.translate("Digits", "Draw a digit"),
            )
        painter.end()


def _blank(shade: int = PAPER) -> QImage:
    img = QImage(CANVAS_SIZE, CANVAS_SIZE, QImage.Format.Format_Grayscale8)
    img.fill(QColor(shade, shade, shade))
    return img


class _painter:
    """An antialiased QPainter on an image, ended on exit (a with-block)."""

    def __init__(self, image: QImage) -> None:
        self._p = QPainter(image)
        self._p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)

    def __enter__(self) -> QPainter:
        return self._p

    def __exit__(self, *exc: object) -> None:
        self._p.end()


def _smooth_path(pts: list[QPointF]) -> QPainterPath:
    """Quadratic curves between the midpoints, bent by the samples (as drawn live)."""
    path = QPainterPath(pts[0])
    path.lineTo((pts[0] + pts[1]) / 2)
    for i in range(1, len(pts) - 1):
        path.quadTo(pts[i], (pts[i] + pts[i + 1]) / 2)
    path.lineTo(pts[-1])
    return path


def _button(text: str, name: str, tip: str) -> QPushButton:
    """`text` and `tip` are marked sources (context Digits). The tip is set once, not
    remembered: the help's explanation of `name` replaces it, in the current language."""
    button = QPushButton()
    set_ui_text(button, "Digits", text)
    button.setObjectName(name)
    button.setToolTip(QCoreApplication.translate("Digits", tip))
    return button
