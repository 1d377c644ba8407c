"""The Runs dock: every run the window trains is kept in the run history (engine.runs), and the
dock browses the history of every session.

Recording happens in the training thread: the session hands each run a `RunRecording` (the
store, opened off the GUI thread by `StoreLink`), the loop's recorder writes the run after its
first epoch, at most every CHECKPOINT_INTERVAL seconds, and when it ends, however it ends:
finished by itself, stopped or replaced (Stop, Reset, a preset, a new network: "stopped") or
cut short by closing the window ("interrupted"). The ended run comes back here as plain data
(`StoredRun`) and joins the table. A write that fails (disk full) leaves the run in the
table for this session and says so once.

Everything the dock asks of the history (list, rename, pin, notes, delete, export, import,
save) runs in the store's own thread; the GUI thread never touches the database.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    QStandardPaths,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QDockWidget

from engine.experiment.spec import Experiment, SpecError
from engine.runs.home import HOME_VARIABLE, resolve_home
from engine.runs.interop import export_run, import_runs, run_to_record
from engine.runs.store import RunStore, StoredRun
from engine.training.run_history import save_runs
from gui.common.docks import make_dock
from gui.common.i18n import engine_message
from gui.common.reporter import StatusReporter
from gui.experiment.spec_model import SpecModel
from gui.runs.panel import RunsPanel
from gui.runs.store_link import StoreLink
from gui.training.session import TrainingSession
from gui.training.worker import CHECKPOINT_INTERVAL, RunRecording

RUNS = "Runs"


def _tr(source: str) -> str:
    return QCoreApplication.translate(RUNS, source)


def history_home(cli_home: str | Path | None = None) -> Path:
    """Where the window keeps its run history: --home DIR, else $NEURAL_PLAYGROUND_HOME,
    else Qt's AppDataLocation for this application (the same folder `engine.runs.home`
    computes for the CLI)."""
    if cli_home or os.environ.get(HOME_VARIABLE):
        return resolve_home(str(cli_home) if cli_home else None)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else resolve_home()


class RunsController(QObject):
    """Owns the Runs panel (`panel`: its `overlaysChanged` is for the plots, its `runAdded`,
    `runs()` and `set_overlaid` for the optimizers race) and the window's run history
    (`link`). `modelRequested(path)` asks the window to open a run's saved model."""

    modelRequested = Signal(str)
    _recorded = Signal(object)  # a StoredRun, from the training thread
    _problem = Signal(str)  # a failed write, from the training thread

    def __init__(
        self,
        spec_model: SpecModel,
        session: TrainingSession,
        reporter: StatusReporter,
        home: Path,
        parent: QObject | None = None,
        checkpoint_interval: float = CHECKPOINT_INTERVAL,
    ) -> None:
        super().__init__(parent)
        self._spec = spec_model
        self._session = session
        self._reporter = reporter
        self._unsaved_ids = 0  # runs the history could not keep get ids -1, -2, …
        self._said: str = ""  # the last problem shown in a message box
        self.notice: str = ""  # what opening the history said (shown once), "" if nothing
        self.panel = RunsPanel()
        dock = make_dock("runsPanel", QT_TRANSLATE_NOOP("Dock", "Runs"), self.panel)
        self.dock_widgets: list[QDockWidget] = [dock]
        self.link = StoreLink(home, self)
        self._recorded.connect(self._on_recorded)
        self._problem.connect(self._on_problem)
        session.set_recording(
            RunRecording(
                self.link.store_future,
                self._recorded.emit,
                self._problem.emit,
                checkpoint_interval,
            )
        )
        p = self.panel
        p.reopenRequested.connect(self.reopen)
        p.renameRequested.connect(self._on_rename_requested)
        p.pinRequested.connect(self._on_pin_requested)
        p.notesRequested.connect(self._on_notes_requested)
        p.deleteRequested.connect(self.delete)
        p.exportRequested.connect(self.export)
        p.saveRequested.connect(self.save_runs)
        p.importRequested.connect(self.import_file)
        self.link.call(_opened, self._on_opened)
        # runs another window or the command line recorded meanwhile show when the dock does
        dock.visibilityChanged.connect(self._on_dock_visibility_changed)

    # ----- the history --------------------------------------------------------------------
    def reload(self) -> None:
        """List the history again (off the GUI thread); the table follows when it is read."""
        self.link.call(_list_all, self.panel.set_runs, self._on_failed)

    def shutdown(self) -> None:
        """The window closes: stop recording new runs and close the history."""
        self._session.set_recording(None)
        self.link.close()

    @Slot(int)
    def reopen(self, run_id: int) -> bool:
        """Put a run's experiment into the window, and its saved model if it has one."""
        run = self.panel.run(run_id)
        if run is None:
            return False
        try:
            exp = Experiment.from_dict(run.spec).validate()
        except (SpecError, TypeError, ValueError) as exc:
            said = _tr("Cannot reopen that run: {error}").format(error=engine_message(exc))
            self._reporter.show_problem(said)
            return False
        if run.model_path and Path(run.model_path).is_file():
            self.modelRequested.emit(run.model_path)  # File › Open model: its own experiment
            return True
        self._spec.replace(exp)
        self._reporter.show_message(
            _tr("Reopened {name}: press Train to run it again").format(name=run.name), 10_000
        )
        return True

    @Slot(list)
    def delete(self, ids: list[int]) -> None:
        """Delete these runs (ids > 0 from the history; this session's unsaved ones at once)."""
        self.panel.remove_runs([i for i in ids if i < 0])
        stored = [i for i in ids if i > 0]
        if stored:
            self.link.call(lambda store: _delete(store, stored), self._on_deleted, self._on_failed)

    @Slot(int, str, str)
    def export(self, run_id: int, fmt: str, path: str) -> None:
        """Write one run as CSV, JSON or a TensorBoard folder (engine.runs.interop)."""
        run = self.panel.run(run_id)
        if run is None:
            return

        def work(_store: RunStore) -> Path:
            return export_run(run, path, fmt)

        self.link.call(work, self._on_exported, self._on_failed)

    @Slot(list, str)
    def save_runs(self, ids: list[int], path: str) -> None:
        """Write these runs to a runs file (the format File › Save runs always wrote)."""
        runs = [r for r in (self.panel.run(i) for i in ids) if r is not None]

        def work(_store: RunStore) -> str:
            save_runs(path, [run_to_record(r) for r in runs])
            return path

        self.link.call(work, self._on_saved, self._on_failed)

    @Slot(str)
    def import_file(self, path: str) -> None:
        """Add the runs of a runs file (or of a run exported as JSON) to the history."""
        self.link.call(lambda store: _import(store, path), self._on_imported, self._on_failed)

    # ----- results (GUI thread) -----------------------------------------------------------
    def _on_opened(self, opened: tuple[str, list[StoredRun]]) -> None:
        notice, runs = opened
        self.panel.set_runs(runs)
        if notice:
            self.notice = engine_message(notice)
            self._reporter.show_error(_tr("Run history"), self.notice)

    def _on_recorded(self, run: StoredRun) -> None:
        if run.id == 0:  # the history could not keep it: this session keeps it
            self._unsaved_ids -= 1
            run.id = self._unsaved_ids
        self.panel.add_run(run)

    @Slot(str)
    def _on_problem(self, text: str) -> None:
        if text == self._said:
            self._reporter.show_problem(text)
            return
        self._said = text
        self._reporter.show_error(_tr("Run history"), text)

    def _on_written(self, problem: object) -> None:
        if problem is not None:
            self._on_problem(engine_message(problem))

    def _on_deleted(self, outcome: tuple[list[int], object]) -> None:
        deleted, problem = outcome
        self.panel.remove_runs(deleted)
        self._on_written(problem)

    def _on_exported(self, path: Path) -> None:
        self._reporter.show_message(_tr("Exported the run to {path}").format(path=path), 5000)

    def _on_saved(self, path: str) -> None:
        self._reporter.show_message(_tr("Saved runs to {path}").format(path=path), 5000)

    def _on_imported(self, outcome: tuple[int, object]) -> None:
        count, problem = outcome
        self._on_written(problem)
        self._reporter.show_message(_tr("Imported {count} runs").format(count=count), 5000)
        self.reload()

    def _on_failed(self, exc: BaseException) -> None:
        self._reporter.show_error(_tr("Run history"), engine_message(exc) or type(exc).__name__)

    # ----- slots --------------------------------------------------------------------------
    @Slot(bool)
    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible and self.link.store_future.done():
            self.reload()

    @Slot(int, str)
    def _on_rename_requested(self, run_id: int, name: str) -> None:
        self._write(run_id, lambda store: store.rename(run_id, name))

    @Slot(int, bool)
    def _on_pin_requested(self, run_id: int, pinned: bool) -> None:
        self._write(run_id, lambda store: store.set_pinned(run_id, pinned))

    @Slot(int, str)
    def _on_notes_requested(self, run_id: int, text: str) -> None:
        self._write(run_id, lambda store: store.set_notes(run_id, text))

    def _write(self, run_id: int, work) -> None:  # noqa: ANN001 - store -> bool
        if run_id < 0:
            return  # a run the history could not keep: the change lives in the table only

        def run(store: RunStore) -> object:
            return None if work(store) else store.problem

        self.link.call(run, self._on_written, self._on_failed)


# ----- work in the store's thread -----------------------------------------------------------
def _list_all(store: RunStore) -> list[StoredRun]:
    return store.list_runs(with_series=True)


def _opened(store: RunStore) -> tuple[object, list[StoredRun]]:
    return store.notice, _list_all(store)


def _delete(store: RunStore, ids: list[int]) -> tuple[list[int], object]:
    deleted = [run_id for run_id in ids if store.delete(run_id)]
    return deleted, (store.problem if len(deleted) < len(ids) else None)


def _import(store: RunStore, path: str) -> tuple[int, object]:
    runs = import_runs(path)
    added = [store.add(run) for run in runs]
    kept = [i for i in added if i is not None]
    return len(kept), (store.problem if len(kept) < len(runs) else None)
