"""The Data panel: which points to learn from, how noisy, how many, and how they are split.

Sliders that change the data commit through `LabeledSlider.valueCommitted`: at once on the
first move, then at most every 150 ms while the handle is dragged, then once on release. A
DATA edit regenerates the points and resets the network; regenerating a few thousand points
takes milliseconds, so a few resets a second is cheap and lets the learner *watch* the noise
scatter the clouds while dragging, without a reset on every pixel of mouse movement.

Its words are translated in context "Data" and follow a language switch: fixed texts through
`set_ui_text`, the sets' sizes and the reasons a control is off are built again.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QSignalBlocker,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from engine.data.datasets import Dataset, load_csv_points
from engine.experiment.spec import GATES, IMAGE_DATASETS, SCALINGS, Experiment, switch_dataset
from engine.introspection.thumbnails import dataset_thumbnail
from gui.common.background import BackgroundLoad
from gui.common.controls import LabeledSlider
from gui.common.i18n import set_ui_text
from gui.common.relevance import show_relevance
from gui.experiment.data_split import folder_split, sizes_text, split_sizes
from gui.experiment.image_folder import FolderChoice, FolderChooser, summary_text
from gui.experiment.image_inputs import ImageInputs
from gui.experiment.image_source import ImageSourceBox
from gui.experiment.relevance import ignored_settings
from gui.experiment.spec_model import DATA, SpecModel

DATA_CONTEXT = "Data"  # the translation context of the panel's words

ORANGE = QColor("#f59322")  # class 0, Playground's -1
BLUE = QColor("#0877bd")  # class 1, Playground's +1

PICKER_ENTRIES: tuple[tuple[str, str, str], ...] = (  # name, label, tooltip (context Data)
    (
        "gate-or",
        QT_TRANSLATE_NOOP("Data", "OR gate"),
        QT_TRANSLATE_NOOP(
            "Data", "The OR truth table: four points one straight line can separate."
        ),
    ),
    (
        "gate-and",
        QT_TRANSLATE_NOOP("Data", "AND gate"),
        QT_TRANSLATE_NOOP(
            "Data", "The AND truth table: four points one straight line can separate."
        ),
    ),
    (
        "gate-xor",
        QT_TRANSLATE_NOOP("Data", "XOR gate"),
        QT_TRANSLATE_NOOP(
            "Data", "The XOR truth table: no single line separates it; it needs a hidden layer."
        ),
    ),
    (
        "circle",
        QT_TRANSLATE_NOOP("Data", "Circle"),
        QT_TRANSLATE_NOOP("Data", "One class inside a ring of the other: needs a curved boundary."),
    ),
    (
        "xor",
        QT_TRANSLATE_NOOP("Data", "XOR"),
        QT_TRANSLATE_NOOP(
            "Data", "Four quadrants, opposite corners alike: the XOR problem as a cloud."
        ),
    ),
    (
        "gaussian",
        QT_TRANSLATE_NOOP("Data", "Gaussian"),
        QT_TRANSLATE_NOOP("Data", "Two round clusters: the easy case, a line separates them."),
    ),
    (
        "spiral",
        QT_TRANSLATE_NOOP("Data", "Spiral"),
        QT_TRANSLATE_NOOP(
            "Data", "Two interleaved spiral arms: the hardest 2-D set, needs a deep net."
        ),
    ),
    (
        "moons",
        QT_TRANSLATE_NOOP("Data", "Moons"),
        QT_TRANSLATE_NOOP("Data", "Two interlocking half moons."),
    ),
    (
        "plane",
        QT_TRANSLATE_NOOP("Data", "Plane"),
        QT_TRANSLATE_NOOP(
            "Data",
            "Regression: each point's target is the number (x1 + x2) / 10, a tilted plane "
            "that a linear model fits.",
        ),
    ),
    (
        "multi-gaussian",
        QT_TRANSLATE_NOOP("Data", "Multi-Gaussian"),
        QT_TRANSLATE_NOOP(
            "Data",
            "Regression: six cones of height +1 or -1; the target is the cone under the "
            "point (0 between them). No plane fits it: it needs a hidden layer.",
        ),
    ),
    (
        "csv",
        "CSV…",  # a file format's name: the same in Chinese
        QT_TRANSLATE_NOOP(
            "Data", "Import your own points from a CSV file with columns x, y, label."
        ),
    ),
    (
        "mnist",
        "MNIST",
        QT_TRANSLATE_NOOP("Data", "MNIST handwritten digits (28×28 images, 10 classes)."),
    ),
    (
        "fashion_mnist",
        "Fashion-MNIST",
        QT_TRANSLATE_NOOP(
            "Data",
            "Fashion-MNIST: Zalando's pictures of clothes, shoes and bags (28×28 grey images, "
            "10 classes), a harder drop-in for MNIST.",
        ),
    ),
    (
        "cifar10",
        "CIFAR-10",
        QT_TRANSLATE_NOOP(
            "Data",
            "CIFAR-10: small colour photos of aeroplanes, cars, animals, ships and trucks "
            "(32×32×3 images, 10 classes).",
        ),
    ),
    (
        "folder",
        QT_TRANSLATE_NOOP("Data", "Image folder…"),
        QT_TRANSLATE_NOOP(
            "Data",
            "Your own pictures: a folder with one sub-folder of images per class "
            "(cats/, dogs/ or 0/ … 9/).",
        ),
    ),
)
LABELS_KEPT = ("CSV…", "MNIST", "Fashion-MNIST", "CIFAR-10")  # names: never translated
UNAVAILABLE: dict[str, str] = {}  # name -> why its entry is disabled

NOISE_VALUES = list(range(0, 51, 5))
RATIO_VALUES = list(range(10, 91, 10))
POINT_VALUES = [
    20,
    30,
    40,
    50,
    60,
    80,
    100,
    150,
    200,
    250,
    300,
    400,
    500,
    600,
    800,
    1000,
    1200,
    1500,
    2000,
]
VALIDATION_VALUES = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]  # data.validation_split
INPUT_SCALE_VALUES = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]  # data.input_scale's range
ICON_SIZE = 40


def thumbnail_icon(name: str, size: int = ICON_SIZE) -> QIcon:
    """A QIcon of the engine's picture of a dataset (RGB uint8 → QImage, copied so it owns it)."""
    rgb = np.ascontiguousarray(dataset_thumbnail(name, size))
    image = QImage(rgb.data, size, size, 3 * size, QImage.Format.Format_RGB888).copy()
    return QIcon(QPixmap.fromImage(image))


def class_dot_icon(color: QColor, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class DatasetPicker(QListWidget):
    """Dataset thumbnails in a wrapping grid whose height follows the width it is given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self._fit_grid()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for row, (name, text, tip) in enumerate(PICKER_ENTRIES):
            item = QListWidgetItem(thumbnail_icon(name), text)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setSizeHint(self.gridSize())
            self.addItem(item)
            if text not in LABELS_KEPT:
                set_ui_text(self, DATA_CONTEXT, text, "set_entry_text", row)
            set_ui_text(self, DATA_CONTEXT, tip, "set_entry_tip", row)
            if name in UNAVAILABLE:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(f"{item.toolTip()} It {UNAVAILABLE[name]}.")
        self.setMinimumWidth(self.gridSize().width() * 2 + 2 * self.frameWidth())

    def set_entry_text(self, row: int, text: str) -> None:
        """The label under entry `row`'s thumbnail (set_ui_text's setter, as setItemText)."""
        self.item(row).setText(text)

    def set_entry_tip(self, row: int, text: str) -> None:
        self.item(row).setToolTip(text)

    def _fit_grid(self) -> None:
        """Cells as wide as the widest label, English or translated, so a switch never clips."""
        fm = self.fontMetrics()
        widest = max(
            fm.horizontalAdvance(label)
            for _, text, _ in PICKER_ENTRIES
            for label in (text, QCoreApplication.translate("Data", text))
        )
        self.setGridSize(QSize(max(ICON_SIZE, widest) + 8, ICON_SIZE + fm.height() + 8))
        for row in range(self.count()):
            self.item(row).setSizeHint(self.gridSize())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._fit_grid()
            self.setMinimumWidth(self.gridSize().width() * 2 + 2 * self.frameWidth())

    def name_at(self, row: int) -> str:
        return self.item(row).data(Qt.ItemDataRole.UserRole)

    def row_of(self, name: str) -> int:
        return next((r for r in range(self.count()) if self.name_at(r) == name), -1)

    def _height_for(self, width: int) -> int:
        per_row = max(1, (width - 2 * self.frameWidth()) // self.gridSize().width())
        rows = math.ceil(self.count() / per_row)
        return rows * self.gridSize().height() + 2 * self.frameWidth() + 4

    def sizeHint(self) -> QSize:
        width = self.gridSize().width() * 5 + 2 * self.frameWidth()
        return QSize(width, self._height_for(width))

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - Qt event
        super().resizeEvent(event)
        height = self._height_for(event.size().width())
        if height != self.height():
            self.setFixedHeight(height)


SCALING_NAMES = {
    "none": QT_TRANSLATE_NOOP("Data", "None"),
    "standardize": QT_TRANSLATE_NOOP("Data", "Standardize (train mean, std)"),
}
CLASS_NAMES = (QT_TRANSLATE_NOOP("Data", "Orange (0)"), QT_TRANSLATE_NOOP("Data", "Blue (1)"))


class DataPanel(QWidget):
    """Dataset picker; noise, train ratio, validation share and points sliders with the three
    sets' sizes; the coordinate scale and input scaling; Regenerate and the class to add."""

    currentClassChanged = Signal(int)
    imageInputChanged = Signal()  # a folder's scan came in: its input shape is known now

    def __init__(
        self,
        spec_model: SpecModel,
        image_inputs: ImageInputs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dataPanel")
        self.image_inputs = image_inputs if image_inputs is not None else ImageInputs()
        self.setAccessibleName("dataPanel")
        self._spec = spec_model
        self._csv_load: BackgroundLoad | None = None  # a CSV file being read, off this thread
        self._csv_pending = ""
        # the loss last used on classes, restored when the data leaves a regression problem
        self._class_loss = "categorical_crossentropy"

        self.picker = DatasetPicker()
        self.picker.setObjectName("datasetPicker")
        set_ui_text(
            self.picker, DATA_CONTEXT, QT_TRANSLATE_NOOP("Data", "Dataset"), "setAccessibleName"
        )
        self.csv_label = QLabel()
        self.csv_label.setTextFormat(Qt.TextFormat.PlainText)
        self.csv_button = QPushButton()
        set_ui_text(self.csv_button, DATA_CONTEXT, QT_TRANSLATE_NOOP("Data", "Choose file…"))
        self.csv_button.setObjectName("chooseCsv")
        self.csv_row = QWidget()
        csv_layout = QHBoxLayout(self.csv_row)
        csv_layout.setContentsMargins(0, 0, 0, 0)
        csv_layout.addWidget(self.csv_label, 1)
        csv_layout.addWidget(self.csv_button)

        # objectNames key the tooltips and What's This texts (resources/explanations.json)
        self.noise = LabeledSlider(
            QT_TRANSLATE_NOOP("Data", "Noise"), NOISE_VALUES, context=DATA_CONTEXT
        )
        self.noise.setObjectName("noise")
        self.ratio = LabeledSlider(
            QT_TRANSLATE_NOOP("Data", "Train ratio"),
            RATIO_VALUES,
            fmt=_percent,
            context=DATA_CONTEXT,
        )
        self.ratio.setObjectName("trainRatio")
        self.validation = LabeledSlider(
            QT_TRANSLATE_NOOP("Data", "Validation"),
            VALIDATION_VALUES,
            fmt=_share,
            context=DATA_CONTEXT,
        )
        self.validation.setObjectName("validationSplit")
        self.points = LabeledSlider(
            QT_TRANSLATE_NOOP("Data", "Points"), POINT_VALUES, context=DATA_CONTEXT
        )
        self.points.setObjectName("points")
        self.split_counts = QLabel()  # "train 200 · validation 50 · test 250"
        self.split_counts.setObjectName("splitCounts")
        self.split_counts.setWordWrap(True)
        self._split_shown: tuple[tuple[int, int, int] | None, bool] = (None, False)
        self.input_scale = LabeledSlider(
            QT_TRANSLATE_NOOP("Data", "Coordinate scale"),
            INPUT_SCALE_VALUES,
            fmt=_times,
            context=DATA_CONTEXT,
        )
        self.input_scale.setObjectName("inputScale")
        self.regenerate = QPushButton()
        set_ui_text(self.regenerate, DATA_CONTEXT, QT_TRANSLATE_NOOP("Data", "Regenerate"))
        self.regenerate.setObjectName("regenerate")
        self.scale = QComboBox()
        self.scale.setObjectName("inputScaling")
        scaling = QT_TRANSLATE_NOOP("Data", "Input scaling")
        set_ui_text(self.scale, DATA_CONTEXT, scaling, "setAccessibleName")
        for index, key in enumerate(SCALINGS):
            self.scale.addItem(SCALING_NAMES[key], key)
            set_ui_text(self.scale, DATA_CONTEXT, SCALING_NAMES[key], "setItemText", index)
        scale_label = QLabel()
        set_ui_text(scale_label, DATA_CONTEXT, scaling)
        scale_label.setBuddy(self.scale)
        self.source = ImageSourceBox()
        # the last file used for each image set, for coming back to it
        self._image_paths: dict[str, str | None] = {}
        self.folder = FolderChooser(self)  # Data › Image folder… and the picker's entry
        self.folder_summary = QLabel()  # the folder in use: classes, counts, size, colour
        self.folder_summary.setObjectName("folderSummary")
        self.folder_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_summary.setWordWrap(True)
        self._folder_failed = ("", "")  # (folder, the engine's message) of a failed rescan
        self._split_for: tuple[Experiment, Dataset | None] | None = None  # show_split's
        self.folder_button = QPushButton()
        set_ui_text(self.folder_button, DATA_CONTEXT, QT_TRANSLATE_NOOP("Data", "Change folder…"))
        self.folder_button.setObjectName("chooseImageFolder")
        self.folder_row = QWidget()
        folder_layout = QVBoxLayout(self.folder_row)
        folder_layout.setContentsMargins(0, 0, 0, 0)
        folder_layout.addWidget(self.folder_summary)
        folder_layout.addWidget(self.folder_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.class_group = QButtonGroup(self)
        class_row = QHBoxLayout()
        for cls, (color, text) in enumerate(zip((ORANGE, BLUE), CLASS_NAMES, strict=True)):
            button = QRadioButton()
            set_ui_text(button, DATA_CONTEXT, text)
            button.setIcon(class_dot_icon(color))
            button.setObjectName(f"addClass{cls}")
            self.class_group.addButton(button, cls)
            class_row.addWidget(button)
        class_row.addStretch(1)
        self.class_group.button(0).setChecked(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for slider in (self.noise, self.ratio, self.validation, self.points):
            form.addRow(slider.name_label, slider)
        form.addRow(self.split_counts)
        form.addRow(self.input_scale.name_label, self.input_scale)
        form.addRow(scale_label, self.scale)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.csv_row)
        layout.addWidget(self.folder_row)
        layout.addWidget(self.source)
        layout.addLayout(form)
        layout.addWidget(self.regenerate, 0, Qt.AlignmentFlag.AlignLeft)
        self.class_box = QWidget()  # clicking to add points: 2-D data only
        class_layout = QVBoxLayout(self.class_box)
        class_layout.setContentsMargins(0, 0, 0, 0)
        click_label = QLabel()
        set_ui_text(
            click_label,
            DATA_CONTEXT,
            QT_TRANSLATE_NOOP("Data", "Click the plot to add points of class:"),
        )
        class_layout.addWidget(click_label)
        class_layout.addLayout(class_row)
        layout.addWidget(self.class_box)
        layout.addStretch(1)

        self._read_experiment()
        self.picker.currentRowChanged.connect(self._on_dataset_changed)
        self.csv_button.clicked.connect(self._on_csv_button_clicked)
        self.noise.valueCommitted.connect(self._on_noise_changed)
        self.ratio.valueCommitted.connect(self._on_ratio_changed)
        self.validation.valueCommitted.connect(self._on_validation_changed)
        self.points.valueCommitted.connect(self._on_points_changed)
        self.input_scale.valueCommitted.connect(self._on_input_scale_changed)
        self.regenerate.clicked.connect(self._on_regenerate_clicked)
        self.scale.currentIndexChanged.connect(self._on_scale_changed)
        self.class_group.idToggled.connect(self._on_class_changed)
        self.source.sourceFound.connect(self._on_image_source_found)
        self.source.sourceCancelled.connect(self._on_image_source_cancelled)
        self.source.limitChosen.connect(self._on_image_limit_chosen)
        self.folder.folderChosen.connect(self._on_folder_chosen)
        self.folder.folderDropped.connect(self._on_folder_dropped)
        self.folder.folderScanned.connect(self._on_folder_scanned)
        self.folder.folderFailed.connect(self._on_folder_failed)
        self.folder.action.triggered.connect(self._on_image_folder_triggered)
        self.folder_button.clicked.connect(self._on_image_folder_triggered)
        spec_model.replaced.connect(self._on_spec_replaced)
        spec_model.changed.connect(self._on_spec_changed)

    # ----- public -----------------------------------------------------------------------
    def current_class(self) -> int:
        """The class that a click on the decision-boundary plot adds (0 orange, 1 blue)."""
        return max(0, self.class_group.checkedId())

    @Slot(object, object)
    def show_split(self, exp: Experiment, dataset: Dataset | None) -> None:
        """Show how many rows of the network just built train, validate and test."""
        self._split_for = (exp, dataset)
        folder = self._folder_counts(exp)
        self._split_shown = (split_sizes(exp, dataset, folder), exp.data.name in GATES)
        self.split_counts.setText(sizes_text(*self._split_shown))

    def input_shape(self) -> tuple[int, int, int] | None:
        """(h, w, c) of the image set in use (None: 2-D points, or a folder not scanned yet)."""
        return self.image_inputs.input_shape(self._spec.experiment.data)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:  # texts built from data, built again
            self.split_counts.setText(sizes_text(*self._split_shown))
            self._show_relevance()
            self._show_folder(self._spec.experiment)

    # ----- reading the experiment -------------------------------------------------------
    def _read_experiment(self) -> None:
        data = self._spec.experiment.data
        with QSignalBlocker(self.picker):
            self.picker.setCurrentRow(self.picker.row_of(data.name))
        for slider, value in (
            (self.noise, data.noise),
            (self.ratio, data.train_ratio),
            (self.points, data.points),
            (self.validation, data.validation_split),
            (self.input_scale, data.input_scale),
        ):
            with QSignalBlocker(slider):
                slider.setValue(value)
        with QSignalBlocker(self.scale):
            self.scale.setCurrentIndex(self.scale.findData(data.scale))
        self._show_relevance()
        self.csv_row.setVisible(data.name == "csv")
        self.source.setVisible(data.is_image)
        self.folder_row.setVisible(data.name == "folder")
        # clicks add points of a class: 2-D classification data only
        self.class_box.setVisible(not data.is_image and data.task == "classification")
        self._remember_class_loss()
        if data.is_image and not self.source.busy():
            folder = self._folder_counts(self._spec.experiment)
            self.source.show_source(data, folder[0] if folder else None)
            self._image_paths[data.name] = data.path
        self._show_folder(self._spec.experiment)
        if data.path:
            self.csv_label.setText(Path(data.path).name)
            self.csv_label.setToolTip(data.path)

    def _show_relevance(self) -> None:
        """Switch off what the data ignores, saying why in the current language."""
        why = ignored_settings(self._spec.experiment)
        for name in ("noise", "points", "ratio", "validation", "input_scale", "regenerate"):
            show_relevance(getattr(self, name), why.get(name, ""))

    @Slot()
    def _on_spec_replaced(self) -> None:
        self._read_experiment()

    def _remember_class_loss(self) -> None:
        exp = self._spec.experiment
        if exp.data.task == "classification":
            self._class_loss = exp.loss

    @Slot(str)
    def _on_spec_changed(self, kind: str) -> None:
        if kind == DATA:
            self._read_experiment()
        else:  # e.g. a loss chosen in the Hyperparameters panel
            self._remember_class_loss()

    # ----- edits ------------------------------------------------------------------------
    @Slot(int)
    def _on_scale_changed(self, index: int) -> None:
        scale = self.scale.itemData(index)
        self._spec.edit(DATA, lambda exp: setattr(exp.data, "scale", scale))

    @Slot(int)
    def _on_dataset_changed(self, row: int) -> None:
        name = self.picker.name_at(row) if row >= 0 else None
        if name is None or name == self._spec.experiment.data.name:
            return
        if name == "csv":
            self._import_csv()
            return
        if name == "folder":  # chosen, scanned and confirmed first; then the experiment
            self.folder.choose(self._spec.experiment.data)
            return
        if name in IMAGE_DATASETS:  # found in the background; the experiment changes only then
            self.source.setVisible(True)
            self.source.find(name, self._image_paths.get(name))
            return

        def change(exp: Experiment) -> None:
            # as TensorFlow Playground, a regression problem switches to MSE on a linear output
            switch_dataset(exp, name, self._class_loss)
            exp.data.added_points = []  # clicks belong to the dataset they were made on
            _clamp_batch(exp)

        self._spec.edit(DATA, change)

    @Slot()
    def _on_csv_button_clicked(self) -> None:
        self._import_csv()

    def _import_csv(self) -> None:
        """Ask for a file and read it off the GUI thread (a bar and Cancel for big ones), so a
        bad file is named at once and changes nothing; the rebuild reuses the parsed points."""
        start = self._spec.experiment.data.path or ""
        path, _ = QFileDialog.getOpenFileName(
            self,
            QCoreApplication.translate("Data", "Import points from CSV"),
            start,
            QCoreApplication.translate("Data", "CSV files (*.csv);;All files (*)"),
        )
        if not path:
            self._read_experiment()  # cancelled: show the data that is still in use
            return
        self.import_csv(path)

    def import_csv(self, path: str) -> None:
        """Read `path` in the background; the experiment switches to it once it has loaded."""
        self.cancel_loads()
        label = QCoreApplication.translate("Data", "Reading {file}…").format(file=Path(path).name)
        load = BackgroundLoad(self, label, functools.partial(_read_points, path))
        load.loaded.connect(self._on_csv_loaded)
        load.failed.connect(self._on_csv_failed)
        load.cancelled.connect(self._on_csv_cancelled)
        self._csv_load, self._csv_pending = load, path
        load.start()

    def cancel_loads(self) -> None:
        """Stop a file still loading (the window is closing, or another file was chosen)."""
        if self._csv_load is not None and self._csv_load.is_running():
            self._csv_load.cancel()
        self._csv_load = None
        self.folder.cancel()
        self.source.cancel_download()

    @Slot(object)
    def _on_csv_loaded(self, _points: object) -> None:
        path, self._csv_load = self._csv_pending, None
        self._spec.edit(DATA, lambda exp: _set_csv(exp, path, self._class_loss))

    @Slot(str)
    def _on_csv_failed(self, message: str) -> None:
        self._csv_load = None
        title = QCoreApplication.translate("Data", "Cannot import CSV")
        QMessageBox.warning(self, title, message)  # the engine's message names the problem
        self._read_experiment()  # refused: show the data that is still in use

    @Slot()
    def _on_csv_cancelled(self) -> None:
        self._csv_load = None
        self._read_experiment()

    @Slot(float)
    def _on_noise_changed(self, value: float) -> None:
        self._spec.edit(DATA, lambda exp: setattr(exp.data, "noise", float(value)))

    @Slot(float)
    def _on_ratio_changed(self, value: float) -> None:
        def change(exp: Experiment) -> None:
            exp.data.train_ratio = float(value)
            _clamp_batch(exp)

        self._spec.edit(DATA, change)

    @Slot(float)
    def _on_validation_changed(self, value: float) -> None:
        def change(exp: Experiment) -> None:
            exp.data.validation_split = float(value)
            _clamp_batch(exp)

        self._spec.edit(DATA, change)

    @Slot(float)
    def _on_input_scale_changed(self, value: float) -> None:
        self._spec.edit(DATA, lambda exp: setattr(exp.data, "input_scale", float(value)))

    @Slot(float)
    def _on_points_changed(self, value: float) -> None:
        def change(exp: Experiment) -> None:
            exp.data.points = int(value)
            _clamp_batch(exp)

        self._spec.edit(DATA, change)

    @Slot()
    def _on_regenerate_clicked(self) -> None:
        self._spec.edit(DATA, lambda exp: setattr(exp.data, "seed", (exp.data.seed + 1) % 2**31))

    @Slot(str, object)
    def _on_image_source_found(self, name: str, path: str | None) -> None:
        def change(exp: Experiment) -> None:
            if not exp.data.is_image or exp.data.name == "folder":  # the size last chosen here
                exp.data.limit = self.source.limit_choice()
            switch_dataset(exp, name, self._class_loss)
            exp.data.path = path
            if exp.model == "perceptron":  # one neuron cannot tell ten classes apart
                exp.model = "mlp"
            _clamp_batch(exp)

        self._image_paths[name] = path
        self._spec.edit(DATA, change)

    @Slot()
    def _on_image_source_cancelled(self) -> None:
        self._read_experiment()  # show the data that is still in use

    @Slot()
    def _on_image_folder_triggered(self) -> None:
        self.folder.choose(self._spec.experiment.data)

    @Slot(object)
    def _on_folder_chosen(self, choice: FolderChoice) -> None:
        self.image_inputs.remember(choice.path, choice.scan)  # before the panels re-read
        self._folder_failed = ("", "")

        def change(exp: Experiment) -> None:
            switch_dataset(exp, "folder", self._class_loss)
            data = exp.data
            data.path, data.image_size = choice.path, choice.image_size
            data.color_mode, data.test_split = choice.color_mode, choice.test_split
            data.limit = 0  # one's own pictures are few: all of them
            if exp.model == "perceptron":  # one neuron tells only two classes apart
                exp.model = "mlp"
            # a batch cannot be larger than the training pictures the folder leaves
            n = folder_split(choice.scan.counts.values(), choice.test_split)[0]
            n_train = n - min(int(n * data.validation_split), n - 1)
            exp.training.batch_size = max(1, min(exp.training.batch_size, n_train))

        self._spec.edit(DATA, change)

    @Slot()
    def _on_folder_dropped(self) -> None:
        self._read_experiment()  # no folder after all: show the data that is still in use

    @Slot(str, object)
    def _on_folder_scanned(self, path: str, scan: object) -> None:
        self.image_inputs.remember(path, scan)
        self._read_experiment()  # the summary and the limit's "All n", now known
        if self._split_for is not None:
            self.show_split(*self._split_for)
        self.imageInputChanged.emit()  # the designer's shapes, now known

    @Slot(str, str)
    def _on_folder_failed(self, path: str, message: str) -> None:
        self._folder_failed = (path, message)  # the engine's words, in the language of then
        self._show_folder(self._spec.experiment)

    def _show_folder(self, exp: Experiment) -> None:
        """The folder in use, summed up (scanned once in the background if not yet)."""
        data = exp.data
        if data.name != "folder":
            return
        scan = self.image_inputs.scan_of(data.path)
        if scan is not None:
            text = summary_text(scan, data.image_size, data.color_mode)
        elif self.folder.busy():
            text = QCoreApplication.translate("Data", "Looking at the pictures…")
        elif self._folder_failed[0] == data.path:
            text = self._folder_failed[1]  # the last scan of it failed: its message stays
        else:
            text = QCoreApplication.translate("Data", "Looking at the pictures…")
            if data.path:
                self.folder.rescan(data.path)
        self.folder_summary.setText(text)
        self.folder_summary.setToolTip(data.path or "")

    def _folder_counts(self, exp: Experiment) -> tuple[int, int] | None:
        """A scanned folder's (training, test) image counts, carved as the loader does."""
        scan = self.image_inputs.scan_of(exp.data.path) if exp.data.name == "folder" else None
        if scan is None:
            return None
        return folder_split(scan.counts.values(), exp.data.test_split)

    @Slot(int)
    def _on_image_limit_chosen(self, limit: int) -> None:
        def change(exp: Experiment) -> None:
            exp.data.limit = limit
            _clamp_batch(exp)

        self._spec.edit(DATA, change)

    @Slot(int, bool)
    def _on_class_changed(self, cls: int, checked: bool) -> None:
        if checked:
            self.currentClassChanged.emit(cls)


def _percent(v: float) -> str:
    return f"{v:g} %"


def _share(v: float) -> str:
    """A fraction as a percentage: 0.2 -> "20 %", 5,000/60,000 -> "8.33 %"."""
    return f"{v * 100:.3g} %"


def _times(v: float) -> str:
    return f"×{v:g}"


def _set_csv(exp: Experiment, path: str, class_loss: str) -> None:
    switch_dataset(exp, "csv", class_loss)
    exp.data.path = path
    exp.data.added_points = []


def _clamp_batch(exp: Experiment) -> None:
    """A batch cannot be larger than the training set: shrink it in the same edit."""
    n_train = exp.train_count()
    if n_train is not None and exp.training.batch_size > n_train:
        exp.training.batch_size = n_train


def _read_points(path: str, progress, cancelled) -> object:  # noqa: ANN001 - BackgroundLoad's
    """Runs in the load's thread: parse (and keep) the points, so the rebuild reads no file."""
    return load_csv_points(path, progress, cancelled)
