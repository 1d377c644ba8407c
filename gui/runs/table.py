"""The stored runs as a Qt table model, and the proxy that filters and sorts them.

`RunsTableModel` holds `StoredRun` rows (engine.runs.store) as the store listed them; the
name's check box overlays the run on the plots, the pin's check box pins it, and the name is
edited in place. Edits are not written here: the model emits `renameRequested` and
`pinRequested`, and whoever owns the store writes them off the GUI thread.
`RunsFilter` keeps the rows matching the dock's filters; it sorts by each column's value
(numbers as numbers, dates as ISO times), not by the text shown.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPixmap

from engine.experiment.spec import task_of
from engine.runs.store import StoredRun

RUNS = "Runs"  # the translation context of the dock's words
COLUMNS = (
    QT_TRANSLATE_NOOP("Runs", "Run"),
    QT_TRANSLATE_NOOP("Runs", "Pin"),
    QT_TRANSLATE_NOOP("Runs", "Data set"),
    QT_TRANSLATE_NOOP("Runs", "Model"),
    QT_TRANSLATE_NOOP("Runs", "Engine"),
    QT_TRANSLATE_NOOP("Runs", "Date"),
    QT_TRANSLATE_NOOP("Runs", "Epochs"),
    QT_TRANSLATE_NOOP("Runs", "Ended"),
    QT_TRANSLATE_NOOP("Runs", "Best val"),
    QT_TRANSLATE_NOOP("Runs", "Final val"),
    QT_TRANSLATE_NOOP("Runs", "Test"),
)
NAME, PIN, DATASET, MODEL, ENGINE, DATE, EPOCHS, ENDED, BEST_VAL, FINAL_VAL, TEST = range(11)
ENDINGS = {  # engine.runs.store.ENDINGS, as the table says them
    "running": QT_TRANSLATE_NOOP("Runs", "running"),
    "completed": QT_TRANSLATE_NOOP("Runs", "completed"),
    "early_stopping": QT_TRANSLATE_NOOP("Runs", "early stopping"),
    "diverged": QT_TRANSLATE_NOOP("Runs", "diverged"),
    "stopped": QT_TRANSLATE_NOOP("Runs", "stopped"),
    "interrupted": QT_TRANSLATE_NOOP("Runs", "interrupted"),
    "crashed": QT_TRANSLATE_NOOP("Runs", "crashed"),
}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the value a column sorts by
ID_ROLE = Qt.ItemDataRole.UserRole
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


def _tr(source: str) -> str:
    return QCoreApplication.translate(RUNS, source)


def run_color(run_id: int) -> str:
    return RUN_COLORS[(abs(run_id) - 1) % len(RUN_COLORS)]


def is_regression(run: StoredRun) -> bool:
    return task_of(run.dataset) == "regression"


def best_val(run: StoredRun) -> float:
    """The highest validation accuracy (R² on regression data) of any epoch, NaN if none."""
    values = [v for v in run.series.get("val_accuracy", []) if _finite(v)]
    return max(values) if values else _metric(run, "val_accuracy")


def final_val(run: StoredRun) -> float:
    return _metric(run, "val_accuracy")


def test_score(run: StoredRun) -> float:
    return _metric(run, "test_accuracy")


def epochs_of(run: StoredRun) -> int:
    return run.epochs or len(run.series.get("epoch", []))


def _metric(run: StoredRun, key: str) -> float:
    value = (run.metrics or {}).get(key)
    return float(value) if value is not None else math.nan


def _finite(value: Any) -> bool:
    return value is not None and math.isfinite(float(value))


def started_at(run: StoredRun) -> datetime | None:
    """When the run started, in local time (the store keeps UTC)."""
    try:
        return datetime.fromisoformat(run.started).astimezone()
    except (TypeError, ValueError):
        return None


def score_text(run: StoredRun, value: float) -> str:
    """An accuracy as a percentage; a regression run's score (R²) as a number."""
    if not math.isfinite(value):
        return "–"
    return format(value, ".3f") if is_regression(run) else format(value, ".1%")


def plot_series(series: dict[str, list[float]]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """A run's curves in the live plots' payload layout: epoch_loss, val_accuracy, … -> (x, y)."""
    x = np.asarray(series.get("epoch", []), dtype=np.float64)
    out = {}
    for key, name in (
        ("loss", "epoch_loss"),
        ("accuracy", "epoch_accuracy"),
        ("val_loss", "val_loss"),
        ("val_accuracy", "val_accuracy"),
    ):
        y = np.asarray(series.get(key, []), dtype=np.float64)
        out[name] = (x[: len(y)], y[: len(x)])
    return out


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class RunsTableModel(QAbstractTableModel):
    """One row per stored run (see the module docstring)."""

    renameRequested = Signal(int, str)  # run id, the new name
    pinRequested = Signal(int, bool)
    overlayToggled = Signal(int, bool)  # run id, overlaid

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runs: list[StoredRun] = []
        self.overlaid: set[int] = set()

    # ----- the rows -------------------------------------------------------------------------
    def runs(self) -> list[StoredRun]:
        return list(self._runs)

    def run(self, run_id: int) -> StoredRun | None:
        return next((r for r in self._runs if r.id == run_id), None)

    def row_of(self, run_id: int) -> int:
        return next((i for i, r in enumerate(self._runs) if r.id == run_id), -1)

    def set_runs(self, runs: list[StoredRun]) -> None:
        self.beginResetModel()
        self._runs = list(runs)
        self.overlaid &= {r.id for r in self._runs}
        self.endResetModel()

    def put(self, run: StoredRun) -> None:
        """Add `run`, or replace the row with its id."""
        row = self.row_of(run.id)
        if row < 0:
            self.beginInsertRows(QModelIndex(), len(self._runs), len(self._runs))
            self._runs.append(run)
            self.endInsertRows()
        else:
            self._runs[row] = run
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def remove(self, run_id: int) -> None:
        row = self.row_of(run_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._runs[row]
            self.endRemoveRows()
        self.overlaid.discard(run_id)

    def set_overlaid(self, run_id: int, on: bool) -> None:
        if on == (run_id in self.overlaid):
            return
        (self.overlaid.add if on else self.overlaid.discard)(run_id)
        row = self.row_of(run_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, NAME), self.index(row, NAME))

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._runs:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._runs) - 1, len(COLUMNS) - 1)
            )

    # ----- QAbstractTableModel ------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._runs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802, E501
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(COLUMNS[section])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == NAME:
            return base | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable
        if index.column() == PIN:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: E501
        if not index.isValid():
            return None
        run, col = self._runs[index.row()], index.column()
        roles = Qt.ItemDataRole
        if role == ID_ROLE:
            return run.id
        if role == roles.CheckStateRole:
            if col == NAME:
                return _check(run.id in self.overlaid)
            if col == PIN:
                return _check(run.pinned)
            return None
        if role == roles.DecorationRole and col == NAME:
            return _swatch(run_color(run.id))
        if role == roles.ToolTipRole:
            return self._tooltip(run, col)
        if role == SORT_ROLE:
            return self._sort_value(run, col)
        if role in (roles.DisplayRole, roles.EditRole):
            return self._text(run, col)
        if role == roles.TextAlignmentRole and col >= EPOCHS and col != ENDED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:  # noqa: N802, E501
        if not index.isValid():
            return False
        run, col = self._runs[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole:
            on = Qt.CheckState(value) == Qt.CheckState.Checked
            if col == NAME:
                self.set_overlaid(run.id, on)
                self.overlayToggled.emit(run.id, on)
                return True
            if col == PIN:
                run.pinned = on
                self.dataChanged.emit(index, index)
                self.pinRequested.emit(run.id, on)
                return True
            return False
        if role == Qt.ItemDataRole.EditRole and col == NAME:
            name = str(value).strip()
            if not name or name == run.name:
                return False
            run.name = name
            self.dataChanged.emit(index, index)
            self.renameRequested.emit(run.id, name)
            return True
        return False

    # ----- cells --------------------------------------------------------------------------
    def _text(self, run: StoredRun, col: int) -> str:
        if col == NAME:
            return run.name
        if col == PIN:
            return ""
        if col == DATASET:
            return run.dataset
        if col == MODEL:
            return run.model
        if col == ENGINE:
            return f"{run.engine} · {run.backend}" if run.backend else run.engine
        if col == DATE:
            when = started_at(run)
            return when.strftime("%Y-%m-%d %H:%M") if when else run.started
        if col == EPOCHS:
            return str(epochs_of(run))
        if col == ENDED:
            return _tr(ENDINGS[run.ended_how]) if run.ended_how in ENDINGS else run.ended_how
        if col == BEST_VAL:
            return score_text(run, best_val(run))
        if col == FINAL_VAL:
            return score_text(run, final_val(run))
        return score_text(run, test_score(run))

    def _sort_value(self, run: StoredRun, col: int) -> Any:
        if col == PIN:
            return int(run.pinned)
        if col == DATE:
            return run.started or ""
        if col == EPOCHS:
            return epochs_of(run)
        number = {BEST_VAL: best_val, FINAL_VAL: final_val, TEST: test_score}.get(col)
        if number is not None:
            value = number(run)
            return value if math.isfinite(value) else -math.inf  # unknown sorts lowest
        return self._text(run, col).casefold()

    def _tooltip(self, run: StoredRun, col: int) -> str | None:
        if col == NAME:
            said = [run.notes] if run.notes else []
            said.append(
                QCoreApplication.translate("Runs", "Ended: {how}").format(
                    how=self._text(run, ENDED)
                )
            )
            return "\n".join(said)
        if col == ENGINE and run.device:
            return QCoreApplication.translate("Runs", "Device: {device}").format(device=run.device)
        return None


def _check(on: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked


class RunsFilter(QSortFilterProxyModel):
    """The rows that match every filter set: data set, model, engine (exact), started within
    [since, until] (dates, inclusive), a best validation score of at least `min_accuracy`,
    and `search` in the name or the notes (case-insensitive)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dataset = self.model = self.engine = self.search = ""
        self.since: date | None = None
        self.until: date | None = None
        self.min_accuracy: float | None = None
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_filters(self, **values: Any) -> None:
        """Change any of the filters named above; the view follows at once."""
        unknown = set(values) - {
            "dataset",
            "model",
            "engine",
            "search",
            "since",
            "until",
            "min_accuracy",
        }
        if unknown:
            raise TypeError(f"unknown filters: {sorted(unknown)}")
        self.beginFilterChange()
        for name, value in values.items():
            setattr(self, name, value)
        self.endFilterChange()

    def run_at(self, proxy_row: int) -> StoredRun | None:
        """The run shown in row `proxy_row`."""
        source = self.sourceModel()
        index = self.mapToSource(self.index(proxy_row, 0))
        if not index.isValid() or not isinstance(source, RunsTableModel):
            return None
        return source.runs()[index.row()]

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:  # noqa: N802, E501
        source = self.sourceModel()
        if not isinstance(source, RunsTableModel):
            return True
        return self.accepts(source.runs()[source_row])

    def accepts(self, run: StoredRun) -> bool:
        if self.dataset and run.dataset != self.dataset:
            return False
        if self.model and run.model != self.model:
            return False
        if self.engine and run.engine != self.engine:
            return False
        if self.since is not None or self.until is not None:
            when = started_at(run)
            if when is None:
                return False
            if self.since is not None and when.date() < self.since:
                return False
            if self.until is not None and when.date() > self.until:
                return False
        if self.min_accuracy is not None:
            score = best_val(run)
            if not (math.isfinite(score) and score >= self.min_accuracy):
                return False
        if self.search:
            needle = self.search.casefold()
            if needle not in run.name.casefold() and needle not in (run.notes or "").casefold():
                return False
        return True
