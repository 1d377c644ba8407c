"""Live loss and accuracy plots: one pyqtgraph item per series, updated in place with setData.
On regression data (plane, multi-Gaussian), which has no accuracy, the second plot shows R²
(`AccuracyPlot.set_task`): the trainer puts it in the accuracy series.

The x axis is the fractional epoch (step / batches per epoch), so per-batch lines and
per-epoch markers share one axis whatever the batch size. The window's File › Export plot
entries call `export_png` / `export_csv`; a right click on the plot offers the same entries
(`set_export_actions`) in place of pyqtgraph's own Export… dialog, which cannot be translated.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.exporters import CSVExporter, ImageExporter
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction, QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QApplication, QGraphicsItem, QVBoxLayout, QWidget

from engine.atomic import write_atomic
from engine.experiment.spec import SCORE_NAMES
from gui.common.plot_menus import set_scene_actions

TRAIN_COLOR = "#0877bd"  # Playground blue
VAL_COLOR = "#f59322"  # Playground orange
MAX_MARKERS = 60  # epoch markers are drawn only while there are at most this many
EXPORT_WIDTH = 1800  # px: a PNG that stays sharp on a printed page
OVERLAY_Y_CAP = 1e6  # a diverged run's 1e20 losses must not flatten every other curve
PLOTS = "Plots"  # the translation context of the plots' words
SERIES_NAMES = (  # the legend's entries: per-batch train, per-epoch train, validation
    QT_TRANSLATE_NOOP("Plots", "train (batch)"),
    QT_TRANSLATE_NOOP("Plots", "train"),
    QT_TRANSLATE_NOOP("Plots", "validation"),
)
AXIS_NAMES = (  # the axes' words (R², a symbol, stays as it is)
    QT_TRANSLATE_NOOP("Plots", "epoch"),
    QT_TRANSLATE_NOOP("Plots", "loss"),
    QT_TRANSLATE_NOOP("Plots", "accuracy"),
)


def style_plot(plot: pg.PlotWidget | pg.GraphicsLayoutWidget) -> None:
    """Follow the application palette (light or dark) instead of pyqtgraph's black default."""
    plot.setBackground(QApplication.palette().color(QPalette.ColorRole.Base))
    if isinstance(plot, pg.PlotWidget):
        style_axes(plot.getPlotItem())


def style_axes(item: pg.PlotItem) -> None:
    """Muted axis lines and readable tick labels in the palette's colours."""
    palette = QApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(_mix(text, base, 0.55)))
        axis.setTextPen(pg.mkPen(text))


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """a*(1-t) + b*t, for muted grid and axis lines that suit either theme."""
    return QColor(
        round(a.red() * (1 - t) + b.red() * t),
        round(a.green() * (1 - t) + b.green() * t),
        round(a.blue() * (1 - t) + b.blue() * t),
    )


class MetricPlot(QWidget):
    """Train (per batch, thin), train (per epoch, markers) and validation (per epoch, markers).

    A QWidget around a PlotWidget (rather than a PlotWidget subclass, whose constructor binds
    `clear` and friends to the PlotItem's and whose `close` dismantles it).
    """

    def __init__(self, metric: str, title: str, y_label: str, object_name: str) -> None:
        super().__init__()
        self.series_name = metric
        self.setObjectName(object_name)
        self.setAccessibleName(object_name)
        self.setAccessibleDescription(f"{title} per training epoch")
        # A legend row above the plot, never on top of the curves (which may run anywhere).
        self.plot = pg.GraphicsLayoutWidget()
        style_plot(self.plot)
        self.legend = pg.LegendItem(
            colCount=3, labelTextColor=QApplication.palette().color(QPalette.ColorRole.Text)
        )
        # in a layout row it need not keep its size when the view zooms; without this flag it
        # would also stay screen-sized in a print-resolution export
        self.legend.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self.plot.addItem(self.legend, row=0, col=0)
        item = self.plot_item = self.plot.addPlot(row=1, col=0)
        style_axes(item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.plot)
        set_scene_actions(self.plot.scene(), [])  # until set_export_actions gives File's
        self._y_label = y_label  # English; shown translated (_name_texts)
        item.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" reads badly
        item.showGrid(x=False, y=False)
        item.setClipToView(True)
        item.setDownsampling(auto=True, mode="peak")
        thin = QColor(TRAIN_COLOR)
        thin.setAlpha(70)
        self.batch_curve = item.plot(name="train (batch)", pen=pg.mkPen(thin, width=1))
        self.train_curve = item.plot(
            name="train",
            pen=pg.mkPen(TRAIN_COLOR, width=2),
            symbol="o",
            symbolSize=5,
            symbolBrush=TRAIN_COLOR,
            symbolPen=None,
        )
        self.val_curve = item.plot(
            name="validation",
            pen=pg.mkPen(VAL_COLOR, width=2),
            symbol="s",
            symbolSize=5,
            symbolBrush=VAL_COLOR,
            symbolPen=None,
        )
        self._name_texts()
        item.enableAutoRange(enable=False)  # see _fit_ranges
        self._x_max = self._y_max = 0.0
        self._last: dict[str, Any] = {}  # the latest payload, to refit when overlays change
        self._overlays: list[pg.PlotDataItem] = []
        self._overlay_extent = (0.0, 0.0)
        if metric == "accuracy":
            self._score_range(0.0)

    def _score_range(self, low: float) -> None:
        """A fixed score axis from `low` to just above 1 (accuracy from 0, R² from -1)."""
        view = self.plot_item.getViewBox()
        view.setLimits(yMin=None, yMax=None)
        self.plot_item.setYRange(low, 1.04, padding=0)
        view.setLimits(yMin=low - 0.05, yMax=1.08)

    def update_progress(self, progress: dict[str, Any]) -> None:
        """Show a `batchFinished` payload: (x, y) array pairs per series."""
        m = self.series_name
        _set(self.batch_curve, progress.get(f"batch_{m}"))
        for curve, symbol, key in ((self.train_curve, "o", "epoch"), (self.val_curve, "s", "val")):
            series = progress.get(f"{key}_{m}")
            if series is not None:
                # Markers help while epochs are few; past that they cost a scatter rebuild per
                # frame (pyqtgraph redraws every spot) and hide the line anyway.
                wanted = symbol if len(series[0]) <= MAX_MARKERS else None
                if curve.opts["symbol"] != wanted:
                    curve.setSymbol(wanted)
            _set(curve, series)
        self._last = progress
        self._fit_ranges(progress)

    def set_overlays(self, overlays: list[tuple[str, str, dict[str, Any]]]) -> None:
        """Draw past runs under the live curves: (name, colour, series) with series in the
        payload layout (epoch_loss, val_loss, ...). Train dashed, validation dotted; they
        survive `clear`, so a reset keeps the runs being compared. They stay out of the
        legend (the Runs table shows each colour): run names would crowd a small plot."""
        item = self.plot_item
        for curve in self._overlays:
            item.removeItem(curve)
        self._overlays = []
        x_max = y_max = 0.0
        m = self.series_name
        for name, color, series in overlays:
            for key, style in (
                (f"epoch_{m}", Qt.PenStyle.DashLine),
                (f"val_{m}", Qt.PenStyle.DotLine),
            ):
                x, y = series.get(key, ((), ()))
                x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
                keep = np.isfinite(y)
                x, y = x[keep], y[keep]
                curve = pg.PlotDataItem(x, y, pen=pg.mkPen(color, width=2, style=style))
                curve.setZValue(-1)  # under the live run
                curve.curve.setToolTip(name)  # hovering the line names the run
                item.addItem(curve)
                self._overlays.append(curve)
                if len(x):
                    x_max = max(x_max, float(x.max()))
                    y_max = max(y_max, float(y[y < OVERLAY_Y_CAP].max(initial=0.0)))
        self._overlay_extent = (x_max, y_max)
        self._fit_ranges(self._last)

    def overlay_count(self) -> int:
        """How many overlay curves are drawn (two per run: train and validation)."""
        return len(self._overlays)

    def _fit_ranges(self, progress: dict[str, Any]) -> None:
        """Grow (or, after a reset, shrink) the view in coarse steps instead of auto-ranging
        every frame: each range change re-lays out and repaints both axes, which costs more
        than drawing the curves themselves."""
        xs = [
            progress[k][0]
            for k in (f"batch_{self.series_name}", f"val_{self.series_name}")
            if k in progress
        ]
        x_max = max((float(x[-1]) for x in xs if len(x)), default=0.0)
        x_max = max(x_max, self._overlay_extent[0])
        if x_max > self._x_max or x_max < self._x_max / 4:
            self._x_max = _nice_ceiling(max(x_max * 1.5, 1.0))
            self.plot_item.setXRange(0, self._x_max, padding=0.02)
        if self.series_name != "loss":
            return
        ys = [progress[k][1] for k in ("batch_loss", "val_loss", "epoch_loss") if k in progress]
        finite = [y[np.isfinite(y)] for y in ys]
        y_max = max((float(y.max()) for y in finite if len(y)), default=0.0)
        y_max = max(y_max, self._overlay_extent[1])
        if y_max > self._y_max or y_max < self._y_max / 3:
            self._y_max = _nice_ceiling(max(y_max * 1.1, 1e-3))
            self.plot_item.setYRange(0, self._y_max, padding=0.02)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_legend()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._name_texts()
            self._fit_legend()  # the words' widths changed

    def set_export_actions(self, actions: list[QAction]) -> None:
        """The entries a right click on the plot offers below pyqtgraph's menus (File's export
        actions for this plot, which translate themselves)."""
        set_scene_actions(self.plot.scene(), actions)

    def _name_texts(self) -> None:
        """The axis labels and the legend's entries, in the language installed now."""
        item = self.plot_item
        item.setLabel("bottom", QCoreApplication.translate(PLOTS, "epoch"))
        item.setLabel("left", QCoreApplication.translate(PLOTS, self._y_label))
        self.legend.clear()
        for curve, name in zip(self._legend_curves(), SERIES_NAMES, strict=True):
            curve.opts["name"] = QCoreApplication.translate(PLOTS, name)
            self.legend.addItem(curve, curve.name())

    def _fit_legend(self) -> None:
        """Three entries side by side when they fit the plot's width, else fewer columns (more
        rows): a legend entry is never cut off in a narrow dock."""
        metrics = self.fontMetrics()
        entry = [metrics.horizontalAdvance(c.name()) + 48 for c in self._legend_curves()]
        width = self.plot.width()
        columns = next((n for n in (3, 2) if _row_width(entry, n) <= width), 1)
        if columns != self.legend.columnCount:
            self.legend.setColumnCount(columns)

    def _legend_curves(self) -> tuple[pg.PlotDataItem, ...]:
        return (self.batch_curve, self.train_curve, self.val_curve)

    def clear(self) -> None:
        """Empty every series (a new network starts from nothing): the axes go back to the
        start (or to the overlays' extent)."""
        for curve in (self.batch_curve, self.train_curve, self.val_curve):
            curve.setData([], [])
        self._x_max = self._y_max = math.inf  # any extent is smaller: _fit_ranges shrinks
        self._last = {}
        self._fit_ranges(self._last)

    def x_range(self) -> tuple[float, float]:
        """The epochs the plot shows."""
        lo, hi = self.plot_item.getViewBox().viewRange()[0]
        return float(lo), float(hi)

    def export_png(self, path: str | Path) -> None:
        """The plot with its legend, at print resolution (the widget is a few hundred pixels).

        Lines are drawn in screen pixels whatever the scale, so they widen for the export."""
        exporter = ImageExporter(self.plot.ci)
        width = max(EXPORT_WIDTH, int(self.plot.width()))
        exporter.parameters()["width"] = width
        scale = width / max(1, self.plot.width())
        curves = [self.batch_curve, self.train_curve, self.val_curve, *self._overlays]
        pens = [pg.mkPen(curve.opts["pen"]) for curve in curves]
        try:
            for curve, pen in zip(curves, pens, strict=True):
                wide = pg.mkPen(pen)
                wide.setWidthF(max(pen.widthF(), 1.0) * scale)
                curve.setPen(wide)
            write_atomic(path, exporter.export, suffix=".png")
        finally:
            for curve, pen in zip(curves, pens, strict=True):
                curve.setPen(pen)

    def export_csv(self, path: str | Path) -> None:
        exporter = CSVExporter(self.plot_item)
        write_atomic(path, exporter.export, suffix=".csv")


def _nice_ceiling(value: float) -> float:
    """The next of 1, 1.5, 2, 3, 5, 7.5 x 10^k at or above value: ranges that read well, fit
    the data snugly and change rarely."""
    power = 10.0 ** np.floor(np.log10(value))
    for step in (1.0, 1.5, 2.0, 3.0, 5.0, 7.5, 10.0):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)


def _set(curve: pg.PlotDataItem, series: tuple[np.ndarray, np.ndarray] | None) -> None:
    if series is None:
        return
    x, y = series
    finite = np.isfinite(y)
    if finite.all():
        curve.setData(x, y, skipFiniteCheck=True)
    else:  # a diverged or empty validation set: drop the NaNs rather than break the line
        curve.setData(x[finite], y[finite], skipFiniteCheck=True)


class LossPlot(MetricPlot):
    def __init__(self) -> None:
        super().__init__("loss", "Loss", "loss", "lossPlot")


class AccuracyPlot(MetricPlot):
    """Accuracy on classes; R² on regression data (1 = perfect, 0 = no better than predicting
    the mean; a worse start, below -1, runs off the bottom)."""

    def __init__(self) -> None:
        super().__init__("accuracy", "Accuracy", "accuracy", "accuracyPlot")
        self.task = "classification"

    def set_task(self, task: str) -> None:
        """Label and scale the plot for the data's task (SCORE_NAMES: accuracy or R²)."""
        if task == self.task:
            return
        self.task = task
        name = SCORE_NAMES[task]
        self._y_label = name
        self.plot_item.setLabel("left", QCoreApplication.translate(PLOTS, name))
        self.setAccessibleDescription(f"{name[0].upper()}{name[1:]} per training epoch")
        self._score_range(-1.0 if task == "regression" else 0.0)


def _row_width(entries: list[int], columns: int) -> int:
    """The widest row when `entries` are laid out `columns` to a row."""
    return max(sum(entries[i : i + columns]) for i in range(0, len(entries), columns))
