"""The image data sets the app knows: what each one is, its picture size and its classes.

One entry per `DataSpec.name` in `IMAGE_DATASETS`. The readers live beside this module
(`mnist.py` for MNIST-format files, which Fashion-MNIST shares; `cifar.py`; `image_folder.py`)
and `load_image_arrays`, which `load_dataset` calls, sit beside it; this table is what
the GUI, the CLI and the exporters ask when they need a title, a shape or the class names.
A folder of the user's own images has no fixed shape or classes: its `shape` is None and its
classes are its sub-folders' names.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.data.errors import ImageSetError
from engine.experiment.spec import IMAGE_DATASETS, DataSpec
from engine.messages import Text


@dataclass(frozen=True)
class ImageSet:
    name: str  # the DataSpec.name
    title: str  # how people write it
    shape: tuple[int, int, int] | None  # (height, width, channels); None: read from the files
    class_names: tuple[str, ...]  # empty: read from the files (a folder's sub-folders)
    digits: bool = False  # handwritten digits 0..9: a model of it can read the Draw dock's canvas
    keras_name: str | None = None  # keras.datasets.<keras_name>.load_data() downloads it


IMAGE_SETS: dict[str, ImageSet] = {
    "mnist": ImageSet(
        "mnist",
        "MNIST",
        (28, 28, 1),
        tuple(str(d) for d in range(10)),
        digits=True,
        keras_name="mnist",
    ),
    # Zalando's clothes, drop-in for MNIST: same size, same split, ten classes in this order
    "fashion_mnist": ImageSet(
        "fashion_mnist",
        "Fashion-MNIST",
        (28, 28, 1),
        (
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot",
        ),
        keras_name="fashion_mnist",
    ),
    # Krizhevsky's 60,000 small colour photos: 50,000 to train, 10,000 to test
    "cifar10": ImageSet(
        "cifar10",
        "CIFAR-10",
        (32, 32, 3),
        (
            "airplane",
            "automobile",
            "bird",
            "cat",
            "deer",
            "dog",
            "frog",
            "horse",
            "ship",
            "truck",
        ),
        keras_name="cifar10",
    ),
    "folder": ImageSet("folder", "Image folder", None, ()),
}
assert tuple(IMAGE_SETS) == IMAGE_DATASETS  # one entry per image data set of the spec


def image_set(name: str) -> ImageSet:
    """The entry for data set `name` (KeyError for a data set that is not images)."""
    return IMAGE_SETS[name]


# ----- where each set is read from ------------------------------------------------------------
FASHION_ENV_VAR = "NEURAL_PLAYGROUND_FASHION_MNIST"
FASHION_NPZ = "fashion_mnist.npz"
# Debian's dataset-fashion-mnist package installs the four gzipped IDX files here
FASHION_DEBIAN = Path("/usr/share/datasets/fashion-mnist")
FASHION_HINT = Text(
    "To fix: pass --data-path PATH (a folder with the four IDX files, raw or .gz, or an npz "
    "with x_train, y_train, x_test, y_test), set {env} to such a path, install Debian's "
    "dataset-fashion-mnist package, or place the IDX files in ~/.keras/datasets/fashion-mnist",
    env=FASHION_ENV_VAR,
)
ENV_VARS = {
    "mnist": "NEURAL_PLAYGROUND_MNIST",
    "fashion_mnist": FASHION_ENV_VAR,
    "cifar10": "NEURAL_PLAYGROUND_CIFAR10",
}

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
ImageArrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]


def _keras_cache() -> Path:
    return Path.home() / ".keras" / "datasets"


def _known_places(name: str) -> list[Path]:
    """Where a set is looked for when no path is given, in order (before any download)."""
    if name == "mnist":
        return [_keras_cache() / "mnist.npz"]
    if name == "fashion_mnist":  # keras.datasets.fashion_mnist caches the .gz IDX files here
        return [_keras_cache() / "fashion-mnist", FASHION_DEBIAN]
    if name == "cifar10":
        from engine.data.cifar import keras_cache_places

        return keras_cache_places()
    return []


def _explicit(spec: DataSpec) -> tuple[Path, Text] | None:
    """The path the spec or the set's environment variable names, with where it came from."""
    if spec.path and spec.path.strip():
        return Path(spec.path).expanduser(), Text("the path given")
    env = ENV_VARS.get(spec.name)
    value = os.environ.get(env, "").strip() if env else ""
    if value:
        return Path(value).expanduser(), Text("${env}", env=env)
    return None


def _present(name: str, place: Path) -> bool:
    if name == "fashion_mnist":
        from engine.data.mnist import _find_idx_files

        return place.is_dir() and len(_find_idx_files(place)) == 4
    return place.exists()


def find_image_set(name: str, path: str | None = None) -> str | None:
    """Where set `name` would be read from without downloading (the explicit path, else its
    environment variable, else the first known place that holds it), or None: the GUI's
    source line. Whether the files there are sound is only known on reading them."""
    explicit = _explicit(DataSpec(name=name, path=path))
    if explicit is not None:
        return str(explicit[0])
    for place in _known_places(name):
        if _present(name, place):
            return str(place)
    return None


def _listed(tried: list[Text]) -> Text:
    """The places tried as one Text of lines, each still translatable on its own."""
    text = tried[-1]
    for item in reversed(tried[:-1]):
        text = Text("{first}\n  - {rest}", first=item, rest=text)
    return text


@dataclass(frozen=True)
class _Sources:
    """Where one published set can come from, in the order they are tried."""

    title: str
    env_var: str
    hint: Text
    read_explicit: Callable[[Path, Text], tuple[np.ndarray, ...]]  # the user's path
    present: Callable[[Path], bool]  # a known place holds it
    read_place: Callable[[Path], tuple[np.ndarray, ...]]
    place_errors: tuple[type[Exception], ...]  # what reading a bad copy raises
    download: Callable[[], tuple[np.ndarray, ...]]


def _search(spec: DataSpec, sources: _Sources, allow_download: bool) -> tuple[np.ndarray, ...]:
    """The set's arrays from the explicit path (authoritative), else the first known place that
    reads, else (if allowed) a download; or an ImageSetError listing every place tried."""
    from engine.data.mnist import _problem

    explicit = _explicit(spec)
    if explicit is not None:
        return sources.read_explicit(*explicit)
    tried = [Text("no path given and ${env} is not set", env=sources.env_var)]
    for place in _known_places(spec.name):
        if not sources.present(place):
            tried.append(Text("{path}: not found", path=place))
            continue
        try:
            return sources.read_place(place)
        except sources.place_errors as exc:
            tried.append(Text("{path}: {problem}", path=place, problem=_problem(exc)))
    keras_name = IMAGE_SETS[spec.name].keras_name
    if allow_download:
        try:
            return sources.download()
        except Exception as exc:  # noqa: BLE001 - any failure (offline, no keras) becomes advice
            tried.append(
                Text(
                    "download through keras.datasets.{name}: {problem}",
                    name=keras_name,
                    problem=_problem(exc),
                )
            )
    else:
        tried.append(
            Text("download through keras.datasets.{name}: not allowed here", name=keras_name)
        )
    raise ImageSetError(
        Text(
            "{title} not found. Tried:\n  - {tried}\n{hint}",
            title=sources.title,
            tried=_listed(tried),
            hint=sources.hint,
        )
    )


def _fashion_arrays(spec: DataSpec, allow_download: bool) -> tuple[np.ndarray, ...]:
    """Fashion-MNIST, in MNIST's formats: an explicit path, the Keras cache, Debian's
    package, then (if allowed) keras.datasets.fashion_mnist."""
    from engine.data.mnist import MnistError, _check_arrays, load_explicit, read_idx_folder

    def download() -> tuple[np.ndarray, ...]:
        from engine.keras_import import import_keras

        (x_train, y_train), (x_test, y_test) = import_keras().datasets.fashion_mnist.load_data()
        return _check_arrays(Text("the Keras download"), x_train, y_train, x_test, y_test)

    sources = _Sources(
        title="Fashion-MNIST",
        env_var=FASHION_ENV_VAR,
        hint=FASHION_HINT,
        read_explicit=lambda path, source: load_explicit(
            path, source, title="Fashion-MNIST", npz_name=FASHION_NPZ, hint=FASHION_HINT
        ),
        present=lambda place: _present("fashion_mnist", place),
        read_place=lambda place: read_idx_folder(place, hint=FASHION_HINT),
        place_errors=(MnistError,),
        download=download,
    )
    return _search(spec, sources, allow_download)


def _cifar_arrays(
    spec: DataSpec, allow_download: bool, progress: Progress | None
) -> tuple[np.ndarray, ...]:
    """CIFAR-10: an explicit path, the Keras cache, then (if allowed) keras.datasets.cifar10."""
    from engine.data import cifar

    sources = _Sources(
        title="CIFAR-10",
        env_var=cifar.ENV_VAR,
        hint=cifar.FIX_HINT,
        read_explicit=lambda path, source: cifar.read_explicit(path, source, progress=progress),
        present=Path.is_dir,
        read_place=lambda place: cifar.read_batches_folder(place, progress),
        place_errors=(ImageSetError,),
        download=cifar.download,
    )
    return _search(spec, sources, allow_download)


def load_image_arrays(
    spec: DataSpec,
    *,
    allow_download: bool = True,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImageArrays:
    """(x_train, y_train, x_test, y_test, class_names) of an image data spec: uint8 images
    (n, h, w, c) and uint8/int64 labels, before `limit` and the validation carve. A folder's
    are split (stratified, `test_split`) here; the other sets come with their own test set.
    Raises ImageSetError (LoadCancelled when `cancelled()` turns true while reading a folder).
    """
    if spec.name == "folder":
        from engine.data.image_folder import load_image_folder

        arrays, _ = load_image_folder(spec, progress, cancelled)
        return arrays
    entry = image_set(spec.name)
    if spec.name == "mnist":
        from engine.data.mnist import load_mnist

        arrays = load_mnist(spec.path, allow_download=allow_download)
    elif spec.name == "fashion_mnist":
        arrays = _fashion_arrays(spec, allow_download)
    else:
        arrays = _cifar_arrays(spec, allow_download, progress)
    x_train, y_train, x_test, y_test = arrays
    if x_train.ndim == 3:  # grey (n, h, w): one channel
        x_train, x_test = x_train[..., None], x_test[..., None]
    return x_train, y_train, x_test, y_test, list(entry.class_names)
