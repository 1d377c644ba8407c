"""File handling for the main window: experiments (JSON), models (.npz), plot exports and the
recent-files list. Dialogs only pick a path; the `open_*`/`save_*` methods do the work (and are
what the tests call). Every failure becomes a message box naming the file and the problem.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.experiment.spec import Experiment, SpecError
from engine.training.trainer import Trainer

MAX_RECENT = 8
EXPERIMENT_FILTER = "Experiments (*.json);;All files (*)"
MODEL_FILTER = "NumPy models (*.npz);;All files (*)"
KERAS_MODEL_FILTER = "Keras models (*.keras);;All files (*)"
SAVE_TIMEOUT_S = 10.0


class FileActions:
    """Mixin for MainWindow (needs settings, spec_model, session, plots, statusBar)."""

    # ----- experiments --------------------------------------------------------------------
    def save_experiment(self: Any, path: str | Path) -> bool:
        path = _with_suffix(path, ".json")
        try:
            self.spec_model.experiment.save(path)
        except OSError as exc:
            self.show_error("Could not save the experiment", f"{path}: {exc.strerror or exc}")
            return False
        self._add_recent(path)
        self.statusBar().showMessage(f"Saved experiment {path}", 5000)
        return True

    def open_experiment(self: Any, path: str | Path) -> bool:
        try:
            experiment = Experiment.load(path)  # the message names the file and the field
        except SpecError as exc:
            self.show_error("Could not open the experiment", str(exc))
            return False
        self._add_recent(path)
        self.spec_model.replace(experiment)
        self.statusBar().showMessage(f"Opened experiment {path}", 5000)
        return True

    # ----- models -------------------------------------------------------------------------
    def save_model(self: Any, path: str | Path) -> bool:
        """Save the trained weights (with the experiment as metadata), from the trainer's thread."""
        keras = self._running_spec is not None and self._running_spec.engine == "keras"
        path = _with_suffix(path, ".keras" if keras else ".npz")
        if self.session.trainer is None:
            self.show_error("Could not save the model", "There is no network yet.")
            return False
        metadata = {"app": "Neural Playground", "experiment": self._running_spec.to_dict()}
        future = self.session.call(functools.partial(_save_model, str(path), metadata))
        try:
            future.result(timeout=SAVE_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - OSError, timeout, a model without save()
            self.show_error("Could not save the model", f"{path}: {exc}")
            return False
        self._add_recent(path)
        self.statusBar().showMessage(f"Saved model {path}", 5000)
        return True

    def open_model(self: Any, path: str | Path) -> bool:
        """Load a NumPy model file and keep training it on its own experiment's data."""
        from engine.models.numpy import load_model  # light: numpy only, never TensorFlow

        try:
            model = load_model(path)
            experiment = model.spec.copy().validate()
        except (ValueError, OSError, AttributeError) as exc:
            self.show_error("Could not open the model", str(exc))
            return False
        self._pending_model = model
        self._add_recent(path)
        self.spec_model.replace(experiment)
        self.statusBar().showMessage(f"Opened model {path}", 5000)
        return True

    # ----- plots ------------------------------------------------------------------------------
    def export_plot(self: Any, plot: str, fmt: str, path: str | Path) -> bool:
        """Write the loss or accuracy plot as PNG or CSV (pyqtgraph's exporters)."""
        widget = self.loss_plot if plot == "loss" else self.accuracy_plot
        path = _with_suffix(path, f".{fmt}")
        try:
            (widget.export_png if fmt == "png" else widget.export_csv)(path)
        except Exception as exc:  # noqa: BLE001 - exporter or file-system failure
            self.show_error("Could not export the plot", f"{path}: {exc}")
            return False
        self.statusBar().showMessage(f"Exported {plot} plot to {path}", 5000)
        return True

    # ----- messages and recent files --------------------------------------------------------
    def show_error(self: Any, title: str, text: str) -> QMessageBox:
        """A window-modal message that does not block the event loop (training keeps drawing)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("errorMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.statusBar().showMessage(f"{title}: {text}", 10_000)
        return box

    def recent_files(self: Any) -> list[str]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self: Any, path: str | Path) -> None:
        path = str(Path(path).resolve())
        files = [path] + [f for f in self.recent_files() if f != path]
        self.settings.setValue("recentFiles", files[:MAX_RECENT])
        self.settings.setValue("lastDirectory", str(Path(path).parent))

    def _last_dir(self: Any) -> str:
        return str(self.settings.value("lastDirectory", str(Path.home())))

    @Slot()
    def _on_recent_menu_about_to_show(self: Any) -> None:
        menu = self.recent_menu
        menu.clear()
        files = self.recent_files()
        for path in files:
            action = menu.addAction(Path(path).name)
            action.setData(path)
            action.setToolTip(path)
        if not files:
            menu.addAction("No recent files").setEnabled(False)
        menu.setToolTipsVisible(True)

    @Slot(QAction)
    def _on_recent_triggered(self: Any, action: QAction) -> None:
        path = action.data()
        if not path:
            return
        if str(path).lower().endswith(".npz"):
            self.open_model(path)
        else:
            self.open_experiment(path)

    # ----- dialogs ------------------------------------------------------------------------------
    @Slot()
    def _on_open_experiment_triggered(self: Any) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open experiment", self._last_dir(), EXPERIMENT_FILTER
        )
        if path:
            self.open_experiment(path)

    @Slot()
    def _on_save_experiment_triggered(self: Any) -> None:
        start = str(Path(self._last_dir()) / "experiment.json")
        path, _ = QFileDialog.getSaveFileName(self, "Save experiment", start, EXPERIMENT_FILTER)
        if path:
            self.save_experiment(path)

    @Slot()
    def _on_open_model_triggered(self: Any) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open model", self._last_dir(), MODEL_FILTER)
        if path:
            self.open_model(path)

    @Slot()
    def _on_save_model_triggered(self: Any) -> None:
        keras = self._running_spec is not None and self._running_spec.engine == "keras"
        start = str(Path(self._last_dir()) / ("model.keras" if keras else "model.npz"))
        filters = KERAS_MODEL_FILTER if keras else MODEL_FILTER
        path, _ = QFileDialog.getSaveFileName(self, "Save model", start, filters)
        if path:
            self.save_model(path)

    @Slot(QAction)
    def _on_export_triggered(self: Any, action: QAction) -> None:
        plot, fmt = str(action.data()).split(":")
        filters = "PNG images (*.png)" if fmt == "png" else "CSV files (*.csv)"
        start = str(Path(self._last_dir()) / f"{plot}.{fmt}")
        path, _ = QFileDialog.getSaveFileName(self, f"Export {plot} plot", start, filters)
        if path:
            self.export_plot(plot, fmt, path)


def _with_suffix(path: str | Path, suffix: str) -> Path:
    path = Path(path)
    return path if path.suffix else path.with_suffix(suffix)


def _save_model(path: str, metadata: dict[str, Any], trainer: Trainer) -> None:
    metadata = {**metadata, "step": trainer.step_count, "epochs": trainer.epochs_done}
    trainer.model.save(path, metadata)
