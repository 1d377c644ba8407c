"""The decision boundary: the model's output over the input plane as a heatmap, with the data
points on top, Playground style (orange = class 0, blue = class 1).

Two classes: one float32 image of P(class 1) through a fixed 0..1 LUT with a colour bar.
More classes: an RGB image, each cell the colour of its likeliest class faded by confidence.
Regression (plane, multi-Gaussian): the predicted value through the same orange-grey-blue LUT
on -1..1, as TensorFlow Playground draws it, with each point filled in its target's colour.
The grid itself is computed by the worker; this panel only uploads arrays.

The three sets are drawn apart: training points as filled circles, validation points (held out
of the training data) as filled diamonds, test points as rings; the line under the plot says
which is which and how many of each there are. A right click on the plot offers "Export
image…" (a PNG, gui.common.plot_menus) in place of pyqtgraph's own Export… dialog, which cannot
be translated.
"""

from __future__ import annotations

from typing import Any

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
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.data.datasets import Dataset
from gui.common.i18n import set_ui_text
from gui.common.plot_menus import ExportImageAction, set_scene_actions
from gui.live.plots_panel import style_plot

ORANGE, BLUE = "#f59322", "#0877bd"
# Classes 2+ (multi-class CSV data): distinct, colour-blind-friendlier hues.
CLASS_COLORS = [
    ORANGE,
    BLUE,
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
]
HEAT_STOPS = ["#f59322", "#e8eaeb", "#0877bd"]  # Playground's -1 / 0 / +1 scale
VALUE_LEVELS = (-1.0, 1.0)  # a regression's colour scale; values beyond take the end colours
WASH = 0.35  # how far heatmap colours are faded towards white, so the points stand out
BOUNDARY = "Boundary"  # the translation context of the panel's words
SCALE_NAMES = {  # the colour bar's label, by task
    "classification": QT_TRANSLATE_NOOP("Boundary", "P(class 1)"),
    "regression": QT_TRANSLATE_NOOP("Boundary", "predicted value"),
}
TRAIN_SYMBOL, VALIDATION_SYMBOL, TEST_SYMBOL = "o", "d", "o"  # test: a ring (no fill)


def _rgb(color: str) -> np.ndarray:
    c = pg.mkColor(color)
    return np.array([c.red(), c.green(), c.blue()], dtype=np.float32)


def value_colors(values: np.ndarray) -> list:
    """Unwashed Playground colours of numbers on VALUE_LEVELS: orange -1, grey 0, blue +1."""
    lo, hi = VALUE_LEVELS
    cmap = pg.ColorMap([0.0, 0.5, 1.0], [pg.mkColor(c) for c in HEAT_STOPS])
    where = np.clip((np.asarray(values, dtype=float) - lo) / (hi - lo), 0.0, 1.0)
    return list(cmap.map(where, mode="qcolor")) if len(where) else []


def heat_colormap() -> pg.ColorMap:
    stops = [(1 - WASH) * _rgb(c) + WASH * 255 for c in HEAT_STOPS]
    return pg.ColorMap(
        [0.0, 0.5, 1.0], [tuple(int(v) for v in s) for s in stops], name="playground"
    )


class BoundaryPanel(QWidget):
    """Heatmap + points + toggles. Emits `pointAdded(x, y)` when the plot is clicked."""

    pointAdded = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionBoundary")
        self.setAccessibleName("decisionBoundary")
        self.setAccessibleDescription("Model output over the input plane; click to add a point")
        self._grid: np.ndarray | None = None
        self.task = "classification"  # the data's, from set_dataset: what the grid holds
        self._extent = (-6.0, 6.0, -6.0, 6.0)
        self._rect = QRectF(-6.0, -6.0, 12.0, 12.0)

        self.plot = pg.PlotWidget()
        self.plot.setObjectName("boundaryPlot")  # texts: resources/explanations.json
        style_plot(self.plot)
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "x1")
        item.setLabel("left", "x2")
        item.setMenuEnabled(True)
        item.getViewBox().setAspectLocked(True)
        item.getViewBox().setMouseEnabled(False, False)  # a click adds a point; no pan or zoom
        item.hideButtons()

        self.heat = pg.ImageItem(axisOrder="row-major")
        self.heat.setLevels((0.0, 1.0))
        self.heat.setLookupTable(heat_colormap().getLookupTable(nPts=256))
        self.rgb = pg.ImageItem(axisOrder="row-major")
        self.rgb.setVisible(False)
        item.addItem(self.heat)
        item.addItem(self.rgb)
        self.colorbar = pg.ColorBarItem(
            values=(0, 1),
            colorMap=heat_colormap(),
            interactive=False,
            width=14,
            colorMapMenu=False,
        )
        self.colorbar.setImageItem(self.heat, insert_in=item)
        text = self.palette().color(self.foregroundRole())
        self.colorbar.axis.setTextPen(pg.mkPen(text))
        self.colorbar.axis.setPen(pg.mkPen(text))
        self._label_scale()

        self.train_points = pg.ScatterPlotItem(
            size=7, symbol=TRAIN_SYMBOL, pen=pg.mkPen("w", width=1)
        )
        self.val_points = pg.ScatterPlotItem(
            size=9, symbol=VALIDATION_SYMBOL, pen=pg.mkPen("#232323", width=1)
        )
        self.test_points = pg.ScatterPlotItem(size=7, symbol=TEST_SYMBOL, brush=None)
        self.line = pg.PlotDataItem(pen=pg.mkPen("#232323", width=2.5))
        for it in (self.line, self.train_points, self.val_points, self.test_points):
            item.addItem(it)
        self.train_points.setZValue(10)
        self.val_points.setZValue(10.5)
        self.test_points.setZValue(11)
        self._counts: tuple[int, int, int] | None = None  # (train, validation, test) drawn
        self.line.setZValue(12)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.export_action = ExportImageAction(self.plot)
        set_scene_actions(self.plot.scene(), [self.export_action])

        self.show_validation = QCheckBox()
        set_ui_text(
            self.show_validation, BOUNDARY, QT_TRANSLATE_NOOP("Boundary", "Show validation data")
        )
        self.show_validation.setObjectName("showValidationData")
        self.show_validation.setChecked(True)
        self.show_validation.toggled.connect(self._on_show_validation_changed)
        self.show_test = QCheckBox()
        set_ui_text(self.show_test, BOUNDARY, QT_TRANSLATE_NOOP("Boundary", "Show test data"))
        self.show_test.setObjectName("showTestData")
        self.show_test.toggled.connect(self._on_show_test_changed)
        self.legend = QLabel()  # which symbol is which set, and how many points each has
        self.legend.setObjectName("boundaryLegend")
        self.legend.setWordWrap(True)
        self.discretize = QCheckBox()
        set_ui_text(self.discretize, BOUNDARY, QT_TRANSLATE_NOOP("Boundary", "Discretize output"))
        self.discretize.setObjectName("discretizeOutput")
        self.discretize.toggled.connect(self._on_discretize_changed)
        toggles = QHBoxLayout()
        toggles.addWidget(self.show_validation)
        toggles.addWidget(self.show_test)
        toggles.addWidget(self.discretize)
        toggles.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        layout.addLayout(toggles)
        self._on_show_test_changed(False)
        self.set_extent(self._extent)

    # ----- data -------------------------------------------------------------------------
    def set_extent(self, extent: tuple[float, float, float, float]) -> None:
        self._extent = tuple(float(v) for v in extent)
        xmin, xmax, ymin, ymax = self._extent
        self._rect = QRectF(xmin, ymin, xmax - xmin, ymax - ymin)
        self.plot.getPlotItem().getViewBox().setRange(self._rect, padding=0)
        self._draw_grid()

    def set_dataset(self, dataset: Dataset | None) -> None:
        """Draw a 2-D dataset's points (None or images: no points)."""
        self._set_task("classification" if dataset is None else dataset.task)
        if dataset is None or dataset.is_image:
            self.train_points.setData([])
            self.val_points.setData([])
            self.test_points.setData([])
            self._counts = None
            self._update_legend()
            return
        self.set_extent(dataset.extent)
        if dataset.task == "regression":  # each point in its target's colour
            train, val, test = (
                value_colors(y) for y in (dataset.y_train, dataset.y_val, dataset.y_test)
            )
        else:
            colors = [pg.mkColor(c) for c in CLASS_COLORS]
            train, val, test = (
                [colors[i % 10] for i in y]
                for y in (dataset.y_train, dataset.y_val, dataset.y_test)
            )
        self.train_points.setData(pos=dataset.x_train, brush=[pg.mkBrush(c) for c in train])
        self.val_points.setData(pos=dataset.x_val, brush=[pg.mkBrush(c) for c in val])
        self.test_points.setData(
            pos=dataset.x_test, brush=None, pen=[pg.mkPen(c, width=2) for c in test]
        )
        self._counts = (len(dataset.y_train), len(dataset.y_val), len(dataset.y_test))
        self._update_legend()

    def _set_task(self, task: str) -> None:
        """Classes: P(class 1) on 0..1; regression: the predicted value on VALUE_LEVELS."""
        if task == self.task:
            return
        self.task = task
        regression = task == "regression"
        levels = VALUE_LEVELS if regression else (0.0, 1.0)
        self.colorbar.setLevels(levels)
        self._label_scale()
        self.setAccessibleDescription(
            "Predicted value over the input plane; points in their target's colour"
            if regression
            else "Model output over the input plane; click to add a point"
        )
        self._draw_grid()

    def set_snapshot(self, snapshot: dict[str, Any]) -> None:
        """Show a worker snapshot: the decision grid and, for a perceptron, its line."""
        grid = snapshot.get("grid")
        if snapshot.get("extent") is not None and tuple(snapshot["extent"]) != self._extent:
            self.set_extent(snapshot["extent"])
        self._grid = grid
        self._draw_grid()
        self._draw_line(snapshot.get("boundary_line"))

    def clear(self) -> None:
        """Forget the model's picture (a new network has not been drawn yet)."""
        self._grid = None
        self.heat.clear()
        self.rgb.clear()
        self.line.setData([], [])

    def image(self) -> np.ndarray | None:
        """The grid now shown (for tests and exports)."""
        return self._grid

    # ----- drawing ----------------------------------------------------------------------
    def _draw_grid(self) -> None:
        grid = self._grid
        if grid is None:
            self.heat.clear()
            self.rgb.clear()
            return
        binary = grid.ndim == 2
        self.heat.setVisible(binary)
        self.colorbar.setVisible(binary)
        self.rgb.setVisible(not binary)
        if binary and self.task == "regression":  # discretized as Playground: the sign, +-1
            data = np.where(grid >= 0, 1.0, -1.0) if self.discretize.isChecked() else grid
            self.heat.setImage(data.astype(np.float32), autoLevels=False, levels=VALUE_LEVELS)
            self.heat.setRect(self._rect)
        elif binary:
            data = (grid >= 0.5).astype(np.float32) if self.discretize.isChecked() else grid
            self.heat.setImage(data, autoLevels=False, levels=(0.0, 1.0))
            self.heat.setRect(self._rect)  # maps the whole grid, whatever its size, onto the plane
        else:
            self.rgb.setImage(self._class_colors(grid), autoLevels=False, levels=(0, 255))
            self.rgb.setRect(self._rect)

    def _class_colors(self, probs: np.ndarray) -> np.ndarray:
        """(res, res, k) probabilities -> uint8 RGB: likeliest class's colour, faded by doubt."""
        k = probs.shape[-1]
        palette = np.stack([_rgb(CLASS_COLORS[i % 10]) for i in range(k)])
        best = probs.argmax(axis=-1)
        if self.discretize.isChecked():
            confidence = np.ones(best.shape, np.float32)
        else:
            confidence = (probs.max(axis=-1) - 1 / k) / (1 - 1 / k)
        strength = (1 - WASH) * confidence[..., None]
        rgb = palette[best] * strength + 255 * (1 - strength)
        return np.ascontiguousarray(rgb.astype(np.uint8))

    def _draw_line(self, boundary: Any) -> None:
        """w1*x + w2*y + b = 0, clipped to the plotted square."""
        if boundary is None:
            self.line.setData([], [])
            return
        (w1, w2), b = boundary
        xmin, xmax, ymin, ymax = self._extent
        if abs(w2) >= abs(w1) and w2 != 0:
            xs = np.array([xmin, xmax])
            ys = -(w1 * xs + b) / w2
        elif w1 != 0:
            ys = np.array([ymin, ymax])
            xs = -(w2 * ys + b) / w1
        else:
            self.line.setData([], [])
            return
        self.line.setData(xs, ys)

    def _update_legend(self) -> None:
        """ "● train 200 · ◆ validation 50 · ○ test 250 (hidden)": the symbols, the counts, and
        which sets the toggles hide."""
        if self._counts is None:
            self.legend.setText("")
            return
        train, val, test = self._counts

        def shown(text: str, box: QCheckBox) -> str:
            return (
                text
                if box.isChecked()
                else QCoreApplication.translate("Boundary", "{points} (hidden)").format(points=text)
            )

        if val:
            middle = shown(
                QCoreApplication.translate("Boundary", "◆ validation {count}").format(count=val),
                self.show_validation,
            )
        else:
            middle = QCoreApplication.translate(
                "Boundary", "no validation points: the training points validate"
            )
        first = QCoreApplication.translate("Boundary", "● train {count}").format(count=train)
        last = shown(
            QCoreApplication.translate("Boundary", "○ test {count}").format(count=test),
            self.show_test,
        )
        self.legend.setText(f"{first} · {middle} · {last}")

    def _label_scale(self) -> None:
        """The colour bar's label for the task, in the language installed now."""
        text = self.palette().color(self.foregroundRole())
        label = QCoreApplication.translate(BOUNDARY, SCALE_NAMES[self.task])
        self.colorbar.axis.setLabel(label, color=text.name())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:  # the texts built from data, again
            self._label_scale()
            self._update_legend()

    # ----- handlers ---------------------------------------------------------------------
    @Slot(bool)
    def _on_show_validation_changed(self, checked: bool) -> None:
        self.val_points.setVisible(checked)
        self._update_legend()

    @Slot(bool)
    def _on_show_test_changed(self, checked: bool) -> None:
        self.test_points.setVisible(checked)
        self._update_legend()

    @Slot(bool)
    def _on_discretize_changed(self, _checked: bool) -> None:
        self._draw_grid()

    @Slot(object)
    def _on_scene_clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        view = self.plot.getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(event.scenePos()):
            return
        point: QPointF = view.mapSceneToView(event.scenePos())
        xmin, xmax, ymin, ymax = self._extent
        if xmin <= point.x() <= xmax and ymin <= point.y() <= ymax:
            event.accept()
            self.pointAdded.emit(float(point.x()), float(point.y()))
