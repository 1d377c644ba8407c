"""Live loss and accuracy plots: one pyqtgraph item per series, updated in place with setData.

The x axis is the fractional epoch (step / batches per epoch), so per-batch lines and
per-epoch markers share one axis whatever the batch size. pyqtgraph's own context menu
offers Export… (PNG, SVG, CSV); the window's File menu calls `export_png` / `export_csv`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.exporters import CSVExporter, ImageExporter
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from engine.atomic import write_atomic

TRAIN_COLOR = "#0877bd"  # Playground blue
VAL_COLOR = "#f59322"  # Playground orange


def style_plot(plot: pg.PlotWidget) -> None:
    """Follow the application palette (light or dark) instead of pyqtgraph's black default."""
    palette = QApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    plot.setBackground(base)
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
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
        self.metric = metric
        self.setObjectName(object_name)
        self.setAccessibleName(object_name)
        self.setAccessibleDescription(f"{title} per training epoch")
        self.plot = pg.PlotWidget()
        style_plot(self.plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.plot)
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "epoch")
        item.setLabel("left", y_label)
        item.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" reads badly
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setClipToView(True)
        item.setDownsampling(auto=True, mode="peak")
        palette = QApplication.palette()
        legend_bg = QColor(palette.color(QPalette.ColorRole.Base))
        legend_bg.setAlpha(200)
        item.addLegend(  # where the curves are not: top right for loss, bottom right for accuracy
            offset=(-8, 8) if metric == "loss" else (-8, -8),
            labelTextColor=palette.color(QPalette.ColorRole.Text),
            brush=pg.mkBrush(legend_bg),
            verSpacing=-6,
        )
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
        if metric == "accuracy":
            item.setYRange(0, 1.04, padding=0)
            item.getViewBox().setLimits(yMin=-0.05, yMax=1.08)
            item.enableAutoRange(axis="y", enable=False)

    def update_progress(self, progress: dict[str, Any]) -> None:
        """Show a `batchFinished` payload: (x, y) array pairs per series."""
        m = self.metric
        _set(self.batch_curve, progress.get(f"batch_{m}"))
        _set(self.train_curve, progress.get(f"epoch_{m}"))
        _set(self.val_curve, progress.get(f"val_{m}"))

    def clear(self) -> None:
        """Empty every series (a new network starts from nothing)."""
        for curve in (self.batch_curve, self.train_curve, self.val_curve):
            curve.setData([], [])

    def export_png(self, path: str | Path) -> None:
        exporter = ImageExporter(self.plot.getPlotItem())
        write_atomic(path, exporter.export, suffix=".png")

    def export_csv(self, path: str | Path) -> None:
        exporter = CSVExporter(self.plot.getPlotItem())
        write_atomic(path, exporter.export, suffix=".csv")


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
    def __init__(self) -> None:
        super().__init__("accuracy", "Accuracy", "accuracy", "accuracyPlot")
