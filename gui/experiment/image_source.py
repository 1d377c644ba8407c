"""Where an image set's pictures come from (MNIST, Fashion-MNIST, CIFAR-10), and how many of
them to train on.

Looking for a set reads the disk and downloading it takes a while, so a search runs in a plain
background thread and reports back through a queued signal, and a download runs as a
`BackgroundLoad` with a progress dialog and Cancel; the window never waits. The search order is
the engine's (`engine.data.image_sets.find_image_set`): the experiment's path first, then the
set's environment variable ($NEURAL_PLAYGROUND_MNIST, …), then the places the engine knows (the
Keras cache; for Fashion-MNIST also Debian's dataset-fashion-mnist). When none has a copy, a
dialog offers to choose a file or download it through `keras.datasets`; when the download fails
too, a second one says how to get the files by hand. Nothing in the experiment changes until a
source has been found.

Its words are translated in context "Data"; the source line and the limit's items are built
again after a language switch, and a dialog speaks the language of the moment it opens.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from engine.data.image_sets import ENV_VARS, image_set
from engine.experiment.spec import DataSpec
from gui.common.background import BackgroundLoad
from gui.common.i18n import engine_message, set_ui_text
from gui.experiment.data_split import TRAIN_IMAGES

DEFAULT_LIMIT = 5000  # a newcomer's first run on an image set should take seconds an epoch
LIMITS = (1000, 5000, 10000, 0)  # the first n training images; 0: all of them
KERAS_URLS = {  # what keras.datasets.<set>.load_data() fetches, for getting it by hand
    "mnist": "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
    "fashion_mnist": "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
    "train-images-idx3-ubyte.gz (and the other three files beside it)",
    "cifar10": "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
}
FILE_PATTERNS = {  # the file dialog's filter: the files each set's reader takes
    "mnist": "*.npz *ubyte *ubyte.gz",
    "fashion_mnist": "*.npz *ubyte *ubyte.gz",
    "cifar10": "*.tar.gz *.npz data_batch_* test_batch",
}
# a file that is one part of a set stored as a folder: the reader takes its folder
FOLDER_PARTS = ("-ubyte", "-ubyte.gz", "data_batch_", "test_batch", "batches.meta")
DOWNLOAD_SIZES = {"mnist": "11 MB", "fashion_mnist": "30 MB", "cifar10": "163 MB"}
HOW_TO_GET = QT_TRANSLATE_NOOP(
    "Data",
    "To get {title} another way: download {url} on any computer with a network, copy it here "
    "and use Choose file….",
)
HOW_TO_GET_ENV = QT_TRANSLATE_NOOP(
    "Data",
    "Or set the environment variable {variable} to the file (or the folder holding its "
    "files) and start the app again.",
)
CHOOSE_FILE = QT_TRANSLATE_NOOP("Data", "Choose file…")
DOWNLOAD = QT_TRANSLATE_NOOP("Data", "Download")


def title_of(name: str) -> str:
    """How people write the set's name (a name: the same in every language)."""
    return image_set(name).title


def how_to_get(name: str) -> str:
    """How to get image set `name` by hand, in the current language."""
    text = QCoreApplication.translate("Data", HOW_TO_GET).format(
        title=title_of(name), url=KERAS_URLS[name]
    )
    more = QCoreApplication.translate("Data", HOW_TO_GET_ENV).format(variable=ENV_VARS[name])
    return f"{text} {more}"


def limit_text(n: int, total: int | None = 60_000) -> str:
    """ "First 5,000" (or "All 60,000" for 0; "All" when the total is not known), in the
    current language."""
    if n == 0 and total:
        return QCoreApplication.translate("Data", "All {count:,}").format(count=total)
    if n == 0:
        return QCoreApplication.translate("Data", "All")
    return QCoreApplication.translate("Data", "First {count:,}").format(count=n)


def find_source(name: str, path: str | None) -> str | None:
    """Where the engine would read image set `name` from without downloading (None: nowhere).
    Reads the disk: call it off the GUI thread."""
    from engine.data.image_sets import find_image_set

    found = find_image_set(name, path)
    # an explicit path (the experiment's, or the environment variable's) is named even when
    # nothing is there: that is not a copy
    return found if found is not None and Path(found).exists() else None


def places_tried(name: str, path: str | None) -> str:
    """The engine's account of where it looked for `name` and why each place failed (its
    reader, told not to download, finds nothing and says so)."""
    try:
        check_file(name, path)
    except Exception as exc:  # noqa: BLE001 - the message is what is wanted
        return engine_message(exc)
    return ""


def reader_path(path: str) -> str:
    """The path to give the reader for a chosen file: a set stored as a folder of parts (IDX
    files, CIFAR-10's batches) is read from the folder."""
    name = Path(path).name
    if any(name.endswith(part) or name.startswith(part) for part in FOLDER_PARTS):
        return str(Path(path).parent)
    return path


def fraction_reporter(report: Callable[[float], None]) -> Callable[[int, int], None]:
    """The engine reports (done, total); a progress bar takes a fraction."""

    def progress(done: int, total: int) -> None:
        report(done / total if total else 0.0)

    return progress


def check_file(name: str, path: str | None) -> None:
    """Read the chosen file through the engine's reader, so a wrong one is refused at once
    with the engine's message (reads the whole set: call it off the GUI thread)."""
    from engine.data.image_sets import load_image_arrays

    load_image_arrays(DataSpec(name=name, path=path), allow_download=False)


def download_image_set(name: str, progress, cancelled) -> str | None:  # noqa: ANN001
    """Download image set `name` through keras.datasets (imports Keras and its backend: run it
    off the GUI thread). Returns where the engine now finds it, to show (the experiment keeps
    no path: the default search finds the download). `cancelled` is asked between the engine's
    steps; a file Keras is already fetching is finished into its cache."""
    from engine.data.image_sets import load_image_arrays

    load_image_arrays(
        DataSpec(name=name), progress=fraction_reporter(progress), cancelled=cancelled
    )
    return find_source(name, None)


def describe_source(name: str, path: str | None, found: str | None = None) -> str:
    """Where image set `name` is read from, in the current language."""
    title = title_of(name)
    if path:
        text = QCoreApplication.translate("Data", "{title} from {file}")
        return text.format(title=title, file=Path(path).name)
    env = os.environ.get(ENV_VARS[name], "").strip()
    if env:
        return QCoreApplication.translate("Data", "{title} from {file} (${variable})").format(
            title=title, file=Path(env).name, variable=ENV_VARS[name]
        )
    if found:
        text = QCoreApplication.translate("Data", "{title} from {file}")
        return text.format(title=title, file=found)
    text = QCoreApplication.translate("Data", "{title} from the Keras cache (~/.keras/datasets)")
    return text.format(title=title)


class SourceSearch(QObject):
    """Runs a search in a daemon thread; `done(kind, name, path, found, message)` follows,
    queued to the GUI thread. kind: found, missing, unreadable."""

    done = Signal(str, str, object, object, str)

    def probe(self, name: str, path: str | None, check: bool) -> None:
        """Look for `name` from `path`; `check`: read the file too (the user just chose it)."""
        threading.Thread(
            target=self._probe, args=(name, path, check), name="FindImageSet", daemon=True
        ).start()

    def _probe(self, name: str, path: str | None, check: bool) -> None:
        try:
            if check and path:  # read through: a chosen file is what it is
                check_file(name, path)
                found: str | None = path
            else:
                found = find_source(name, path)
        except Exception as exc:  # noqa: BLE001 - an odd file must become a message
            self.done.emit("unreadable", name, path, None, engine_message(exc))
            return
        if found is None:
            self.done.emit("missing", name, path, None, places_tried(name, path))
        else:
            self.done.emit("found", name, path, str(found), "")


class ImageSourceBox(QWidget):
    """An image set's source (with Choose file… and Download) and the training-set limit.

    `sourceFound(name, path)`: use set `name` from `path` (None: where the engine's default
    search finds it). `sourceCancelled()`: no source; the data panel shows the data still in
    use. `limitChosen(n)`: train on the first n images (0 = all).
    """

    sourceFound = Signal(str, object)
    sourceCancelled = Signal()
    limitChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageSource")
        self._name = "mnist"  # the set being looked for, or shown
        self._verify_only = False  # a found source needs no edit: the experiment has it
        self._download: BackgroundLoad | None = None
        self._downloading = "mnist"  # the set the download is fetching
        self._chosen = False  # the probe is of a file the user just chose
        self._searching = False  # a search or a download is under way
        self._total: int | None = None  # the set's training images, for "All 60,000"
        self._found: dict[str, str] = {}  # name -> where a search last found it
        self.source = QLabel()
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        self.source.setWordWrap(True)
        self._source_text: Callable[[], str] = str  # builds the source line (again on a switch)
        self.choose_button = QPushButton()
        set_ui_text(self.choose_button, "Data", CHOOSE_FILE)
        self.choose_button.setObjectName("chooseImageFile")
        self.download_button = QPushButton()
        set_ui_text(self.download_button, "Data", DOWNLOAD)
        self.download_button.setObjectName("downloadImageSet")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # a search has no fraction to show
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.limit = QComboBox()
        self.limit.setObjectName("imageLimit")
        for n in LIMITS:
            self.limit.addItem(limit_text(n), n)
        self.limit.setCurrentIndex(self.limit.findData(DEFAULT_LIMIT))
        self.buttons = QWidget()
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.download_button)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.source)
        form.addRow(self.buttons)
        form.addRow(self.progress)
        limit_label = QLabel()
        set_ui_text(limit_label, "Data", QT_TRANSLATE_NOOP("Data", "Training images"))
        limit_label.setBuddy(self.limit)
        form.addRow(limit_label, self.limit)

        self._search = SourceSearch(self)
        self._search.done.connect(self._on_search_done)
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.download_button.clicked.connect(self._on_download_clicked)
        self.limit.activated.connect(self._on_limit_activated)

    # ----- public -----------------------------------------------------------------------
    def show_source(self, data: DataSpec, folder_images: int | None = None) -> None:
        """Show where `data`'s image set is read from and its limit; a folder has its own
        summary (the folder row), so only the limit shows here (`folder_images`: its training
        pictures, when scanned)."""
        name = data.name
        self.buttons.setVisible(name != "folder")
        self.source.setVisible(name != "folder")
        if name != "folder":
            self._name = name
            found = self._found.get(name)
            self._say(lambda: describe_source(name, data.path, found))
            env = os.environ.get(ENV_VARS[name], "")
            self.source.setToolTip(data.path or env or found or "")
        self._show_limits(folder_images if name == "folder" else TRAIN_IMAGES.get(name))
        index = self.limit.findData(data.limit)
        if index < 0:  # a limit typed into an experiment file: show it as it is
            self.limit.addItem(limit_text(data.limit), data.limit)
            index = self.limit.count() - 1
        self.limit.setCurrentIndex(index)

    def limit_choice(self) -> int:
        return int(self.limit.currentData())

    def find(self, name: str, path: str | None) -> None:
        """Look for image set `name` (from `path` first); sourceFound or the missing dialog
        follows."""
        self._verify_only = False
        self._start_probe(name, path, check=False)

    def verify(self, name: str, path: str | None) -> None:
        """Like find, but a source that is found is already in the experiment: stay quiet."""
        self._verify_only = True
        self._start_probe(name, path, check=False)

    def busy(self) -> bool:
        return self._searching or self._download is not None

    def cancel_download(self) -> None:
        """Stop waiting for a download (the window is closing)."""
        if self._download is not None and self._download.is_running():
            self._download.cancel()
        self._download = None

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:  # texts built from data, built again
            self.source.setText(self._source_text())
            self._show_limits(self._total)

    def _show_limits(self, total: int | None) -> None:
        self._total = total
        for index in range(self.limit.count()):
            self.limit.setItemText(index, limit_text(int(self.limit.itemData(index)), total))

    def _say(self, text: Callable[[], str]) -> None:
        """Show the source line `text()` builds, and build it again after a language switch."""
        self._source_text = text
        self.source.setText(text())

    # ----- background work ---------------------------------------------------------------
    def _start_probe(self, name: str, path: str | None, *, check: bool) -> None:
        self._name = name
        self.buttons.setVisible(True)
        self.source.setVisible(True)
        title = title_of(name)
        looking = QT_TRANSLATE_NOOP("Data", "Looking for {title}…")
        self._say(lambda: QCoreApplication.translate("Data", looking).format(title=title))
        self._set_busy(True)
        self._chosen = check
        self._search.probe(name, path, check)

    def _set_busy(self, busy: bool) -> None:
        self._searching = busy
        self.progress.setVisible(busy)
        self.choose_button.setEnabled(not busy)
        self.download_button.setEnabled(not busy)

    @Slot(str, str, object, object, str)
    def _on_search_done(
        self, kind: str, name: str, path: object, found: object, message: str
    ) -> None:
        self._set_busy(False)
        if kind == "found":
            self._found[name] = str(found)
            self._say(lambda: describe_source(name, path, str(found)))
            self.source.setToolTip(str(found))
            if not self._verify_only or self._chosen:
                self.sourceFound.emit(name, path)
        elif self._chosen:
            title = QCoreApplication.translate("Data", "Cannot use this {title} file")
            self._refuse(title.format(title=title_of(name)), message)
        else:
            self._ask_what_to_do(name, path, message)

    # ----- dialogs ------------------------------------------------------------------------
    def _ask_what_to_do(self, name: str, path: object, problem: str) -> None:
        title = title_of(name)
        box = QMessageBox(self.window())
        box.setObjectName("imageSetMissingDialog")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(
            QCoreApplication.translate("Data", "{title} not found").format(title=title)
        )
        box.setText(
            QCoreApplication.translate(
                "Data", "{title}: none found. Choose a file or download it."
            ).format(title=title)
        )
        box.setInformativeText(
            QCoreApplication.translate(
                "Data",
                "Choose file… opens a copy of {title} you already have. Download fetches it "
                "({size}) through Keras.\n\n{how_to_get}",
            ).format(title=title, size=DOWNLOAD_SIZES[name], how_to_get=how_to_get(name))
        )
        box.setDetailedText(problem)  # the engine's list of the places it looked in
        for text, choice in ((CHOOSE_FILE, "choose"), (DOWNLOAD, "download")):
            label = QCoreApplication.translate("Data", text)
            box.addButton(label, QMessageBox.ButtonRole.ActionRole).setProperty("choice", choice)
        box.addButton(QMessageBox.StandardButton.Cancel).setProperty("choice", "cancel")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(self._on_missing_choice)
        box.open()  # window-modal, without blocking the event loop

    @Slot(QAbstractButton)
    def _on_missing_choice(self, button: QAbstractButton) -> None:
        choice = button.property("choice")
        if choice == "choose":
            self._on_choose_clicked()
        elif choice == "download":
            self._on_download_clicked()
        else:
            self._say(lambda: describe_source(self._name, None))
            self.sourceCancelled.emit()

    def _refuse(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.window())
        box.setObjectName("imageSetErrorDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.sourceCancelled.emit()

    # ----- edits ------------------------------------------------------------------------
    @Slot()
    def _on_choose_clicked(self) -> None:
        name = self._name
        title = title_of(name)
        all_files = QCoreApplication.translate("Data", "All files (*)")
        path, _ = QFileDialog.getOpenFileName(
            self,
            QCoreApplication.translate("Data", "Open {title}").format(title=title),
            "",
            f"{title} ({FILE_PATTERNS[name]});;{all_files}",
        )
        if path:
            self._verify_only = False
            self._start_probe(name, reader_path(path), check=True)
        else:
            self.sourceCancelled.emit()

    @Slot()
    def _on_download_clicked(self) -> None:
        name = self._name
        self.cancel_download()
        title = title_of(name)
        label = QCoreApplication.translate("Data", "Downloading {title} ({size})…").format(
            title=title, size=DOWNLOAD_SIZES[name]
        )
        self._say(lambda: label)
        self._set_busy(True)
        self._download = BackgroundLoad(self, label, functools.partial(download_image_set, name))
        self._download.dialog.setObjectName("imageSetDownload")
        self._download.set_busy_until_progress()
        self._download.loaded.connect(self._on_downloaded)
        self._download.failed.connect(self._on_download_failed)
        self._download.cancelled.connect(self._on_download_cancelled)
        self._downloading = name
        self._download.start()

    @Slot(object)
    def _on_downloaded(self, found: object) -> None:
        self._download = None
        self._set_busy(False)
        name = self._downloading
        if found:
            self._found[name] = str(found)
        self._say(lambda: describe_source(name, None, self._found.get(name)))
        self.sourceFound.emit(name, None)

    @Slot(str)
    def _on_download_failed(self, message: str) -> None:
        self._download = None
        self._set_busy(False)
        name = self._downloading
        title = QCoreApplication.translate("Data", "{title} could not be downloaded")
        self._refuse(title.format(title=title_of(name)), f"{message}\n\n{how_to_get(name)}")

    @Slot()
    def _on_download_cancelled(self) -> None:
        self._download = None
        self._set_busy(False)
        self._say(lambda: describe_source(self._downloading, None))
        self.sourceCancelled.emit()

    @Slot(int)
    def _on_limit_activated(self, index: int) -> None:
        self.limitChosen.emit(int(self.limit.itemData(index)))
