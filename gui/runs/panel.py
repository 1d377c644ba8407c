"""The Runs panel: every stored run, from this session and earlier ones, to filter, sort, name,
pin, annotate, overlay, reopen, delete, export and import.

A table (QTableView over `RunsTableModel`, sorted and filtered by `RunsFilter`): the name's
check box overlays the run on the loss and accuracy plots, the pin's pins it, a double click
on the name renames it. The panel only asks: what changes the run history goes out as
`*Requested` signals that the runs controller carries out off the GUI thread.
`overlaysChanged(list)` hands the window (name, colour, series) for `MetricPlot.set_overlays`.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from engine.runs.store import StoredRun
from gui.common.i18n import set_ui_text
from gui.runs.filters import RunsFilterBar
from gui.runs.table import (
    COLUMNS,
    DATE,
    NAME,
    RUNS,
    RunsFilter,
    RunsTableModel,
    plot_series,
    run_color,
)

FILE_TYPES = (  # the runs files' dialog filter: (description, patterns)
    (QT_TRANSLATE_NOOP("Runs", "Neural Playground runs"), "(*.runs.json *.json)"),
    (QT_TRANSLATE_NOOP("Runs", "All files"), "(*)"),
)
EXPORTS = (  # format, the Export menu's entry, the dialog filter's words and patterns
    ("csv", QT_TRANSLATE_NOOP("Runs", "CSV file…"), QT_TRANSLATE_NOOP("Runs", "CSV files"),
     "*.csv"),
    ("json", QT_TRANSLATE_NOOP("Runs", "JSON file…"), QT_TRANSLATE_NOOP("Runs", "JSON files"),
     "*.json"),
    ("tensorboard", QT_TRANSLATE_NOOP("Runs", "TensorBoard folder…"), "", ""),
)  # fmt: skip


def _tr(source: str) -> str:
    return QCoreApplication.translate(RUNS, source)


def file_filter() -> str:
    """The runs files' filter for a file dialog, its descriptions in the current language."""
    return ";;".join(f"{_tr(text)} {patterns}" for text, patterns in FILE_TYPES)


class RunsPanel(QWidget):
    """The run history as a filtered, sortable table with its actions (see the module doc)."""

    overlaysChanged = Signal(list)  # [(name, colour, series)] for MetricPlot.set_overlays
    runAdded = Signal(int)  # a run of this session was recorded: its id
    reopenRequested = Signal(int)  # the run's experiment (and saved model) into the window
    renameRequested = Signal(int, str)
    pinRequested = Signal(int, bool)
    notesRequested = Signal(int, str)  # the run's new notes
    deleteRequested = Signal(list)  # run ids, confirmed by the user
    exportRequested = Signal(int, str, str)  # run id, format (csv, json, tensorboard), path
    saveRequested = Signal(list, str)  # run ids, a runs file to write
    importRequested = Signal(str)  # a runs file to add to the history

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runsPanel")
        self.setAccessibleName("runsPanel")
        self._added: set[int] = set()  # ids of the runs add_run showed
        self.model = RunsTableModel(self)
        self.proxy = RunsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filters = RunsFilterBar(self.proxy)
        self.table = QTableView()
        self.table.setObjectName("runsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DATE, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.resizeSection(NAME, 170)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.buttons: dict[str, QPushButton] = {}
        rows = (
            (
                ("runReopen", QT_TRANSLATE_NOOP("Runs", "Reopen")),
                ("runNotes", QT_TRANSLATE_NOOP("Runs", "Notes…")),
                ("runDelete", QT_TRANSLATE_NOOP("Runs", "Delete…")),
            ),
            (
                ("runExport", QT_TRANSLATE_NOOP("Runs", "Export")),
                ("runsSave", QT_TRANSLATE_NOOP("Runs", "Save runs…")),
                ("runsOpen", QT_TRANSLATE_NOOP("Runs", "Import runs…")),
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        for row in rows:
            line = QHBoxLayout()
            for name, text in row:
                button = QPushButton()
                set_ui_text(button, RUNS, text)
                button.setObjectName(name)
                line.addWidget(button)
                self.buttons[name] = button
            layout.addLayout(line)
        self.export_menu = QMenu(self)
        self.export_menu.setObjectName("runsExportMenu")
        for fmt, text, _, _ in EXPORTS:
            action = self.export_menu.addAction("")
            set_ui_text(action, RUNS, text)
            action.setObjectName(f"runsExport-{fmt}")
            action.setData(fmt)
        self.export_menu.triggered.connect(self._on_export_triggered)
        b = self.buttons
        b["runExport"].setMenu(self.export_menu)
        b["runReopen"].clicked.connect(self._on_reopen_clicked)
        b["runNotes"].clicked.connect(self._on_notes_clicked)
        b["runDelete"].clicked.connect(self._on_delete_clicked)
        b["runsSave"].clicked.connect(self._on_save_clicked)
        b["runsOpen"].clicked.connect(self._on_open_clicked)
        self.model.overlayToggled.connect(self._on_overlay_toggled)
        self.model.renameRequested.connect(self.renameRequested)
        self.model.pinRequested.connect(self.pinRequested)
        self.model.modelReset.connect(self._on_rows_changed)
        self.model.rowsInserted.connect(self._on_rows_changed)
        self.model.rowsRemoved.connect(self._on_rows_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._on_rows_changed()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:  # the table's words, again
            self.model.retranslate()

    # ----- public -------------------------------------------------------------------------
    def set_runs(self, runs: list[StoredRun]) -> None:
        """Show these runs (the history as listed), keeping the runs `add_run` showed that
        the list does not have yet (or never will: unsaved, negative ids), the overlays of
        the runs still listed and the selection."""
        keep = [r.id for r in self.selected_runs()]
        listed = {r.id for r in runs}
        # a run recorded after the history was read, and this session's unsaved runs
        later = [r for r in self.model.runs() if r.id in self._added and r.id not in listed]
        before = set(self.model.overlaid)
        self.model.set_runs(list(runs) + later)
        self.select(keep)
        if self.model.overlaid != before:
            self._emit_overlays()

    def add_run(self, run: StoredRun) -> StoredRun:
        """Show a run this session has just recorded (or replace its row) and select it."""
        self.model.put(run)
        self._added.add(run.id)
        self.select([run.id])
        self.runAdded.emit(run.id)
        if run.id in self.model.overlaid:
            self._emit_overlays()
        return run

    def remove_runs(self, ids: list[int]) -> None:
        before = set(self.model.overlaid)
        for run_id in ids:
            self.model.remove(run_id)
            self._added.discard(run_id)
        if self.model.overlaid != before:
            self._emit_overlays()

    def runs(self) -> list[StoredRun]:
        """Every listed run, filtered out or not."""
        return self.model.runs()

    def run(self, run_id: int) -> StoredRun | None:
        return self.model.run(run_id)

    def shown_runs(self) -> list[StoredRun]:
        """The runs the filters let through, in the table's order."""
        rows = (self.proxy.run_at(row) for row in range(self.proxy.rowCount()))
        return [r for r in rows if r is not None]

    def set_overlaid(self, ids: set[int] | list[int], on: bool = True) -> None:
        """Overlay (or stop overlaying) these runs on the plots."""
        for run_id in ids:
            self.model.set_overlaid(run_id, on)
        self._emit_overlays()

    def overlaid(self) -> list[StoredRun]:
        return [r for r in self.model.runs() if r.id in self.model.overlaid]

    def selected_runs(self) -> list[StoredRun]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        found = (self.proxy.run_at(row) for row in rows)
        return [r for r in found if r is not None]

    def selected(self) -> StoredRun | None:
        runs = self.selected_runs()
        return runs[0] if runs else None

    def select(self, ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for run_id in ids:
            row = self.model.row_of(run_id)
            if row < 0:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, NAME))
            if index.isValid():
                selection.select(index, flags)
                self.table.scrollTo(index)

    # ----- overlays -------------------------------------------------------------------------
    def _emit_overlays(self) -> None:
        self.overlaysChanged.emit(
            [(r.name, run_color(r.id), plot_series(r.series)) for r in self.overlaid()]
        )

    @Slot(int, bool)
    def _on_overlay_toggled(self, _run_id: int, _on: bool) -> None:
        self._emit_overlays()

    # ----- enabling -------------------------------------------------------------------------
    @Slot()
    def _on_rows_changed(self) -> None:
        runs = self.model.runs()
        for field in ("dataset", "model", "engine"):
            self.filters.set_choices(field, [getattr(r, field) for r in runs if getattr(r, field)])
        self._on_selection_changed()

    @Slot()
    def _on_selection_changed(self) -> None:
        chosen = self.selected_runs()
        one = len(chosen) == 1
        self.buttons["runReopen"].setEnabled(one)
        self.buttons["runNotes"].setEnabled(one and chosen[0].id > 0)
        self.buttons["runExport"].setEnabled(one)
        self.buttons["runDelete"].setEnabled(any(r.id > 0 for r in chosen))
        self.buttons["runsSave"].setEnabled(self.proxy.rowCount() > 0)

    # ----- buttons ------------------------------------------------------------------------
    @Slot()
    def _on_reopen_clicked(self) -> None:
        run = self.selected()
        if run is not None:
            self.reopenRequested.emit(run.id)

    @Slot()
    def _on_notes_clicked(self) -> None:
        run = self.selected()
        if run is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self,
            _tr("Notes"),
            _tr("Notes on {name}:").format(name=run.name),
            run.notes,
        )
        if ok and text != run.notes:
            run.notes = text
            row = self.model.row_of(run.id)
            self.model.dataChanged.emit(self.model.index(row, NAME), self.model.index(row, NAME))
            self.proxy.invalidate()  # the search may now find it, or no longer
            self.notesRequested.emit(run.id, text)

    @Slot()
    def _on_delete_clicked(self) -> None:
        ids = [r.id for r in self.selected_runs() if r.id > 0]
        if not ids:
            return
        names = "\n".join(r.name for r in self.selected_runs() if r.id > 0)
        question = _tr("Delete these runs from the run history?\n{names}").format(names=names)
        answer = QMessageBox.question(
            self,
            _tr("Delete runs"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.deleteRequested.emit(ids)

    @Slot(object)
    def _on_export_triggered(self, action) -> None:  # noqa: ANN001 - a QAction
        run = self.selected()
        if run is None:
            return
        fmt = str(action.data())
        if fmt == "tensorboard":
            path = QFileDialog.getExistingDirectory(self, _tr("Export to a TensorBoard folder"))
        else:
            words, pattern = next((w, p) for f, _, w, p in EXPORTS if f == fmt)
            path, _ = QFileDialog.getSaveFileName(
                self, _tr("Export run"), f"{run.name}.{fmt}", f"{_tr(words)} ({pattern})"
            )
        if path:
            self.exportRequested.emit(run.id, fmt, path)

    @Slot()
    def _on_save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, _tr("Save runs"), "runs.runs.json", file_filter()
        )
        if path:
            self.saveRequested.emit([r.id for r in self.shown_runs()], path)

    @Slot()
    def _on_open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, _tr("Import runs"), "", file_filter())
        if path:
            self.importRequested.emit(path)
