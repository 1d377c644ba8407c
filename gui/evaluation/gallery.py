"""The misclassified test digits, most confident mistakes first, and one digit's probabilities.

Thumbnails are QImages made straight from the worker's uint8 arrays (no per-pixel Python), drawn
as ink on paper and enlarged without smoothing so the pixels stay honest. Clicking one shows
its class probabilities as a bar chart: the predicted class orange, the true class blue.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Slot
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.live.plots_panel import style_plot

THUMB = 56  # on-screen thumbnail size: 2x a 28-pixel digit
EVALUATION = "Evaluation"  # the translation context of the evaluation's words


PREDICTED_COLOR = "#f59322"
TRUE_COLOR = "#0877bd"
OTHER_COLOR = "#b8bcc0"


def digit_pixmap(image: np.ndarray, size: int = THUMB) -> QPixmap:
    """A uint8 (h, w) image, 0 = background, as a dark-on-light pixmap `size` pixels wide."""
    ink = np.ascontiguousarray(255 - image, dtype=np.uint8)
    h, w = ink.shape
    qimage = QImage(ink.data, w, h, w, QImage.Format.Format_Grayscale8).copy()  # owns its bytes
    return QPixmap.fromImage(qimage).scaled(
        size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class MisclassifiedGallery(QWidget):
    """A grid of misclassified digits above the selected one's probability bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("misclassifiedGallery")
        self._probabilities = np.zeros((0, 0), np.float32)
        self._predicted = np.zeros(0, np.int64)
        self._true = np.zeros(0, np.int64)
        self._names: list[str] = []
        self._total = -1  # the mistakes of the evaluation shown (-1: none shown)

        self.title = QLabel()
        self.list = QListWidget()
        self.list.setObjectName("misclassifiedList")
        self.list.setAccessibleName("Misclassified test digits")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setWrapping(True)
        self.list.setUniformItemSizes(True)
        self.list.setIconSize(QSize(THUMB, THUMB))
        fm = self.fontMetrics()
        sample = QCoreApplication.translate("Evaluation", "pred {predicted} / true {label}").format(
            predicted=8, label=8
        )
        caption = fm.horizontalAdvance(sample)
        self.list.setGridSize(QSize(max(THUMB, caption) + 8, THUMB + fm.height() + 8))

        self.bars_plot = pg.PlotWidget()
        self.bars_plot.setObjectName("probabilityBars")
        style_plot(self.bars_plot)
        item = self.bars_plot.getPlotItem()
        item.setMouseEnabled(False, False)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setLabel("left", QCoreApplication.translate("Evaluation", "P(class)"))
        item.setYRange(0.0, 1.0, padding=0.02)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7)
        item.addItem(self.bars)
        self.bars_caption = QLabel(QCoreApplication.translate("Evaluation", "Click a digit above."))
        self.bars_caption.setWordWrap(True)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.bars_caption)
        lower_layout.addWidget(self.bars_plot, 1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.title)
        upper_layout.addWidget(self.list, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.list.currentRowChanged.connect(self._on_current_row_changed)
        self._name_texts()

    # ----- public -----------------------------------------------------------------------
    def count(self) -> int:
        return self.list.count()

    def set_mistakes(self, evaluation: dict) -> None:
        """Show the evaluation's misclassified images (a `make_evaluation` payload)."""
        self._probabilities = evaluation["probabilities"]
        self._predicted = evaluation["predicted"]
        self._true = evaluation["true"]
        self._names = evaluation["class_names"]
        images = evaluation["images"]
        shown, self._total = len(self._predicted), int(evaluation["n_mistakes"])
        self.list.clear()
        for k in range(shown if images is not None else 0):  # None: no mistakes
            self.list.addItem(QListWidgetItem(QIcon(digit_pixmap(images[k])), ""))
        self._name_texts()
        self._show_bars(-1)
        if self.list.count():
            self.list.setCurrentRow(0)

    def clear(self) -> None:
        self.list.clear()
        self._total = -1
        self._name_texts()
        self._show_bars(-1)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.bars_plot.getPlotItem().setLabel(
                "left", QCoreApplication.translate("Evaluation", "P(class)")
            )
            self._name_texts()
            self._show_bars(self.list.currentRow())

    # ----- internals --------------------------------------------------------------------
    def _name_texts(self) -> None:
        """The title, and each thumbnail's caption and tooltip, in the language installed now."""
        shown = self.list.count()
        if self._total < 0:
            title = QCoreApplication.translate("Evaluation", "Misclassified test digits")
        elif self._total > shown:
            title = QCoreApplication.translate(
                "Evaluation", "{total} misclassified test digits (the {shown} most confident shown)"
            )
        else:
            title = QCoreApplication.translate("Evaluation", "{total} misclassified test digits")
        self.title.setText(title.format(total=self._total, shown=shown))
        for k in range(shown):
            pred, true = self._names[self._predicted[k]], self._names[self._true[k]]
            item = self.list.item(k)
            item.setText(
                QCoreApplication.translate("Evaluation", "pred {predicted} / true {label}").format(
                    predicted=pred, label=true
                )
            )
            item.setToolTip(
                QCoreApplication.translate(
                    "Evaluation",
                    "Predicted {predicted} with {confidence} confidence; the label says {label}.",
                ).format(
                    predicted=pred,
                    confidence=f"{self._probabilities[k, self._predicted[k]]:.0%}",
                    label=true,
                )
            )

    @Slot(int)
    def _on_current_row_changed(self, row: int) -> None:
        self._show_bars(row)

    def _show_bars(self, row: int) -> None:
        if row < 0 or row >= len(self._predicted):
            self.bars.setOpts(x=[], height=[])
            self.bars_caption.setText(
                QCoreApplication.translate(
                    "Evaluation", "Click a digit above to see its class probabilities."
                )
            )
            return
        probs = self._probabilities[row]
        pred, true = int(self._predicted[row]), int(self._true[row])
        colors = [OTHER_COLOR] * len(probs)
        colors[true], colors[pred] = TRUE_COLOR, PREDICTED_COLOR
        x = np.arange(len(probs))
        self.bars.setOpts(x=x, height=probs, width=0.7, brushes=colors, pen=pg.mkPen(None))
        axis = self.bars_plot.getPlotItem().getAxis("bottom")
        axis.setTicks([[(i, name) for i, name in enumerate(self._names)]])
        self.bars_plot.getPlotItem().setXRange(-0.6, len(probs) - 0.4, padding=0)
        self.bars_caption.setText(
            QCoreApplication.translate(
                "Evaluation",
                "Predicted {predicted} (orange, {predicted_share}); "
                "the label is {label} (blue, {label_share}).",
            ).format(
                predicted=self._names[pred],
                predicted_share=f"{probs[pred]:.0%}",
                label=self._names[true],
                label_share=f"{probs[true]:.0%}",
            )
        )
