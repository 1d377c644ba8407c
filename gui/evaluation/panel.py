"""The Evaluation panel: how the network does on the test set it never trained on.

Test accuracy, the confusion matrix (rows = true class, columns = predicted; the colour is the
share of each true class, the text the count) and, for images, the misclassified digits. The
worker computes everything (`engine.introspection.snapshots.make_evaluation`) after each
epoch or when asked; this panel only uploads arrays. Nothing in training reads the test set:
early stopping and the best weights follow the validation set, so the score stays honest.

A regression (plane, multi-Gaussian) has no classes, so no accuracy and no matrix: the panel
shows the MSE, MAE and R² of the training, validation and test rows instead (`set_task`).

The matrix keeps square cells of at least `MIN_CELL` pixels (the panel scrolls when the dock
is smaller) and sizes the count text to its cells; counts too small to read are hidden, and
every cell's count is in its tooltip. Class names too wide for a cell ("T-shirt/top",
"airplane") stay whole on the left axis, each with its number, and the columns are numbered.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QPointF,
    QRectF,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QFontInfo, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.common.class_names import class_title, class_titles
from gui.common.i18n import set_ui_text
from gui.evaluation.gallery import EVALUATION, MisclassifiedGallery
from gui.live.plots_panel import style_plot

CONFUSION_STOPS = ["#ffffff", "#9ecae1", "#0877bd"]  # none → all of a true class, Playground blue
MIN_CELL = 30  # pixels: the smallest cell the matrix is given
AXES_SIZE = (130, 70)  # pixels around the cells: tick labels, axis titles and the colour bar
MIN_COUNT_PX = 7  # count text smaller than this is hidden (the tooltip still tells it)
METRICS = ("mse", "mae", "r2")  # a regression's scores, as engine.training.evaluation names them
METRIC_TITLES = (QT_TRANSLATE_NOOP("Evaluation", "MSE (loss)"), "MAE", "R²")
SET_TITLES = (  # the regression table's rows
    ("train", QT_TRANSLATE_NOOP("Evaluation", "Train")),
    ("validation", QT_TRANSLATE_NOOP("Evaluation", "Validation")),
    ("test", QT_TRANSLATE_NOOP("Evaluation", "Test")),
)
REGRESSION_NOTE = QT_TRANSLATE_NOOP(
    "Evaluation",
    "A regression has no classes, so no accuracy: MSE is the mean squared error (the loss), "
    "MAE the mean absolute error, and R² = 1 − MSE / variance of the targets (1 is perfect, "
    "0 no better than always predicting their mean). The heatmap shows the predicted value.",
)
NO_EVALUATION = {  # the header before an evaluation, by task
    "classification": QT_TRANSLATE_NOOP(
        "Evaluation", "Test accuracy – (train, or press Evaluate now)"
    ),
    "regression": QT_TRANSLATE_NOOP("Evaluation", "Test R² – (train, or press Evaluate now)"),
}


def _tr(source: str) -> str:
    return QCoreApplication.translate(EVALUATION, source)


def _score(value: float) -> str:
    return "–" if value is None or not np.isfinite(value) else f"{value:.4g}"


def confusion_colormap() -> pg.ColorMap:
    return pg.ColorMap([0.0, 0.5, 1.0], CONFUSION_STOPS, name="confusion")


class ConfusionMatrixView(QWidget):
    """A k×k ImageItem with fixed 0..1 levels, one TextItem per cell for the count, sized to
    fit the cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionMatrix")
        self.plot = pg.PlotWidget()
        style_plot(self.plot)
        item = self.plot.getPlotItem()
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
        self._numbered = False  # names too wide for a column: the columns show class numbers
        self._name_axes()
        self._texts: list[pg.TextItem] = []
        self._counts: np.ndarray | None = None
        self._names: list[str] = []
        self._tick_texts: tuple[list[str], list[str]] = ([], [])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self._set_classes(2)
        view.sigResized.connect(self._on_view_changed)
        view.sigRangeChanged.connect(self._on_view_changed)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def _name_axes(self) -> None:
        """The axis and colour bar titles, in the language installed now."""
        item = self.plot.getPlotItem()
        predicted = (
            QT_TRANSLATE_NOOP("Evaluation", "predicted (class number)")
            if self._numbered
            else QT_TRANSLATE_NOOP("Evaluation", "predicted")
        )
        item.setLabel("bottom", QCoreApplication.translate("Evaluation", predicted))
        item.setLabel("left", QCoreApplication.translate("Evaluation", "true"))
        text = self.palette().color(self.foregroundRole())
        self.colorbar.axis.setLabel(
            QCoreApplication.translate("Evaluation", "share of the true class"), color=text.name()
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._name_axes()
            if self._counts is not None:  # the class names on the axes, in the new language
                counts, names = self._counts, self._names
                self._names = []
                self.set_matrix(counts, names)

    def counts(self) -> np.ndarray | None:
        """The counts on show (a copy), or None."""
        return None if self._counts is None else self._counts.copy()

    def set_matrix(self, counts: np.ndarray, names: list[str]) -> None:
        k = len(counts)
        totals = np.maximum(counts.sum(axis=1, keepdims=True), 1)
        shares = np.ascontiguousarray(counts / totals, dtype=np.float32)
        self.image.setImage(shares, autoLevels=False, levels=(0.0, 1.0))
        self.image.setRect(QRectF(0, 0, k, k))
        if len(self._texts) != k * k or list(names) != self._names:
            self._make_texts(k, names)
        self._names = list(names)
        for (i, j), text in zip(np.ndindex(k, k), self._texts, strict=True):
            text.setText(str(int(counts[i, j])))
            text.setColor("#ffffff" if shares[i, j] > 0.55 else "#202020")
        self._counts = counts.copy()
        self._fit_counts()

    def cell_rect(self, i: int, j: int) -> QRectF:
        """Cell (true `i`, predicted `j`) in the plot's scene, which is in pixels."""
        view = self.plot.getPlotItem().getViewBox()
        return view.mapViewToScene(QRectF(j, i, 1, 1)).boundingRect()

    def count_items(self) -> list[pg.TextItem]:
        """One text item per cell, row by row."""
        return list(self._texts)

    def cell_tooltip(self, i: int, j: int) -> str:
        if self._counts is None:
            return ""
        row = self._counts[i]
        share = row[j] / max(int(row.sum()), 1)
        true, predicted = class_title(self._names[i]), class_title(self._names[j])
        return QCoreApplication.translate(
            "Evaluation", "True {true}, predicted {predicted}: {count} ({share} of true {true})"
        ).format(true=true, predicted=predicted, count=int(row[j]), share=f"{share:.1%}")

    def clear(self) -> None:
        self.image.clear()
        for text in self._texts:
            text.setText("")
        self._counts = None

    def _set_classes(self, k: int, left_labels: int = 0) -> None:
        """Room for k×k cells of at least MIN_CELL pixels and for the left axis's class names
        (`left_labels` px at their widest), and nothing wider needed."""
        extra = max(0, left_labels - MIN_CELL)  # AXES_SIZE holds a short name already
        self.plot.setMinimumSize(k * MIN_CELL + AXES_SIZE[0] + extra, k * MIN_CELL + AXES_SIZE[1])

    def tick_labels(self) -> tuple[list[str], list[str]]:
        """The class labels on show: (left axis, rows), (bottom axis, columns)."""
        return self._tick_texts

    def _fit_counts(self) -> None:
        """Size the count text to the cells on screen: the widest count fills at most 80 % of
        a cell's width, and one line 60 % of its height; below MIN_COUNT_PX the counts hide."""
        if self._counts is None or not self._texts:
            return
        cell = min(self.cell_rect(0, 0).width(), self.cell_rect(0, 0).height())
        font = QFont(self.font())
        base = QFontMetricsF(font)
        widest = max(base.horizontalAdvance(t.textItem.toPlainText()) for t in self._texts)
        fit = min(0.8 * cell / max(widest, 1.0), 0.6 * cell / base.height(), 1.0)
        px = int(QFontInfo(font).pixelSize() * fit)
        shown = px >= MIN_COUNT_PX
        if shown:
            font.setPixelSize(px)
        for text in self._texts:
            text.setFont(font)
            text.setVisible(shown)

    def _make_texts(self, k: int, names: list[str]) -> None:
        item = self.plot.getPlotItem()
        for text in self._texts:
            item.removeItem(text)
        names = class_titles(names)
        fm = QFontMetricsF(self.font())
        # a column is MIN_CELL px at the least: wider names would run into each other there
        self._numbered = max((fm.horizontalAdvance(n) for n in names), default=0) > MIN_CELL - 4
        rows = [f"{name} · {i}" for i, name in enumerate(names)] if self._numbered else names
        columns = [str(i) for i in range(k)] if self._numbered else names
        self._set_classes(k, int(max((fm.horizontalAdvance(r) for r in rows), default=0)) + 1)
        self._name_axes()
        self._texts = []
        for i, j in np.ndindex(k, k):
            text = pg.TextItem(anchor=(0.5, 0.5))
            text.textItem.document().setDocumentMargin(0)  # its rect is the text's own
            text.setPos(j + 0.5, i + 0.5)
            item.addItem(text)
            self._texts.append(text)
        item.getAxis("bottom").setTicks([[(i + 0.5, name) for i, name in enumerate(columns)]])
        item.getAxis("left").setTicks([[(i + 0.5, name) for i, name in enumerate(rows)]])
        self._tick_texts = (list(rows), list(columns))
        item.setRange(xRange=(0, k), yRange=(0, k), padding=0.02)

    @Slot()
    def _on_view_changed(self) -> None:
        self._fit_counts()

    @Slot(object)
    def _on_mouse_moved(self, pos: QPointF) -> None:
        view = self.plot.getPlotItem().getViewBox()
        point = view.mapSceneToView(pos)
        i, j = int(np.floor(point.y())), int(np.floor(point.x()))
        k = 0 if self._counts is None else len(self._counts)
        inside = view.sceneBoundingRect().contains(pos) and 0 <= i < k and 0 <= j < k
        self.plot.setToolTip(self.cell_tooltip(i, j) if inside else "")


GALLERY_MIN_WIDTH = 360  # two misclassified digits with their captions


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
        self.evaluate_button = QPushButton()
        set_ui_text(
            self.evaluate_button, EVALUATION, QT_TRANSLATE_NOOP("Evaluation", "Evaluate now")
        )
        self.evaluate_button.setObjectName("evaluateButton")
        self.auto = QCheckBox()
        set_ui_text(self.auto, EVALUATION, QT_TRANSLATE_NOOP("Evaluation", "After each epoch"))
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
        self.scores = QLabel()  # regression: MSE, MAE and R² per set
        self.scores.setObjectName("regressionScores")
        self.scores.setTextFormat(Qt.TextFormat.RichText)
        self.scores.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.task = "classification"
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.confusion)
        self.splitter.addWidget(self.gallery)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.matrix_scroll = QScrollArea()  # the matrix keeps readable cells in a small dock
        self.matrix_scroll.setObjectName("evaluationScroll")
        self.matrix_scroll.setWidgetResizable(True)
        self.matrix_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.matrix_scroll.setWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.matrix_scroll, 1)
        layout.addWidget(self.scores, 1)
        layout.addWidget(self.note)
        self.clear()
        self.evaluate_button.clicked.connect(self._on_evaluate_clicked)
        self.auto.toggled.connect(self._on_auto_toggled)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Matrix and gallery side by side when both fit, else the gallery below the matrix
        (a laptop-sized window), so neither is squeezed or cut off."""
        super().resizeEvent(event)
        side_by_side = self.confusion.minimumSizeHint().width() + GALLERY_MIN_WIDTH
        wide = self.width() >= side_by_side + 24
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)

    # ----- public -----------------------------------------------------------------------
    def evaluation(self) -> dict | None:
        """The evaluation on show (a `make_evaluation` payload), or None."""
        return self._evaluation

    def set_task(self, task: str) -> None:
        """Show what suits the data: accuracy and the confusion matrix for classes, the
        regression scores for numbers; clears the evaluation on show."""
        self.task = task
        self.clear()

    def set_evaluation(self, evaluation: dict) -> None:
        if evaluation.get("task") == "regression":
            self._set_regression(evaluation)
            return
        self._evaluation = evaluation
        self._show_words()
        self.confusion.set_matrix(evaluation["confusion"], evaluation["class_names"])
        images = evaluation["is_image"]
        self.gallery.setVisible(images)
        if images:
            self.gallery.set_mistakes(evaluation)
        self.note.setVisible(not images)

    def _set_regression(self, evaluation: dict) -> None:
        self._evaluation = evaluation
        self._show_words()
        self.note.setVisible(True)

    def _show_words(self) -> None:
        """The header, the regression table and the note for the evaluation on show, in the
        language installed now."""
        evaluation = self._evaluation
        if evaluation is None:
            self.accuracy.setText(_tr(NO_EVALUATION[self.task]))
            return
        if evaluation.get("task") != "regression":
            n, wrong = evaluation["n_test"], evaluation["n_mistakes"]
            header = QCoreApplication.translate(
                "Evaluation", "Test accuracy {accuracy}  ({right} of {n} right, epoch {epoch})"
            )
            self.accuracy.setText(
                header.format(
                    accuracy=f"{evaluation['accuracy']:.2%}",
                    right=f"{n - wrong:,}",
                    n=f"{n:,}",
                    epoch=evaluation["epoch"],
                )
            )
            self.note.setText(
                ""
                if evaluation["is_image"]
                else QCoreApplication.translate(
                    "Evaluation",
                    "Each row is a true class; the decision-boundary panel shows "
                    "where the misclassified test points lie.",
                )
            )
            return
        metrics = evaluation["metrics"]
        header = QCoreApplication.translate(
            "Evaluation", "Test R² {r2}  ({n} test points, epoch {epoch})"
        )
        self.accuracy.setText(
            header.format(
                r2=_score(metrics["test"]["r2"]),
                n=f"{evaluation['n_test']:,}",
                epoch=evaluation["epoch"],
            )
        )
        cells = "".join(
            f"<tr><td>{_tr(title)}</td>"
            + "".join(f"<td align='right'>{_score(metrics[key][m])}</td>" for m in METRICS)
            + "</tr>"
            for key, title in SET_TITLES
        )
        header = "".join(f"<th align='right'>{_tr(name)}</th>" for name in METRIC_TITLES)
        self.scores.setText(
            f"<table cellspacing='0' cellpadding='4'><tr><th></th>{header}</tr>{cells}</table>"
        )
        self.note.setText(_tr(REGRESSION_NOTE))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._show_words()

    def clear(self) -> None:
        self._evaluation = None
        regression = self.task == "regression"
        self._show_words()
        self.confusion.clear()
        self.gallery.clear()
        self.scores.setText("")
        self.matrix_scroll.setVisible(not regression)  # a regression has no classes
        self.scores.setVisible(regression)
        self.note.setVisible(False)

    # ----- edits ------------------------------------------------------------------------
    @Slot()
    def _on_evaluate_clicked(self) -> None:
        self.evaluateRequested.emit()

    @Slot(bool)
    def _on_auto_toggled(self, checked: bool) -> None:
        self.autoEvaluateToggled.emit(checked)
