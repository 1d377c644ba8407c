"""Where the MNIST digits come from, and how many of them to train on.

Looking for MNIST reads an 11 MB file and downloading it takes a while, so both run in plain
background threads and report back through a queued signal; the window never waits. The
search order is the engine's (`engine.data.mnist.load_mnist`): the experiment's path, then
$NEURAL_PLAYGROUND_MNIST, then the Keras cache. When all fail, a dialog offers to choose a file
or download it; when the download fails too, a second one says how to get the file by hand.
Nothing in the experiment changes until a source has been found.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
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

DEFAULT_LIMIT = 5000  # a newcomer's first MNIST run should take seconds an epoch, not minutes
LIMITS = ((1000, "First 1,000"), (5000, "First 5,000"), (10000, "First 10,000"), (0, "All 60,000"))
MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
FILE_FILTER = "MNIST (*.npz *ubyte *ubyte.gz);;All files (*)"
HOW_TO_GET = (
    f"To get MNIST another way: download {MNIST_URL} on any computer with a network, copy it "
    f"here and use Choose file…; or set the environment variable {ENV_VAR} to an mnist.npz (or "
    "a folder holding the four IDX files) and start the app again."
)


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
    if path:
        return f"MNIST from {Path(path).name}"
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return f"MNIST from {Path(env).name} (${ENV_VAR})"
    return "MNIST from the Keras cache (~/.keras/datasets)"


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
            self.done.emit("missing", path, str(exc))
        except Exception as exc:  # noqa: BLE001 - an odd file must become a message
            self.done.emit("missing", path, f"{path}: {type(exc).__name__}: {exc}")
        else:
            self.done.emit("found", path, "")

    def _download(self) -> None:
        try:
            path = download_mnist()
        except Exception as exc:  # noqa: BLE001 - offline, blocked, no TensorFlow: all advice
            self.done.emit("download_failed", None, f"{type(exc).__name__}: {exc}")
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
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.setObjectName("chooseMnistFile")
        self.download_button = QPushButton("Download")
        self.download_button.setObjectName("downloadMnist")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # Keras's downloader reports no progress we can read
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.limit = QComboBox()
        self.limit.setObjectName("mnistLimit")
        for n, text in LIMITS:
            self.limit.addItem(text, n)
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
        form.addRow("Training images", self.limit)

        self._search = MnistSearch(self)
        self._search.done.connect(self._on_search_done)
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.download_button.clicked.connect(self._on_download_clicked)
        self.limit.activated.connect(self._on_limit_activated)

    # ----- public -----------------------------------------------------------------------
    def show_source(self, data: DataSpec) -> None:
        self.source.setText(describe_source(data.path))
        self.source.setToolTip(data.path or os.environ.get(ENV_VAR, ""))
        index = self.limit.findData(data.limit)
        if index < 0:  # a limit typed into an experiment file: show it as it is
            self.limit.addItem(f"First {data.limit:,}", data.limit)
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

    # ----- background work ---------------------------------------------------------------
    def _start_probe(self, path: str | None) -> None:
        self.source.setText("Looking for MNIST…")
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
            self.source.setText(describe_source(path))
            if kind == "downloaded" or not self._verify_only:
                self.sourceFound.emit(path)
        elif kind == "missing" and self._chosen:
            self._refuse("Cannot use this MNIST file", message)
        elif kind == "missing":
            self._ask_what_to_do(message)
        else:
            self._refuse("MNIST could not be downloaded", f"{message}\n\n{HOW_TO_GET}")

    # ----- dialogs ------------------------------------------------------------------------
    def _ask_what_to_do(self, tried: str) -> None:
        box = QMessageBox(self.window())
        box.setObjectName("mnistMissingDialog")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("MNIST not found")
        box.setText("The MNIST digits are not on this computer yet.")
        box.setInformativeText(
            "Choose file… opens an mnist.npz or the MNIST IDX files you already have. "
            f"Download fetches mnist.npz (11 MB) through Keras.\n\n{HOW_TO_GET}"
        )
        box.setDetailedText(tried)
        for text, choice in (("Choose file…", "choose"), ("Download", "download")):
            box.addButton(text, QMessageBox.ButtonRole.ActionRole).setProperty("choice", choice)
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
        path, _ = QFileDialog.getOpenFileName(self, "Open MNIST", "", FILE_FILTER)
        if path:
            self._verify_only, self._chosen = False, True
            self._start_probe(path)
        else:
            self.sourceCancelled.emit()

    @Slot()
    def _on_download_clicked(self) -> None:
        self.source.setText("Downloading MNIST…")
        self._set_busy(True)
        self._search.download()

    @Slot(int)
    def _on_limit_activated(self, index: int) -> None:
        self.limitChosen.emit(int(self.limit.itemData(index)))
