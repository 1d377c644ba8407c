"""pyqtgraph's context menus in 中文 (issue #14): on every plot of the window with a menu (the
live loss, accuracy and decision-boundary plots, the Inside views), the ViewBox menu, its axis
panels, "Plot Options" and the scene's entries show no English, whether the window started in
Chinese or switched live; pyqtgraph's own Export… (an untranslatable dialog) is replaced by the
app's export entries; the pyqtgraph catalogue is complete, current for the installed
pyqtgraph, and compiled."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QMenu,
    QSpinBox,
    QWidget,
    QWidgetAction,
)

from gui.common import i18n
from gui.common.plot_menus import ExportImageAction, graphics_views

ROOT = Path(__file__).resolve().parents[1]
TS = i18n.I18N_DIR / "pyqtgraph_zh_CN.ts"
QM = i18n.catalogue_path("zh_CN", i18n.PYQTGRAPH_CATALOGUE)


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


untranslated_texts = _load("untranslated_texts")
pyqtgraph_catalogue = _load("pyqtgraph_catalogue")


class _RightClick:
    """What pyqtgraph's scene reads from the click that opens a context menu."""

    def __init__(self, item) -> None:
        self.acceptedItem = item


def context_menu(plot_item) -> QMenu:
    """The menu a right click on the plot pops up, built as ViewBox.raiseContextMenu builds it
    (the ViewBox's menu plus its parents': the PlotItem's Plot Options, the scene's entries)."""
    view = plot_item if isinstance(plot_item, pg.ViewBox) else plot_item.getViewBox()
    menu = view.getMenu(None)
    return view.scene().addParentContextMenus(view, menu, _RightClick(view))


def menu_texts(menu: QMenu) -> list[str]:
    """Every text the menu can show: titles, entries, submenus, and the controls in the panels
    of QWidgetActions (labels, buttons, group titles, spin-box suffixes, tooltips)."""
    texts = [menu.title()]
    for action in menu.actions():
        texts += [action.text(), action.toolTip() if action.toolTip() != action.text() else ""]
        if action.menu() is not None:
            texts += menu_texts(action.menu())
        if isinstance(action, QWidgetAction) and action.defaultWidget() is not None:
            panel = action.defaultWidget()
            for widget in [panel, *panel.findChildren(QWidget)]:
                texts.append(widget.toolTip())
                if isinstance(widget, QLabel | QAbstractButton):
                    texts.append(widget.text())
                elif isinstance(widget, QGroupBox):
                    texts.append(widget.title())
                elif isinstance(widget, QSpinBox | QDoubleSpinBox):
                    texts += [widget.prefix(), widget.suffix()]
                if isinstance(widget, QAbstractSpinBox):
                    texts.append(widget.specialValueText())
    return [t for t in texts if t]


def plot_items(win) -> dict:
    live = win.live
    return {
        "loss": live.loss_plot.plot_item,
        "accuracy": live.accuracy_plot.plot_item,
        "boundary": live.boundary.plot.getPlotItem(),
    }


def menu_views(win) -> list:
    """Every ViewBox of the window that has a context menu."""
    boxes = [i for v in graphics_views(win) for i in v.scene().items() if isinstance(i, pg.ViewBox)]
    return [box for box in boxes if box.menuEnabled()]


def english_in_menus(win) -> dict[str, list[str]]:
    views = menu_views(win)
    assert len(views) >= 5  # loss, accuracy, boundary (+ its colour bar), the Inside views
    found = {}
    for box in views:
        english = [t for t in menu_texts(context_menu(box)) if untranslated_texts.still_english(t)]
        if english:
            found[box.getViewWidget().objectName() or repr(box)] = english
    return found


def _switch_to_chinese(win, qtbot) -> None:
    win.findChild(QAction, "language-zh_CN").trigger()
    qtbot.waitUntil(lambda: not win.menuBar().actions()[0].text().isascii(), timeout=5000)


def test_the_plot_menus_show_no_english_after_a_live_switch(make_window, qtbot) -> None:
    win = make_window()
    menus = {name: menu_texts(context_menu(item)) for name, item in plot_items(win).items()}
    assert "View All" in menus["loss"] and "Plot Options" in menus["boundary"]  # built, English
    _switch_to_chinese(win, qtbot)
    assert english_in_menus(win) == {}
    loss = menu_texts(context_menu(plot_items(win)["loss"]))
    assert "显示全部" in loss and "图表选项" in loss and "X 轴" in loss
    win.findChild(QAction, "language-en").trigger()  # and back: English again, not stale
    qtbot.waitUntil(lambda: win.menuBar().actions()[0].text().isascii(), timeout=5000)
    assert "View All" in menu_texts(context_menu(plot_items(win)["accuracy"]))


def test_a_window_started_in_chinese_has_chinese_plot_menus(make_window) -> None:
    from gui.common.settings import app_settings

    i18n.remember_language(app_settings(), "zh_CN")
    win = make_window()
    assert english_in_menus(win) == {}


def test_a_rebuilt_viewbox_menu_still_follows_the_view(make_window, qtbot) -> None:
    win = make_window()
    _switch_to_chinese(win, qtbot)
    view = plot_items(win)["loss"].getViewBox()
    view.setRange(xRange=(0, 7), padding=0)  # the rebuilt menu's range fields follow the view
    view.menu.updateState()
    assert float(view.menu.ctrl[0].maxText.text()) == pytest.approx(7)


def test_the_plots_offer_the_apps_export_entries_not_pyqtgraphs_dialog(make_window) -> None:
    win = make_window()
    exports = {str(a.data()): a for a in win.files.export_menu.actions()}
    for name, item in plot_items(win).items():
        scene_actions = item.scene().contextMenu
        assert all(a.text() != "Export..." for a in context_menu(item).actions())
        if name == "boundary":
            assert scene_actions == [win.live.boundary.export_action]
        else:  # File › Export plot's own entries for this plot
            assert scene_actions == [exports[f"{name}:png"], exports[f"{name}:csv"]]
    for view in graphics_views(win):  # every other plot: the app's Export image…, not pyqtgraph's
        assert not [a for a in view.scene().contextMenu if a.parent() is view.scene()]
    assert not [a for a in win.findChildren(QAction) if a.text() == "Export..."]


def test_export_image_writes_the_plot_as_a_png(make_window, tmp_path) -> None:
    win = make_window()
    action = win.live.boundary.export_action
    assert isinstance(action, ExportImageAction)
    path = tmp_path / "boundary.png"
    action.export_png(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_pyqtgraph_catalogue_is_current_and_finished(capsys) -> None:
    assert pyqtgraph_catalogue.main(["--check"]) == 0, capsys.readouterr().out
    text = TS.read_text(encoding="utf-8")
    messages = re.findall(r"<message>.*?</message>", text, flags=re.S)
    assert len(messages) == len(pyqtgraph_catalogue.menu_texts())
    for message in messages:
        translation = re.search(r"<translation([^>]*)>(.*?)</translation>", message, flags=re.S)
        assert translation is not None and translation.group(2).strip(), message
        assert "unfinished" not in translation.group(1), message


def test_the_committed_pyqtgraph_qm_is_the_current_ts_compiled(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed (it comes with PySide6-Essentials)")
    fresh = tmp_path / "fresh.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(fresh)], check=True, timeout=60)
    assert fresh.read_bytes() == QM.read_bytes(), f"{QM.name} is stale: run pyside6-lrelease"
