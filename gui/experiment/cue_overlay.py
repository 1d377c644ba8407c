"""The main window's chrome: transport toolbar, menus, status-bar fields and the reset cue.

Kept apart from the window's behaviour so `main_window.py` reads as wiring and decisions.
Every action connects to a bound slot of the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEasingCurve, Qt, QVariantAnimation, Slot
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import QComboBox, QLabel, QStyle, QToolBar, QWidget

if TYPE_CHECKING:
    from gui.window.main_window import MainWindow


def _action(
    window: MainWindow,
    name: str,
    text: str,
    shortcut: str,
    tip: str,
    icon: QStyle.StandardPixmap | None = None,
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        tip = f"{tip} ({native})"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    return action


def build_toolbar(window: MainWindow) -> dict[str, QAction]:
    """Train/Pause, Step, Reset and Stop, in a movable toolbar; returns the actions by role."""
    px = QStyle.StandardPixmap
    train = _action(
        window, "actionTrain", "Train", "Ctrl+Return", "Start or pause training", px.SP_MediaPlay
    )
    train.setCheckable(True)
    step = _action(
        window,
        "actionStep",
        "Step",
        "F10",
        "Pause and train exactly one batch",
        px.SP_MediaSkipForward,
    )
    reset = _action(
        window,
        "actionReset",
        "Reset",
        "Ctrl+R",
        "New random weights; keeps the data and settings",
        px.SP_BrowserReload,
    )
    stop = _action(
        window,
        "actionStop",
        "Stop",
        "Ctrl+.",
        "End this run (the trained model can still be saved)",
        px.SP_MediaStop,
    )
    train.toggled.connect(window._on_train_toggled)
    step.triggered.connect(window._on_step_triggered)
    reset.triggered.connect(window._on_reset_triggered)
    stop.triggered.connect(window._on_stop_triggered)
    bar = QToolBar("Training", window)
    bar.setObjectName("transportToolBar")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in (train, step, reset, stop):
        bar.addAction(action)
    bar.addSeparator()
    bar.addWidget(_speed_combo(window))
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return {"train": train, "step": step, "reset": reset, "stop": stop}


def build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    items = [
        (
            "actionOpenExperiment",
            "&Open experiment…",
            QKeySequence.StandardKey.Open,
            window._on_open_experiment_triggered,
        ),
        (
            "actionSaveExperiment",
            "&Save experiment…",
            QKeySequence.StandardKey.Save,
            window._on_save_experiment_triggered,
        ),
    ]
    for name, text, key, slot in items:
        action = file_menu.addAction(text)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
    recent = file_menu.addMenu("Open &recent")
    recent.setObjectName("recentMenu")
    recent.aboutToShow.connect(window._on_recent_menu_about_to_show)
    recent.triggered.connect(window._on_recent_triggered)
    window.recent_menu = recent
    file_menu.addSeparator()
    for name, text, slot in (
        ("actionOpenModel", "Open &model…", window._on_open_model_triggered),
        ("actionSaveModel", "Save mo&del…", window._on_save_model_triggered),
    ):
        action = file_menu.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(slot)
    file_menu.addSeparator()
    export = file_menu.addMenu("&Export plot")
    export.setObjectName("exportMenu")
    for plot, title in (("loss", "Loss"), ("accuracy", "Accuracy")):
        for fmt in ("png", "csv"):
            action = export.addAction(f"{title} plot as {fmt.upper()}…")
            action.setData(f"{plot}:{fmt}")
    export.triggered.connect(window._on_export_triggered)
    file_menu.addSeparator()
    quit_action = file_menu.addAction("&Quit")
    quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
    quit_action.triggered.connect(window.close)

    train_menu = bar.addMenu("&Training")
    for action in window.transport.values():
        train_menu.addAction(action)

    view = bar.addMenu("&View")
    for dock in window.docks.values():
        view.addAction(dock.toggleViewAction())
    view.addSeparator()
    view.addAction("Reset &layout").triggered.connect(window.reset_layout)


def build_status_labels(window: MainWindow) -> dict[str, QLabel]:
    """Permanent status-bar fields, left to right: epoch, step, steps/s, loss, device, engine."""
    labels: dict[str, QLabel] = {}
    bar = window.statusBar()
    for key, text, tip in (
        ("epoch", "Epoch 0", "Epochs trained (fractions: batches into the current epoch)"),
        ("step", "Step 0", "Batches trained so far"),
        ("rate", "–", "Training speed while running"),
        ("loss", "Loss –", "Loss of the latest batch"),
        ("device", "CPU", "Where the model computes"),
        ("engine", "NumPy MLP", "Engine and model"),
    ):
        label = QLabel(text)
        label.setObjectName(f"{key}Status")
        label.setToolTip(tip)
        label.setContentsMargins(8, 0, 8, 0)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        bar.addPermanentWidget(label)
        labels[key] = label
    labels["rate"].setMinimumWidth(
        labels["rate"].fontMetrics().horizontalAdvance("000,000 steps/s")
    )
    labels["loss"].setMinimumWidth(labels["loss"].fontMetrics().horizontalAdvance("Loss 0.00000"))
    return labels


class CueOverlay(QWidget):
    """A brief wash of the highlight colour over a panel: "this was just rebuilt"."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.setObjectName("resetCue")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._color = QColor()
        self._alpha = 0
        self._anim = QVariantAnimation(self)
        self._anim.setDuration(900)
        self._anim.setStartValue(110)
        self._anim.setEndValue(0)
        self._anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._anim.valueChanged.connect(self._on_alpha_changed)
        self._anim.finished.connect(self.hide)
        self.hide()

    def flash(self, *, warning: bool = False) -> None:
        role = QPalette.ColorRole.Highlight
        self._color = QColor("#f59322") if warning else self.palette().color(role)
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        self._anim.stop()
        self._anim.start()

    @Slot(object)
    def _on_alpha_changed(self, value: object) -> None:
        self._alpha = int(value)
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802 - Qt override
        color = QColor(self._color)
        color.setAlpha(self._alpha)
        painter = QPainter(self)
        painter.fillRect(self.rect(), color)
        pen = QColor(self._color)
        pen.setAlpha(min(255, self._alpha * 2))
        painter.setPen(pen)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


SPEEDS = (  # label, batches per second (None: as fast as the machine goes)
    ("Full speed", None),
    ("Fast (300 batches/s)", 300.0),
    ("Watch (30 batches/s)", 30.0),
    ("Slow motion (3 batches/s)", 3.0),
)


def _speed_combo(window: MainWindow) -> QComboBox:
    """Training speed: full speed finishes a 2-D problem in a blink; slower lets a learner
    watch the boundary bend batch by batch."""
    combo = QComboBox(window)
    combo.setObjectName("speedCombo")
    combo.setAccessibleName("Training speed")
    for label, rate in SPEEDS:
        combo.addItem(label, rate)
    combo.setToolTip("How fast to train: slow it down to watch each batch move the boundary")
    combo.currentIndexChanged.connect(window._on_speed_changed)
    window.speed_combo = combo
    return combo
