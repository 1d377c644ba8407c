"""The View › Language menu. Choosing a language installs its translators (gui.common.i18n)
and remembers it; Qt then sends `QEvent.LanguageChange` to the window, every marked text under
it (menu titles, menu actions, dock titles) and the plots' pyqtgraph context menus are set
again in the new language, and `languageChanged` tells the features whose texts are built
from data to build them again."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QSettings, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from gui.common.i18n import (
    ENGLISH,
    LANGUAGES,
    MENU,
    catalogue_path,
    chosen_language,
    current_language,
    install_language,
    missing_cjk_font,
    remember_language,
    retranslate_marked,
    set_ui_text,
)
from gui.common.plot_menus import retranslate_plot_menus
from gui.common.reporter import StatusReporter


class LanguageController(QObject):
    """Owns the Language submenu (`menu`, handed in as `menu_actions["view"]`) and retranslates
    `window` when the language changes. Made first, so the window's other features build their
    texts in the remembered (or the system's) language."""

    languageChanged = Signal(str)  # the language code, after the marked texts were set again

    def __init__(self, settings: QSettings, reporter: StatusReporter, window: QWidget) -> None:
        super().__init__(window)
        self._settings = settings
        self._reporter = reporter
        self._window = window
        self._font_noted = False  # the missing CJK font is mentioned once
        code = chosen_language(settings)
        if code != current_language() and not install_language(code):
            self._say_missing(code)
        self._note_font()
        self.menu = QMenu(window)
        self.menu.setObjectName("languageMenu")
        set_ui_text(self.menu, MENU, QT_TRANSLATE_NOOP("Menu", "&Language"), "setTitle")
        self._group = QActionGroup(self)
        for lang, name in LANGUAGES.items():  # each language in its own words: never translated
            action = QAction(name, self._group)
            action.setObjectName(f"language-{lang}")
            action.setData(lang)
            action.setCheckable(True)
        self._check_current()
        self.menu.addActions(self._group.actions())
        self._group.triggered.connect(self._on_language_triggered)
        self.menu_actions: dict[str, list[QAction | QMenu | None]] = {"view": [None, self.menu]}
        window.installEventFilter(self)

    def choose(self, code: str) -> bool:
        """Switch the app to `code` now and remember it for the next start. False (and a
        status-bar line) when its catalogue cannot be loaded: the app stays in English."""
        remember_language(self._settings, code)
        done = install_language(code)
        if not done:
            self._say_missing(code)
        self._check_current()
        self._note_font()
        return done

    def retranslate(self) -> int:
        """Set the window's marked texts and its plots' context menus again in the current
        language; returns how many marked texts were set."""
        retranslate_plot_menus(self._window)
        return retranslate_marked(self._window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.languageChanged.emit(current_language())
        return False

    @Slot(QAction)
    def _on_language_triggered(self, action: QAction) -> None:
        self.choose(str(action.data()))

    def _check_current(self) -> None:
        for action in self._group.actions():
            action.setChecked(action.data() == current_language())

    def _note_font(self) -> None:
        """Once: Chinese chosen on a Linux without a font for it."""
        if self._font_noted or current_language() == ENGLISH:
            return
        note = missing_cjk_font()
        if note:
            self._reporter.show_problem(note)
            self._font_noted = True

    def _say_missing(self, code: str) -> None:
        self._reporter.show_problem(
            f"Language: cannot load {catalogue_path(code)}; the app stays in {LANGUAGES[ENGLISH]}."
        )
