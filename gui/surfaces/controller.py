"""The Optimizers on a surface dock: the engine's optimizers walking a 2-D function, drawn live.

The walk itself is `engine.teaching.surfaces` (the NumPy engine's own optimizer objects, each
bound to one 2-vector). One step of one optimizer in two dimensions costs tens of microseconds,
so the walk runs in the GUI thread in small chunks: `STEPS_PER_FRAME` steps per optimizer on
each tick of a ≤ 30 fps timer. A change of learning rate, momentum, steps or optimizers replays
the walk from the start, catching up with as many steps as were shown at up to
`REPLAY_STEPS_PER_FRAME` a tick, so a slider drag redraws the paths within a few frames and no
tick blocks the window; a click on the map starts a new walk there.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QSignalBlocker, QTimer, Signal, Slot
from PySide6.QtWidgets import QDockWidget

from engine.teaching.surfaces import (
    OptimizerPath,
    SurfaceLesson,
    SurfaceSettings,
    start_paths,
    surface,
)
from gui.common.docks import make_dock, raise_if_tabbed
from gui.surfaces.panel import RESOLUTION, SurfacePanel

FRAME_MS = 34  # at most 30 frames a second
STEPS_PER_FRAME = 5  # per optimizer: 500 steps take about 3.4 s to watch
REPLAY_STEPS_PER_FRAME = 50  # per optimizer, while a replay catches up with the steps shown


class SurfacesController(QObject):
    """Owns the surface panel (`panel`), its dock and the walk (`paths`, `settings`).

    `pathsFinished(settings, paths)` is emitted when a walk has taken all its steps (or every
    path has left the surface): a lesson step reads its outcome from it."""

    pathsFinished = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panel = SurfacePanel()
        self.dock = make_dock(
            "surfacePanel", QT_TRANSLATE_NOOP("Dock", "Optimizers on a surface"), self.panel
        )
        self.dock_widgets: list[QDockWidget] = [self.dock]
        self.paths: dict[str, OptimizerPath] = {}
        self.settings = SurfaceSettings()
        self._start: tuple[float, float] | None = None  # None: the surface's own start
        self._catch_up = 0  # a replay takes big chunks until its paths have this many steps
        self._shades: dict[str, np.ndarray] = {}  # each map is computed once
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._on_frame)
        p = self.panel
        p.surface_choice.currentIndexChanged.connect(self._on_surface_changed)
        p.run_button.clicked.connect(self.run)
        p.reset_button.clicked.connect(self.reset)
        p.learning_rate.valueChanged.connect(self._on_walk_changed)
        p.momentum.valueChanged.connect(self._on_walk_changed)
        p.step_count.valueChanged.connect(self._on_walk_changed)
        for box in p.optimizer_boxes.values():
            box.toggled.connect(self._on_walk_changed)
        p.startChosen.connect(self._on_start_chosen)
        self._on_surface_changed()

    # ----- public -------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def current_settings(self) -> SurfaceSettings:
        """The walk the controls describe."""
        p = self.panel
        return SurfaceSettings(
            surface=p.surface_choice.currentData(),
            lr=p.learning_rate.value(),
            momentum=p.momentum.value(),
            steps=p.step_count.value(),
            optimizers=tuple(n for n, box in p.optimizer_boxes.items() if box.isChecked()),
            start=self._start,
        )

    @Slot()
    def run(self) -> None:
        """Start every chosen optimizer afresh from the start point and animate the walk."""
        self._begin(0)

    @Slot()
    def reset(self) -> None:
        """No paths: every optimizer back at the start, nothing walked."""
        self._timer.stop()
        self._catch_up = 0
        self.paths = {}
        self.panel.show_paths(self.paths)

    def stop(self) -> None:
        """Stop animating (the window calls this on close)."""
        self._timer.stop()

    def show_lesson(self, walk: SurfaceLesson) -> None:
        """Show a lesson step's walk: its surface and settings in the controls, then run it."""
        settings = walk.settings.validate()
        p = self.panel
        widgets = (p.surface_choice, p.learning_rate, p.momentum, p.step_count)
        blockers = [QSignalBlocker(w) for w in (*widgets, *p.optimizer_boxes.values())]
        p.surface_choice.setCurrentIndex(p.surface_choice.findData(settings.surface))
        p.learning_rate.setValue(settings.lr)
        p.momentum.setValue(settings.momentum)
        p.step_count.setValue(settings.steps)
        for name, box in p.optimizer_boxes.items():
            box.setChecked(name in settings.optimizers)
        del blockers
        self._start = settings.start
        self._show_surface()
        self.dock.show()
        raise_if_tabbed(self.dock)
        self.run()

    # ----- the walk -----------------------------------------------------------------------
    def _show_surface(self) -> None:
        surf = surface(self.panel.surface_choice.currentData())
        if surf.name not in self._shades:
            self._shades[surf.name] = surf.shade(RESOLUTION)
        self.panel.show_surface(surf, self._shades[surf.name])
        self.panel.show_start(*(self._start if self._start is not None else surf.start))

    def _begin(self, steps: int) -> None:
        """A fresh walk with the current settings that first catches up with `steps` steps."""
        self.settings = self.current_settings()
        self.paths = start_paths(self.settings)
        self._catch_up = min(steps, self.settings.steps)
        self.panel.show_paths(self.paths)
        if self._done():
            self._timer.stop()
            self.pathsFinished.emit(self.settings, self.paths)
        else:
            self._timer.start()

    def _done(self) -> bool:
        target = self.settings.steps
        return all(p.stopped or p.steps >= target for p in self.paths.values())

    @Slot()
    def _on_frame(self) -> None:
        target = self.settings.steps
        for path in self.paths.values():
            if path.steps < self._catch_up:
                chunk = min(REPLAY_STEPS_PER_FRAME, self._catch_up - path.steps)
            else:
                chunk = STEPS_PER_FRAME
            path.advance(min(chunk, target - path.steps))
        self.panel.show_paths(self.paths)
        if self._done():
            self._timer.stop()
            self.pathsFinished.emit(self.settings, self.paths)

    # ----- slots --------------------------------------------------------------------------
    @Slot()
    def _on_surface_changed(self) -> None:
        self._timer.stop()
        self._start = None
        self._catch_up = 0
        self.paths = {}
        self._show_surface()

    @Slot()
    def _on_walk_changed(self) -> None:
        """Replay the walk shown (if any) with the new settings, as far as it had got (or was
        catching up to: a slider drag sends many changes)."""
        if self.paths:
            self._begin(max(self._catch_up, *(p.steps for p in self.paths.values())))

    @Slot(float, float)
    def _on_start_chosen(self, x: float, y: float) -> None:
        self._start = (x, y)
        self.panel.show_start(x, y)
        self.run()
