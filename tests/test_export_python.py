"""Export as Python (#15 part 3): the scripts rebuild the app's data exactly, train to the app's
accuracy, pass ruff, and refuse what their framework cannot express. The full set of presets
and lessons, both frameworks, runs in bench/bench_export.py."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.data.datasets import load_dataset
from engine.experiment.presets import PRESETS, preset
from engine.experiment.spec import DataSpec, Experiment, LayerSpec, OptimizerSpec, TrainingSpec
from engine.export.checks import ExportError
from engine.export.script import python_script, write_python_script
from engine.teaching.lessons import LESSONS, lesson
from engine.training.control import TrainingControl
from engine.training.loop import TrainingListener, run_training
from engine.training.trainer import Trainer
from tests.fake_image_sets import (
    cifar_arrays,
    write_bar_mnist,
    write_cifar_folder,
    write_fashion_idx,
    write_fashion_npz,
    write_image_folder,
)

SCORE = re.compile(r"Test accuracy: ([-\d.]+)|R²: ([-\d.]+)\s*$")


def script_module(spec: Experiment, framework: str, tmp_path: Path):
    """The exported script imported as a module (its main() not run)."""
    path = tmp_path / f"exported_{framework}.py"
    write_python_script(spec, path, framework)
    loader = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    return module


def run_script(spec: Experiment, framework: str, tmp_path: Path) -> float:
    """Run the exported script in a fresh interpreter; its printed test accuracy (or R²)."""
    path = tmp_path / f"run_{framework}.py"
    write_python_script(spec, path, framework)
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-2000:]
    match = SCORE.search(done.stdout)
    assert match, done.stdout[-1000:]
    return float(match.group(1) or match.group(2))


def app_score(spec: Experiment) -> float:
    """The app's own test accuracy (R² on regression) after training `spec`."""
    trainer = Trainer(spec, load_dataset(spec.data))
    run_training(trainer, TrainingControl(), TrainingListener())
    if trainer.task == "regression":
        return trainer.regression_metrics()["test"]["r2"]
    return trainer.test_metrics()[1]


# ----- the data ---------------------------------------------------------------------------
def _data_cases(tmp_path: Path) -> list[DataSpec]:
    csv = tmp_path / "points.csv"
    rows = ["x,y,label"] + [f"{i * 0.37 % 5},{i * 0.91 % 3},{'ab'[i % 2]}" for i in range(40)]
    csv.write_text("\n".join(rows) + "\n")
    mnist = tmp_path / "mnist.npz"
    write_bar_mnist(mnist)
    return [
        DataSpec(name="circle", points=120, noise=20, seed=3),
        DataSpec(name="xor", points=90, noise=10, seed=1, features=["x1", "x2", "x1x2"]),
        DataSpec(name="gaussian", points=100, noise=30, train_ratio=70, validation_split=0.3),
        DataSpec(name="spiral", points=101, noise=25, features=["sin_x1", "x2^2", "x1"]),
        DataSpec(name="moons", points=80, noise=5, scale="standardize", input_scale=20.0),
        DataSpec(name="plane", points=60, noise=10),
        DataSpec(name="multi-gaussian", points=70, noise=40, validation_split=0.0),
        DataSpec(name="gate-xor", added_points=[[0.5, 0.5, 1]]),
        DataSpec(name="circle", points=50, added_points=[[1.0, -2.0, 0], [3.0, 3.0, 1]]),
        DataSpec(name="csv", path=str(csv), seed=4, scale="standardize"),
        DataSpec(name="mnist", path=str(mnist), limit=200, validation_split=0.25),
        DataSpec(name="fashion_mnist", path=str(write_fashion_idx(tmp_path / "idx"))),
        DataSpec(name="fashion_mnist", path=str(write_fashion_npz(tmp_path / "f.npz"))),
        DataSpec(name="cifar10", path=str(_cifar_npz(tmp_path / "c.npz")), limit=30),
        DataSpec(name="folder", path=str(write_image_folder(tmp_path / "pictures")), seed=5),
        DataSpec(
            name="folder",
            path=str(write_image_folder(tmp_path / "grey", colour=False)),
            image_size=12,
            test_split=0.4,
            validation_split=0.0,
            scale="standardize",
        ),
    ]


def _cifar_npz(path: Path) -> Path:
    x_train, y_train, x_test, y_test = cifar_arrays()[:4]
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return path


@pytest.mark.parametrize("framework", ["numpy"])
def test_script_data_equals_the_apps(tmp_path, framework):
    """For every kind of data the script's arrays are load_dataset's, value for value, and its
    inputs (features, coordinate scale, standardisation) are the Trainer's."""
    for data in _data_cases(tmp_path):
        spec = Experiment(data=data, layers=[LayerSpec(units=3)])
        if data.task == "regression":
            spec.loss = "mse"
        if data.is_image:
            spec.model = "mlp"
        module = script_module(spec, framework, tmp_path)
        loader = module.load_data_with_clicks if data.added_points else module.load_data
        got = loader()
        want = load_dataset(spec.data)
        names = ("x_train", "y_train", "x_val", "y_val", "x_test", "y_test")
        for name, array in zip(names, got, strict=True):
            expected = getattr(want, name)
            assert array.dtype == expected.dtype, (data.name, name)
            np.testing.assert_array_equal(array, expected, err_msg=f"{data.name} {name}")
        trainer_inputs = Trainer(spec, want).inputs
        inputs = [module.model_inputs(a) for a in got[0::2]]
        if data.scale == "standardize":
            inputs = module.standardize(*inputs)
        for array, raw in zip(inputs, got[0::2], strict=True):
            if len(raw) == 0:  # no validation rows: the Trainer validates on the training ones
                continue
            np.testing.assert_allclose(array, trainer_inputs(raw), rtol=1e-6, atol=1e-6)


# ----- the scripts train like the app ---------------------------------------------------
def _small(spec: Experiment, epochs: int = 3) -> Experiment:
    spec.training.epochs = min(spec.training.epochs, epochs)
    return spec


NUMPY_CASES = {  # what each case covers
    "lesson 1.1": (lambda: lesson(1).experiment(0), "Rosenblatt's perceptron rule"),
    "lesson 1.2": (lambda: lesson(1).experiment(1), "the delta rule (ReLU unit, SSE)"),
    "lesson 3": (lambda: lesson(3).experiment(0), "sigmoid hidden layer, SSE, uniform init"),
    "lesson 5.5": (lambda: lesson(5).experiment(4), "standardised inputs at scale 100"),
    "lesson 6.2": (lambda: lesson(6).experiment(1), "He init, ReLU, Adam, L2"),
    "lesson 6.3": (lambda: lesson(6).experiment(2), "dropout"),
    "lesson 6.4": (lambda: lesson(6).experiment(3), "early stopping"),
    "lesson 11": (lambda: lesson(11).experiment(0), "binary cross-entropy"),
    "lesson 14.3": (lambda: lesson(14).experiment(2), "regression (R²)"),
    "lesson 15.1": (lambda: lesson(15).experiment(0), "BatchNorm before an activation layer"),
    "L1 and decay": (lambda: _l1_decay_spec(), "L1, lr decay, leaky ReLU, Nadam, LeCun"),
    "MSE on softmax": (lambda: _sse_softmax_spec(), "MSE through softmax, Adagrad, N(0, 1)"),
}


def _l1_decay_spec() -> Experiment:
    """What no lesson uses: L1, learning-rate decay, leaky ReLU, Nadam, LeCun's init."""
    return Experiment(
        data=DataSpec(name="spiral", points=200, noise=10),
        layers=[LayerSpec(units=8, activation="leaky_relu"), LayerSpec(type="dropout", rate=0.1)],
        optimizer=OptimizerSpec("nadam", lr=0.02),
        training=TrainingSpec(batch_size=16, epochs=4, l1=0.001, lr_decay=0.8, init="lecun"),
    )


@pytest.mark.parametrize("case", list(NUMPY_CASES))
def test_numpy_scripts_reach_the_apps_accuracy(tmp_path, case):
    """NumPy scripts draw the same weights, masks and batches as the NumPy engine, so each
    reaches the app's test accuracy (or R²) up to float rounding."""
    spec = _small(NUMPY_CASES[case][0]())
    assert run_script(spec, "numpy", tmp_path) == pytest.approx(app_score(spec), abs=0.02)


def _sse_softmax_spec() -> Experiment:
    return Experiment(
        data=DataSpec(name="moons", points=150),
        layers=[LayerSpec(units=6, activation="sigmoid")],
        loss="mse",
        output_activation="softmax",
        optimizer=OptimizerSpec("adagrad", lr=0.1),
        training=TrainingSpec(batch_size=10, epochs=3, init="normal"),
    )


@pytest.mark.keras
def test_keras_cnn_script_reaches_the_apps_accuracy(tmp_path):
    """The LeNet-5 preset as a Keras script, on a small stand-in for MNIST, scores what the
    app's Keras engine scores."""
    pytest.importorskip("keras")
    mnist = tmp_path / "mnist.npz"
    write_bar_mnist(mnist, n_train=300, n_test=100)
    spec = preset("lenet5")
    spec.data.path, spec.data.limit = str(mnist), 300
    spec = _small(spec, 2)
    assert run_script(spec, "keras", tmp_path) == pytest.approx(app_score(spec), abs=0.1)
    from engine.export import keras_code
    from engine.models.keras import model

    assert keras_code.MIRRORED_SETS == model.MIRRORED_SETS  # the same sets are flipped


# ----- the text -------------------------------------------------------------------------
def _every_spec() -> list[Experiment]:
    specs = [PRESETS[name]() for name in PRESETS]
    specs += [les.experiment(i) for les in LESSONS for i in range(len(les.steps))]
    specs += [_l1_decay_spec(), _sse_softmax_spec()]
    for name, path in (("fashion_mnist", None), ("cifar10", "c.npz"), ("folder", "pictures")):
        for model in ("cnn", "mlp"):
            spec = preset("lenet5")
            spec.data.name, spec.data.path, spec.augment = name, path, model == "cnn"
            if model == "mlp":
                spec.model, spec.layers = "mlp", [LayerSpec(units=32, activation="relu")]
                spec.augment = name != "folder"
            specs.append(spec)
    return specs


def test_every_script_passes_ruff(tmp_path):
    """Every preset and lesson step, in each framework that can express it, is a script that
    `ruff check` accepts and `ruff format` leaves as it is (the project's line length 100)."""
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    count = 0
    for k, spec in enumerate(_every_spec()):
        for framework in ("numpy", "keras"):
            try:
                text = python_script(spec, framework)
            except ExportError:
                continue
            (tmp_path / f"s{k}_{framework}.py").write_text(text, encoding="utf-8")
            count += 1
    assert count > 40
    options = ["--isolated", "--line-length", "100", "--target-version", "py310"]
    lint = [ruff, "check", *options, "--select", "E,F,W,I,UP,B", str(tmp_path)]
    done = subprocess.run(lint, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
    done = subprocess.run(
        [ruff, "format", *options, "--check", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_the_script_says_what_it_rebuilds():
    spec = lesson(6).experiment(1)
    text = python_script(spec, "numpy")
    assert text.startswith('"""Lesson 6: L2 weight decay, as a NumPy script.')
    assert "L2 = 0.001" in text or f"L2 = {spec.training.l2!r}" in text
    assert "def backprop(self, dz):" in text and "class Adam:" in text
    keras_text = python_script(spec, "keras")
    assert "keras.Sequential(" in keras_text and "model.fit(" in keras_text
    assert "keras.regularizers.L1L2(l1=L1, l2=L2)" in keras_text


# ----- refusals -------------------------------------------------------------------------
def test_numpy_refuses_a_conv_layer_naming_it():
    with pytest.raises(ExportError, match=r"layers\[0\] is a conv2d layer.*--framework keras"):
        python_script(preset("lenet5"), "numpy")


def test_keras_refuses_the_perceptron():
    with pytest.raises(ExportError, match="perceptron rule.*--framework numpy"):
        python_script(preset("tutorial1-perceptron"), "keras")


def test_an_unknown_framework_is_refused():
    with pytest.raises(ExportError, match="framework must be one of keras, numpy"):
        python_script(Experiment(), "torch")


def test_cifar_batches_are_refused_with_a_reason(tmp_path):
    """The script reads CIFAR-10 from an npz or through keras.datasets, not Krizhevsky's
    pickled batches (whose unpickling the app restricts)."""
    spec = preset("lenet5")
    spec.data.name, spec.data.path = "cifar10", str(write_cifar_folder(tmp_path / "batches"))
    with pytest.raises(ExportError, match=r"data.path .*batches.*\.npz"):
        python_script(spec, "keras")


def test_an_image_folder_script_reaches_the_apps_accuracy(tmp_path):
    """A folder of one's own pictures, read with Pillow as the app reads it, through a NumPy
    MLP: the script scores what the app scores."""
    spec = Experiment(
        data=DataSpec(name="folder", path=str(write_image_folder(tmp_path / "pics", 8))),
        layers=[LayerSpec(units=16, activation="relu")],
        optimizer=OptimizerSpec("adam", lr=0.01),
        training=TrainingSpec(batch_size=4, epochs=3),
    )
    assert run_script(spec, "numpy", tmp_path) == pytest.approx(app_score(spec), abs=0.02)


def test_the_default_framework_is_the_experiments_engine():
    assert "import keras" in python_script(preset("seed0-mlp"))
    assert "import keras" not in python_script(lesson(7).experiment(0))


# ----- the command line -----------------------------------------------------------------
def test_cli_writes_the_script(tmp_path, capsys):
    from engine.cli.main import main as cli_main

    config = tmp_path / "exp.json"
    lesson(11).experiment(0).save(config)
    out = tmp_path / "one_neuron.py"
    assert cli_main(["export", "--config", str(config), "--to", str(out), "--lang", "en"]) == 0
    assert "Wrote" in capsys.readouterr().out
    compile(out.read_text(encoding="utf-8"), str(out), "exec")
    out2 = tmp_path / "lenet.py"
    args = ["export", "--preset", "lenet5", "--to", str(out2), "--framework", "keras"]
    assert cli_main([*args, "--data-path", "/data/m.npz", "--lang", "en"]) == 0
    text = out2.read_text(encoding="utf-8")
    assert "keras.layers.Conv2D(" in text and 'DATA_PATH = "/data/m.npz"' in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["export", "--to", "x.py"], "one of the arguments --config --preset is required"),
        (["export", "--preset", "lenet5"], "--to"),
        (["export", "--preset", "lenet5", "--config", "a.json", "--to", "x.py"], "not allowed"),
        (["export", "--preset", "lenet5", "--to", "x.py", "--framework", "jax"], "jax"),
        (["export", "--preset", "lenet5", "--to", "nowhere/x.py"], "--to nowhere/x.py"),
        (["export", "--preset", "lenet5", "--to", "x.py", "--framework", "numpy"], "conv2d"),
    ],
)
def test_cli_errors_are_one_line_and_exit_2(tmp_path, monkeypatch, capsys, args, expected):
    from engine.cli.main import main as cli_main

    monkeypatch.chdir(tmp_path)
    assert cli_main([*args, "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and expected in err and "\n" not in err
    assert not (tmp_path / "x.py").exists()


# ----- the window -----------------------------------------------------------------------
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_file_menu_exports_the_current_experiment(make_window, tmp_path, monkeypatch):
    """File › Export as Python… (explained by its tooltip and What's This) writes the
    experiment shown in the window; the dialog's file type picks the framework, and what the
    framework cannot express is a message box saying why."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    win = make_window(lesson(6).experiment(2))
    action = win.files.python_export.action
    assert action in win.menuBar().actions()[0].menu().actions()
    assert "Python script" in action.toolTip() and "backprop" in action.whatsThis()
    target = tmp_path / "dropout"

    def choose(parent, title, start, filters, selected):
        assert selected.startswith("NumPy")  # the experiment's own engine comes first
        return str(target), filters.split(";;")[1]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    action.trigger()
    text = (tmp_path / "dropout.py").read_text(encoding="utf-8")
    assert "Lesson 6: Dropout" in text and "self.mask" in text and "import keras" not in text
    win.spec_model.replace(lesson(1).experiment(0))  # the perceptron
    assert not win.files.python_export.export_python(tmp_path / "rule.py", "keras")
    box = win.findChild(QMessageBox, "errorMessage")
    assert box is not None and "perceptron rule" in box.text()
    box.close()
    assert not (tmp_path / "rule.py").exists()
    assert win.files.python_export.export_python(tmp_path / "rule.py", "numpy")
    assert "def train_batch(w, b, x, t):" in (tmp_path / "rule.py").read_text(encoding="utf-8")
