"""The Hyperparameters panel: how the network learns, as opposed to what it is.

Live settings (learning rate, batch size, epochs, L1/L2, momentum, patience) edit the spec on
every slider stop, so the running trainer picks them up at its next batch while the handle is
still moving (the learning-rate decay: at its next epoch's end). Settings that need a new
network (dropout, optimizer, loss, init, seed) are STRUCTURE edits; the dropout slider
commits throttled, so a drag costs a few resets, not dozens.

Its words are translated in context "Hyperparameters" and follow a language switch; the
optimizer names (SGD, Adam, …) are written the same in Chinese and stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSignalBlocker, Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QWidget

from engine.experiment.spec import INITS, LOSSES, OPTIMIZER_TITLES, OPTIMIZERS
from gui.common.controls import LabeledSlider, format_number, log_values
from gui.common.i18n import set_ui_text
from gui.common.relevance import show_relevance
from gui.experiment.relevance import ignored_settings
from gui.experiment.spec_model import DATA, LIVE, STRUCTURE, SpecModel

HYPER = "Hyperparameters"  # the translation context of the panel's words
LOSS_NAMES = {
    "categorical_crossentropy": QT_TRANSLATE_NOOP("Hyperparameters", "Cross-entropy (softmax)"),
    "binary_crossentropy": QT_TRANSLATE_NOOP("Hyperparameters", "Binary cross-entropy"),
    "mse": QT_TRANSLATE_NOOP("Hyperparameters", "Mean squared error"),
    "sse": QT_TRANSLATE_NOOP("Hyperparameters", "Sum of squared errors"),
}
INIT_NAMES = {
    "he": QT_TRANSLATE_NOOP("Hyperparameters", "He (for ReLU)"),
    "glorot": "Glorot / Xavier",  # people's names: the same in Chinese, never translated
    "lecun": "LeCun",
    "uniform": QT_TRANSLATE_NOOP("Hyperparameters", "Uniform ±0.5 (Playground)"),
    "normal": QT_TRANSLATE_NOOP("Hyperparameters", "Normal N(0, 1) (Tutorial 1)"),
}
NAMES_KEPT = ("glorot", "lecun")  # the inits named after people

LR_VALUES = log_values(1e-5, 10)
REG_VALUES = [0.0, *log_values(1e-5, 10, (1, 3))]
NICE_SIZES = (
    1,
    2,
    3,
    4,
    5,
    6,
    8,
    10,
    12,
    15,
    16,
    20,
    25,
    30,
    32,
    40,
    50,
    64,
    75,
    100,
    128,
    150,
    200,
    250,
    256,
    300,
    400,
    500,
    512,
)
MAX_BATCH = 512
EPOCH_VALUES = [1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000, 2000, 3000, 5000, 10000]
DROPOUT_VALUES = [round(0.05 * i, 2) for i in range(19)]  # 0 … 0.9
MOMENTUM_VALUES = [round(0.05 * i, 2) for i in range(19)] + [0.95, 0.99]
PATIENCE_VALUES = [0, 1, 2, 3, 5, 10, 20, 30, 50, 100]
LR_DECAY_VALUES = [1.0, 0.99, 0.98, 0.95, 0.9, 0.85, 0.8, 0.7, 0.5]  # training.lr_decay's range


def batch_values(n_train: int | None) -> list[int]:
    """Round batch sizes up to min(512, training-set size); the last stop is a full batch."""
    cap = MAX_BATCH if n_train is None else max(1, min(MAX_BATCH, n_train))
    return sorted({v for v in NICE_SIZES if v <= cap} | {cap})


def _patience_text(v: float) -> str:
    return QCoreApplication.translate("Hyperparameters", "off") if v == 0 else f"{int(v)}"


def _decay_text(v: float) -> str:
    return QCoreApplication.translate("Hyperparameters", "off") if v == 1.0 else f"×{v:g}"


class HyperPanel(QWidget):
    """Sliders and combos for the optimisation and regularisation settings."""

    def __init__(self, spec_model: SpecModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hyperparameters")
        self.setAccessibleName("hyperparameters")
        self._spec = spec_model

        # objectNames key the tooltips and What's This texts (resources/explanations.json)
        self.optimizer = _combo(OPTIMIZERS, OPTIMIZER_TITLES, "optimizerChoice", translated=False)
        self.lr = _slider(
            QT_TRANSLATE_NOOP("Hyperparameters", "Learning rate"), LR_VALUES, "learningRate"
        )
        self.lr_decay = _slider(
            QT_TRANSLATE_NOOP("Hyperparameters", "LR decay"),
            LR_DECAY_VALUES,
            "lrDecay",
            _decay_text,
        )
        self.momentum = _slider(
            QT_TRANSLATE_NOOP("Hyperparameters", "Momentum"), MOMENTUM_VALUES, "momentum"
        )
        self.batch = _slider(
            QT_TRANSLATE_NOOP("Hyperparameters", "Batch size"), batch_values(None), "batchSize"
        )
        self.epochs = _slider(
            QT_TRANSLATE_NOOP("Hyperparameters", "Epochs"), EPOCH_VALUES, "epochs"
        )
        self.l1 = _slider(QT_TRANSLATE_NOOP("Hyperparameters", "L1 rate"), REG_VALUES, "l1Rate")
        self.l2 = _slider(QT_TRANSLATE_NOOP("Hyperparameters", "L2 rate"), REG_VALUES, "l2Rate")
        self.dropout = _slider(
            QT_TRANSLATE_NOOP("Hyperparameters", "Dropout"), DROPOUT_VALUES, "dropout"
        )
        self.patience = _slider(
            QT_TRANSLATE_NOOP("Hyperparameters", "Early stop"),
            PATIENCE_VALUES,
            "earlyStopping",
            _patience_text,
        )
        self.loss = _combo(LOSSES, LOSS_NAMES, "lossFunction")
        self.init = _combo(INITS, INIT_NAMES, "weightInit")
        self.seed = QSpinBox()
        self.seed.setObjectName("randomSeed")
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setKeyboardTracking(False)
        seed = QT_TRANSLATE_NOOP("Hyperparameters", "Seed")
        set_ui_text(self.seed, HYPER, seed, "setAccessibleName")

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        _section(form, QT_TRANSLATE_NOOP("Hyperparameters", "Optimisation"))
        _row(form, QT_TRANSLATE_NOOP("Hyperparameters", "Optimizer"), self.optimizer)
        for slider in (self.lr, self.lr_decay, self.momentum, self.batch, self.epochs):
            form.addRow(slider.name_label, slider)
        _section(form, QT_TRANSLATE_NOOP("Hyperparameters", "Regularisation"))
        for slider in (self.l1, self.l2, self.dropout, self.patience):
            form.addRow(slider.name_label, slider)
        _section(form, QT_TRANSLATE_NOOP("Hyperparameters", "Model"))
        _row(form, QT_TRANSLATE_NOOP("Hyperparameters", "Loss"), self.loss)
        _row(form, QT_TRANSLATE_NOOP("Hyperparameters", "Init"), self.init)
        _row(form, seed, self.seed)

        self._read_experiment()
        self.optimizer.currentIndexChanged.connect(self._on_optimizer_changed)
        self.lr.valueChanged.connect(self._on_lr_changed)
        self.lr_decay.valueChanged.connect(self._on_lr_decay_changed)
        self.momentum.valueChanged.connect(self._on_momentum_changed)
        self.batch.valueChanged.connect(self._on_batch_changed)
        self.epochs.valueChanged.connect(self._on_epochs_changed)
        self.l1.valueChanged.connect(self._on_l1_changed)
        self.l2.valueChanged.connect(self._on_l2_changed)
        self.dropout.valueCommitted.connect(self._on_dropout_changed)
        self.patience.valueChanged.connect(self._on_patience_changed)
        self.loss.currentIndexChanged.connect(self._on_loss_changed)
        self.init.currentIndexChanged.connect(self._on_init_changed)
        self.seed.valueChanged.connect(self._on_seed_changed)
        spec_model.replaced.connect(self._on_spec_replaced)
        spec_model.changed.connect(self._on_spec_changed)

    # ----- reading the experiment -------------------------------------------------------
    def _read_experiment(self) -> None:
        exp = self._spec.experiment
        with QSignalBlocker(self.batch):
            self.batch.setValues(batch_values(exp.train_count()), exp.training.batch_size)
        for slider, value in (
            (self.lr, exp.optimizer.lr),
            (self.lr_decay, exp.training.lr_decay),
            (self.momentum, exp.optimizer.momentum),
            (self.epochs, exp.training.epochs),
            (self.l1, exp.training.l1),
            (self.l2, exp.training.l2),
            (self.dropout, exp.training.dropout),
            (self.patience, exp.training.early_stopping),
        ):
            with QSignalBlocker(slider):
                slider.setValue(value)
        for combo, value in (
            (self.optimizer, exp.optimizer.name),
            (self.loss, exp.loss),
            (self.init, exp.training.init),
        ):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(combo.findData(value))
        with QSignalBlocker(self.seed):
            self.seed.setValue(exp.seed)
        self._show_relevance()

    def _show_relevance(self) -> None:
        """Switch off what the model ignores (momentum for SGD, all but lr for a perceptron)."""
        why = ignored_settings(self._spec.experiment)
        for name in ("optimizer", "momentum", "l1", "l2", "dropout", "loss", "init"):
            show_relevance(getattr(self, name), why.get(name, ""))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._show_relevance()  # why a control is off, said again in the new language

    @Slot()
    def _on_spec_replaced(self) -> None:
        self._read_experiment()

    @Slot(str)
    def _on_spec_changed(self, kind: str) -> None:
        if kind == DATA:  # the training-set size, hence the batch-size cap, may have changed
            self._read_experiment()
        elif kind != LIVE:  # another model, optimizer or layer count ignores other settings
            self._show_relevance()

    # ----- live edits -------------------------------------------------------------------
    @Slot(float)
    def _on_lr_changed(self, value: float) -> None:
        self._spec.edit(LIVE, lambda exp: setattr(exp.optimizer, "lr", value))

    @Slot(float)
    def _on_lr_decay_changed(self, value: float) -> None:
        self._spec.edit(LIVE, lambda exp: setattr(exp.training, "lr_decay", value))

    @Slot(float)
    def _on_momentum_changed(self, value: float) -> None:
        self._spec.edit(LIVE, lambda exp: setattr(exp.optimizer, "momentum", value))

    @Slot(float)
    def _on_batch_changed(self, value: float) -> None:
        self._spec.edit(LIVE, lambda exp: setattr(exp.training, "batch_size", int(value)))

    @Slot(float)
    def _on_epochs_changed(self, value: float) -> None:
        self._spec.edit(LIVE, lambda exp: setattr(exp.training, "epochs", int(value)))

    @Slot(float)
    def _on_l1_changed(self, value: float) -> None:
        self._spec.edit(LIVE, lambda exp: setattr(exp.training, "l1", value))

    @Slot(float)
    def _on_l2_changed(self, value: float) -> None:
        self._spec.edit(LIVE, lambda exp: setattr(exp.training, "l2", value))

    @Slot(float)
    def _on_patience_changed(self, value: float) -> None:
        self._spec.edit(LIVE, lambda exp: setattr(exp.training, "early_stopping", int(value)))

    # ----- structure edits --------------------------------------------------------------
    @Slot(float)
    def _on_dropout_changed(self, value: float) -> None:
        self._spec.edit(STRUCTURE, lambda exp: setattr(exp.training, "dropout", value))

    @Slot(int)
    def _on_optimizer_changed(self, index: int) -> None:
        name = self.optimizer.itemData(index)
        self._spec.edit(STRUCTURE, lambda exp: setattr(exp.optimizer, "name", name))

    @Slot(int)
    def _on_loss_changed(self, index: int) -> None:
        name = self.loss.itemData(index)
        self._spec.edit(STRUCTURE, lambda exp: setattr(exp, "loss", name))

    @Slot(int)
    def _on_init_changed(self, index: int) -> None:
        name = self.init.itemData(index)
        self._spec.edit(STRUCTURE, lambda exp: setattr(exp.training, "init", name))

    @Slot(int)
    def _on_seed_changed(self, value: int) -> None:
        self._spec.edit(STRUCTURE, lambda exp: setattr(exp, "seed", value))


def _slider(
    label: str, values: Sequence[float], name: str, fmt: Callable[[float], str] = format_number
) -> LabeledSlider:
    slider = LabeledSlider(label, values, fmt=fmt, context=HYPER)
    slider.setObjectName(name)
    return slider


def _combo(
    keys: tuple[str, ...], names: dict[str, str], name: str, *, translated: bool = True
) -> QComboBox:
    """A combo of `names[key]` (English sources marked in context Hyperparameters, unless
    `translated` is False), each with its key as data."""
    combo = QComboBox()
    combo.setObjectName(name)
    for index, key in enumerate(keys):
        combo.addItem(names.get(key, key), key)
        if translated and key not in NAMES_KEPT:
            set_ui_text(combo, HYPER, names.get(key, key), "setItemText", index)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # never clipped
    return combo


def _row(form: QFormLayout, title: str, field: QWidget) -> None:
    """A form row whose label (the field's buddy) is translated and follows a switch."""
    label = QLabel()
    set_ui_text(label, HYPER, title)
    label.setBuddy(field)
    form.addRow(label, field)


def _section(form: QFormLayout, title: str) -> None:
    label = QLabel()
    set_ui_text(label, HYPER, title)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 6, 0, 0)
    form.addRow(label)
