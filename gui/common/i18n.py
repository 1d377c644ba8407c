"""The app's language: Qt translators for English or 中文 (zh_CN), and the texts that follow a
switch live.

The catalogue is Qt's: strings are marked with `QCoreApplication.translate` / `tr()` /
`QT_TRANSLATE_NOOP`, `pyside6-lupdate` collects them into `resources/i18n/*.ts`, and
`pyside6-lrelease` compiles those to the `.qm` files loaded here (README, "Languages").

Installing a translator makes Qt send `QEvent.LanguageChange` to every widget. Texts set with
`set_ui_text` remember their English source, so `retranslate_marked(root)` can set them again
in the new language; texts built from data (a file name, a lesson title) are set again by the
feature that owns them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTranslator,
)
from PySide6.QtGui import QFontDatabase

I18N_DIR = Path(__file__).resolve().parents[2] / "resources" / "i18n"
CATALOGUE = "neural_playground"  # resources/i18n/neural_playground_<code>.qm
PYQTGRAPH_CATALOGUE = "pyqtgraph"  # pyqtgraph's plot menus (tools/pyqtgraph_catalogue.py)
QTBASE_EXTRA_CATALOGUE = "qtbase_extra"  # Qt's own texts that qtbase_<code>.qm leaves out
ENGLISH = "en"
LANGUAGES = {ENGLISH: "English", "zh_CN": "中文"}  # code -> the language's own name
LANGUAGE_KEY = "language"  # the QSettings key of the user's choice
LANGUAGE_ENV = "NEURAL_PLAYGROUND_LANG"  # stands in for the system locale (tests: "en")
CJK_FONT_PACKAGE = "fonts-noto-cjk"  # Debian/Ubuntu; Fedora: google-noto-sans-cjk-fonts

MENU = "Menu"  # the translation context of menu titles and menu actions
DOCK = "Dock"  # the translation context of dock titles
_SOURCE_PROPERTY = "i18nSource"  # a dynamic property: [[context, source, setter, args], ...]

_installed: list[QTranslator] = []  # held here: Qt does not own installed translators
_current = ENGLISH


def system_language() -> str:
    """The language the system asks for: $NEURAL_PLAYGROUND_LANG if set, else zh_CN for any
    Chinese locale (QLocale.system()), else English."""
    forced = os.environ.get(LANGUAGE_ENV, "")
    if forced:
        return forced if forced in LANGUAGES else ENGLISH
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else ENGLISH


def chosen_language(settings: QSettings) -> str:
    """The language the user chose in View › Language, or the system's when none was chosen."""
    code = settings.value(LANGUAGE_KEY, "")
    return code if isinstance(code, str) and code in LANGUAGES else system_language()


def remember_language(settings: QSettings, code: str) -> None:
    if code not in LANGUAGES:
        raise ValueError(f"language: {code!r} is not one of {sorted(LANGUAGES)}")
    settings.setValue(LANGUAGE_KEY, code)


def catalogue_path(code: str, catalogue: str = CATALOGUE) -> Path:
    return I18N_DIR / f"{catalogue}_{code}.qm"


def current_language() -> str:
    return _current


def install_language(code: str) -> bool:
    """Make `code` the app's language: remove the translators installed before, then install
    the app's catalogue, pyqtgraph's (its plots' context menus, `pyqtgraph_<code>.qm`) and Qt's
    own (`qtbase_<code>.qm`, for the standard buttons and dialogs) when PySide6 ships it, with
    `qtbase_extra_<code>.qm` for the few texts that one lacks. English needs none. Returns
    False when the app's catalogue is missing or unreadable (the app then stays in English)."""
    global _current
    if code not in LANGUAGES:
        raise ValueError(f"language: {code!r} is not one of {sorted(LANGUAGES)}")
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current = ENGLISH
    if code == ENGLISH:
        return True
    ours = QTranslator(app)
    if not ours.load(str(catalogue_path(code))):
        return False
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if qtbase.load(f"qtbase_{code}", qt_dir):
        app.installTranslator(qtbase)
        _installed.append(qtbase)
    for catalogue in (QTBASE_EXTRA_CATALOGUE, PYQTGRAPH_CATALOGUE):  # searched before qtbase
        extra = QTranslator(app)
        if extra.load(str(catalogue_path(code, catalogue))):
            app.installTranslator(extra)
            _installed.append(extra)
    app.installTranslator(ours)  # installed last: searched first
    _installed.append(ours)
    _current = code
    return True


def set_ui_text(
    target: QObject,
    context: str,
    source: str,
    setter: str = "setText",
    *args: object,
) -> QObject:
    """Give `target` the translation of `source` (in `context`) through its `setter`
    ("setText", "setTitle", "setWindowTitle", "setToolTip", ...; `args` go before the text, as
    the index of `setItemText`) and remember the source, so `retranslate_marked` can set it
    again after a language switch. Mark the source where it is written with
    `QT_TRANSLATE_NOOP(context, "...")` so pyside6-lupdate finds it. A text built from data
    ("Epoch 3") is not for this: its feature translates it each time it sets it."""
    entry = [context, source, setter, list(args)]
    _apply(target, entry)
    sources = target.property(_SOURCE_PROPERTY)
    kept = [e for e in (sources or []) if (e[2], e[3]) != (setter, list(args))]
    target.setProperty(_SOURCE_PROPERTY, [*kept, entry])
    return target


def _apply(target: QObject, entry: list) -> None:
    context, source, setter, args = entry
    getattr(target, setter)(*args, QCoreApplication.translate(context, source))


def retranslate_marked(root: QObject) -> int:
    """Set every text given by `set_ui_text` under `root` (and on it) again, in the language
    installed now; returns how many were set."""
    count = 0
    for obj in [root, *root.findChildren(QObject)]:
        for entry in obj.property(_SOURCE_PROPERTY) or []:
            _apply(obj, entry)
            count += 1
    return count


def cjk_families() -> list[str]:
    """The installed font families that can write Simplified Chinese."""
    return QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


def missing_cjk_font() -> str:
    """One line saying which package to install when this Linux has no font for Simplified
    Chinese (中文 would show as empty boxes), or "". Windows and macOS ship one. In English on
    purpose: without the font, Chinese is what cannot be read."""
    if not sys.platform.startswith("linux") or cjk_families():
        return ""
    return (
        "No Chinese font is installed, so 中文 shows as boxes: install one "
        f"(sudo apt-get install {CJK_FONT_PACKAGE}) and restart the app."
    )


def engine_message(exc: object) -> str:
    """An engine message (or an exception carrying one) in the app's language: the engine's
    checks give theirs as `engine.messages.Text`, translated by resources/i18n/engine_*.json."""
    from engine.messages import render

    return render(exc, _current)
