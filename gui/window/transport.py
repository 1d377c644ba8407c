"""The transport: Train/Pause, Step, Reset and Stop, with the training speed, in a toolbar and
the Training menu. The session's state decides the Train button's icon and text."""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    QSignalBlocker,
    Qt,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QStyle, QToolBar

from gui.common.i18n import MENU, set_ui_text
from gui.common.reporter import StatusReporter
from gui.experiment.controller import ExperimentController
from gui.training.session import TrainingSession

SPEEDS = (  # label, batches per second (None: as fast as the machine goes)
    (QT_TRANSLATE_NOOP("Toolbar", "Full speed"), None),
    (QT_TRANSLATE_NOOP("Toolbar", "Fast (300 batches/s)"), 300.0),
    (QT_TRANSLATE_NOOP("Toolbar", "Watch (30 batches/s)"), 30.0),
    (QT_TRANSLATE_NOOP("Toolbar", "Slow motion (3 batches/s)"), 3.0),
)
_PX = QStyle.StandardPixmap
ACTIONS = (  # role, objectName, text, shortcut, tip, icon
    (
        "train",
        "actionTrain",
        QT_TRANSLATE_NOOP("Menu", "Train"),
        "Ctrl+Return",
        "Start or pause training",
        _PX.SP_MediaPlay,
    ),
    (
        "step",
        "actionStep",
        QT_TRANSLATE_NOOP("Menu", "Step"),
        "F10",
        "Pause and train exactly one batch",
        _PX.SP_MediaSkipForward,
    ),
    (
        "reset",
        "actionReset",
        QT_TRANSLATE_NOOP("Menu", "Reset"),
        "Ctrl+R",
        "New random weights; keeps the data and settings",
        _PX.SP_BrowserReload,
    ),
    (
        "stop",
        "actionStop",
        QT_TRANSLATE_NOOP("Menu", "Stop"),
        "Ctrl+.",
        "End this run (the trained model can still be saved)",
        _PX.SP_MediaStop,
    ),
)


class TransportController(QObject):
    """`action_for[role]`, the `toolbar` holding them and the speed combo, and their slots."""

    def __init__(
        self,
        session: TrainingSession,
        experiment: ExperimentController,
        reporter: StatusReporter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._experiment = experiment
        self._reporter = reporter
        style = QApplication.style()
        self.action_for: dict[str, QAction] = {}
        for role, name, text, shortcut, tip, icon in ACTIONS:
            action = QAction(style.standardIcon(icon), "", self)
            set_ui_text(action, MENU, text)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(shortcut))
            native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({native})")
            action.setStatusTip(f"{tip} ({native})")
            self.action_for[role] = action
        self.action_for["train"].setCheckable(True)
        self.action_for["train"].toggled.connect(self._on_train_toggled)
        self.action_for["step"].triggered.connect(self._on_step_triggered)
        self.action_for["reset"].triggered.connect(self._on_reset_triggered)
        self.action_for["stop"].triggered.connect(self._on_stop_triggered)

        self.toolbar = QToolBar()
        set_ui_text(self.toolbar, MENU, QT_TRANSLATE_NOOP("Menu", "Training"), "setWindowTitle")
        self.toolbar.setObjectName("transportToolBar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addActions(list(self.action_for.values()))
        self.toolbar.addSeparator()
        self.speed_combo = _speed_combo()
        self.speed_combo.currentIndexChanged.connect(self._on_speed_changed)
        self.toolbar.addWidget(self.speed_combo)
        self.menu_actions: dict[str, list[QAction]] = {"training": list(self.action_for.values())}
        session.stateChanged.connect(self._on_state_changed)

    # ----- slots --------------------------------------------------------------------------
    @Slot(bool)
    def _on_train_toggled(self, checked: bool) -> None:
        if checked:
            if self._experiment.ensure_trainable():
                self._session.resume()
            else:
                self._on_state_changed(self._session.state)
        else:
            self._session.pause()

    @Slot()
    def _on_step_triggered(self) -> None:
        if self._experiment.ensure_trainable():
            self._session.step(1)

    @Slot()
    def _on_reset_triggered(self) -> None:
        reason = QCoreApplication.translate("Toolbar", "Network reset: new random weights")
        self._experiment.rebuild(reload_data=False, reason=reason)

    @Slot()
    def _on_stop_triggered(self) -> None:
        if self._session.stop_and_wait():
            trainer = self._session.trainer
            step = trainer.step_count if trainer else 0
            said = QCoreApplication.translate(
                "Toolbar",
                "Training stopped at step {step}. "
                "Save the model, or press Train for a new network.",
            )
            self._reporter.show_message(said.format(step=step))

    @Slot(int)
    def _on_speed_changed(self, index: int) -> None:
        self._session.set_speed_limit(self.speed_combo.itemData(index))

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        running = state == "running"
        train = self.action_for["train"]
        with QSignalBlocker(train):
            train.setChecked(running)
        icon = _PX.SP_MediaPause if running else _PX.SP_MediaPlay
        train.setIcon(QApplication.style().standardIcon(icon))
        pause, go = QT_TRANSLATE_NOOP("Menu", "Pause"), QT_TRANSLATE_NOOP("Menu", "Train")
        set_ui_text(train, MENU, pause if running else go)
        self.action_for["stop"].setEnabled(state in ("paused", "running", "finished"))


def _speed_combo() -> QComboBox:
    """Training speed: full speed finishes a 2-D problem in a blink; slower lets a learner
    watch the boundary bend batch by batch."""
    combo = QComboBox()
    combo.setObjectName("speedCombo")
    combo.setAccessibleName("Training speed")
    for index, (label, rate) in enumerate(SPEEDS):
        combo.addItem("", rate)
        set_ui_text(combo, "Toolbar", label, "setItemText", index)
    combo.setToolTip("How fast to train: slow it down to watch each batch move the boundary")
    return combo
