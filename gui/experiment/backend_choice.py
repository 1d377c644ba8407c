"""The Keras backend the user chose in the Network panel, and what a choice can do in this window.

Keras fixes its backend at its first import, so once this window's Keras runs (or is being
loaded) on one backend, a choice of another cannot take effect until the app restarts. The
choice is kept in the settings: at the next start it becomes the default backend
(`KERAS_BACKEND`, read by `default_backend()` for every new experiment) and the restored last
experiment is switched to it.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QComboBox

from engine.experiment.spec import Experiment
from engine.keras_import import (
    BACKEND_INSTALL,
    BACKEND_TITLES,
    BACKENDS,
    installed_backends,
    loaded_backend,
)
from gui.training.keras_loader import import_under_way, requested_backend

CHOSEN_KEY = "keras/backend"  # the last backend the user picked
AFTER_RESTART_KEY = "keras/backendAfterRestart"  # a pick that waits for a restart
BACKEND_TIPS = {  # translated in context "Network" when shown
    "tensorflow": QT_TRANSLATE_NOOP(
        "Network", "Keras computes with TensorFlow (GPU build: Linux only)."
    ),
    "jax": QT_TRANSLATE_NOOP("Network", "Keras computes with JAX (CUDA GPUs on Linux)."),
    "torch": QT_TRANSLATE_NOOP(
        "Network",
        "Keras computes with PyTorch (CUDA GPUs on Windows and Linux, Apple's GPU on macOS).",
    ),
}


def window_backend() -> str | None:
    """The backend this process's Keras runs on, or is being imported on; None before."""
    return requested_backend() or loaded_backend()


def fill_backend_box(box: QComboBox) -> None:
    """Every backend, installed or not; a missing one is disabled and its tooltip says how to
    add it. The texts are in the current language: call it again after a language switch."""
    installed = installed_backends()
    box.clear()
    for name in BACKENDS:
        title = BACKEND_TITLES[name]
        box.addItem(title, name)
        item = box.model().item(box.count() - 1)
        if name in installed:
            tip = QCoreApplication.translate("Network", BACKEND_TIPS[name])
            item.setData(tip, Qt.ItemDataRole.ToolTipRole)
        else:
            item.setEnabled(False)
            missing = QCoreApplication.translate("Network", "{backend} (not installed)")
            item.setText(missing.format(backend=title))
            tip = QCoreApplication.translate("Network", "{backend} — not installed: {command}")
            item.setData(
                tip.format(backend=title, command=BACKEND_INSTALL[name]),
                Qt.ItemDataRole.ToolTipRole,
            )


def restart_message(fixed: str, chosen: str) -> str:
    if import_under_way():
        text = QCoreApplication.translate(
            "Network",
            "Keras is already loading on {fixed} in this window; "
            "{chosen} will be used after you restart the app.",
        )
    else:
        text = QCoreApplication.translate(
            "Network",
            "Keras already runs on {fixed} in this window; "
            "{chosen} will be used after you restart the app.",
        )
    return text.format(fixed=BACKEND_TITLES[fixed], chosen=BACKEND_TITLES[chosen])


def remember_backend(settings: QSettings, chosen: str, fixed: str | None) -> None:
    """Keep `chosen` for the next start; when this window's Keras is `fixed` on another
    backend, also mark it as the one the restored experiment switches to."""
    settings.setValue(CHOSEN_KEY, chosen)
    if fixed is not None and chosen != fixed:
        settings.setValue(AFTER_RESTART_KEY, chosen)
    else:
        settings.remove(AFTER_RESTART_KEY)
    settings.sync()


def remembered_backend(settings: QSettings) -> str | None:
    value = settings.value(CHOSEN_KEY)
    return value if isinstance(value, str) and value in BACKENDS else None


def default_to_remembered(
    settings: QSettings, environ: MutableMapping[str, str] = os.environ
) -> str | None:
    """At start-up, before any experiment exists: make the remembered backend the default
    (`KERAS_BACKEND`) unless that is set already or the backend is not installed. Returns the
    backend it set, else None."""
    chosen = remembered_backend(settings)
    if environ.get("KERAS_BACKEND", "").strip() or chosen not in installed_backends():
        return None
    environ["KERAS_BACKEND"] = chosen
    return chosen


def switch_after_restart(settings: QSettings, exp: Experiment) -> None:
    """Put a restored experiment on the backend chosen in the last window, which could not
    take it then; the choice is used once."""
    chosen = settings.value(AFTER_RESTART_KEY)
    settings.remove(AFTER_RESTART_KEY)
    if isinstance(chosen, str) and chosen in installed_backends():
        exp.backend = chosen
