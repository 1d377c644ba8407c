"""The Network designer: engine, device, Keras backend, input features, hidden layers, and the
network graph.

Every control here changes the network's shape, so every edit is a STRUCTURE edit. Dense
networks get one row per hidden layer; a CNN gets the typed layer list (`LayerListEditor`).
"""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QSignalBlocker,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from engine.experiment.spec import (
    ACTIVATION_TITLES,
    DEVICES,
    FEATURES,
    HIDDEN_ACTIVATIONS,
    LAYER_TYPES,
    Experiment,
    LayerSpec,
)
from engine.keras_import import BACKEND_TITLES
from gui.common.controls import SpinStepper
from gui.common.i18n import set_ui_text
from gui.common.relevance import show_relevance
from gui.common.settings import app_settings
from gui.experiment import backend_choice
from gui.experiment.image_inputs import ImageInputs
from gui.experiment.layer_list_editor import LayerListEditor
from gui.experiment.network_graph import FEATURE_LABELS, NetworkGraph
from gui.experiment.relevance import ignored_settings
from gui.experiment.spec_model import LIVE, STRUCTURE, SpecModel

TR = "Network"  # the translation context of this panel's texts
MODELS = (  # engine:model, shown text, tooltip (library and model names stay in English)
    (
        "numpy:perceptron",
        QT_TRANSLATE_NOOP("Network", "NumPy perceptron"),
        QT_TRANSLATE_NOOP(
            "Network",
            "A single neuron: a weighted sum and a threshold. "
            "Its boundary is flat in its inputs: a straight line over x₁ and x₂.",
        ),
    ),
    (
        "numpy:mlp",
        QT_TRANSLATE_NOOP("Network", "NumPy MLP"),
        QT_TRANSLATE_NOOP(
            "Network",
            "A multi-layer perceptron written in NumPy: "
            "hidden layers make curved boundaries possible.",
        ),
    ),
    (
        "keras:mlp",
        QT_TRANSLATE_NOOP("Network", "Keras MLP"),
        QT_TRANSLATE_NOOP("Network", "The same kind of network built and trained by Keras."),
    ),
    (
        "keras:cnn",
        QT_TRANSLATE_NOOP("Network", "Keras CNN"),
        QT_TRANSLATE_NOOP("Network", "A convolutional network for images such as MNIST digits."),
    ),
)
RULES = {
    "rosenblatt": QT_TRANSLATE_NOOP("Network", "Rosenblatt step rule"),
    "delta": QT_TRANSLATE_NOOP("Network", "Delta rule (ReLU)"),
}
RULE_TIPS = {
    "rosenblatt": QT_TRANSLATE_NOOP(
        "Network", "Nudge the weights by the error of the step output, only on mistakes."
    ),
    "delta": QT_TRANSLATE_NOOP(
        "Network", "A ReLU unit trained by gradient descent on the squared error."
    ),
}
DEVICE_NAMES = {
    "auto": QT_TRANSLATE_NOOP("Network", "Auto (GPU if present)"),
    "cpu": "CPU",
    "gpu": "GPU",
}
NOT_FOR_IMAGES = QT_TRANSLATE_NOOP(
    "Network", "A perceptron separates two classes of points; it does not apply to images."
)
MAX_LAYERS = 8
MAX_UNITS = 64
MAX_IMAGE_UNITS = 1024  # digits need wider layers than 2-D points (seed 0's MLP has 256)
STARTER_CNN = (  # what choosing "Keras CNN" puts in front of a dense-only network
    LayerSpec(type="conv2d", filters=8, kernel_size=3, activation="relu"),
    LayerSpec(type="maxpool", pool_size=2, stride=2),
)
IMAGE_ONLY = ("conv2d", "maxpool", "avgpool", "flatten")
MLP_LAYER_TYPES = ("dense", "batchnorm", "activation", "dropout")  # what an MLP's list offers


def _after_dense(exp: Experiment) -> list[list[str]]:
    """Per hidden dense layer, the BatchNorm and activation layers between it and the next
    dense layer, by name: what its units' outputs go through before the next layer reads them
    (dropout is off at inference, so it is not named)."""
    after: list[list[str]] = []
    for la in exp.layers:
        if la.type == "dense":
            after.append([])
        elif after and la.type == "batchnorm":
            after[-1].append("BN")
        elif after and la.type == "activation":
            after[-1].append(ACTIVATION_TITLES.get(la.activation, la.activation))
    return after


class LayerRow(QWidget):
    """ "Layer k  − n +  [activation]" for one hidden dense layer."""

    unitsChanged = Signal(int, int)  # row, units
    activationChanged = Signal(int, str)  # row, activation

    def __init__(self, row: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.label = QLabel()
        self._name_label()
        self.units = SpinStepper(1, MAX_UNITS, 4, noun="neuron")
        self.units.setObjectName("layerUnits")  # texts: resources/explanations.json
        self.activation = QComboBox()
        for name in HIDDEN_ACTIVATIONS:
            self.activation.addItem(ACTIVATION_TITLES.get(name, name), name)
        self.activation.setObjectName("layerActivation")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.units)
        layout.addWidget(self.activation, 1)
        self.units.valueChanged.connect(self._on_units_changed)
        self.activation.currentIndexChanged.connect(self._on_activation_changed)

    def _name_label(self) -> None:
        title = QCoreApplication.translate("Network", "Layer {n}")
        self.label.setText(title.format(n=self.row + 1))
        self.label.setMinimumWidth(self.fontMetrics().horizontalAdvance(title.format(n=8)) + 6)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._name_label()

    def show_layer(self, layer: LayerSpec) -> None:
        with QSignalBlocker(self.units), QSignalBlocker(self.activation):
            self.units.setValue(layer.units)
            self.activation.setCurrentIndex(self.activation.findData(layer.activation))

    @Slot(int)
    def _on_units_changed(self, units: int) -> None:
        self.unitsChanged.emit(self.row, units)

    @Slot(int)
    def _on_activation_changed(self, index: int) -> None:
        self.activationChanged.emit(self.row, self.activation.itemData(index))


class DesignerPanel(QWidget):
    """Engine, features and hidden layers, plus the network graph.

    `weightEdited(layer, i, j, value)` is the graph's: the user set weights[layer][0][i, j];
    so are `biasEdited(layer, j, value)` (weights[layer][1][j]) and `weightChosen(layer, i, j)`
    (a right-click asking for that weight's backprop; i = -1: the bias).
    `statusMessage(text)` explains a refused edit (e.g. unchecking the last input feature).
    `backendDeferred(text)`: the chosen Keras backend waits for a restart (Keras already runs
    on another in this window); `text` says so.
    """

    weightEdited = Signal(int, int, int, float)
    biasEdited = Signal(int, int, float)
    weightChosen = Signal(int, int, int)
    statusMessage = Signal(str)
    backendDeferred = Signal(str)

    def __init__(
        self,
        spec_model: SpecModel,
        image_inputs: ImageInputs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("networkDesigner")
        self.setAccessibleName("networkDesigner")
        self._spec = spec_model
        # the image set's input shape and classes (a folder's come from the Data panel's scan)
        self._images = image_inputs if image_inputs is not None else ImageInputs()

        self.engine = QComboBox()
        for key, text, _tip in MODELS:
            self.engine.addItem(text, key)
            set_ui_text(self.engine, TR, text, "setItemText", self.engine.count() - 1)
        self.engine.setObjectName("modelChoice")  # texts: resources/explanations.json
        self.rule = QComboBox()
        for key, text in RULES.items():
            self.rule.addItem(text, key)
            set_ui_text(self.rule, TR, text, "setItemText", self.rule.count() - 1)
        self.rule.setObjectName("perceptronRule")
        self.stop_separated = QCheckBox()
        set_ui_text(
            self.stop_separated,
            TR,
            QT_TRANSLATE_NOOP("Network", "Stop when every point is right"),
        )
        self.stop_separated.setObjectName("stopWhenSeparated")

        self.features = QButtonGroup(self)
        self.features.setExclusive(False)
        features_box = QWidget()
        grid = QGridLayout(features_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for k, name in enumerate(FEATURES):
            box = QCheckBox(FEATURE_LABELS[name])
            box.setObjectName(f"feature_{name}")
            self.features.addButton(box, k)
            grid.addWidget(box, k // 4, k % 4)
        self.feature_note = QLabel()
        self.feature_note.setWordWrap(True)

        self.layer_count = SpinStepper(0, MAX_LAYERS, 0, noun="hidden layer")
        self.layer_count.setObjectName("hiddenLayerCount")
        self.layers_box = QWidget()
        self._rows_layout = QVBoxLayout(self.layers_box)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows: list[LayerRow] = []
        self.layers_note = QLabel()
        self.layers_note.setWordWrap(True)

        self.layer_editor = LayerListEditor(spec_model)
        # An MLP's layers as a typed list, so BatchNorm, activation and dropout layers can sit
        # between its dense layers (e.g. Dense (linear) -> BatchNorm -> ReLU).
        self.every_layer = QCheckBox()
        set_ui_text(
            self.every_layer,
            TR,
            QT_TRANSLATE_NOOP("Network", "Edit every layer (BatchNorm, activation, dropout)"),
        )
        self.every_layer.setObjectName("editEveryLayer")
        self.device = QComboBox()
        for key in DEVICES:
            self.device.addItem(DEVICE_NAMES[key], key)
            if key == "auto":  # CPU and GPU are names, the same in every language
                set_ui_text(
                    self.device, TR, DEVICE_NAMES[key], "setItemText", self.device.count() - 1
                )
        self.device.setObjectName("device")
        self.backend = QComboBox()
        backend_choice.fill_backend_box(self.backend)
        self.backend.setObjectName("kerasBackend")

        self.graph = NetworkGraph()

        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.addRow(_label(QT_TRANSLATE_NOOP("Network", "Model")), self.engine)
        self._form.addRow(_label(QT_TRANSLATE_NOOP("Network", "Rule")), self.rule)
        self._form.addRow("", self.stop_separated)
        self._form.addRow(_label(QT_TRANSLATE_NOOP("Network", "Device")), self.device)
        self._form.addRow(_label(QT_TRANSLATE_NOOP("Network", "Backend")), self.backend)
        self._form.addRow(_label(QT_TRANSLATE_NOOP("Network", "Input features")))
        self._form.addRow(features_box)
        self._form.addRow(self.feature_note)
        self._form.addRow(self.every_layer)
        self._form.addRow(_label(QT_TRANSLATE_NOOP("Network", "Hidden layers")), self.layer_count)
        self._form.addRow(self.layers_box)
        self._form.addRow(self.layer_editor)
        self._form.addRow(self.layers_note)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self.graph, 1)

        self._set_item_tips()
        self._read_experiment()
        self.engine.currentIndexChanged.connect(self._on_engine_changed)
        self.rule.currentIndexChanged.connect(self._on_rule_changed)
        self.stop_separated.toggled.connect(self._on_stop_separated_toggled)
        self.device.currentIndexChanged.connect(self._on_device_changed)
        # activated, not currentIndexChanged: choosing the shown backend again must still drop
        # a choice that was waiting for a restart
        self.backend.activated.connect(self._on_backend_changed)
        self.features.idToggled.connect(self._on_feature_changed)
        self.layer_count.valueChanged.connect(self._on_layer_count_changed)
        self.every_layer.toggled.connect(self._on_every_layer_toggled)
        self.graph.weightEdited.connect(self.weightEdited)
        self.graph.biasEdited.connect(self.biasEdited)
        self.graph.weightChosen.connect(self.weightChosen)
        spec_model.replaced.connect(self._on_spec_replaced)
        spec_model.changed.connect(self._on_spec_changed)

    # ----- public -----------------------------------------------------------------------
    @Slot(dict)
    def set_snapshot(self, snapshot: dict) -> None:
        """Show the training network's latest weights and neuron pictures in the graph."""
        self.graph.set_snapshot(snapshot)

    @Slot()
    def show_image_input(self) -> None:
        """The image set's input shape became known (a folder's scan came in): show it."""
        self._read_experiment()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A language switch: the marked texts are set again by the language feature; the
        combo items' tooltips, the backend list and the notes are set here."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            with QSignalBlocker(self.backend):
                backend_choice.fill_backend_box(self.backend)
            self._set_item_tips()
            self._read_experiment()

    def _set_item_tips(self) -> None:
        for index, (_key, _text, tip) in enumerate(MODELS):
            self.engine.setItemData(
                index, QCoreApplication.translate("Network", tip), Qt.ItemDataRole.ToolTipRole
            )
        for index, key in enumerate(RULES):
            tip = QCoreApplication.translate("Network", RULE_TIPS[key])
            self.rule.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)

    # ----- reading the experiment -------------------------------------------------------
    def _read_experiment(self) -> None:
        exp = self._spec.experiment
        with QSignalBlocker(self.engine):
            self.engine.setCurrentIndex(self.engine.findData(f"{exp.engine}:{exp.model}"))
        with QSignalBlocker(self.rule):
            self.rule.setCurrentIndex(self.rule.findData(exp.training.perceptron_rule))
        with QSignalBlocker(self.stop_separated):
            self.stop_separated.setChecked(exp.training.stop_when_separated)
        with QSignalBlocker(self.device):
            self.device.setCurrentIndex(self.device.findData(exp.device))
        with QSignalBlocker(self.backend):
            self.backend.setCurrentIndex(self.backend.findData(exp.backend))
        with QSignalBlocker(self.features):
            for k, name in enumerate(FEATURES):
                self.features.button(k).setChecked(name in exp.data.features)
        dense = exp.hidden_dense
        with QSignalBlocker(self.layer_count):
            self.layer_count.setValue(len(dense))
        self._sync_rows(dense)

        perceptron, image, cnn = exp.model == "perceptron", exp.data.is_image, exp.model == "cnn"
        self._form.setRowVisible(self.rule, perceptron)
        self._form.setRowVisible(self.stop_separated, perceptron)
        self._form.setRowVisible(self.device, exp.engine == "keras")
        self._form.setRowVisible(self.backend, exp.engine == "keras")
        listed = cnn or self._read_every_layer(exp)
        self._form.setRowVisible(self.layer_count, exp.model == "mlp" and not listed)
        self.layer_count.setEnabled(exp.model == "mlp")
        self.layers_box.setVisible(exp.model == "mlp" and not listed)
        self.layer_editor.setVisible(listed)
        self.graph.setVisible(not cnn)  # it draws dense layers; the layer list shows a CNN
        if listed:
            shape = self._images.input_shape(exp.data) if image else None
            if cnn:
                self.layer_editor.set_context(shape, tuple(LAYER_TYPES))
            else:
                width = math.prod(shape) if shape else len(exp.data.features)
                if image and shape is None:  # a folder not scanned yet: its pixels unknown
                    width = 0
                self.layer_editor.set_context((width,), MLP_LAYER_TYPES)
            self.layer_editor.refresh()
        no_hidden = QCoreApplication.translate("Network", "A perceptron has no hidden layers.")
        self.layers_note.setText(no_hidden if perceptron else "")
        self.layers_note.setVisible(perceptron)
        perceptron_item = self.engine.model().item(self.engine.findData("numpy:perceptron"))
        perceptron_item.setEnabled(not image)
        perceptron_item.setToolTip(
            QCoreApplication.translate("Network", NOT_FOR_IMAGES if image else MODELS[0][2])
        )
        features_why = ignored_settings(exp).get("features", "")
        for button in self.features.buttons():
            show_relevance(button, features_why)
        pixels = QCoreApplication.translate(
            "Network", "Images feed their pixels, not these features."
        )
        self.feature_note.setText(pixels if image else "")
        self.feature_note.setVisible(image)
        self._update_graph(exp)

    def _read_every_layer(self, exp: Experiment) -> bool:
        """Whether an MLP is shown as its typed layer list: always once it has a layer other
        than dense (the rows could not show it), else as the check box says."""
        mlp = exp.model == "mlp"
        typed = mlp and any(la.type != "dense" for la in exp.layers)
        if typed:
            with QSignalBlocker(self.every_layer):
                self.every_layer.setChecked(True)
        show_relevance(
            self.every_layer,
            QCoreApplication.translate(
                "Network",
                "This network has layers besides dense ones, which only the layer list shows.",
            )
            if typed
            else "",
        )
        self._form.setRowVisible(self.every_layer, mlp)
        return mlp and self.every_layer.isChecked()

    def _sync_rows(self, dense: list[LayerSpec]) -> None:
        """Add or remove rows to match the layer count; existing rows are updated in place."""
        top = MAX_IMAGE_UNITS if self._spec.experiment.data.is_image else MAX_UNITS
        for row in self._rows:
            row.units.setRange(1, top)  # before show_layer, so a wide layer is not clamped
        while len(self._rows) < len(dense):
            row = LayerRow(len(self._rows))
            row.units.setRange(1, top)
            row.unitsChanged.connect(self._on_units_changed)
            row.activationChanged.connect(self._on_activation_changed)
            self._rows_layout.addWidget(row)
            self._rows.append(row)
        while len(self._rows) > len(dense):
            row = self._rows.pop()
            self._rows_layout.removeWidget(row)
            row.hide()  # gone from view now, not only when the event loop deletes it
            row.deleteLater()
        for row, layer in zip(self._rows, dense, strict=True):
            row.show_layer(layer)

    def _update_graph(self, exp: Experiment) -> None:
        image = exp.data.is_image
        n_classes = (self._images.class_count(exp.data) or 2) if image else 2
        if exp.loss == "categorical_crossentropy" and exp.model != "perceptron":
            n_out = n_classes
        else:
            n_out = 1 if n_classes == 2 else n_classes
        shape = self._images.input_shape(exp.data) if image else None
        features = ["pixel"] * math.prod(shape or (0,)) if image else list(exp.data.features)
        hidden = [] if exp.model == "perceptron" else [la.units for la in exp.hidden_dense]
        self.graph.set_structure(features, hidden, n_out, _after_dense(exp) if hidden else [])

    @Slot()
    def _on_spec_replaced(self) -> None:
        self._read_experiment()

    @Slot(str)
    def _on_spec_changed(self, kind: str) -> None:
        if kind != LIVE:
            self._read_experiment()

    # ----- edits ------------------------------------------------------------------------
    @Slot(int)
    def _on_engine_changed(self, index: int) -> None:
        engine, model = self.engine.itemData(index).split(":")

        def change(exp: Experiment) -> None:
            exp.engine, exp.model = engine, model
            if model == "cnn" and not any(la.type == "conv2d" for la in exp.layers):
                exp.layers[:0] = [LayerSpec(**vars(la)) for la in STARTER_CNN]
            elif model != "cnn":  # a dense network keeps what it can read: no image layers
                exp.layers = [la for la in exp.layers if la.type not in IMAGE_ONLY]

        self._spec.edit(STRUCTURE, change)

    @Slot(bool)
    def _on_every_layer_toggled(self, _checked: bool) -> None:
        self._read_experiment()  # a view choice: the experiment is unchanged

    @Slot(int)
    def _on_device_changed(self, index: int) -> None:
        device = self.device.itemData(index)
        self._spec.edit(STRUCTURE, lambda exp: setattr(exp, "device", device))

    @Slot(int)
    def _on_backend_changed(self, index: int) -> None:
        """Before Keras is loaded the choice takes effect (the loader imports Keras on the
        experiment's backend); after, another backend is kept for the next start and the
        experiment stays on the one Keras runs on."""
        chosen = self.backend.itemData(index)
        fixed = backend_choice.window_backend()
        settings = app_settings()
        waiting = settings.value(backend_choice.AFTER_RESTART_KEY)
        backend_choice.remember_backend(settings, chosen, fixed)
        target = chosen if fixed is None else fixed
        if self._spec.experiment.backend != target:
            self._spec.edit(STRUCTURE, lambda exp: setattr(exp, "backend", target))
        else:
            with QSignalBlocker(self.backend):
                self.backend.setCurrentIndex(self.backend.findData(target))
        if target != chosen:
            self.backendDeferred.emit(backend_choice.restart_message(target, chosen))
        elif waiting:
            title = BACKEND_TITLES[chosen]
            stays = QCoreApplication.translate(
                "Network", "Keras stays on {backend}, after a restart too."
            )
            self.statusMessage.emit(stays.format(backend=title))

    @Slot(int)
    def _on_rule_changed(self, index: int) -> None:
        rule = self.rule.itemData(index)
        self._spec.edit(STRUCTURE, lambda exp: setattr(exp.training, "perceptron_rule", rule))

    @Slot(bool)
    def _on_stop_separated_toggled(self, checked: bool) -> None:
        self._spec.edit(
            STRUCTURE, lambda exp: setattr(exp.training, "stop_when_separated", checked)
        )

    @Slot(int, bool)
    def _on_feature_changed(self, k: int, checked: bool) -> None:
        chosen = [name for i, name in enumerate(FEATURES) if self.features.button(i).isChecked()]
        if not chosen:  # a network needs at least one input: undo the uncheck and say why
            with QSignalBlocker(self.features):
                self.features.button(k).setChecked(True)
            message = QCoreApplication.translate(
                "Network",
                "Keep at least one input feature: the network needs something to look at.",
            )
            self.feature_note.setText(message)
            self.feature_note.setVisible(True)
            self.statusMessage.emit(message)
            return
        self.feature_note.setVisible(False)
        self._spec.edit(STRUCTURE, lambda exp: setattr(exp.data, "features", chosen))

    @Slot(int)
    def _on_layer_count_changed(self, count: int) -> None:
        def change(exp: Experiment) -> None:
            dense = [i for i, la in enumerate(exp.layers) if la.type == "dense"]
            while len(dense) > count:
                del exp.layers[dense.pop()]
            while len(dense) < count:
                last = exp.layers[dense[-1]] if dense else LayerSpec(units=4, activation="tanh")
                exp.layers.append(LayerSpec(units=last.units, activation=last.activation))
                dense.append(len(exp.layers) - 1)

        self._spec.edit(STRUCTURE, change)

    @Slot(int, int)
    def _on_units_changed(self, row: int, units: int) -> None:
        self._spec.edit(STRUCTURE, lambda exp: setattr(exp.hidden_dense[row], "units", units))

    @Slot(int, str)
    def _on_activation_changed(self, row: int, activation: str) -> None:
        self._spec.edit(
            STRUCTURE, lambda exp: setattr(exp.hidden_dense[row], "activation", activation)
        )


def _label(source: str) -> QLabel:
    """A form label in the current language, set again after a language switch."""
    label = QLabel()
    set_ui_text(label, TR, source)
    return label
