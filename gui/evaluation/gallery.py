"""The misclassified test images, most confident mistakes first, and one image's probabilities.

Thumbnails are QImages made straight from the worker's uint8 arrays (no per-pixel Python): grey
images (digits, Fashion-MNIST) drawn as ink on paper, colour ones (CIFAR-10, a folder of
photos) as they are, and enlarged without smoothing so the pixels stay honest. Each caption
names the predicted and the true class; the grid is as wide as the widest caption (up to
MAX_CAPTION pixels, beyond which a caption is elided and its tooltip tells it whole). Clicking
one shows its class probabilities as horizontal bars, one per class named on the left: the
predicted class orange, the true class blue.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSize, Qt, Slot
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

from gui.common.class_names import class_title
from gui.live.plots_panel import style_plot

THUMB = 56  # on-screen thumbnail size: 2x a 28-pixel digit
MAX_CAPTION = 220  # px: the widest a thumbnail's caption (and so the grid) may be
EVALUATION = "Evaluation"  # the translation context of the evaluation's words
# the gallery's title, for digits and for other images: (none yet, all shown, some shown)
TITLES = {
    True: (
        QT_TRANSLATE_NOOP("Evaluation", "Misclassified test digits"),
        QT_TRANSLATE_NOOP("Evaluation", "{total} misclassified test digits"),
        QT_TRANSLATE_NOOP(
            "Evaluation", "{total} misclassified test digits (the {shown} most confident shown)"
        ),
    ),
    False: (
        QT_TRANSLATE_NOOP("Evaluation", "Misclassified test images"),
        QT_TRANSLATE_NOOP("Evaluation", "{total} misclassified test images"),
        QT_TRANSLATE_NOOP(
            "Evaluation", "{total} misclassified test images (the {shown} most confident shown)"
        ),
    ),
}
CLICK = {
    True: QT_TRANSLATE_NOOP("Evaluation", "Click a digit above to see its class probabilities."),
    False: QT_TRANSLATE_NOOP("Evaluation", "Click an image above to see its class probabilities."),
}


PREDICTED_COLOR = "#f59322"
TRUE_COLOR = "#0877bd"
OTHER_COLOR = "#b8bcc0"


def digit_pixmap(image: np.ndarray, size: int = THUMB) -> QPixmap:
    """A uint8 image as a pixmap `size` pixels wide: (h, w) grey, 0 = background, drawn dark on
    light; (h, w, 3) red, green, blue drawn as it is."""
    image = np.asarray(image, dtype=np.uint8)
    if image.ndim == 3:
        rgb = np.ascontiguousarray(image)
        h, w = rgb.shape[:2]
        qimage = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    else:
        ink = np.ascontiguousarray(255 - image)
        h, w = ink.shape
        qimage = QImage(ink.data, w, h, w, QImage.Format.Format_Grayscale8).copy()  # owns bytes
    return QPixmap.fromImage(qimage).scaled(
        size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class MisclassifiedGallery(QWidget):
    """A grid of misclassified test images above the selected one's probability bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("misclassifiedGallery")
        self._probabilities = np.zeros((0, 0), np.float32)
        self._predicted = np.zeros(0, np.int64)
        self._true = np.zeros(0, np.int64)
        self._names: list[str] = []
        self._digits = True  # the images are handwritten digits (the words say "digit")
        self._total = -1  # the mistakes of the evaluation shown (-1: none shown)

        self.title = QLabel()
        self.list = QListWidget()
        self.list.setObjectName("misclassifiedList")
        self.list.setAccessibleName("Misclassified test images")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setWrapping(True)
        self.list.setUniformItemSizes(True)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setWordWrap(False)
        self._fit_grid()

        self.bars_plot = pg.PlotWidget()
        self.bars_plot.setObjectName("probabilityBars")
        style_plot(self.bars_plot)
        item = self.bars_plot.getPlotItem()
        item.setMouseEnabled(False, False)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setLabel("bottom", QCoreApplication.translate("Evaluation", "P(class)"))
        item.setXRange(0.0, 1.0, padding=0.02)
        item.getViewBox().invertY(True)  # class 0 at the top, as the confusion matrix reads
        self.bars = pg.BarGraphItem(x0=0.0, y=[], width=[], height=0.7)
        item.addItem(self.bars)
        self.bars_caption = QLabel()
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
        self._digits = bool(evaluation.get("digits", True))
        images = evaluation["images"]
        shown, self._total = len(self._predicted), int(evaluation["n_mistakes"])
        self.list.clear()
        for k in range(shown if images is not None else 0):  # None: no mistakes
            self.list.addItem(QListWidgetItem(QIcon(digit_pixmap(images[k])), ""))
        self._name_texts()
        self._show_bars(-1)
        if self.list.count():
            self.list.setCurrentRow(0)

    def captions_fit(self) -> bool:
        """Whether every caption is shown whole in its grid cell (none elided)."""
        fm = self.list.fontMetrics()
        return all(
            fm.horizontalAdvance(item.text()) <= self.list.visualItemRect(item).width()
            for item in (self.list.item(k) for k in range(self.count()))
        )

    def clear(self) -> None:
        self.list.clear()
        self._total = -1
        self._name_texts()
        self._show_bars(-1)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.bars_plot.getPlotItem().setLabel(
                "bottom", QCoreApplication.translate("Evaluation", "P(class)")
            )
            self._name_texts()
            self._show_bars(self.list.currentRow())

    # ----- internals --------------------------------------------------------------------
    def _name_texts(self) -> None:
        """The title, and each thumbnail's caption and tooltip, in the language installed now."""
        shown = self.list.count()
        none, every, some = TITLES[self._digits]
        title = none if self._total < 0 else some if self._total > shown else every
        self.title.setText(
            QCoreApplication.translate("Evaluation", title).format(total=self._total, shown=shown)
        )
        for k in range(shown):
            pred = class_title(self._names[self._predicted[k]])
            true = class_title(self._names[self._true[k]])
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
        self._fit_grid()

    def _fit_grid(self) -> None:
        """Grid cells as wide as the widest caption shown (a sample one when there are none),
        at least a thumbnail and at most MAX_CAPTION pixels."""
        fm = self.list.fontMetrics()
        texts = [self.list.item(k).text() for k in range(self.list.count())]
        if not texts:
            sample = QCoreApplication.translate("Evaluation", "pred {predicted} / true {label}")
            texts = [sample.format(predicted=8, label=8)]
        caption = min(max(fm.horizontalAdvance(t) for t in texts), MAX_CAPTION)
        grid = QSize(max(THUMB, caption) + 8, THUMB + fm.height() + 8)
        for k in range(self.list.count()):  # each item as big as its grid cell
            self.list.item(k).setSizeHint(grid)
        if grid != self.list.gridSize():
            self.list.setGridSize(grid)

    @Slot(int)
    def _on_current_row_changed(self, row: int) -> None:
        self._show_bars(row)

    def _show_bars(self, row: int) -> None:
        if row < 0 or row >= len(self._predicted):
            self.bars.setOpts(x0=0.0, y=[], width=[])
            self.bars_caption.setText(QCoreApplication.translate("Evaluation", CLICK[self._digits]))
            return
        probs = self._probabilities[row]
        pred, true = int(self._predicted[row]), int(self._true[row])
        colors = [OTHER_COLOR] * len(probs)
        colors[true], colors[pred] = TRUE_COLOR, PREDICTED_COLOR
        y = np.arange(len(probs))
        self.bars.setOpts(x0=0.0, y=y, width=probs, height=0.7, brushes=colors, pen=pg.mkPen(None))
        axis = self.bars_plot.getPlotItem().getAxis("left")  # names of any length fit there
        axis.setTicks([[(i, class_title(name)) for i, name in enumerate(self._names)]])
        self.bars_plot.getPlotItem().setYRange(-0.6, len(probs) - 0.4, padding=0)
        self.bars_caption.setText(
            QCoreApplication.translate(
                "Evaluation",
                "Predicted {predicted} (orange, {predicted_share}); "
                "the label is {label} (blue, {label_share}).",
            ).format(
                predicted=class_title(self._names[pred]),
                predicted_share=f"{probs[pred]:.0%}",
                label=class_title(self._names[true]),
                label_share=f"{probs[true]:.0%}",
            )
        )
