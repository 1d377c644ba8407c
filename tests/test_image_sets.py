"""Fashion-MNIST, CIFAR-10 and image folders are read from generated stand-ins in the real
layouts, never downloaded; bad files and folders get messages naming them."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import numpy as np
import pytest

from engine.data import cifar, image_sets
from engine.data.datasets import LoadCancelled, load_dataset
from engine.data.image_folder import scan_image_folder, stratified_split
from engine.data.image_sets import ImageSetError, find_image_set, load_image_arrays
from engine.data.mnist import MnistError
from engine.experiment.spec import DataSpec, Experiment, LayerSpec
from engine.training.trainer import Trainer
from tests.fake_image_sets import (
    bar_images,
    cifar_arrays,
    cifar_batch,
    write_cifar_folder,
    write_cifar_tarball,
    write_fashion_idx,
    write_fashion_npz,
    write_image_folder,
)


@pytest.fixture
def no_sets(tmp_path, monkeypatch):
    """A home without a Keras cache, no Debian package and no environment variables."""
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    monkeypatch.setattr(image_sets, "FASHION_DEBIAN", tmp_path / "no-debian")
    for var in image_sets.ENV_VARS.values():
        monkeypatch.delenv(var, raising=False)
    return tmp_path


# ----- Fashion-MNIST ------------------------------------------------------------------------
@pytest.mark.parametrize("gz", [True, False])
def test_fashion_reads_an_idx_folder(no_sets, gz):
    folder = write_fashion_idx(no_sets / "fm", gz=gz)
    spec = DataSpec(name="fashion_mnist", path=str(folder), validation_split=0.25)
    data = load_dataset(spec, allow_download=False)
    assert data.input_shape == (28, 28, 1)
    assert (data.n_train, len(data.x_val), len(data.x_test)) == (45, 15, 20)
    assert data.class_names[0] == "T-shirt/top" and data.class_names[9] == "Ankle boot"
    assert data.x_train.dtype == np.float32 and 0 <= data.x_train.min() < data.x_train.max() <= 1
    x_train, y_train = bar_images(60, 28, 1, seed=1)
    np.testing.assert_array_equal(data.y_train, y_train[:45])
    np.testing.assert_allclose(data.x_train[3], x_train[3] / 255.0, atol=1e-6)


def test_fashion_reads_an_npz_and_the_env_var(no_sets, monkeypatch):
    path = write_fashion_npz(no_sets / "fashion.npz")
    monkeypatch.setenv(image_sets.FASHION_ENV_VAR, str(path))
    assert find_image_set("fashion_mnist") == str(path)
    x_train, y_train, x_test, _, names = load_image_arrays(
        DataSpec(name="fashion_mnist"), allow_download=False
    )
    assert x_train.shape == (60, 28, 28, 1) and x_test.shape == (20, 28, 28, 1)
    assert len(names) == 10


def test_fashion_search_order_keras_cache_then_debian(no_sets, monkeypatch):
    debian = write_fashion_idx(no_sets / "debian")
    monkeypatch.setattr(image_sets, "FASHION_DEBIAN", debian)
    assert find_image_set("fashion_mnist") == str(debian)
    cache = write_fashion_idx(no_sets / "home" / ".keras" / "datasets" / "fashion-mnist")
    assert find_image_set("fashion_mnist") == str(cache)
    assert load_dataset(DataSpec(name="fashion_mnist"), allow_download=False).n_classes == 10


def test_fashion_not_found_lists_every_place_and_the_fix(no_sets):
    assert find_image_set("fashion_mnist") is None
    with pytest.raises(ImageSetError) as err:
        load_dataset(DataSpec(name="fashion_mnist"), allow_download=False)
    text = str(err.value)
    assert text.startswith("Fashion-MNIST not found")
    assert "fashion-mnist: not found" in text and "no-debian: not found" in text
    assert "not allowed here" in text and "dataset-fashion-mnist" in text


def test_fashion_bad_explicit_path_names_it(no_sets):
    with pytest.raises(MnistError, match="Fashion-MNIST path .*missing.* does not exist"):
        load_dataset(DataSpec(name="fashion_mnist", path=str(no_sets / "missing")))
    empty = no_sets / "empty"
    empty.mkdir()
    with pytest.raises(ImageSetError, match="holds neither fashion_mnist.npz nor the IDX"):
        load_dataset(DataSpec(name="fashion_mnist", path=str(empty)))


# ----- CIFAR-10 -----------------------------------------------------------------------------
def test_cifar_batches_folder_is_channels_last(no_sets):
    folder = write_cifar_folder(no_sets / "cifar-10-batches-py")
    data = load_dataset(
        DataSpec(name="cifar10", path=str(folder), validation_split=0.0), allow_download=False
    )
    x_train, y_train, x_test, y_test = cifar_arrays()
    assert data.input_shape == (32, 32, 3) and data.n_train == 50 and len(data.x_test) == 20
    np.testing.assert_array_equal(data.y_train, y_train)
    np.testing.assert_array_equal(np.round(data.x_test * 255).astype(np.uint8), x_test)
    assert data.class_names[0] == "airplane" and data.class_names[9] == "truck"


def test_cifar_tarball_npz_parent_folder_and_keras_cache(no_sets):
    x_train, y_train, x_test, y_test = cifar_arrays()
    tarball = write_cifar_tarball(no_sets / "cifar-10-python.tar.gz")
    got = load_image_arrays(DataSpec(name="cifar10", path=str(tarball)), allow_download=False)
    np.testing.assert_array_equal(got[0], x_train)
    npz = no_sets / "c.npz"
    np.savez(npz, x_train=x_train, y_train=y_train[:, None], x_test=x_test, y_test=y_test)
    got = load_image_arrays(DataSpec(name="cifar10", path=str(npz)), allow_download=False)
    np.testing.assert_array_equal(got[1], y_train)  # Keras's (n, 1) labels flattened
    cache = no_sets / "home" / ".keras" / "datasets"
    write_cifar_folder(cache / "cifar-10-batches-py")
    got = load_image_arrays(DataSpec(name="cifar10", path=str(cache)), allow_download=False)
    np.testing.assert_array_equal(got[2], x_test)
    assert find_image_set("cifar10") == str(cache / "cifar-10-batches-py")
    got = load_image_arrays(DataSpec(name="cifar10"), allow_download=False)
    np.testing.assert_array_equal(got[3], y_test)


class _Evil:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize("protocol", [2, 4])
def test_cifar_refuses_a_pickle_that_would_run_code(no_sets, protocol):
    folder = write_cifar_folder(no_sets / "batches")
    marker = no_sets / "pwned"
    evil = {b"data": _Evil(marker), b"labels": [0]}
    (folder / "data_batch_3").write_bytes(pickle.dumps(evil, protocol=protocol))
    with pytest.raises(ImageSetError, match=r"data_batch_3.*(posix|os|nt)\.system.*refused"):
        load_dataset(DataSpec(name="cifar10", path=str(folder)), allow_download=False)
    assert not marker.exists()
    raw = pickle.dumps({b"data": eval, b"labels": []}, protocol=protocol)
    with pytest.raises(ImageSetError, match=r"(builtins|__builtin__)\.eval.*refused"):
        cifar.unpickle_batch(raw, "evil")


def test_cifar_wrong_batches_are_named(no_sets):
    folder = write_cifar_folder(no_sets / "batches")
    (folder / "test_batch").unlink()
    with pytest.raises(ImageSetError, match="lacks the CIFAR-10 batch file.*test_batch"):
        load_dataset(DataSpec(name="cifar10", path=str(folder)), allow_download=False)
    x, y = bar_images(4, 28, 3)
    with pytest.raises(ImageSetError, match=r"shape \(4, 2352\), expected \(n, 3072\)"):
        cifar.unpickle_batch(pickle.dumps({b"data": x.reshape(4, -1), b"labels": y}), "b")
    x, y = bar_images(4, 32, 3)
    bad = cifar_batch(x, np.array([0, 1, 2, 12]))
    with pytest.raises(ImageSetError, match="labels must be whole numbers 0..9"):
        cifar.unpickle_batch(bad, "b")
    (no_sets / "broken.tar.gz").write_bytes(b"\x1f\x8b not really")
    with pytest.raises(ImageSetError, match="broken.tar.gz is not a readable CIFAR-10 tarball"):
        load_image_arrays(DataSpec(name="cifar10", path=str(no_sets / "broken.tar.gz")))


def test_cifar_not_found_never_downloads(no_sets):
    with pytest.raises(ImageSetError, match="(?s)CIFAR-10 not found.*not allowed here"):
        load_dataset(DataSpec(name="cifar10"), allow_download=False)


# ----- image folder -------------------------------------------------------------------------
def _add_bad_files(root: Path) -> None:
    (root / "square" / "notes.txt").write_text("not a picture")
    (root / "square" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    (root / "circle" / "empty.jpg").write_bytes(b"")
    (root / "README.md").write_text("at the top")
    (root / "circle" / ".DS_Store").write_bytes(b"hidden")


def test_folder_scan_reports_classes_counts_size_colour_and_skips(tmp_path):
    root = write_image_folder(tmp_path / "pics")
    _add_bad_files(root)
    scan = scan_image_folder(root)
    assert scan.classes == ["circle", "square"]
    assert scan.counts == {"circle": 6, "square": 6}
    assert scan.size == (24, 24)  # the most common size (8 of the 12 pictures)
    assert scan.channels == 3  # "square" is red
    skipped = dict(scan.skipped)
    assert set(skipped) == {
        "README.md",
        "square/notes.txt",
        "square/broken.png",
        "circle/empty.jpg",
    }
    assert skipped["README.md"] == "not in a class sub-folder"
    assert skipped["circle/empty.jpg"] == "empty file"
    assert skipped["square/notes.txt"].startswith("not a picture file (.png")
    assert skipped["square/broken.png"].startswith("unreadable")


def test_folder_colour_modes_and_size(tmp_path):
    grey = write_image_folder(tmp_path / "grey", colour=False)
    assert scan_image_folder(grey).channels == 1  # auto: no picture has colour
    assert scan_image_folder(grey, color_mode="rgb").channels == 3
    colour = write_image_folder(tmp_path / "colour")
    assert scan_image_folder(colour, image_size=16, color_mode="grayscale").size == (16, 16)
    spec = DataSpec(name="folder", path=str(colour), image_size=16, color_mode="grayscale")
    x_train, _, x_test, _, names = load_image_arrays(spec)
    assert x_train.shape[1:] == (16, 16, 1) and names == ["circle", "square"]


def test_folder_dataset_is_stratified_and_flows_through_an_mlp(tmp_path):
    root = write_image_folder(tmp_path / "pics", per_class=10)
    spec = DataSpec(name="folder", path=str(root), test_split=0.2, validation_split=0.25)
    data = load_dataset(spec)
    assert data.name == "folder" and data.is_image and data.class_names == ["circle", "square"]
    assert data.input_shape == (24, 24, 3) and data.n_classes == 2
    assert np.bincount(data.y_test).tolist() == [2, 2]  # 20 % of each class
    assert data.n_train + len(data.x_val) == 16
    again = load_dataset(spec)
    np.testing.assert_array_equal(again.y_train, data.y_train)  # the seed fixes the split
    exp = Experiment(data=spec, layers=[LayerSpec(units=8, activation="relu")])
    exp.training.epochs = 1
    trainer = Trainer(exp, data)
    assert trainer.x_train.shape == (data.n_train, 24 * 24 * 3)  # flattened for the MLP
    trainer.step()
    assert 0.0 <= trainer.test_metrics()[1] <= 1.0


def test_stratified_split_keeps_a_picture_each_side():
    labels = np.array([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    train, test = stratified_split(labels, 0.2, seed=3)
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(12))
    assert np.bincount(labels[test]).tolist() == [1, 2]
    assert np.bincount(labels[train]).tolist() == [1, 8]


def test_folder_refusals_name_the_folder_and_the_fix(tmp_path):
    with pytest.raises(ImageSetError, match="missing does not exist or is not a folder"):
        scan_image_folder(tmp_path / "missing")
    one = tmp_path / "one"
    write_image_folder(one)
    import shutil

    shutil.rmtree(one / "square")
    with pytest.raises(ImageSetError, match=r"has 1 class sub-folder\(s\) \(circle\); it needs"):
        scan_image_folder(one)
    bad = tmp_path / "bad"
    (bad / "a").mkdir(parents=True)
    (bad / "b").mkdir()
    (bad / "a" / "x.png").write_bytes(b"garbage")
    (bad / "b" / "y.txt").write_text("text")
    with pytest.raises(ImageSetError, match="bad has no readable pictures.*2 file"):
        scan_image_folder(bad)
    pics = write_image_folder(tmp_path / "pics")
    (pics / "empty_class").mkdir()
    with pytest.raises(ImageSetError, match="empty_class hold no readable pictures"):
        scan_image_folder(pics)
    (pics / "empty_class" / "only.png").write_bytes((pics / "circle" / "circle_1.png").read_bytes())
    with pytest.raises(ImageSetError, match="empty_class have only 1 readable picture"):
        scan_image_folder(pics)


def test_folder_reports_progress_and_can_be_cancelled(tmp_path):
    root = write_image_folder(tmp_path / "pics")
    seen = []
    spec = DataSpec(name="folder", path=str(root))
    load_dataset(spec, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (24, 24) and all(t == 24 for _, t in seen)  # scan 12, then read 12
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    with pytest.raises(LoadCancelled):
        load_dataset(spec, cancelled=lambda: True)


def test_folder_spec_needs_a_path():
    from engine.experiment.spec import SpecError

    with pytest.raises(SpecError, match="data.path must name a folder"):
        load_dataset(DataSpec(name="folder"))


# ----- what the help texts say about the sets -----------------------------------------------
def _explanation(key: str) -> str:
    import json

    path = Path(__file__).resolve().parents[1] / "resources" / "explanations.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    return (table["panels"].get(key) or table["controls"][key])["what"]


def test_the_help_states_the_sets_shapes_and_sizes():
    what = _explanation("imageSource")
    assert image_sets.image_set("fashion_mnist").shape == (28, 28, 1)  # "28×28 grey pixels"
    assert image_sets.image_set("cifar10").shape == (32, 32, 3)  # "32×32 pixels", colour
    assert "28×28 grey" in what and "colour photos of 32×32" in what
    if not image_sets.FASHION_DEBIAN.is_dir():
        pytest.skip("Debian's dataset-fashion-mnist is not installed: counts not checked")
    from engine.data.mnist import read_idx_folder

    x_train, _, x_test, _ = read_idx_folder(image_sets.FASHION_DEBIAN)
    assert (len(x_train), len(x_test)) == (60_000, 10_000)  # "60,000 training and 10,000 test"
    assert "Fashion-MNIST (70,000 grey pictures" in _explanation("datasetPicker")


def test_the_folder_help_names_the_extensions_and_stretches_pictures(tmp_path):
    from PIL import Image

    from engine.data.image_folder import EXTENSIONS

    what = _explanation("chooseImageFolder")
    assert ".png, .jpg, .jpeg, .bmp and .gif" in what
    assert tuple(e.strip(",") for e in what.split(": ")[1].split(" files")[0].split()
                 if e.startswith(".")) == EXTENSIONS  # fmt: skip
    root = tmp_path / "wide"
    for name in ("a", "b"):  # a wide picture, red left half and blue right half
        (root / name).mkdir(parents=True)
        wide = np.zeros((10, 40, 3), np.uint8)
        wide[:, :20] = (255, 0, 0)
        wide[:, 20:] = (0, 0, 255)
        for i in range(2):
            Image.fromarray(wide).save(root / name / f"{i}.png")
    x_train, *_ = load_image_arrays(DataSpec(name="folder", path=str(root)))
    picture = x_train[0]
    assert picture.shape == (40, 40, 3)  # the longer side, square
    assert picture[20, 2, 0] > 200 and picture[20, 37, 2] > 200  # stretched: both halves kept
