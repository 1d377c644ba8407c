"""pyqtgraph's context menus in the app's language.

A right click on a plot shows pyqtgraph's own menus: the ViewBox's ("View All", the X/Y axis
panels, "Mouse Mode"), the PlotItem's "Plot Options" and the scene's actions. Their texts go
through `QCoreApplication.translate`, so `resources/i18n/pyqtgraph_<code>.qm` (installed by
`gui.common.i18n.install_language`) translates them, but pyqtgraph sets them once, when it
builds the menus: `retranslate_plot_menus` sets them again after a live language switch.
The scene's own "Export..." opens pyqtgraph's export dialog, which cannot be translated (its
exporter and parameter names are plain strings): `set_scene_actions` puts the app's actions
in its place, and `replace_pyqtgraph_exports` gives every other plot an `ExportImageAction`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from engine.atomic import write_atomic
from gui.common.i18n import set_ui_text

PLOT_MENU = "PlotMenu"  # the translation context of the app's own entries in a plot's menu
# PlotItem's menu title and its submenus, in the order it adds them (PlotItem.__init__). Kept
# out of the translate calls' arguments so that pyside6-lupdate of gui/ leaves them to
# resources/i18n/pyqtgraph_<code>.ts (tools/pyqtgraph_catalogue.py).
PLOT_OPTIONS_TITLE = "Plot Options"
PLOT_OPTIONS = ("Transforms", "Downsample", "Average", "Alpha", "Grid", "Points")


def graphics_views(root: QWidget) -> list[pg.GraphicsView]:
    """The pyqtgraph views at or under `root` (a PlotWidget, a GraphicsLayoutWidget, ...)."""
    views = root.findChildren(pg.GraphicsView)
    return [root, *views] if isinstance(root, pg.GraphicsView) else views


def retranslate_plot_menus(root: QWidget) -> None:
    """Set the texts of the context menus of every plot at or under `root` again, in the
    language installed now."""
    for view in graphics_views(root):
        for item in view.scene().items():
            if isinstance(item, pg.ViewBox) and item.menuEnabled():
                item.setMenuEnabled(False)  # its texts are set only in its constructor: build
                item.setMenuEnabled(True)  # it again (this also refills its axis-link lists)
            elif isinstance(item, pg.PlotItem) and item.ctrlMenu is not None:
                _retranslate_plot_options(item)


def _retranslate_plot_options(item: pg.PlotItem) -> None:
    menu = item.ctrlMenu
    menu.setTitle(QCoreApplication.translate("PlotItem", PLOT_OPTIONS_TITLE))
    for action, name in zip(menu.actions(), PLOT_OPTIONS, strict=True):
        action.setText(QCoreApplication.translate("PlotItem", name))
    # The Designer form it was set up on no longer exists (its groups live in the submenus);
    # retranslateUi only gives that form a window title, so any widget will do.
    item.ctrl.retranslateUi(QWidget())


def set_scene_actions(scene: pg.GraphicsScene, actions: Iterable[QAction]) -> None:
    """Show `actions` at the end of every context menu of `scene`'s plots, instead of
    pyqtgraph's "Export..." (none: no entry). They keep their own texts and translations."""
    actions = list(actions)
    for replaced in scene.contextMenu:
        if replaced not in actions and replaced.parent() is scene:
            replaced.setParent(None)  # pyqtgraph's own: no longer one of the scene's children
    scene.contextMenu = actions


def replace_pyqtgraph_exports(root: QWidget) -> int:
    """Give every plot at or under `root` that still offers pyqtgraph's "Export..." an
    `ExportImageAction` instead; returns how many."""
    count = 0
    for view in graphics_views(root):
        scene = view.scene()
        if any(action.parent() is scene for action in scene.contextMenu):
            set_scene_actions(scene, [ExportImageAction(view)])
            count += 1
    return count


class ExportImageAction(QAction):
    """A plot's "Export image…" entry: the plot as it is drawn, as a PNG file the user picks
    (pyqtgraph's ImageExporter)."""

    def __init__(self, view: pg.GraphicsView) -> None:
        super().__init__(view)
        self.setObjectName("actionExportImage")
        set_ui_text(self, PLOT_MENU, QT_TRANSLATE_NOOP("PlotMenu", "Export image…"))
        self._view = view
        self.triggered.connect(self._on_triggered)

    def export_png(self, path: str | Path) -> None:
        write_atomic(path, ImageExporter(self._view.scene()).export, suffix=".png")

    @Slot()
    def _on_triggered(self) -> None:
        name = f"{self._view.objectName() or 'plot'}.png"
        png = QCoreApplication.translate("Files", "PNG images")
        path, _ = QFileDialog.getSaveFileName(
            self._view,
            QCoreApplication.translate("PlotMenu", "Export image"),
            name,
            f"{png} (*.png)",
        )
        if not path:
            return
        if Path(path).suffix.lower() != ".png":
            path += ".png"
        try:
            self.export_png(path)
        except Exception as exc:  # noqa: BLE001 - exporter or file-system failure
            QMessageBox.warning(
                self._view,
                QCoreApplication.translate("PlotMenu", "Could not export the image"),
                f"{path}: {exc}",
            )
