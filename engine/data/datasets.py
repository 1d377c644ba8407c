"""Every dataset the app trains on, as plain numpy arrays: TensorFlow Playground's 2-D clouds
and its two regression problems (plane, multi-Gaussian), logic gates, a user's CSV of points,
and the image sets (MNIST, Fashion-MNIST, CIFAR-10 and a folder of the user's own pictures,
read by engine.data.image_sets).

The clouds copy Playground's src/dataset.ts geometry, so lessons written for Playground carry
over; Playground's labels -1/+1 become 0/1 here (1 = Playground's +1, drawn blue). Everything
is deterministic given the spec's seed, so an experiment file reproduces its data exactly.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from engine.data.errors import LoadCancelled
from engine.data.features import Extent
from engine.experiment.spec import DATASETS_2D, GATES, REGRESSION_DATASETS, DataSpec, task_of
from engine.messages import Text

if TYPE_CHECKING:
    from engine.data.image_folder import FolderScan

CLOUD_EXTENT = 6.0  # Playground plots its clouds on [-6, 6]^2
GATE_EXTENT = (-1.0, 2.0, -1.0, 2.0)  # 1.5 either side of the truth table's centre 0.5
GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
GATE_LABELS = {
    "gate-or": [0, 1, 1, 1],
    "gate-and": [0, 0, 0, 1],
    "gate-xor": [0, 1, 1, 0],
}
ORANGE = (0xF5, 0x93, 0x22)  # Playground's colour for class 0 (its -1)
BLUE = (0x08, 0x77, 0xBD)  # Playground's colour for class 1 (its +1)


class DataError(ValueError):
    """A data file is unusable; the message names the file and, where it can, the line."""


@dataclass
class Dataset:
    """Train/validation/test arrays plus what the GUI needs to draw them.

    Validation rows are carved off the training data (`DataSpec.validation_split`); the test
    set is used only to score the finished network.

    Points are raw (n, 2) coordinates (features are expanded later by `feature_matrix`, so the
    GUI can plot the originals); images are float32 (n, height, width, channels) in [0, 1],
    one channel grey or three colour: (28, 28, 1) for MNIST and Fashion-MNIST, (32, 32, 3) for
    CIFAR-10, a folder's as read. Labels are int64 0..k-1, except for a regression data set
    (`task` "regression"), whose targets are float32 numbers and which has one output
    (n_classes 1) and no class names.
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int
    class_names: list[str]
    kind: str  # "points" or "image"
    # an image folder's scan: its class counts and the files it skipped, for the GUI's and the
    # CLI's report; None for every other data set
    folder_scan: FolderScan | None = None

    @property
    def n_train(self) -> int:
        return len(self.x_train)

    @property
    def is_image(self) -> bool:
        return self.kind == "image"

    @property
    def task(self) -> str:
        """The task, "classification" or "regression", as the spec declares it (task_of)."""
        return task_of(self.name)

    @property
    def input_shape(self) -> tuple[int, ...]:
        """Shape of one raw input: (2,) for points, (height, width, channels) for images."""
        return tuple(self.x_train.shape[1:])

    @property
    def extent(self) -> Extent:
        """(xmin, xmax, ymin, ymax) of the plotting square; the pixel frame for images."""
        if self.is_image:
            h, w = self.input_shape[:2]
            return (0.0, float(w), 0.0, float(h))
        if self.name in DATASETS_2D or self.name in REGRESSION_DATASETS:
            return (-CLOUD_EXTENT, CLOUD_EXTENT, -CLOUD_EXTENT, CLOUD_EXTENT)
        if self.name in GATES:
            return GATE_EXTENT
        return _fit_extent(np.concatenate([self.x_train, self.x_val, self.x_test]))


def _fit_extent(points: np.ndarray) -> Extent:
    """A square around the points with a 10% margin, so CSV data of any scale fills the plot."""
    if len(points) == 0:
        return (-CLOUD_EXTENT, CLOUD_EXTENT, -CLOUD_EXTENT, CLOUD_EXTENT)
    lo, hi = points.min(axis=0).astype(float), points.max(axis=0).astype(float)
    cx, cy = (lo + hi) / 2
    half = max(float((hi - lo).max()) / 2 * 1.1, 1e-3)
    return (cx - half, cx + half, cy - half, cy + half)


# ----- entry point --------------------------------------------------------------------------
def load_dataset(
    spec: DataSpec,
    *,
    allow_download: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Dataset:
    """Build the dataset a spec describes (raises SpecError, DataError or ImageSetError, of
    which MnistError is one).

    An image set not found on disk is downloaded through keras.datasets unless
    `allow_download` is False; `progress(done, total)` and `cancelled()` reach the readers that
    take long (an image folder, CIFAR-10's batches), which raise LoadCancelled when asked."""
    spec.validate()
    if spec.is_image:
        return _image_dataset(spec, allow_download, progress, cancelled)
    if spec.name in GATES:
        dataset = _gate_dataset(spec.name)
    else:
        rng = np.random.default_rng(spec.seed)
        if spec.name == "csv":
            x, y, class_names = load_csv_points(spec.path or "")
        elif spec.name in REGRESSION_GENERATORS:
            x, y = REGRESSION_GENERATORS[spec.name](spec.points, spec.noise / 100, rng)
            class_names = []  # a number per point: one output, no classes
        else:
            x, y = CLOUD_GENERATORS[spec.name](spec.points, spec.noise / 100, rng)
            class_names = ["0", "1"]
        dataset = _split_points(spec, x, y, class_names, rng)
    for px, py, label in spec.added_points:  # the user's clicks are part of the experiment
        if label >= dataset.n_classes:
            raise DataError(
                Text(
                    "an added point has class {label}, but {dataset} has only {n} classes",
                    label=int(label),
                    dataset=spec.name,
                    n=dataset.n_classes,
                )
            )
        dataset = add_point(dataset, px, py, int(label))
    return dataset


def _split_points(
    spec: DataSpec, x: np.ndarray, y: np.ndarray, class_names: list[str], rng: np.random.Generator
) -> Dataset:
    """Shuffle, take train_ratio percent for training (>= 1, leaving >= 1 for testing), then
    carve validation_split of the training rows off its end."""
    n = len(x)
    order = rng.permutation(n)
    target = np.float32 if task_of(spec.name) == "regression" else np.int64
    x, y = x[order].astype(np.float32), y[order].astype(target)
    n_fit = min(max(1, round(n * spec.train_ratio / 100)), n - 1)
    n_val = min(int(n_fit * spec.validation_split), n_fit - 1)
    n_train = n_fit - n_val
    return Dataset(
        name=spec.name,
        x_train=x[:n_train],
        y_train=y[:n_train],
        x_val=x[n_train:n_fit],
        y_val=y[n_train:n_fit],
        x_test=x[n_fit:],
        y_test=y[n_fit:],
        n_classes=max(len(class_names), 1),  # regression: one output value
        class_names=list(class_names),
        kind="points",
    )


# ----- Playground clouds --------------------------------------------------------------------
# Each takes (points, noise in 0..0.5, rng) and returns (x float32 (n, 2), y int64 (n,)).
# Class sizes are n//2 and n - n//2 so the total is exactly `points`.
def _halves(n: int) -> tuple[int, int]:
    return n - n // 2, n // 2


def circle(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Inside r < 2.5 (label 1) vs a ring 3.5..5 (label 0); noise only flips labels."""
    radius = 5.0
    n_in, n_out = _halves(n)
    r = np.concatenate(
        [rng.uniform(0, radius * 0.5, n_in), rng.uniform(radius * 0.7, radius, n_out)]
    )
    angle = rng.uniform(0, 2 * math.pi, n)
    x = np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1)
    shifted = x + rng.uniform(-radius, radius, (n, 2)) * noise
    y = (np.hypot(shifted[:, 0], shifted[:, 1]) < radius * 0.5).astype(np.int64)
    return x.astype(np.float32), y


def xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Quadrants, pushed 0.3 off the axes; label 1 where x*y >= 0 after label noise."""
    x = rng.uniform(-5, 5, (n, 2))
    x += np.where(x > 0, 0.3, -0.3)
    shifted = x + rng.uniform(-5, 5, (n, 2)) * noise
    y = (shifted[:, 0] * shifted[:, 1] >= 0).astype(np.int64)
    return x.astype(np.float32), y


def gaussian(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Blobs at (2, 2) (label 1) and (-2, -2) (label 0); variance 0.5 -> 4 as noise 0 -> 0.5."""
    variance = 0.5 + (4 - 0.5) * noise / 0.5
    n_pos, n_neg = _halves(n)
    centres = np.concatenate([np.full((n_pos, 2), 2.0), np.full((n_neg, 2), -2.0)])
    x = centres + math.sqrt(variance) * rng.standard_normal((n, 2))
    y = np.concatenate([np.ones(n_pos, np.int64), np.zeros(n_neg, np.int64)])
    return x.astype(np.float32), y


def spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two arms, 1.75 turns out to r = 5; label 1's arm starts at angle 0, label 0's at pi."""
    xs, ys = [], []
    for count, delta, label in ((n - n // 2, 0.0, 1), (n // 2, math.pi, 0)):
        i = np.arange(count) / count
        r = 5 * i
        t = 1.75 * i * 2 * math.pi + delta
        arm = np.stack([r * np.sin(t), r * np.cos(t)], axis=1)
        xs.append(arm + rng.uniform(-1, 1, (count, 2)) * noise)
        ys.append(np.full(count, label, np.int64))
    return np.concatenate(xs).astype(np.float32), np.concatenate(ys)


def moons(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """sklearn's make_moons scaled by 3 and centred (fits [-4.5, 4.5] x [-2.25, 2.25]).

    Label 0 is the upper moon, label 1 the lower, as in sklearn. Gaussian noise with
    std 1.8 * noise: at the maximum 0.5 (std 0.9) the moons overlap but stay learnable.
    """
    n_up, n_down = n - n // 2, n // 2
    t_up, t_down = rng.uniform(0, math.pi, n_up), rng.uniform(0, math.pi, n_down)
    up = np.stack([np.cos(t_up), np.sin(t_up)], axis=1)
    down = np.stack([1 - np.cos(t_down), 0.5 - np.sin(t_down)], axis=1)
    x = (np.concatenate([up, down]) - [0.5, 0.25]) * 3.0
    x += rng.standard_normal((n, 2)) * (1.8 * noise)
    y = np.concatenate([np.zeros(n_up, np.int64), np.ones(n_down, np.int64)])
    return x.astype(np.float32), y


Generator = Callable[[int, float, np.random.Generator], tuple[np.ndarray, np.ndarray]]
CLOUD_GENERATORS: dict[str, Generator] = {
    "circle": circle,
    "xor": xor,
    "gaussian": gaussian,
    "spiral": spiral,
    "moons": moons,
}


# ----- Playground regression ---------------------------------------------------------------
# Each takes (points, noise in 0..0.5, rng) and returns (x float32 (n, 2), target float32 (n,)).
# As in Playground, x and y are uniform on [-6, 6] and noise moves the place where the target is
# read (x + U(-6, 6) * noise), never the point itself.
REGRESSION_RADIUS = 6.0
# (centre x, centre y, sign) of Playground's six cones, in its order
GAUSSIAN_CONES = (
    (-4, 2.5, 1),
    (0, 2.5, -1),
    (4, 2.5, 1),
    (-4, -2.5, -1),
    (0, -2.5, 1),
    (4, -2.5, -1),
)
CONE_RADIUS = 2.0  # a cone falls linearly from 1 at its centre to 0 at this distance


def _regression_points(
    n: int, noise: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(points, where their targets are read): uniform on [-6, 6]^2, the second shifted by noise."""
    r = REGRESSION_RADIUS
    x = rng.uniform(-r, r, (n, 2))
    return x, x + rng.uniform(-r, r, (n, 2)) * noise


def plane_value(p: np.ndarray) -> np.ndarray:
    """(x + y) / 10: Playground maps x + y in [-10, 10] linearly onto [-1, 1] (unclamped, so
    the corners of [-6, 6]^2 reach +-1.2)."""
    p = np.asarray(p, dtype=np.float64)
    return (p[:, 0] + p[:, 1]) / 10.0


def plane(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Playground's regressPlane: target (x + y) / 10, a tilted plane a linear model fits."""
    x, read = _regression_points(n, noise, rng)
    return x.astype(np.float32), plane_value(read).astype(np.float32)


def multi_gaussian_value(p: np.ndarray) -> np.ndarray:
    """Playground's regressGaussian target: each cone is sign * clip(1 - d / 2, 0, 1) at distance
    d from its centre, and a point takes the cone value largest in size (the first such cone on
    a tie; 0 away from every cone). With centres 4 or more apart the cones do not overlap."""
    p = np.asarray(p, dtype=np.float64)
    cones = np.array(GAUSSIAN_CONES, dtype=np.float64)
    d = np.hypot(p[:, None, 0] - cones[:, 0], p[:, None, 1] - cones[:, 1])
    values = cones[:, 2] * np.clip(1.0 - d / CONE_RADIUS, 0.0, 1.0)
    best = np.abs(values).argmax(axis=1)
    return values[np.arange(len(p)), best]


def multi_gaussian(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Playground's regressGaussian: six cones of height +1 or -1 at fixed centres, in two rows
    of three with alternating signs; needs a hidden layer (no plane fits it)."""
    x, read = _regression_points(n, noise, rng)
    return x.astype(np.float32), multi_gaussian_value(read).astype(np.float32)


REGRESSION_GENERATORS: dict[str, Generator] = {
    "plane": plane,
    "multi-gaussian": multi_gaussian,
}


# ----- gates --------------------------------------------------------------------------------
def _gate_dataset(name: str) -> Dataset:
    """The whole truth table is both train and test: there is nothing to hold out, so no
    validation rows either (the trainer validates on the training rows, never the test set)."""
    y = np.array(GATE_LABELS[name], dtype=np.int64)
    return Dataset(
        name=name,
        x_train=GATE_INPUTS.copy(),
        y_train=y.copy(),
        x_val=np.zeros((0, 2), np.float32),
        y_val=np.zeros(0, np.int64),
        x_test=GATE_INPUTS.copy(),
        y_test=y.copy(),
        n_classes=2,
        class_names=["0", "1"],
        kind="points",
    )


# ----- CSV ----------------------------------------------------------------------------------
MAX_CSV_BYTES = 20_000_000  # about 500,000 rows: far more than a 2-D plot can show
MAX_CSV_ROWS = 100_000  # as many points as the generated data sets offer (data.points)
MAX_COORDINATE = 1e6  # the boundary is drawn over the points' extent; scale bigger data down


CsvPoints = tuple[np.ndarray, np.ndarray, list[str]]
_parsed: dict[tuple[str, int, int], CsvPoints] = {}  # (path, size, mtime) -> points; the last few
_PARSED_KEPT = 4
PROGRESS_ROWS = 20_000  # rows between progress reports while splitting


def load_csv_points(
    path: str | Path,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CsvPoints:
    """Read `x, y, label` rows (optional header). Integer labels sort numerically, any other
    labels as strings; either way they become 0..k-1 and the originals are the class names.

    Parsed once and vectorised: the csv module splits the rows, NumPy converts the numbers; a
    row-by-row scan runs only to name the line of an error. The result is kept for the file as
    it is on disk, so the window's check on import and its rebuild read it once.
    `progress(fraction)` is called while splitting and `cancelled()` asked, so a background
    load can show a bar and stop (LoadCancelled) when asked.
    """
    path = Path(path)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = None
    if key is not None and key in _parsed:
        x, y, names = _parsed[key]
        return x.copy(), y.copy(), list(names)
    points = _parse_csv_points(path, progress, cancelled)
    if key is not None:
        while len(_parsed) >= _PARSED_KEPT:
            _parsed.pop(next(iter(_parsed)))
        _parsed[key] = points
    x, y, names = points
    return x.copy(), y.copy(), list(names)


def _parse_csv_points(
    path: Path,
    progress: Callable[[float], None] | None,
    cancelled: Callable[[], bool] | None,
) -> CsvPoints:
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise DataError(
                Text(
                    "{path}: the file is {mb:.0f} MB; CSV points are limited to "
                    "{max_mb} MB ({max_rows:,} rows). Use a sample.",
                    path=path,
                    mb=size / 1e6,
                    max_mb=MAX_CSV_BYTES // 1_000_000,
                    max_rows=MAX_CSV_ROWS,
                )
            )
        text = path.read_text(encoding="utf-8-sig")
        if text.count("\n") > 2 * MAX_CSV_ROWS:  # refuse before parsing (blank lines allowed)
            raise DataError(
                Text(
                    "{path}: {lines:,} lines; CSV points are limited to {max_rows:,} rows. "
                    "Use a sample.",
                    path=path,
                    lines=text.count("\n"),
                    max_rows=MAX_CSV_ROWS,
                )
            )
        rows = []
        total = max(text.count("\n"), 1)
        for row in csv.reader(io.StringIO(text, newline="")):
            rows.append(row)
            if len(rows) % PROGRESS_ROWS == 0:
                if cancelled is not None and cancelled():
                    raise LoadCancelled(str(path))
                if progress is not None:
                    progress(min(len(rows) / total, 1.0) * 0.9)  # the rest: converting
    except FileNotFoundError:
        raise DataError(Text("{path}: file not found", path=path)) from None
    except IsADirectoryError:
        raise DataError(Text("{path}: is a folder; choose a CSV file", path=path)) from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(
            Text("{path}: cannot read as CSV text: {problem}", path=path, problem=exc)
        ) from None

    lines = [i for i, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    if len(lines) > MAX_CSV_ROWS + 1:
        raise DataError(
            Text(
                "{path}: {rows:,} rows; CSV points are limited to {max_rows:,} rows. Use a sample.",
                path=path,
                rows=len(lines),
                max_rows=MAX_CSV_ROWS,
            )
        )
    for i in lines:
        if len(rows[i - 1]) != 3:
            raise DataError(
                Text(
                    "{path}, line {line}: expected 3 columns (x, y, label), got {n}",
                    path=path,
                    line=i,
                    n=len(rows[i - 1]),
                )
            )
    cells = np.array([rows[i - 1] for i in lines], dtype=str).reshape(-1, 3)
    cells = np.char.strip(cells)
    if len(cells) and not (_is_number(cells[0, 0]) and _is_number(cells[0, 1])):
        cells, lines = cells[1:], lines[1:]  # the first non-empty row is a header
    try:
        coords = cells[:, :2].astype(np.float64)
    except ValueError:
        for line, (a, b, _) in zip(lines, cells, strict=True):
            if not (_is_number(a) and _is_number(b)):
                raise DataError(
                    Text(
                        "{path}, line {line}: coordinates must be numbers, got {x}, {y}",
                        path=path,
                        line=line,
                        x=repr(a),
                        y=repr(b),
                    )
                ) from None
        raise
    with np.errstate(over="ignore"):
        as_trained = coords.astype(np.float32)  # what the network sees: 1e39 is inf in float32
    bad = ~np.isfinite(as_trained).all(axis=1) | (np.abs(coords) > MAX_COORDINATE).any(axis=1)
    if bad.any():
        k = int(np.argmax(bad))
        raise DataError(
            Text(
                "{path}, line {line}: coordinates must be finite numbers within "
                "±{limit:g}, got {x}, {y}; scale the data down",
                path=path,
                line=lines[k],
                limit=MAX_COORDINATE,
                x=cells[k, 0],
                y=cells[k, 1],
            )
        )
    empty = cells[:, 2] == ""
    if empty.any():
        raise DataError(
            Text(
                "{path}, line {line}: the label is empty",
                path=path,
                line=lines[int(np.argmax(empty))],
            )
        )
    if len(coords) < 4:
        raise DataError(
            Text(
                "{path}: needs at least 4 data rows (x, y, label), found {n}",
                path=path,
                n=len(coords),
            )
        )
    labels = _canonical_labels(cells[:, 2].tolist())
    class_names = _sort_labels(set(labels))
    if len(class_names) < 2:
        raise DataError(
            Text(
                "{path}: every row has label {label}; a classifier needs two classes",
                path=path,
                label=repr(labels[0]),
            )
        )
    index = {name: i for i, name in enumerate(class_names)}
    y = np.array([index[lab] for lab in labels], dtype=np.int64)
    return as_trained, y, class_names


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _canonical_labels(labels: list[str]) -> list[str]:
    """When every label is an integer, '01' and '1' are one class; otherwise keep the text."""
    try:
        return [str(int(lab)) for lab in labels]
    except ValueError:
        return labels


def _sort_labels(labels: set[str]) -> list[str]:
    """Integers numerically (so -1 < 1 < 10), anything else alphabetically."""
    try:
        return sorted(labels, key=int)
    except ValueError:
        return sorted(labels)


# ----- image sets ---------------------------------------------------------------------------
def _image_dataset(
    spec: DataSpec,
    allow_download: bool,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> Dataset:
    """An image set's fixed train/test split (a folder's stratified one), or the first `limit`
    training images; validation_split of the training images, from their end, validate. No
    shuffling here beyond a folder's split, the trainer shuffles batches."""
    from engine.data.image_sets import load_image_arrays

    scan = None
    if spec.name == "folder":
        from engine.data.image_folder import load_image_folder

        arrays, scan = load_image_folder(spec, progress, cancelled)
    else:
        arrays = load_image_arrays(
            spec, allow_download=allow_download, progress=progress, cancelled=cancelled
        )
    x_train, y_train, x_test, y_test, class_names = arrays
    if spec.limit:
        x_train, y_train = x_train[: spec.limit], y_train[: spec.limit]
    n_val = min(int(len(x_train) * spec.validation_split), len(x_train) - 1)
    n_train = len(x_train) - n_val

    def images(a: np.ndarray) -> np.ndarray:
        out = a.astype(np.float32)
        out /= 255.0
        return out

    x_all = images(x_train)
    return Dataset(
        name=spec.name,
        x_train=x_all[:n_train],
        y_train=y_train[:n_train].astype(np.int64),
        x_val=x_all[n_train:],
        y_val=y_train[n_train:].astype(np.int64),
        x_test=images(x_test),
        y_test=y_test.astype(np.int64),
        n_classes=len(class_names),
        class_names=list(class_names),
        kind="image",
        folder_scan=scan,
    )


def add_point(dataset: Dataset, x: float, y: float, label: int) -> Dataset:
    """A copy of `dataset` with one more training point (click-to-add); the original is kept
    unchanged so an undo or a reset can go back to it."""
    if dataset.is_image:
        raise ValueError(Text("points can only be added to 2-D datasets, not to images"))
    if dataset.task == "regression":
        raise ValueError(
            Text(
                "{dataset} is a regression problem: its points have no class", dataset=dataset.name
            )
        )
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(Text("a point needs finite coordinates, got ({x}, {y})", x=x, y=y))
    if isinstance(label, bool) or not 0 <= int(label) < dataset.n_classes or int(label) != label:
        raise ValueError(f"label must be a class index 0..{dataset.n_classes - 1}, got {label!r}")
    return dataclasses.replace(
        dataset,
        x_train=np.concatenate([dataset.x_train, np.array([[x, y]], np.float32)]),
        y_train=np.concatenate([dataset.y_train, np.array([int(label)], np.int64)]),
        class_names=list(dataset.class_names),
    )
