"""The main window's Lessons: a menu of the lessons and a banner dock that walks them.

Choosing a lesson loads its first step's experiment through
`SpecModel.replace` and shows the step's note; Next step loads the next one. When a run of the
loaded step ends, its expected outcome is checked on the finished trainer and shown. The
optimizers race (lesson 7) trains every step in turn, and reads the runs the Runs panel
records to overlay them and rank them. A step that walks a loss surface asks for it with
`surfaceRequested(SurfaceLesson)`; the window hands the finished walk back to
`show_surface_outcome`, which checks that step's outcome.

The menu and the banner show the lessons' texts in the app's language
(engine.teaching.translations); on a language switch the panel receives
`QEvent.LanguageChange`, and the menu's titles and tips are set again too.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDockWidget

from engine.teaching.lessons import LESSONS, Lesson, lesson
from engine.teaching.surfaces import OptimizerPath, SurfaceSettings
from engine.teaching.translations import lesson_text
from gui.common.docks import make_dock
from gui.common.i18n import current_language
from gui.common.numbers import format_loss
from gui.common.reporter import StatusReporter
from gui.experiment.spec_model import SpecModel
from gui.lessons.panel import LessonPanel
from gui.training.session import TrainingSession

if TYPE_CHECKING:
    from engine.runs.store import StoredRun
    from gui.experiment.image_source import ImageSourceBox
    from gui.runs.panel import RunsPanel

RACE_GAP_MS = 300  # a moment between racers, so each finished curve is seen


def _final_loss(run: StoredRun) -> float:
    """A recorded run's last training loss (NaN if unknown)."""
    value = run.metrics.get("train_loss")
    return math.nan if value is None else float(value)


def first_sentence(text: str) -> str:
    """The text up to its first full stop, English (". ") or Chinese ("。")."""
    stops = [i for i in (text.find(". "), text.find("。")) if i >= 0]
    return text[: min(stops) + 1] if stops else text


class LessonsController(QObject):
    """Owns the lesson banner (`panel`), the Lessons menu's actions and the optimizers race."""

    surfaceRequested = Signal(object)  # a SurfaceLesson: the walk a loaded step shows
    dockRequested = Signal(str)  # the objectName of a dock a loaded step works in (Step.opens)

    def __init__(
        self,
        spec_model: SpecModel,
        session: TrainingSession,
        runs: RunsPanel,
        source: ImageSourceBox,
        reporter: StatusReporter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._spec = spec_model
        self._session = session
        self._runs = runs
        self._source = source
        self._reporter = reporter
        self.panel = LessonPanel()
        self.dock = make_dock("lessonPanel", QT_TRANSLATE_NOOP("Dock", "Lesson"), self.panel)
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.TopDockWidgetArea | Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.dock_widgets: list[QDockWidget] = [self.dock]
        self._racing = False  # the optimizers race is on (from Start until the last racer)
        self._race: list[int] = []  # step indices still to race
        self._race_runs: list[int] = []  # run ids recorded during the race
        self._race_last_done = False  # the last racer finished (its run may still be on its way)
        self._race_loading = False  # the race itself is replacing the network
        self._loading_step = False  # a lesson step is replacing the experiment
        self._race_timer = QTimer(self)
        self._race_timer.setSingleShot(True)
        self._race_timer.setInterval(RACE_GAP_MS)
        self._race_timer.timeout.connect(self._on_race_timer)
        self._group = QActionGroup(self)
        self._group.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
        items: list[QAction | None] = []
        for item in LESSONS:
            action = QAction(self._group)
            action.setObjectName(f"lesson-{item.number}")
            action.setData(item.number)
            items.append(action)
            if item.number in (7, 10):
                items.append(None)  # 8-10 train on MNIST with Keras
        self._name_actions()
        self._group.triggered.connect(self._on_lesson_triggered)
        self.menu_actions: dict[str, list[QAction | None]] = {"lessons": items}
        self.panel.stepRequested.connect(self._on_lesson_step_requested)
        self.panel.raceRequested.connect(self._on_race_requested)
        self.panel.closeRequested.connect(self.dock.hide)
        session.trainingStopped.connect(self._on_run_finished)
        session.stateChanged.connect(self._on_state_changed)
        spec_model.replaced.connect(self._on_spec_replaced)
        runs.runAdded.connect(self._on_run_added)
        self.panel.installEventFilter(self)  # the panel hears of a language switch

    def _name_actions(self) -> None:
        """The menu's lesson titles and tips (a lesson's first sentence), in the app's language."""
        language = current_language()
        for action in self._group.actions():
            number = int(action.data())
            action.setText(f"{number}. {lesson_text(number, None, 'title', language)}")
            tip = first_sentence(lesson_text(number, 0, "note", language))
            action.setToolTip(tip)
            action.setStatusTip(tip)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.panel and event.type() == QEvent.Type.LanguageChange:
            self._name_actions()
        return False

    def show_lesson(self, item: Lesson, index: int = 0) -> None:
        """Load step `index` of `item` and show its note (cancels a race in progress)."""
        self._cancel_race()
        self._load_step(item, index)

    def _load_step(self, item: Lesson, index: int) -> None:
        exp = item.experiment(index)
        current = self._spec.experiment
        if exp.data.is_image and exp.data.name == current.data.name:  # keep the file in use
            exp.data.path = current.data.path
        self.panel.show_lesson(item, index)
        self.dock.show()
        self.dock.raise_()
        self._loading_step = True
        try:
            self._spec.replace(exp)
        finally:
            self._loading_step = False
        if len(item.steps) > 1:
            said = QCoreApplication.translate(
                "Lessons", "Lesson {number}, step {step} loaded"
            ).format(number=item.number, step=index + 1)
        else:
            said = QCoreApplication.translate("Lessons", "Lesson {number} loaded").format(
                number=item.number
            )
        self._reporter.show_message(said, 8000)
        if exp.data.is_image and exp.data.name != "folder":
            self._source.verify(exp.data.name, exp.data.path)  # a file or a download if absent
        walk = item.steps[index].surface
        if walk is not None:
            self.surfaceRequested.emit(walk)
        if item.steps[index].opens:
            self.dockRequested.emit(item.steps[index].opens)

    @Slot(object, object)
    def show_surface_outcome(
        self, settings: SurfaceSettings, paths: dict[str, OptimizerPath]
    ) -> None:
        """A walk on a surface has finished: if it is the loaded step's walk, as the step set
        it up, show whether its expected outcome happened."""
        item = self.panel.lesson
        if item is None or self.dock.isHidden():
            return
        walk = item.steps[self.panel.index].surface
        if walk is None or walk.expect is None or settings != walk.settings:
            return  # not this step's walk (the learner changed a setting: theirs to read)
        expect_text = lesson_text(
            item.id, self.panel.index, "surface_expect_text", current_language()
        )
        self.panel.show_checked_outcome(walk.expect(paths), expect_text)

    # ----- the race -----------------------------------------------------------------------
    def _cancel_race(self, why: str = "") -> None:
        if self._racing:
            self._racing = False
            self._race = []
            self._race_timer.stop()
            if why:
                self.panel.show_outcome(None, why)

    def _run_next_racer(self) -> None:
        item = self.panel.lesson
        if item is None or not self._race:
            return
        index = self._race.pop(0)
        self._race_loading = True
        try:
            self._load_step(item, index)
        finally:
            self._race_loading = False
        done = len(item.steps) - len(self._race)
        racer = lesson_text(item.id, index, "title", current_language())
        self.panel.show_outcome(
            None,
            QCoreApplication.translate("Lessons", "Racing {racer} ({done} of {count})…").format(
                racer=racer, done=done, count=len(item.steps)
            ),
        )
        self._session.resume()

    def _finish_race(self) -> None:
        self._racing = False
        runs = [r for r in self._runs.runs() if r.id in self._race_runs]
        ranked = sorted(runs, key=_final_loss)
        board = " · ".join(
            f"{r.name.split(': ')[-1]} {format_loss(_final_loss(r))}" for r in ranked
        )
        self.panel.show_outcome(
            None,
            QCoreApplication.translate("Lessons", "Race over. Final training loss: {board}").format(
                board=board
            ),
        )
        self._reporter.show_message(
            QCoreApplication.translate("Lessons", "Race over: every racer's curves are overlaid"),
            10_000,
        )

    # ----- slots --------------------------------------------------------------------------
    @Slot(QAction)
    def _on_lesson_triggered(self, action: QAction) -> None:
        self.show_lesson(lesson(int(action.data())))

    @Slot(int)
    def _on_lesson_step_requested(self, index: int) -> None:
        if self.panel.lesson is not None:
            self.show_lesson(self.panel.lesson, index)

    @Slot()
    def _on_race_requested(self) -> None:
        item = self.panel.lesson
        if item is None:
            return
        self._cancel_race()
        self._racing = True
        self._race = list(range(len(item.steps)))
        self._race_runs = []
        self._race_last_done = False
        self._runs.set_overlaid(
            [r.id for r in self._runs.overlaid()], on=False
        )  # a clean track: only this race's curves
        self._run_next_racer()

    @Slot(int)
    def _on_run_added(self, run_id: int) -> None:
        if self._racing:
            self._race_runs.append(run_id)
            self._runs.set_overlaid([run_id])
            self._maybe_finish_race()

    def _maybe_finish_race(self) -> None:
        """The race is over once the last racer has finished and its run is recorded (the
        record arrives from the training thread just after the finish)."""
        item = self.panel.lesson
        if item is not None and self._race_last_done and len(self._race_runs) >= len(item.steps):
            self._finish_race()

    @Slot(str, str)
    def _on_run_finished(self, _reason: str, _message: str) -> None:
        item, trainer = self.panel.lesson, self._session.trainer
        if item is None or trainer is None:
            return
        if self._racing:
            if self._race:
                self._race_timer.start()
            else:
                self._race_last_done = True
                self._maybe_finish_race()
            return
        step = item.steps[self.panel.index]
        if step.expect is None or trainer.spec.preset != item.experiment(self.panel.index).preset:
            return  # not this step's run (the user loaded something else meanwhile)
        self.panel.show_checked_outcome(step.expect(trainer))

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        if state == "stopped" and not self._race_loading:
            self._cancel_race(
                QCoreApplication.translate(
                    "Lessons", "Race stopped: the running racer was stopped or replaced."
                )
            )

    @Slot()
    def _on_spec_replaced(self) -> None:
        """Another experiment (a preset, a file, a run's settings) replaced the lesson's: its
        banner would describe a network that is no longer there."""
        if not self._loading_step:
            self._cancel_race()
            self.dock.hide()

    @Slot()
    def _on_race_timer(self) -> None:
        self._run_next_racer()
