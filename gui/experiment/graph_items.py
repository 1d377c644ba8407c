"""The pieces the network graph is drawn with: nodes, summary boxes, links, bundles, and the
Playground's orange-white-blue colour scale."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPainterPathStroker
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

ORANGE = QColor("#f59322")  # negative, class 0
BLUE = QColor("#0877bd")  # positive, class 1
MIDDLE = QColor("#e8eaeb")  # Playground's near-white centre of the colour scale
FEATURE_LABELS = {
    "x1": "x₁",
    "x2": "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1x2": "x₁x₂",
    "sin_x1": "sin x₁",
    "sin_x2": "sin x₂",
}
NODE = 30.0  # thumbnail size in scene units
BIAS = 9.0  # side of a neuron's bias square
V_GAP = 10.0
COL_GAP = 76.0
MAX_SHOWN = 8  # neurons drawn per hidden layer, as Playground's cap; "+N more" for the rest
MAX_OUTPUTS = 10  # every class of the output layer is drawn (MNIST's ten digits)
MORE_HEIGHT = 22.0  # room under a column for its "+N more" marker
MAX_WIDTH = 6.0
WIDTH_STEPS = 2  # pens are quantised to 1/WIDTH_STEPS px, so a tiny weight change costs nothing
LINK_HIT_WIDTH = 8.0
MAX_SCALE = 1.4  # a small network is not blown up beyond this
MIN_NODE_PX = 18.0  # below this the view scrolls rather than shrinking the graph further
MIN_TEXT_PX = 8.0  # nor its labels


def diverging_lut() -> list[int]:
    """256 QRgb entries, orange → near-white → blue (value 0 → orange, 255 → blue)."""
    t = np.linspace(-1.0, 1.0, 256)[:, None]
    ends = np.where(t < 0, np.array(ORANGE.getRgb()[:3]), np.array(BLUE.getRgb()[:3]))
    rgb = np.rint(np.array(MIDDLE.getRgb()[:3]) + np.abs(t) * (ends - MIDDLE.getRgb()[:3]))
    rgb = rgb.astype(np.uint32)
    return [int(0xFF000000 | r << 16 | g << 8 | b) for r, g, b in rgb]


class NodeItem(QGraphicsRectItem):
    """A neuron (or input) square with its thumbnail; `column` 0 is the inputs. A neuron also
    carries its bias: `value`, drawn as the small square `bias` on its lower left corner."""

    def __init__(self, column: int, index: int, rect: QRectF, name: str) -> None:
        super().__init__(rect)
        self.column, self.index, self.name = column, index, name
        self.value: float | None = None  # the bias, for neurons
        self.thumb = QGraphicsPixmapItem(self)
        self.thumb.setPos(rect.topLeft())
        self.thumb.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.bias: BiasItem | None = BiasItem(self) if column > 0 else None
        self.setZValue(2)
        if column > 0:
            self.setCursor(Qt.CursorShape.PointingHandCursor)


class BiasItem(QGraphicsRectItem):
    """A neuron's bias as a small square on its lower left corner (as in TensorFlow
    Playground), coloured like a weight: orange below 0, blue above, white at 0. `key` is the
    colour-table entry shown, so an unchanged bias costs no repaint."""

    def __init__(self, node: NodeItem) -> None:
        r = node.rect()
        super().__init__(QRectF(r.left() - BIAS / 2, r.bottom() - BIAS / 2, BIAS, BIAS), node)
        self.key = -1
        self.setCursor(Qt.CursorShape.PointingHandCursor)


class SummaryItem(QGraphicsRectItem):
    """A box standing for a layer too wide to draw neuron by neuron."""

    def __init__(self, column: int, rect: QRectF, text: str) -> None:
        super().__init__(rect)
        self.column, self.text = column, text
        self.setZValue(2)


class MoreItem(QGraphicsSimpleTextItem):
    """The "+N more" marker under a layer drawn only in part: `hidden` neurons are not shown."""

    def __init__(self, column: int, hidden: int, total: int) -> None:
        super().__init__()
        self.column, self.hidden, self.total = column, hidden, total
        self.name_it()

    def name_it(self) -> None:
        """Set the marker's text in the current language."""
        self.setText(QCoreApplication.translate("Network", "+{n} more").format(n=self.hidden))
        self.setZValue(3)


class LinkItem(QGraphicsPathItem):
    """One weight: `layer` is the dense layer (0 = first), from node `i` to node `j`."""

    def __init__(self, layer: int, i: int, j: int, path: QPainterPath) -> None:
        super().__init__(path)
        self.layer, self.i, self.j = layer, i, j
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def shape(self) -> QPainterPath:  # thin links are still easy to hover and click
        stroker = QPainterPathStroker()
        stroker.setWidth(max(LINK_HIT_WIDTH, self.pen().widthF()))
        return stroker.createStroke(self.path())


class BundleItem(QGraphicsPathItem):
    """All weights between two layers when either is a summary box."""

    def __init__(self, layer: int, path: QPainterPath) -> None:
        super().__init__(path)
        self.layer = layer
        self.stats: tuple[float, float] | None = None  # mean |w|, max |w|


def bias_key(value: float) -> int:
    """The colour-table entry (0 orange … 255 blue) for a bias: ±1 and beyond are full colour."""
    if not np.isfinite(value):
        return 127
    return int(np.rint((np.clip(value, -1.0, 1.0) + 1.0) * 127.5))


def span(col: list[NodeItem] | SummaryItem) -> QRectF:
    if isinstance(col, SummaryItem):
        return col.rect()
    rect = QRectF(col[0].rect())
    for node in col[1:]:
        rect = rect.united(node.rect())
    return rect


def neuron_levels(arr: np.ndarray, *, output: bool) -> tuple[float, float]:
    """The value range shown from orange to blue for one layer's thumbnails.

    As in Playground, hidden neurons use [-1, 1] (tanh saturates at both ends, a sigmoid goes
    white → blue, ReLU's zero is white), widened only if a layer grows past 1. An output layer
    of probabilities uses [0, 1] so that 0.5 is white, matching the decision-boundary colours.
    """
    lo, hi = float(arr.min()), float(arr.max())
    if output and lo >= 0 and hi <= 1:
        return 0.0, 1.0
    m = max(1.0, abs(lo), abs(hi))
    return -m, m


def column_height(shown: int, more: bool = False) -> float:
    """Scene height of a column of `shown` nodes (plus its "+N more" marker if `more`)."""
    return shown * (NODE + V_GAP) - V_GAP + (MORE_HEIGHT if more else 0.0)
