"""Where the MNIST digits come from, and how many of them to train on.

Looking for MNIST reads an 11 MB file and downloading it takes a while, so both run in plain
background threads and report back through a queued signal; the window never waits. The
search order is the engine's (`engine.data.mnist.load_mnist`): the experiment's path, then
$NEURAL_PLAYGROUND_MNIST, then the Keras cache. When all fail, a dialog offers to choose a file
or download it; when the download fails too, a second one says how to get the file by hand.
Nothing in the experiment changes until a source has been found.

Its words are translated in context "Data"; the source line and the limit's items are built
again after a language switch, and a dialog speaks the language of the moment it opens.
"""

from __future__ import annotations

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

from engine.data.mnist import ENV_VAR, MnistError, load_mnist
from engine.experiment.spec import DataSpec
from gui.common.i18n import engine_message, set_ui_text

DEFAULT_LIMIT = 5000  # a newcomer's first MNIST run should take seconds an epoch, not minutes
LIMITS = (1000, 5000, 10000, 0)  # the first n training images; 0: all of them
ALL_IMAGES = 60_000
MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
FILE_FILTER = QT_TRANSLATE_NOOP("Data", "MNIST (*.npz *ubyte *ubyte.gz);;All files (*)")
HOW_TO_GET = QT_TRANSLATE_NOOP(
    "Data",
    "To get MNIST another way: download {url} on any computer with a network, copy it here "
    "and use Choose file…; or set the environment variable {variable} to an mnist.npz (or a "
    "folder holding the four IDX files) and start the app again.",
)
CHOOSE_FILE = QT_TRANSLATE_NOOP("Data", "Choose file…")
DOWNLOAD = QT_TRANSLATE_NOOP("Data", "Download")


def how_to_get() -> str:
    """How to get MNIST by hand, in the current language."""
    return QCoreApplication.translate("Data", HOW_TO_GET).format(url=MNIST_URL, variable=ENV_VAR)


def limit_text(n: int) -> str:
    """ "First 5,000" (or "All 60,000" for 0), in the current language."""
    if n == 0:
        return QCoreApplication.translate("Data", "All {count:,}").format(count=ALL_IMAGES)
    return QCoreApplication.translate("Data", "First {count:,}").format(count=n)


def keras_cache_candidates() -> list[Path]:
    """Where keras.datasets.mnist.load_data() may have cached the file."""
    homes = [os.environ.get("KERAS_HOME", ""), str(Path.home() / ".keras"), "/tmp/.keras"]
    return [Path(h) / "datasets" / "mnist.npz" for h in homes if h]


def download_mnist() -> str | None:
    """Download through Keras (imports Keras and its backend: call it off the GUI thread).
    Returns the path to store in the experiment: None when the default search will find it."""
    from engine.keras_import import import_keras

    keras = import_keras()  # keras.datasets works on every backend

    keras.datasets.mnist.load_data()
    for path in keras_cache_candidates():
        if path.is_file():
            return None if path == Path.home() / ".keras" / "datasets" / "mnist.npz" else str(path)
    return None


def describe_source(path: str | None) -> str:
    """Where MNIST is read from, in the current language."""
    if path:
        return QCoreApplication.translate("Data", "MNIST from {file}").format(file=Path(path).name)
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return QCoreApplication.translate("Data", "MNIST from {file} (${variable})").format(
            file=Path(env).name, variable=ENV_VAR
        )
    return QCoreApplication.translate("Data", "MNIST from the Keras cache (~/.keras/datasets)")


class MnistSearch(QObject):
    """Runs a search or a download in a daemon thread; `done(kind, path, message)` follows,
    queued to the GUI thread. kind: found, missing, downloaded, download_failed."""

    done = Signal(str, object, str)

    def probe(self, path: str | None) -> None:
        threading.Thread(target=self._probe, args=(path,), name="FindMnist", daemon=True).start()

    def download(self) -> None:
        threading.Thread(target=self._download, name="DownloadMnist", daemon=True).start()

    def _probe(self, path: str | None) -> None:
        try:
            load_mnist(path, allow_download=False)
        except MnistError as exc:
            self.done.emit("missing", path, engine_message(exc))
        except Exception as exc:  # noqa: BLE001 - an odd file must become a message
            self.done.emit("missing", path, f"{path}: {type(exc).__name__}: {engine_message(exc)}")
        else:
            self.done.emit("found", path, "")

    def _download(self) -> None:
        try:
            path = download_mnist()
        except Exception as exc:  # noqa: BLE001 - offline, blocked, no TensorFlow: all advice
            self.done.emit("download_failed", None, f"{type(exc).__name__}: {engine_message(exc)}")
        else:
            self.done.emit("downloaded", path, "")


class MnistSourceBox(QWidget):
    """The MNIST source (with Choose file… and Download) and the training-set limit.

    `sourceFound(path)`: use MNIST from `path` (None: $NEURAL_PLAYGROUND_MNIST or the cache).
    `sourceCancelled()`: no source; the data panel shows the data still in use.
    `limitChosen(n)`: train on the first n images (0 = all).
    """

    sourceFound = Signal(object)
    sourceCancelled = Signal()
    limitChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mnistSource")
        self._verify_only = False  # a found source needs no edit: the experiment has it
        self._chosen = False  # the probe is of a file the user just chose
        self.source = QLabel()
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        self.source.setWordWrap(True)
        self._source_text: Callable[[], str] = str  # builds the source line (again on a switch)
        self.choose_button = QPushButton()
        set_ui_text(self.choose_button, "Data", CHOOSE_FILE)
        self.choose_button.setObjectName("chooseMnistFile")
        self.download_button = QPushButton()
        set_ui_text(self.download_button, "Data", DOWNLOAD)
        self.download_button.setObjectName("downloadMnist")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # Keras's downloader reports no progress we can read
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.limit = QComboBox()
        self.limit.setObjectName("mnistLimit")
        for n in LIMITS:
            self.limit.addItem(limit_text(n), n)
        self.limit.setCurrentIndex(self.limit.findData(DEFAULT_LIMIT))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.download_button)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.source)
        form.addRow(buttons)
        form.addRow(self.progress)
        limit_label = QLabel()
        set_ui_text(limit_label, "Data", QT_TRANSLATE_NOOP("Data", "Training images"))
        limit_label.setBuddy(self.limit)
        form.addRow(limit_label, self.limit)

        self._search = MnistSearch(self)
        self._search.done.connect(self._on_search_done)
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.download_button.clicked.connect(self._on_download_clicked)
        self.limit.activated.connect(self._on_limit_activated)

    # ----- public -----------------------------------------------------------------------
    def show_source(self, data: DataSpec) -> None:
        self._say(lambda: describe_source(data.path))
        self.source.setToolTip(data.path or os.environ.get(ENV_VAR, ""))
        index = self.limit.findData(data.limit)
        if index < 0:  # a limit typed into an experiment file: show it as it is
            self.limit.addItem(limit_text(data.limit), data.limit)
            index = self.limit.count() - 1
        self.limit.setCurrentIndex(index)

    def limit_choice(self) -> int:
        return int(self.limit.currentData())

    def find(self, path: str | None) -> None:
        """Look for MNIST (from `path` first); sourceFound or the missing dialog follows."""
        self._verify_only = self._chosen = False
        self._start_probe(path)

    def verify(self, path: str | None) -> None:
        """Like find, but a source that is found is already in the experiment: stay quiet."""
        self._verify_only, self._chosen = True, False
        self._start_probe(path)

    def busy(self) -> bool:
        return self.progress.isVisible()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:  # texts built from data, built again
            self.source.setText(self._source_text())
            for index in range(self.limit.count()):
                self.limit.setItemText(index, limit_text(int(self.limit.itemData(index))))

    def _say(self, text: Callable[[], str]) -> None:
        """Show the source line `text()` builds, and build it again after a language switch."""
        self._source_text = text
        self.source.setText(text())

    # ----- background work ---------------------------------------------------------------
    def _start_probe(self, path: str | None) -> None:
        self._say(lambda: QCoreApplication.translate("Data", "Looking for MNIST…"))
        self._set_busy(True)
        self._search.probe(path)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.choose_button.setEnabled(not busy)
        self.download_button.setEnabled(not busy)

    @Slot(str, object, str)
    def _on_search_done(self, kind: str, path: object, message: str) -> None:
        self._set_busy(False)
        if kind in ("found", "downloaded"):
            self._say(lambda: describe_source(path))
            if kind == "downloaded" or not self._verify_only:
                self.sourceFound.emit(path)
        elif kind == "missing" and self._chosen:
            self._refuse(QCoreApplication.translate("Data", "Cannot use this MNIST file"), message)
        elif kind == "missing":
            self._ask_what_to_do(message)
        else:
            title = QCoreApplication.translate("Data", "MNIST could not be downloaded")
            self._refuse(title, f"{message}\n\n{how_to_get()}")  # the error stays as raised

    # ----- dialogs ------------------------------------------------------------------------
    def _ask_what_to_do(self, tried: str) -> None:
        box = QMessageBox(self.window())
        box.setObjectName("mnistMissingDialog")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(QCoreApplication.translate("Data", "MNIST not found"))
        box.setText(
            QCoreApplication.translate("Data", "The MNIST digits are not on this computer yet.")
        )
        box.setInformativeText(
            QCoreApplication.translate(
                "Data",
                "Choose file… opens an mnist.npz or the MNIST IDX files you already have. "
                "Download fetches mnist.npz (11 MB) through Keras.\n\n{how_to_get}",
            ).format(how_to_get=how_to_get())
        )
        box.setDetailedText(tried)
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
            self.sourceCancelled.emit()

    def _refuse(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.window())
        box.setObjectName("mnistErrorDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.sourceCancelled.emit()

    # ----- edits ------------------------------------------------------------------------
    @Slot()
    def _on_choose_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            QCoreApplication.translate("Data", "Open MNIST"),
            "",
            QCoreApplication.translate("Data", FILE_FILTER),
        )
        if path:
            self._verify_only, self._chosen = False, True
            self._start_probe(path)
        else:
            self.sourceCancelled.emit()

    @Slot()
    def _on_download_clicked(self) -> None:
        self._say(lambda: QCoreApplication.translate("Data", "Downloading MNIST…"))
        self._set_busy(True)
        self._search.download()

    @Slot(int)
    def _on_limit_activated(self, index: int) -> None:
        self.limitChosen.emit(int(self.limit.itemData(index)))
