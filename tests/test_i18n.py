"""The app's language: the zh_CN catalogue is complete and compiled from its current source,
and installing a language changes what Qt's translate returns."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from gui.common import i18n

TS = i18n.I18N_DIR / "neural_playground_zh_CN.ts"
QM = i18n.catalogue_path("zh_CN")


def test_the_committed_qm_is_the_current_ts_compiled(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed (it comes with PySide6-Essentials)")
    fresh = tmp_path / "fresh.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(fresh)], check=True, timeout=60)
    assert fresh.read_bytes() == QM.read_bytes(), (
        f"{QM.name} is stale: run pyside6-lrelease {TS.relative_to(i18n.I18N_DIR.parents[1])}"
    )


def test_every_zh_cn_entry_is_finished_and_not_empty() -> None:
    text = TS.read_text(encoding="utf-8")
    messages = re.findall(r"<message>.*?</message>", text, flags=re.S)
    assert messages
    for message in messages:
        source = re.search(r"<source>(.*?)</source>", message, flags=re.S).group(1)
        translation = re.search(r"<translation([^>]*)>(.*?)</translation>", message, flags=re.S)
        assert translation is not None, f"no translation for {source!r}"
        assert "unfinished" not in translation.group(1), f"unfinished: {source!r}"
        assert "vanished" not in translation.group(1), f"no longer in the code: {source!r}"
        assert translation.group(2).strip(), f"empty translation for {source!r}"


def test_installing_a_language_switches_the_texts_and_english_restores_them(qapp) -> None:
    try:
        assert i18n.install_language("zh_CN")
        assert i18n.current_language() == "zh_CN"
        assert QCoreApplication.translate("Menu", "&File") == "文件(&F)"
        # Qt's own catalogue came with it: the standard buttons speak Chinese too.
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        assert i18n.install_language("en")
    assert i18n.current_language() == "en"
    assert QCoreApplication.translate("Menu", "&File") == "&File"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_choice_is_remembered_and_the_system_locale_is_the_default(
    tmp_path: Path, monkeypatch
) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "zh_CN")  # stands in for a Chinese system locale
    assert i18n.chosen_language(settings) == "zh_CN"
    i18n.remember_language(settings, "en")
    assert i18n.chosen_language(settings) == "en"
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "en")
    i18n.remember_language(settings, "zh_CN")
    assert i18n.chosen_language(settings) == "zh_CN"
    with pytest.raises(ValueError, match="language"):
        i18n.remember_language(settings, "fr")


def test_tests_run_in_english_whatever_the_machine_locale() -> None:
    assert i18n.system_language() == "en"


def test_a_marked_text_is_set_again_after_a_switch_with_its_setter_arguments(qapp) -> None:
    from PySide6.QtWidgets import QComboBox

    combo = QComboBox()
    combo.addItems(["", ""])
    i18n.set_ui_text(combo, "Toolbar", "Full speed", "setItemText", 1)
    i18n.set_ui_text(combo, i18n.MENU, "Train", "setToolTip")
    try:
        assert i18n.install_language("zh_CN")
        assert i18n.retranslate_marked(combo) == 2
        assert (combo.itemText(0), combo.itemText(1), combo.toolTip()) == ("", "全速", "训练")
    finally:
        i18n.install_language("en")
    i18n.retranslate_marked(combo)
    assert (combo.itemText(1), combo.toolTip()) == ("Full speed", "Train")
