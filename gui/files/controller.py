"""The File menu: experiments (JSON), models (.npz or .keras), plot exports and the recent-files
list. Dialogs only pick a path; the `open_*`/`save_*` methods do the work (and are what the tests
call). Every failure becomes a message box naming the file and the problem.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QSettings, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from engine.experiment.spec import Experiment, SpecError
from engine.training.trainer import Trainer
from gui.common.i18n import MENU, engine_message, set_ui_text
from gui.common.reporter import StatusReporter
from gui.experiment.spec_model import SpecModel
from gui.files.python_export import PythonExport
from gui.training.session import TrainingSession

if TYPE_CHECKING:
    from gui.experiment.controller import ExperimentController
    from gui.live.plots_panel import MetricPlot

MAX_RECENT = 8
EXPERIMENT_FILTER = "Experiments (*.json);;All files (*)"
MODEL_FILTER = "NumPy models (*.npz);;All files (*)"
KERAS_MODEL_FILTER = "Keras models (*.keras);;All files (*)"
MODEL_SUFFIXES = (".npz", ".keras")  # what Save model writes, hence what Open model reads
OPEN_MODEL_FILTER = (
    "Models (*.npz *.keras);;NumPy models (*.npz);;Keras models (*.keras);;All files (*)"
)
PNG_FILTER, CSV_FILTER = "PNG images (*.png)", "CSV files (*.csv)"
FILTER_WORDS = (  # the filters' descriptions, shown translated (see `_translated`)
    QT_TRANSLATE_NOOP("Files", "Experiments"),
    QT_TRANSLATE_NOOP("Files", "All files"),
    QT_TRANSLATE_NOOP("Files", "NumPy models"),
    QT_TRANSLATE_NOOP("Files", "Keras models"),
    QT_TRANSLATE_NOOP("Files", "Models"),
    QT_TRANSLATE_NOOP("Files", "PNG images"),
    QT_TRANSLATE_NOOP("Files", "CSV files"),
)
PLOT_WORDS = (QT_TRANSLATE_NOOP("Files", "loss"), QT_TRANSLATE_NOOP("Files", "accuracy"))
SAVE_TIMEOUT_S = 10.0
EXPORTS = (  # plot, format, the File › Export plot entry
    ("loss", "png", QT_TRANSLATE_NOOP("Menu", "Loss plot as PNG…")),
    ("loss", "csv", QT_TRANSLATE_NOOP("Menu", "Loss plot as CSV…")),
    ("accuracy", "png", QT_TRANSLATE_NOOP("Menu", "Accuracy plot as PNG…")),
    ("accuracy", "csv", QT_TRANSLATE_NOOP("Menu", "Accuracy plot as CSV…")),
)


class FilesController(QObject):
    """The File menu's actions (`menu_actions["file"]`) and the file operations behind them.

    `quit_action` is in the menu; the window connects it to its own close.
    """

    def __init__(
        self,
        settings: QSettings,
        spec_model: SpecModel,
        session: TrainingSession,
        experiment: ExperimentController,
        plots: dict[str, MetricPlot],
        reporter: StatusReporter,
        dialog_parent: QWidget,
    ) -> None:
        super().__init__(dialog_parent)
        self._settings = settings
        self._spec = spec_model
        self._session = session
        self._experiment = experiment
        self._plots = plots
        self._reporter = reporter
        self._dialog_parent = dialog_parent
        items: list[QAction | QMenu | None] = []
        for name, text, key, slot in (
            (
                "actionOpenExperiment",
                QT_TRANSLATE_NOOP("Menu", "&Open experiment…"),
                QKeySequence.StandardKey.Open,
                self._on_open_experiment_triggered,
            ),
            (
                "actionSaveExperiment",
                QT_TRANSLATE_NOOP("Menu", "&Save experiment…"),
                QKeySequence.StandardKey.Save,
                self._on_save_experiment_triggered,
            ),
        ):
            items.append(self._action(name, text, slot, QKeySequence(key)))
        self.recent_menu = QMenu(dialog_parent)
        set_ui_text(self.recent_menu, MENU, QT_TRANSLATE_NOOP("Menu", "Open &recent"), "setTitle")
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        self.recent_menu.triggered.connect(self._on_recent_triggered)
        items += [self.recent_menu, None]
        items.append(
            self._action(
                "actionOpenModel",
                QT_TRANSLATE_NOOP("Menu", "Open &model…"),
                self._on_open_model_triggered,
            )
        )
        items.append(
            self._action(
                "actionSaveModel",
                QT_TRANSLATE_NOOP("Menu", "Save mo&del…"),
                self._on_save_model_triggered,
            )
        )
        self.export_menu = QMenu(dialog_parent)
        set_ui_text(self.export_menu, MENU, QT_TRANSLATE_NOOP("Menu", "&Export plot"), "setTitle")
        self.export_menu.setObjectName("exportMenu")
        for plot, fmt, text in EXPORTS:
            action = self.export_menu.addAction("")
            set_ui_text(action, MENU, text)
            action.setData(f"{plot}:{fmt}")
        self.export_menu.triggered.connect(self._on_export_triggered)  # from the plots' too:
        for plot, widget in plots.items():  # a right click on a plot offers its two entries
            mine = [a for a in self.export_menu.actions() if str(a.data()).startswith(f"{plot}:")]
            widget.set_export_actions(mine)
        self.quit_action = QAction(self)
        set_ui_text(self.quit_action, MENU, QT_TRANSLATE_NOOP("Menu", "&Quit"))
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        # File › Export as Python…: the experiment as a Keras or NumPy script
        self.python_export = PythonExport(spec_model, reporter, dialog_parent, self._last_dir)
        items += [None, self.export_menu, self.python_export.action, None, self.quit_action]
        self.menu_actions: dict[str, list[QAction | QMenu | None]] = {"file": items}

    def _action(self, name: str, text: str, slot: Any, key: QKeySequence | None = None) -> QAction:
        action = QAction(self)
        set_ui_text(action, MENU, text)  # marked by the caller
        action.setObjectName(name)
        if key is not None:
            action.setShortcut(key)
        action.triggered.connect(slot)
        return action

    # ----- experiments --------------------------------------------------------------------
    def save_experiment(self, path: str | Path) -> bool:
        path = _with_suffix(path, ".json")
        try:
            self._spec.experiment.save(path)
        except OSError as exc:
            self._reporter.show_error(
                QCoreApplication.translate("Files", "Could not save the experiment"),
                f"{path}: {engine_message(exc.strerror or exc)}",
            )
            return False
        self._add_recent(path)
        self._reporter.show_message(
            QCoreApplication.translate("Files", "Saved experiment {path}").format(path=path), 5000
        )
        return True

    def open_experiment(self, path: str | Path) -> bool:
        try:
            experiment = Experiment.load(path)  # the message names the file and the field
        except SpecError as exc:
            self._reporter.show_error(
                QCoreApplication.translate("Files", "Could not open the experiment"),
                engine_message(exc),
            )
            return False
        self._add_recent(path)
        self._spec.replace(experiment)
        self._reporter.show_message(
            QCoreApplication.translate("Files", "Opened experiment {path}").format(path=path), 5000
        )
        return True

    # ----- models -------------------------------------------------------------------------
    def save_model(self, path: str | Path) -> bool:
        """Save the trained weights (with the experiment as metadata), from the trainer's thread."""
        running = self._experiment.running_spec
        keras = running is not None and running.engine == "keras"
        path = _with_suffix(path, ".keras" if keras else ".npz")
        if self._session.trainer is None or running is None:
            self._reporter.show_error(
                QCoreApplication.translate("Files", "Could not save the model"),
                QCoreApplication.translate("Files", "There is no network yet."),
            )
            return False
        metadata = {"app": "Neural Playground", "experiment": running.to_dict()}
        future = self._session.call(functools.partial(_save_model, str(path), metadata))
        try:
            future.result(timeout=SAVE_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - OSError, timeout, a model without save()
            self._reporter.show_error(
                QCoreApplication.translate("Files", "Could not save the model"),
                f"{path}: {engine_message(exc)}",
            )
            return False
        self._add_recent(path)
        self._reporter.show_message(
            QCoreApplication.translate("Files", "Saved model {path}").format(path=path), 5000
        )
        return True

    def open_model(self, path: str | Path) -> bool:
        """Open a model that Save model wrote (.npz or .keras) and keep training it on its own
        experiment's data. A NumPy model loads here; a Keras model is read here only as far
        as its experiment, and loaded by the training thread (Keras stays off this one)."""
        from engine.models.registry import saved_experiment

        path = Path(path)
        try:
            if path.suffix.lower() == ".keras":
                model: Any = path  # the training thread loads it
                experiment = saved_experiment(path)
            else:
                from engine.models.numpy import load_model  # light: numpy only

                model = load_model(path)
                experiment = model.spec.copy()
            experiment.validate()
        except (ValueError, OSError) as exc:
            self._reporter.show_error(
                QCoreApplication.translate("Files", "Could not open the model"), engine_message(exc)
            )
            return False
        self._add_recent(path)
        self._experiment.train_model(model, experiment)
        self._reporter.show_message(
            QCoreApplication.translate("Files", "Opened model {path}").format(path=path), 5000
        )
        return True

    # ----- plots ------------------------------------------------------------------------------
    def export_plot(self, plot: str, fmt: str, path: str | Path) -> bool:
        """Write the loss or accuracy plot as PNG or CSV (pyqtgraph's exporters)."""
        widget = self._plots[plot]
        path = _with_suffix(path, f".{fmt}")
        try:
            (widget.export_png if fmt == "png" else widget.export_csv)(path)
        except Exception as exc:  # noqa: BLE001 - exporter or file-system failure
            self._reporter.show_error(
                QCoreApplication.translate("Files", "Could not export the plot"), f"{path}: {exc}"
            )
            return False
        exported = QCoreApplication.translate("Files", "Exported {plot} plot to {path}")
        self._reporter.show_message(
            exported.format(plot=QCoreApplication.translate("Files", plot), path=path), 5000
        )
        return True

    # ----- recent files -------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self._settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        files = [path] + [f for f in self.recent_files() if f != path]
        self._settings.setValue("recentFiles", files[:MAX_RECENT])
        self._settings.setValue("lastDirectory", str(Path(path).parent))

    def _last_dir(self) -> str:
        return str(self._settings.value("lastDirectory", str(Path.home())))

    @Slot()
    def _on_recent_menu_about_to_show(self) -> None:
        menu = self.recent_menu
        menu.clear()
        files = self.recent_files()
        for path in files:
            action = menu.addAction(Path(path).name)
            action.setData(path)
            action.setToolTip(path)
        if not files:
            menu.addAction(QCoreApplication.translate("Files", "No recent files")).setEnabled(False)
        menu.setToolTipsVisible(True)

    @Slot(QAction)
    def _on_recent_triggered(self, action: QAction) -> None:
        path = action.data()
        if not path:
            return
        if str(path).lower().endswith(MODEL_SUFFIXES):
            self.open_model(path)
        else:
            self.open_experiment(path)

    # ----- dialogs ------------------------------------------------------------------------------
    @Slot()
    def _on_open_experiment_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._dialog_parent,
            QCoreApplication.translate("Files", "Open experiment"),
            self._last_dir(),
            _translated(EXPERIMENT_FILTER),
        )
        if path:
            self.open_experiment(path)

    @Slot()
    def _on_save_experiment_triggered(self) -> None:
        start = str(Path(self._last_dir()) / "experiment.json")
        path, _ = QFileDialog.getSaveFileName(
            self._dialog_parent,
            QCoreApplication.translate("Files", "Save experiment"),
            start,
            _translated(EXPERIMENT_FILTER),
        )
        if path:
            self.save_experiment(path)

    @Slot()
    def _on_open_model_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._dialog_parent,
            QCoreApplication.translate("Files", "Open model"),
            self._last_dir(),
            _translated(OPEN_MODEL_FILTER),
        )
        if path:
            self.open_model(path)

    @Slot()
    def _on_save_model_triggered(self) -> None:
        running = self._experiment.running_spec
        keras = running is not None and running.engine == "keras"
        start = str(Path(self._last_dir()) / ("model.keras" if keras else "model.npz"))
        filters = KERAS_MODEL_FILTER if keras else MODEL_FILTER
        path, _ = QFileDialog.getSaveFileName(
            self._dialog_parent,
            QCoreApplication.translate("Files", "Save model"),
            start,
            _translated(filters),
        )
        if path:
            self.save_model(path)

    @Slot(QAction)
    def _on_export_triggered(self, action: QAction) -> None:
        plot, fmt = str(action.data()).split(":")
        filters = PNG_FILTER if fmt == "png" else CSV_FILTER
        start = str(Path(self._last_dir()) / f"{plot}.{fmt}")
        title = QCoreApplication.translate("Files", "Export {plot} plot").format(
            plot=QCoreApplication.translate("Files", plot)
        )
        path, _ = QFileDialog.getSaveFileName(
            self._dialog_parent, title, start, _translated(filters)
        )
        if path:
            self.export_plot(plot, fmt, path)


def _translated(filters: str) -> str:
    """A file dialog's `filters` ("Description (*.ext);;...") with each description (one of
    FILTER_WORDS) in the current language; the patterns stay as they are."""
    parts = []
    for part in filters.split(";;"):
        words, _, patterns = part.partition(" (")
        parts.append(f"{QCoreApplication.translate('Files', words)} ({patterns}")
    return ";;".join(parts)


def _with_suffix(path: str | Path, suffix: str) -> Path:
    path = Path(path)
    return path if path.suffix else path.with_suffix(suffix)


def _save_model(path: str, metadata: dict[str, Any], trainer: Trainer) -> None:
    metadata = {**metadata, "step": trainer.step_count, "epochs": trainer.epochs_done}
    trainer.model.save(path, metadata)
