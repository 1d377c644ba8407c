"""The Playground clouds' geometry, splitting, features, gates, CSV files and thumbnails."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.data.datasets import (
    DataError,
    Dataset,
    add_point,
    circle,
    gaussian,
    load_csv_points,
    load_dataset,
    moons,
    spiral,
    xor,
)
from engine.data.features import FEATURE_FUNCS, feature_matrix, grid_points
from engine.experiment.spec import DATASETS, DATASETS_2D, FEATURES, DataSpec, Experiment, SpecError
from engine.introspection.thumbnails import dataset_thumbnail


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def all_points(ds: Dataset) -> tuple[np.ndarray, np.ndarray]:
    return (
        np.concatenate([ds.x_train, ds.x_val, ds.x_test]),
        np.concatenate([ds.y_train, ds.y_val, ds.y_test]),
    )


# ----- cloud geometry -----------------------------------------------------------------------
@pytest.mark.parametrize("name", DATASETS_2D)
@pytest.mark.parametrize("points", [4, 101, 500])
def test_clouds_counts_and_balance(name: str, points: int) -> None:
    ds = load_dataset(DataSpec(name=name, points=points, noise=0))
    x, y = all_points(ds)
    assert x.shape == (points, 2) and x.dtype == np.float32 and y.dtype == np.int64
    assert ds.kind == "points" and ds.n_classes == 2 and ds.class_names == ["0", "1"]
    if name != "xor":  # xor's labels come from the quadrant, not a fixed half
        counts = np.bincount(y, minlength=2)
        assert abs(counts[0] - counts[1]) <= 1


def test_circle_geometry() -> None:
    x, y = circle(1000, 0.0, rng())
    r = np.hypot(x[:, 0], x[:, 1])
    assert np.all(r[y == 1] < 2.5) and np.all(r[y == 0] > 3.5) and np.all(r <= 5.0)
    assert (y == 1).sum() == 500


def test_circle_noise_flips_labels_not_points() -> None:
    clean_x, clean_y = circle(1000, 0.0, rng())
    noisy_x, noisy_y = circle(1000, 0.5, rng())
    r = np.hypot(noisy_x[:, 0], noisy_x[:, 1])
    assert r.max() <= 5.0  # points stay on their rings...
    assert np.all((r < 2.5) | (r > 3.5))
    flipped = ((r < 2.5) != (noisy_y == 1)).mean()
    assert 0.05 < flipped < 0.5  # ...but some labels disagree with them


def test_xor_geometry() -> None:
    x, y = xor(2000, 0.0, rng())
    assert np.all(np.abs(x) >= 0.3) and np.all(np.abs(x) <= 5.3)
    np.testing.assert_array_equal(y, (x[:, 0] * x[:, 1] >= 0).astype(np.int64))
    counts = np.bincount(y)
    assert abs(counts[0] - counts[1]) < 200
    _, noisy = xor(2000, 0.5, rng())
    assert (noisy != y).mean() > 0.05


def test_gaussian_centres_and_spread() -> None:
    x, y = gaussian(4000, 0.0, rng())
    np.testing.assert_allclose(x[y == 1].mean(axis=0), [2, 2], atol=0.1)
    np.testing.assert_allclose(x[y == 0].mean(axis=0), [-2, -2], atol=0.1)
    np.testing.assert_allclose(x[y == 1].std(axis=0), math.sqrt(0.5), rtol=0.08)
    wide, wy = gaussian(4000, 0.5, rng())
    np.testing.assert_allclose(wide[wy == 1].std(axis=0), 2.0, rtol=0.08)  # variance 4
    mid, my = gaussian(4000, 0.25, rng())
    assert x[y == 1].std() < mid[my == 1].std() < wide[wy == 1].std()


def test_spiral_geometry() -> None:
    x, y = spiral(200, 0.0, rng())
    i = np.arange(100) / 100
    r, t = 5 * i, 1.75 * i * 2 * math.pi
    np.testing.assert_allclose(x[y == 1], np.stack([r * np.sin(t), r * np.cos(t)], 1), atol=1e-5)
    t0 = t + math.pi
    np.testing.assert_allclose(x[y == 0], np.stack([r * np.sin(t0), r * np.cos(t0)], 1), atol=1e-5)
    noisy, _ = spiral(200, 0.5, rng())
    dev = np.abs(noisy - x)
    assert dev.max() <= 0.5 + 1e-6 and dev.mean() > 0.1


def test_moons_geometry() -> None:
    x, y = moons(1000, 0.0, rng())
    assert np.all(np.abs(x[:, 0]) <= 4.5 + 1e-5) and np.all(np.abs(x[:, 1]) <= 2.25 + 1e-5)
    # Upper moon (label 0) is a half circle of radius 3 around (-1.5, -0.75).
    centre = np.array([-1.5, -0.75])
    np.testing.assert_allclose(np.linalg.norm(x[y == 0] - centre, axis=1), 3.0, atol=1e-4)
    assert x[y == 0, 1].mean() > x[y == 1, 1].mean()
    noisy, _ = moons(1000, 0.5, rng())
    assert 0.7 < np.std(noisy - x) < 1.1


@pytest.mark.parametrize("name", DATASETS_2D)
def test_determinism_by_seed(name: str) -> None:
    a = load_dataset(DataSpec(name=name, points=120, noise=25, seed=7, validation_split=0.2))
    b = load_dataset(DataSpec(name=name, points=120, noise=25, seed=7, validation_split=0.2))
    c = load_dataset(DataSpec(name=name, points=120, noise=25, seed=8, validation_split=0.2))
    for field in ("x_train", "y_train", "x_val", "y_val", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.x_train, c.x_train)


@pytest.mark.parametrize(("points", "ratio"), [(500, 50), (500, 10), (500, 90), (101, 30)])
def test_train_ratio(points: int, ratio: float) -> None:
    """train_ratio splits training (train + validation) from test; by default a fifth of the
    training share validates."""
    ds = load_dataset(DataSpec(name="spiral", points=points, train_ratio=ratio))
    n_fit = round(points * ratio / 100)
    assert len(ds.x_val) == int(n_fit * 0.2) and ds.y_val.shape == (len(ds.x_val),)
    assert ds.n_train == n_fit - len(ds.x_val)
    assert len(ds.x_test) == points - n_fit
    none = load_dataset(
        DataSpec(name="spiral", points=points, train_ratio=ratio, validation_split=0)
    )
    assert none.n_train == n_fit and none.x_val.shape == (0, 2) and none.y_val.shape == (0,)
    np.testing.assert_array_equal(none.x_test, ds.x_test)


def test_validation_carved_off_train_end() -> None:
    spec = DataSpec(name="circle", points=200, train_ratio=50, validation_split=0.2)
    ds = load_dataset(spec)
    full = load_dataset(DataSpec(name="circle", points=200, train_ratio=50, validation_split=0))
    assert ds.n_train == 80 and len(ds.x_val) == 20 and len(ds.x_test) == 100
    np.testing.assert_array_equal(np.concatenate([ds.x_train, ds.x_val]), full.x_train)
    np.testing.assert_array_equal(ds.x_test, full.x_test)
    assert ds.n_train == Experiment(data=spec).train_count()


def test_split_is_shuffled() -> None:
    ds = load_dataset(DataSpec(name="gaussian", points=400))
    assert 0.3 < ds.y_train.mean() < 0.7  # not all of one class, as unshuffled data would be


def test_extents() -> None:
    ds = load_dataset(DataSpec(name="xor"))
    assert ds.extent == (-6.0, 6.0, -6.0, 6.0)
    gate = load_dataset(DataSpec(name="gate-and"))
    xmin, xmax, ymin, ymax = gate.extent
    assert xmin < 0 < 1 < xmax and ymin < 0 < 1 < ymax
    assert (xmin + xmax) / 2 == pytest.approx(0.5)


def test_invalid_spec_raises_spec_error() -> None:
    with pytest.raises(SpecError, match="data.noise"):
        load_dataset(DataSpec(name="circle", noise=80))


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(DATASETS_2D),
    points=st.integers(4, 600),
    noise=st.floats(0, 50),
    ratio=st.floats(10, 90),
    split=st.floats(0, 0.5),
    seed=st.integers(0, 2**31 - 1),
)
def test_any_valid_cloud_spec_loads(
    name: str, points: int, noise: float, ratio: float, split: float, seed: int
) -> None:
    spec = DataSpec(
        name=name, points=points, noise=noise, train_ratio=ratio, seed=seed, validation_split=split
    )
    ds = load_dataset(spec)
    x, y = all_points(ds)
    assert x.dtype == np.float32 and np.all(np.isfinite(x)) and len(x) == points
    assert set(np.unique(y)) <= {0, 1}
    assert ds.n_train >= 1 and len(ds.x_test) >= 1


# ----- gates --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "labels"),
    [("gate-or", [0, 1, 1, 1]), ("gate-and", [0, 0, 0, 1]), ("gate-xor", [0, 1, 1, 0])],
)
def test_gates(name: str, labels: list[int]) -> None:
    ds = load_dataset(DataSpec(name=name, validation_split=0.3, train_ratio=10))
    table = [[0, 0], [0, 1], [1, 0], [1, 1]]
    np.testing.assert_array_equal(ds.x_train, table)
    np.testing.assert_array_equal(ds.x_test, table)
    np.testing.assert_array_equal(ds.y_train, labels)
    np.testing.assert_array_equal(ds.y_test, labels)
    assert ds.x_val.shape == (0, 2) and ds.y_val.shape == (0,)
    assert ds.x_train.dtype == np.float32 and ds.y_train.dtype == np.int64


# ----- features and grid --------------------------------------------------------------------
def test_feature_matrix_values() -> None:
    x = np.array([[1.0, 2.0], [-0.5, 3.0]], dtype=np.float32)
    f = feature_matrix(x, list(FEATURES))
    a, b = x[:, 0], x[:, 1]
    expected = np.stack([a, b, a * a, b * b, a * b, np.sin(a), np.sin(b)], axis=1)
    np.testing.assert_allclose(f, expected, rtol=1e-6)
    assert f.dtype == np.float32 and set(FEATURE_FUNCS) == set(FEATURES)
    np.testing.assert_allclose(feature_matrix(x, ["sin_x2", "x1"]), expected[:, [6, 0]])


def test_feature_matrix_errors() -> None:
    with pytest.raises(ValueError, match="unknown feature"):
        feature_matrix(np.zeros((3, 2)), ["x3"])
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        feature_matrix(np.zeros((3, 3)), ["x1"])


def test_grid_points_row_major() -> None:
    pts, xs, ys = grid_points((-1.0, 1.0, 0.0, 4.0), 5)
    assert pts.shape == (25, 2) and pts.dtype == np.float32
    np.testing.assert_allclose(xs, [-1, -0.5, 0, 0.5, 1])
    np.testing.assert_allclose(ys, [0, 1, 2, 3, 4])
    grid = pts.reshape(5, 5, 2)
    np.testing.assert_allclose(grid[2, 3], [xs[3], ys[2]])  # row = y index, col = x index
    square, _, _ = grid_points(6.0, 3)
    np.testing.assert_allclose(square[[0, -1]], [[-6, -6], [6, 6]])


# ----- add_point ----------------------------------------------------------------------------
def test_add_point() -> None:
    ds = load_dataset(DataSpec(name="circle", points=20))
    more = add_point(ds, 1.5, -2.0, 1)
    assert more.n_train == ds.n_train + 1 and ds.n_train == 8  # 10, of which 2 validate
    np.testing.assert_array_equal(more.x_train[-1], [1.5, -2.0])
    assert more.y_train[-1] == 1 and more.y_train.dtype == np.int64
    assert more.x_train.dtype == np.float32
    np.testing.assert_array_equal(more.x_test, ds.x_test)
    with pytest.raises(ValueError, match="label"):
        add_point(ds, 0, 0, 2)
    with pytest.raises(ValueError, match="finite"):
        add_point(ds, math.nan, 0, 0)


# ----- CSV ----------------------------------------------------------------------------------
def write(tmp_path: Path, text: str, name: str = "pts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_header_and_string_labels(tmp_path: Path) -> None:
    path = write(tmp_path, "x,y,label\n0,0,red\n1,1,blue\n\n2,2,red\n3,3,blue\n4,4,green\n")
    x, y, names = load_csv_points(path)
    assert names == ["blue", "green", "red"]
    np.testing.assert_array_equal(y, [2, 0, 2, 0, 1])
    assert x.shape == (5, 2) and x.dtype == np.float32


def test_csv_int_labels_without_header(tmp_path: Path) -> None:
    path = write(tmp_path, "0.5,1,-1\n1,2,1\n2,3,10\n3,4,1\n")
    x, y, names = load_csv_points(path)
    assert names == ["-1", "1", "10"]  # numeric order
    np.testing.assert_array_equal(y, [0, 1, 2, 1])
    np.testing.assert_allclose(x[0], [0.5, 1.0])


def test_csv_through_load_dataset(tmp_path: Path) -> None:
    rows = "".join(f"{i},{i % 7},{i % 2}\n" for i in range(50))
    path = write(tmp_path, "x,y,label\n" + rows)
    ds = load_dataset(DataSpec(name="csv", path=str(path), train_ratio=60, seed=3))
    assert ds.n_train == 24 and len(ds.x_val) == 6 and len(ds.x_test) == 20 and ds.n_classes == 2
    x, _ = all_points(ds)
    assert sorted(x[:, 0].tolist()) == list(range(50))
    xmin, xmax, ymin, ymax = ds.extent
    assert xmin < 0 and xmax > 49 and ymin < 0 and ymax > 6
    again = load_dataset(DataSpec(name="csv", path=str(path), train_ratio=60, seed=3))
    np.testing.assert_array_equal(ds.x_train, again.x_train)


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("0,0,a\n1,1\n2,2,a\n3,3,b\n", r"line 2: expected 3 columns"),
        ("x,y,l\n0,0,a\n1,oops,b\n2,2,a\n3,3,b\n", r"line 3: coordinates must be numbers"),
        ("0,0,a\n1,nan,b\n2,2,a\n3,3,b\n", r"line 2: coordinates must be finite"),
        ("0,0,a\n1,1,b\n2,inf,a\n3,3,b\n", r"line 3: coordinates must be finite"),
        ("0,0,a\n1,1,b\n2,2,a\n", r"at least 4 data rows"),
        ("0,0,a\n1,1,a\n2,2,a\n3,3,a\n", r"two classes"),
        ("", r"at least 4 data rows"),
    ],
)
def test_csv_errors_name_file_and_line(tmp_path: Path, text: str, pattern: str) -> None:
    path = write(tmp_path, text, "bad_points.csv")
    with pytest.raises(DataError, match=pattern) as err:
        load_csv_points(path)
    assert "bad_points.csv" in str(err.value)


def test_csv_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found") as err:
        load_dataset(DataSpec(name="csv", path=str(tmp_path / "gone.csv")))
    assert "gone.csv" in str(err.value)
    assert isinstance(err.value, ValueError)


# ----- thumbnails ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", DATASETS)
def test_thumbnails(name: str) -> None:
    img = dataset_thumbnail(name, size=40)
    assert img.shape == (40, 40, 3) and img.dtype == np.uint8
    assert len(np.unique(img.reshape(-1, 3), axis=0)) >= 2
    img[0, 0] = 1  # a copy: callers may draw on it


@pytest.mark.parametrize("name", [*DATASETS_2D, "gate-xor"])
def test_thumbnail_colours(name: str) -> None:
    colours = {tuple(c) for c in dataset_thumbnail(name).reshape(-1, 3)}
    assert colours == {(255, 255, 255), (0xF5, 0x93, 0x22), (0x08, 0x77, 0xBD)}


def test_thumbnail_gate_layout() -> None:
    img = dataset_thumbnail("gate-and", size=48)
    # (1, 1) is top right (y up) and the only blue point; (0, 0) bottom left is orange.
    assert tuple(img[12, 35]) == (0x08, 0x77, 0xBD)
    assert tuple(img[35, 12]) == (0xF5, 0x93, 0x22)
    with pytest.raises(ValueError):
        dataset_thumbnail("nope")


# ----- hostile CSV files ---------------------------------------------------------------------
def test_a_coordinate_that_overflows_float32_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "x,y,label\n0,0,0\n1,1,1\n2,2,0\n1e39,3,1\n", "huge.csv")
    with pytest.raises(DataError, match=r"huge\.csv, line 5: coordinates must be finite"):
        load_csv_points(path)


def test_a_csv_with_too_many_rows_is_refused_with_the_limit(tmp_path: Path) -> None:
    from engine.data.datasets import MAX_CSV_ROWS

    rows = "\n".join(f"{i % 7},{i % 5},{i % 2}" for i in range(2 * MAX_CSV_ROWS + 5))
    path = write(tmp_path, rows, "million.csv")
    with pytest.raises(DataError, match=rf"million\.csv: .*limited to {MAX_CSV_ROWS:,} rows"):
        load_csv_points(path)


def test_a_big_but_allowed_csv_loads_every_row(tmp_path: Path) -> None:
    n = 20_000
    rows = "x,y,label\n" + "\n".join(f"{i / n:.4f},{(i % 13) / 13:.4f},c{i % 3}" for i in range(n))
    x, y, names = load_csv_points(write(tmp_path, rows, "many.csv"))
    assert x.shape == (n, 2) and x.dtype == np.float32
    assert names == ["c0", "c1", "c2"] and np.bincount(y).tolist() == [6667, 6667, 6666]
