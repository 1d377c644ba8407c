"""The Optimizers on a surface panel: a shaded contour map of a 2-D function, one coloured path
per optimizer drawn over it, and the controls of the walk.

A plain view: `gui.surfaces.controller.SurfacesController` owns the walk and tells the panel
what to draw. The map is drawn once per surface; each frame only updates the paths in place
(`setData` on the same items).
"""

from __future__ import annotations

from collections.abc import Mapping
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
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.experiment.spec import OPTIMIZER_TITLES, OPTIMIZERS
from engine.teaching.surfaces import SURFACES, OptimizerPath, Surface
from gui.common.controls import LabeledSlider, format_number, log_values
from gui.common.i18n import set_ui_text
from gui.live.plots_panel import style_plot

COLORS = {
    "sgd": "#d62728",
    "momentum": "#ff7f0e",
    "nesterov": "#8c564b",
    "adagrad": "#2ca02c",
    "rmsprop": "#17becf",
    "adam": "#1f4fbf",
    "nadam": "#9467bd",
}
SHADE = pg.ColorMap([0.0, 1.0], [(250, 251, 253), (128, 146, 170)], name="surface")
CONTOURS = 12  # contour lines, evenly spaced in the shaded value
RESOLUTION = 200  # grid cells per side of the shaded map
MOMENTA = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99)
CONTEXT = "Surfaces"
# engine.teaching.surfaces' words, shown translated: the titles (capitalised as the combo box
# shows them), the formula with words in it and why a path stops (LEFT)
ENGINE_WORDS = (
    QT_TRANSLATE_NOOP("Surfaces", "Rosenbrock valley"),
    QT_TRANSLATE_NOOP("Surfaces", "Saddle"),
    QT_TRANSLATE_NOOP("Surfaces", "Bowl with noisy gradients"),
    QT_TRANSLATE_NOOP("Surfaces", "f = (x² + 4y²)/2, gradient + noise"),
    QT_TRANSLATE_NOOP("Surfaces", "left the surface"),
)


def surface_title(surf: Surface) -> str:
    """`surf`'s title as the combo box shows it (capitalised), untranslated."""
    return surf.title[0].upper() + surf.title[1:]


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class SurfacePanel(QWidget):
    """Surface chooser, Run/Reset, the map with its paths, lr/momentum/steps, the optimizers
    to walk, and each walk's result (`results`). Emits `startChosen(x, y)` on a click."""

    startChosen = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surfacePanel")
        self.setAccessibleName("surfacePanel")
        self.surface_choice = QComboBox()
        self.surface_choice.setObjectName("surfaceChoice")
        for index, surf in enumerate(SURFACES.values()):
            self.surface_choice.addItem("", surf.name)
            set_ui_text(self.surface_choice, CONTEXT, surface_title(surf), "setItemText", index)
        self.run_button = QPushButton()
        set_ui_text(self.run_button, CONTEXT, QT_TRANSLATE_NOOP("Surfaces", "Run"))
        self.run_button.setObjectName("surfaceRun")
        self.reset_button = QPushButton()
        set_ui_text(self.reset_button, CONTEXT, QT_TRANSLATE_NOOP("Surfaces", "Reset"))
        self.reset_button.setObjectName("surfaceReset")
        top = QHBoxLayout()
        top.addWidget(self.surface_choice, 1)
        top.addWidget(self.run_button)
        top.addWidget(self.reset_button)

        self.plot = pg.PlotWidget()
        self.plot.setObjectName("surfacePlot")
        style_plot(self.plot)
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "x")
        item.setLabel("left", "y")
        item.setMenuEnabled(False)
        item.hideButtons()
        view = item.getViewBox()
        view.setMouseEnabled(False, False)  # a click chooses the start; no pan or zoom
        view.disableAutoRange()
        self.heat = pg.ImageItem(axisOrder="row-major")
        self.heat.setLookupTable(SHADE.getLookupTable(nPts=256))
        item.addItem(self.heat)
        self.contours = [
            pg.IsocurveItem(level=0.0, pen=pg.mkPen("#5b6b80", width=0.8), axisOrder="row-major")
            for _ in range(CONTOURS)
        ]
        for iso in self.contours:
            iso.setParentItem(self.heat)  # drawn in the image's cells, so mapped like it
        self.colorbar = pg.ColorBarItem(
            values=(0, 1), colorMap=SHADE, interactive=False, width=12, colorMapMenu=False
        )
        self.colorbar.setImageItem(self.heat, insert_in=item)
        self.legend = item.addLegend(  # bottom right, away from the starts; dark on light
            offset=(-6, -6),
            labelTextSize="8pt",
            labelTextColor="#232323",
            brush=pg.mkBrush(255, 255, 255, 210),
            pen=pg.mkPen("#9aa5b1"),
        )
        self.curves: dict[str, pg.PlotDataItem] = {}
        for name in OPTIMIZERS:
            curve = pg.PlotDataItem(
                pen=pg.mkPen(COLORS[name], width=2), name=OPTIMIZER_TITLES[name]
            )
            curve.setZValue(5)
            item.addItem(curve)
            self.curves[name] = curve
        self.heads = pg.ScatterPlotItem(size=8, pen=pg.mkPen("w", width=1))
        self.heads.setZValue(6)
        self.start_marker = pg.ScatterPlotItem(
            size=12, symbol="o", pen=pg.mkPen("#232323", width=2), brush=None
        )
        self.minimum_marker = pg.ScatterPlotItem(
            size=14, symbol="star", pen=pg.mkPen("#232323"), brush=pg.mkBrush("#ffd700")
        )
        for marker in (self.heads, self.start_marker, self.minimum_marker):
            item.addItem(marker)
        self.start_marker.setZValue(7)
        self.minimum_marker.setZValue(7)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_clicked)

        self.learning_rate = LabeledSlider(
            QT_TRANSLATE_NOOP("Surfaces", "Learning rate"),
            log_values(1e-4, 1.0),
            value=0.001,
            context=CONTEXT,
        )
        self.learning_rate.setObjectName("surfaceLearningRate")
        self.momentum = LabeledSlider(
            QT_TRANSLATE_NOOP("Surfaces", "Momentum"), MOMENTA, value=0.9, context=CONTEXT
        )
        self.momentum.setObjectName("surfaceMomentum")
        self.step_count = QSpinBox()
        self.step_count.setObjectName("surfaceSteps")
        self.step_count.setRange(10, 5000)
        self.step_count.setSingleStep(50)
        self.step_count.setValue(500)
        form = QFormLayout()
        form.addRow(self.learning_rate.name_label, self.learning_rate)
        form.addRow(self.momentum.name_label, self.momentum)
        steps_label = QLabel()
        set_ui_text(steps_label, CONTEXT, QT_TRANSLATE_NOOP("Surfaces", "Steps"))
        steps_label.setBuddy(self.step_count)  # as addRow(str, ...) would: it shares the help
        form.addRow(steps_label, self.step_count)

        self.optimizer_boxes: dict[str, QCheckBox] = {}
        boxes = QGridLayout()
        for i, name in enumerate(OPTIMIZERS):
            box = QCheckBox(OPTIMIZER_TITLES[name])
            box.setObjectName(f"surfaceOptimizer_{name}")
            box.setIcon(_swatch(COLORS[name]))
            box.setChecked(True)
            boxes.addWidget(box, i // 4, i % 4)
            self.optimizer_boxes[name] = box

        self.results = QLabel()
        self.results.setObjectName("surfaceResults")
        self.results.setWordWrap(True)
        self.results.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        layout.addLayout(form)
        layout.addLayout(boxes)
        layout.addWidget(self.results)
        self._extent = (0.0, 1.0, 0.0, 1.0)
        self._surface: Surface | None = None  # on show, to name again in a new language
        self._paths: Mapping[str, OptimizerPath] = {}

    # ----- drawing ------------------------------------------------------------------------
    def show_surface(self, surf: Surface, shade: np.ndarray) -> None:
        """Draw `surf`'s map (`shade`, as `Surface.shade` computes it) and its minimum; the
        paths are cleared."""
        self._extent = surf.extent
        xmin, xmax, ymin, ymax = surf.extent
        rect = QRectF(xmin, ymin, xmax - xmin, ymax - ymin)
        lo, hi = float(shade.min()), float(shade.max())
        self.heat.setImage(shade, autoLevels=False, levels=(lo, hi))
        self.heat.setRect(rect)
        self.colorbar.setLevels((lo, hi))
        label = "log₁₀(1 + f)" if surf.log_shade else "f"
        self.colorbar.axis.setLabel(label)
        for iso, level in zip(self.contours, np.linspace(lo, hi, CONTOURS + 2)[1:-1], strict=True):
            iso.setData(shade, level=float(level))
        self._surface = surf
        self._show_title()
        item = self.plot.getPlotItem()
        item.getViewBox().setRange(rect, padding=0)
        if surf.minimum is None:
            self.minimum_marker.setData([], [])
        else:
            self.minimum_marker.setData([surf.minimum[0]], [surf.minimum[1]])
        self.show_paths({})

    def _show_title(self) -> None:
        surf = self._surface
        if surf is None:
            return
        title = QCoreApplication.translate("Surfaces", "{surface}: {formula}").format(
            surface=QCoreApplication.translate("Surfaces", surface_title(surf)),
            formula=QCoreApplication.translate("Surfaces", surf.formula),
        )
        self.plot.getPlotItem().setTitle(title, size="9pt")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A language switch: the map's title and the results in the new language."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._show_title()
            self.results.setText(
                "\n".join(_result_line(n, self._paths[n]) for n in self.curves if n in self._paths)
            )

    def show_start(self, x: float, y: float) -> None:
        self.start_marker.setData([x], [y])

    def show_paths(self, paths: Mapping[str, OptimizerPath]) -> None:
        """Each walked path on its own curve, its current point on top, and the results."""
        self._paths = paths
        heads, brushes, lines = [], [], []
        for name, curve in self.curves.items():
            path = paths.get(name)
            curve.setVisible(path is not None or not paths)  # the legend greys a hidden one
            if path is None:
                curve.setData([], [])
                continue
            xy = path.xy
            curve.setData(xy[:, 0], xy[:, 1])
            if not path.stopped:
                heads.append(xy[-1])
                brushes.append(pg.mkBrush(COLORS[name]))
            lines.append(_result_line(name, path))
        if heads:
            self.heads.setData(pos=np.array(heads), brush=brushes)
        else:
            self.heads.setData([], [])
        self.results.setText("\n".join(lines))

    # ----- input --------------------------------------------------------------------------
    @Slot(object)
    def _on_scene_clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        view = self.plot.getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(event.scenePos()):
            return
        if self.legend.sceneBoundingRect().contains(event.scenePos()):
            return  # a click on the legend shows or hides that curve
        point: QPointF = view.mapSceneToView(event.scenePos())
        xmin, xmax, ymin, ymax = self._extent
        if xmin <= point.x() <= xmax and ymin <= point.y() <= ymax:
            event.accept()
            self.startChosen.emit(float(point.x()), float(point.y()))


def _result_line(name: str, path: OptimizerPath) -> str:
    """'Adam: f = 0.66 after 500 steps, 0.52 from the minimum' or where it left."""
    title = OPTIMIZER_TITLES[name]
    if path.stopped:
        stopped = QCoreApplication.translate("Surfaces", "{name}: {why} at step {step}")
        why = QCoreApplication.translate("Surfaces", path.stopped)
        return stopped.format(name=title, why=why, step=path.steps)
    value = format_number(float(f"{path.value():.3g}"))
    one = path.steps == 1
    if path.surface.minimum is None:
        if one:
            text = QCoreApplication.translate("Surfaces", "{name}: f = {value} after {steps} step")
        else:
            text = QCoreApplication.translate("Surfaces", "{name}: f = {value} after {steps} steps")
        return text.format(name=title, value=value, steps=path.steps)
    if one:
        text = QCoreApplication.translate(
            "Surfaces", "{name}: f = {value} after {steps} step, {distance} from the minimum"
        )
    else:
        text = QCoreApplication.translate(
            "Surfaces", "{name}: f = {value} after {steps} steps, {distance} from the minimum"
        )
    distance = path.surface.distance_to_minimum(*path.point)
    return text.format(
        name=title,
        value=value,
        steps=path.steps,
        distance=format_number(float(f"{distance:.2g}")),
    )
