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


def _templates_in_the_engine() -> dict[str, str]:
    """Every literal template given to Text(...) in engine/, with where it is."""
    import ast
    from pathlib import Path

    found = {}
    root = Path(__file__).resolve().parents[1] / "engine"
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {  # name = "template", used as Text(name, ...)
            t.id: node.value.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for t in node.targets
            if isinstance(t, ast.Name) and isinstance(node.value.value, str)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Text"):
                continue
            if not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found[first.value] = f"{path.name}:{node.lineno}"
            elif isinstance(first, ast.Name) and first.id in constants:
                found[constants[first.id]] = f"{path.name}:{node.lineno}"
    return found


def test_every_engine_template_has_a_chinese_one():
    catalogue = json.loads((I18N_DIR / "engine_zh_CN.json").read_text(encoding="utf-8"))
    templates = _templates_in_the_engine()
    assert len(templates) > 100
    missing = {t: where for t, where in templates.items() if t not in catalogue}
    assert not missing
