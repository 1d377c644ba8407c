"""Importing Keras once, quietly, on the backend the experiment asks for (TensorFlow, JAX or
PyTorch), for every part of the engine that needs it (the Keras models, the MNIST download,
the digit model's Keras twin). Kept at the bottom layer, like `engine.atomic`, so the data sets
can use it too. Importing this module is free: it imports no backend.

Keras reads its backend from ``KERAS_BACKEND`` once, at its first import, and cannot switch
afterwards; so `import_keras(backend)` sets that variable just before the first import, and a
later request for another backend is refused with a `BackendError` that says to restart.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from typing import Any

from engine.messages import Text

BACKENDS = ("tensorflow", "jax", "torch")
BACKEND_TITLES = {"tensorflow": "TensorFlow", "jax": "JAX", "torch": "PyTorch"}
# How to add each backend: the pyproject extra (or package) that installs it.
BACKEND_INSTALL = {
    "tensorflow": "pip install tensorflow",
    "jax": "pip install -e '.[jax]'",
    "torch": "pip install -e '.[torch]'",
}
DEFAULT_BACKEND = "tensorflow"

# TensorFlow's (and XLA's) C++ start-up chatter, written straight to file descriptor 2: absl's
# pre-init warning, and glog-style lines (oneDNN, cudart_stub, cuInit, cuDNN/cuFFT/cuBLAS factory
# registration…) that TF_CPP_MIN_LOG_LEVEL does not catch because they come before TensorFlow
# reads it, or from XLA. Anything else written to stderr meanwhile is passed on.
NATIVE_NOISE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called"
    r"|[IWEF]\d{4} [\d:.]+\s+\d+ [\w.]+:\d+\]"
    r"|To enable the following instructions:"
    r"|This TensorFlow binary is optimized)"
)


class BackendError(RuntimeError):
    """A Keras backend that is not installed, unknown, or not the one already loaded."""


_lock = threading.Lock()
_keras: Any = None


def installed_backends() -> list[str]:
    """The Keras backends whose package is installed, in BACKENDS order. Finds them without
    importing any (a backend import takes seconds)."""
    return [name for name in BACKENDS if importlib.util.find_spec(name) is not None]


def default_backend() -> str:
    """``KERAS_BACKEND`` when it names a known backend, else TensorFlow."""
    name = os.environ.get("KERAS_BACKEND", "").strip().lower()
    return name if name in BACKENDS else DEFAULT_BACKEND


def loaded_backend() -> str | None:
    """The backend Keras runs on in this process, or None before Keras is imported."""
    if _keras is not None:
        return str(_keras.backend.backend())
    keras = sys.modules.get("keras")  # imported by someone else (a test, a notebook)
    backend = getattr(keras, "backend", None)
    return str(backend.backend()) if backend is not None else None


def missing_backend_advice(name: str) -> str:
    title = BACKEND_TITLES.get(name, name)
    return Text(
        "the {title} backend is not installed; add it with: {command}",
        title=title,
        command=BACKEND_INSTALL[name],
    )


def import_keras(backend: str | None = None) -> Any:
    """Import Keras on `backend` once and quietly: the C++ chatter (cudart_stub, cuInit, absl)
    never reaches the terminal or a CLI's output. Without a `backend`: the one Keras already
    runs on, else `default_backend()`.

    Raises BackendError, with what to do, when that backend is unknown or not installed, or
    when Keras already runs on another backend in this process."""
    global _keras
    backend = (backend or loaded_backend() or default_backend()).lower()
    if backend not in BACKENDS:
        raise BackendError(
            Text(
                "unknown Keras backend {backend}; choose one of {choices}",
                backend=repr(backend),
                choices=", ".join(BACKENDS),
            )
        )
    with _lock:
        loaded = loaded_backend()
        if loaded is None:
            if importlib.util.find_spec(backend) is None:
                raise BackendError(missing_backend_advice(backend))
            os.environ["KERAS_BACKEND"] = backend
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
            with native_stderr_filtered():
                import keras

                if backend != "tensorflow" and importlib.util.find_spec("tensorflow"):
                    # Keras imports an installed TensorFlow later anyway (set_random_seed seeds
                    # it too): do it here, where its start-up chatter is filtered.
                    import tensorflow  # noqa: F401
            _keras = keras
            loaded = str(keras.backend.backend())
        elif _keras is None:
            import keras

            _keras = keras
    if loaded != backend:
        raise BackendError(
            Text(
                "Keras already runs on {loaded} in this process, and "
                "it fixes its backend when first imported. Restart the program to use "
                "{wanted}, or choose {loaded}.",
                loaded=BACKEND_TITLES.get(loaded, loaded),
                wanted=BACKEND_TITLES[backend],
            )
        )
    return _keras


@contextlib.contextmanager
def native_stderr_filtered() -> Iterator[None]:
    """Send file descriptor 2 to a temporary file for the block, then pass on every line
    that is not NATIVE_NOISE. Python's own warnings and errors still arrive, afterwards."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real stderr (embedded): nothing to filter
        yield
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            text = sink.read().decode("utf-8", errors="replace")
            kept = [line for line in text.splitlines() if not NATIVE_NOISE.match(line)]
            if kept:
                sys.stderr.write("\n".join(kept) + "\n")
