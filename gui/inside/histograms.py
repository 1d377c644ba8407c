"""Weights and gradients over time, per layer: the view that shows vanishing gradients and
dead ReLUs.

- Gradient size: the RMS gradient per weight of every layer against the step, log scale. In a
  deep sigmoid net the first layers' curves sit orders of magnitude below the last's.
- For one chosen layer, two scrolling heatmaps (x = step, y = value, colour = share of the
  layer's weights in that bin, each column scaled to its own peak): the weight histogram and
  the histogram of log10 |gradient|.
- The share of inactive units per hidden layer: dead ReLUs (zero for every probe example) or
  saturated sigmoid/tanh units (pinned at a bound, slope ~ 0).

The worker sends one `inside` payload at a time (engine.introspection.probe); `InsideHistory` keeps
the last HISTORY of them here, and `refresh` uploads arrays with setData/setImage.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QRectF,
    QSignalBlocker,
    Qt,
    Slot,
)
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from engine.introspection.arithmetic import GRAD_LOG_RANGE, widen_histogram
from gui.common.i18n import retranslate_marked, set_ui_text
from gui.live.plots_panel import style_plot

HISTORY = 300  # payloads kept (about a minute at 5 a second)
HEAT_COLUMNS = 200  # columns of the histogram-over-time images
LAYER_COLORS = ["#1b3a8c", "#2f6db3", "#3fa0c9", "#5cb88a", "#b5b842", "#e0912f", "#d4502a"]
# empty bins white, as the confusion matrix: the app's blues, darker where weights crowd
STEP = QT_TRANSLATE_NOOP("Inside", "step")
# engine.introspection.arithmetic.INACTIVE_WORD's words, shown translated
INACTIVE_WORDS = (QT_TRANSLATE_NOOP("Inside", "dead"), QT_TRANSLATE_NOOP("Inside", "saturated"))
HEAT = pg.ColorMap([0.0, 0.35, 0.7, 1.0], ["#ffffff", "#9ecae1", "#0877bd", "#08306b"])


def layer_color(i: int, n: int) -> str:
    """First layer dark blue ... output red, so depth reads as colour."""
    k = round(i * (len(LAYER_COLORS) - 1) / max(n - 1, 1))
    return LAYER_COLORS[k]


class InsideHistory:
    """The last HISTORY payloads of one network; cleared when the network changes."""

    def __init__(self) -> None:
        self.payloads: deque[dict[str, Any]] = deque(maxlen=HISTORY)

    def add(self, payload: dict[str, Any]) -> None:
        last = self.payloads[-1] if self.payloads else None
        if last is not None and (
            payload["layers"] != last["layers"] or payload["step"] < last["step"]
        ):
            self.payloads.clear()  # a new network
        if last is not None and self.payloads and payload["step"] == last["step"]:
            self.payloads.pop()  # the same step again (paused): replace, not repeat
        self.payloads.append(payload)

    def steps(self) -> np.ndarray:
        return np.array([p["step"] for p in self.payloads], dtype=np.float64)

    def series(self, key: str) -> np.ndarray:
        """(T, L) of a per-layer number (grad_rms, weight_rms) over time."""
        return np.array([p[key] for p in self.payloads], dtype=np.float64)

    def heat(self, key: str, layer: int) -> np.ndarray:
        """(bins, T) histogram history of one layer, each column scaled to its peak. Weight
        columns from before a range doubled are re-binned onto the latest range."""
        latest = float(self.payloads[-1]["weight_range"][layer][1]) if self.payloads else 1.0
        columns = []
        for p in self.payloads:
            col = p[key][layer]
            if key == "weight_hist":
                times = round(np.log2(latest / float(p["weight_range"][layer][1])))
                col = widen_histogram(col, times) if times > 0 else col
            columns.append(col)
        # probes are timed, not counted in steps: resample onto an even step grid so each
        # column sits at its step on the axis (a column lasts until the next probe)
        steps = self.steps()
        grid = np.linspace(steps[0], steps[-1], HEAT_COLUMNS) if len(steps) > 1 else steps
        pick = np.clip(np.searchsorted(steps, grid, side="right") - 1, 0, len(steps) - 1)
        cols = np.array(columns, dtype=np.float32)[pick].T
        peak = cols.max(axis=0, keepdims=True)
        return np.ascontiguousarray(cols / np.where(peak > 0, peak, 1.0))


class HistogramsView(QWidget):
    """Gradient sizes, per-layer histograms over time and inactive units (see module doc)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insideHistograms")
        self.history = InsideHistory()
        self._dirty = False

        self.norms = pg.PlotWidget()
        self.norms.setObjectName("gradientNorms")
        style_plot(self.norms)
        plot = self.norms.getPlotItem()
        plot.setLogMode(y=True)
        plot.getAxis("left").enableAutoSIPrefix(False)  # a prefix would rescale the exponents
        set_ui_text(plot, "Inside", STEP, "setLabel", "bottom")
        set_ui_text(plot, "Inside", QT_TRANSLATE_NOOP("Inside", "RMS gradient"), "setLabel", "left")
        set_ui_text(
            plot, "Inside", QT_TRANSLATE_NOOP("Inside", "Gradient size per layer"), "setTitle"
        )
        plot.showGrid(x=False, y=True, alpha=0.3)
        self.curves: list[pg.PlotDataItem] = []
        self.legend = QLabel(objectName="gradientLegend")  # outside the plot: never covers it
        self.legend.setWordWrap(True)

        self.layer_combo = QComboBox(objectName="histogramLayer")
        set_ui_text(
            self.layer_combo,
            "Inside",
            QT_TRANSLATE_NOOP("Inside", "Histogram layer"),
            "setAccessibleName",
        )
        self.layer_combo.currentIndexChanged.connect(self._on_layer_changed)
        self.heat = pg.GraphicsLayoutWidget()
        self.heat.setObjectName("histogramHeatmaps")
        self.heat.setBackground(self.palette().color(self.backgroundRole()))
        self.weight_plot = self.heat.addPlot()
        set_ui_text(self.weight_plot, "Inside", QT_TRANSLATE_NOOP("Inside", "Weights"), "setTitle")
        self.grad_plot = self.heat.addPlot()
        set_ui_text(
            self.grad_plot, "Inside", QT_TRANSLATE_NOOP("Inside", "log10 |gradient|"), "setTitle"
        )
        self.weight_image = self._heatmap(self.weight_plot, QT_TRANSLATE_NOOP("Inside", "weight"))
        self.grad_image = self._heatmap(self.grad_plot, "log10 |g|")

        self.inactive = pg.PlotWidget()
        self.inactive.setObjectName("inactiveUnits")
        style_plot(self.inactive)
        bars = self.inactive.getPlotItem()
        set_ui_text(
            bars,
            "Inside",
            QT_TRANSLATE_NOOP("Inside", "Inactive units: dead (ReLU) or saturated (sigmoid/tanh)"),
            "setTitle",
        )
        set_ui_text(bars, "Inside", QT_TRANSLATE_NOOP("Inside", "share"), "setLabel", "left")
        bars.setYRange(0, 1, padding=0.02)
        bars.setMouseEnabled(False, False)
        bars.hideButtons()
        self.bar_item = pg.BarGraphItem(x=[], height=[], width=0.6, brush="#d4502a")
        bars.addItem(self.bar_item)
        self.inactive_label = QLabel(objectName="inactiveSummary")
        self.inactive_label.setWordWrap(True)

        layer_row = QHBoxLayout()
        layer_row.addWidget(set_ui_text(QLabel(), "Inside", QT_TRANSLATE_NOOP("Inside", "Layer")))
        layer_row.addWidget(self.layer_combo, 1)
        middle = QWidget()
        mid_layout = QVBoxLayout(middle)
        mid_layout.setContentsMargins(0, 0, 0, 0)
        mid_layout.addLayout(layer_row)
        mid_layout.addWidget(self.heat, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.inactive, 1)
        bottom_layout.addWidget(self.inactive_label)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.norms, 1)
        top_layout.addWidget(self.legend)
        split = QSplitter(Qt.Orientation.Vertical)
        for part in (top, middle, bottom):
            split.addWidget(part)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A language switch: the plots' titles and axis names in the new language (plot
        items live in a graphics scene, outside the widget tree `retranslate_marked` walks)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            for plot in (
                self.norms.getPlotItem(),
                self.weight_plot,
                self.grad_plot,
                self.inactive.getPlotItem(),
            ):
                retranslate_marked(plot)

    @staticmethod
    def _heatmap(plot: pg.PlotItem, y_label: str) -> pg.ImageItem:
        """`y_label`: a marked source (context Inside) or a formula."""
        set_ui_text(plot, "Inside", STEP, "setLabel", "bottom")
        set_ui_text(plot, "Inside", y_label, "setLabel", "left")
        plot.getAxis("left").enableAutoSIPrefix(False)
        plot.setMouseEnabled(False, False)
        plot.hideButtons()
        image = pg.ImageItem(axisOrder="row-major")
        image.setLookupTable(HEAT.getLookupTable(nPts=256))
        plot.addItem(image)
        return image

    # ----- data -------------------------------------------------------------------------
    def add_payload(self, payload: dict[str, Any]) -> None:
        """Keep a worker payload; `refresh` draws it."""
        self.history.add(payload)
        self._dirty = True

    def clear(self) -> None:
        self.history.payloads.clear()
        self._dirty = True

    def refresh(self) -> None:
        """Upload the latest data (call from the window's redraw timer)."""
        if not self._dirty:
            return
        self._dirty = False
        payloads = self.history.payloads
        names = payloads[-1]["layers"] if payloads else []
        self._sync_layers(names)
        if not payloads or not names:
            for curve in self.curves:
                curve.setData([], [])
            self.weight_image.clear()
            self.grad_image.clear()
            self.bar_item.setOpts(x=[], height=[])
            self.inactive_label.setText("")
            return
        steps = self.history.steps()
        rms = self.history.series("grad_rms")
        with np.errstate(divide="ignore", invalid="ignore"):
            rms = np.where(rms > 0, rms, np.nan)  # log axis: no gradient yet is no point
        for i, curve in enumerate(self.curves):
            curve.setData(steps, rms[:, i], connect="finite")
        self._draw_heatmaps(steps)
        self._draw_inactive(payloads[-1]["inactive"])

    def _sync_layers(self, names: list[str]) -> None:
        current = [self.layer_combo.itemText(i) for i in range(self.layer_combo.count())]
        if names == current:
            return
        with QSignalBlocker(self.layer_combo):
            self.layer_combo.clear()
            self.layer_combo.addItems(names)
        for curve in self.curves:
            self.norms.removeItem(curve)
        self.curves = []
        keys = []
        for i, name in enumerate(names):
            color = layer_color(i, len(names))
            self.curves.append(self.norms.plot([], [], pen=pg.mkPen(color, width=2)))
            label = name.replace(" ", "&nbsp;")  # wrap between layers, not inside a name
            keys.append(f'<span style="color:{color}">■</span>&nbsp;{label}')
        self.legend.setText("&nbsp;&nbsp; ".join(keys))

    def _draw_heatmaps(self, steps: np.ndarray) -> None:
        layer = max(self.layer_combo.currentIndex(), 0)
        last = self.history.payloads[-1]
        x0 = float(steps[0])
        width = max(float(steps[-1]) - x0, 1.0)
        lo, hi = (float(v) for v in last["weight_range"][layer])
        self.weight_image.setImage(
            self.history.heat("weight_hist", layer), autoLevels=False, levels=(0.0, 1.0)
        )
        self.weight_image.setRect(QRectF(x0, lo, width, hi - lo))
        self.grad_image.setImage(
            self.history.heat("grad_hist", layer), autoLevels=False, levels=(0.0, 1.0)
        )
        g_lo, g_hi = GRAD_LOG_RANGE
        self.grad_image.setRect(QRectF(x0, g_lo, width, g_hi - g_lo))

    def _draw_inactive(self, inactive: list[dict[str, Any]]) -> None:
        shares = [float(d["share"]) for d in inactive]
        self.bar_item.setOpts(x=np.arange(len(shares)), height=shares)
        axis = self.inactive.getPlotItem().getAxis("bottom")
        axis.setTicks([[(i, d["name"].split(" · ")[0]) for i, d in enumerate(inactive)]])
        self.inactive.getPlotItem().setXRange(-0.6, max(len(shares) - 0.4, 0.6), padding=0)
        part = QCoreApplication.translate("Inside", "{layer}: {share} {word}")
        parts = [
            part.format(
                layer=d["name"],
                share=f"{d['share']:.0%}",
                word=QCoreApplication.translate("Inside", d["word"]),
            )
            for d in inactive
            if d["word"]
        ]
        none = QCoreApplication.translate(
            "Inside", "No ReLU, sigmoid or tanh hidden layers to check."
        )
        self.inactive_label.setText("; ".join(parts) if parts else none)

    @Slot(int)
    def _on_layer_changed(self, index: int) -> None:
        self._dirty = True
        self.refresh()

    # ----- for tests ---------------------------------------------------------------------
    def gradient_curves(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Layer name -> (steps, RMS gradient) on show."""
        return {
            self.layer_combo.itemText(i): curve.getData()  # type: ignore[misc]
            for i, curve in enumerate(self.curves)
        }

    def inactive_shares(self) -> list[float]:
        opts = self.bar_item.opts
        return [float(h) for h in (opts.get("height") if opts.get("height") is not None else [])]
