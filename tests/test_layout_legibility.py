"""Everything the learner reads stays whole at common window sizes: the lesson banner's text,
dock titles, tabs and menus are never clipped or elided; the network graph keeps readable
nodes and labels however wide a layer is; the confusion matrix's counts fit their cells; and
titles name the tutorials, not the "seed" files they came from."""

from __future__ import annotations

import math
import os
import re

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402
from PySide6.QtGui import QAction, QFontInfo, QFontMetrics, QImage, QTextLayout  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QCheckBox,
    QDockWidget,
    QLabel,
    QListWidget,
    QMenu,
    QStyle,
    QTabBar,
)

from engine.teaching.lessons import LESSONS, lesson  # noqa: E402
from engine.teaching.translations import lesson_text  # noqa: E402
from gui.experiment.network_graph import BLUE, ORANGE, NetworkGraph  # noqa: E402
from gui.experiment.presets_menu import PRESET_TITLES  # noqa: E402

WINDOW_SIZES = [(1280, 800), (1920, 1080)]
MIN_BOX_PX = 16
MIN_FONT_PX = 7
JARGON = re.compile(r"\bseed\b|seed ?00\d", re.IGNORECASE)
# the offscreen platform says so each time a shown window resizes; it means nothing here
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


LANGUAGES = ["en", "zh_CN"]  # every layout check runs in both languages


@pytest.fixture(
    params=[(size, code) for code in LANGUAGES for size in WINDOW_SIZES],
    ids=lambda p: f"{p[0][0]}x{p[0][1]}-{p[1]}",
)
def shown_window(request, qtbot, make_window):
    size, code = request.param
    window = make_window()
    if code != "en":
        from PySide6.QtGui import QAction

        window.findChild(QAction, f"language-{code}").trigger()
        qtbot.waitUntil(lambda: not window.menuBar().actions()[0].text().isascii(), timeout=5000)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def settle(qtbot) -> None:
    """Let layouts that react to a resize (and the sizes they ask for) settle."""
    for _ in range(3):
        qtbot.wait(30)


def shown(widget) -> bool:
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


# ----- clipped or elided text ---------------------------------------------------------------
def label_problems(root) -> list[str]:
    """Visible labels whose text does not fit the room they are shown in."""
    problems = []
    for label in root.findChildren(QLabel):
        text = label.text()
        if not text or not label.isVisible():
            continue
        room = label.contentsRect()
        seen = label.visibleRegion().boundingRect()
        if label.wordWrap():
            need = label.heightForWidth(label.width())
            if label.height() < need or seen.height() < need:
                problems.append(f"{text[:40]!r}: {seen.height()} of {need} px high shown")
        elif QFontMetrics(label.font()).horizontalAdvance(text) > room.width():
            problems.append(f"{text[:40]!r}: wider than its {room.width()} px")
    return problems


def dock_title_room(dock: QDockWidget) -> int:
    """Pixels of the title bar left of its float/close buttons."""
    own = Qt.FindChildOption.FindDirectChildrenOnly
    buttons = [b for b in dock.findChildren(QAbstractButton, options=own) if b.isVisible()]
    right = min((b.geometry().left() for b in buttons), default=dock.width())
    margin = dock.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetTitleMargin, None, dock)
    return right - 2 * margin


@pytest.mark.parametrize("number", [1, 5, 6])
def test_lesson_text_wraps_and_is_shown_whole(qtbot, shown_window, number):
    item = lesson(number)
    for index in range(len(item.steps)):
        shown_window.lessons.show_lesson(item, index)
        settle(qtbot)
        panel = shown_window.lessons.panel
        language = "en" if shown_window.menuBar().actions()[0].text().isascii() else "zh_CN"
        note = lesson_text(item.id, index, "note", language)
        assert panel.note.text().startswith(note[:20])
        assert label_problems(panel) == [], (number, index)
    panel.show_outcome(False, "Not this time: " + item.steps[-1].note)  # a long outcome, too
    settle(qtbot)
    assert label_problems(panel) == []


def test_docks_tabs_and_menus_are_never_elided(qtbot, shown_window):
    shown_window.lessons.show_lesson(lesson(6))
    settle(qtbot)
    for dock in shown_window.findChildren(QDockWidget):
        if shown(dock):
            width = QFontMetrics(dock.font()).horizontalAdvance(dock.windowTitle())
            assert width <= dock_title_room(dock), dock.windowTitle()
    bars = [bar for bar in shown_window.findChildren(QTabBar) if bar.isVisible()]
    assert bars, "the right-hand docks are tabbed"
    for bar in bars:
        assert bar.elideMode() == Qt.TextElideMode.ElideNone
        assert bar.usesScrollButtons()
        fm = bar.fontMetrics()
        for i in range(bar.count()):
            assert bar.tabRect(i).width() >= fm.horizontalAdvance(bar.tabText(i)), bar.tabText(i)
    menu_bar = shown_window.menuBar()
    fm = menu_bar.fontMetrics()
    for action in menu_bar.actions():
        rect = menu_bar.actionGeometry(action)
        text = action.text().replace("&", "")
        assert menu_bar.rect().contains(rect), f"{text} is pushed into the overflow"
        assert rect.width() >= fm.horizontalAdvance(text), text


def drawn_height(text: str, font) -> float:
    """The height the lines of `text` take when drawn, in the fonts that draw them (Chinese
    falls back to a CJK font whose lines are taller than the widget font's)."""
    total = 0.0
    for part in text.split("\n"):
        layout = QTextLayout(part, font)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1e6)
        layout.endLayout()
        total += line.height()
    return total


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_layer_list_shows_both_lines_of_every_layer(qtbot, make_window, code):
    window = make_window()
    if code != "en":
        window.findChild(QAction, f"language-{code}").trigger()
        qtbot.waitUntil(lambda: not window.menuBar().actions()[0].text().isascii(), timeout=5000)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.findChild(QCheckBox, "editEveryLayer").setChecked(True)  # the list of layers
    settle(qtbot)
    layers = window.findChild(QListWidget, "layerList")
    assert layers.count() > 0
    for i in range(layers.count()):
        item = layers.item(i)
        assert "\n" in item.text()  # the layer, then its output shape
        need = math.ceil(drawn_height(item.text(), layers.font())) + 4  # with the item's margin
        assert layers.visualItemRect(item).height() >= need, item.text()


# ----- the network graph -------------------------------------------------------------------
@pytest.mark.parametrize("units", [1, 8, 32, 512])
def test_graph_stays_legible_for_wide_layers(qtbot, shown_window, units):
    graph = shown_window.experiment.designer.graph
    graph.set_structure(["x1", "x2"], [units] * 3, 2)  # drawn at once, at the dock's size
    scale = graph.transform().m11()
    for column in range(1, 4):
        drawn = [graph.node(column, k) for k in range(units)]
        drawn = [node for node in drawn if node is not None]
        assert len(drawn) == min(units, 8)
        for node in drawn:
            box = graph.mapFromScene(node.sceneBoundingRect()).boundingRect()
            assert min(box.width(), box.height()) >= MIN_BOX_PX
    for text in graph.text_items():
        assert QFontInfo(text.font()).pixelSize() * scale >= MIN_FONT_PX, text.text()
    markers = [m.text() for m in graph.more_markers()]
    more = QCoreApplication.translate("Network", "+{n} more").format(n=units - 8)
    assert markers == ([more] * 3 if units > 8 else [])


def test_a_small_graph_view_scrolls_rather_than_shrinking(qtbot):
    graph = NetworkGraph()
    qtbot.addWidget(graph)
    graph.resize(160, 160)
    graph.show()
    qtbot.waitExposed(graph)
    graph.set_structure(["x1", "x2", "x1^2", "x2^2"], [32] * 6, 2)
    assert graph.transform().m11() == pytest.approx(graph.min_scale())
    assert graph.verticalScrollBar().maximum() > 0 or graph.horizontalScrollBar().maximum() > 0


def test_wide_layers_keep_the_true_weight_and_thumbnail_of_each_drawn_neuron(qtbot):
    graph = NetworkGraph()
    qtbot.addWidget(graph)
    graph.set_structure(["x1", "x2"], [32, 20], 2)
    rng = np.random.default_rng(5)
    weights = [(rng.normal(size=(2, 32)), rng.normal(size=32))]
    weights += [(rng.normal(size=(32, 20)), np.zeros(20)), (rng.normal(size=(20, 2)), np.zeros(2))]
    r = 6
    ramp = np.linspace(-1, 1, 32, dtype=np.float32)  # neuron k is uniformly ramp[k]
    neurons = [np.broadcast_to(ramp[:, None, None], (32, r, r)).copy()]
    neurons += [np.zeros((20, r, r), np.float32), np.zeros((2, r, r), np.float32)]
    graph.set_snapshot({"weights": weights, "neurons": neurons, "neuron_levels": [(-1, 1)] * 3})
    w1 = weights[1][0]
    for i in range(8):
        for j in range(8):
            expected = BLUE if w1[i, j] >= 0 else ORANGE
            assert graph.link(1, i, j).pen().color().rgb() == expected.rgb()
            assert graph.link(1, i, j).i == i and graph.link(1, i, j).j == j
    assert graph.link(1, 8, 0) is None and graph.link(1, 0, 8) is None  # behind "+N more"
    assert f"{w1[3, 5]:.4g}" in graph.describe(graph.link(1, 3, 5))
    first, last = (graph.node(1, k).thumb.pixmap().toImage() for k in (0, 7))
    lut = graph._lut
    assert first.pixel(0, 0) == lut[0]  # ramp[0] = -1: full orange
    assert last.pixel(0, 0) == lut[int(np.clip((ramp[7] + 1) * 127.5, 0, 255))]
    assert first.format() != QImage.Format.Format_Invalid


# ----- the confusion matrix ----------------------------------------------------------------
def ten_class_evaluation() -> dict:
    rng = np.random.default_rng(0)
    counts = rng.integers(0, 12, size=(10, 10))
    np.fill_diagonal(counts, rng.integers(940, 1135, size=10))
    counts[3, 3] = 967
    return {
        "accuracy": float(np.trace(counts) / counts.sum()),
        "n_test": int(counts.sum()),
        "n_mistakes": int(counts.sum() - np.trace(counts)),
        "epoch": 3,
        "confusion": counts,
        "class_names": [str(d) for d in range(10)],
        "is_image": False,
    }


def test_confusion_counts_fit_square_cells(qtbot, shown_window):
    shown_window.findChild(QDockWidget, "evaluationPanelDock").raise_()
    panel = shown_window.evaluation.panel
    panel.set_evaluation(ten_class_evaluation())
    settle(qtbot)
    matrix = panel.confusion
    cell = matrix.cell_rect(0, 0)
    assert cell.width() == pytest.approx(cell.height(), abs=1.0)  # square
    assert cell.width() >= 24
    items = matrix.count_items()
    assert len(items) == 100
    assert all(item.isVisible() for item in items), "cells this big show their counts"
    for (i, j), item in zip(np.ndindex(10, 10), items, strict=True):
        text = item.textItem.sceneBoundingRect()
        assert matrix.cell_rect(i, j).contains(text), (i, j, item.textItem.toPlainText())
    assert "967" in matrix.cell_tooltip(3, 3)


def test_counts_too_small_to_read_are_hidden_and_told_in_tooltips(qtbot):
    from gui.evaluation.panel import ConfusionMatrixView

    matrix = ConfusionMatrixView()
    qtbot.addWidget(matrix)
    evaluation = ten_class_evaluation()
    matrix.set_matrix(evaluation["confusion"], evaluation["class_names"])
    matrix.plot.setMinimumSize(0, 0)  # squeezed below the size the panel would give it
    matrix.resize(160, 120)
    matrix.show()
    qtbot.waitExposed(matrix)
    settle(qtbot)
    assert not any(item.isVisible() for item in matrix.count_items())
    assert matrix.cell_tooltip(3, 3).startswith("True 3, predicted 3: 967")


# ----- words ---------------------------------------------------------------------------------
def all_actions(actions: list[QAction]):
    for action in actions:
        yield action
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield from all_actions(menu.actions())


def test_titles_name_tutorials_not_seed_files(qtbot, make_window):
    window = make_window()
    texts = [a.text() for a in all_actions(window.menuBar().actions())]
    texts += [a.toolTip() for a in all_actions(window.menuBar().actions())]
    texts += list(PRESET_TITLES.values())
    for item in LESSONS:
        texts += [item.title] + [f"{s.title} {s.note} {s.expect_text}" for s in item.steps]
    offending = [text for text in texts if JARGON.search(text)]
    assert offending == []
    assert "Tutorial 1: MLP on MNIST" in {item.title for item in LESSONS}


def test_the_window_title_names_the_app_once(qtbot, make_window):
    app = QApplication.instance()
    before = app.applicationDisplayName()
    app.setApplicationDisplayName("Neural Playground")
    try:
        window = make_window()
        window.experiment.rebuild(reload_data=False)
        # Qt appends " — Neural Playground" to the title in the window's frame
        assert "Neural Playground" not in window.windowTitle()
        assert window.windowTitle()
    finally:
        app.setApplicationDisplayName(before)


def test_a_widened_unit_counter_never_overlaps_the_next_control(qtbot):
    """A 128-unit layer's count overlapped its + button and the activation combo at 1280 px:
    the counter's range grew after it was laid out."""
    from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

    from gui.common.controls import SpinStepper

    row = QWidget()
    qtbot.addWidget(row)
    layout = QHBoxLayout(row)
    stepper = SpinStepper(1, 8, 4)
    combo = QComboBox()
    combo.addItem("ReLU")
    layout.addWidget(stepper)
    layout.addWidget(combo)
    row.resize(320, 40)
    row.show()
    qtbot.waitExposed(row)
    stepper.setRange(1, 4096)
    stepper.setValue(4096)
    label = stepper.label

    def laid_out() -> bool:
        return (
            stepper.plus.geometry().left() > label.geometry().right()
            and stepper.geometry().right() < combo.geometry().left()
        )

    qtbot.waitUntil(laid_out, timeout=2000)
    assert label.width() >= label.fontMetrics().horizontalAdvance("4096")
