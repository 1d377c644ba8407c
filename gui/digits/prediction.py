"""What the network makes of the canvas: ten probability bars, the top digit large with its
confidence, and the 28x28 image the network actually receives.

The bar chart is one pyqtgraph BarGraphItem whose heights and brushes are replaced in place;
the 28x28 input is a QLabel pixmap scaled with nearest-neighbour so its pixels stay visible.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFont, QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from gui.common.i18n import set_ui_text

INPUT_ZOOM = 4  # the 28x28 input shown at 112x112
BAR = "#5b8def"
TOP_BAR = "#e8743b"


class DigitPrediction(QWidget):
    """`show_prediction(probs, image)` or `show_nothing(text)`; no model logic here."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitPrediction")
        self.setAccessibleName("digitPrediction")
        self.probabilities: np.ndarray | None = None  # what is shown, for tests and tools

        self.digit_label = QLabel("–")
        self.digit_label.setObjectName("predictedDigit")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 4)
        font.setBold(True)
        self.digit_label.setFont(font)
        self.digit_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.digit_label.setMinimumWidth(90)
        self.confidence_label = QLabel()
        self.confidence_label.setObjectName("predictionConfidence")
        self.confidence_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confidence_label.setWordWrap(True)

        self.input_view = QLabel()
        self.input_view.setObjectName("networkInput")
        self.input_view.setToolTip(  # the help's explanation of networkInput replaces it
            QCoreApplication.translate("Digits", "The 28x28 image the network receives")
        )
        self.input_view.setFixedSize(28 * INPUT_ZOOM + 2, 28 * INPUT_ZOOM + 2)
        self.input_view.setStyleSheet("border: 1px solid palette(mid); background: black;")
        caption = QLabel()
        set_ui_text(caption, "Digits", QT_TRANSLATE_NOOP("Digits", "Network input (28×28)"))
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.plot = pg.PlotWidget()
        self.plot.setObjectName("probabilityBars")
        self.plot.setBackground(None)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.setYRange(0, 1, padding=0.02)
        self.plot.setXRange(-0.6, 9.6, padding=0)
        set_ui_text(
            self.plot, "Digits", QT_TRANSLATE_NOOP("Digits", "probability"), "setLabel", "left"
        )
        self.plot.getAxis("bottom").setTicks([[(i, str(i)) for i in range(10)]])
        self.plot.setMinimumSize(240, 160)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.bars = pg.BarGraphItem(x=np.arange(10), height=np.zeros(10), width=0.7, brush=BAR)
        self.plot.addItem(self.bars)

        grid = QGridLayout(self)
        grid.setContentsMargins(4, 0, 0, 0)
        grid.addWidget(self.digit_label, 0, 0)
        grid.addWidget(self.input_view, 0, 1, Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(self.confidence_label, 1, 0)
        grid.addWidget(caption, 1, 1)
        grid.addWidget(self.plot, 2, 0, 1, 2)
        grid.setRowStretch(2, 1)
        self.show_nothing(QCoreApplication.translate("Digits", "Nothing drawn yet"))

    def show_prediction(self, probs: np.ndarray, image: np.ndarray) -> None:
        probs = np.asarray(probs, dtype=np.float64).reshape(-1)
        top = int(np.argmax(probs))
        self.probabilities = probs
        brushes = [pg.mkBrush(TOP_BAR if i == top else BAR) for i in range(len(probs))]
        self.bars.setOpts(height=probs, brushes=brushes)
        self.digit_label.setText(str(top))
        self.confidence_label.setText(
            QCoreApplication.translate("Digits", "{confidence} sure").format(
                confidence=f"{probs[top]:.1%}"
            )
        )
        self._show_input(image)

    def show_nothing(self, text: str) -> None:
        """An empty canvas (or a failed model): no guess, just ``text`` (already translated)."""
        self.probabilities = None
        self.bars.setOpts(height=np.zeros(10), brushes=[pg.mkBrush(BAR)] * 10)
        self.digit_label.setText("–")
        self.confidence_label.setText(text)
        self._show_input(np.zeros((28, 28), np.float32))

    def _show_input(self, image: np.ndarray) -> None:
        data = np.ascontiguousarray(np.clip(image * 255.0 + 0.5, 0, 255).astype(np.uint8))
        qimg = QImage(data.data, 28, 28, 28, QImage.Format.Format_Grayscale8).copy()
        pix = QPixmap.fromImage(qimg).scaled(
            28 * INPUT_ZOOM,
            28 * INPUT_ZOOM,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.FastTransformation,  # nearest: the pixels stay visible
        )
        self.input_view.setPixmap(pix)
