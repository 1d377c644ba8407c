"""Which device a Keras model runs on, and a plain-words note when the request can't be met."""

from __future__ import annotations

from engine.keras_import import found_gpus, import_tensorflow

__all__ = ["import_tensorflow", "resolve_device", "strategy_for"]


def resolve_device(requested: str) -> tuple[str, str, str]:
    """Return (tf device string, short name for the status bar/JSON, note for the user)."""
    found = found_gpus()
    if requested == "cpu":
        return "/CPU:0", "cpu", ""
    if found:
        name = f"gpu ({len(found)}x)" if len(found) > 1 else "gpu"
        return "/GPU:0", name, ""
    if requested == "gpu":
        return "/CPU:0", "cpu", "No GPU was found, so the model runs on the CPU."
    return "/CPU:0", "cpu", ""


def strategy_for(requested: str):
    """tf.distribute.MirroredStrategy over every GPU when there are several (and the GPU is
    not refused), else None: one device needs no strategy."""
    tf = import_tensorflow()
    if requested == "cpu" or len(found_gpus()) < 2:
        return None
    return tf.distribute.MirroredStrategy()
