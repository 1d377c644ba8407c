"""The Network panel's Keras backend choice (#13): it shows the experiment's backend, greys out
the missing ones with the pip extra that adds each, takes effect before Keras is loaded, waits
for a restart (remembered, and said plainly) once Keras runs on another, and the status bar
names the backend a Keras model trains on.

Only the tests marked `needs_keras` load Keras; the others never start a Keras network, so they
stay fast and cannot fix this process's backend.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox

from engine.experiment.presets import preset
from engine.experiment.spec import Experiment, LayerSpec
from engine.keras_import import BACKEND_TITLES, BACKENDS, installed_backends
from gui.common.settings import app_settings
from gui.experiment import backend_choice
from gui.experiment.backend_choice import (
    AFTER_RESTART_KEY,
    CHOSEN_KEY,
    default_to_remembered,
    remember_backend,
)
from gui.experiment.designer_panel import DesignerPanel
from gui.experiment.last_experiment import load_last_experiment
from gui.experiment.spec_model import STRUCTURE, SpecModel
from tests.keras_backend import BACKEND, needs_keras

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TF_TIMEOUT = 90_000  # ms: the first Keras import and trace take seconds on busy cores


def xor(engine: str = "numpy", backend: str = "tensorflow") -> Experiment:
    exp = Experiment(engine=engine, model="mlp", backend=backend)
    exp.data.name, exp.data.points = "xor", 100
    exp.layers = [LayerSpec(units=4, activation="tanh")]
    return exp


def choose(box: QComboBox, backend: str) -> None:
    """What a user's pick does: the box shows it, then says it was activated."""
    index = box.findData(backend)
    box.setCurrentIndex(index)
    box.activated.emit(index)


def panel_for(qtbot, exp: Experiment) -> DesignerPanel:
    panel = DesignerPanel(SpecModel(exp))
    qtbot.addWidget(panel)
    return panel


@pytest.fixture
def all_installed(monkeypatch):
    monkeypatch.setattr(backend_choice, "installed_backends", lambda: list(BACKENDS))


def test_the_backend_box_shows_the_experiment_after_a_preset_or_a_file(qtbot, all_installed):
    panel = panel_for(qtbot, xor())
    assert not panel.backend.isVisibleTo(panel)  # a NumPy model has no Keras backend
    cnn = preset("seed2-cnn")
    cnn.backend = "jax"
    panel._spec.replace(cnn)
    assert panel.backend.currentData() == "jax" and panel.backend.isVisibleTo(panel)
    opened = Experiment.from_json(xor("keras", "torch").to_json())
    panel._spec.replace(opened)
    assert panel.backend.currentData() == "torch" and panel.backend.currentText() == "PyTorch"
    panel._spec.replace(xor("numpy"))
    assert not panel.backend.isVisibleTo(panel)


def test_a_missing_backend_is_greyed_out_and_names_its_pip_extra(qtbot, monkeypatch):
    monkeypatch.setattr(backend_choice, "installed_backends", lambda: ["tensorflow"])
    panel = panel_for(qtbot, xor("keras"))
    items = {panel.backend.itemData(i): panel.backend.model().item(i) for i in range(3)}
    assert items["tensorflow"].isEnabled()
    assert not items["jax"].isEnabled() and not items["torch"].isEnabled()
    tip = Qt.ItemDataRole.ToolTipRole
    assert items["jax"].data(tip) == "JAX — not installed: pip install -e '.[jax]'"
    assert items["torch"].data(tip) == "PyTorch — not installed: pip install -e '.[torch]'"
    assert items["jax"].text() == "JAX (not installed)"


def test_before_keras_is_loaded_a_choice_edits_the_experiment(qtbot, monkeypatch, all_installed):
    monkeypatch.setattr(backend_choice, "window_backend", lambda: None)
    panel = panel_for(qtbot, xor("keras"))
    deferred = []
    panel.backendDeferred.connect(deferred.append)
    with qtbot.waitSignal(panel._spec.changed, check_params_cb=lambda k: k == STRUCTURE):
        choose(panel.backend, "jax")
    assert panel._spec.experiment.backend == "jax"
    assert not deferred
    settings = app_settings()
    assert settings.value(CHOSEN_KEY) == "jax" and settings.value(AFTER_RESTART_KEY) is None


def test_after_keras_is_loaded_another_backend_waits_for_a_restart(
    qtbot, make_window, monkeypatch, all_installed
):
    monkeypatch.setattr(backend_choice, "window_backend", lambda: "tensorflow")
    monkeypatch.setattr(backend_choice, "import_under_way", lambda: False)
    win = make_window(xor())  # a NumPy network: nothing here loads Keras
    designer, trainer = win.experiment.designer, win.trainer
    choose(designer.backend, "jax")
    said = (
        "Keras already runs on TensorFlow in this window; "
        "JAX will be used after you restart the app."
    )
    assert win.spec_model.experiment.backend == "tensorflow"
    assert designer.backend.currentData() == "tensorflow"  # the box shows what the spec holds
    assert win.trainer is trainer  # nothing changed, so no new network
    settings = app_settings()
    assert settings.value(CHOSEN_KEY) == "jax" and settings.value(AFTER_RESTART_KEY) == "jax"
    boxes = win.findChildren(QMessageBox, "errorMessage")
    assert [b.text() for b in boxes] == [said]
    assert said in win.statusBar().currentMessage()
    # once told, a second such choice only says so in the status bar
    choose(designer.backend, "torch")
    assert len(win.findChildren(QMessageBox, "errorMessage")) == 1
    assert "PyTorch will be used after you restart" in win.statusBar().currentMessage()
    # choosing the loaded backend again drops the choice that waited for a restart
    choose(designer.backend, "tensorflow")
    assert settings.value(AFTER_RESTART_KEY) is None and settings.value(CHOSEN_KEY) == "tensorflow"
    assert win.statusBar().currentMessage() == "Keras stays on TensorFlow, after a restart too."


def test_an_experiment_on_another_backend_is_put_on_the_one_keras_runs_on(
    qtbot, monkeypatch, all_installed
):
    monkeypatch.setattr(backend_choice, "window_backend", lambda: "tensorflow")
    panel = panel_for(qtbot, xor("keras", "torch"))  # e.g. an opened file
    deferred = []
    panel.backendDeferred.connect(deferred.append)
    choose(panel.backend, "jax")
    assert panel._spec.experiment.backend == "tensorflow"  # trainable in this window
    assert deferred and deferred[0].endswith("JAX will be used after you restart the app.")


def test_the_remembered_backend_is_the_default_at_the_next_start(qtbot, monkeypatch):
    monkeypatch.setattr(backend_choice, "installed_backends", lambda: ["tensorflow", "jax"])
    settings = app_settings()
    remember_backend(settings, "jax", fixed="tensorflow")
    environ: dict[str, str] = {}
    assert default_to_remembered(settings, environ) == "jax"
    assert environ == {"KERAS_BACKEND": "jax"}
    told = {"KERAS_BACKEND": "tensorflow"}  # the user's own variable wins
    assert default_to_remembered(settings, told) is None and told["KERAS_BACKEND"] == "tensorflow"
    remember_backend(settings, "torch", fixed=None)  # not installed: no default from it
    assert default_to_remembered(settings, {}) is None


def test_the_restored_experiment_takes_the_backend_chosen_for_after_the_restart(
    qtbot, make_window, monkeypatch
):
    monkeypatch.setattr(backend_choice, "installed_backends", lambda: ["tensorflow", "jax"])
    settings = app_settings()
    settings.setValue("lastExperiment", xor().to_json())
    remember_backend(settings, "jax", fixed="tensorflow")
    win = make_window()
    assert win.spec_model.experiment.backend == "jax"
    assert win.experiment.designer.backend.currentData() == "jax"
    assert app_settings().value(AFTER_RESTART_KEY) is None  # used once
    assert load_last_experiment(app_settings())[0].backend == "tensorflow"


def test_the_status_bar_names_the_backend_of_a_keras_model(qtbot, make_window):
    win = make_window(xor())
    win.status._on_trainer_ready({"device": "gpu (NVIDIA H200)", "backend": "JAX"})
    assert win.status.labels["device"].text() == "gpu (NVIDIA H200) · JAX"
    win.status._on_trainer_ready({"device": "cpu", "backend": ""})  # NumPy: no backend
    assert win.status.labels["device"].text() == "cpu"


@needs_keras
def test_a_keras_network_shows_its_device_and_backend(qtbot, make_window):
    win = make_window(xor("keras", BACKEND))
    shown = f"{win.trainer.model.device} · {BACKEND_TITLES[BACKEND]}"
    qtbot.waitUntil(lambda: win.status.labels["device"].text() == shown, timeout=5000)


@needs_keras
@pytest.mark.skipif(len(installed_backends()) < 2, reason="needs two Keras backends")
def test_an_opened_experiment_on_another_backend_says_what_to_do(qtbot, make_window):
    from gui.training.keras_loader import start_import, wait_for_keras

    start_import(BACKEND)  # this process's Keras, loaded the way the window loads it
    assert wait_for_keras(BACKEND, lambda: False)
    other = next(name for name in installed_backends() if name != BACKEND)
    win = make_window(xor())
    win.spec_model.replace(Experiment.from_json(xor("keras", other).to_json()))
    qtbot.waitUntil(lambda: "Restart" in win.statusBar().currentMessage(), timeout=TF_TIMEOUT)
    message = win.statusBar().currentMessage()
    loaded, wanted = BACKEND_TITLES[BACKEND], BACKEND_TITLES[other]
    assert message.startswith(f"Error: Keras already runs on {loaded} in this process")
    assert f"Restart the program to use {wanted}, or choose {loaded}." in message
    assert "Backend box is in the Network panel" in message and "Traceback" not in message
    assert win.trainer is None
    # doing what it says: the Backend box puts the experiment on the loaded backend, and it trains
    designer = win.experiment.designer
    assert designer.backend.currentData() == other
    choose(designer.backend, BACKEND)
    assert win.spec_model.experiment.backend == BACKEND
    qtbot.waitUntil(lambda: win.trainer is not None, timeout=TF_TIMEOUT)


@needs_keras
@pytest.mark.skipif(len(installed_backends()) < 2, reason="needs two Keras backends")
def test_a_saved_keras_model_from_another_backend_opens_on_this_windows(
    qtbot, make_window, tmp_path
):
    import numpy as np

    win = make_window(xor("keras", BACKEND))
    x = np.random.default_rng(0).uniform(-5, 5, (16, 2)).astype(np.float32)

    def predict() -> np.ndarray:
        return win.session.call(lambda t: t.model.predict_proba(x)).result(timeout=60)

    before = predict()
    path = tmp_path / "model.keras"
    assert win.files.save_model(path)
    other = next(name for name in installed_backends() if name != BACKEND)
    saved = xor("keras", other)  # as if the file had been saved in a window on `other`
    old = win.trainer
    win.experiment.train_model(path, saved)
    qtbot.waitUntil(lambda: win.trainer is not None and win.trainer is not old, timeout=TF_TIMEOUT)
    assert win.spec_model.experiment.backend == BACKEND
    assert win.experiment.designer.backend.currentData() == BACKEND
    np.testing.assert_allclose(predict(), before, atol=1e-5)


START_CHECK = """
import json, sys
from PySide6.QtWidgets import QApplication
import gui.window.main_window as main_window
from engine.experiment.spec import Experiment

seen = {}

class Window:  # stands in for MainWindow: what a new experiment gets when the window is made
    def __init__(self, home=None):
        seen["backend"] = Experiment().backend

    def show(self):
        pass

main_window.MainWindow = Window
QApplication.exec = lambda self: 0
from gui.window.app import run_app

seen["code"] = run_app([])
seen["keras_imported"] = "keras" in sys.modules
print("SEEN" + json.dumps(seen))
"""


@pytest.mark.skipif(len(installed_backends()) < 2, reason="needs a second Keras backend")
def test_the_app_starts_new_experiments_on_the_remembered_backend(tmp_path):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    chosen = next(name for name in installed_backends() if name != "tensorflow")
    settings = app_settings()
    remember_backend(settings, chosen, fixed=None)
    env = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", START_CHECK],
        cwd=root,
        env={**env, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("SEEN")), None)
    assert line is not None, done.stderr[-3000:]
    seen = json.loads(line.removeprefix("SEEN"))
    assert seen == {"backend": chosen, "code": 0, "keras_imported": False}
