"""The Presets menu's entries: one per engine preset, its docstring as the tip. Choosing one
replaces the experiment (keeping an MNIST file the user already pointed to).

The titles name the tutorials by number (Tutorial 1-4, in the order of the source tutorials);
the keys ("seed0-mlp") are the presets' names in the CLI and in experiment files, and stay."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction, QActionGroup

from engine.experiment.presets import PRESETS, preset
from gui.common.i18n import MENU, set_ui_text
from gui.common.reporter import StatusReporter
from gui.experiment.mnist_source import MnistSourceBox
from gui.experiment.spec_model import SpecModel

PRESET_TITLES = {
    "tutorial1-perceptron": QT_TRANSLATE_NOOP("Menu", "Tutorial 1: perceptron on OR, as written"),
    "tutorial1-mlp-as-written": QT_TRANSLATE_NOOP(
        "Menu", "Tutorial 1: MLP 784-256-256-10, as written"
    ),
    "seed0-mlp": QT_TRANSLATE_NOOP("Menu", "Tutorial 1: MLP 784-256-256-10, improved"),
    "tutorial2-cnn-as-written": QT_TRANSLATE_NOOP("Menu", "Tutorial 2: small tanh CNN, as written"),
    "seed1-cnn": QT_TRANSLATE_NOOP("Menu", "Tutorial 2: small tanh CNN, improved (augmented)"),
    "tutorial3-cnn-as-written": QT_TRANSLATE_NOOP(
        "Menu", "Tutorial 3: CNN 32-64 conv, dense 1024, as written"
    ),
    "seed2-cnn": QT_TRANSLATE_NOOP("Menu", "Tutorial 3: CNN 32-64 conv, dense 1024, improved"),
    "lenet5": QT_TRANSLATE_NOOP("Menu", "LeNet-5 (1998)"),
    "best-cnn": QT_TRANSLATE_NOOP("Menu", "Best CNN: BatchNorm + augmentation"),
}


class PresetsMenu(QObject):
    """The actions of the Presets menu (`menu_actions`) and what choosing one does."""

    def __init__(
        self,
        spec_model: SpecModel,
        mnist: MnistSourceBox,
        reporter: StatusReporter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._spec = spec_model
        self._mnist = mnist
        self._reporter = reporter
        self._group = QActionGroup(self)
        self._group.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
        for name, make in PRESETS.items():
            action = QAction(self._group)
            set_ui_text(action, MENU, PRESET_TITLES.get(name, name))
            action.setObjectName(f"preset-{name}")
            action.setData(name)
            tip = (make.__doc__ or name).strip().splitlines()[0]
            action.setToolTip(tip)
            action.setStatusTip(tip)
        self._group.triggered.connect(self._on_preset_triggered)
        self.menu_actions: dict[str, list[QAction]] = {"presets": self._group.actions()}

    @Slot(QAction)
    def _on_preset_triggered(self, action: QAction) -> None:
        name = str(action.data())
        exp = preset(name)
        current = self._spec.experiment
        if current.data.is_image:  # keep the MNIST file the user already pointed us to
            exp.data.path = current.data.path
        self._spec.replace(exp)
        title = QCoreApplication.translate("Menu", PRESET_TITLES.get(name, name))
        loaded = QCoreApplication.translate("Network", "Preset {preset} loaded")
        self._reporter.show_message(loaded.format(preset=title), 8000)
        if exp.data.is_image:
            self._mnist.verify(exp.data.path)  # offers a file or a download if absent
