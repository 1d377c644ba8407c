"""Data › Image folder…: a folder of the user's own pictures, one sub-folder per class.

Choosing a folder scans it off the GUI thread (`engine.data.image_folder.scan_image_folder`,
in a `BackgroundLoad` with a progress bar and Cancel), then a dialog shows what was found: the
classes and their image counts, every skipped file by name with the reason, and the options
(image size, 0 = the size inferred from the files; colour mode; the share of each class set
aside to test). "Use this folder" hands a `FolderChoice` to whoever asked; a folder the engine
refuses (fewer than two classes, no readable picture) is shown in the engine's own words and
changes nothing. The last folder is remembered in the app's settings.

Its words are translated in context "ImageFolder".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.experiment.spec import COLOR_MODES, DataSpec, SpecError
from gui.common.background import BackgroundLoad
from gui.common.i18n import MENU, engine_message, set_ui_text
from gui.common.settings import app_settings
from gui.experiment.image_inputs import folder_input_shape

CONTEXT = "ImageFolder"
LAST_FOLDER_KEY = "data/lastImageFolder"  # QSettings: where the folder dialog opens
COLOR_NAMES = {
    "auto": QT_TRANSLATE_NOOP("ImageFolder", "Auto (colour if any picture has colour)"),
    "grayscale": QT_TRANSLATE_NOOP("ImageFolder", "Grayscale"),
    "rgb": QT_TRANSLATE_NOOP("ImageFolder", "Colour (RGB)"),
}
MAX_IMAGE_SIZE = 256  # data.image_size's upper bound (engine.experiment.spec)
MIN_WIDTH = 520  # px: fits a 1280×800 screen with room to spare


def _tr(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


@dataclass(frozen=True)
class FolderChoice:
    """What "Use this folder" chose: the DataSpec fields, and the scan they came from."""

    path: str
    image_size: int
    color_mode: str
    test_split: float
    scan: Any  # engine.data.image_folder.FolderScan (scanned with size 0, colour "auto")


def colour_text(channels: int) -> str:
    return (
        QCoreApplication.translate("ImageFolder", "colour")
        if channels == 3
        else QCoreApplication.translate("ImageFolder", "grayscale")
    )


def summary_text(scan: Any, image_size: int, color_mode: str) -> str:
    """One line about a folder in use: its classes and counts, the picture size and colour."""
    h, w, c = folder_input_shape(scan, image_size, color_mode)
    classes = ", ".join(f"{name} {scan.counts[name]:,}" for name in scan.classes)
    text = QCoreApplication.translate(
        "ImageFolder", "{n} classes: {classes} · {h}×{w}, {colour}"
    ).format(n=len(scan.classes), classes=classes, h=h, w=w, colour=colour_text(c))
    if scan.skipped:
        more = QCoreApplication.translate("ImageFolder", "{n} files skipped").format(
            n=len(scan.skipped)
        )
        text = f"{text} · {more}"
    return text


def scan_folder(path: str, progress, cancelled) -> Any:  # noqa: ANN001 - BackgroundLoad's
    """Runs in the load's thread: the engine's scan, inferring size and colour."""
    from engine.data.image_folder import scan_image_folder

    def report(done: int, total: int) -> None:  # the engine's (done, total); the bar's fraction
        progress(done / total if total else 0.0)

    return scan_image_folder(path, 0, "auto", report, cancelled)


class ImageFolderDialog(QDialog):
    """What a scanned folder holds, and the options to read it with."""

    def __init__(self, path: str, scan: Any, data: DataSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("imageFolderDialog")
        self.setMinimumWidth(MIN_WIDTH)  # the skipped files' reasons are long
        self.setWindowTitle(QCoreApplication.translate("ImageFolder", "Image folder"))
        self.path, self.scan = path, scan
        where = QLabel(path)
        where.setTextFormat(Qt.TextFormat.PlainText)
        where.setWordWrap(True)
        total = sum(scan.counts.values())
        found = QLabel(
            QCoreApplication.translate("ImageFolder", "{n} classes, {images:,} images").format(
                n=len(scan.classes), images=total
            )
        )
        self.classes = QTableWidget(len(scan.classes), 2)
        self.classes.setObjectName("folderClasses")
        self.classes.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("ImageFolder", "Class"),
                QCoreApplication.translate("ImageFolder", "Images"),
            ]
        )
        self.classes.verticalHeader().setVisible(False)
        self.classes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.classes.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for row, name in enumerate(scan.classes):
            self.classes.setItem(row, 0, QTableWidgetItem(name))
            count = QTableWidgetItem(f"{scan.counts[name]:,}")
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.classes.setItem(row, 1, count)
        self.skipped_label = QLabel(
            QCoreApplication.translate("ImageFolder", "Skipped files: {n}").format(
                n=len(scan.skipped)
            )
            if scan.skipped
            else QCoreApplication.translate("ImageFolder", "No file was skipped.")
        )
        self.skipped = QListWidget()
        self.skipped.setObjectName("folderSkipped")
        for file, reason in scan.skipped:
            self.skipped.addItem(f"{file}: {engine_message(reason)}")
            item = self.skipped.item(self.skipped.count() - 1)
            item.setToolTip(item.text())  # a long reason is shown whole
        self.skipped.setVisible(bool(scan.skipped))

        h, w = scan.size
        self.inferred = QLabel(
            QCoreApplication.translate(
                "ImageFolder", "Inferred from the files: {h}×{w}, {colour}"
            ).format(h=h, w=w, colour=colour_text(int(scan.channels)))
        )
        self.inferred.setObjectName("folderInferred")
        self.image_size = QSpinBox()
        self.image_size.setObjectName("folderImageSize")
        self.image_size.setRange(0, MAX_IMAGE_SIZE)
        self.image_size.setSpecialValueText(
            QCoreApplication.translate("ImageFolder", "Inferred ({h}×{w})").format(h=h, w=w)
        )
        pixels = QCoreApplication.translate("ImageFolder", "px")
        self.image_size.setSuffix(f" {pixels}")
        self.color_mode = QComboBox()
        self.color_mode.setObjectName("folderColorMode")
        for mode in COLOR_MODES:
            self.color_mode.addItem(_tr(COLOR_NAMES[mode]), mode)
        self.test_split = QSpinBox()
        self.test_split.setObjectName("folderTestSplit")
        self.test_split.setRange(5, 50)
        self.test_split.setSuffix(" %")
        self.image_size.setToolTip(
            QCoreApplication.translate(
                "ImageFolder",
                "0 keeps the size inferred from the files; 8 to 256 resizes every picture to "
                "that many pixels square (stretched, not cropped).",
            )
        )
        self.color_mode.setToolTip(
            QCoreApplication.translate(
                "ImageFolder",
                "Grayscale feeds the network one channel, colour three; Auto uses colour when "
                "any picture has colour.",
            )
        )
        self.test_split.setToolTip(
            QCoreApplication.translate(
                "ImageFolder",
                "The share of each class set aside as the test set; every class keeps at "
                "least one picture to train on and one to test.",
            )
        )
        self.input_line = QLabel()
        self.input_line.setObjectName("folderInput")
        self.problem = QLabel()
        self.problem.setObjectName("folderProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b")
        self.problem.setVisible(False)
        same = data.name == "folder" and data.path == path
        self.image_size.setValue(data.image_size if same else 0)
        self.color_mode.setCurrentIndex(
            self.color_mode.findData(data.color_mode if same else "auto")
        )
        self.test_split.setValue(round((data.test_split if same else 0.2) * 100))

        form = QFormLayout()
        form.addRow(self.inferred)
        form.addRow(QCoreApplication.translate("ImageFolder", "Image size"), self.image_size)
        form.addRow(QCoreApplication.translate("ImageFolder", "Colour"), self.color_mode)
        form.addRow(QCoreApplication.translate("ImageFolder", "Test split"), self.test_split)
        form.addRow(self.input_line)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.use_button = buttons.addButton(
            QCoreApplication.translate("ImageFolder", "Use this folder"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.use_button.setObjectName("useFolder")
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(found)
        layout.addWidget(self.classes)
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.skipped)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._show_input()
        self.image_size.valueChanged.connect(self._on_option_changed)
        self.color_mode.currentIndexChanged.connect(self._on_option_changed)
        buttons.accepted.connect(self._on_use_clicked)
        buttons.rejected.connect(self.reject)

    def choice(self) -> FolderChoice:
        return FolderChoice(
            self.path,
            self.image_size.value(),
            str(self.color_mode.currentData()),
            self.test_split.value() / 100,
            self.scan,
        )

    @Slot()
    def _on_option_changed(self) -> None:
        self.problem.setVisible(False)
        self._show_input()

    def _show_input(self) -> None:
        size = self.image_size.value()
        if 0 < size < 8:  # the spec's check, said when Use is pressed; no shape to show yet
            self.input_line.setText("")
            return
        h, w, c = folder_input_shape(self.scan, size, str(self.color_mode.currentData()))
        self.input_line.setText(
            QCoreApplication.translate("ImageFolder", "Network input: {h}×{w}×{c}").format(
                h=h, w=w, c=c
            )
        )

    @Slot()
    def _on_use_clicked(self) -> None:
        """Check the options as the experiment will (the message names the field)."""
        choice = self.choice()
        data = DataSpec(
            name="folder",
            path=choice.path,
            image_size=choice.image_size,
            color_mode=choice.color_mode,
            test_split=choice.test_split,
        )
        try:
            data.validate()
        except (SpecError, ValueError) as exc:
            self.problem.setText(engine_message(exc))
            self.problem.setVisible(True)
            return
        self.accept()


class FolderChooser(QObject):
    """The "Image folder…" action and what it does: ask for a folder, scan it, show it, and
    emit `folderChosen(FolderChoice)` when the learner uses it, or `folderDropped()` when the
    choice ends without one (no folder chosen, the scan cancelled or refused, the dialog
    closed). `rescan(path)` scans quietly, for a folder already in the experiment:
    `folderScanned(path, scan)` or `folderFailed(path, message)` follows."""

    folderChosen = Signal(object)
    folderDropped = Signal()
    folderScanned = Signal(str, object)
    folderFailed = Signal(str, str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._load: BackgroundLoad | None = None
        self._pending = ""
        self._quiet = False  # the running scan is a rescan: no dialog
        self._data = DataSpec()  # the data in use when the choice began
        self.dialog: ImageFolderDialog | None = None
        self.action = QAction(self)
        self.action.setObjectName("actionImageFolder")
        set_ui_text(self.action, MENU, QT_TRANSLATE_NOOP("Menu", "Image folder…"))
        tip = QT_TRANSLATE_NOOP(
            "Menu", "Train on your own pictures: a folder with one sub-folder of images per class."
        )
        set_ui_text(self.action, MENU, tip, "setStatusTip")
        set_ui_text(self.action, MENU, tip, "setToolTip")

    def choose(self, data: DataSpec) -> None:
        """Ask for a folder (opening where the last one was) and scan it; `data` is the data
        in use, whose folder options the dialog starts from when it is the same folder."""
        settings = app_settings()
        start = data.path if data.name == "folder" and data.path else ""
        start = start or str(settings.value(LAST_FOLDER_KEY, "") or "")
        path = QFileDialog.getExistingDirectory(
            self._parent,
            QCoreApplication.translate(
                "ImageFolder", "Choose a folder with one sub-folder per class"
            ),
            start,
        )
        if not path:
            self.folderDropped.emit()
            return
        settings.setValue(LAST_FOLDER_KEY, path)
        self.scan(path, data)

    def scan(self, path: str, data: DataSpec) -> None:
        """Scan `path` in the background; the dialog follows (or the engine's refusal)."""
        self._start(path, data, quiet=False)

    def rescan(self, path: str) -> None:
        """Scan a folder the experiment already uses, to show its classes and shape."""
        self._start(path, DataSpec(), quiet=True)

    def busy(self) -> bool:
        return self._load is not None

    def cancel(self) -> None:
        """Stop a scan still running (another folder was chosen, or the window closes)."""
        load, self._load = self._load, None
        if load is not None and load.is_running():
            load.cancelled.disconnect(self._on_cancelled)  # replaced or closing: not dropped
            load.cancel()

    def _start(self, path: str, data: DataSpec, *, quiet: bool) -> None:
        self.cancel()
        self._data, self._quiet = data, quiet
        label = QCoreApplication.translate(
            "ImageFolder", "Looking at the pictures in {folder}…"
        ).format(folder=Path(path).name)
        load = BackgroundLoad(self._parent, label, functools.partial(scan_folder, path))
        load.dialog.setObjectName("folderScanProgress")
        load.loaded.connect(self._on_scanned)
        load.failed.connect(self._on_refused)
        load.cancelled.connect(self._on_cancelled)
        self._load, self._pending = load, path
        load.start()

    @Slot(object)
    def _on_scanned(self, scan: object) -> None:
        self._load = None
        if self._quiet:
            self.folderScanned.emit(self._pending, scan)
            return
        dialog = ImageFolderDialog(self._pending, scan, self._data, self._parent.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()  # window-modal, without blocking the event loop

    @Slot(int)
    def _on_dialog_finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None and result == QDialog.DialogCode.Accepted.value:
            self.folderChosen.emit(dialog.choice())
        else:
            self.folderDropped.emit()

    @Slot(str)
    def _on_refused(self, message: str) -> None:
        self._load = None
        if self._quiet:
            self.folderFailed.emit(self._pending, message)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("ImageFolder", "Cannot use this folder"),
            message,  # the engine's message: the folder and why
            parent=self._parent.window(),
        )
        box.setObjectName("folderRefusedDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.folderDropped.emit()

    @Slot()
    def _on_cancelled(self) -> None:
        self._load = None
        if not self._quiet:
            self.folderDropped.emit()
