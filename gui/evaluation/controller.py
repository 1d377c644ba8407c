"""The main window's Keras side: TensorFlow loading in the background, the Presets menu, the
evaluation panel, and which view (decision boundary or evaluation) suits the data.

A mixin, like `FileActions`, so `main_window.py` keeps to wiring and decisions. Nothing here
imports TensorFlow: the worker builds Keras models in its own thread, and `TensorFlowLoader`
starts the import in a daemon thread the first time a Keras engine is chosen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtGui import QAction

from engine.experiment.presets import PRESETS, preset
from engine.experiment.spec import Experiment, SpecError
from gui.experiment.layer_list_editor import image_layer_problem
from gui.training.tf_loader import TensorFlowLoader

PRESET_TITLES = {
    "seed0-mlp": "Seed 0: MLP 784-256-256-10",
    "seed1-cnn": "Seed 1: small tanh CNN, augmented",
    "seed2-cnn": "Seed 2: CNN 32-64 conv, dense 1024",
    "lenet5": "LeNet-5 (1998)",
    "best-cnn": "Best CNN: BatchNorm + augmentation",
}


class KerasActions:
    """Mixin for MainWindow (needs session, spec_model, docks, evaluation, labels, statusBar)."""

    def setup_keras(self: Any) -> None:
        """Connect the loader, the evaluation panel and the Presets menu (call once, last)."""
        self.tf_loader = TensorFlowLoader(self)
        self.tf_loader.loaded.connect(self._on_tensorflow_loaded)
        self.session.trainerReady.connect(self._on_keras_trainer_ready)
        self.session.evaluationReady.connect(self._on_evaluation_ready)
        self.evaluation.evaluateRequested.connect(self._on_evaluate_requested)
        self.evaluation.autoEvaluateToggled.connect(self._on_auto_evaluate_toggled)
        self.presets_menu = _build_presets_menu(self)

    @staticmethod
    def check_image_layers(exp: Experiment) -> None:
        """Refuse a CNN whose layers shrink the image to nothing, before Keras does, with
        a message that names the layer (Keras's own is a long traceback-like text)."""
        problem = image_layer_problem(exp.layers) if exp.model == "cnn" else ""
        if problem and exp.data.is_image:
            raise SpecError(problem)

    def prepare_views(self: Any, exp: Experiment) -> None:
        """A new network: clear the evaluation, raise the view that suits the data, and start
        loading TensorFlow if this is the first Keras model."""
        self.evaluation.clear()
        dock = self.docks["evaluationPanel" if exp.data.is_image else "decisionBoundary"]
        if self.tabifiedDockWidgets(dock):
            dock.raise_()
        self.boundary.setEnabled(not exp.data.is_image)  # no plane to draw for 784 pixels
        title = "Decision boundary (2-D data only)" if exp.data.is_image else "Decision boundary"
        self.docks["decisionBoundary"].setWindowTitle(title)
        if exp.engine == "keras" and self.tf_loader.start():
            self.labels["device"].setText("Loading TensorFlow…")
            self.statusBar().showMessage(
                "Loading TensorFlow… (the first time takes a few seconds; the window stays usable)"
            )

    # ----- slots --------------------------------------------------------------------------
    @Slot(str)
    def _on_tensorflow_loaded(self: Any, error: str) -> None:
        if error:
            self.labels["device"].setText("no TensorFlow")
            self.show_error("TensorFlow is not available", error)
        elif self.labels["device"].text().startswith("Loading"):
            self.statusBar().showMessage("TensorFlow loaded; building the network…", 4000)

    @Slot(dict)
    def _on_keras_trainer_ready(self: Any, info: dict) -> None:
        if info.get("note"):  # e.g. a GPU was asked for and none was found
            self.statusBar().showMessage(info["note"], 15_000)
        elif info.get("engine") == "keras":
            self.statusBar().showMessage(f"Keras model ready on {info['device']}", 4000)

    @Slot(dict)
    def _on_evaluation_ready(self: Any, evaluation: dict) -> None:
        self.evaluation.set_evaluation(evaluation)

    @Slot()
    def _on_evaluate_requested(self: Any) -> None:
        if self.session.trainer is None:
            self.statusBar().showMessage("There is no network to evaluate yet.", 5000)
            return
        self.statusBar().showMessage("Evaluating on the test set…", 3000)
        self.session.evaluate()

    @Slot(bool)
    def _on_auto_evaluate_toggled(self: Any, on: bool) -> None:
        self.session.set_auto_evaluate(on)

    @Slot(QAction)
    def _on_preset_triggered(self: Any, action: QAction) -> None:
        name = str(action.data())
        exp = preset(name)
        current = self.spec_model.experiment
        if current.data.is_image:  # keep the MNIST file the user already pointed us to
            exp.data.path = current.data.path
        self.spec_model.replace(exp)
        self.statusBar().showMessage(f"Preset {PRESET_TITLES.get(name, name)} loaded", 8000)
        if exp.data.is_image:
            self.data_panel.mnist.verify(exp.data.path)  # offers a file or a download if absent


def _build_presets_menu(window: Any) -> Any:
    """A Presets menu before View: one entry per engine preset, its docstring as the tip."""
    bar = window.menuBar()
    menu = bar.addMenu("&Presets")
    menu.setObjectName("presetsMenu")
    menu.setToolTipsVisible(True)
    for name, make in PRESETS.items():
        action = menu.addAction(PRESET_TITLES.get(name, name))
        action.setObjectName(f"preset-{name}")
        action.setData(name)
        tip = (make.__doc__ or name).strip().splitlines()[0]
        action.setToolTip(tip)
        action.setStatusTip(tip)
    view = next((a for a in bar.actions() if a.text().replace("&", "") == "View"), None)
    if view is not None:
        bar.insertMenu(view, menu)
    menu.triggered.connect(window._on_preset_triggered)
    return menu
