"""Read CIFAR-10 without trusting the file: Krizhevsky's pickled batches (the
`cifar-10-batches-py` folder, or the `cifar-10-python.tar.gz` it comes in) or an npz.

The batches are Python pickles, and a pickle can run any code it names. They are read with a
restricted unpickler that lets through only what the batches need, numpy's own array
reconstruction, and refuses every other class or function (os.system, builtins.eval, ...), so
a tampered file cannot run code. The tarball is read in memory; nothing is extracted to disk.
Every failure is an ImageSetError that names the file and says how to fix it.
"""

from __future__ import annotations

import io
import pickle
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from engine.data.errors import ImageSetError
from engine.messages import Text

ENV_VAR = "NEURAL_PLAYGROUND_CIFAR10"
BATCHES_FOLDER = "cifar-10-batches-py"
TARBALL = "cifar-10-python.tar.gz"
NPZ_NAME = "cifar10.npz"
TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))
TEST_BATCH = "test_batch"
SIDE = 32  # pixels; a batch row holds 1024 red, then 1024 green, then 1024 blue values
ROW = 3 * SIDE * SIDE
FIX_HINT = Text(
    "To fix: pass --data-path PATH (a cifar-10-batches-py folder, cifar-10-python.tar.gz or a "
    "cifar10.npz with x_train, y_train, x_test, y_test), set {env} to such a path, or place "
    "the cifar-10-batches-py folder in ~/.keras/datasets",
    env=ENV_VAR,
)

# The globals a CIFAR batch's pickle needs to rebuild its numpy array, under numpy 1's and
# numpy 2's module names; `_codecs.encode` is how Python 3 writes bytes into a protocol-2
# pickle. Nothing else may be looked up.
_ALLOWED_GLOBALS = frozenset(
    {
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.numeric", "_frombuffer"),
        ("numpy._core.numeric", "_frombuffer"),
        ("_codecs", "encode"),
    }
)

CifarArrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
Progress = Callable[[int, int], None]


class _BatchUnpickler(pickle.Unpickler):
    """Unpickles a CIFAR batch and nothing else: any other global is refused."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            Text(
                "it asks to load {module}.{name}, which a CIFAR batch never needs; refused "
                "(the file may be tampered with)",
                module=module,
                name=name,
            )
        )


def unpickle_batch(raw: bytes, source: object) -> tuple[np.ndarray, np.ndarray]:
    """(images (n, 32, 32, 3) uint8, labels (n,) uint8) from one pickled batch's bytes."""
    try:
        batch = _BatchUnpickler(io.BytesIO(raw), encoding="bytes").load()
    except Exception as exc:  # noqa: BLE001 - a pickle can raise anything; all mean "bad file"
        raise ImageSetError(
            Text("cannot read {path} as a CIFAR-10 batch: {problem}", path=source, problem=exc)
        ) from None
    if not isinstance(batch, dict):
        raise ImageSetError(
            Text(
                "{path} is not a CIFAR-10 batch: it holds a {kind}, not a dict",
                path=source,
                kind=type(batch).__name__,
            )
        )
    batch = {k.decode("latin1") if isinstance(k, bytes) else k: v for k, v in batch.items()}
    if "data" not in batch or "labels" not in batch:
        raise ImageSetError(
            Text(
                "{path} is not a CIFAR-10 batch: it lacks data or labels (found: {found})",
                path=source,
                found=", ".join(sorted(map(str, batch))) or "nothing",
            )
        )
    data, labels = batch["data"], batch["labels"]
    if not isinstance(data, np.ndarray) or data.ndim != 2 or data.shape[1] != ROW:
        raise ImageSetError(
            Text(
                "{path}: data has shape {shape}, expected (n, 3072) (32×32 pixels × 3 colours)",
                path=source,
                shape=getattr(data, "shape", type(data).__name__),
            )
        )
    try:
        labels = np.asarray(labels)
    except (TypeError, ValueError):
        labels = np.asarray([], dtype=np.int64)
    images = data.reshape(len(data), 3, SIDE, SIDE).transpose(0, 2, 3, 1)  # channels last
    return _checked(source, images, labels)


def read_batches_folder(folder: Path, progress: Progress | None = None) -> CifarArrays:
    """The five training batches and the test batch of a cifar-10-batches-py folder."""
    names = (*TRAIN_BATCHES, TEST_BATCH)
    missing = [n for n in names if not (folder / n).is_file()]
    if missing:
        raise ImageSetError(
            Text(
                "folder {path} lacks the CIFAR-10 batch file(s) {missing}. {hint}",
                path=folder,
                missing=", ".join(missing),
                hint=FIX_HINT,
            )
        )
    parts = []
    for i, name in enumerate(names):
        try:
            raw = (folder / name).read_bytes()
        except OSError as exc:
            raise ImageSetError(
                Text("cannot read {path}: {problem}", path=folder / name, problem=exc)
            ) from None
        parts.append(unpickle_batch(raw, folder / name))
        if progress is not None:
            progress(i + 1, len(names))
    return _joined(parts)


def read_tarball(path: Path, progress: Progress | None = None) -> CifarArrays:
    """The batches inside cifar-10-python.tar.gz, read in memory (nothing is extracted)."""
    names = (*TRAIN_BATCHES, TEST_BATCH)
    parts = []
    try:
        with tarfile.open(path, "r:*") as tar:
            members = {
                Path(m.name).name: m
                for m in tar.getmembers()
                if m.isfile() and Path(m.name).parent.name == BATCHES_FOLDER
            }
            missing = [n for n in names if n not in members]
            if missing:
                raise ImageSetError(
                    Text(
                        "{path} lacks the CIFAR-10 batch file(s) {missing} in {folder}/. {hint}",
                        path=path,
                        missing=", ".join(missing),
                        folder=BATCHES_FOLDER,
                        hint=FIX_HINT,
                    )
                )
            for i, name in enumerate(names):
                handle = tar.extractfile(members[name])
                raw = handle.read() if handle is not None else b""
                parts.append(unpickle_batch(raw, f"{path}:{BATCHES_FOLDER}/{name}"))
                if progress is not None:
                    progress(i + 1, len(names))
    except ImageSetError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise ImageSetError(
            Text(
                "{path} is not a readable CIFAR-10 tarball (corrupt or truncated: {problem})",
                path=path,
                problem=exc,
            )
        ) from None
    return _joined(parts)


def read_npz(path: Path) -> CifarArrays:
    """An npz with x_train (n, 32, 32, 3), y_train, x_test, y_test, read with pickles off."""
    keys = ("x_train", "y_train", "x_test", "y_test")
    try:
        with np.load(path, allow_pickle=False) as data:
            missing = [k for k in keys if k not in data.files]
            if missing:
                raise ImageSetError(
                    Text(
                        "{path} lacks the array(s) {missing}; a CIFAR-10 npz needs {keys}",
                        path=path,
                        missing=", ".join(missing),
                        keys=", ".join(keys),
                    )
                )
            x_train, y_train, x_test, y_test = (data[k] for k in keys)
    except ImageSetError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, AttributeError) as exc:
        raise ImageSetError(
            Text("cannot read {path} as an npz file: {problem}", path=path, problem=exc)
        ) from None
    train = _checked(f"{path} (train)", x_train, y_train)
    test = _checked(f"{path} (test)", x_test, y_test)
    return (*train, *test)


def read_explicit(path: Path, source: object, progress: Progress | None = None) -> CifarArrays:
    """A path the user gave: an npz, the tarball, a batches folder or a folder holding one."""
    if not path.exists():
        raise ImageSetError(
            Text(
                "CIFAR-10 path {path} (from {source}) does not exist. {hint}",
                path=path,
                source=source,
                hint=FIX_HINT,
            )
        )
    if path.is_file():
        if path.suffix.lower() == ".npz":
            return read_npz(path)
        if path.name.endswith((".tar.gz", ".tgz", ".tar")):
            return read_tarball(path, progress)
        if path.name in (*TRAIN_BATCHES, TEST_BATCH):
            return read_batches_folder(path.parent, progress)
        raise ImageSetError(
            Text(
                "{path} is neither a CIFAR-10 npz, the {tarball} tarball nor a batch file. {hint}",
                path=path,
                tarball=TARBALL,
                hint=FIX_HINT,
            )
        )
    if (path / TEST_BATCH).is_file() or (path / TRAIN_BATCHES[0]).is_file():
        return read_batches_folder(path, progress)
    if (path / BATCHES_FOLDER).is_dir():
        return read_batches_folder(path / BATCHES_FOLDER, progress)
    if (path / TARBALL).is_file():
        return read_tarball(path / TARBALL, progress)
    if (path / NPZ_NAME).is_file():
        return read_npz(path / NPZ_NAME)
    raise ImageSetError(
        Text(
            "folder {path} holds neither the CIFAR-10 batches, a {folder} folder, {tarball} "
            "nor {npz}. {hint}",
            path=path,
            folder=BATCHES_FOLDER,
            tarball=TARBALL,
            npz=NPZ_NAME,
            hint=FIX_HINT,
        )
    )


def keras_cache_places() -> list[Path]:
    """Where keras.datasets.cifar10 leaves the batches: Keras 3 extracts into
    cifar-10-batches-py-target/, older versions straight into ~/.keras/datasets."""
    root = Path.home() / ".keras" / "datasets"
    return [root / "cifar-10-batches-py-target" / BATCHES_FOLDER, root / BATCHES_FOLDER]


def download() -> CifarArrays:
    """Last resort; Keras is imported only here because importing it takes seconds."""
    try:
        from engine.keras_import import import_keras

        keras = import_keras()
        (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    except Exception as exc:  # noqa: BLE001 - any failure (offline, no keras) becomes advice
        raise ImageSetError(
            Text("failed ({kind}: {problem})", kind=type(exc).__name__, problem=exc)
        ) from None
    source = Text("the Keras download")
    return (*_checked(source, x_train, y_train), *_checked(source, x_test, y_test))


# ----- checks -------------------------------------------------------------------------------
def _checked(source: object, images: object, labels: object) -> tuple[np.ndarray, np.ndarray]:
    """Images (n, 32, 32, 3) uint8 and labels (n,) uint8 0..9 (Keras's (n, 1) is flattened)."""
    images, labels = np.asarray(images), np.asarray(labels)
    if images.ndim != 4 or images.shape[1:] != (SIDE, SIDE, 3) or len(images) == 0:
        raise ImageSetError(
            Text(
                "{source}: images have shape {shape}, expected (n, 32, 32, 3)",
                source=source,
                shape=images.shape,
            )
        )
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.ndim != 1 or len(labels) != len(images):
        raise ImageSetError(
            Text(
                "{source}: {n_images} images but labels of shape {shape}",
                source=source,
                n_images=len(images),
                shape=labels.shape,
            )
        )
    if images.dtype != np.uint8:
        raise ImageSetError(
            Text(
                "{source}: images have dtype {dtype}, expected uint8",
                source=source,
                dtype=images.dtype,
            )
        )
    if not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0 or labels.max() > 9:
        raise ImageSetError(Text("{source}: labels must be whole numbers 0..9", source=source))
    return np.ascontiguousarray(images), labels.astype(np.uint8)


def _joined(parts: list[tuple[np.ndarray, np.ndarray]]) -> CifarArrays:
    """The training batches (all but the last) joined, and the test batch."""
    x_train = np.concatenate([x for x, _ in parts[:-1]])
    y_train = np.concatenate([y for _, y in parts[:-1]])
    return x_train, y_train, parts[-1][0], parts[-1][1]
