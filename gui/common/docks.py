"""Dock widgets as features make them; where they go is the window's business."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFrame,
    QMainWindow,
    QScrollArea,
    QStyle,
    QWidget,
)

from gui.common.i18n import DOCK, set_ui_text


def make_dock(name: str, title: str, widget: QWidget, *, scrolled: bool = False) -> QDockWidget:
    """A dock named `<name>Dock` around `widget`. `scrolled` puts a tall form in a scroll area,
    so the form does not set the window's minimum height. Mark `title` where it is written with
    `QT_TRANSLATE_NOOP("Dock", ...)`: the dock shows it in the current language, and again in
    the new one after a switch."""
    dock = QDockWidget()
    set_ui_text(dock, DOCK, title, "setWindowTitle")
    dock.setObjectName(f"{name}Dock")
    if not scrolled:
        dock.setWidget(widget)
        return dock
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(widget)
    bar = QApplication.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    scroll.setMinimumWidth(widget.minimumSizeHint().width() + bar)
    dock.setWidget(scroll)
    return dock


def raise_if_tabbed(dock: QDockWidget) -> None:
    """Bring `dock` to the front of its tab group (a dock that is not tabbed stays put)."""
    main = dock.parentWidget()
    if isinstance(main, QMainWindow) and main.tabifiedDockWidgets(dock):
        dock.raise_()
