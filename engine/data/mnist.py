"""Find and read MNIST without trusting anything: a user's npz or IDX folder, the Keras cache,
or (last) a Keras download.

Files are read with numpy only, never with Keras's loader, because Keras checks a hash that a
user's own copy need not match. Every failure is an MnistError that names the file and says
how to fix it, so the GUI and CLI can show it as is.
"""

from __future__ import annotations

import gzip
import math
import os
import zipfile
import zlib
from pathlib import Path

import numpy as np

from engine.data.errors import ImageSetError
from engine.messages import Text

ENV_VAR = "NEURAL_PLAYGROUND_MNIST"
IDX_NAMES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")
FIX_HINT = Text(
    "To fix: pass --mnist PATH (an mnist.npz or a folder with the four IDX files), "
    "set {env} to such a path, or place mnist.npz in ~/.keras/datasets",
    env=ENV_VAR,
)

# IDX type codes (http://yann.lecun.com/exdb/mnist/): code -> big-endian numpy dtype.
_IDX_DTYPES = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_IDX_CODES = {dt.newbyteorder("="): code for code, dt in _IDX_DTYPES.items()}

MnistArrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


class MnistError(ImageSetError):
    """MNIST (or a set in its format, such as Fashion-MNIST) could not be found or read; the
    message names the file and the fix."""


# ----- public entry point ------------------------------------------------------------------
def load_mnist(
    path: str | os.PathLike[str] | None = None, *, allow_download: bool = True
) -> MnistArrays:
    """(x_train, y_train, x_test, y_test): uint8 images (n, 28, 28) and uint8 labels 0..9.

    An explicit path (argument, else $NEURAL_PLAYGROUND_MNIST) is authoritative: if it is
    missing or broken the error says so, rather than silently using some other copy.
    """
    if path is not None and str(path).strip():
        return load_explicit(Path(path).expanduser(), Text("the path given"))
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return load_explicit(Path(env).expanduser(), Text("${env}", env=ENV_VAR))

    tried = [Text("no path given and ${env} is not set", env=ENV_VAR)]
    cache = Path.home() / ".keras" / "datasets" / "mnist.npz"
    if cache.is_file():
        try:
            return read_npz(cache)
        except MnistError as exc:
            tried.append(Text("Keras cache {path}: {problem}", path=cache, problem=_problem(exc)))
    else:
        tried.append(Text("Keras cache {path}: not found", path=cache))

    if allow_download:
        try:
            return _download()
        except MnistError as exc:
            tried.append(
                Text("download through keras.datasets.mnist: {problem}", problem=_problem(exc))
            )
    else:
        tried.append(Text("download through keras.datasets.mnist: not allowed here"))
    raise MnistError(  # each place tried is its own message, translated whole
        Text(
            "MNIST not found. Tried:\n  - {first}\n  - {second}\n  - {third}\n{hint}",
            first=tried[0],
            second=tried[1],
            third=tried[2],
            hint=FIX_HINT,
        )
    )


def load_explicit(
    path: Path,
    source: str,
    *,
    title: str = "MNIST",
    npz_name: str = "mnist.npz",
    hint: Text = FIX_HINT,
) -> MnistArrays:
    """Read an npz file, an IDX folder, or the folder of a single IDX file.

    `title`, `npz_name` and `hint` name the set in the errors: Fashion-MNIST is stored in
    MNIST's formats and read by these same functions.
    """
    if not path.exists():
        raise MnistError(
            Text(
                "{title} path {path} (from {source}) does not exist. {hint}",
                title=title,
                path=path,
                source=source,
                hint=hint,
            )
        )
    if path.is_file():
        if _is_zip(path):
            return read_npz(path)
        if _idx_key(path.name) is not None:
            return read_idx_folder(path.parent, hint=hint)
        raise MnistError(
            Text(
                "{path} is neither an {npz} (zip) file nor one of the IDX files "
                "({names}, raw or .gz). {hint}",
                path=path,
                npz=npz_name,
                names=", ".join(IDX_NAMES.values()),
                hint=hint,
            )
        )
    if _find_idx_files(path):
        return read_idx_folder(path, hint=hint)
    npz = path / npz_name
    if npz.is_file():
        return read_npz(npz)
    raise MnistError(
        Text(
            "folder {path} holds neither {npz} nor the IDX files ({names}, raw or .gz). {hint}",
            path=path,
            npz=npz_name,
            names=", ".join(IDX_NAMES.values()),
            hint=hint,
        )
    )


def _download() -> MnistArrays:
    """Last resort; Keras is imported only here because importing it takes seconds."""
    try:
        from engine.keras_import import import_keras

        keras = import_keras()  # keras.datasets works on every backend

        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as exc:  # noqa: BLE001 - any failure (offline, no keras) becomes advice
        raise MnistError(
            Text("failed ({kind}: {problem})", kind=type(exc).__name__, problem=exc)
        ) from None
    return _check_arrays(Text("the Keras download"), x_train, y_train, x_test, y_test)


# ----- npz ----------------------------------------------------------------------------------
def read_npz(path: str | os.PathLike[str]) -> MnistArrays:
    """Read a Keras-layout mnist.npz with numpy (no pickles), checking every array."""
    path = Path(path)
    try:
        loaded = np.load(path, allow_pickle=False)
        if not isinstance(loaded, np.lib.npyio.NpzFile):  # a single .npy array, renamed
            raise MnistError(
                Text(
                    "{path} holds a single array, not an npz archive; an MNIST npz holds {keys}",
                    path=path,
                    keys=", ".join(NPZ_KEYS),
                )
            )
        with loaded as data:
            missing = [k for k in NPZ_KEYS if k not in data.files]
            if missing:
                if data.files:
                    template = (
                        "{path} lacks the array(s) {missing}; an MNIST npz needs {keys} "
                        "(found: {found})"
                    )
                else:
                    template = (
                        "{path} lacks the array(s) {missing}; an MNIST npz needs {keys} "
                        "(found: nothing)"
                    )
                raise MnistError(
                    Text(
                        template,
                        path=path,
                        missing=", ".join(missing),
                        keys=", ".join(NPZ_KEYS),
                        found=", ".join(data.files),
                    )
                )
            arrays = [data[k] for k in NPZ_KEYS]
    except MnistError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise MnistError(
            Text(
                "{path} is not a valid npz (corrupt or truncated zip: {problem})",
                path=path,
                problem=exc,
            )
        ) from None
    except (OSError, ValueError, KeyError) as exc:
        raise MnistError(
            Text("cannot read {path} as an npz file: {problem}", path=path, problem=exc)
        ) from None
    return _check_arrays(str(path), *arrays)


# ----- IDX ----------------------------------------------------------------------------------
def read_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Read one IDX file (raw, or gzip when it starts with the gzip magic)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MnistError(
            Text("cannot read IDX file {path}: {problem}", path=path, problem=exc)
        ) from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise MnistError(
                Text(
                    "{path} is a corrupt or truncated gzip file: {problem}", path=path, problem=exc
                )
            ) from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        raise MnistError(
            Text(
                "{path} is not an IDX file: wrong magic number {magic} "
                "(expected 0000 then a type byte such as 08 and the number of dimensions)",
                path=path,
                magic=raw[:4].hex() or "(empty)",
            )
        )
    dtype, ndim = _IDX_DTYPES[raw[2]], raw[3]
    if not 1 <= ndim <= 3:  # MNIST's images are (n, 28, 28), its labels (n,)
        raise MnistError(
            Text(
                "{path} is not an MNIST IDX file: its header declares {ndim} dimensions "
                "(images have 3, labels 1)",
                path=path,
                ndim=ndim,
            )
        )
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise MnistError(
            Text("{path} is truncated: its header declares {ndim} dimensions", path=path, ndim=ndim)
        )
    shape = tuple(int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    expected = math.prod(shape) * dtype.itemsize  # Python ints: a crafted header cannot overflow
    actual = len(raw) - header
    if actual < expected:
        raise MnistError(
            Text(
                "{path} is truncated: its header declares shape {shape} ({expected} bytes of "
                "data) but only {actual} bytes follow",
                path=path,
                shape=shape,
                expected=expected,
                actual=actual,
            )
        )
    if actual > expected:
        raise MnistError(
            Text(
                "{path} is corrupt: its header declares shape {shape} ({expected} bytes of "
                "data) but {actual} bytes follow",
                path=path,
                shape=shape,
                expected=expected,
                actual=actual,
            )
        )
    return (
        np.frombuffer(raw, dtype=dtype, offset=header)
        .reshape(shape)
        .astype(dtype.newbyteorder("="))
    )


def read_idx_folder(folder: str | os.PathLike[str], *, hint: Text = FIX_HINT) -> MnistArrays:
    """Read the four MNIST IDX files (each raw or .gz) from one folder; `hint` ends the
    error when one is missing (it says how to give this set)."""
    folder = Path(folder)
    found = _find_idx_files(folder)
    missing = [IDX_NAMES[k] for k in NPZ_KEYS if k not in found]
    if missing:
        raise MnistError(
            Text(
                "folder {path} lacks the IDX file(s) {missing} (raw or .gz). {hint}",
                path=folder,
                missing=", ".join(missing),
                hint=hint,
            )
        )
    arrays = {}
    for key in NPZ_KEYS:
        arrays[key] = read_idx(found[key])
    for images, labels in (("x_train", "y_train"), ("x_test", "y_test")):
        n_img, n_lab = len(arrays[images]), len(arrays[labels])
        if arrays[images].ndim >= 1 and arrays[labels].ndim >= 1 and n_img != n_lab:
            raise MnistError(
                Text(
                    "{labels_file} has {n_labels} labels but {images_file} has {n_images} images",
                    labels_file=found[labels],
                    n_labels=n_lab,
                    images_file=found[images].name,
                    n_images=n_img,
                )
            )
    return _check_arrays(str(folder), *(arrays[k] for k in NPZ_KEYS))


def write_idx(path: str | os.PathLike[str], array: np.ndarray) -> None:
    """Write an array as an IDX file, gzip-compressed when the name ends in .gz (for tests)."""
    array = np.asarray(array)
    native = array.dtype.newbyteorder("=")
    if native not in _IDX_CODES:
        raise ValueError(f"IDX cannot store dtype {array.dtype}")
    code = _IDX_CODES[native]
    header = bytes([0, 0, code, array.ndim]) + np.asarray(array.shape, dtype=">u4").tobytes()
    data = header + np.ascontiguousarray(array, dtype=_IDX_DTYPES[code]).tobytes()
    path = Path(path)
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


def _idx_key(filename: str) -> str | None:
    """Which MNIST array a file name holds; accepts '.gz' and the 'idx3.ubyte' spelling."""
    name = filename.removesuffix(".gz").replace(".idx", "-idx")
    for key, base in IDX_NAMES.items():
        if name == base:
            return key
    return None


def _find_idx_files(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return found
    for entry in entries:
        key = _idx_key(entry.name)
        if key is not None and entry.is_file():
            found.setdefault(key, entry)
    return found


# ----- checks -------------------------------------------------------------------------------
def _check_arrays(
    source: str, x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray, y_test: np.ndarray
) -> MnistArrays:
    """Shapes (n, 28, 28) / (n,), counts that agree, pixels 0..255 and labels 0..9, as uint8."""
    out = []
    for name, images, labels in ((Text("train"), x_train, y_train), (Text("test"), x_test, y_test)):
        images, labels = np.asarray(images), np.asarray(labels)
        if images.ndim != 3 or images.shape[1:] != (28, 28) or len(images) == 0:
            raise MnistError(
                Text(
                    "{source}: {part} images have shape {shape}, expected (n, 28, 28)",
                    source=source,
                    part=name,
                    shape=images.shape,
                )
            )
        if labels.ndim != 1:
            raise MnistError(
                Text(
                    "{source}: {part} labels have shape {shape}, expected (n,)",
                    source=source,
                    part=name,
                    shape=labels.shape,
                )
            )
        if len(labels) != len(images):
            raise MnistError(
                Text(
                    "{source}: {n_images} {part} images but {n_labels} {part} labels",
                    source=source,
                    n_images=len(images),
                    part=name,
                    n_labels=len(labels),
                )
            )
        what = Text("{source}: {part} images", source=source, part=name)
        out.append(_as_uint8(images, what, 255))
        what = Text("{source}: {part} labels", source=source, part=name)
        out.append(_as_uint8(labels, what, 9))
    return out[0], out[1], out[2], out[3]


def _as_uint8(array: np.ndarray, what: Text, hi: int) -> np.ndarray:
    if array.dtype == np.uint8 and hi == 255:
        return array
    if not np.issubdtype(array.dtype, np.integer):
        raise MnistError(
            Text("{what} have dtype {dtype}, expected uint8", what=what, dtype=array.dtype)
        )
    if array.size and (array.min() < 0 or array.max() > hi):
        raise MnistError(
            Text(
                "{what} hold values {lo}..{top}, expected 0..{hi}",
                what=what,
                lo=array.min(),
                top=array.max(),
                hi=hi,
            )
        )
    return array.astype(np.uint8, copy=False)


def _problem(exc: Exception) -> object:
    """An exception's message, kept as a Text when it is one (so it is translated nested)."""
    return exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Text) else exc


def _is_zip(path: Path) -> bool:
    """npz files are zips; a '.npz' name that is no zip is still read as npz to get its error."""
    if path.suffix.lower() == ".npz":
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False
