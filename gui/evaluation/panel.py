"""The Evaluation panel: how the network does on the test set it never trained on.

Test accuracy, the confusion matrix (rows = true class, columns = predicted; the colour is the
share of each true class, the text the count) and, for images, the misclassified digits. The
worker computes everything (`engine.introspection.snapshots.make_evaluation`) after each
epoch or when asked; this panel only uploads arrays.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.evaluation.gallery import MisclassifiedGallery
from gui.live.plots_panel import style_plot

CONFUSION_STOPS = ["#ffffff", "#9ecae1", "#0877bd"]  # none → all of a true class, Playground blue


def confusion_colormap() -> pg.ColorMap:
    return pg.ColorMap([0.0, 0.5, 1.0], CONFUSION_STOPS, name="confusion")


class ConfusionMatrixView(QWidget):
    """A k×k ImageItem with fixed 0..1 levels, one TextItem per cell for the count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionMatrix")
        self.plot = pg.PlotWidget()
        style_plot(self.plot)
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "predicted")
        item.setLabel("left", "true")
        item.setMouseEnabled(False, False)
        item.setMenuEnabled(False)
        item.hideButtons()
        view = item.getViewBox()
        view.invertY(True)  # true class 0 at the top, as matrices are read
        view.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLevels((0.0, 1.0))
        self.image.setLookupTable(confusion_colormap().getLookupTable(nPts=256))
        item.addItem(self.image)
        self.colorbar = pg.ColorBarItem(
            values=(0, 1), colorMap=confusion_colormap(), interactive=False, width=12
        )
        self.colorbar.setImageItem(self.image, insert_in=item)
        text = self.palette().color(self.foregroundRole())
        self.colorbar.axis.setTextPen(pg.mkPen(text))
        self.colorbar.axis.setLabel("share of the true class", color=text.name())
        self._texts: list[pg.TextItem] = []
        self._counts: np.ndarray | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def counts(self) -> np.ndarray | None:
        """The counts on show (a copy), or None."""
        return None if self._counts is None else self._counts.copy()

    def set_matrix(self, counts: np.ndarray, names: list[str]) -> None:
        k = len(counts)
        totals = np.maximum(counts.sum(axis=1, keepdims=True), 1)
        shares = np.ascontiguousarray(counts / totals, dtype=np.float32)
        self.image.setImage(shares, autoLevels=False, levels=(0.0, 1.0))
        self.image.setRect(QRectF(0, 0, k, k))
        if len(self._texts) != k * k:
            self._make_texts(k, names)
        for (i, j), text in zip(np.ndindex(k, k), self._texts, strict=True):
            text.setText(str(int(counts[i, j])))
            text.setColor("#ffffff" if shares[i, j] > 0.55 else "#202020")
        self._counts = counts.copy()

    def clear(self) -> None:
        self.image.clear()
        for text in self._texts:
            text.setText("")
        self._counts = None

    def _make_texts(self, k: int, names: list[str]) -> None:
        item = self.plot.getPlotItem()
        for text in self._texts:
            item.removeItem(text)
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * (0.85 if k > 5 else 1.0)))
        self._texts = []
        for i, j in np.ndindex(k, k):
            text = pg.TextItem(anchor=(0.5, 0.5))
            text.setFont(font)
            text.setPos(j + 0.5, i + 0.5)
            item.addItem(text)
            self._texts.append(text)
        ticks = [[(i + 0.5, name) for i, name in enumerate(names)]]
        item.getAxis("bottom").setTicks(ticks)
        item.getAxis("left").setTicks(ticks)
        item.setRange(xRange=(0, k), yRange=(0, k), padding=0.02)


class EvaluationPanel(QWidget):
    """Accuracy, confusion matrix and misclassified digits of the latest evaluation.

    `evaluateRequested()`: the user asked for an evaluation now; `autoEvaluateToggled(bool)`:
    whether the worker evaluates after every epoch.
    """

    evaluateRequested = Signal()
    autoEvaluateToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluationPanel")
        self.setAccessibleName("evaluationPanel")
        self.setAccessibleDescription("Test-set accuracy, confusion matrix and mistakes")
        self._evaluation: dict | None = None

        self.accuracy = QLabel()
        self.accuracy.setObjectName("testAccuracy")
        font = self.accuracy.font()
        font.setBold(True)
        self.accuracy.setFont(font)
        self.evaluate_button = QPushButton("Evaluate now")
        self.evaluate_button.setObjectName("evaluateButton")
        self.auto = QCheckBox("After each epoch")
        self.auto.setObjectName("autoEvaluate")
        self.auto.setChecked(True)
        header = QHBoxLayout()
        header.addWidget(self.accuracy, 1)
        header.addWidget(self.auto)
        header.addWidget(self.evaluate_button)

        self.confusion = ConfusionMatrixView()
        self.gallery = MisclassifiedGallery()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.confusion)
        self.splitter.addWidget(self.gallery)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.note)
        self.clear()
        self.evaluate_button.clicked.connect(self._on_evaluate_clicked)
        self.auto.toggled.connect(self._on_auto_toggled)

    # ----- public -----------------------------------------------------------------------
    def evaluation(self) -> dict | None:
        """The evaluation on show (a `make_evaluation` payload), or None."""
        return self._evaluation

    def set_evaluation(self, evaluation: dict) -> None:
        self._evaluation = evaluation
        n, wrong = evaluation["n_test"], evaluation["n_mistakes"]
        self.accuracy.setText(
            f"Test accuracy {evaluation['accuracy']:.2%}  ({n - wrong:,} of {n:,} right, "
            f"epoch {evaluation['epoch']})"
        )
        self.confusion.set_matrix(evaluation["confusion"], evaluation["class_names"])
        images = evaluation["is_image"]
        self.gallery.setVisible(images)
        if images:
            self.gallery.set_mistakes(evaluation)
        self.note.setVisible(not images)
        self.note.setText(
            ""
            if images
            else "Each row is a true class; the decision-boundary panel shows "
            "where the misclassified test points lie."
        )

    def clear(self) -> None:
        self._evaluation = None
        self.accuracy.setText("Test accuracy – (train, or press Evaluate now)")
        self.confusion.clear()
        self.gallery.clear()
        self.note.setVisible(False)

    # ----- edits ------------------------------------------------------------------------
    @Slot()
    def _on_evaluate_clicked(self) -> None:
        self.evaluateRequested.emit()

    @Slot(bool)
    def _on_auto_toggled(self, checked: bool) -> None:
        self.autoEvaluateToggled.emit(checked)
