"""The Runs panel: past runs of this session, to name, pin, overlay, save and export.

One table row per `RunRecord`: the name (editable; its check box overlays the run on the loss
and accuracy plots), a pin (pinned runs survive "Clear unpinned" and never drop off the end
of the history), epochs, final loss, final validation accuracy and how the run ended.
`overlaysChanged(list)` hands the window (name, colour, series) for `MetricPlot.set_overlays`.
"""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QSignalBlocker,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.experiment.spec import task_of
from engine.training.run_history import (
    RunFileError,
    RunHistory,
    RunRecord,
    export_csv,
    load_runs,
    save_runs,
)
from gui.common.i18n import engine_message, set_ui_text
from gui.common.numbers import format_loss

# Tableau-like hues, leaving out the live curves' blue and orange.
RUN_COLORS = (
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
    "#393b79",
    "#637939",
)
RUNS = "Runs"  # the translation context of the panel's words
COLUMNS = (
    QT_TRANSLATE_NOOP("Runs", "Run"),
    QT_TRANSLATE_NOOP("Runs", "Pin"),
    QT_TRANSLATE_NOOP("Runs", "Epochs"),
    QT_TRANSLATE_NOOP("Runs", "Loss"),
    QT_TRANSLATE_NOOP("Runs", "Val acc"),
    QT_TRANSLATE_NOOP("Runs", "Ended"),
)
STOP_REASONS = (  # how a run ended (engine.training.trainer's STOP_*), as the table says it
    QT_TRANSLATE_NOOP("Runs", "completed"),
    QT_TRANSLATE_NOOP("Runs", "early stopping"),
    QT_TRANSLATE_NOOP("Runs", "diverged"),
    QT_TRANSLATE_NOOP("Runs", "interrupted"),
)
NAME, PIN = 0, 1
ID_ROLE = Qt.ItemDataRole.UserRole
FILE_TYPES = (  # the file dialogs' filter: (description, patterns)
    (QT_TRANSLATE_NOOP("Runs", "Neural Playground runs"), "(*.runs.json *.json)"),
    (QT_TRANSLATE_NOOP("Runs", "All files"), "(*)"),
)


def _tr(source: str) -> str:
    return QCoreApplication.translate(RUNS, source)


def file_filter() -> str:
    """The runs files' filter for a file dialog, its descriptions in the current language."""
    return ";;".join(f"{_tr(text)} {patterns}" for text, patterns in FILE_TYPES)


def run_color(run: RunRecord) -> str:
    return RUN_COLORS[(run.id - 1) % len(RUN_COLORS)]


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def _number(value: float, fmt: str) -> str:
    return format(value, fmt) if math.isfinite(value) else "–"


class RunsPanel(QWidget):
    """The session's run history as a table, with overlay, pin, export and file actions."""

    overlaysChanged = Signal(list)  # [(name, colour, series)] for MetricPlot.set_overlays
    runAdded = Signal(int)  # the new run's id
    loadSettingsRequested = Signal(dict)  # a run's experiment, to load into the window

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runsPanel")
        self.setAccessibleName("runsPanel")
        self.history = RunHistory()
        self._overlaid: set[int] = set()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("runsTable")
        self.table.setHorizontalHeaderLabels([_tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.buttons: dict[str, QPushButton] = {}
        rows = (
            (
                ("runLoadSettings", QT_TRANSLATE_NOOP("Runs", "Load settings")),
                ("runExportCsv", QT_TRANSLATE_NOOP("Runs", "Export CSV…")),
            ),
            (
                ("runRemove", QT_TRANSLATE_NOOP("Runs", "Remove")),
                ("runsClear", QT_TRANSLATE_NOOP("Runs", "Clear unpinned")),
            ),
            (
                ("runsSave", QT_TRANSLATE_NOOP("Runs", "Save runs…")),
                ("runsOpen", QT_TRANSLATE_NOOP("Runs", "Open runs…")),
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
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
        b = self.buttons
        b["runLoadSettings"].clicked.connect(self._on_load_settings_clicked)
        b["runExportCsv"].clicked.connect(self._on_export_clicked)
        b["runRemove"].clicked.connect(self._on_remove_clicked)
        b["runsClear"].clicked.connect(self._on_clear_clicked)
        b["runsSave"].clicked.connect(self._on_save_clicked)
        b["runsOpen"].clicked.connect(self._on_open_clicked)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self._on_selection_changed()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:  # the table's words, again
            self.table.setHorizontalHeaderLabels([_tr(c) for c in COLUMNS])
            self._refill()

    # ----- public -------------------------------------------------------------------------
    def add_run(self, run: RunRecord) -> RunRecord:
        run = self.history.add(run)
        self._refill()
        self.table.selectRow(self.table.rowCount() - 1)
        self.runAdded.emit(run.id)
        return run

    def set_overlaid(self, ids: set[int] | list[int], on: bool = True) -> None:
        """Overlay (or stop overlaying) these runs on the plots."""
        ids = set(ids)
        self._overlaid = self._overlaid | ids if on else self._overlaid - ids
        self._refill()
        self._emit_overlays()

    def overlaid(self) -> list[RunRecord]:
        return [r for r in self.history.runs if r.id in self._overlaid]

    def selected(self) -> RunRecord | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.history.get(self.table.item(rows[0].row(), NAME).data(ID_ROLE))

    # ----- the table ----------------------------------------------------------------------
    def _refill(self) -> None:
        keep = self.selected()
        self._overlaid &= {r.id for r in self.history.runs}
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(self.history.runs))
            for row, run in enumerate(self.history.runs):
                self._fill_row(row, run)
            ids = [r.id for r in self.history.runs]
            if keep is not None and keep.id in ids:
                self.table.selectRow(ids.index(keep.id))
        self._on_selection_changed()

    def _fill_row(self, row: int, run: RunRecord) -> None:
        check = Qt.CheckState
        name = QTableWidgetItem(_swatch(run_color(run)), run.name)
        name.setData(ID_ROLE, run.id)
        name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
        name.setCheckState(check.Checked if run.id in self._overlaid else check.Unchecked)
        ended = _tr(run.stop_reason.replace("_", " "))  # an unknown reason: as it is
        name.setToolTip(
            engine_message(run.message)
            or QCoreApplication.translate("Runs", "Ended: {reason}").format(reason=ended)
        )
        pin = QTableWidgetItem()
        pin.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        pin.setCheckState(check.Checked if run.pinned else check.Unchecked)
        # a regression run's score is R² (no accuracy): a number, not a percentage
        regression = task_of(run.experiment.get("data", {}).get("name", "")) == "regression"
        fmt = ".3f" if regression else ".1%"
        score = ("R² " if regression else "") + _number(run.final("val_accuracy"), fmt)
        if (
            run.test_accuracy is not None
            and abs(run.test_accuracy - run.final("val_accuracy")) > 5e-4
        ):
            # validation was a split, not the test
            score = QCoreApplication.translate("Runs", "{score} (test {test})").format(
                score=score, test=format(run.test_accuracy, fmt)
            )
        cells = [
            name,
            pin,
            str(run.epochs),
            format_loss(run.final("loss")) if run.series.get("loss") else "–",
            score,
            ended,
        ]
        for col, cell in enumerate(cells):
            item = cell if isinstance(cell, QTableWidgetItem) else QTableWidgetItem(cell)
            if col > PIN:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(row, col, item)

    def _emit_overlays(self) -> None:
        self.overlaysChanged.emit(
            [(r.name, run_color(r), r.plot_series()) for r in self.overlaid()]
        )

    @Slot(QTableWidgetItem)
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        run = self.history.get(self.table.item(item.row(), NAME).data(ID_ROLE))
        if run is None:
            return
        checked = item.checkState() == Qt.CheckState.Checked
        if item.column() == PIN:
            run.pinned = checked
            self._on_selection_changed()  # Clear unpinned may have nothing left to clear
            return
        if item.column() != NAME:
            return
        name = item.text().strip() or run.name
        changed = name != run.name
        run.name = self.history.unique_name(name, keep=run.id)
        was = run.id in self._overlaid
        self._overlaid = self._overlaid | {run.id} if checked else self._overlaid - {run.id}
        if run.name != item.text():
            with QSignalBlocker(self.table):
                item.setText(run.name)
        if changed or was != checked:
            self._emit_overlays()

    @Slot()
    def _on_selection_changed(self) -> None:
        has = self.selected() is not None
        for name in ("runLoadSettings", "runExportCsv", "runRemove"):
            self.buttons[name].setEnabled(has)
        self.buttons["runsSave"].setEnabled(len(self.history) > 0)
        self.buttons["runsClear"].setEnabled(any(not r.pinned for r in self.history.runs))

    # ----- buttons ------------------------------------------------------------------------
    @Slot()
    def _on_load_settings_clicked(self) -> None:
        run = self.selected()
        if run is not None:
            self.loadSettingsRequested.emit(dict(run.experiment))

    @Slot()
    def _on_remove_clicked(self) -> None:
        run = self.selected()
        if run is not None:
            self.history.remove(run.id)
            self._refill()
            self._emit_overlays()

    @Slot()
    def _on_clear_clicked(self) -> None:
        self.history.clear_unpinned()
        self._refill()
        self._emit_overlays()

    @Slot()
    def _on_export_clicked(self) -> None:
        run = self.selected()
        if run is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            QCoreApplication.translate("Runs", "Export run history"),
            f"{run.name}.csv",
            QCoreApplication.translate("Runs", "CSV files") + " (*.csv)",
        )
        if path:
            self._guard(export_csv, run, path)

    @Slot()
    def _on_save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, QCoreApplication.translate("Runs", "Save runs"), "runs.runs.json", file_filter()
        )
        if path:
            self._guard(save_runs, path, self.history.runs)

    @Slot()
    def _on_open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, QCoreApplication.translate("Runs", "Open runs"), "", file_filter()
        )
        if path:
            self.open_runs(path)

    def open_runs(self, path: str) -> int:
        """Add the runs saved in `path`; returns how many (0, with a message, on a bad file)."""
        runs = self._guard(load_runs, path)
        for run in runs or []:
            self.history.add(run)
        self._refill()
        return len(runs or [])

    def _guard(self, fn, *args):  # noqa: ANN001, ANN202 - a thin error-to-dialog wrapper
        try:
            return fn(*args)
        except RunFileError as exc:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                QCoreApplication.translate("Runs", "Runs"),
                str(exc),
                parent=self.window(),
            )
            box.setObjectName("runsError")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return None
