"""A scrolling stack of labelled images, one per layer: weight mosaics, feature-map mosaics,
rows of unit activations. The worker (or the trainer's thread) builds every image; this widget
only uploads them with `setImage` into ImageItems that are created once per network shape.

Colours: data with both signs uses Playground's diverging scale (orange negative, white zero,
blue positive, as the network graph draws weights); data >= 0 goes from white to blue. NaN
(the gaps between tiles) is transparent. A colour picture, (h, w, 3) red, green and blue in
[0, 1] (a colour input, a first layer's filters on a colour data set), is drawn as it is, its
view's tooltip saying how to read it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

DIVERGING = ["#f59322", "#ffffff", "#0877bd"]  # Playground: -1 orange, 0 white, +1 blue
SEQUENTIAL = ["#ffffff", "#9ecae1", "#0877bd"]
NOMINAL_WIDTH = 360  # px a view is sized for; an image keeps its aspect inside it
MIN_HEIGHT, MAX_HEIGHT = 30, 360
MAX_PIXEL = 5.0  # px per image pixel in big pictures
MIN_PICTURE = 160  # px: the height small pictures (a 28x28 input, 3x3 filters) grow to


def lookup_table(stops: list[str]) -> np.ndarray:
    return pg.ColorMap([0.0, 0.5, 1.0], stops).getLookupTable(nPts=256)


DIVERGING_LUT = lookup_table(DIVERGING)
SEQUENTIAL_LUT = lookup_table(SEQUENTIAL)


def rgba_picture(image: np.ndarray, lo: float = 0.0, hi: float = 1.0) -> np.ndarray:
    """An (h, w, 3) colour picture with values in [lo, hi] as (h, w, 4) uint8 RGBA, NaN (the
    gaps between tiles) transparent: what an ImageItem draws without a lookup table."""
    image = np.asarray(image, dtype=np.float32)
    finite = np.isfinite(image).all(axis=-1)
    scaled = (np.nan_to_num(image, nan=lo) - lo) / max(hi - lo, 1e-12)
    rgba = np.empty((*image.shape[:2], 4), np.uint8)
    rgba[..., :3] = np.clip(np.rint(scaled * 255.0), 0, 255)
    rgba[..., 3] = np.where(finite, 255, 0)
    return rgba


class LayerImage(QWidget):
    """A title and one ImageItem in an aspect-locked, fixed (no pan/zoom) view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.view = pg.GraphicsView()
        self.view.setBackground(self.palette().color(QPalette.ColorRole.Window))
        self.box = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False)
        self.box.setMenuEnabled(False)
        self.view.setCentralItem(self.box)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.box.addItem(self.image)
        self._shape: tuple[int, ...] = ()
        self._labels: list[pg.TextItem] = []
        self._tip = ""  # the tooltip's English source (context Inside)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(1)
        layout.addWidget(self.title)
        layout.addWidget(self.view)

    def set_view(self, view: dict[str, Any]) -> None:
        image = np.asarray(view["image"], dtype=np.float32)
        lo, hi = (float(v) for v in view["levels"])
        self.title.setText(str(view["name"]))
        self._tip = view.get("tooltip", "")
        self.setToolTip(QCoreApplication.translate("Inside", self._tip) if self._tip else "")
        if image.ndim == 3:  # red, green, blue: drawn as they are
            self.image.setLookupTable(None)
            self.image.setImage(rgba_picture(image, lo, hi), autoLevels=False, levels=(0, 255))
        else:
            self.image.setLookupTable(DIVERGING_LUT if lo < 0 else SEQUENTIAL_LUT)
            self.image.setImage(image, autoLevels=False, levels=(lo, hi))
        if image.shape != self._shape:  # a new shape: size the view to its aspect once
            self._shape = image.shape
            rows, cols = image.shape[:2]
            # rows of units span the width; pictures keep pixels small, small ones (filters)
            # grow to MIN_PICTURE px
            fit = NOMINAL_WIDTH / cols
            cell = fit if view.get("units") else min(fit, max(MAX_PIXEL, MIN_PICTURE / rows))
            height = int(np.clip(rows * cell, MIN_HEIGHT, MAX_HEIGHT))
            self.view.setFixedHeight(height)
            self.box.autoRange(padding=0.01)
        self._set_labels(view.get("labels") or [], image.shape[1])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A language switch: the tooltip in the new language."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self._tip:
            self.setToolTip(QCoreApplication.translate("Inside", self._tip))

    def _set_labels(self, labels: list[str], cols: int) -> None:
        """Text centred on the first row's cells (the output layer's class numbers)."""
        if [t.toPlainText() for t in self._labels] == labels:
            return
        for item in self._labels:
            self.box.removeItem(item)
        self._labels = []
        for i, text in enumerate(labels[:cols]):
            item = pg.TextItem(text, color="#333333", anchor=(0.5, 0.5))
            item.setPos(i + 0.5, 0.5)
            self.box.addItem(item)
            self._labels.append(item)


class MosaicStack(QScrollArea):
    """Layer images one under another; `set_views` reuses them while the count is unchanged."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self._layout = QVBoxLayout(inner)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._layout.addWidget(self.note)
        self._layout.addStretch(1)
        self.setWidget(inner)
        self.items: list[LayerImage] = []
        self._views: list[dict[str, Any]] = []
        self._note = ""  # the note's English source

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A language switch: the note in the new language."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self._note:
            self.note.setText(QCoreApplication.translate("Inside", self._note))

    def set_views(self, views: list[dict[str, Any]], note: str = "") -> None:
        """Show `views` ([{name, image, levels}]) and a note (say why when there are none): an
        English source, shown translated (context Inside) when the catalogue has it."""
        self._note = note
        self.note.setText(QCoreApplication.translate("Inside", note) if note else "")
        self.note.setVisible(bool(note))
        while len(self.items) > len(views):
            item = self.items.pop()
            self._layout.removeWidget(item)
            item.deleteLater()
        while len(self.items) < len(views):
            item = LayerImage()
            self._layout.insertWidget(self._layout.count() - 1, item)
            self.items.append(item)
        for item, view in zip(self.items, views, strict=True):
            item.set_view(view)
        self._views = views

    def views(self) -> list[dict[str, Any]]:
        """What is on show (for tests and exports)."""
        return list(self._views)

    def clear(self, note: str = "") -> None:
        self.set_views([], note)
