"""A lesson step that works in a view opens it (Step.opens, a dock's objectName): lesson 11
shows and raises the One neuron dock, even after the learner closed it (#12)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction

from engine.teaching.lessons import LESSONS, lesson

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _opened() -> list[tuple[int, int, str]]:
    return [(item.number, i, step.opens) for item in LESSONS for i, step in enumerate(item.steps)]


def test_lesson_11_declares_the_one_neuron_dock_and_its_note_says_it_opens():
    step = lesson("one-neuron").steps[0]
    assert step.opens == "neuronPanelDock"
    assert "One neuron view (View › One neuron) opens" in step.note


def test_every_dock_a_step_opens_is_one_the_window_has(qtbot, make_window):
    win = make_window()
    names = {name for _, _, name in _opened() if name}
    assert names and names <= set(win.docks), names - set(win.docks)


def _in_front(dock) -> bool:
    """Shown and the current tab of its group (a tab behind others has no visible region)."""
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def test_starting_lesson_11_shows_and_raises_the_one_neuron_dock(qtbot, make_window):
    win = make_window()
    win.show()
    qtbot.waitExposed(win)
    dock = win.neuron.dock
    boundary = win.docks["decisionBoundaryDock"]
    assert boundary in win.tabifiedDockWidgets(dock)
    dock.close()  # the learner had closed the One neuron view
    qtbot.waitUntil(lambda: not dock.isVisible() and _in_front(boundary))
    win.findChild(QAction, "lesson-11").trigger()
    qtbot.waitUntil(lambda: _in_front(dock))
    assert not _in_front(boundary)
    # a lesson that declares no dock leaves the views as they are
    boundary.raise_()
    qtbot.waitUntil(lambda: _in_front(boundary))
    win.findChild(QAction, "lesson-1").trigger()
    qtbot.wait(100)
    assert _in_front(boundary) and not _in_front(dock)
