"""The Runs dock's filter bar: search, data set, model, engine, a date range and a minimum
validation score. It edits a `RunsFilter` (gui.runs.table) and nothing else; its tooltips and
What's This texts are in resources/explanations.json."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QSignalBlocker, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from gui.common.i18n import set_ui_text
from gui.runs.table import RUNS, RunsFilter

ANY_DATE = QDate(2000, 1, 1)  # a date edit at this minimum shows "any date" (no limit)
CHOICES = (  # (combo objectName, filter field, the "no filter" item)
    ("runsDatasetFilter", "dataset", QT_TRANSLATE_NOOP("Runs", "All data sets")),
    ("runsModelFilter", "model", QT_TRANSLATE_NOOP("Runs", "All models")),
    ("runsEngineFilter", "engine", QT_TRANSLATE_NOOP("Runs", "All engines")),
)


class RunsFilterBar(QWidget):
    """Two rows of filters over `proxy`; `set_choices` fills the combos from the runs listed."""

    def __init__(self, proxy: RunsFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runsFilterBar")
        self._proxy = proxy
        self.search = QLineEdit()
        self.search.setObjectName("runsSearch")
        self.search.setClearButtonEnabled(True)
        set_ui_text(
            self.search, RUNS, QT_TRANSLATE_NOOP("Runs", "Search names and notes"),
            "setPlaceholderText",
        )  # fmt: skip
        self.search.textChanged.connect(self._on_search_changed)
        self.combos: dict[str, QComboBox] = {}
        for name, field, anything in CHOICES:
            combo = QComboBox()
            combo.setObjectName(name)
            combo.addItem("", "")
            set_ui_text(combo, RUNS, anything, "setItemText", 0)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._on_choice_changed)
            self.combos[field] = combo
        self.since = self._date_edit("runsSince", QT_TRANSLATE_NOOP("Runs", "from any date"))
        self.until = self._date_edit("runsUntil", QT_TRANSLATE_NOOP("Runs", "to any date"))
        self.min_accuracy = QDoubleSpinBox()
        self.min_accuracy.setObjectName("runsMinAccuracy")
        self.min_accuracy.setRange(0.0, 100.0)
        self.min_accuracy.setDecimals(1)
        self.min_accuracy.setSuffix(" %")
        set_ui_text(
            self.min_accuracy, RUNS, QT_TRANSLATE_NOOP("Runs", "any score"), "setSpecialValueText"
        )
        self.min_accuracy.valueChanged.connect(self._on_min_accuracy_changed)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.search, 0, 0, 1, 3)
        for col, field in enumerate(("dataset", "model", "engine")):
            self.combos[field].setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            grid.addWidget(self.combos[field], 1, col)
        grid.addWidget(self.since, 2, 0)
        grid.addWidget(self.until, 2, 1)
        grid.addWidget(self.min_accuracy, 2, 2)

    def _date_edit(self, name: str, anything: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(ANY_DATE)
        edit.setDate(ANY_DATE)
        set_ui_text(edit, RUNS, anything, "setSpecialValueText")
        edit.dateChanged.connect(self._on_dates_changed)
        return edit

    def set_choices(self, field: str, values: list[str]) -> None:
        """The values `field`'s combo offers (after its "All …" item); the choice is kept
        while it is still offered."""
        combo = self.combos[field]
        chosen = combo.currentData()
        with QSignalBlocker(combo):
            while combo.count() > 1:
                combo.removeItem(1)
            for value in sorted(set(values)):
                combo.addItem(value, value)
            index = combo.findData(chosen)
            combo.setCurrentIndex(max(index, 0))
        if combo.currentData() != chosen:
            self._on_choice_changed()

    # ----- slots --------------------------------------------------------------------------
    @Slot(str)
    def _on_search_changed(self, text: str) -> None:
        self._proxy.set_filters(search=text.strip())

    @Slot()
    def _on_choice_changed(self) -> None:
        self._proxy.set_filters(
            **{field: combo.currentData() or "" for field, combo in self.combos.items()}
        )

    @Slot()
    def _on_dates_changed(self) -> None:
        since, until = self.since.date(), self.until.date()
        self._proxy.set_filters(
            since=None if since == ANY_DATE else since.toPython(),
            until=None if until == ANY_DATE else until.toPython(),
        )

    @Slot(float)
    def _on_min_accuracy_changed(self, value: float) -> None:
        self._proxy.set_filters(min_accuracy=value / 100 if value > 0 else None)
