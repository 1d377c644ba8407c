"""The main window's Lessons: a menu of the seed lessons and a banner dock that walks them.

A mixin, like `KerasActions`. Choosing a lesson loads its first step's experiment through
`SpecModel.replace` and shows the step's note; Next step loads the next one. When a run of the
loaded step ends, its expected outcome is checked on the finished trainer and shown. The
optimizers race (lesson 7) trains every step in turn, records each run and overlays them.
Needs `RunActions` (set up first): the race reads the runs it records.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from engine.experiment.spec import Experiment
from engine.teaching.lessons import LESSONS, Lesson, lesson
from gui.lessons.panel import LessonPanel
from gui.runs.controller import add_to_view_menu

RACE_GAP_MS = 300  # a moment between racers, so each finished curve is seen


class LessonActions:
    """Mixin for MainWindow (needs session, spec_model, data_panel, runs_panel, statusBar)."""

    def setup_lessons(self: Any) -> None:
        """The Lessons menu (before View) and the lesson banner, docked at the top, hidden."""
        self.lesson_panel = LessonPanel()
        dock = QDockWidget("Lesson", self)
        dock.setObjectName("lessonPanelDock")
        dock.setWidget(self.lesson_panel)
        dock.setAllowedAreas(
            Qt.DockWidgetArea.TopDockWidgetArea | Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, dock)
        dock.hide()
        self.docks["lessonPanel"] = dock
        add_to_view_menu(self, dock)
        self._racing = False  # the optimizers race is on (from Start until the last racer)
        self._race: list[int] = []  # step indices still to race
        self._race_runs: list[int] = []  # run ids recorded during the race
        self._race_loading = False  # the race itself is replacing the network
        self._race_timer = QTimer(self)
        self._race_timer.setSingleShot(True)
        self._race_timer.setInterval(RACE_GAP_MS)
        self._race_timer.timeout.connect(self._on_race_timer)
        self.lessons_menu = _build_lessons_menu(self)
        self.lesson_panel.stepRequested.connect(self._on_lesson_step_requested)
        self.lesson_panel.raceRequested.connect(self._on_race_requested)
        self.lesson_panel.closeRequested.connect(dock.hide)
        self.session.trainingStopped.connect(self._on_lesson_run_finished)
        self.session.stateChanged.connect(self._on_lesson_state_changed)
        self.runs_panel.runAdded.connect(self._on_lesson_run_added)
        self._default_state = self.saveState()  # "Reset layout" knows the Runs and Lesson docks

    def show_lesson(self: Any, item: Lesson, index: int = 0) -> None:
        """Load step `index` of `item` and show its note (cancels a race in progress)."""
        self._cancel_race()
        self._load_step(item, index)

    def _load_step(self: Any, item: Lesson, index: int) -> None:
        exp = item.experiment(index)
        current = self.spec_model.experiment
        if exp.data.is_image and current.data.is_image:  # keep the MNIST file already in use
            exp.data.path = current.data.path
        self.lesson_panel.show_lesson(item, index)
        dock = self.docks["lessonPanel"]
        dock.show()
        dock.raise_()
        self.spec_model.replace(exp)
        step = f", step {index + 1}" if len(item.steps) > 1 else ""
        self.statusBar().showMessage(f"Lesson {item.number}{step} loaded", 8000)
        if exp.data.is_image:
            self.data_panel.mnist.verify(exp.data.path)  # offers a file or a download if absent

    # ----- the race -----------------------------------------------------------------------
    def _cancel_race(self: Any, why: str = "") -> None:
        if self._racing:
            self._racing = False
            self._race = []
            self._race_timer.stop()
            if why:
                self.lesson_panel.show_outcome(None, why)

    def _run_next_racer(self: Any) -> None:
        item = self.lesson_panel.lesson
        if item is None or not self._race:
            return
        index = self._race.pop(0)
        self._race_loading = True
        try:
            self._load_step(item, index)
        finally:
            self._race_loading = False
        done = len(item.steps) - len(self._race)
        self.lesson_panel.show_outcome(
            None, f"Racing {item.steps[index].title} ({done} of {len(item.steps)})…"
        )
        self.session.resume()

    def _finish_race(self: Any) -> None:
        self._racing = False
        runs = [r for r in self.runs_panel.history.runs if r.id in self._race_runs]
        ranked = sorted(runs, key=lambda r: r.final("loss"))
        board = " · ".join(f"{r.name.split(': ')[-1]} {r.final('loss'):.3f}" for r in ranked)
        self.lesson_panel.show_outcome(None, f"Race over. Final training loss: {board}")
        self.statusBar().showMessage("Race over: every racer's curves are overlaid", 10_000)

    # ----- slots --------------------------------------------------------------------------
    @Slot(QAction)
    def _on_lesson_triggered(self: Any, action: QAction) -> None:
        self.show_lesson(lesson(int(action.data())))

    @Slot(int)
    def _on_lesson_step_requested(self: Any, index: int) -> None:
        if self.lesson_panel.lesson is not None:
            self.show_lesson(self.lesson_panel.lesson, index)

    @Slot()
    def _on_race_requested(self: Any) -> None:
        item = self.lesson_panel.lesson
        if item is None:
            return
        self._cancel_race()
        self._racing = True
        self._race = list(range(len(item.steps)))
        self._race_runs = []
        self.runs_panel.set_overlaid(
            [r.id for r in self.runs_panel.overlaid()], on=False
        )  # a clean track: only this race's curves
        self._run_next_racer()

    @Slot(int)
    def _on_lesson_run_added(self: Any, run_id: int) -> None:
        if self._racing:
            self._race_runs.append(run_id)
            self.runs_panel.set_overlaid([run_id])

    @Slot(str, str)
    def _on_lesson_run_finished(self: Any, _reason: str, _message: str) -> None:
        item, trainer = self.lesson_panel.lesson, self.session.trainer
        if item is None or trainer is None:
            return
        if self._racing:
            if self._race:
                self._race_timer.start()
            else:
                self._finish_race()
            return
        step = item.steps[self.lesson_panel.index]
        if (
            step.expect is None
            or trainer.spec.preset != item.experiment(self.lesson_panel.index).preset
        ):
            return  # not this step's run (the user loaded something else meanwhile)
        ok = step.expect(trainer)
        text = f"As expected: {step.expect_text}." if ok else f"Not this time: {step.expect_text}"
        self.lesson_panel.show_outcome(ok, text + ("" if ok else " was expected."))

    @Slot(str)
    def _on_lesson_state_changed(self: Any, state: str) -> None:
        if state == "stopped" and not self._race_loading:
            self._cancel_race("Race stopped: the running racer was stopped or replaced.")

    @Slot()
    def _on_race_timer(self: Any) -> None:
        self._run_next_racer()


def _build_lessons_menu(window: Any) -> Any:
    """A Lessons menu before View: one entry per lesson, its first note as the tip."""
    bar = window.menuBar()
    menu = bar.addMenu("&Lessons")
    menu.setObjectName("lessonsMenu")
    menu.setToolTipsVisible(True)
    for item in LESSONS:
        action = menu.addAction(f"{item.number}. {item.title}")
        action.setObjectName(f"lesson-{item.number}")
        action.setData(item.number)
        tip = item.steps[0].note.split(". ")[0] + "."
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if item.number == 7:
            menu.addSeparator()  # 8-10 train on MNIST with Keras
    view = next((a for a in bar.actions() if a.text().replace("&", "") == "View"), None)
    if view is not None:
        bar.insertMenu(view, menu)
    menu.triggered.connect(window._on_lesson_triggered)
    return menu


def lesson_experiment(number: int, step: int = 0) -> Experiment:
    """The experiment a Lessons menu entry loads (for tests and tools)."""
    return lesson(number).experiment(step)
