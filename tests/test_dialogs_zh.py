"""The dialogs the window opens show no English in 中文 (#14), beyond names and paths: About,
editing a weight, an error box, and the file dialogs of File › Export plot and a plot's
Export image… (Qt's own words come from qtbase_zh_CN.qm, and the two it lacks from
resources/i18n/qtbase_extra_zh_CN.ts, whose .qm must be current)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QFileDialog

TOOL = Path(__file__).resolve().parents[1] / "tools" / "untranslated_texts.py"
spec = importlib.util.spec_from_file_location("untranslated_texts", TOOL)
untranslated_texts = importlib.util.module_from_spec(spec)
spec.loader.exec_module(untranslated_texts)
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _chinese_window(make_window):
    from gui.common import i18n
    from gui.common.settings import app_settings

    i18n.remember_language(app_settings(), "zh_CN")
    return make_window()


def english_in_dialog(qtbot, open_it) -> dict[str, set[str]]:
    """Call `open_it` (which may block in the dialog's own loop), read the English in the
    dialog that opens (its title too), then close it."""
    found: dict[str, set[str]] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            QTimer.singleShot(20, look)
            return
        found.update(untranslated_texts.collect(dialog))
        if untranslated_texts.still_english(dialog.windowTitle()):
            found.setdefault("title", set()).add(dialog.windowTitle())
        if isinstance(dialog, QFileDialog):  # its path field and history hold folder names
            found.pop("combo item", None)
            for combo in dialog.findChildren(QComboBox, "fileTypeCombo"):
                for i in range(combo.count()):
                    if untranslated_texts.still_english(combo.itemText(i)):
                        found.setdefault("file type", set()).add(combo.itemText(i))
        found["closed"] = set()
        dialog.reject()

    QTimer.singleShot(0, look)
    open_it()
    qtbot.waitUntil(lambda: "closed" in found, timeout=5000)
    found.pop("closed")
    return found


def test_about_box(make_window, qtbot) -> None:
    win = _chinese_window(make_window)
    action = win.findChild(QAction, "actionAbout")
    assert english_in_dialog(qtbot, action.trigger) == {}


def test_editing_a_weight(make_window, qtbot) -> None:
    win = _chinese_window(make_window)
    graph = win.experiment.designer.graph
    assert english_in_dialog(qtbot, lambda: graph.edit_link(0, 0, 0)) == {}


def test_an_error_box(make_window, qtbot) -> None:
    win = _chinese_window(make_window)

    def fail() -> None:  # a file that cannot be written: the box names it, in Chinese
        win.files.export_plot("loss", "png", Path("/nonexistent/dir/loss.png"))

    found = english_in_dialog(qtbot, fail)
    said = found.pop("label", set())  # the path, then the OS's own words for the failure
    assert found == {}
    assert said == {"/nonexistent/dir/loss.png: [Errno 2] No such file or directory: "
                    "'/nonexistent/dir/loss.png'"}  # fmt: skip


def test_file_dialogs_of_plot_exports(make_window, qtbot, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    win = _chinese_window(make_window)
    for action in win.files.export_menu.actions()[:1]:  # File › Export plot › Loss plot as PNG…
        assert english_in_dialog(qtbot, action.trigger) == {}
    export_image = win.live.boundary.export_action  # a plot's right-click Export image…
    assert english_in_dialog(qtbot, export_image.trigger) == {}


def test_the_committed_qtbase_extra_qm_is_its_ts_compiled(tmp_path: Path) -> None:
    from gui.common import i18n

    lrelease = shutil.which("pyside6-lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed (it comes with PySide6-Essentials)")
    ts = i18n.I18N_DIR / "qtbase_extra_zh_CN.ts"
    fresh = tmp_path / "fresh.qm"
    subprocess.run([lrelease, "-silent", str(ts), "-qm", str(fresh)], check=True, timeout=60)
    assert fresh.read_bytes() == i18n.catalogue_path("zh_CN", "qtbase_extra").read_bytes()
