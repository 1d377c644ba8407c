"""The network drawn as a graph, as in TensorFlow Playground: one node per input feature and per
neuron, each showing its own output over the input plane, and one link per weight, coloured by
sign (blue +, orange −) and as thick as |w|. Each neuron's bias is the small square on its lower
left corner, coloured on the same scale. Clicking a link edits its weight and clicking a neuron
edits its bias; right-clicking either asks for its backprop (`weightChosen`). A hidden layer
followed by BatchNorm or activation layers names them under its title ("+ BN", "+ ReLU"): its
neurons show their outputs after those layers, as the next layer reads them.

Items are built once per structure (`set_structure`); `set_snapshot` only swaps pixmaps and,
for links whose quantised pen changed, pens, so 30 updates a second stay cheap. As in
Playground, a hidden layer shows at most `MAX_SHOWN` neurons (its first ones, with their true
indices) and a "+N more" marker for the rest, so nodes, thumbnails and labels keep a readable
size however wide the layer; MNIST's 784 pixel inputs are one summary box, and the weights out
of them one bundle. Below a minimum scale the view scrolls instead of shrinking further.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QInputDialog,
    QToolTip,
    QWidget,
)

from gui.common.i18n import set_ui_text
from gui.experiment.graph_items import (
    BLUE,
    COL_GAP,
    FEATURE_LABELS,
    MAX_OUTPUTS,
    MAX_SCALE,
    MAX_SHOWN,
    MAX_WIDTH,
    MIN_NODE_PX,
    MIN_TEXT_PX,
    NODE,
    ORANGE,
    V_GAP,
    WIDTH_STEPS,
    BundleItem,
    LinkItem,
    MoreItem,
    NodeItem,
    SummaryItem,
    bias_key,
    column_height,
    diverging_lut,
    neuron_levels,
    span,
)


class NetworkGraph(QGraphicsView):
    """A live picture of the network. Emits `weightEdited(layer, i, j, value)` when the user sets
    a weight by clicking its link: weights[layer][0][i, j] should become `value`;
    `biasEdited(layer, j, value)` when they set a neuron's bias by clicking it:
    weights[layer][1][j]; `weightChosen(layer, i, j)` on a right-click of a link, or of a neuron
    with i = -1 (its bias)."""

    weightEdited = Signal(int, int, int, float)
    biasEdited = Signal(int, int, float)
    weightChosen = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkGraph")
        set_ui_text(
            self, "Network", QT_TRANSLATE_NOOP("Network", "Network graph"), "setAccessibleName"
        )
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setMinimumHeight(160)
        self._lut = diverging_lut()
        self._pens: dict[int, QPen] = {}
        for step in range(1, int(MAX_WIDTH * WIDTH_STEPS) + 1):
            for positive, color in ((0, ORANGE), (1, BLUE)):
                pen = QPen(
                    QColor(color.red(), color.green(), color.blue(), 210), step / WIDTH_STEPS
                )
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                self._pens[step * 2 + positive] = pen
        self._bias_brushes = [QBrush(QColor.fromRgb(rgb)) for rgb in self._lut]
        self._structure: tuple[Any, ...] | None = None
        self._after: tuple[tuple[str, ...], ...] = ()  # per hidden layer: "BN", "ReLU"…
        self._columns: list[list[NodeItem] | SummaryItem] = []
        self._shown: list[int] = []  # nodes drawn per column (0: a summary box)
        self._more: list[MoreItem] = []
        self._links: list[list[LinkItem] | BundleItem] = []
        self._link_keys: list[np.ndarray] = []
        self._weights: list[np.ndarray | None] = []
        self._labels: list[QGraphicsSimpleTextItem] = []
        self._headers: list[QGraphicsSimpleTextItem] = []  # one per column
        self._top = 0.0  # the scene y the column headers stand on
        self.set_structure(["x1", "x2"], [4, 2], 2)

    # ----- public -----------------------------------------------------------------------
    def set_structure(
        self,
        feature_names: list[str],
        layer_sizes: list[int],
        n_outputs: int,
        after: list[list[str]] | None = None,
    ) -> None:
        """Draw inputs, hidden layers and outputs; does nothing if the structure is unchanged.
        `after[k]` names the layers between hidden layer k and the next one ("BN", "ReLU")."""
        after_t = tuple(tuple(a) for a in (after or []))
        structure = (tuple(feature_names), tuple(int(s) for s in layer_sizes), int(n_outputs))
        if (*structure, after_t) == self._structure:
            return
        self._structure = (*structure, after_t)
        self._after = after_t
        self._rebuild()

    def set_snapshot(self, snapshot: dict[str, Any]) -> None:
        """Show the latest weights, neuron outputs and inputs (see the module docstring).

        Neuron and input arrays are (n, r, r) with row = y ascending, like `decision_grid`.
        """
        weights = snapshot.get("weights") or []
        if weights:
            self._follow_weights(weights, snapshot.get("features"))
            for layer, (w, b) in enumerate(weights):
                self._show_weights(layer, np.asarray(w), np.asarray(b))
        levels = snapshot.get("neuron_levels")
        neurons = snapshot.get("neurons") or []
        for layer, arr in enumerate(neurons):
            arr = np.nan_to_num(np.asarray(arr, dtype=np.float32))
            if levels is not None and layer < len(levels):
                lv = (float(levels[layer][0]), float(levels[layer][1]))
            else:
                lv = neuron_levels(arr, output=layer == len(neurons) - 1)
            self._paint_column(layer + 1, arr, lv)
        inputs = snapshot.get("inputs")
        if inputs is not None:
            arr = np.nan_to_num(np.asarray(inputs, dtype=np.float32))
            m = np.maximum(np.abs(arr).max(axis=(1, 2), keepdims=True), 1e-6)
            self._paint_column(0, arr, (-m, m))  # each feature over its own range

    def link(self, layer: int, i: int, j: int) -> LinkItem | None:
        """The item drawing weights[layer][0][i, j], or None if that layer pair is bundled."""
        links = self._links[layer] if 0 <= layer < len(self._links) else None
        if not isinstance(links, list):
            return None
        n_in, n_out = self._shown[layer], self._shown[layer + 1]
        if not (0 <= i < n_in and 0 <= j < n_out):
            return None  # a weight of a neuron behind "+N more"
        return links[i * n_out + j]

    def node(self, column: int, index: int) -> NodeItem | None:
        """Neuron `index` of `column` (0: the inputs), or None if it is not drawn."""
        col = self._columns[column]
        return col[index] if isinstance(col, list) and 0 <= index < len(col) else None

    def more_markers(self) -> list[MoreItem]:
        """The "+N more" markers of the layers drawn only in part."""
        return list(self._more)

    def text_items(self) -> list[QGraphicsSimpleTextItem]:
        """Every label: column titles, input names and "+N more" markers."""
        return [*self._labels, *self._more]

    def edit_link(self, layer: int, i: int, j: int) -> None:
        """Ask for a new value of one weight and announce it with `weightEdited`."""
        w = self._weights[layer] if layer < len(self._weights) else None
        current = float(w[i, j]) if w is not None else 0.0
        value, ok = QInputDialog.getDouble(
            self,
            QCoreApplication.translate("Network", "Edit weight"),
            QCoreApplication.translate("Network", "Weight {link}:").format(
                link=self._link_name(layer, i, j)
            ),
            current,
            -1000.0,
            1000.0,
            3,
        )
        if not ok:
            return
        if w is not None:
            w = w.copy()
            w[i, j] = value
            self._show_weights(layer, w, None)
        self.weightEdited.emit(layer, i, j, float(value))

    def edit_bias(self, layer: int, j: int) -> None:
        """Ask for a new bias of neuron j of dense layer `layer` and announce it (`biasEdited`)."""
        node = self.node(layer + 1, j)
        if node is None or node.value is None:
            return  # no weights read yet (or a model that does not hand them out)
        value, ok = QInputDialog.getDouble(
            self,
            QCoreApplication.translate("Network", "Edit bias"),
            QCoreApplication.translate("Network", "Bias of {node}:").format(
                node=self._node_name(layer + 1, j)
            ),
            node.value,
            -1000.0,
            1000.0,
            3,
        )
        if not ok:
            return
        self._show_bias(node, float(value))  # shown at once, before the next snapshot
        self.biasEdited.emit(layer, j, float(value))

    # ----- building ---------------------------------------------------------------------
    def _sizes(self) -> list[int]:
        features, hidden, n_out, _ = self._structure
        return [len(features), *hidden, n_out]

    def _shown_count(self, col: int, n: int) -> int:
        """How many of a column's `n` nodes are drawn: 0 for pixel inputs (one summary box)."""
        if col == 0:
            return n if n <= MAX_SHOWN else 0
        return min(n, MAX_OUTPUTS if col == len(self._sizes()) - 1 else MAX_SHOWN)

    def _rebuild(self) -> None:
        scene = self.scene()
        scene.clear()
        self._columns, self._links, self._link_keys, self._weights = [], [], [], []
        self._labels, self._more, self._headers = [], [], []
        sizes = self._sizes()
        self._shown = [self._shown_count(col, n) for col, n in enumerate(sizes)]
        text_color = self.palette().color(QPalette.ColorRole.Text)
        border = QPen(self.palette().color(QPalette.ColorRole.Mid), 1)
        empty = QBrush(self.palette().color(QPalette.ColorRole.Base))
        self._top = -max(column_height(shown or 3) for shown in self._shown) / 2
        for col, (n, shown) in enumerate(zip(sizes, self._shown, strict=True)):
            x = col * COL_GAP
            if shown == 0:
                h = column_height(3)
                item = SummaryItem(
                    col, QRectF(x - NODE * 0.75, -h / 2, NODE * 1.5, h), self._summary_text(col, n)
                )
                item.setPen(border)
                item.setBrush(empty)
                scene.addItem(item)
                label = self._add_text(f"{n}", text_color)
                label.setPos(
                    x - label.boundingRect().width() / 2, -label.boundingRect().height() / 2
                )
                label.setZValue(3)
                self._columns.append(item)
            else:
                nodes = []
                for k in range(shown):
                    y = (k - (shown - 1) / 2) * (NODE + V_GAP)
                    node = NodeItem(
                        col,
                        k,
                        QRectF(x - NODE / 2, y - NODE / 2, NODE, NODE),
                        self._node_name(col, k),
                    )
                    node.setPen(border)
                    node.setBrush(empty)
                    if node.bias is not None:
                        node.bias.setPen(border)
                        node.bias.setBrush(empty)
                    scene.addItem(node)
                    nodes.append(node)
                    if col == 0:
                        label = self._add_text(self._node_name(col, k, bare=True), text_color)
                        r = label.boundingRect()
                        label.setPos(x - NODE / 2 - 4 - r.width(), y - r.height() / 2)
                self._columns.append(nodes)
                if shown < n:
                    more = MoreItem(col, n - shown, n)
                    more.setBrush(text_color)
                    r = more.boundingRect()
                    more.setPos(x - r.width() / 2, column_height(shown) / 2 + 4)
                    scene.addItem(more)
                    self._more.append(more)
            self._headers.append(self._add_text("", text_color))
        self._name_columns()
        for layer in range(len(sizes) - 1):
            self._links.append(self._build_links(layer))
            self._link_keys.append(np.full(self._shown[layer] * self._shown[layer + 1], -1))
            self._weights.append(None)
        self._fit()

    def _name_columns(self) -> None:
        """Set the column headers and "+N more" markers in the current language, centred
        over their columns (again after a language switch, without rebuilding the graph)."""
        for col, header in enumerate(self._headers):
            header.setText(self._column_header(col))
            r = header.boundingRect()
            header.setPos(col * COL_GAP - r.width() / 2, self._top - r.height() - 2)
        for more in self._more:
            more.name_it()
            more.setX(more.column * COL_GAP - more.boundingRect().width() / 2)

    def _build_links(self, layer: int) -> list[LinkItem] | BundleItem:
        src, dst = self._columns[layer], self._columns[layer + 1]
        if isinstance(src, SummaryItem) or isinstance(dst, SummaryItem):
            a, b = span(src), span(dst)
            path = QPainterPath(QPointF(a.right(), a.top()))
            path.lineTo(b.left(), b.top())
            path.lineTo(b.left(), b.bottom())
            path.lineTo(a.right(), a.bottom())
            path.closeSubpath()
            bundle = BundleItem(layer, path)
            bundle.setPen(Qt.PenStyle.NoPen)
            mid = QColor(self.palette().color(QPalette.ColorRole.Mid))
            mid.setAlpha(90)
            bundle.setBrush(mid)
            self.scene().addItem(bundle)
            return bundle
        thin = QPen(self.palette().color(QPalette.ColorRole.Mid), 1)  # no weights yet
        links = []
        for i, a in enumerate(src):
            p0 = QPointF(a.rect().right(), a.rect().center().y())
            for j, b in enumerate(dst):
                p1 = QPointF(b.rect().left(), b.rect().center().y())
                path = QPainterPath(p0)
                mx = (p0.x() + p1.x()) / 2
                path.cubicTo(QPointF(mx, p0.y()), QPointF(mx, p1.y()), p1)
                link = LinkItem(layer, i, j, path)
                link.setPen(thin)
                self.scene().addItem(link)
                links.append(link)
        return links

    def _add_text(self, text: str, color: QColor) -> QGraphicsSimpleTextItem:
        item = self.scene().addSimpleText(text)
        item.setBrush(color)
        self._labels.append(item)
        return item

    def _fit(self) -> None:
        """Fit the graph to the view, but never below the scale at which nodes and labels stay
        readable (`min_scale`): a smaller view scrolls."""
        rect = self.scene().itemsBoundingRect().adjusted(-6, -6, 6, 6)
        self.setSceneRect(rect)
        view = self.maximumViewportSize()  # as if no scroll bar were shown
        if rect.isEmpty() or view.isEmpty():
            return
        scale = min(view.width() / rect.width(), view.height() / rect.height(), MAX_SCALE)
        scale = max(scale, self.min_scale())
        self.resetTransform()
        self.scale(scale, scale)
        self.centerOn(rect.center())

    def min_scale(self) -> float:
        """The smallest view scale at which nodes and label text keep their minimum pixel size."""
        text = QFontMetricsF(self.font()).ascent()  # a capital's height, roughly
        return max(MIN_NODE_PX / NODE, MIN_TEXT_PX / max(text, 1.0))

    # ----- updating ---------------------------------------------------------------------
    def _follow_weights(self, weights: list, features: list[str] | None) -> None:
        """If the trained model's shapes differ from what is drawn, draw the model."""
        sizes = [int(np.shape(weights[0][0])[0])] + [int(np.shape(w)[1]) for w, _ in weights]
        if sizes == self._sizes():
            return
        if not features or len(features) != sizes[0]:
            features = self._structure[0]
        if len(features) != sizes[0]:
            features = tuple(
                QCoreApplication.translate("Network", "in {n}").format(n=k + 1)
                for k in range(sizes[0])
            )
        self.set_structure(list(features), sizes[1:-1], sizes[-1])

    def _show_weights(self, layer: int, w: np.ndarray, b: np.ndarray | None) -> None:
        if layer >= len(self._links):
            return
        self._weights[layer] = w
        dst = self._columns[layer + 1]
        if b is not None and isinstance(dst, list):
            for node, value in zip(dst, b, strict=False):
                self._show_bias(node, float(value))
        links = self._links[layer]
        if isinstance(links, BundleItem):
            links.stats = (float(np.mean(np.abs(w))), float(np.max(np.abs(w))))
            return
        w = w[: self._shown[layer], : self._shown[layer + 1]]  # the links drawn
        w = np.nan_to_num(w, nan=0.0, posinf=MAX_WIDTH, neginf=-MAX_WIDTH)  # a diverging step
        width = np.clip(0.5 + 1.5 * np.abs(w), 0.5, MAX_WIDTH)
        keys = (np.rint(width * WIDTH_STEPS).astype(np.int32) * 2 + (w >= 0)).ravel()
        changed = np.flatnonzero(keys != self._link_keys[layer])
        for k in changed:
            links[k].setPen(self._pens[int(keys[k])])
        self._link_keys[layer] = keys

    def _show_bias(self, node: NodeItem, value: float) -> None:
        node.value = value
        key = bias_key(value)
        if node.bias is not None and key != node.bias.key:
            node.bias.key = key
            node.bias.setBrush(self._bias_brushes[key])

    def _paint_column(self, column: int, arr: np.ndarray, levels: tuple) -> None:
        """Map (n, r, r) values through the orange-white-blue LUT into the column's nodes."""
        if column >= len(self._columns) or arr.ndim != 3:
            return
        nodes = self._columns[column]
        if not isinstance(nodes, list) or arr.shape[0] != self._sizes()[column]:
            return
        arr = arr[: len(nodes)]  # the neurons drawn are the layer's first ones
        lo, hi = levels
        r = arr.shape[1]
        stride = (arr.shape[2] + 3) // 4 * 4  # QImage wants 32-bit aligned scanlines
        idx = np.zeros((len(arr), r, stride), np.uint8)
        scaled = np.nan_to_num((arr - lo) * (255.0 / np.maximum(hi - lo, 1e-12)), nan=127.5)
        idx[:, :, : arr.shape[2]] = np.clip(scaled, 0, 255)[:, ::-1, :]  # y up
        for k, node in enumerate(nodes):
            image = QImage(idx[k].data, arr.shape[2], r, stride, QImage.Format.Format_Indexed8)
            image.setColorTable(self._lut)
            node.thumb.setPixmap(QPixmap.fromImage(image))
            node.thumb.setScale(NODE / max(r, arr.shape[2]))

    # ----- names and tooltips -----------------------------------------------------------
    def _column_title(self, col: int) -> str:
        sizes = self._sizes()
        if col == 0:
            return QCoreApplication.translate("Network", "Inputs")
        if col == len(sizes) - 1:
            return QCoreApplication.translate("Network", "Output")
        return QCoreApplication.translate("Network", "Layer {n}").format(n=col)

    def _column_header(self, col: int) -> str:
        """The title, and under it the layers a hidden layer's outputs go through."""
        after = self._after[col - 1] if 0 < col <= len(self._after) else ()
        return "\n".join([self._column_title(col), *(f"+ {name}" for name in after)])

    def _summary_text(self, col: int, n: int) -> str:
        if col == 0:
            return QCoreApplication.translate("Network", "{n} inputs").format(n=n)
        return QCoreApplication.translate("Network", "{layer}: {n} neurons").format(
            layer=self._column_title(col), n=n
        )

    def _node_name(self, col: int, k: int, *, bare: bool = False) -> str:
        """A node's name ("Layer 1, neuron 2"); an input's is "Input: x₁", or "x₁" if `bare`."""
        if col == 0:
            feature = self._structure[0][k]
            label = FEATURE_LABELS.get(feature, feature)
            return (
                label
                if bare
                else QCoreApplication.translate("Network", "Input: {feature}").format(feature=label)
            )
        if col == len(self._sizes()) - 1:
            return QCoreApplication.translate("Network", "Output {n}").format(n=k + 1)
        return QCoreApplication.translate("Network", "Layer {layer}, neuron {n}").format(
            layer=col, n=k + 1
        )

    def _link_name(self, layer: int, i: int, j: int) -> str:
        src = self._node_name(layer, i, bare=True)
        return f"{src} → {self._node_name(layer + 1, j)}"

    def describe(self, item: QGraphicsItem | None) -> str:
        """The tooltip text for an item: its name and current value."""
        while item is not None and item.parentItem() is not None:
            item = item.parentItem()
        if isinstance(item, LinkItem):
            w = self._weights[item.layer]
            link = self._link_name(item.layer, item.i, item.j)
            if w is None:
                text = QCoreApplication.translate(
                    "Network",
                    "Weight {link}: not trained yet\n"
                    "Click to edit; right-click to see its backprop.",
                )
                return text.format(link=link)
            text = QCoreApplication.translate(
                "Network", "Weight {link}: {value}\nClick to edit; right-click to see its backprop."
            )
            return text.format(link=link, value=f"{float(w[item.i, item.j]):.4g}")
        if isinstance(item, NodeItem):
            name = self._node_name(item.column, item.index)
            if item.column == 0:
                return name
            if item.value is None:
                return QCoreApplication.translate("Network", "{node}\nbias not read yet").format(
                    node=name
                )
            text = QCoreApplication.translate(
                "Network",
                "{node}\nbias {value} (the small square)\n"
                "Click to edit the bias; right-click to see its backprop.",
            )
            return text.format(node=name, value=f"{item.value:.4g}")
        if isinstance(item, SummaryItem):
            return self._summary_text(item.column, self._sizes()[item.column])
        if isinstance(item, MoreItem):
            text = QCoreApplication.translate(
                "Network",
                "{layer} has {total} neurons: the first {shown} are drawn, {hidden} more are not.",
            )
            return text.format(
                layer=self._column_title(item.column),
                total=item.total,
                shown=item.total - item.hidden,
                hidden=item.hidden,
            )
        if isinstance(item, BundleItem):
            sizes = self._sizes()
            text = QCoreApplication.translate("Network", "{rows} × {cols} weights").format(
                rows=sizes[item.layer], cols=sizes[item.layer + 1]
            )
            if not item.stats:
                return text
            stats = QCoreApplication.translate("Network", "mean |w| {mean}, max |w| {max}").format(
                mean=f"{item.stats[0]:.3g}", max=f"{item.stats[1]:.3g}"
            )
            return f"{text}\n{stats}"
        return ""

    # ----- events -----------------------------------------------------------------------
    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.describe(self.itemAt(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: ANN001 - Qt event
        item = self.itemAt(event.position().toPoint())
        while item is not None and item.parentItem() is not None:
            item = item.parentItem()  # a thumbnail or bias square: its neuron
        left = event.button() == Qt.MouseButton.LeftButton
        right = event.button() == Qt.MouseButton.RightButton
        if isinstance(item, LinkItem) and (left or right):
            if left:
                self.edit_link(item.layer, item.i, item.j)
            else:
                self.weightChosen.emit(item.layer, item.i, item.j)
            event.accept()
            return
        if isinstance(item, NodeItem) and item.column > 0 and (left or right):
            if left:
                self.edit_bias(item.column - 1, item.index)
            else:
                self.weightChosen.emit(item.column - 1, -1, item.index)
            event.accept()
            return
        super().mousePressEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - Qt event
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._structure is not None:
            self._rebuild()  # labels and borders follow the light/dark theme
        elif event.type() == QEvent.Type.LanguageChange and self._structure is not None:
            self._name_columns()  # in place: the weights and pictures drawn stay
