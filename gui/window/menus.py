"""The menu bar: one menu per section, always in this order. Features hand in their entries by
section (`menu_actions`); the window adds View (the docks) itself.

An entry is a QAction, a QMenu (a submenu) or None (a separator).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from gui.common.i18n import MENU, set_ui_text

MenuEntry = QAction | QMenu | None

SECTIONS = (  # key, title, objectName ("" for none), tooltips shown in the menu
    ("file", QT_TRANSLATE_NOOP("Menu", "&File"), "", False),
    ("data", QT_TRANSLATE_NOOP("Menu", "&Data"), "dataMenu", True),
    ("training", QT_TRANSLATE_NOOP("Menu", "&Training"), "", False),
    ("presets", QT_TRANSLATE_NOOP("Menu", "&Presets"), "presetsMenu", True),
    ("lessons", QT_TRANSLATE_NOOP("Menu", "&Lessons"), "lessonsMenu", True),
    ("view", QT_TRANSLATE_NOOP("Menu", "&View"), "", False),
    ("help", QT_TRANSLATE_NOOP("Menu", "&Help"), "helpMenu", False),
)


def build_menu_bar(
    bar: QMenuBar, *contributions: Mapping[str, Sequence[MenuEntry]]
) -> dict[str, QMenu]:
    """Fill `bar` with the SECTIONS menus; entries of one section keep the order they are
    given in. Returns the menus by section key."""
    known = {key for key, *_ in SECTIONS}
    for contribution in contributions:
        unknown = sorted(set(contribution) - known)
        if unknown:
            raise ValueError(f"unknown menu sections {unknown}; known: {sorted(known)}")
    menus: dict[str, QMenu] = {}
    for key, title, name, tips in SECTIONS:
        menu = bar.addMenu("")
        set_ui_text(menu, MENU, title, "setTitle")  # in the current language, and after a switch
        if name:
            menu.setObjectName(name)
        menu.setToolTipsVisible(tips)
        for contribution in contributions:
            for entry in contribution.get(key, ()):
                if entry is None:
                    menu.addSeparator()
                elif isinstance(entry, QMenu):
                    menu.addMenu(entry)
                else:
                    menu.addAction(entry)
        menus[key] = menu
    return menus
