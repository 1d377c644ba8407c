"""The experiment the user left, kept in QSettings and offered again at the next launch."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings

from engine.experiment.spec import Experiment, SpecError
from gui.experiment.backend_choice import switch_after_restart

KEY = "lastExperiment"


def load_last_experiment(settings: QSettings) -> tuple[Experiment, str]:
    """The stored experiment (or the default one) and a note when the stored one was broken.
    A Keras backend chosen in the last window, which had to wait for a restart, is applied."""
    text = settings.value(KEY)
    note = ""
    try:
        exp = Experiment.from_json(str(text)).validate() if text else Experiment()
    except (SpecError, TypeError, ValueError) as exc:
        note = QCoreApplication.translate(
            "Network", "The stored last experiment was ignored: {error}"
        ).format(error=exc)
        exp = Experiment()
    switch_after_restart(settings, exp)
    return exp, note


def save_last_experiment(
    settings: QSettings, edited: Experiment, running: Experiment | None
) -> None:
    """Keep the edited experiment; if it is half-edited into an invalid one, the running one."""
    try:
        settings.setValue(KEY, edited.copy().validate().to_json())
    except SpecError:
        if running is not None:
            settings.setValue(KEY, running.to_json())
