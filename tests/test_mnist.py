"""MNIST discovery and reading: npz, IDX folders (raw and gz), env var, Keras cache, and the
clear errors for corrupt, truncated or missing files. Uses a tiny fake MNIST built per test."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from engine.data import mnist
from engine.data.datasets import load_dataset
from engine.data.mnist import ENV_VAR, IDX_NAMES, MnistError, load_mnist, read_idx, write_idx
from engine.experiment.spec import DataSpec

REAL_MNIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist.npz"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may see the developer's env var or Keras cache, or try to download."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))


def fake_arrays(n_train: int = 50, n_test: int = 20, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test, dtype=np.uint8),
    }


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> Path:
    np.savez_compressed(path, **arrays)
    return path


def write_idx_folder(folder: Path, arrays: dict[str, np.ndarray], gz: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for key, base in IDX_NAMES.items():
        write_idx(folder / (base + (".gz" if gz else "")), arrays[key])
    return folder


def assert_same(loaded: tuple[np.ndarray, ...], arrays: dict[str, np.ndarray]) -> None:
    for got, key in zip(loaded, ("x_train", "y_train", "x_test", "y_test"), strict=True):
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, arrays[key])


# ----- good sources -------------------------------------------------------------------------
def test_npz_path(tmp_path: Path) -> None:
    arrays = fake_arrays()
    assert_same(load_mnist(write_npz(tmp_path / "mnist.npz", arrays), allow_download=False), arrays)


def test_npz_folder(tmp_path: Path) -> None:
    arrays = fake_arrays()
    write_npz(tmp_path / "mnist.npz", arrays)
    assert_same(load_mnist(tmp_path, allow_download=False), arrays)


@pytest.mark.parametrize("gz", [False, True])
def test_idx_folder(tmp_path: Path, gz: bool) -> None:
    arrays = fake_arrays()
    folder = write_idx_folder(tmp_path / "idx", arrays, gz=gz)
    assert_same(load_mnist(folder, allow_download=False), arrays)
    # A path to one of the IDX files means its folder.
    one = folder / (IDX_NAMES["y_test"] + (".gz" if gz else ""))
    assert_same(load_mnist(str(one), allow_download=False), arrays)


def test_idx_roundtrip_and_gz_is_compressed(tmp_path: Path) -> None:
    a = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    write_idx(tmp_path / "a", a)
    write_idx(tmp_path / "a.gz", a)
    raw = (tmp_path / "a").read_bytes()
    assert raw[:4] == bytes([0, 0, 8, 3])
    assert gzip.decompress((tmp_path / "a.gz").read_bytes()) == raw
    np.testing.assert_array_equal(read_idx(tmp_path / "a.gz"), a)
    wide = np.array([1, -2, 300], dtype=np.int32)
    write_idx(tmp_path / "w", wide)
    np.testing.assert_array_equal(read_idx(tmp_path / "w"), wide)


def test_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    arrays = fake_arrays()
    monkeypatch.setenv(ENV_VAR, str(write_npz(tmp_path / "m.npz", arrays)))
    assert_same(load_mnist(allow_download=False), arrays)


def test_argument_beats_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing.npz"))
    arrays = fake_arrays(seed=3)
    assert_same(load_mnist(write_npz(tmp_path / "m.npz", arrays), allow_download=False), arrays)


def test_keras_cache(tmp_path: Path) -> None:
    cache = Path.home() / ".keras" / "datasets"
    cache.mkdir(parents=True)
    arrays = fake_arrays(seed=1)
    write_npz(cache / "mnist.npz", arrays)
    assert_same(load_mnist(allow_download=False), arrays)


def test_download_is_last_resort(monkeypatch: pytest.MonkeyPatch) -> None:
    arrays = fake_arrays(seed=2)
    calls = []

    def fake_download() -> tuple[np.ndarray, ...]:
        calls.append(1)
        return tuple(arrays[k] for k in ("x_train", "y_train", "x_test", "y_test"))

    monkeypatch.setattr(mnist, "_download", fake_download)
    assert_same(load_mnist(), arrays)
    assert calls == [1]


# ----- errors -------------------------------------------------------------------------------
def test_nothing_found_lists_what_was_tried() -> None:
    with pytest.raises(MnistError) as err:
        load_mnist(allow_download=False)
    msg = str(err.value)
    assert ENV_VAR in msg
    assert str(Path.home() / ".keras" / "datasets" / "mnist.npz") in msg
    assert "download" in msg and "not allowed" in msg
    assert "--mnist" in msg and "~/.keras/datasets" in msg


def test_missing_explicit_path(tmp_path: Path) -> None:
    with pytest.raises(MnistError, match="does not exist") as err:
        load_mnist(tmp_path / "nope.npz", allow_download=False)
    assert "nope.npz" in str(err.value)


def test_corrupt_zip(tmp_path: Path) -> None:
    path = write_npz(tmp_path / "mnist.npz", fake_arrays())
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(MnistError) as err:
        load_mnist(path, allow_download=False)
    assert str(path) in str(err.value)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "mnist.npz"
    path.write_text("hello")
    with pytest.raises(MnistError, match="mnist.npz"):
        load_mnist(path, allow_download=False)


def test_npz_missing_arrays(tmp_path: Path) -> None:
    arrays = fake_arrays()
    del arrays["y_test"]
    path = write_npz(tmp_path / "m.npz", arrays)
    with pytest.raises(MnistError, match="lacks the array.*y_test"):
        load_mnist(path, allow_download=False)


@pytest.mark.parametrize(
    ("key", "value", "pattern"),
    [
        ("x_train", np.zeros((50, 784), np.uint8), r"shape \(50, 784\)"),
        ("x_train", np.zeros((50, 28, 28), np.float32), "dtype float32"),
        ("y_train", np.full(50, 12, np.uint8), r"0\.\.9"),
        ("y_test", np.zeros(19, np.uint8), "20 test images but 19 test labels"),
    ],
)
def test_npz_bad_arrays(tmp_path: Path, key: str, value: np.ndarray, pattern: str) -> None:
    arrays = fake_arrays()
    arrays[key] = value
    path = write_npz(tmp_path / "m.npz", arrays)
    with pytest.raises(MnistError, match=pattern) as err:
        load_mnist(path, allow_download=False)
    assert str(path) in str(err.value)


def test_corrupt_keras_cache_is_reported(tmp_path: Path) -> None:
    cache = Path.home() / ".keras" / "datasets"
    cache.mkdir(parents=True)
    (cache / "mnist.npz").write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(MnistError) as err:
        load_mnist(allow_download=False)
    assert str(cache / "mnist.npz") in str(err.value)


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_idx(tmp_path: Path, gz: bool) -> None:
    folder = write_idx_folder(tmp_path, fake_arrays())
    bad = folder / IDX_NAMES["x_train"]
    data = bad.read_bytes()[:-100]
    if gz:
        bad.unlink()
        bad = bad.with_name(bad.name + ".gz")
        bad.write_bytes(gzip.compress(data))
    else:
        bad.write_bytes(data)
    with pytest.raises(MnistError, match="truncated") as err:
        load_mnist(folder, allow_download=False)
    assert bad.name in str(err.value)


def test_truncated_gzip_stream(tmp_path: Path) -> None:
    folder = write_idx_folder(tmp_path, fake_arrays(), gz=True)
    bad = folder / (IDX_NAMES["y_train"] + ".gz")
    bad.write_bytes(bad.read_bytes()[:20])
    with pytest.raises(MnistError, match="gzip") as err:
        load_mnist(folder, allow_download=False)
    assert bad.name in str(err.value)


def test_wrong_magic(tmp_path: Path) -> None:
    folder = write_idx_folder(tmp_path, fake_arrays())
    bad = folder / IDX_NAMES["y_test"]
    bad.write_bytes(b"\x12\x34" + bad.read_bytes()[2:])
    with pytest.raises(MnistError, match="magic number") as err:
        load_mnist(folder, allow_download=False)
    assert bad.name in str(err.value)


def test_label_image_count_mismatch(tmp_path: Path) -> None:
    arrays = fake_arrays()
    arrays["y_train"] = arrays["y_train"][:-1]
    folder = write_idx_folder(tmp_path, arrays)
    with pytest.raises(MnistError, match="49 labels but .* 50 images"):
        load_mnist(folder, allow_download=False)


def test_idx_folder_missing_a_file(tmp_path: Path) -> None:
    folder = write_idx_folder(tmp_path, fake_arrays())
    (folder / IDX_NAMES["x_test"]).unlink()
    with pytest.raises(MnistError, match=IDX_NAMES["x_test"]):
        load_mnist(folder, allow_download=False)


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(MnistError, match="neither mnist.npz nor the IDX files"):
        load_mnist(tmp_path, allow_download=False)


# ----- through load_dataset -----------------------------------------------------------------
def test_load_dataset_mnist(tmp_path: Path) -> None:
    arrays = fake_arrays()
    spec = DataSpec(name="mnist", path=str(write_npz(tmp_path / "m.npz", arrays)))
    spec.limit, spec.validation_split = 40, 0.25
    ds = load_dataset(spec)
    assert ds.is_image and ds.kind == "image" and ds.n_classes == 10
    assert ds.x_train.shape == (30, 28, 28, 1) and ds.x_val.shape == (10, 28, 28, 1)
    assert ds.x_test.shape == (20, 28, 28, 1) and ds.input_shape == (28, 28, 1)
    assert ds.x_train.dtype == np.float32 and ds.y_train.dtype == np.int64
    assert 0.0 <= ds.x_train.min() and ds.x_train.max() <= 1.0
    np.testing.assert_allclose(ds.x_val[..., 0], arrays["x_train"][30:40] / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(ds.y_train, arrays["y_train"][:30])
    assert ds.class_names == [str(d) for d in range(10)]


@pytest.mark.skipif(not REAL_MNIST.is_file(), reason=f"real MNIST not present at {REAL_MNIST}")
def test_real_mnist() -> None:
    x_train, y_train, x_test, y_test = load_mnist(REAL_MNIST, allow_download=False)
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert set(np.unique(y_train)) == set(range(10))
    assert x_train.dtype == np.uint8 and x_train.max() == 255


def test_an_idx_header_with_absurd_dimensions_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(bytes([0, 0, 8, 255]) + b"\x00" * (4 * 255 + 16))
    with pytest.raises(MnistError, match=r"train-images-idx3-ubyte is not an MNIST IDX file"):
        read_idx(path)


def test_a_single_npy_array_renamed_npz_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "mnist.npz"
    with path.open("wb") as fh:
        np.save(fh, np.zeros((2, 28, 28), np.uint8))
    with pytest.raises(MnistError, match=r"mnist\.npz holds a single array"):
        mnist.read_npz(path)
