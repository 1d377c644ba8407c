"""Importing Keras and TensorFlow once, quietly, for every part of the engine that needs them
(the Keras models, the MNIST download, the digit model's Keras twin). Kept at the bottom
layer, like `engine.atomic`, so the data sets can use it too. Importing this module is free.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from typing import Any

# TensorFlow's C++ start-up chatter, written straight to file descriptor 2: absl's pre-init
# warning, and glog-style lines (oneDNN, cudart_stub, cuInit, cuDNN/cuFFT/cuBLAS factory
# registration…) that TF_CPP_MIN_LOG_LEVEL does not catch because they come before TensorFlow
# reads it, or from XLA. Anything else written to stderr meanwhile is passed on.
NATIVE_NOISE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called"
    r"|[IWEF]\d{4} [\d:.]+\s+\d+ [\w.]+:\d+\]"
    r"|To enable the following instructions:"
    r"|This TensorFlow binary is optimized)"
)

_lock = threading.Lock()
_tf: Any = None
_gpus: list[Any] = []


def import_tensorflow() -> Any:
    """Import TensorFlow and Keras, and look for GPUs, once and quietly: the C++ chatter
    (cudart_stub, cuInit, absl) never reaches the terminal or a CLI's output."""
    global _tf, _gpus
    with _lock:
        if _tf is None:
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
            with native_stderr_filtered():
                import keras  # noqa: F401 - imported here so its backend starts quietly too
                import tensorflow as tf

                _gpus = list(tf.config.list_physical_devices("GPU"))  # calls cuInit
            _tf = tf
    return _tf


def found_gpus() -> list[Any]:
    """The GPUs TensorFlow found (empty on a machine without one)."""
    import_tensorflow()
    return list(_gpus)


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
