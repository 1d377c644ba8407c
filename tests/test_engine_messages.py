"""The engine's check messages stay plain English strings, and a front end can show them in
Chinese (engine/messages.py, resources/i18n/engine_zh_CN.json)."""

from __future__ import annotations

import json
import string

import pytest

from engine.experiment.spec import Experiment, SpecError
from engine.messages import I18N_DIR, Text, render


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_chinese_template_keeps_the_english_placeholders():
    catalogue = json.loads((I18N_DIR / "engine_zh_CN.json").read_text(encoding="utf-8"))
    for english, chinese in catalogue.items():
        if not english.startswith("_"):
            assert chinese.strip() and _fields(chinese) == _fields(english), english


def test_a_check_message_is_english_text_and_renders_in_chinese(tmp_path):
    with pytest.raises(SpecError) as info:
        Experiment.from_dict({"training": {"epochs": 0}}).validate()
    assert str(info.value) == "training.epochs must be in [1, 100000], got 0"
    assert render(info.value, "zh_CN") == "training.epochs 必须在 [1, 100000] 范围内，实际是 0"
    assert render(info.value, "en") == str(info.value)
    bad = tmp_path / "bad.json"
    bad.write_text('{"optimizer": {"name": "adamw"}}', encoding="utf-8")
    with pytest.raises(SpecError) as info:
        Experiment.load(bad)
    assert str(info.value).startswith(f"{bad}: optimizer.name must be one of sgd")
    chinese = render(info.value, "zh_CN")  # the nested message is translated too
    assert chinese.startswith(f"{bad}：optimizer.name 必须是 sgd") and "之一" in chinese


def test_untranslated_or_plain_messages_stay_english():
    assert render(Text("no such template {x}", x=1), "zh_CN") == "no such template 1"
    assert render(ValueError("plain"), "zh_CN") == "plain"
    assert render("text", "zh_CN") == "text"


def test_opening_a_bad_experiment_in_chinese_says_why_in_chinese(make_window, tmp_path, qtbot):
    from PySide6.QtGui import QAction

    win = make_window()
    win.findChild(QAction, "language-zh_CN").trigger()
    qtbot.waitUntil(lambda: not win.menuBar().actions()[0].text().isascii(), timeout=5000)
    bad = tmp_path / "bad.json"
    bad.write_text('{"training": {"epochs": 0}}', encoding="utf-8")
    shown: list[str] = []
    win.files._reporter.show_error = lambda title, text: shown.append(text)
    assert not win.files.open_experiment(bad)
    assert shown and "必须在 [1, 100000] 范围内" in shown[0]
