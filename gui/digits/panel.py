"""The "Draw a digit" dock: the canvas, the live prediction and the choice of model.

Predictions follow the pen, throttled by a single-shot timer (at most 20 a second) and done at
once when a stroke ends. The shipped model runs with NumPy in a few milliseconds, so it runs
right here; a model that lives in another thread (the window's trainer, an opened Keras file)
answers with a Future, which a short poll collects, one request in flight at a time. Files and
MNIST are read off the GUI thread the same way. An empty canvas shows no guess.
"""

from __future__ import annotations

import functools
import re
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from engine.data.image_sets import IMAGE_SETS
from engine.digits.predictors import DigitPredictor, ModelOpener, PredictFn, shipped_predictor
from engine.digits.preprocess import ImageFileError, load_image_file, to_mnist
from engine.introspection.activations import reads_digits
from gui.common.i18n import engine_message, set_ui_text
from gui.digits.canvas import DigitCanvas
from gui.digits.prediction import DigitPrediction

THROTTLE_MS = 50  # <= 20 predictions a second while drawing
POLL_MS = 15  # how often answers from other threads are collected
SHIPPED, TRAINED, OPENED, OPEN = "shipped", "trained", "opened", "open"
TRAINED_ITEM = QT_TRANSLATE_NOOP("Digits", "Model trained in this window")
OPEN_ITEM = QT_TRANSLATE_NOOP("Digits", "Open model…")
# how engine.digits describes its models (DigitCNN.description, ModelOpener), to translate
SHIPPED_DESCRIPTION = re.compile(r"Shipped model(?: \((?P<percent>[^()]*)\))?")
OPENED_DESCRIPTION = re.compile(r"Opened: (?P<model>.*)", re.S)
TRAINED_DESCRIPTION = re.compile(r"Trained in this window: (?P<model>.*)", re.S)  # ours, below
SHIPPED_WORDS = QT_TRANSLATE_NOOP("Digits", "Shipped model")
# the window's network was trained on something else than digits: it is not offered
NOT_DIGITS = QT_TRANSLATE_NOOP(
    "Digits", "The window's network is for {data}, not for digits, so it is not offered here."
)
POINTS = "points"  # `window_model_data` for a network of 2-D points
DATA_WORDS = {  # what a non-digit network was trained on; image sets are named by their title
    POINTS: QT_TRANSLATE_NOOP("Digits", "2-D points"),
    "folder": QT_TRANSLATE_NOOP("Digits", "a folder of your own images"),
}
IMAGE_PATTERNS = "*.png *.jpg *.jpeg *.bmp *.gif"
MODEL_PATTERNS = "*.npz *.keras"


class DigitPanel(QWidget):
    """Canvas (`digitCanvas`), prediction (`digitPrediction`) and the model combo box."""

    # the preprocessed canvas, float32 (28, 28) in [0, 1] (None when empty), at most 20/s
    inputChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitPanel")
        self.setAccessibleName("digitPanel")
        self.canvas = DigitCanvas()
        self.prediction = DigitPrediction()
        self.model_combo = QComboBox()
        self.model_combo.setObjectName("digitModel")
        set_ui_text(
            self.model_combo,
            "Digits",
            QT_TRANSLATE_NOOP("Digits", "Digit model"),
            "setAccessibleName",
        )
        self.model_label = QLabel()
        self.model_label.setObjectName("digitModelInUse")
        self.model_label.setWordWrap(True)
        self._predictors: dict[str, DigitPredictor] = {}
        self._item_sources: dict[str, str] = {}  # the model items' English texts, by key
        self._not_digits = ""  # what the window's network read instead of digits ("": digits)
        self._opener = ModelOpener()
        self._mnist_path: str | None = None
        self._mnist: tuple[np.ndarray, np.ndarray] | None = None
        self._rng = np.random.default_rng()
        self._pending: list[tuple[Future, str]] = []  # (future, what) collected by the poll
        self._in_flight = False  # a prediction from another thread is on its way
        self._again = False  # the canvas changed meanwhile: predict once more
        self.last_input: np.ndarray | None = None
        self.problem_box: QMessageBox | None = None  # the last error shown, if any

        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(THROTTLE_MS)
        self._throttle.timeout.connect(self.predict_now)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_poll)

        try:
            self._predictors[SHIPPED] = shipped_predictor()
            shipped = self._predictors[SHIPPED].description
        except (ValueError, OSError) as exc:
            shipped = QCoreApplication.translate(
                "Digits", "Shipped model (unavailable: {error})"
            ).format(error=engine_message(exc))
        self.model_combo.addItem("", SHIPPED)
        self._set_item_text(SHIPPED, shipped)
        self.model_combo.addItem("", TRAINED)
        self._set_item_text(TRAINED, TRAINED_ITEM)
        self.model_combo.addItem("", OPEN)
        self._set_item_text(OPEN, OPEN_ITEM)
        self._set_item_enabled(TRAINED, False)
        self._set_item_enabled(SHIPPED, SHIPPED in self._predictors)
        self._choice = SHIPPED if SHIPPED in self._predictors else ""
        self.model_combo.activated.connect(self._on_model_activated)

        self.canvas.changed.connect(self._on_canvas_changed)
        self.canvas.strokeFinished.connect(self.predict_now)
        self.canvas.loadImageRequested.connect(self._on_load_image_requested)
        self.canvas.randomDigitRequested.connect(self._on_random_digit_requested)

        model_row = QHBoxLayout()
        model_row.addWidget(set_ui_text(QLabel(), "Digits", QT_TRANSLATE_NOOP("Digits", "Model")))
        model_row.addWidget(self.model_combo, 1)
        right = QVBoxLayout()
        right.addLayout(model_row)
        right.addWidget(self.model_label)
        right.addWidget(self.prediction, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.canvas)
        layout.addLayout(right, 1)
        self._show_model()

    # ----- public API ---------------------------------------------------------------------
    def set_trained_model(self, predict_fn: PredictFn | None, description: str = "") -> None:
        """Offer (or, with None, withdraw) the network trained in the window. ``predict_fn``
        maps images (n, 28, 28) in [0, 1] to probabilities (n, 10) or a Future of them."""
        if predict_fn is None:
            self._predictors.pop(TRAINED, None)
            self._set_item_text(TRAINED, TRAINED_ITEM)
            self._set_item_enabled(TRAINED, False)
            if self._choice == TRAINED:
                self._choose(SHIPPED if SHIPPED in self._predictors else "")
            return
        text = description or QCoreApplication.translate("Digits", TRAINED_ITEM)
        self._predictors[TRAINED] = DigitPredictor(text, predict_fn)
        self._set_item_text(TRAINED, text)
        self._set_item_enabled(TRAINED, True)
        if self._choice == TRAINED:
            self._show_model()
            self.predict_now()

    def set_window_data(self, data: str) -> None:
        """What the window's network was trained on when it is not digits: an image set's
        name ("cifar10"), POINTS, or "" for digits (or no network). The dock then says why
        that network is not offered."""
        if data != self._not_digits:
            self._not_digits = data
            self._show_model()

    def window_model_note(self) -> str:
        """The sentence on why the window's network is not offered ("" when it is)."""
        if not self._not_digits:
            return ""
        data = self._not_digits
        if data in DATA_WORDS:
            words = QCoreApplication.translate("Digits", DATA_WORDS[data])
        else:
            words = IMAGE_SETS[data].title if data in IMAGE_SETS else data
        return QCoreApplication.translate("Digits", NOT_DIGITS).format(data=words)

    def set_mnist_path(self, path: str | None) -> None:
        """Where "Random test digit" reads MNIST (None: $NEURAL_PLAYGROUND_MNIST or the cache)."""
        if path != self._mnist_path:
            self._mnist_path, self._mnist = path, None

    def choose_model(self, key: str) -> None:
        """Use "shipped", "trained" or "opened" (if available)."""
        if key in self._predictors:
            self._choose(key)

    def model_in_use(self) -> str:
        predictor = self._predictors.get(self._choice)
        return predictor.description if predictor else "none"

    @Slot()
    def predict_now(self) -> None:
        """Preprocess the canvas and show the model's answer (or "nothing drawn")."""
        self._throttle.stop()
        image = to_mnist(self.canvas.image_array())
        self.last_input = image
        self.inputChanged.emit(image)
        predictor = self._predictors.get(self._choice)
        if image is None:
            self._again = False
            self.prediction.show_nothing(
                QCoreApplication.translate("Digits", "Nothing drawn yet")
                if predictor
                else QCoreApplication.translate("Digits", "No model")
            )
            return
        if predictor is None:
            self.prediction.show_nothing(QCoreApplication.translate("Digits", "No model available"))
            return
        if self._in_flight:
            self._again = True
            return
        try:
            result = predictor.predict(image[None])
        except Exception as exc:  # noqa: BLE001 - a broken model must not break drawing
            self.prediction.show_nothing(
                QCoreApplication.translate("Digits", "The model failed: {error}").format(
                    error=engine_message(exc)
                )
            )
            return
        if isinstance(result, Future):
            self._in_flight = True
            self._watch(result, f"predict:{self._choice}")
        else:
            self.prediction.show_prediction(np.asarray(result)[0], image)

    def shutdown(self) -> None:
        """Stop timers and the Keras thread (the window calls this when it closes)."""
        self._throttle.stop()
        self._poll.stop()
        self._opener.shutdown()

    # ----- canvas and files ---------------------------------------------------------------
    @Slot()
    def _on_canvas_changed(self) -> None:
        if self.canvas.is_empty():
            self.predict_now()  # cleared: say so at once
        elif not self._throttle.isActive():
            self._throttle.start()

    @Slot()
    def _on_load_image_requested(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            QCoreApplication.translate("Digits", "Load a digit image"),
            "",
            _filter(QCoreApplication.translate("Digits", "Images ({patterns})"), IMAGE_PATTERNS),
        )
        if path:
            self.load_image(path)

    def load_image(self, path: str) -> bool:
        """Put an image file on the canvas; a clear message (no traceback) if it cannot."""
        try:
            gray = load_image_file(path)
        except ImageFileError as exc:
            self._problem(
                QCoreApplication.translate("Digits", "Cannot load the image"), engine_message(exc)
            )
            return False
        self.canvas.set_picture(gray)
        self.predict_now()
        return True

    @Slot()
    def _on_random_digit_requested(self) -> None:
        if self._mnist is not None:
            self._show_random_digit()
            return
        if any(what == "mnist" for _, what in self._pending):
            return
        self.canvas.random_button.setEnabled(False)
        self._watch(_in_thread(_load_mnist_test, self._mnist_path), "mnist")

    def _show_random_digit(self) -> None:
        x, y = self._mnist
        i = int(self._rng.integers(len(x)))
        self.canvas.set_picture(1.0 - x[i].astype(np.float32) / 255.0)  # ink dark on paper
        self.canvas.setToolTip(
            QCoreApplication.translate("Digits", "MNIST test image #{index}: a {digit}").format(
                index=i, digit=int(y[i])
            )
        )
        self.predict_now()

    # ----- models -------------------------------------------------------------------------
    @Slot(int)
    def _on_model_activated(self, index: int) -> None:
        key = self.model_combo.itemData(index)
        if key != OPEN:
            self._choose(key)
            return
        self._restore_combo()
        path, _ = QFileDialog.getOpenFileName(
            self,
            QCoreApplication.translate("Digits", "Open a digit model"),
            "",
            _filter(QCoreApplication.translate("Digits", "Models ({patterns})"), MODEL_PATTERNS),
        )
        if path:
            self.open_model(path)

    def open_model(self, path: str) -> None:
        """Load a model file (a .keras file in its own thread) and use it when it is ready.
        First, off this thread, what it was trained on: a model of other data than digits
        (Fashion-MNIST, CIFAR-10, a folder, 2-D points) is refused, saying so."""
        self.model_label.setText(
            QCoreApplication.translate("Digits", "Loading {name}…").format(name=Path(path).name)
        )
        self._watch(_in_thread(_trained_on, path), f"check:{path}")

    def _choose(self, key: str) -> None:
        self._choice = key
        self._in_flight, self._again = False, False
        self._restore_combo()
        self._show_model()
        self.predict_now()

    def _show_model(self) -> None:
        source = {
            SHIPPED: QT_TRANSLATE_NOOP(
                "Digits", "In use: {model} — a small CNN trained on MNIST, run with NumPy"
            ),
            TRAINED: QT_TRANSLATE_NOOP(
                "Digits", "In use: {model} — the network this window trains; it learns as you watch"
            ),
        }.get(self._choice, QT_TRANSLATE_NOOP("Digits", "In use: {model}"))
        predictor = self._predictors.get(self._choice)
        model = (
            shown_description(predictor.description)
            if predictor
            else QCoreApplication.translate("Digits", "none")
        )
        text = QCoreApplication.translate("Digits", source).format(model=model)
        note = self.window_model_note()
        self.model_label.setText(f"{text}\n{note}" if note else text)

    def _restore_combo(self) -> None:
        index = self.model_combo.findData(self._choice)
        if index >= 0:
            self.model_combo.setCurrentIndex(index)

    def _set_item_enabled(self, key: str, on: bool) -> None:
        item = self.model_combo.model().item(self.model_combo.findData(key))
        if item is not None:
            item.setEnabled(on)

    def _set_item_text(self, key: str, text: str) -> None:
        """`text`: a marked source (context Digits), shown translated, or a model's
        description (translated already, or data: set as is)."""
        self._item_sources[key] = text
        index = self.model_combo.findData(key)
        self.model_combo.setItemText(index, shown_description(text))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A language switch: say again which model is in use and what it makes of the
        canvas, in the new language (the marked texts follow by themselves)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            for key, text in self._item_sources.items():
                self._set_item_text(key, text)
            self._show_model()
            self.predict_now()

    # ----- answers from other threads -----------------------------------------------------
    def _watch(self, future: Future, what: str) -> None:
        self._pending.append((future, what))
        if not self._poll.isActive():
            self._poll.start()

    @Slot()
    def _on_poll(self) -> None:
        done = [(f, w) for f, w in self._pending if f.done()]
        for item in done:
            self._pending.remove(item)
            self._collect(*item)
        if not self._pending:
            self._poll.stop()

    def _collect(self, future: Future, what: str) -> None:
        error = None if future.cancelled() else future.exception()
        if what == "mnist":
            self.canvas.random_button.setEnabled(True)
            if error is not None:
                self._problem(
                    QCoreApplication.translate("Digits", "MNIST is not available"),
                    engine_message(error),
                )
            elif not future.cancelled():
                self._mnist = future.result()
                self._show_random_digit()
        elif what.startswith("check:"):
            path = what.removeprefix("check:")
            data = None if error is not None or future.cancelled() else future.result()
            if data:  # trained on something else than digits
                self._show_model()
                words = DATA_WORDS.get(data)
                words = (
                    QCoreApplication.translate("Digits", words)
                    if words
                    else IMAGE_SETS[data].title
                    if data in IMAGE_SETS
                    else data
                )
                self._problem(
                    QCoreApplication.translate("Digits", "Cannot open the model"),
                    QCoreApplication.translate(
                        "Digits", "{name} was trained on {data}, not on digits."
                    ).format(name=Path(path).name, data=words),
                )
                return
            self._watch(self._opener.open(path), "open")  # the opener says what else is wrong
        elif what == "open":
            if error is not None or future.cancelled():
                self._show_model()
                self._problem(
                    QCoreApplication.translate("Digits", "Cannot open the model"),
                    engine_message(error)
                    if error is not None
                    else QCoreApplication.translate("Digits", "cancelled"),
                )
                return
            predictor: DigitPredictor = future.result()
            self._predictors[OPENED] = predictor
            if self.model_combo.findData(OPENED) < 0:
                self.model_combo.insertItem(self.model_combo.count() - 1, "", OPENED)
            self._set_item_text(OPENED, predictor.description)
            self._choose(OPENED)
        elif what == f"predict:{self._choice}":  # stale answers of another model are dropped
            self._in_flight = False
            if error is not None:
                failed = QCoreApplication.translate("Digits", "The model failed: {error}")
                self.prediction.show_nothing(failed.format(error=error))
            elif self.last_input is not None and not future.cancelled():
                self.prediction.show_prediction(np.asarray(future.result())[0], self.last_input)
            if self._again:
                self._again = False
                self.predict_now()

    def _problem(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        box.setObjectName("digitProblem")
        box.open()  # window-modal, returns at once: tests and the event loop keep running
        self.problem_box = box


def shown_description(text: str) -> str:
    """A model item or description in the current language: a marked source (context Digits)
    translated, and the words engine.digits writes around the data ("Shipped model (99.6 %)",
    "Opened: ...") and `trained_digit_model`'s translated too; anything else as it is."""
    opened = OPENED_DESCRIPTION.fullmatch(text)
    if opened is not None:
        model = shown_description(opened["model"])
        return QCoreApplication.translate("Digits", "Opened: {model}").format(model=model)
    trained = TRAINED_DESCRIPTION.fullmatch(text)
    if trained is not None:
        return QCoreApplication.translate("Digits", "Trained in this window: {model}").format(
            model=trained["model"]
        )
    shipped = SHIPPED_DESCRIPTION.fullmatch(text)
    if shipped is not None and shipped["percent"]:
        return QCoreApplication.translate("Digits", "Shipped model ({percent})").format(
            percent=shipped["percent"]
        )
    return QCoreApplication.translate("Digits", text)


def window_model_data(session: Any) -> str:
    """What the window's network was trained on, when that is not digits: the image set's
    name ("fashion_mnist", "cifar10", "folder"), POINTS for 2-D data; "" for a digit (MNIST)
    network or none at all."""
    trainer = session.trainer
    if trainer is None:
        return ""
    if not trainer.dataset.is_image:
        return POINTS
    return "" if reads_digits(trainer.dataset.name) else trainer.dataset.name


def trained_digit_model(session: Any) -> tuple[PredictFn | None, str]:
    """(predict function, description) for the window's network when it is a digit (MNIST)
    model, else (None, ""): a network of Fashion-MNIST, CIFAR-10 or a folder has never seen a
    digit, however many classes it has. Predictions run through ``session.call`` in the
    trainer's thread, which owns the model (a must for Keras), and come back as Futures."""
    spec, trainer = session.spec, session.trainer
    if spec is None or trainer is None or not spec.data.is_image:
        return None, ""
    if not reads_digits(trainer.dataset.name) or trainer.dataset.n_classes != 10:
        return None, ""

    def predict(images: np.ndarray) -> Future:
        return session.call(functools.partial(_predict_in_trainer, images))

    engine = {"keras": "Keras", "numpy": "NumPy"}.get(spec.engine, spec.engine)
    return predict, f"Trained in this window: {engine} {spec.model.upper()}"


def _filter(described: str, patterns: str) -> str:
    """A file dialog's filter: the translated `described` ("Images ({patterns})") and All."""
    every = QCoreApplication.translate("Digits", "All ({patterns})").format(patterns="*")
    return f"{described.format(patterns=patterns)};;{every}"


def _predict_in_trainer(images: np.ndarray, trainer: Any) -> np.ndarray:
    return trainer.model.predict_proba(trainer.inputs(images[..., None]))


def _trained_on(path: str) -> str:
    """What a model file says it was trained on when that is not digits: an image set's name
    or POINTS; "" for digits, and for a file that does not say (the shipped CNN's format, a
    .keras file without its experiment) or cannot be read (opening it will say why)."""
    from engine.models.registry import saved_experiment

    try:
        data = saved_experiment(path).data
    except (ValueError, OSError):
        return ""
    if not data.is_image:
        return POINTS
    return "" if reads_digits(data.name) else data.name


def _load_mnist_test(path: str | None) -> tuple[np.ndarray, np.ndarray]:
    from engine.data.mnist import load_mnist

    _, _, x_test, y_test = load_mnist(path, allow_download=False)
    return x_test, y_test


def _in_thread(fn, *args) -> Future:
    """Run ``fn(*args)`` in a daemon thread; its result or exception arrive in a Future."""
    future: Future = Future()

    def run() -> None:
        try:
            future.set_result(fn(*args))
        except Exception as exc:  # noqa: BLE001 - reported through the Future
            future.set_exception(exc)

    threading.Thread(target=run, name="DigitPanelLoad", daemon=True).start()
    return future
