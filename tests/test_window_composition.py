"""The window is a composition root: QMainWindow alone as its base, every feature's dock named
once and listed in View, the menus in one fixed order, and every view paintable (`grab()`)
while a NumPy or a Keras network trains."""

from __future__ import annotations

import inspect

import pytest
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMessageBox

from engine.experiment.spec import Experiment, LayerSpec
from gui.window.docks import PLACEMENT
from gui.window.main_window import MainWindow
from tests.keras_backend import needs_keras  # noqa: E402

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning"),  # Keras
]
MENU_ORDER = ["File", "Data", "Training", "Presets", "Lessons", "View", "Help"]
TF_TIMEOUT = 90_000  # ms: the first TensorFlow import and trace take seconds on 2 shared cores
STEPS = 20


def xor_experiment(engine: str = "numpy") -> Experiment:
    exp = Experiment(engine=engine, model="mlp")
    exp.data.name, exp.data.points = "xor", 200
    exp.layers = [LayerSpec(units=4, activation="tanh")]
    exp.training.epochs = 10_000  # still training while the views are grabbed
    return exp


def test_the_window_inherits_from_qmainwindow_alone():
    ours = [
        cls
        for cls in inspect.getmro(MainWindow)
        if cls is not object and not cls.__module__.startswith(("PySide6", "shiboken6", "Shiboken"))
    ]
    assert ours == [MainWindow]
    assert MainWindow.__bases__ == (QMainWindow,)


def test_every_dock_is_named_once_placed_and_listed_in_view(qtbot, make_window):
    win = make_window(xor_experiment())
    docks = win.findChildren(QDockWidget)
    names = [dock.objectName() for dock in docks]
    assert len(docks) >= 11 and all(names)
    assert len(set(names)) == len(names), f"duplicate dock names: {sorted(names)}"
    assert set(names) == set(win.docks) == set(PLACEMENT)
    view = win.menus["view"]
    listed = set(view.actions())
    for dock in docks:
        assert dock.toggleViewAction() in listed, dock.objectName()
    assert any(a.text().replace("&", "") == "Reset layout" for a in view.actions())


def test_the_menus_come_in_a_fixed_order(qtbot, make_window):
    win = make_window(xor_experiment())
    titles = [a.text().replace("&", "") for a in win.menuBar().actions()]
    assert titles == MENU_ORDER
    assert [m.title().replace("&", "") for m in win.menus.values()] == MENU_ORDER
    for key in ("presets", "lessons", "help"):
        assert win.menus[key].objectName() == f"{key}Menu"
        assert win.menus[key].actions(), key


@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise)")
def test_reset_layout_brings_back_a_closed_and_a_floating_dock(qtbot, make_window):
    win = make_window(xor_experiment())
    win.show()
    qtbot.waitExposed(win)
    loss, data = win.docks["lossPlotDock"], win.docks["dataPanelDock"]
    loss.close()
    data.setFloating(True)
    win.dock_layout.reset_action.trigger()
    assert loss.isVisible() and not data.isFloating()
    assert not win.docks["lessonPanelDock"].isVisible()  # hidden until a lesson is chosen


def grab_everything(win: MainWindow) -> None:
    """Paint every dock's widget and the whole window into pixmaps."""
    for name, dock in win.docks.items():
        pixmap = dock.widget().grab()
        assert not pixmap.isNull(), name
    assert not win.grab().isNull()


def train_and_grab(qtbot, win: MainWindow, timeout: int) -> None:
    win.resize(1300, 900)
    win.show()
    qtbot.waitExposed(win)
    win.docks["lessonPanelDock"].show()  # hidden docks are grabbed too
    win.session.resume()
    qtbot.waitUntil(
        lambda: win.trainer is not None and win.trainer.step_count >= STEPS, timeout=timeout
    )
    qtbot.waitUntil(lambda: win.live.boundary.image() is not None, timeout=timeout)
    assert win.session.state == "running"
    grab_everything(win)
    for dock in win.docks.values():  # each tab in front once, as a user would click through
        dock.raise_()
        qtbot.wait(40)  # a redraw tick or two while it is shown
        assert not dock.widget().grab().isNull(), dock.objectName()
    assert win.session.state == "running"
    win.session.pause()


def test_every_view_can_be_grabbed_while_numpy_trains(qtbot, make_window):
    win = make_window(xor_experiment())
    train_and_grab(qtbot, win, timeout=15_000)


@needs_keras
def test_every_view_can_be_grabbed_while_keras_trains(qtbot, make_window):
    win = make_window(xor_experiment("keras"))
    assert win.trainer.spec.engine == "keras"
    train_and_grab(qtbot, win, timeout=TF_TIMEOUT)


@pytest.mark.parametrize("engine", ["numpy", "keras"])
def test_closing_the_window_while_each_engine_trains_exits_cleanly(qtbot, make_window, engine):
    """Close mid-run: the window goes within a couple of seconds, its thread is asked to stop
    and ends (the teardown check fails a thread left running), and settings are saved."""
    from gui.training.threads import running_threads, unstopped_threads

    win = make_window(xor_experiment(engine))
    win.transport.action_for["train"].trigger()
    qtbot.waitUntil(lambda: win.trainer.step_count >= STEPS, timeout=TF_TIMEOUT)
    win.close()
    assert not unstopped_threads()
    qtbot.waitUntil(lambda: not running_threads(), timeout=30_000)
    assert win.settings.value("lastExperiment")


def test_a_wrongly_typed_experiment_file_gets_a_message_and_changes_nothing(
    qtbot, make_window, tmp_path
):
    win = make_window(xor_experiment())
    before = win.spec_model.experiment.to_dict()
    bad = tmp_path / "typed.json"
    bad.write_text('{"data": {"features": 5}}')
    assert win.files.open_experiment(bad) is False
    box = win.findChild(QMessageBox, "errorMessage")
    assert box is not None and "typed.json" in box.text() and "data.features" in box.text()
    assert win.spec_model.experiment.to_dict() == before


def test_garbage_is_collected_only_in_the_gui_thread(qtbot, make_window):
    """A collection in the training thread could destroy a Qt object there and deadlock the
    window (Qt lock vs. GIL); the window leaves collection to a GUI-thread timer."""
    import gc

    from gui.common.gui_gc import collect_garbage_in_gui_thread

    make_window(xor_experiment())
    collector = collect_garbage_in_gui_thread()
    assert not gc.isenabled()
    assert (
        collector.timer.isActive() and collector.timer.thread() is QApplication.instance().thread()
    )
