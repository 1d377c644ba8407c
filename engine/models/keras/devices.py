"""Which device a Keras model runs on, and a plain-words note when the request can't be met."""

from __future__ import annotations

import os


def import_tensorflow():
    """Import TensorFlow quietly (its C++ start-up chatter is not for our users)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    return tf


def resolve_device(requested: str) -> tuple[str, str, str]:
    """Return (tf device string, short name for the status bar/JSON, note for the user)."""
    tf = import_tensorflow()
    gpus = tf.config.list_physical_devices("GPU")
    if requested == "cpu":
        return "/CPU:0", "cpu", ""
    if gpus:
        name = f"gpu ({len(gpus)}x)" if len(gpus) > 1 else "gpu"
        return "/GPU:0", name, ""
    if requested == "gpu":
        return "/CPU:0", "cpu", "No GPU was found, so the model runs on the CPU."
    return "/CPU:0", "cpu", ""


def strategy_for(requested: str):
    """tf.distribute.MirroredStrategy over every GPU when there are several (and the GPU is
    not refused), else None: one device needs no strategy."""
    tf = import_tensorflow()
    gpus = tf.config.list_physical_devices("GPU")
    if requested == "cpu" or len(gpus) < 2:
        return None
    return tf.distribute.MirroredStrategy()
