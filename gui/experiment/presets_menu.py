"""The Presets menu's entries: one per engine preset, its docstring as the tip. Choosing one
replaces the experiment (keeping the file of that image set the user already pointed to).

The tutorials' presets (MNIST and the OR gate) come first; the presets of another image set
(Fashion-MNIST, CIFAR-10) sit in a submenu named after it. The titles name the tutorials by
number (Tutorial 1-4, in the order of the source tutorials); the keys ("seed0-mlp") are the
presets' names in the CLI and in experiment files, and stay."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from engine.data.image_sets import image_set
from engine.experiment.presets import PRESETS, preset
from gui.common.i18n import MENU, set_ui_text
from gui.common.reporter import StatusReporter
from gui.experiment.image_source import ImageSourceBox
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
    "fashion-small-cnn": QT_TRANSLATE_NOOP("Menu", "Small CNN (a few CPU minutes)"),
    "fashion-cnn": QT_TRANSLATE_NOOP("Menu", "Stronger CNN: BatchNorm + dropout"),
    "cifar-small-cnn": QT_TRANSLATE_NOOP("Menu", "Small CNN (a few CPU minutes)"),
    "cifar-cnn": QT_TRANSLATE_NOOP("Menu", "Stronger CNN: three VGG-style blocks (for a GPU)"),
}


# Each preset's tip: the first paragraph of its docstring (tests/test_presets_menu_tips.py keeps
# them equal), marked here so the catalogue can translate it.
PRESET_TIPS = {
    "tutorial1-perceptron": QT_TRANSLATE_NOOP(
        "Presets",
        "Tutorial 1's perceptron as written: OR gate, ReLU unit, SSE, gradient descent lr 0.01.",
    ),
    "tutorial1-mlp-as-written": QT_TRANSLATE_NOOP(
        "Presets",
        "Tutorial 1's MLP as written: 784-256-256-10, ReLU, Adam 1e-3, batch 100, 15 epochs, "
        "every weight and bias drawn from N(0, 1) (``tf.random_normal``).",
    ),
    "seed0-mlp": QT_TRANSLATE_NOOP(
        "Presets",
        "Tutorial 1: MLP 784-256-256-10, ReLU, softmax cross-entropy, Adam 1e-3, batch 100.",
    ),
    "tutorial2-cnn-as-written": QT_TRANSLATE_NOOP(
        "Presets",
        "Tutorial 2's CNN as written: conv 4@5x5 tanh, 8@3x3 tanh, pool, 16@3x3 relu, pool, "
        "dense 128 tanh; SGD lr 0.05, Nesterov momentum 0.9, decay 1e-6; batch 100, 10 epochs, "
        "validation split 0.2; no augmentation (the tutorial's ImageDataGenerator block sits "
        "inside a triple-quoted string, so it never ran).",
    ),
    "seed1-cnn": QT_TRANSLATE_NOOP(
        "Presets",
        "Tutorial 2: a small tanh/ReLU CNN, SGD+Nesterov, validation split 0.2, augmentation.",
    ),
    "tutorial3-cnn-as-written": QT_TRANSLATE_NOOP(
        "Presets",
        "Tutorial 3's CNN as written: conv 32@5x5 relu, pool, conv 64@3x3 relu, pool, dense "
        "1024 with no activation, dropout rate 0.75, Adam 1e-3, batch 128.",
    ),
    "seed2-cnn": QT_TRANSLATE_NOOP(
        "Presets",
        "Tutorial 3: conv 32@5x5 → pool → conv 64@3x3 → pool → dense 1024 → dropout → 10.",
    ),
    "lenet5": QT_TRANSLATE_NOOP(
        "Presets",
        "LeCun et al. 1998: 6@5x5 (same) → avgpool → 16@5x5 → avgpool → 120 → 84 → 10, tanh.",
    ),
    "best-cnn": QT_TRANSLATE_NOOP(
        "Presets",
        "Our design for >= 99.5 %: three convolutions each followed by BatchNorm, augmentation "
        "(rotation, shift, zoom), dropout, and an Adam rate decaying 15 % per epoch over 24. "
        "Measured: 99.52 % in 14 minutes on two CPU cores (BENCHMARKS.md).",
    ),
    "fashion-small-cnn": QT_TRANSLATE_NOOP(
        "Presets",
        "Fashion-MNIST, small: conv 16@3x3 → pool → conv 32@3x3 → pool → dense 64 → 10, ReLU, "
        "Adam 1e-3, batch 128, 5 epochs.",
    ),
    "fashion-cnn": QT_TRANSLATE_NOOP(
        "Presets",
        "Fashion-MNIST, stronger: two padded convolutions (32, 64 @3x3), each with BatchNorm, a "
        "pool and dropout 0.25, then dense 128 with BatchNorm and dropout 0.4; Adam 1e-3 "
        "decaying 10 % per epoch over 10 epochs. 92.3 % on the test set in about 6 CPU minutes.",
    ),
    "cifar-small-cnn": QT_TRANSLATE_NOOP(
        "Presets",
        "CIFAR-10, small: conv 32@3x3 → pool → conv 64@3x3 → pool (padded) → dense 128 → "
        "dropout 0.3 → 10, ReLU, Adam 1e-3, batch 64, 8 epochs.",
    ),
    "cifar-cnn": QT_TRANSLATE_NOOP(
        "Presets",
        "CIFAR-10, stronger: three VGG-style blocks of two padded 3x3 convolutions (32, 64, 128 "
        "filters), each with BatchNorm, then a pool and dropout; dense 128; augmentation "
        "(rotation, shift, zoom, left-right flip); Adam 1e-3 decaying 5 % per epoch over 30.",
    ),
}


GROUPED_SETS = ("fashion_mnist", "cifar10")  # image sets whose presets get their own submenu


class PresetsMenu(QObject):
    """The actions of the Presets menu (`menu_actions`) and what choosing one does."""

    def __init__(
        self,
        spec_model: SpecModel,
        source: ImageSourceBox,
        reporter: StatusReporter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._spec = spec_model
        self._source = source
        self._reporter = reporter
        self._group = QActionGroup(self)
        self._group.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
        entries: list[QAction | QMenu | None] = []
        self.submenus: dict[str, QMenu] = {}  # data set -> the submenu of its presets
        for name in PRESETS:
            action = QAction(self._group)
            set_ui_text(action, MENU, PRESET_TITLES.get(name, name))
            action.setObjectName(f"preset-{name}")
            action.setData(name)
            tip = PRESET_TIPS.get(name, name)
            set_ui_text(action, "Presets", tip, "setToolTip")
            set_ui_text(action, "Presets", tip, "setStatusTip")
            data = preset(name).data.name
            if data in GROUPED_SETS:
                if data not in self.submenus:
                    menu = QMenu(image_set(data).title)  # a data set's name: never translated
                    menu.setObjectName(f"presets-{data}")
                    menu.setToolTipsVisible(True)
                    self.submenus[data] = menu
                self.submenus[data].addAction(action)
            else:
                entries.append(action)
        if self.submenus:
            entries.append(None)
            entries.extend(self.submenus[data] for data in GROUPED_SETS if data in self.submenus)
        self._group.triggered.connect(self._on_preset_triggered)
        self.menu_actions: dict[str, list[QAction | QMenu | None]] = {"presets": entries}

    @Slot(QAction)
    def _on_preset_triggered(self, action: QAction) -> None:
        name = str(action.data())
        exp = preset(name)
        current = self._spec.experiment
        if exp.data.name == current.data.name:  # keep the file the user already pointed us to
            exp.data.path = current.data.path
        self._spec.replace(exp)
        title = QCoreApplication.translate("Menu", PRESET_TITLES.get(name, name))
        loaded = QCoreApplication.translate("Network", "Preset {preset} loaded")
        self._reporter.show_message(loaded.format(preset=title), 8000)
        if exp.data.is_image and exp.data.name != "folder":
            self._source.verify(exp.data.name, exp.data.path)  # a file or a download if absent
