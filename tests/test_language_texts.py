"""In 中文 the window shows the Chinese help texts (resources/i18n/explanations_zh_CN.json) and
lesson texts (resources/i18n/lessons_zh_CN.json), switched live with View › Language, and
English again after switching back."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QSlider, QWidget

from engine.teaching.lessons import LESSONS, lesson
from engine.teaching.translations import lesson_text, translation_path
from gui.common import i18n
from gui.common.relevance import show_relevance
from gui.help.explanations import apply_explanations, explanations, explanations_in

CONTROLS = ("learningRate", "earlyStopping", "kerasBackend")
LESSONS_ZH = json.loads(translation_path("zh_CN").read_text(encoding="utf-8"))


@pytest.fixture
def english_after():
    """Whatever a test switches to, the next test starts in English."""
    yield
    i18n.install_language(i18n.ENGLISH)


def _choose(win, qtbot, code: str) -> None:
    win.findChild(QAction, f"language-{code}").trigger()
    assert i18n.current_language() == code
    QApplication.sendPostedEvents()  # Qt posts LanguageChange to the window


def _control(win, name: str) -> QWidget:
    widget = win.findChild(QWidget, name)
    assert widget is not None, name
    return widget


def _base_tip(widget: QWidget) -> str:
    """The tooltip without the note a switched-off control adds (kerasBackend under NumPy)."""
    note = widget.property("ignoredBecause") or ""
    tip = widget.toolTip()
    return tip[: -len(note)].rstrip() if note and tip.endswith(note) else tip


def test_help_texts_follow_the_language_live(make_window, qtbot, english_after) -> None:
    win = make_window()
    en, zh = explanations_in("en"), explanations_in("zh_CN")
    for name in CONTROLS:
        assert _base_tip(_control(win, name)) == en[name].tip
        assert _control(win, name).whatsThis() == en[name].whats_this()
    slider = _control(win, "learningRate").findChild(QSlider)  # an unnamed part: handed down
    label = next(x for x in win.findChildren(QLabel) if x.buddy() is slider)
    assert slider.toolTip() == label.toolTip() == en["learningRate"].tip

    _choose(win, qtbot, "zh_CN")
    qtbot.waitUntil(lambda: _base_tip(_control(win, "learningRate")) == zh["learningRate"].tip)
    for name in CONTROLS:
        assert _base_tip(_control(win, name)) == zh[name].tip
        assert _control(win, name).whatsThis() == zh[name].whats_this()
        assert "<b>" + zh[name].title in zh[name].whats_this()  # the Chinese title heads it
    assert zh["learningRate"].tip.startswith("优化器")  # the file's text, not the English
    assert slider.toolTip() == label.toolTip() == zh["learningRate"].tip
    assert label.whatsThis() == zh["learningRate"].whats_this()
    what = win.findChild(QAction, "actionWhatsThis")
    assert what.whatsThis() == zh["actionWhatsThis"].whats_this()

    _choose(win, qtbot, "en")
    qtbot.waitUntil(lambda: _base_tip(_control(win, "learningRate")) == en["learningRate"].tip)
    for name in CONTROLS:
        assert _base_tip(_control(win, name)) == en[name].tip
        assert _control(win, name).whatsThis() == en[name].whats_this()
    assert slider.toolTip() == label.toolTip() == en["learningRate"].tip
    assert what.whatsThis() == en["actionWhatsThis"].whats_this()


def test_a_switch_keeps_what_a_panel_set_itself_and_why_a_control_is_off(
    qtbot, english_after
) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    own, off = QWidget(root), QWidget(root)
    own.setObjectName("learningRate")
    off.setObjectName("earlyStopping")
    apply_explanations(root)
    own.setToolTip("set by its panel")
    show_relevance(off, "Off: no validation split.")
    assert i18n.install_language("zh_CN")
    assert apply_explanations(root) >= 1
    zh = explanations_in("zh_CN")
    assert own.toolTip() == "set by its panel"
    assert own.whatsThis() == zh["learningRate"].whats_this()
    assert off.toolTip() == f"{zh['earlyStopping'].tip}\n\nOff: no validation split."
    assert apply_explanations(root) == 0  # nothing left to change


def test_the_chinese_table_falls_back_to_english_per_entry() -> None:
    en, zh = explanations_in("en"), explanations_in("zh_CN")
    assert en == explanations() and set(zh) == set(en)
    assert all(zh[n].tip != en[n].tip for n in CONTROLS)
    assert all(zh[n].formula == en[n].formula and zh[n].panel == en[n].panel for n in zh)


def test_the_lessons_menu_and_banner_follow_the_language_live(
    make_window, qtbot, english_after
) -> None:
    win = make_window()
    menu = {a.objectName(): a for a in win.menus["lessons"].actions() if a.objectName()}
    assert menu["lesson-1"].text() == "1. A perceptron learns OR"
    win.findChild(QAction, "lesson-11").trigger()
    panel = win.lessons.panel
    one_neuron = lesson(11)
    assert panel.note.text().startswith(one_neuron.steps[0].note)

    _choose(win, qtbot, "zh_CN")
    zh = LESSONS_ZH[one_neuron.id]
    qtbot.waitUntil(lambda: panel.note.text().startswith(zh["steps"][0]["note"]))
    assert zh["title"] in panel.title.text()
    assert zh["steps"][0]["expect_text"] in panel.outcome.text()
    for item in LESSONS:
        title = LESSONS_ZH[item.id]["title"]
        assert menu[f"lesson-{item.number}"].text() == f"{item.number}. {title}"
    first = LESSONS_ZH["perceptron-or"]["steps"][0]["note"]
    assert menu["lesson-1"].toolTip() == first[: first.index("。") + 1]

    win.findChild(QAction, "lesson-1").trigger()  # a lesson loaded in 中文 is in 中文
    steps = LESSONS_ZH["perceptron-or"]["steps"]
    assert panel.note.text().startswith(steps[0]["note"])
    assert steps[0]["title"] in panel.title.text()

    _choose(win, qtbot, "en")
    qtbot.waitUntil(lambda: panel.note.text().startswith(lesson(1).steps[0].note))
    assert lesson(1).steps[0].title in panel.title.text()
    assert menu["lesson-1"].text() == "1. A perceptron learns OR"
    english_note = lesson(1).steps[0].note
    assert menu["lesson-1"].toolTip() == english_note[: english_note.index(". ") + 1]


def test_a_checked_outcome_is_said_again_in_the_new_language(qtbot, english_after) -> None:
    from gui.lessons.panel import LessonPanel

    panel = LessonPanel()
    qtbot.addWidget(panel)
    item = lesson("perceptron-or")
    panel.show_lesson(item, 0)
    panel.show_checked_outcome(True)
    assert panel.outcome.text() == f"✓ As expected: {item.steps[0].expect_text}."
    assert i18n.install_language("zh_CN")
    QApplication.sendEvent(panel, QEvent(QEvent.Type.LanguageChange))
    expect_zh = LESSONS_ZH[item.id]["steps"][0]["expect_text"]
    assert expect_zh in panel.outcome.text() and panel.outcome.text().startswith("✓")
    assert panel.note.text().startswith(LESSONS_ZH[item.id]["steps"][0]["note"])


def test_lesson_text_reads_the_translation_and_falls_back_to_english() -> None:
    for item in LESSONS:
        zh = LESSONS_ZH[item.id]
        assert lesson_text(item.id, None, "title", "zh_CN") == zh["title"]
        assert lesson_text(item.number, None, "title", "en") == item.title
        for i, step in enumerate(item.steps):
            for field in ("title", "note", "expect_text"):
                english = getattr(step, field)
                assert lesson_text(item.id, i, field, "en") == english
                assert lesson_text(item.id, i, field, "zh_CN") == (zh["steps"][i][field] or english)
    assert lesson_text(1, 0, "note", "xx") == lesson(1).steps[0].note  # no such file: English
    with pytest.raises(ValueError, match="field"):
        lesson_text(1, 0, "make", "zh_CN")
    with pytest.raises(ValueError, match="field"):
        lesson_text(1, None, "note", "zh_CN")
    with pytest.raises(IndexError, match="step_index"):
        lesson_text(1, len(lesson(1).steps), "note", "zh_CN")
