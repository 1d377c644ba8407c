"""The data half of an exported script, shared by both frameworks: the same points, images and
split as `engine.data.datasets.load_dataset`, then the inputs as the network sees them
(`engine.training.trainer.model_inputs`: features, coordinate scale, flattening, and
standardisation with the training rows' statistics).

The generators of the 2-D sets are copied from the engine with `inspect.getsource`, so the
script draws exactly the engine's points (tests/test_export_python.py compares the arrays).
"""

from __future__ import annotations

import inspect
import textwrap

from engine.data import datasets
from engine.experiment.spec import DATASETS_2D, GATES, REGRESSION_DATASETS, Experiment
from engine.export.code_format import lit

# Which engine functions and constants each generated set needs, in the order they are written.
_GENERATOR_PARTS: dict[str, tuple[str, ...]] = {
    "circle": ("_halves", "circle"),
    "xor": ("xor",),
    "gaussian": ("_halves", "gaussian"),
    "spiral": ("spiral",),
    "moons": ("moons",),
    "plane": ("_regression_points", "plane_value", "plane"),
    "multi-gaussian": ("_regression_points", "multi_gaussian_value", "multi_gaussian"),
}
_GENERATOR_CONSTANTS: dict[str, tuple[str, ...]] = {
    "plane": ("REGRESSION_RADIUS",),
    "multi-gaussian": ("REGRESSION_RADIUS", "GAUSSIAN_CONES", "CONE_RADIUS"),
}
FEATURE_CODE = {  # engine.data.features.FEATURE_FUNCS, written out
    "x1": "x1",
    "x2": "x2",
    "x1^2": "x1 * x1",
    "x2^2": "x2 * x2",
    "x1x2": "x1 * x2",
    "sin_x1": "np.sin(x1)",
    "sin_x2": "np.sin(x2)",
}


def loader(spec: Experiment) -> str:
    """The name of the script's function that returns the six arrays."""
    return "load_data_with_clicks" if spec.data.added_points else "load_data"


def prepare_lines(spec: Experiment) -> list[str]:
    """main()'s first lines: the data, as the network sees it, with a validation set."""
    lines = [
        f"    x_train, y_train, x_val, y_val, x_test, y_test = {loader(spec)}()",
        "    x_train, x_val, x_test = [model_inputs(x) for x in (x_train, x_val, x_test)]",
    ]
    if spec.data.scale == "standardize":
        lines.append("    x_train, x_val, x_test = standardize(x_train, x_val, x_test)")
    lines += [
        "    if len(y_val) == 0:  # nothing held out: validate on the training rows, never the"
        " test",
        "        x_val, y_val = x_train, y_train",
    ]
    return lines


def class_count_lines(spec: Experiment, outputs: str) -> list[str]:
    """main()'s lines that count the classes and the output units."""
    lines = [f"    n_classes = {n_classes(spec)}"] if "n_classes" in outputs else []
    return [*lines, f"    n_outputs = {outputs}"]


def n_classes(spec: Experiment) -> str:
    """The number of classes as the script knows it: a literal, or (CSV) what the file holds."""
    if spec.data.task == "regression":
        return "1"
    if spec.data.name == "csv":
        return "len(CLASS_NAMES)"
    return "10" if spec.data.is_image else "2"


def uses_math(spec: Experiment) -> bool:
    """Whether the data code needs `import math` (the generators that draw angles)."""
    return spec.data.name in ("circle", "gaussian", "spiral", "moons")


def imports(spec: Experiment) -> list[str]:
    """Standard-library modules the data code needs, beyond numpy."""
    names = []
    if spec.data.name == "csv":
        names.append("csv")
    if uses_math(spec):
        names.append("math")
    if spec.data.name == "mnist" and spec.data.path:
        names += ["gzip", "pathlib"]
    return names


def settings(spec: Experiment) -> list[str]:
    """The data's lines of the settings block."""
    d = spec.data
    lines = [f"DATASET = {lit(d.name)}"]
    if d.name in DATASETS_2D or d.name in REGRESSION_DATASETS:
        lines += [
            f"POINTS = {d.points}",
            f"NOISE = {d.noise!r}  # percent, 0-50",
            f"DATA_SEED = {d.seed}",
        ]
    if d.name == "csv":
        lines.append(f"CSV_PATH = {lit(d.path)}")
        lines.append(f"DATA_SEED = {d.seed}")
    if d.name in DATASETS_2D or d.name in REGRESSION_DATASETS or d.name == "csv":
        lines.append(f"TRAIN_RATIO = {d.train_ratio!r}  # percent of the points used to train")
    if d.name == "mnist":
        lines.append(f"MNIST_PATH = {lit(d.path)}  # None: keras.datasets.mnist downloads it")
        lines.append(f"LIMIT = {d.limit}  # use only the first LIMIT training images (0: all)")
    if d.name not in GATES:
        lines.append(
            f"VALIDATION_SPLIT = {d.validation_split!r}  # share of the training rows held out"
        )
    if d.added_points:
        lines.append(f"ADDED_POINTS = {d.added_points!r}  # [x, y, label] clicked in")
    if not d.is_image:
        lines.append(f"FEATURES = {lit(d.features)}")
        if d.input_scale != 1.0:
            lines.append(f"INPUT_SCALE = {d.input_scale!r}  # the network sees x * INPUT_SCALE")
    lines.append(f"SCALE = {lit(d.scale)}  # 'standardize': mean 0, std 1 by the training rows")
    return lines


def functions(spec: Experiment) -> str:
    """The data functions: the generator (or reader), `load_data`, `model_inputs` and, when
    the spec standardises, `standardize`."""
    d = spec.data
    parts: list[str] = []
    if d.name in GATES:
        parts.append(_gate_code(d.name))
    elif d.name == "csv":
        parts.append(_CSV_READER)
        parts.append(_SPLIT)
        parts.append(_CSV_LOAD)
    elif d.name == "mnist":
        parts.append(_MNIST_FILE if d.path else _MNIST_KERAS)
        parts.append(_MNIST_LOAD)
    else:
        parts.append(_generator_code(d.name))
        parts.append(_SPLIT)
        parts.append(_GENERATED_LOAD.format(generator=d.name.replace("-", "_")))
    if d.added_points:
        parts.append(_ADD_POINTS)
    parts.append(_inputs_code(spec))
    if d.scale == "standardize":
        parts.append(_STANDARDIZE_IMAGES if d.is_image else _STANDARDIZE_POINTS)
    return "\n\n\n".join(p.strip("\n") for p in parts) + "\n"


def _generator_code(name: str) -> str:
    lines = [f"# ----- {name}: copied from the app (engine/data/datasets.py) -----"]
    for const in _GENERATOR_CONSTANTS.get(name, ()):
        value = getattr(datasets, const)
        if isinstance(value, tuple) and len(repr(value)) > 80:
            lines += [f"{const} = (", *(f"    {v!r}," for v in value), ")"]
        else:
            lines.append(f"{const} = {value!r}")
    if len(lines) > 1:
        lines.append("")
        lines.append("")
    sources = [
        textwrap.dedent(inspect.getsource(getattr(datasets, f))).strip("\n")
        for f in _GENERATOR_PARTS[name]
    ]
    return "\n".join(lines) + "\n" + "\n\n\n".join(sources)


def _gate_code(name: str) -> str:
    labels = datasets.GATE_LABELS[name]
    return f'''
def load_data():
    """The whole truth table of {name[5:].upper()}: it is both the training and the test set, and
    there is nothing to hold out for validation (validation uses the training rows)."""
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array({labels!r}, dtype=np.int64)
    no_x, no_y = np.zeros((0, 2), np.float32), np.zeros(0, np.int64)
    return x, y, no_x, no_y, x.copy(), y.copy()
'''


_SPLIT = '''
def split(x, y, rng):
    """Shuffle, keep TRAIN_RATIO percent to fit (the last VALIDATION_SPLIT of them validate),
    and test on the rest."""
    n = len(x)
    order = rng.permutation(n)
    target = np.float32 if y.dtype.kind == "f" else np.int64  # a number per point, or a class
    x, y = x[order].astype(np.float32), y[order].astype(target)
    n_fit = min(max(1, round(n * TRAIN_RATIO / 100)), n - 1)
    n_val = min(int(n_fit * VALIDATION_SPLIT), n_fit - 1)
    n_train = n_fit - n_val
    return (
        x[:n_train],
        y[:n_train],
        x[n_train:n_fit],
        y[n_train:n_fit],
        x[n_fit:],
        y[n_fit:],
    )
'''

_ADD_POINTS = '''
def load_data_with_clicks():
    """The data, with the points clicked in on the plot added to the training set."""
    x_train, y_train, x_val, y_val, x_test, y_test = load_data()
    added = np.array(ADDED_POINTS, dtype=np.float32)
    x_train = np.concatenate([x_train, added[:, :2]])
    y_train = np.concatenate([y_train, added[:, 2].astype(np.int64)])
    return x_train, y_train, x_val, y_val, x_test, y_test
'''

_GENERATED_LOAD = '''
def load_data():
    """(x_train, y_train, x_val, y_val, x_test, y_test): the points as the app draws them."""
    rng = np.random.default_rng(DATA_SEED)
    x, y = {generator}(POINTS, NOISE / 100, rng)
    return split(x, y, rng)
'''

_CSV_READER = '''
def read_csv_points(path):
    """x, y, label rows (a first row that is not two numbers is a header). Labels become
    0..k-1: integers sorted by value, any other labels alphabetically."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = [[cell.strip() for cell in row] for row in csv.reader(file)]
    rows = [row for row in rows if any(row)]

    def is_number(text):
        try:
            float(text)
        except ValueError:
            return False
        return True

    if not (is_number(rows[0][0]) and is_number(rows[0][1])):
        rows = rows[1:]
    x = np.array([row[:2] for row in rows], dtype=np.float64).astype(np.float32)
    labels = [row[2] for row in rows]
    try:
        labels = [str(int(label)) for label in labels]
        names = sorted(set(labels), key=int)
    except ValueError:
        names = sorted(set(labels))
    index = {name: i for i, name in enumerate(names)}
    return x, np.array([index[label] for label in labels], dtype=np.int64), names


X_CSV, Y_CSV, CLASS_NAMES = read_csv_points(CSV_PATH)
'''

_CSV_LOAD = '''
def load_data():
    """(x_train, y_train, x_val, y_val, x_test, y_test): the file's points, split."""
    rng = np.random.default_rng(DATA_SEED)
    return split(X_CSV, Y_CSV, rng)
'''

_MNIST_KERAS = '''
def read_mnist():
    """MNIST's 60,000 training and 10,000 test digits, uint8 (n, 28, 28), from Keras's cache
    (~/.keras/datasets/mnist.npz), downloading it the first time."""
    import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    return x_train, y_train, x_test, y_test
'''

_MNIST_FILE = '''
def read_mnist():
    """MNIST's training and test digits, uint8 (n, 28, 28), from MNIST_PATH: a Keras-style
    mnist.npz, or a folder of the four IDX files (raw or .gz)."""
    path = pathlib.Path(MNIST_PATH).expanduser()
    if path.is_file():
        with np.load(path) as f:
            return f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    arrays = []
    for name in ("train-images-idx3", "train-labels-idx1", "t10k-images-idx3", "t10k-labels-idx1"):
        file = next(path.glob(name + "-ubyte*"))
        raw = (gzip.open if file.suffix == ".gz" else open)(file, "rb").read()
        ndim = raw[3]  # IDX: 0, 0, type, ndim, then ndim big-endian sizes and the bytes
        shape = np.frombuffer(raw, ">u4", ndim, 4)
        arrays.append(np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(shape))
    return tuple(arrays)
'''

_MNIST_LOAD = '''
def load_data():
    """(x_train, y_train, x_val, y_val, x_test, y_test): images (n, 28, 28, 1) in [0, 1]; the
    last VALIDATION_SPLIT of the training images validate (no shuffling here)."""
    x_train, y_train, x_test, y_test = read_mnist()
    if LIMIT:
        x_train, y_train = x_train[:LIMIT], y_train[:LIMIT]
    n_val = min(int(len(x_train) * VALIDATION_SPLIT), len(x_train) - 1)
    n_train = len(x_train) - n_val

    def images(a):
        return a.astype(np.float32)[..., None] / 255.0

    x_all, y_all = images(x_train), y_train.astype(np.int64)
    return (
        x_all[:n_train],
        y_all[:n_train],
        x_all[n_train:],
        y_all[n_train:],
        images(x_test),
        y_test.astype(np.int64),
    )
'''

_STANDARDIZE_POINTS = '''
def standardize(x_train, *others):
    """Shift and divide every input column by the mean and standard deviation of the TRAINING
    rows (never the validation or test rows); a constant column is left unscaled."""
    mean, std = x_train.astype(np.float64).mean(axis=0), x_train.astype(np.float64).std(axis=0)
    mean, std = mean.astype(np.float32), np.where(std > 1e-12, std, 1.0).astype(np.float32)
    return [((x - mean) / std).astype(np.float32) for x in (x_train, *others)]
'''

_STANDARDIZE_IMAGES = '''
def standardize(x_train, *others):
    """Shift and divide every pixel by the mean and standard deviation of all the TRAINING
    images' pixels (never the validation or test images)."""
    mean, std = x_train.astype(np.float64).mean(), x_train.astype(np.float64).std()
    mean, std = np.float32(mean), np.float32(std if std > 1e-12 else 1.0)
    return [((x - mean) / std).astype(np.float32) for x in (x_train, *others)]
'''


def _inputs_code(spec: Experiment) -> str:
    d = spec.data
    if d.is_image:
        if spec.model == "cnn":
            body = "    return np.ascontiguousarray(x, dtype=np.float32)  # (n, 28, 28, 1) images"
        else:
            body = "    return x.reshape(len(x), -1)  # each image as a flat row of 784 pixels"
        doc = "What the network sees of images."
        return f'def model_inputs(x):\n    """{doc}"""\n{body}\n'
    scale = " * INPUT_SCALE" if d.input_scale != 1.0 else ""
    columns = ", ".join(FEATURE_CODE[f] for f in d.features)
    doc = "What the network sees of a point (x1, x2): the FEATURES columns" + (
        ",\n    of the coordinates times INPUT_SCALE." if scale else "."
    )
    return (
        "def model_inputs(points):\n"
        f'    """{doc}"""\n'
        f"    points = np.asarray(points, dtype=np.float32){scale}\n"
        "    x1, x2 = points[:, 0], points[:, 1]\n"
        f"    return np.stack([{columns}], axis=1).astype(np.float32)\n"
    )
