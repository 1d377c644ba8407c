"""File › Export as Python…: the current experiment as one runnable script, plain Keras or
NumPy with everything written out (engine.export). Generating the text takes milliseconds, so it
is written on the GUI thread; a save dialog picks the file, and its file type the framework.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from engine.experiment.spec import SpecError
from engine.export.checks import ExportError, default_framework
from engine.export.script import write_python_script
from gui.common.i18n import MENU, engine_message, set_ui_text
from gui.common.reporter import StatusReporter
from gui.experiment.spec_model import SpecModel

SCRIPT_TYPES = {  # framework -> the save dialog's file type
    "keras": QT_TRANSLATE_NOOP("Files", "Keras script"),
    "numpy": QT_TRANSLATE_NOOP("Files", "NumPy script (everything written out)"),
}


class PythonExport(QObject):
    """The File menu's Export as Python… action and the export behind it (`export_python`,
    which the tests call)."""

    def __init__(
        self,
        spec_model: SpecModel,
        reporter: StatusReporter,
        dialog_parent: QWidget,
        start_folder: Callable[[], str],
    ) -> None:
        super().__init__(dialog_parent)
        self._spec = spec_model
        self._reporter = reporter
        self._dialog_parent = dialog_parent
        self._start_folder = start_folder  # () -> the folder the dialog opens in
        self.action = QAction(self)
        set_ui_text(self.action, MENU, QT_TRANSLATE_NOOP("Menu", "Export as &Python…"))
        self.action.setObjectName("actionExportPython")
        self.action.triggered.connect(self._on_action_triggered)

    def export_python(self, path: str | Path, framework: str) -> bool:
        """Write the current experiment to `path` as a `framework` script; a problem becomes a
        message box naming the setting or the file."""
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".py")
        title = QCoreApplication.translate("Files", "Could not export the experiment as Python")
        try:
            write_python_script(self._spec.experiment, path, framework)
        except (ExportError, SpecError) as exc:
            self._reporter.show_error(title, engine_message(exc))
            return False
        except OSError as exc:
            self._reporter.show_error(title, f"{path}: {engine_message(exc.strerror or exc)}")
            return False
        text = QCoreApplication.translate("Files", "Exported the experiment as Python: {path}")
        self._reporter.show_message(text.format(path=path), 5000)
        return True

    @Slot()
    def _on_action_triggered(self) -> None:
        frameworks = list(SCRIPT_TYPES)
        filters = [
            f"{QCoreApplication.translate('Files', SCRIPT_TYPES[name])} (*.py)"
            for name in frameworks
        ]
        own = filters[frameworks.index(default_framework(self._spec.experiment))]
        path, chosen = QFileDialog.getSaveFileName(
            self._dialog_parent,
            QCoreApplication.translate("Files", "Export as Python"),
            str(Path(self._start_folder()) / "experiment.py"),
            ";;".join(filters),
            own,
        )
        if path:
            framework = frameworks[filters.index(chosen)] if chosen in filters else None
            self.export_python(path, framework or default_framework(self._spec.experiment))
