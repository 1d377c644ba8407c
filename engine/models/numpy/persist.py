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
from engine.messages import Text

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
        raise ModelFileError(Text("model file {path} does not exist", path=path)) from None
    except OSError as exc:
        raise ModelFileError(
            Text("cannot read model file {path}: {problem}", path=path, problem=exc.strerror or exc)
        ) from None
    if size > MAX_MODEL_BYTES:
        raise ModelFileError(
            Text(
                "{path} is {size:.1f} GiB; model files are limited to {limit} GiB",
                path=path,
                size=size / 2**30,
                limit=MAX_MODEL_BYTES >> 30,
            )
        )
    try:
        with np.load(path, allow_pickle=False) as data:
            if not hasattr(data, "files"):
                raise ModelFileError(Text("{path} is a single array, not a model file", path=path))
            if META_KEY not in data.files:
                raise ModelFileError(
                    Text("{path} has no model metadata; it is not a model file", path=path)
                )
            arrays = {k: np.array(data[k]) for k in data.files}
    except ModelFileError:
        raise
    except FileNotFoundError:
        raise ModelFileError(Text("model file {path} does not exist", path=path)) from None
    except Exception as exc:  # corrupt or truncated zip, pickled data, bad header, I/O error
        raise ModelFileError(
            Text(
                "{path} is not a valid model file (corrupt or truncated?): {kind}: {problem}",
                path=path,
                kind=type(exc).__name__,
                problem=exc,
            )
        ) from None
    try:
        meta = json.loads(str(arrays.pop(META_KEY)))
    except (ValueError, TypeError) as exc:
        raise ModelFileError(
            Text("{path} has unreadable model metadata: {problem}", path=path, problem=exc)
        ) from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelFileError(Text("{path} is not a Neural Playground NumPy model file", path=path))
    if meta.get("version") != VERSION:
        raise ModelFileError(
            Text(
                "{path} uses model format version {found}; this version reads {version}",
                path=path,
                found=meta.get("version"),
                version=VERSION,
            )
        )
    for key, value in arrays.items():
        if value.dtype.kind not in "fiub":
            raise ModelFileError(
                Text(
                    "{path}: array {key} holds {dtype} data, not numbers",
                    path=path,
                    key=repr(key),
                    dtype=value.dtype,
                )
            )
        if value.dtype.kind == "f" and not np.isfinite(value).all():
            raise ModelFileError(
                Text(
                    "{path}: array {key} holds NaN or infinite values (did its run diverge?)",
                    path=path,
                    key=repr(key),
                )
            )
    return arrays, meta


def whole_number(meta: dict[str, Any], key: str, lo: int, hi: int, path: Any) -> int:
    """``meta[key]`` as an int in [lo, hi], or ModelFileError naming the file and the field."""
    value = meta.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ModelFileError(
            Text(
                "{path}: metadata {key} must be a whole number in [{lo}, {hi}], got {value}",
                path=path,
                key=key,
                lo=lo,
                hi=hi,
                value=repr(value),
            )
        )
    return value


def require(
    arrays: dict[str, np.ndarray], key: str, shape: tuple[int, ...], path: Any
) -> np.ndarray:
    """``arrays[key]`` checked for shape, or ModelFileError."""
    if key not in arrays:
        raise ModelFileError(
            Text("{path} lacks the array {key}; the file is incomplete", path=path, key=repr(key))
        )
    value = arrays[key]
    if value.shape != shape or value.dtype.kind not in "fiu":
        raise ModelFileError(
            Text(
                "{path}: array {key} has shape {shape} ({dtype}), expected {expected}",
                path=path,
                key=repr(key),
                shape=value.shape,
                dtype=value.dtype,
                expected=shape,
            )
        )
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)
