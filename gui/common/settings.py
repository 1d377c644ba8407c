"""Where the app keeps its settings (layout, last experiment, recent files)."""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

SETTINGS_ENV = "NEURAL_PLAYGROUND_SETTINGS"  # an .ini path: tests and portable installs


def app_settings() -> QSettings:
    """The app's settings: $NEURAL_PLAYGROUND_SETTINGS (an .ini file) if set, else the user's."""
    path = os.environ.get(SETTINGS_ENV)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("NeuralPlayground", "NeuralPlayground")
