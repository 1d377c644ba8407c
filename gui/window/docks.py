"""Where each dock goes at first launch, and the layout the user left, restored from QSettings.

`PLACEMENT` is keyed by dock objectName, the same names a saved layout (`QMainWindow.saveState`)
uses. The default layout is saved once, after every dock is placed: "Reset layout" returns to it.
Tabbed docks show whole tab titles, never elided ones: a tab bar too short for them scrolls.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QEvent, QObject, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar

from gui.common.i18n import MENU, set_ui_text

Area = Qt.DockWidgetArea
H, V = Qt.Orientation.Horizontal, Qt.Orientation.Vertical


@dataclass(frozen=True)
class Placement:
    """One of: `area` (a side of the window), `split` (beside that dock, along `orientation`)
    or `tab` (a tab behind that dock). A `hidden` dock (in an `area`) waits in View until its
    feature shows it."""

    area: Area | None = None
    split: str = ""
    orientation: Qt.Orientation = H
    tab: str = ""
    hidden: bool = False


PLACEMENT: dict[str, Placement] = {  # in this order: areas and splits, tabs, hidden docks
    "dataPanelDock": Placement(area=Area.LeftDockWidgetArea),
    "networkDesignerDock": Placement(split="dataPanelDock", orientation=H),
    "hyperparametersDock": Placement(split="dataPanelDock", orientation=V),
    "decisionBoundaryDock": Placement(area=Area.RightDockWidgetArea),
    "lossPlotDock": Placement(split="decisionBoundaryDock", orientation=V),
    "accuracyPlotDock": Placement(split="lossPlotDock", orientation=H),
    "evaluationPanelDock": Placement(tab="decisionBoundaryDock"),
    "digitPanelDock": Placement(tab="decisionBoundaryDock"),
    "insideNetworkDock": Placement(tab="decisionBoundaryDock"),
    "runsPanelDock": Placement(tab="decisionBoundaryDock"),
    "neuronPanelDock": Placement(tab="decisionBoundaryDock"),
    "backpropPanelDock": Placement(tab="decisionBoundaryDock"),
    "surfacePanelDock": Placement(tab="decisionBoundaryDock"),
    "lessonPanelDock": Placement(area=Area.TopDockWidgetArea, hidden=True),
}
SIZES = (  # first-launch sizes in pixels: (docks, sizes, orientation), before the tabs
    (("dataPanelDock", "networkDesignerDock", "decisionBoundaryDock"), (300, 520, 560), H),
    (("dataPanelDock", "hyperparametersDock"), (420, 460), V),
    (("decisionBoundaryDock", "lossPlotDock"), (560, 300), V),
)
FRONT = "decisionBoundaryDock"  # the tab shown first
DEFAULT_SIZE = (1400, 900)  # at most: smaller screens get a window that fits


class DockLayout(QObject):
    """Places `window`'s docks, restores and saves its layout, and resets it (`reset_action`)."""

    def __init__(self, window: QMainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._default_state = QByteArray()
        self.docks: dict[str, QDockWidget] = {}
        self.reset_action = QAction(self)
        set_ui_text(self.reset_action, MENU, QT_TRANSLATE_NOOP("Menu", "Reset &layout"))
        self.reset_action.triggered.connect(self.reset)
        window.installEventFilter(self)  # to catch the tab bars Qt makes as docks are tabbed

    def place(self, docks: list[QDockWidget]) -> dict[str, QDockWidget]:
        """Put every dock where `PLACEMENT` says and remember that as the default layout;
        returns the docks by objectName. A dock without a placement is a programming error."""
        window = self._window
        by_name = {dock.objectName(): dock for dock in docks}
        if len(by_name) != len(docks):
            raise ValueError("two docks share an objectName")
        unplaced = sorted(set(by_name) - set(PLACEMENT))
        if unplaced:
            raise ValueError(f"no placement for {unplaced} in gui.window.docks.PLACEMENT")
        placed = [(name, PLACEMENT[name]) for name in PLACEMENT if name in by_name]
        for name, where in placed:
            if where.hidden:
                continue  # added last, so the first-launch sizes are those of the shown docks
            if where.area is not None:
                window.addDockWidget(where.area, by_name[name])
            elif where.split:
                window.splitDockWidget(by_name[where.split], by_name[name], where.orientation)
        for names, sizes, orientation in SIZES:
            if all(n in by_name for n in names):
                window.resizeDocks([by_name[n] for n in names], list(sizes), orientation)
        for name, where in placed:
            if where.tab:
                window.tabifyDockWidget(by_name[where.tab], by_name[name])
        if FRONT in by_name:
            by_name[FRONT].raise_()
        for name, where in placed:
            if where.hidden:
                window.addDockWidget(where.area or Area.TopDockWidgetArea, by_name[name])
                by_name[name].hide()
        self.docks = by_name
        self._default_state = window.saveState()
        self.show_whole_tab_titles()
        return by_name

    def show_whole_tab_titles(self) -> None:
        """Every dock tab bar shows whole titles and scrolls when they do not fit. Qt makes a
        tab bar (eliding, by default) whenever docks are tabified; `eventFilter` calls this as
        each new one is polished."""
        for bar in self._window.findChildren(
            QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ChildPolished and isinstance(event.child(), QTabBar):
            self.show_whole_tab_titles()
        return False

    def view_actions(self) -> list[QAction | None]:
        """The View menu: show or hide each dock, then "Reset layout"."""
        return [dock.toggleViewAction() for dock in self.docks.values()] + [
            None,
            self.reset_action,
        ]

    def restore(self) -> None:
        """The geometry and dock layout saved at the last close (or a size that fits)."""
        window = self._window
        geometry = self._settings.value("geometry")
        if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
            screen = QGuiApplication.primaryScreen()
            avail = screen.availableGeometry() if screen else None
            w, h = DEFAULT_SIZE
            if avail is not None:
                w, h = min(w, avail.width() - 40), min(h, avail.height() - 60)
            window.resize(max(w, 800), max(h, 560))
        state = self._settings.value("windowState")
        if isinstance(state, QByteArray):
            window.restoreState(state)

    def save(self) -> None:
        self._settings.setValue("geometry", self._window.saveGeometry())
        self._settings.setValue("windowState", self._window.saveState())

    @Slot(str)
    def show_dock(self, name: str) -> None:
        """Show the dock named `name` (its objectName) and bring it to the front of its tabs,
        even if the user had closed it: a lesson that works in it asked for it."""
        dock = self.docks[name]
        dock.show()
        dock.raise_()

    @Slot()
    def reset(self) -> None:
        """Every dock back in the window, where it was at first launch."""
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        self._window.restoreState(self._default_state)
