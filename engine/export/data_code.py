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

from engine.data import datasets, image_folder
from engine.data.image_sets import image_set
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
    lines += [
        '    if SCALE == "standardize":',
        "        x_train, x_val, x_test = standardize(x_train, x_val, x_test)",
    ]
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
    if spec.data.name in ("csv", "folder"):
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
    if spec.data.name in ("mnist", "fashion_mnist") and spec.data.path:
        names += ["gzip", "pathlib"]
    if spec.data.name == "folder":
        names += ["collections", "os", "pathlib"]
    return names


def settings(spec: Experiment) -> list[str]:
    """The data's lines of the settings block."""
    d = spec.data
    lines: list[str] = []
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
    if d.name == "folder":
        lines += [
            f"FOLDER = {lit(d.path)}  # one sub-folder of pictures per class",
            f"IMAGE_SIZE = {d.image_size}  # resized to this square (0: the most common size)",
            f"COLOR_MODE = {lit(d.color_mode)}  # 'auto': colour if any picture has colour",
            f"TEST_SPLIT = {d.test_split!r}  # share of each class set aside to test",
            f"DATA_SEED = {d.seed}  # draws the test split",
        ]
    elif d.is_image:
        keras_name = image_set(d.name).keras_name
        lines.append(f"DATA_PATH = {lit(d.path)}  # None: keras.datasets.{keras_name} downloads it")
    if d.is_image:
        lines.append(f"LIMIT = {d.limit}  # use only the first LIMIT training images (0: all)")
    if d.name not in GATES:
        lines.append(
            f"VALIDATION_SPLIT = {d.validation_split!r}  # share of the training rows held out"
        )
    if d.added_points:
        lines.append(f"ADDED_POINTS = {d.added_points!r}  # [x, y, label] clicked in")
    if not d.is_image:
        lines.append(f"# what the network sees of a point: any of {', '.join(FEATURE_CODE)}")
        lines.append(f"FEATURES = {lit(d.features)}")
        if d.input_scale != 1.0:
            lines.append(f"INPUT_SCALE = {d.input_scale!r}  # the network sees x * INPUT_SCALE")
    lines.append(f"SCALE = {lit(d.scale)}  # or 'standardize': by the training rows' mean and std")
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
    elif d.name == "folder":
        parts.append(_FOLDER_READER)
        parts.append(textwrap.dedent(inspect.getsource(image_folder.stratified_split)))
        parts.append(_FOLDER_READ)
        parts.append(_IMAGES_LOAD)
    elif d.is_image:
        keras_name = image_set(d.name).keras_name
        if not d.path:
            parts.append(_KERAS_DOWNLOAD.format(name=keras_name))
        elif d.name == "cifar10":
            parts.append(_CIFAR_NPZ)
        else:
            parts.append(_MNIST_FILE.format(title=image_set(d.name).title))
        parts.append(_IMAGES_LOAD)
    else:
        parts.append(_generator_code(d.name))
        parts.append(_SPLIT)
        parts.append(_GENERATED_LOAD.format(generator=d.name.replace("-", "_")))
    if d.added_points:
        parts.append(_ADD_POINTS)
    parts.append(_inputs_code(spec))
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

_KERAS_DOWNLOAD = '''
def read_images():
    """The training and test pictures and labels, uint8, from Keras's cache
    (~/.keras/datasets/), downloading them the first time."""
    import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.{name}.load_data()
    return x_train, y_train, x_test, y_test
'''

_CIFAR_NPZ = '''
def read_images():
    """CIFAR-10's training and test photos (n, 32, 32, 3) and labels from DATA_PATH, an npz
    with x_train, y_train, x_test and y_test."""
    with np.load(DATA_PATH, allow_pickle=False) as f:
        return f["x_train"], f["y_train"], f["x_test"], f["y_test"]
'''

_FOLDER_READER = """
EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif")  # as image_dataset_from_directory
CLASS_NAMES = sorted(
    entry.name
    for entry in pathlib.Path(FOLDER).expanduser().iterdir()
    if entry.is_dir() and not entry.name.startswith(".")
)
"""

_FOLDER_READ = '''
def read_images():
    """FOLDER's pictures: every picture file under each class's sub-folder (in name order;
    an unreadable one is skipped), resized to IMAGE_SIZE × IMAGE_SIZE (0: the most common
    size's longer side, at most 64) in COLOR_MODE; TEST_SPLIT of each class is set aside."""
    root = pathlib.Path(FOLDER).expanduser()
    pictures, labels, sizes, colour = [], [], collections.Counter(), False
    for index, name in enumerate(CLASS_NAMES):
        for folder, dirs, names in os.walk(root / name):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for file in sorted(n for n in names if not n.startswith(".")):
                if pathlib.Path(file).suffix.lower() not in EXTENSIONS:
                    continue
                try:
                    picture = Image.open(pathlib.Path(folder) / file)
                    picture.load()
                except (OSError, ValueError, Image.DecompressionBombError):
                    continue  # unreadable: skipped, as the app skips it
                sizes[(picture.height, picture.width)] += 1
                if not colour and picture.mode not in ("1", "L", "LA", "I", "I;16", "F"):
                    rgb = np.asarray(picture.convert("RGB"))
                    colour = bool((rgb[..., 0] != rgb[..., 1]).any())
                    colour = colour or bool((rgb[..., 1] != rgb[..., 2]).any())
                pictures.append(picture)
                labels.append(index)
    side = IMAGE_SIZE or min(max(sizes.most_common(1)[0][0]), 64)
    mode = {"grayscale": "L", "rgb": "RGB"}.get(COLOR_MODE, "RGB" if colour else "L")
    x = np.stack(
        [
            np.asarray(p.convert(mode).resize((side, side), Image.Resampling.BILINEAR))
            for p in pictures
        ]
    ).reshape(len(pictures), side, side, len(mode))
    y = np.array(labels, dtype=np.int64)
    train, test = stratified_split(y, TEST_SPLIT, DATA_SEED)
    return x[train], y[train], x[test], y[test]
'''

_MNIST_FILE = '''
def read_images():
    """{title}'s training and test pictures (n, 28, 28) and labels, uint8, from DATA_PATH:
    a Keras-style npz, or a folder of the four IDX files (raw or .gz)."""
    path = pathlib.Path(DATA_PATH).expanduser()
    if path.is_file():
        with np.load(path, allow_pickle=False) as f:
            return f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    arrays = []
    for name in ("train-images", "train-labels", "t10k-images", "t10k-labels"):
        file = next(path.glob(name + "-idx*-ubyte*"))
        raw = (gzip.open if file.suffix == ".gz" else open)(file, "rb").read()
        ndim = raw[3]  # IDX: 0, 0, type, ndim, then ndim big-endian sizes and the bytes
        shape = np.frombuffer(raw, ">u4", ndim, 4)
        arrays.append(np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(shape))
    return tuple(arrays)
'''

_IMAGES_LOAD = '''
def load_data():
    """(x_train, y_train, x_val, y_val, x_test, y_test): pictures (n, height, width,
    channels) in [0, 1]; the last VALIDATION_SPLIT of the training pictures validate."""
    x_train, y_train, x_test, y_test = read_images()
    if x_train.ndim == 3:  # grey pictures (n, h, w) get their one channel
        x_train, x_test = x_train[..., None], x_test[..., None]
    if LIMIT:
        x_train, y_train = x_train[:LIMIT], y_train[:LIMIT]
    n_val = min(int(len(x_train) * VALIDATION_SPLIT), len(x_train) - 1)
    n_train = len(x_train) - n_val

    def images(a):
        return a.astype(np.float32) / 255.0

    x_all, y_all = images(x_train), y_train.reshape(-1).astype(np.int64)
    return (
        x_all[:n_train],
        y_all[:n_train],
        x_all[n_train:],
        y_all[n_train:],
        images(x_test),
        y_test.reshape(-1).astype(np.int64),
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
            body = "    return np.ascontiguousarray(x, dtype=np.float32)  # (n, h, w, c) pictures"
        else:
            body = (
                "    pixels = int(np.prod(x.shape[1:]))\n"
                "    return x.reshape(len(x), pixels)  # each picture as one flat row of pixels"
            )
        doc = "What the network sees of images."
        return f'def model_inputs(x):\n    """{doc}"""\n{body}\n'
    scale = " * INPUT_SCALE" if d.input_scale != 1.0 else ""
    doc = "What the network sees of a point (x1, x2): the FEATURES columns" + (
        ",\n    of the coordinates times INPUT_SCALE." if scale else "."
    )
    columns = "".join(f'        "{name}": {code},\n' for name, code in FEATURE_CODE.items())
    return (
        "def model_inputs(points):\n"
        f'    """{doc}"""\n'
        f"    points = np.asarray(points, dtype=np.float32){scale}\n"
        "    x1, x2 = points[:, 0], points[:, 1]\n"
        "    columns = {\n"
        f"{columns}"
        "    }\n"
        "    return np.stack([columns[name] for name in FEATURES], axis=1).astype(np.float32)\n"
    )
