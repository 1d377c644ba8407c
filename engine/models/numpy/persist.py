"""Model files: one .npz holding the arrays and a JSON metadata string.

An uncompressed .npz loads with ``allow_pickle=False`` (no code runs on load) and is readable
from any NumPy. The metadata names the format, its version, the model kind, the experiment spec
and the input/class counts, so ``load_model`` can rebuild the network before filling it in.
Any problem reading a file becomes a ``ModelFileError`` (a ValueError) naming the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from engine.atomic import write_atomic

FORMAT = "neural-playground-numpy-model"
VERSION = 1
META_KEY = "__metadata__"


class ModelFileError(ValueError):
    """The file is not a readable Neural Playground model; the message names the file."""


def save_npz(path: str | Path, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    """Write ``arrays`` plus ``meta`` (with format and version added) atomically to ``path``."""
    meta = {"format": FORMAT, "version": VERSION, **meta}
    text = json.dumps(meta, default=_json_default)
    payload = {META_KEY: np.array(text), **arrays}

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:  # a file object: np.savez would append .npz to a name
            np.savez(fh, **payload)

    write_atomic(path, write)


MAX_MODEL_BYTES = 1 << 30  # 1 GiB: far above any model this app trains (MNIST MLPs are ~2 MB)


def read_npz(path: str | Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """All arrays and the metadata of a model file, or ModelFileError.

    Checked on load, before any prediction: the file's size, every array finite."""
    try:
        size = Path(path).stat().st_size
    except FileNotFoundError:
        raise ModelFileError(f"model file {path} does not exist") from None
    except OSError as exc:
        raise ModelFileError(f"cannot read model file {path}: {exc.strerror or exc}") from None
    if size > MAX_MODEL_BYTES:
        raise ModelFileError(
            f"{path} is {size / 2**30:.1f} GiB; model files are limited to "
            f"{MAX_MODEL_BYTES >> 30} GiB"
        )
    try:
        with np.load(path, allow_pickle=False) as data:
            if not hasattr(data, "files"):
                raise ModelFileError(f"{path} is a single array, not a model file")
            if META_KEY not in data.files:
                raise ModelFileError(f"{path} has no model metadata; it is not a model file")
            arrays = {k: np.array(data[k]) for k in data.files}
    except ModelFileError:
        raise
    except FileNotFoundError:
        raise ModelFileError(f"model file {path} does not exist") from None
    except Exception as exc:  # corrupt or truncated zip, pickled data, bad header, I/O error
        raise ModelFileError(
            f"{path} is not a valid model file (corrupt or truncated?): {type(exc).__name__}: {exc}"
        ) from None
    try:
        meta = json.loads(str(arrays.pop(META_KEY)))
    except (ValueError, TypeError) as exc:
        raise ModelFileError(f"{path} has unreadable model metadata: {exc}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelFileError(f"{path} is not a Neural Playground NumPy model file")
    if meta.get("version") != VERSION:
        raise ModelFileError(
            f"{path} uses model format version {meta.get('version')}; this version reads {VERSION}"
        )
    for key, value in arrays.items():
        if value.dtype.kind not in "fiub":
            raise ModelFileError(f"{path}: array {key!r} holds {value.dtype} data, not numbers")
        if value.dtype.kind == "f" and not np.isfinite(value).all():
            raise ModelFileError(
                f"{path}: array {key!r} holds NaN or infinite values (did its run diverge?)"
            )
    return arrays, meta


def whole_number(meta: dict[str, Any], key: str, lo: int, hi: int, path: Any) -> int:
    """``meta[key]`` as an int in [lo, hi], or ModelFileError naming the file and the field."""
    value = meta.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ModelFileError(
            f"{path}: metadata {key} must be a whole number in [{lo}, {hi}], got {value!r}"
        )
    return value


def require(
    arrays: dict[str, np.ndarray], key: str, shape: tuple[int, ...], path: Any
) -> np.ndarray:
    """``arrays[key]`` checked for shape, or ModelFileError."""
    if key not in arrays:
        raise ModelFileError(f"{path} lacks the array {key!r}; the file is incomplete")
    value = arrays[key]
    if value.shape != shape or value.dtype.kind not in "fiu":
        raise ModelFileError(
            f"{path}: array {key!r} has shape {value.shape} ({value.dtype}), expected {shape}"
        )
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)
