"""The Keras backend a test run uses: ``KERAS_BACKEND``'s, else TensorFlow.

The suite runs once on the default backend; the README's test command then runs the tests
marked ``keras`` again on each other installed backend (``KERAS_BACKEND=jax pytest -m keras``).
A module that needs Keras calls `require_keras()` at import, which skips the module when that
backend is not installed.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine.keras_import import default_backend, import_keras, installed_backends

BACKEND = default_backend()


def require_keras() -> Any:
    """Keras on the run's backend, or skip the calling module when it is not installed."""
    if BACKEND not in installed_backends():
        pytest.skip(f"the {BACKEND} backend is not installed", allow_module_level=True)
    return import_keras(BACKEND)


HAS_KERAS = BACKEND in installed_backends()
# For a module's pytestmark: run again on each backend, skip where this one is missing.
KERAS_MARKS = [
    pytest.mark.keras,
    pytest.mark.skipif(not HAS_KERAS, reason=f"the {BACKEND} backend is not installed"),
]


def needs_keras(test: Any) -> Any:
    """Decorator for one test that uses the Keras engine: KERAS_MARKS on it alone."""
    for mark in KERAS_MARKS:
        test = mark(test)
    return test
