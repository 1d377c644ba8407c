"""View › Language: switching to 中文 retranslates the menu bar, the menu actions and the dock
titles live, switching back restores English, and the choice is remembered."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction

from gui.common import i18n

MENU_TITLES_EN = ["&File", "&Data", "&Training", "&Presets", "&Lessons", "&View", "&Help"]
MENU_TITLES_ZH = [
    "文件(&F)",
    "数据(&D)",
    "训练(&T)",
    "预设(&P)",
    "课程(&L)",
    "视图(&V)",
    "帮助(&H)",
]


def _menu_titles(win) -> list[str]:
    return [action.text() for action in win.menuBar().actions()]


def _choose(win, qtbot, code: str, first_menu: str) -> None:
    win.findChild(QAction, f"language-{code}").trigger()
    qtbot.waitUntil(lambda: _menu_titles(win)[0] == first_menu, timeout=5000)


def test_switching_language_retranslates_menus_and_docks_live(make_window, qtbot) -> None:
    win = make_window()
    assert _menu_titles(win) == MENU_TITLES_EN
    english_docks = {name: dock.windowTitle() for name, dock in win.docks.items()}
    assert english_docks["decisionBoundaryDock"] == "Decision boundary"
    view_texts_en = [a.text() for a in win.menus["view"].actions()]

    _choose(win, qtbot, "zh_CN", "文件(&F)")
    assert _menu_titles(win) == MENU_TITLES_ZH
    assert win.docks["decisionBoundaryDock"].windowTitle() == "决策边界"
    assert win.docks["neuronPanelDock"].windowTitle() == "单个神经元"
    assert all(dock.windowTitle() != english_docks[name] for name, dock in win.docks.items()), (
        "a dock title stayed English"
    )
    # The View menu's dock entries follow their docks; the Training menu's actions too.
    assert "决策边界" in [a.text() for a in win.menus["view"].actions()]
    assert win.transport.action_for["step"].text() == "单步"
    assert win.transport.speed_combo.itemText(0) == "全速"
    assert win.inside.panel.tabs.tabText(0) == "权重"
    assert win.status.labels["step"].text() == "步数 0"  # built from a figure: built again
    assert win.findChild(QAction, "language-zh_CN").isChecked()
    assert i18n.chosen_language(win.settings) == "zh_CN"  # remembered for the next start

    _choose(win, qtbot, "en", "&File")
    assert _menu_titles(win) == MENU_TITLES_EN
    assert {n: d.windowTitle() for n, d in win.docks.items()} == english_docks
    assert [a.text() for a in win.menus["view"].actions()] == view_texts_en
    assert win.transport.action_for["step"].text() == "Step"
    assert win.transport.speed_combo.itemText(0) == "Full speed"
    assert win.inside.panel.tabs.tabText(0) == "Weights"
    assert win.status.labels["step"].text() == "Step 0"
    assert i18n.chosen_language(win.settings) == "en"


def test_every_marked_text_in_the_window_has_a_chinese_translation(make_window) -> None:
    """A text marked in the wrong context, or never put in the .ts, would stay English."""
    win = make_window()
    marked = [
        (entry[0], entry[1])
        for obj in win.findChildren(QObject)
        for entry in obj.property("i18nSource") or []
    ]
    assert len(marked) > 40
    try:
        assert i18n.install_language("zh_CN")
        untranslated = [
            (context, source)
            for context, source in marked
            if QCoreApplication.translate(context, source) == source
        ]
    finally:
        i18n.install_language("en")
    assert not untranslated


def test_a_window_starts_in_the_remembered_language(make_window, qtbot) -> None:
    from gui.common.settings import app_settings

    i18n.remember_language(app_settings(), "zh_CN")
    win = make_window()
    assert _menu_titles(win) == MENU_TITLES_ZH
    assert win.docks["dataPanelDock"].windowTitle() == "数据"
    # Titles a feature sets again as the data changes stay Chinese too.
    assert [n for n, d in win.docks.items() if d.windowTitle().isascii()] == []
    assert win.findChild(QAction, "language-zh_CN").isChecked()


def test_chinese_without_a_cjk_font_on_linux_names_the_package_once(
    make_window, qtbot, monkeypatch
) -> None:
    monkeypatch.setattr(i18n.sys, "platform", "linux")
    monkeypatch.setattr(i18n, "cjk_families", lambda: [])
    win = make_window()
    assert "fonts-noto-cjk" not in win.statusBar().currentMessage()  # English: no need
    _choose(win, qtbot, "zh_CN", "文件(&F)")
    assert "sudo apt-get install fonts-noto-cjk" in win.statusBar().currentMessage()
    win.statusBar().clearMessage()
    _choose(win, qtbot, "en", "&File")
    _choose(win, qtbot, "zh_CN", "文件(&F)")
    assert "fonts-noto-cjk" not in win.statusBar().currentMessage()  # said once


def test_a_linux_with_a_cjk_font_says_nothing(monkeypatch) -> None:
    monkeypatch.setattr(i18n.sys, "platform", "linux")
    monkeypatch.setattr(i18n, "cjk_families", lambda: ["Noto Sans CJK SC"])
    assert i18n.missing_cjk_font() == ""
    monkeypatch.setattr(i18n, "cjk_families", lambda: [])
    assert i18n.CJK_FONT_PACKAGE in i18n.missing_cjk_font()


def test_the_accuracy_dock_has_a_title_for_every_task() -> None:
    from engine.experiment.spec import SCORE_NAMES
    from gui.live.controller import SCORE_TITLES

    assert set(SCORE_TITLES) == set(SCORE_NAMES)
