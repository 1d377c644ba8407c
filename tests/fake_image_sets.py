"""Small generated stand-ins for MNIST, Fashion-MNIST, CIFAR-10 and an image folder, in the
real files' layouts (IDX/npz, pickled batches folder/tarball, one sub-folder per class),
learnable in a few batches: class c lights a bar at its own place. For tests that must never
download."""

from __future__ import annotations

import io
import pickle
import tarfile
from pathlib import Path

import numpy as np

from engine.data.mnist import IDX_NAMES, write_idx


def bar_images(n: int, side: int, channels: int, seed: int = 0, n_classes: int = 10):
    """(images (n, side, side, channels) uint8, labels (n,) uint8): class c has a bright bar at
    its own row band, and in colour its own tint."""
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % n_classes).astype(np.uint8)
    rng.shuffle(y)
    x = rng.integers(0, 40, (n, side, side, channels)).astype(np.uint8)
    band = max(1, side // n_classes)
    for i, c in enumerate(y):
        x[i, c * band : c * band + band, 2 : side - 2, :] = 230
        if channels == 3:
            x[i, :, :, c % 3] //= 2
    return x, y


def write_fashion_idx(folder: Path, n_train: int = 60, n_test: int = 20, gz: bool = True) -> Path:
    """The four IDX files as keras.datasets.fashion_mnist caches them (gzipped by default)."""
    folder.mkdir(parents=True, exist_ok=True)
    x_train, y_train = bar_images(n_train, 28, 1, seed=1)
    x_test, y_test = bar_images(n_test, 28, 1, seed=2)
    suffix = ".gz" if gz else ""
    arrays = {"x_train": x_train[..., 0], "y_train": y_train}
    arrays |= {"x_test": x_test[..., 0], "y_test": y_test}
    for key, array in arrays.items():
        write_idx(folder / (IDX_NAMES[key] + suffix), array)
    return folder


def write_fashion_npz(path: Path, n_train: int = 60, n_test: int = 20) -> Path:
    x_train, y_train = bar_images(n_train, 28, 1, seed=1)
    x_test, y_test = bar_images(n_test, 28, 1, seed=2)
    np.savez(path, x_train=x_train[..., 0], y_train=y_train, x_test=x_test[..., 0], y_test=y_test)
    return path


def cifar_batch(x: np.ndarray, y: np.ndarray, protocol: int = 2) -> bytes:
    """One pickled batch in Krizhevsky's layout: bytes keys, data (n, 3072) channel-major."""
    data = np.ascontiguousarray(x.transpose(0, 3, 1, 2).reshape(len(x), -1))
    batch = {
        b"batch_label": b"generated batch",
        b"labels": [int(v) for v in y],
        b"data": data,
        b"filenames": [f"img_{i}.png".encode() for i in range(len(x))],
    }
    return pickle.dumps(batch, protocol=protocol)


def cifar_arrays(per_batch: int = 10, n_test: int = 20):
    x_train, y_train = bar_images(5 * per_batch, 32, 3, seed=3)
    x_test, y_test = bar_images(n_test, 32, 3, seed=4)
    return x_train, y_train, x_test, y_test


def _batches(per_batch: int, n_test: int) -> dict[str, bytes]:
    x_train, y_train, x_test, y_test = cifar_arrays(per_batch, n_test)
    out = {}
    for i in range(5):
        part = slice(i * per_batch, (i + 1) * per_batch)
        out[f"data_batch_{i + 1}"] = cifar_batch(x_train[part], y_train[part])
    out["test_batch"] = cifar_batch(x_test, y_test)
    return out


def write_cifar_folder(folder: Path, per_batch: int = 10, n_test: int = 20) -> Path:
    """A cifar-10-batches-py folder (five training batches and the test batch)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, raw in _batches(per_batch, n_test).items():
        (folder / name).write_bytes(raw)
    return folder


def write_cifar_tarball(path: Path, per_batch: int = 10, n_test: int = 20) -> Path:
    """cifar-10-python.tar.gz: the batches under cifar-10-batches-py/."""
    with tarfile.open(path, "w:gz") as tar:
        for name, raw in _batches(per_batch, n_test).items():
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return path


def write_image_folder(root: Path, per_class: int = 6, colour: bool = True) -> Path:
    """A folder of PNG and JPG pictures of mixed sizes, one sub-folder per class: "circle"
    (grey), "square" (colour when `colour`, else grey), with a bright shape per class."""
    from PIL import Image

    rng = np.random.default_rng(5)
    for c, name in enumerate(("circle", "square")):
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            side = 24 if i % 3 else 20  # mostly 24×24, some 20×20
            img = rng.integers(0, 30, (side, side, 3)).astype(np.uint8)
            if c == 0:
                r, cc = np.ogrid[:side, :side]
                img[(r - side / 2) ** 2 + (cc - side / 2) ** 2 < (side / 3) ** 2] = 220
            else:
                img[side // 4 : -side // 4, side // 4 : -side // 4] = (230, 60, 40)
            picture = Image.fromarray(img)
            if c == 0 or not colour:
                picture = picture.convert("L")  # grey, stored as one channel
            ext = ".png" if i % 2 else ".jpg"
            picture.save(root / name / f"{name}_{i}{ext}", quality=95)
    return root


def write_bar_mnist(path: Path, n_train: int = 300, n_test: int = 60) -> Path:
    """A stand-in for mnist.npz: a bright bar whose row encodes the class, on noise."""
    rng = np.random.default_rng(0)
    y_train, y_test = rng.integers(0, 10, n_train), rng.integers(0, 10, n_test)

    def images(y):
        x = rng.integers(0, 40, (len(y), 28, 28)).astype(np.uint8)
        for i, label in enumerate(y):
            x[i, 2 + 2 * label : 4 + 2 * label, 4:24] = 255
        return x

    np.savez(
        path,
        x_train=images(y_train),
        y_train=y_train.astype(np.uint8),
        x_test=images(y_test),
        y_test=y_test.astype(np.uint8),
    )
    return path
