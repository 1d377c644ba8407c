"""The Optimizers on a surface dock: the paths grow live, follow the sliders, clear on Reset,
start where the map is clicked, and lesson 13 opens the dock and checks its outcome."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction

import gui.surfaces.controller as surfaces_controller
from engine.experiment.spec import OPTIMIZERS
from engine.teaching.lessons import lesson
from engine.teaching.surfaces import surface
from gui.surfaces.controller import SurfacesController
from gui.surfaces.panel import RESOLUTION

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def surfaces(qtbot):
    controller = SurfacesController()
    qtbot.addWidget(controller.dock)
    yield controller
    controller.stop()


def points(curve) -> int:
    x, _y = curve.getData()
    return 0 if x is None else len(x)


def curve_xy(curve) -> np.ndarray:
    x, y = curve.getData()
    return np.column_stack([x, y])


def test_run_grows_the_paths_frame_by_frame_then_stops(qtbot, surfaces):
    panel = surfaces.panel
    assert all(points(c) == 0 for c in panel.curves.values())
    panel.step_count.setValue(100)  # nothing shown yet: nothing replays
    assert surfaces.paths == {} and not surfaces.running
    with qtbot.waitSignal(surfaces.pathsFinished, timeout=20_000) as finished:
        panel.run_button.click()
        assert surfaces.running
        qtbot.waitUntil(lambda: points(panel.curves["sgd"]) > 1)
        first = points(panel.curves["sgd"])
        assert first <= 1 + 2 * surfaces_controller.STEPS_PER_FRAME  # drawn as it grows
        qtbot.waitUntil(lambda: points(panel.curves["sgd"]) > first)
    settings, paths = finished.args
    assert not surfaces.running
    assert set(paths) == set(OPTIMIZERS) and settings.steps == 100
    assert all(p.steps == 100 or p.stopped for p in paths.values())
    for name, curve in panel.curves.items():  # every curve is its path, start included
        np.testing.assert_array_equal(curve_xy(curve), paths[name].xy)
    assert "Adam: f = " in panel.results.text()


def test_the_learning_rate_slider_redraws_the_paths(qtbot, surfaces, monkeypatch):
    monkeypatch.setattr(surfaces_controller, "STEPS_PER_FRAME", 100)
    panel = surfaces.panel
    with qtbot.waitSignal(surfaces.pathsFinished, timeout=10_000):
        panel.run_button.click()
    before = {n: curve_xy(c) for n, c in panel.curves.items()}
    items = dict(panel.curves)
    with qtbot.waitSignal(surfaces.pathsFinished, timeout=10_000):
        panel.learning_rate.setValue(0.002)  # replayed, as far as it had got
        assert surfaces.paths["adam"].steps == 0  # in chunks, one per frame: never all at once
        panel.learning_rate.setValue(0.003)  # a drag: every value replays to the steps shown
        panel.learning_rate.setValue(0.002)
    assert surfaces.settings.lr == 0.002 and surfaces.paths["adam"].steps == 500
    for name in OPTIMIZERS:
        assert panel.curves[name] is items[name]  # updated in place
        after = curve_xy(panel.curves[name])
        assert after.shape != before[name].shape or not np.allclose(after, before[name]), name
    adam_before = curve_xy(panel.curves["adam"])
    with qtbot.waitSignal(surfaces.pathsFinished, timeout=10_000):
        panel.momentum.setValue(0.5)  # only Momentum and Nesterov read it
    np.testing.assert_array_equal(curve_xy(panel.curves["adam"]), adam_before)


def test_reset_clears_the_paths_and_unchecked_optimizers_are_not_drawn(qtbot, surfaces):
    panel = surfaces.panel
    panel.optimizer_boxes["sgd"].setChecked(False)
    panel.run_button.click()
    qtbot.waitUntil(lambda: points(panel.curves["adam"]) > 1)
    assert points(panel.curves["sgd"]) == 0 and "SGD" not in panel.results.text()
    assert not panel.curves["sgd"].isVisible() and panel.curves["adam"].isVisible()
    panel.reset_button.click()
    assert not surfaces.running and surfaces.paths == {}
    assert all(points(c) == 0 for c in panel.curves.values())
    assert panel.results.text() == ""


def test_switching_surfaces_shows_the_new_one(qtbot, surfaces):
    panel = surfaces.panel
    panel.run_button.click()
    qtbot.waitUntil(lambda: points(panel.curves["adam"]) > 1)
    panel.surface_choice.setCurrentIndex(panel.surface_choice.findData("saddle"))
    assert not surfaces.running and all(points(c) == 0 for c in panel.curves.values())
    saddle = surface("saddle")
    np.testing.assert_array_equal(panel.heat.image, saddle.shade(RESOLUTION))
    assert saddle.formula in panel.plot.getPlotItem().titleLabel.text
    assert panel.minimum_marker.data.size == 0  # a saddle has no minimum
    np.testing.assert_array_equal(panel.start_marker.data[0][["x", "y"]].tolist(), saddle.start)
    panel.surface_choice.setCurrentIndex(panel.surface_choice.findData("valley"))
    assert panel.minimum_marker.data[0][["x", "y"]].tolist() == (1.0, 1.0)
    np.testing.assert_array_equal(panel.heat.image, surface("valley").shade(RESOLUTION))


def test_a_click_on_the_map_starts_a_walk_there(qtbot, surfaces):
    panel = surfaces.panel
    panel.resize(500, 600)
    panel.show()
    qtbot.waitExposed(panel)
    view = panel.plot.getPlotItem().getViewBox()
    scene_point = view.mapViewToScene(pg_point(0.5, 2.0))
    pos = panel.plot.mapFromScene(scene_point)
    with qtbot.waitSignal(panel.startChosen, timeout=2000) as chosen:
        qtbot.mouseClick(panel.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos))
    x, y = chosen.args
    assert x == pytest.approx(0.5, abs=0.05) and y == pytest.approx(2.0, abs=0.05)
    assert surfaces.running
    assert surfaces.settings.start == (x, y)
    assert tuple(surfaces.paths["sgd"].xy[0]) == (x, y)


def pg_point(x: float, y: float):
    from PySide6.QtCore import QPointF

    return QPointF(x, y)


def test_lesson_13_opens_the_dock_with_its_walk_and_checks_it(qtbot, make_window, monkeypatch):
    monkeypatch.setattr(surfaces_controller, "STEPS_PER_FRAME", 100)
    window = make_window()
    assert "surfacePanelDock" in window.docks
    view = next(a.menu() for a in window.menuBar().actions() if "View" in a.text())
    assert window.docks["surfacePanelDock"].toggleViewAction() in view.actions()
    with qtbot.waitSignal(window.surfaces.pathsFinished, timeout=20_000):
        window.findChild(QAction, "lesson-13").trigger()
    surfaces = window.surfaces
    assert not surfaces.dock.isHidden()
    assert surfaces.panel.surface_choice.currentData() == "valley"
    assert surfaces.panel.learning_rate.value() == 0.001
    outcome = window.lessons.panel.outcome.text()
    assert outcome == "✓ As expected: Momentum ends closer to the minimum than SGD."
    with qtbot.waitSignal(window.surfaces.pathsFinished, timeout=20_000):
        window.lessons.panel.next_button.click()
    assert surfaces.panel.learning_rate.value() == 0.03
    assert window.lessons.panel.outcome.text().startswith("✓ As expected: Adam ends closer")
    window.close()
    assert not surfaces.running


def test_lesson_13_and_the_results_are_shown_whole_at_1280x800(qtbot, make_window, monkeypatch):
    from tests.test_layout_legibility import label_problems, settle

    monkeypatch.setattr(surfaces_controller, "STEPS_PER_FRAME", 100)
    window = make_window()
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    item = lesson("optimizers-surface")
    for index in range(len(item.steps)):
        with qtbot.waitSignal(window.surfaces.pathsFinished, timeout=20_000):
            window.lessons.show_lesson(item, index)
        settle(qtbot)
        assert window.lessons.panel.outcome.text().startswith("✓ As expected")
        assert label_problems(window.lessons.panel) == [], index
        assert window.surfaces.panel.results.isVisible()  # raised in front of its tabs
        assert label_problems(window.surfaces.panel) == [], index
